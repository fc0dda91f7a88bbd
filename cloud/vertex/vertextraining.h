// Vertex AI as a TrainingBackend: the split uploaded to Cloud Storage, the tuning job as a
// hyperparameter tuning job whose finished trials are reported as the local tuner reports
// them, and the final training as a custom job whose model.json is read back.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/gcsclient.h"
#include "tuning/trainingbackend.h"
#include "vertex/vertexclient.h"

namespace covertype::cloud {

struct VertexTrainingSettings
{
    /// Work goes under {gcsRoot}/pipeline/{work}/: datasets/, jobs' output, the model.
    std::string gcsRoot;
    std::string work = "run";
    std::string trainerImage;
    std::string machineType = "n1-standard-4";
    /// Labels every job covertype-run=runLabel (cloud cleanup --run); may be empty.
    std::string runLabel;
    std::chrono::seconds timeout{72 * 3600};
};

/// A Vertex AI trial's value of `param` (by its type), or nullopt when it does not fit.
[[nodiscard]] std::optional<ParameterValue> vertexParameterValue(const ParameterSpec &param,
                                                                 const nlohmann::json &value);
/// The final metric of a SUCCEEDED Vertex AI trial: the spec's metric, else the first one.
[[nodiscard]] std::optional<double> vertexTrialMetric(const TuningSpec &spec,
                                                      const nlohmann::json &trial);

class VertexTrainingBackend : public TrainingBackend
{
public:
    VertexTrainingBackend(const VertexClient &vertex, const GcsClient &storage,
                          VertexTrainingSettings settings);

    [[nodiscard]] std::string name() const override { return "vertex"; }
    [[nodiscard]] Expected<TuningResult> tune(const TuningSpec &spec, const Dataset &training,
                                              const Dataset &validation,
                                              const TuningOptions &options) override;
    [[nodiscard]] Expected<TrainOutcome> train(
        const Dataset &training, const Dataset &validation, const TrainParams &params,
        const std::function<bool()> &cancelRequested) override;

    void setRemoteJobObserver(std::function<void(const RemoteJobEvent &)> observer) override
    {
        m_observer = std::move(observer);
    }

    /// The jobs this backend created, in order (for the run log and cleanup).
    [[nodiscard]] const std::vector<std::string> &jobs() const { return m_jobs; }

private:
    [[nodiscard]] std::string workUri(const std::string &name) const;
    /// Uploads the split once; later calls reuse it.
    [[nodiscard]] Expected<void> uploadSplit(const Dataset &training, const Dataset &validation);
    [[nodiscard]] nlohmann::json labels() const;
    [[nodiscard]] Expected<nlohmann::json> runJob(
        VertexJobKind kind, const nlohmann::json &job, const std::function<bool()> &cancelRequested,
        const std::function<void(const nlohmann::json &)> &onPoll);

    const VertexClient &m_vertex;
    const GcsClient &m_storage;
    VertexTrainingSettings m_settings;
    bool m_uploaded = false;
    std::vector<std::string> m_jobs;
    std::function<void(const RemoteJobEvent &)> m_observer;
};

}  // namespace covertype::cloud
