// Ties the fake services to one port and gives tests their credentials, environment and state.
#include "fakegooglecloud.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "bigquery/bigqueryservice.h"
#include "bigquery/tablecsv.h"
#include "metadata/metadataserver.h"
#include "oauth/rsakeys.h"
#include "oauth/tokenendpoint.h"
#include "oauth/tokenregistry.h"
#include "server/socketserver.h"
#include "storage/bucketstore.h"
#include "storage/storageservice.h"
#include "vertex/vertexservice.h"

namespace covertype::fakecloud {

namespace {

/// Writes a credentials file readable by its owner only, as gcloud writes them.
bool writePrivateFile(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return false;
    out << text;
    out.close();
    ::chmod(path.c_str(), 0600);
    return bool(out);
}

}  // namespace

FakeGoogleCloud::FakeGoogleCloud() : FakeGoogleCloud(Options{}) {}

FakeGoogleCloud::FakeGoogleCloud(Options options)
    : m_options(std::move(options)),
      m_keys(std::make_unique<RsaKeys>()),
      m_tokens(std::make_unique<TokenRegistry>()),
      m_store(std::make_unique<BucketStore>())
{
    SocketServer::Options serverOptions;
    serverOptions.maxBodyBytes = m_options.maxBodyBytes;
    serverOptions.readTimeout = m_options.readTimeout;
    // The token endpoint needs the port for its audience check, so the server starts first and
    // requests wait for the services under m_servicesMutex.
    std::unique_lock lock(m_servicesMutex);
    m_server = std::make_unique<SocketServer>(
        serverOptions, [this](Request &r) { return dispatch(r); },
        [this](Request &r) { interrupted(r); }, m_faults, m_log);
    auto token = std::make_unique<TokenEndpoint>(*m_keys, *m_tokens, tokenUri());
    m_tokenEndpoint = token.get();
    m_services.push_back(std::move(token));
    m_services.push_back(std::make_unique<MetadataServer>(
        *m_tokens, m_options.projectId, m_options.numericProjectId, m_options.serviceAccountEmail));
    m_services.push_back(std::make_unique<StorageService>(*m_store, m_options.projectId));
    // Vertex AI's containers reach the fake's metadata server and storage.
    const std::string hostPort = "127.0.0.1:" + std::to_string(port());
    auto vertex = std::make_unique<vertex::VertexService>(
        m_options.projectId, m_options.numericProjectId,
        vertex::EnvList{{"GCE_METADATA_HOST", hostPort},
                        {"GCE_METADATA_IP", hostPort},
                        {"STORAGE_EMULATOR_HOST", baseUrl()}});
    m_vertex = vertex.get();
    m_services.push_back(std::move(vertex));
    auto bigQuery = std::make_unique<bigquery::BigQueryService>(*m_store);
    m_bigQuery = bigQuery.get();
    m_services.push_back(std::move(bigQuery));
}

FakeGoogleCloud::~FakeGoogleCloud()
{
    m_server.reset();
}

uint16_t FakeGoogleCloud::port() const
{
    return m_server->port();
}

std::string FakeGoogleCloud::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(port());
}

std::string FakeGoogleCloud::tokenUri() const
{
    return baseUrl() + TokenEndpoint::kPath;
}

