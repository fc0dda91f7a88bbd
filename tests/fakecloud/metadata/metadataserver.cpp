// Answers of the fake metadata server, shaped as a Compute Engine VM's.
#include "metadata/metadataserver.h"

namespace covertype::fakecloud {

namespace {

constexpr const char *kRoot = "/computeMetadata/v1/";
constexpr const char *kScope = "https://www.googleapis.com/auth/cloud-platform";

Response flavored(Response response)
{
    return response.withHeader("Metadata-Flavor", "Google")
        .withHeader("Server", "Metadata Server for VM");
}

Response textValue(const std::string &value)
{
    return flavored(Response::text(200, value, "application/text"));
}

Response notFound()
{
    return flavored(Response::text(404, "Not Found\n", "text/html; charset=UTF-8"));
}

}  // namespace

MetadataServer::MetadataServer(TokenRegistry &tokens, std::string projectId,
                               std::string numericProjectId, std::string serviceAccountEmail)
    : m_tokens(tokens),
      m_projectId(std::move(projectId)),
      m_numericProjectId(std::move(numericProjectId)),
      m_email(std::move(serviceAccountEmail))
{
}

bool MetadataServer::accepts(const Request &request) const
{
    // "/" is what client libraries ping to learn they run on Google Cloud.
    return request.rawPath == "/" || request.rawPath == "/computeMetadata" ||
           request.rawPath.starts_with("/computeMetadata/");
}

Response MetadataServer::handle(const Request &request)
{
    // The real server refuses requests that look forwarded or lack the header, so a page that
    // tricks a browser into fetching a token gets nothing.
    if (!request.header("x-forwarded-for").empty())
        return flavored(Response::text(403, "Request had an X-Forwarded-For header\n"));
    if (request.header("metadata-flavor") != "Google")
        return flavored(
            Response::text(403,
                           "Your client does not have permission to get URL " + request.rawPath +
                               " from this server. Missing Metadata-Flavor:Google header.\n",
                           "text/html; charset=UTF-8"));
    if (request.method() != "GET")
        return flavored(Response::text(405, "Method Not Allowed\n")).withHeader("Allow", "GET");
    if (request.rawPath == "/")
        return textValue("computeMetadata/\n");
    if (request.rawPath == "/computeMetadata" || request.rawPath == "/computeMetadata/")
        return textValue("v1/\n");
    const std::string rest = request.rawPath.substr(std::string_view(kRoot).size() - 1);
    const bool recursive = request.queryValue("recursive") == "true";
    if (rest == "/")
        return textValue("instance/\nproject/\n");
    if (rest == "/project/project-id")
        return textValue(m_projectId);
    if (rest == "/project/numeric-project-id")
        return textValue(m_numericProjectId);
    if (rest == "/project/" || rest == "/project")
        return recursive ? flavored(Response::json(200, {{"projectId", m_projectId},
                                                         {"numericProjectId", m_numericProjectId}}))
                         : textValue("numeric-project-id\nproject-id\n");
    if (rest == "/instance/zone")
        return textValue("projects/" + m_numericProjectId + "/zones/us-central1-a");
    if (rest == "/instance/id")
        return textValue("1234567890123456789");
    if (rest == "/instance/" || rest == "/instance")
        return textValue("id\nservice-accounts/\nzone\n");
    const std::string accounts = "/instance/service-accounts/";
    if (rest == accounts || rest == "/instance/service-accounts")
        return textValue("default/\n" + m_email + "/\n");
    if (rest.starts_with(accounts))
        return serviceAccount(rest.substr(accounts.size()), request);
    return notFound();
}

Response MetadataServer::serviceAccount(const std::string &rest, const Request &request) const
{
    const size_t slash = rest.find('/');
    const std::string account = rest.substr(0, slash);
    if (account != "default" && account != m_email)
        return notFound();
    const std::string item = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    if (item.empty()) {
        if (request.queryValue("recursive") != "true")
            return textValue("aliases\nemail\nidentity\nscopes\ntoken\n");
        return flavored(Response::json(
            200, {{"aliases", {"default"}}, {"email", m_email}, {"scopes", {kScope}}}));
    }
    if (item == "email")
        return textValue(m_email);
    if (item == "aliases")
        return textValue("default\n");
    if (item == "scopes")
        return textValue(std::string(kScope) + "\n");
    if (item == "token") {
        const auto lifetime = m_tokens.lifetime();
        return flavored(Response::json(200, {{"access_token", m_tokens.issue(lifetime)},
                                             {"expires_in", std::max<int64_t>(0, lifetime.count())},
                                             {"token_type", "Bearer"}}));
    }
    return notFound();
}

}  // namespace covertype::fakecloud
