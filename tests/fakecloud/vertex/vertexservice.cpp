// Routing of the fake Vertex AI: descriptor route, validation, project check, then the store
// that owns the resource.
#include "vertex/vertexservice.h"

namespace covertype::fakecloud::vertex {

namespace {

/// Shown for methods the descriptor has but the fake does not answer.
RpcError unimplemented(const MethodInfo &method)
{
    return RpcError{RpcCode::Unimplemented,
                    "The fake Vertex AI does not implement " + method.fullName() + ".",
                    {}};
}

}  // namespace

VertexService::VertexService(std::string projectId, std::string projectNumber,
                             EnvList cloudEnvironment)
    : m_context(std::move(projectId), std::move(projectNumber), std::move(cloudEnvironment)),
      m_models(m_context),
      m_endpoints(m_context, m_models),
      m_jobs(m_context)
{
    auto loaded = Schema::shared();
    if (loaded)
        m_schema = *loaded;
    else
        m_schemaError = loaded.error();
}

VertexService::~VertexService() = default;

bool VertexService::accepts(const Request &request) const
{
    return request.rawPath.starts_with("/v1/") || request.rawPath.starts_with("/v1beta1/");
}

void VertexService::setContainerCommand(const std::string &imageUri,
                                        std::vector<std::string> prefix)
{
    m_context.setContainerCommand(imageUri, std::move(prefix));
}

std::string VertexService::canonicalName(const std::string &name) const
{
    const auto parsed = parseResourceName(name);
    if (!parsed || parsed->project == m_context.projectNumber())
        return name;
    const std::string prefix = "projects/" + parsed->project + "/";
    return "projects/" + m_context.projectNumber() + "/" + name.substr(prefix.size());
}

Response VertexService::handle(const Request &request)
{
    if (!m_schema)
        return RpcError{RpcCode::Internal, "The fake Vertex AI has no schema: " + m_schemaError, {}}
            .response();
    // Operations are shared by the API versions: gcloud polls v1 operations under /v1beta1/
    // (its OperationsClient defaults to the beta API). Nothing else of v1beta1 is served.
    const bool beta = request.rawPath.starts_with("/v1beta1/");
    const std::string path = beta ? "/v1/" + request.rawPath.substr(9) : request.rawPath;
    auto route = m_schema->route(request.method(), path);
    if (route && beta && route->method->service != "Operations")
        route.reset();
    if (!route)
        return notFound("The requested URL " + request.rawPath + " was not found on this server.")
            .response();
    if (route->method->name == "Predict" && request.body().size() > EndpointStore::kMaxPredictBytes)
        return invalidArgument("Request payload size exceeds the limit: " +
                               std::to_string(EndpointStore::kMaxPredictBytes) + " bytes.")
            .response();
    auto body = m_schema->checkRequest(*route, request.body(), request.query);
    if (!body)
        return body.error().response();
    // Every path names a resource under projects/P/locations/L: P must be the fake's project.
    for (const auto &[variable, value] : route->variables) {
        const auto parsed = parseResourceName(value);
        if (parsed && !m_context.ownsProject(parsed->project))
            return RpcError{RpcCode::PermissionDenied,
                            "Permission denied on resource project " + parsed->project +
                                " (or it may not exist).",
                            {}}
                .response();
    }
    auto answer = call(*route, request, std::move(*body));
    if (!answer)
        return answer.error().response();
    return Response::json(200, *answer);
}

std::expected<nlohmann::json, RpcError> VertexService::call(const RouteMatch &route,
                                                            const Request &request,
                                                            nlohmann::json body)
{
    const std::string &method = route.method->name;
    const std::string name = canonicalName(route.variable("name"));
    const auto parent = parseResourceName(route.variable("parent"));
    const std::string location = parent ? parent->location : std::string();
    using Kind = JobStore::Kind;

    if (method == "GetOperation") {
        auto op = m_context.operations.poll(name);
        if (!op)
            return std::unexpected(notFound("Operation " + name + " not found."));
        return *op;
    }
    if (method == "CreateCustomJob")
        return m_jobs.create(Kind::Custom, location, std::move(body));
    if (method == "GetCustomJob")
        return m_jobs.get(Kind::Custom, name);
    if (method == "ListCustomJobs")
        return m_jobs.list(Kind::Custom, location, request);
    if (method == "CancelCustomJob")
        return m_jobs.cancel(Kind::Custom, name);
    if (method == "DeleteCustomJob")
        return m_jobs.remove(Kind::Custom, name);
    if (method == "CreateHyperparameterTuningJob")
        return m_jobs.create(Kind::Tuning, location, std::move(body));
    if (method == "GetHyperparameterTuningJob")
        return m_jobs.get(Kind::Tuning, name);
    if (method == "ListHyperparameterTuningJobs")
        return m_jobs.list(Kind::Tuning, location, request);
    if (method == "CancelHyperparameterTuningJob")
        return m_jobs.cancel(Kind::Tuning, name);
    if (method == "DeleteHyperparameterTuningJob")
        return m_jobs.remove(Kind::Tuning, name);

    if (method == "UploadModel")
        return m_models.upload(location, std::move(body));
    if (method == "GetModel")
        return m_models.get(name);
    if (method == "ListModels")
        return m_models.list(location, request);
    if (method == "DeleteModel")
        return m_models.remove(name);

    const std::string endpoint = canonicalName(route.variable("endpoint"));
    if (method == "CreateEndpoint")
        return m_endpoints.create(location, request.queryValue("endpointId").value_or(""),
                                  std::move(body));
    if (method == "GetEndpoint")
        return m_endpoints.get(name);
    if (method == "ListEndpoints")
        return m_endpoints.list(location, request);
    if (method == "DeleteEndpoint")
        return m_endpoints.remove(name);
    if (method == "UpdateEndpoint")
        return m_endpoints.update(canonicalName(route.variable("endpoint.name")), body,
                                  request.queryValue("updateMask").value_or(""));
    if (method == "DeployModel") {
        const std::string model =
            canonicalName(body["deployedModel"].value("model", std::string()));
        return m_endpoints.deploy(endpoint, model, std::move(body));
    }
    if (method == "UndeployModel")
        return m_endpoints.undeploy(endpoint, body);
    if (method == "Predict" && route.binding == &route.method->bindings.front())
        return m_endpoints.predict(endpoint, body);
    return std::unexpected(unimplemented(*route.method));
}

}  // namespace covertype::fakecloud::vertex
