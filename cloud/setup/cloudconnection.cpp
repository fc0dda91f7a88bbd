// Opening a connection to Google Cloud (see cloudconnection.h).
#include "setup/cloudconnection.h"

namespace covertype::cloud {

Expected<std::unique_ptr<CloudConnection>> CloudConnection::open(
    std::unique_ptr<CredentialSource> credentials, const CloudFlags &flags, bool requireProject,
    std::stop_token stop)
{
    std::unique_ptr<CloudConnection> connection(new CloudConnection);
    connection->m_tokens = std::make_shared<TokenProvider>(std::move(credentials));
    auto config = resolveCloudConfig(flags, &connection->m_tokens->source(), requireProject);
    if (!config)
        return std::unexpected(config.error());
    connection->m_config = std::move(*config);
    connection->m_api = std::make_unique<ApiClient>(
        connection->m_tokens, RetryPolicy::fromEnvironment(), std::move(stop));
    return connection;
}

}  // namespace covertype::cloud
