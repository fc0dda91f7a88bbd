// Google Cloud as the workbench's CloudProvider: the settings' credentials and project, a
// connection test that asks Vertex AI, Cloud Storage and BigQuery for something harmless,
// Vertex AI as the training backend and deployment target, and BigQuery for the course table.
#pragma once

#include "cloudsetup/cloudprovider.h"

namespace covertype::cloud {

class CredentialSource;

/// The credentials `settings` choose (ADC order, a key file, or gcloud).
[[nodiscard]] Expected<std::unique_ptr<CredentialSource>> chosenCredentials(
    const CloudSettings &settings);

/// What a failed service answer means for the user: the API is not enabled (with the command
/// that enables it), a role is missing (naming it), or the error as it came.
[[nodiscard]] std::string explainServiceError(const std::string &service,
                                              const std::string &message);

class GoogleCloudProvider : public CloudProvider
{
public:
    [[nodiscard]] std::string name() const override { return "Google Cloud"; }
    [[nodiscard]] CloudSettings defaults() const override;
    [[nodiscard]] Expected<ConnectionReport> testConnection(const CloudSettings &settings,
                                                            std::stop_token stop) const override;
    [[nodiscard]] Expected<std::unique_ptr<TrainingBackend>> trainingBackend(
        const CloudSettings &settings, CloudTrainingMode mode, const std::string &work,
        const std::string &runLabel) const override;
    [[nodiscard]] Expected<std::shared_ptr<DeploymentTarget>> deploymentTarget(
        const CloudSettings &settings, const std::string &endpoint) const override;
    [[nodiscard]] std::string consoleUrl(const std::string &remoteJob) const override;
    [[nodiscard]] Expected<BigQueryLoadReport> loadIntoBigQuery(
        const CloudSettings &settings, const Dataset &data, const BigQueryWorkProgress &progress,
        std::stop_token stop) const override;
    [[nodiscard]] Expected<std::vector<BigQuerySplitPart>> splitInBigQuery(
        const CloudSettings &settings, const std::string &table, const SplitSpec &spec,
        const BigQueryWorkProgress &progress, std::stop_token stop) const override;
};

}  // namespace covertype::cloud
