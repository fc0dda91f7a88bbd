// One connection to Google Cloud: the credentials, the project, region and endpoints they work
// in, and an API client whose transfers and waits a stop token ends.
#pragma once

#include <memory>
#include <stop_token>

#include "api/apiclient.h"
#include "auth/credentials.h"
#include "bigquery/bigqueryclient.h"
#include "config/cloudconfig.h"
#include "storage/gcsclient.h"
#include "vertex/vertexclient.h"

namespace covertype::cloud {

class CloudConnection
{
public:
    /// Resolves the configuration for `credentials` (see resolveCloudConfig) and makes the client.
    [[nodiscard]] static Expected<std::unique_ptr<CloudConnection>> open(
        std::unique_ptr<CredentialSource> credentials, const CloudFlags &flags, bool requireProject,
        std::stop_token stop = {});

    [[nodiscard]] const CloudConfig &config() const { return m_config; }
    [[nodiscard]] ApiClient &api() const { return *m_api; }
    [[nodiscard]] TokenProvider &tokens() const { return *m_tokens; }
    /// Vertex AI in the connection's project and region, Cloud Storage and BigQuery.
    [[nodiscard]] VertexClient vertex() const
    {
        return {*m_api, m_config.aiplatformRoot, m_config.project, m_config.region};
    }
    [[nodiscard]] GcsClient storage() const { return {*m_api, m_config.storageRoot}; }

private:
    CloudConnection() = default;
    std::shared_ptr<TokenProvider> m_tokens;
    CloudConfig m_config;
    std::unique_ptr<ApiClient> m_api;
};

}  // namespace covertype::cloud
