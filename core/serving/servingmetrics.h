// Counters of the prediction server (requests, latency, instances, served models) and their
// Prometheus text exposition for GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace covertype::serving {

/// One served model version as /metrics reports it.
struct ServedVersionInfo
{
    std::string model;
    std::string version;
    bool isDefault = false;
};

/// Thread-safe: every member can be called from any thread at any time.
class ServingMetrics
{
public:
    /// Upper bounds of the latency histogram buckets, in seconds (0.1 ms ... 250 ms; +Inf
    /// is implicit).
    static constexpr std::array<double, 11> kLatencyBuckets = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25};

    /// Counts one answered request: `route` is a fixed label ("predict", "metadata", ...),
    /// `status` the HTTP status code, `latency` the server-side time to answer.
    void recordRequest(std::string_view route, int status, std::chrono::nanoseconds latency);
    /// Adds successfully predicted instances.
    void addInstances(uint64_t count);
    /// Replaces the list of served versions (on start and after each model swap).
    void setServedModels(std::vector<ServedVersionInfo> models);
    /// Counts one published model snapshot that differs from the previous one.
    void recordModelSwap();
    /// Counts a model version that could not be loaded (kept out of the served set).
    void recordLoadFailure();

    /// Requests answered so far with `route` and `status` (0 when none).
    [[nodiscard]] uint64_t requests(std::string_view route, int status) const;
    /// Requests answered so far, all routes and codes.
    [[nodiscard]] uint64_t totalRequests() const;
    [[nodiscard]] uint64_t instancesPredicted() const;
    [[nodiscard]] uint64_t modelSwaps() const;

    /// The Prometheus text exposition format (version 0.0.4).
    [[nodiscard]] std::string prometheusText() const;

private:
    mutable std::mutex m_mutex;  ///< guards m_requests and m_models
    std::map<std::string, std::map<int, uint64_t>, std::less<>> m_requests;  ///< route -> code
    std::vector<ServedVersionInfo> m_models;

    std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> m_buckets{};  ///< last: +Inf
    std::atomic<uint64_t> m_latencyCount{0};
    std::atomic<uint64_t> m_latencySumNs{0};
    std::atomic<uint64_t> m_instances{0};
    std::atomic<uint64_t> m_swaps{0};
    std::atomic<uint64_t> m_loadFailures{0};
};

}  // namespace covertype::serving
