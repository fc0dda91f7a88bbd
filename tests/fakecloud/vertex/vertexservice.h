// The fake Vertex AI v1 REST API under /v1/projects/{project}/locations/{location}/...: every
// request is routed and validated by Google's descriptor first, then answered by the jobs,
// models, endpoints and operations of the fake (see jobs.h, models.h, endpoints.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server/service.h"
#include "vertex/endpoints.h"
#include "vertex/jobs.h"
#include "vertex/models.h"
#include "vertex/schema.h"
#include "vertex/vertexcontext.h"

namespace covertype::fakecloud::vertex {

class VertexService : public Service
{
public:
    /// `cloudEnvironment`: what every container gets to reach the fake (metadata server,
    /// storage), e.g. GCE_METADATA_HOST and STORAGE_EMULATOR_HOST.
    VertexService(std::string projectId, std::string projectNumber, EnvList cloudEnvironment);
    ~VertexService() override;

    [[nodiscard]] bool accepts(const Request &request) const override;
    [[nodiscard]] Response handle(const Request &request) override;

    /// Where a job or deployment names `imageUri`, runs `prefix` (the image's entrypoint) with
    /// the container's args; other images fail the job or deployment.
    void setContainerCommand(const std::string &imageUri, std::vector<std::string> prefix);
    void setContainerProgram(const std::string &pathInImage, std::string localProgram)
    {
        m_context.setContainerProgram(pathInImage, std::move(localProgram));
    }
    [[nodiscard]] VertexSettings settings() const { return m_context.settings(); }
    void setSettings(const VertexSettings &settings) { m_context.setSettings(settings); }
    /// The schema requests are validated with (nullptr when the descriptor did not load).
    [[nodiscard]] std::shared_ptr<const Schema> schema() const { return m_schema; }

private:
    [[nodiscard]] std::expected<nlohmann::json, RpcError> call(const RouteMatch &route,
                                                               const Request &request,
                                                               nlohmann::json body);
    /// "projects/<id>/..." -> "projects/<number>/...": names as the service writes them.
    [[nodiscard]] std::string canonicalName(const std::string &name) const;

    VertexContext m_context;
    std::shared_ptr<const Schema> m_schema;
    std::string m_schemaError;
    ModelStore m_models;
    EndpointStore m_endpoints;  ///< after m_models: it stops its deployments first
    JobStore m_jobs;
};

}  // namespace covertype::fakecloud::vertex
