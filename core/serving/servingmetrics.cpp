// Serving counters and their Prometheus text exposition.
#include "serving/servingmetrics.h"

#include <algorithm>
#include <cstdio>

#include "base/text.h"

namespace covertype::serving {

namespace {

/// A label value with \, " and newlines escaped as the exposition format requires.
std::string labelValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

void header(std::string &out, std::string_view name, std::string_view type, std::string_view help)
{
    out += cat("# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace

void ServingMetrics::recordRequest(std::string_view route, int status,
                                   std::chrono::nanoseconds latency)
{
    {
        const std::lock_guard lock(m_mutex);
        auto it = m_requests.find(route);
        if (it == m_requests.end())
            it = m_requests.emplace(std::string(route), std::map<int, uint64_t>{}).first;
        ++it->second[status];
    }
    const double seconds = std::chrono::duration<double>(latency).count();
    size_t bucket = 0;
    while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket])
        ++bucket;
    m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    m_latencyCount.fetch_add(1, std::memory_order_relaxed);
    m_latencySumNs.fetch_add(uint64_t(std::max<int64_t>(0, latency.count())),
                             std::memory_order_relaxed);
}

void ServingMetrics::addInstances(uint64_t count)
{
    m_instances.fetch_add(count, std::memory_order_relaxed);
}

void ServingMetrics::setServedModels(std::vector<ServedVersionInfo> models)
{
    const std::lock_guard lock(m_mutex);
    m_models = std::move(models);
}

void ServingMetrics::recordModelSwap()
{
    m_swaps.fetch_add(1, std::memory_order_relaxed);
}

void ServingMetrics::recordLoadFailure()
{
    m_loadFailures.fetch_add(1, std::memory_order_relaxed);
}

uint64_t ServingMetrics::requests(std::string_view route, int status) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_requests.find(route);
    if (it == m_requests.end())
        return 0;
    const auto code = it->second.find(status);
    return code == it->second.end() ? 0 : code->second;
}

uint64_t ServingMetrics::totalRequests() const
{
    return m_latencyCount.load(std::memory_order_relaxed);
}

uint64_t ServingMetrics::instancesPredicted() const
{
    return m_instances.load(std::memory_order_relaxed);
}

uint64_t ServingMetrics::modelSwaps() const
{
    return m_swaps.load(std::memory_order_relaxed);
}

std::string ServingMetrics::prometheusText() const
{
    std::string out;
    header(out, "covertype_requests_total", "counter",
           "HTTP requests answered, by route and status code.");
    std::vector<ServedVersionInfo> models;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[route, codes] : m_requests)
            for (const auto &[code, count] : codes)
                out += cat("covertype_requests_total{route=\"", labelValue(route), "\",code=\"",
                           code, "\"} ", count, "\n");
        models = m_models;
    }

    // Buckets are cumulative in the exposition format; the counters here are per bucket.
    header(out, "covertype_request_duration_seconds", "histogram",
           "Server-side time to answer a request, from the parsed request to the queued reply.");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        char bound[32];
        std::snprintf(bound, sizeof bound, "%g", kLatencyBuckets[i]);  // 0.0001, not 1e-04
        out += cat("covertype_request_duration_seconds_bucket{le=\"", std::string_view(bound),
                   "\"} ", cumulative, "\n");
    }
    cumulative += m_buckets.back().load(std::memory_order_relaxed);
    out += cat("covertype_request_duration_seconds_bucket{le=\"+Inf\"} ", cumulative, "\n");
    out += cat("covertype_request_duration_seconds_sum ",
               double(m_latencySumNs.load(std::memory_order_relaxed)) / 1e9, "\n");
    out += cat("covertype_request_duration_seconds_count ", cumulative, "\n");

    header(out, "covertype_instances_predicted_total", "counter",
           "Instances answered with a prediction.");
    out += cat("covertype_instances_predicted_total ", instancesPredicted(), "\n");

    header(out, "covertype_model_info", "gauge",
           "Served model versions (value 1); default=\"true\" marks the default version.");
    for (const ServedVersionInfo &m : models)
        out += cat("covertype_model_info{model=\"", labelValue(m.model), "\",version=\"",
                   labelValue(m.version), "\",default=\"", m.isDefault, "\"} 1\n");

    header(out, "covertype_model_swaps_total", "counter",
           "Changes of the served model set picked up while running.");
    out += cat("covertype_model_swaps_total ", modelSwaps(), "\n");
    header(out, "covertype_model_load_failures_total", "counter",
           "Model versions that could not be loaded and were left out.");
    out += cat("covertype_model_load_failures_total ",
               m_loadFailures.load(std::memory_order_relaxed), "\n");
    return out;
}

}  // namespace covertype::serving