std::string FakeGoogleCloud::writeServiceAccountKey(const std::string &path)
{
    const auto key = m_keys->create(m_options.serviceAccountEmail);
    const nlohmann::json file = {
        {"type", "service_account"},
        {"project_id", m_options.projectId},
        {"private_key_id", key.keyId},
        {"private_key", key.privateKeyPem},
        {"client_email", m_options.serviceAccountEmail},
        {"client_id", "109876543210987654321"},
        {"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
        {"token_uri", tokenUri()},
        {"auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"},
        {"client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/" +
                                     percentEncode(m_options.serviceAccountEmail)},
        {"universe_domain", "googleapis.com"}};
    const std::string text = file.dump(2) + "\n";
    return writePrivateFile(path, text) ? text : std::string();
}

std::string FakeGoogleCloud::writeAuthorizedUser(const std::string &path)
{
    const AuthorizedUser user = m_tokenEndpoint->createAuthorizedUser();
    const nlohmann::json file = {{"type", "authorized_user"},
                                 {"client_id", user.clientId},
                                 {"client_secret", user.clientSecret},
                                 {"refresh_token", user.refreshToken},
                                 {"quota_project_id", m_options.projectId},
                                 {"token_uri", tokenUri()},
                                 {"universe_domain", "googleapis.com"}};
    const std::string text = file.dump(2) + "\n";
    return writePrivateFile(path, text) ? text : std::string();
}

std::string FakeGoogleCloud::issueToken(std::chrono::seconds lifetime)
{
    return m_tokens->issue(lifetime);
}

void FakeGoogleCloud::setTokenLifetime(std::chrono::seconds lifetime)
{
    m_tokens->setLifetime(lifetime);
}

void FakeGoogleCloud::revokeAllTokens()
{
    m_tokens->revokeAll();
}

Environment FakeGoogleCloud::environment() const
{
    const std::string hostPort = "127.0.0.1:" + std::to_string(port());
    const std::string base = baseUrl();
    return {{"GCE_METADATA_HOST", hostPort},
            {"GCE_METADATA_IP", hostPort},
            {"STORAGE_EMULATOR_HOST", base},
            {"BIGQUERY_EMULATOR_HOST", base},
            {"CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", base + "/storage/v1/"},
            {"CLOUDSDK_API_ENDPOINT_OVERRIDES_BIGQUERY", base + "/bigquery/v2/"},
            {"CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM", base + "/"},
            {"CLOUDSDK_CORE_PROJECT", m_options.projectId},
            {"GOOGLE_CLOUD_PROJECT", m_options.projectId}};
}

Environment FakeGoogleCloud::gcloudEnvironment(const std::string &directory)
{
    const std::string config = directory + "/gcloud-config";
    std::filesystem::create_directories(config);
    const std::string tokenFile = directory + "/access-token";
    writePrivateFile(tokenFile, issueToken());
    Environment env = environment();
    env.insert(env.end(), {{"CLOUDSDK_CONFIG", config},
                           {"CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", tokenFile},
                           {"CLOUDSDK_CORE_DISABLE_PROMPTS", "1"},
                           {"CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "1"},
                           {"CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "1"},
                           {"CLOUDSDK_SURVEY_DISABLE_PROMPTS", "1"}});
    return env;
}

void FakeGoogleCloud::addFault(FaultRule rule)
{
    m_faults.add(std::move(rule));
}

void FakeGoogleCloud::clearFaults()
{
    m_faults.clear();
}

std::vector<LoggedRequest> FakeGoogleCloud::requests() const
{
    return m_log.entries();
}

void FakeGoogleCloud::clearRequests()
{
    m_log.clear();
}

void FakeGoogleCloud::createBucket(const std::string &name)
{
    m_store->createBucket(name);
}

std::optional<std::string> FakeGoogleCloud::objectData(const std::string &bucket,
                                                       const std::string &name) const
{
    const auto object = m_store->get(bucket, name, std::nullopt, {}, true);
    if (!object)
        return std::nullopt;
    return object->data;
}

void FakeGoogleCloud::putObject(const std::string &bucket, const std::string &name,
                                std::string data, std::string contentType)
{
    m_store->createBucket(bucket);
    ObjectUpload upload;
    upload.name = name;
    upload.contentType = std::move(contentType);
    upload.data = std::move(data);
    [[maybe_unused]] const auto stored = m_store->insert(bucket, std::move(upload), {});
}

void FakeGoogleCloud::setContainerCommand(const std::string &imageUri,
                                          std::vector<std::string> prefix)
{
    m_vertex->setContainerCommand(imageUri, std::move(prefix));
}

void FakeGoogleCloud::setContainerProgram(const std::string &pathInImage,
                                          const std::string &localProgram)
{
    m_vertex->setContainerProgram(pathInImage, localProgram);
}

void FakeGoogleCloud::createBigQueryDataset(const std::string &project, const std::string &dataset,
                                            const std::string &location)
{
    m_bigQuery->tables().ensureDataset(project, dataset, location);
}

std::string FakeGoogleCloud::createBigQueryTable(const std::string &project,
                                                 const std::string &dataset,
                                                 const std::string &table,
                                                 const std::string &csvText)
{
    auto data = bigquery::csvToTable(csvText, "csvText", bigquery::CsvLoad{{}, 1});
    if (!data)
        return data.error().message;
    m_bigQuery->tables().put({project, dataset, table}, std::move(*data), "US");
    return {};
}

std::optional<std::string> FakeGoogleCloud::bigQueryTableCsv(const std::string &project,
                                                             const std::string &dataset,
                                                             const std::string &table) const
{
    const auto snapshot = m_bigQuery->tables().read({project, dataset, table}, {});
    if (!snapshot)
        return std::nullopt;
    std::vector<uint32_t> rows(snapshot->data->rowCount());
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i] = uint32_t(i);
    return bigquery::tableToCsv(*snapshot->data, rows, true, ',');
}

std::optional<size_t> FakeGoogleCloud::bigQueryRowCount(const std::string &project,
                                                        const std::string &dataset,
                                                        const std::string &table) const
{
    const auto snapshot = m_bigQuery->tables().read({project, dataset, table}, {});
    if (!snapshot)
        return std::nullopt;
    return snapshot->data->rowCount();
}

void FakeGoogleCloud::addService(std::unique_ptr<Service> service)
{
    const std::lock_guard lock(m_servicesMutex);
    m_services.push_back(std::move(service));
}

Service *FakeGoogleCloud::serviceFor(const Request &request) const
{
    const std::lock_guard lock(m_servicesMutex);
    for (const auto &service : m_services)
        if (service->accepts(request))
            return service.get();
    return nullptr;
}

Response FakeGoogleCloud::dispatch(Request &request)
{
    const auto check = m_tokens->check(request.header("authorization"));
    request.authorized = check == TokenRegistry::Check::Valid;
    Service *service = serviceFor(request);
    if (!service)
        return googleError(404, "The fake Google Cloud serves nothing at " + request.rawPath);
    if (service->requiresToken() && !request.authorized) {
        const bool missing = check == TokenRegistry::Check::Missing;
        Response refused = googleError(
            401,
            std::string(missing ? "Request is missing required authentication credential."
                                : "Request had invalid authentication credentials.") +
                " Expected OAuth 2 access token, login cookie or other valid authentication "
                "credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
            missing ? "required" : "authError");
        return refused.withHeader("WWW-Authenticate",
                                  missing ? "Bearer realm=\"https://accounts.google.com/\""
                                          : "Bearer realm=\"https://accounts.google.com/\", "
                                            "error=\"invalid_token\"");
    }
    return service->handle(request);
}

void FakeGoogleCloud::interrupted(Request &request)
{
    request.authorized =
        m_tokens->check(request.header("authorization")) == TokenRegistry::Check::Valid;
    Service *service = serviceFor(request);
    if (service && (!service->requiresToken() || request.authorized))
        service->interrupted(request);
}

}  // namespace covertype::fakecloud
