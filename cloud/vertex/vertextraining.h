// Vertex AI as a TrainingBackend: the split uploaded to Cloud Storage, the tuning job as a
// hyperparameter tuning job whose finished trials are reported as the local tuner reports
// them, and the final training as a custom job whose model.json is read back.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "runs/runstore.h"
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
    /// Tuning in one custom job running `covertype tune` in the trainer image (its trials read
    /// back from the trial log under {work}/study/trials/) instead of a hyperparameter tuning
    /// job with a VM per trial.
    bool oneJob = false;
};

/// Where the trainer image keeps the covertype binary (packaging/containers): one-job tuning
/// runs `covertype tune` in it by replacing the entrypoint (`covertype train`).
inline constexpr const char *kProgramInTrainerImage = "/usr/local/bin/covertype";

/// A Vertex AI trial's value of `param` (by its type), or nullopt when it does not fit.
[[nodiscard]] std::optional<ParameterValue> vertexParameterValue(const ParameterSpec &param,
                                                                 const nlohmann::json &value);
/// The final metric of a SUCCEEDED Vertex AI trial: the spec's metric, else the first one.
[[nodiscard]] std::optional<double> vertexTrialMetric(const TuningSpec &spec,
                                                      const nlohmann::json &trial);

/// The --trial-log=URI a one-job study's custom job (a job resource) was started with; nullopt
/// when its container has no such argument.
[[nodiscard]] std::optional<std::string> trialLogArgument(const nlohmann::json &job);

/// A trial record of the trial log `covertype tune --trial-log` writes (runs' trial format:
/// trial_id, state, parameters, metric_value, message), nullopt when it is not one. A trial
/// logged ACTIVE reads as FAILED (the log holds finished trials only).
[[nodiscard]] std::optional<TrialRecord> trialLogRecord(const TuningSpec &spec,
                                                        const nlohmann::json &logged);

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
    /// Follows a tuning job made earlier: a hyperparameterTuningJob (a job per trial) or a
    /// customJob running the study (its trial log under this backend's work folder).
    [[nodiscard]] Expected<TuningResult> followTuning(const TuningSpec &spec,
                                                      const std::string &remoteJob,
                                                      const TuningOptions &options) override;
    /// Stops following at the next poll and leaves the job running (any thread).
    void requestDetach() override { m_detach = true; }

    /// The jobs this backend created, in order (for the run log and cleanup).
    [[nodiscard]] const std::vector<std::string> &jobs() const { return m_jobs; }

private:
    [[nodiscard]] std::string workUri(const std::string &name) const;
    /// Uploads the split once; later calls reuse it.
    [[nodiscard]] Expected<void> uploadSplit(const Dataset &training, const Dataset &validation);
    [[nodiscard]] nlohmann::json labels() const;
    /// A CustomJobSpec running the trainer image on one machine with `container`'s args (and
    /// command), its output under the work folder's `output`.
    [[nodiscard]] nlohmann::json jobSpec(nlohmann::json container, const std::string &output) const;
    /// Tuning as a hyperparameter tuning job, its trials read from the job.
    [[nodiscard]] Expected<TuningResult> tuneStudy(const TuningSpec &spec,
                                                   const TuningOptions &options);
    /// Tuning as one custom job following the trial log.
    [[nodiscard]] Expected<TuningResult> tuneInOneJob(const TuningSpec &spec,
                                                      const TuningOptions &options);
    [[nodiscard]] Expected<nlohmann::json> runJob(
        VertexJobKind kind, const nlohmann::json &job, const std::function<bool()> &cancelRequested,
        const std::function<void(const nlohmann::json &)> &onPoll);

    const VertexClient &m_vertex;
    const GcsClient &m_storage;
    VertexTrainingSettings m_settings;
    bool m_uploaded = false;
    std::vector<std::string> m_jobs;
    std::function<void(const RemoteJobEvent &)> m_observer;
    std::string m_follow;  ///< the job followTuning follows instead of making one
    std::atomic<bool> m_detach = false;
};

}  // namespace covertype::cloud
