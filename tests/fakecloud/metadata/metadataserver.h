// The fake's Compute Engine metadata server (/computeMetadata/v1/...): the default service
// account's token and email and the project id, behind the Metadata-Flavor: Google header.
#pragma once

#include <string>

#include "oauth/tokenregistry.h"
#include "server/service.h"

namespace covertype::fakecloud {

class MetadataServer : public Service
{
public:
    MetadataServer(TokenRegistry &tokens, std::string projectId, std::string numericProjectId,
                   std::string serviceAccountEmail);

    [[nodiscard]] bool accepts(const Request &request) const override;
    [[nodiscard]] bool requiresToken() const override { return false; }
    [[nodiscard]] Response handle(const Request &request) override;

private:
    [[nodiscard]] Response serviceAccount(const std::string &rest, const Request &request) const;

    TokenRegistry &m_tokens;
    std::string m_projectId;
    std::string m_numericProjectId;
    std::string m_email;
};

}  // namespace covertype::fakecloud
