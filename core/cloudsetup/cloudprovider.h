// A cloud as the workbench sees it: its default settings, a connection test, the training
// backend and deployment target that run there, and the course table in its data warehouse.
// app/ hands in Google Cloud (cloud/setup); tests hand in fakes. Every call blocks on the
// network: call them off the GUI thread.
#pragma once

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "base/error.h"
#include "cloudsetup/bigquerywork.h"
#include "cloudsetup/cloudsettings.h"
#include "data/dataset.h"
#include "deploy/deploymenttarget.h"
#include "split/split.h"
#include "tuning/trainingbackend.h"

namespace covertype {

/// Whether one service answered the connection test.
struct ServiceCheck
{
    std::string service;  ///< "Vertex AI", "Cloud Storage", "BigQuery"
    bool ok = false;
    std::string detail;  ///< what answered, or why not (API not enabled, missing role, ...)
};

struct ConnectionReport
{
    std::string credentials;  ///< where they came from, never the secret
    std::string account;      ///< "" when the credential does not say
    std::string project, projectSource;
    std::string region, regionSource;
    std::vector<ServiceCheck> services;

    [[nodiscard]] bool allServicesAnswered() const
    {
        for (const ServiceCheck &check : services)
            if (!check.ok)
                return false;
        return !services.empty();
    }
};

/// How cloud tuning runs: a hyperparameter tuning job starting a VM per trial, or one custom
/// job running the whole study on one VM.
enum class CloudTrainingMode { TrialPerJob, OneJob };

class CloudProvider
{
public:
    virtual ~CloudProvider() = default;
    /// "Google Cloud"
    [[nodiscard]] virtual std::string name() const = 0;
    /// What a new user starts from: the environment and the active gcloud configuration, as the
    /// CLI reads them.
    [[nodiscard]] virtual CloudSettings defaults() const = 0;
    /// Finds the credentials, gets a token and asks each service for something harmless. An
    /// error only when no credentials or project were found; a service that does not answer is
    /// a failed ServiceCheck.
    [[nodiscard]] virtual Expected<ConnectionReport> testConnection(const CloudSettings &settings,
                                                                    std::stop_token stop) const = 0;
    /// A backend running tuning and the final training in the cloud, under
    /// {gcsRoot}/pipeline/{work}/, its jobs labelled covertype-run=`runLabel`.
    /// TrainingBackend::requestCancel() stops its transfers and cancels its job.
    [[nodiscard]] virtual Expected<std::unique_ptr<TrainingBackend>> trainingBackend(
        const CloudSettings &settings, CloudTrainingMode mode, const std::string &work,
        const std::string &runLabel) const = 0;
    /// Vertex AI endpoints as a deployment target: models go to `endpoint` (an id, created when
    /// missing; empty: each model's own endpoint) on the serving image and machine of
    /// `settings`. Makes no call yet: the first call that needs the service finds the
    /// credentials (so call that one off the GUI thread too).
    [[nodiscard]] virtual Expected<std::shared_ptr<DeploymentTarget>> deploymentTarget(
        const CloudSettings &settings, const std::string &endpoint) const = 0;

    /// The web page of a remote job or resource the run store recorded (RunRecord::remoteJob), for
    /// users to open; "" when the cloud has none. Makes no call.
    [[nodiscard]] virtual std::string consoleUrl(const std::string &remoteJob) const
    {
        (void)remoteJob;
        return {};
    }
    /// Loads `data` into the settings' BigQuery table (staged as CSV under {gcsRoot}/staging/);
    /// a row count that differs from the file's is an error. `stop` cancels the upload and the
    /// load job.
    [[nodiscard]] virtual Expected<BigQueryLoadReport> loadIntoBigQuery(
        const CloudSettings &settings, const Dataset &data, const BigQueryWorkProgress &progress,
        std::stop_token stop) const = 0;
    /// The course split of `table` (PROJECT.DATASET.TABLE, or DATASET.TABLE in the settings'
    /// project) in BigQuery: a table per split, exported to {gcsRoot}/datasets/<split>/data.csv.
    /// `stop` cancels the job waited for.
    [[nodiscard]] virtual Expected<std::vector<BigQuerySplitPart>> splitInBigQuery(
        const CloudSettings &settings, const std::string &table, const SplitSpec &spec,
        const BigQueryWorkProgress &progress, std::stop_token stop) const = 0;
};

}  // namespace covertype
