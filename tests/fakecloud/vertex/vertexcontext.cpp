// Settings, the container command map and container environments of the fake Vertex AI.
#include "vertex/vertexcontext.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace covertype::fakecloud::vertex {

VertexContext::VertexContext(std::string projectId, std::string projectNumber,
                             EnvList cloudEnvironment)
    : m_projectId(std::move(projectId)),
      m_projectNumber(std::move(projectNumber)),
      m_cloudEnvironment(std::move(cloudEnvironment))
{
    std::string pattern = (std::filesystem::temp_directory_path() / "fake-vertex-XXXXXX").string();
    if (::mkdtemp(pattern.data()))
        m_root = pattern;
    std::error_code ignored;
    std::filesystem::create_directories(m_root + "/gcloud-config", ignored);
}

VertexContext::~VertexContext()
{
    if (!m_root.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(m_root, ignored);
    }
}

VertexSettings VertexContext::settings() const
{
    const std::lock_guard lock(m_mutex);
    return m_settings;
}

void VertexContext::setSettings(const VertexSettings &settings)
{
    const std::lock_guard lock(m_mutex);
    m_settings = settings;
}

void VertexContext::setContainerCommand(const std::string &imageUri,
                                        std::vector<std::string> prefix)
{
    const std::lock_guard lock(m_mutex);
    m_commands[imageUri] = std::move(prefix);
}

std::optional<std::vector<std::string>> VertexContext::containerCommand(
    const std::string &imageUri) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_commands.find(imageUri);
    if (it == m_commands.end())
        return std::nullopt;
    return it->second;
}

void VertexContext::setContainerProgram(const std::string &pathInImage, std::string localProgram)
{
    const std::lock_guard lock(m_mutex);
    m_programs[pathInImage] = std::move(localProgram);
}

std::vector<std::string> VertexContext::mapProgram(std::vector<std::string> argv) const
{
    const std::lock_guard lock(m_mutex);
    if (!argv.empty())
        if (const auto it = m_programs.find(argv.front()); it != m_programs.end())
            argv.front() = it->second;
    return argv;
}

std::string VertexContext::unknownImage(const std::string &imageUri)
{
    return "Image '" + imageUri +
           "' not found: the fake Vertex AI runs only images mapped to a local command "
           "(FakeGoogleCloud::setContainerCommand).";
}

EnvList VertexContext::containerEnv(const EnvList &extra) const
{
    EnvList env = containerEnvironment(m_cloudEnvironment);
    setEnv(env, "CLOUDSDK_CONFIG", m_root + "/gcloud-config");
    setEnv(env, "CLOUD_ML_PROJECT_ID", m_projectId);
    for (const auto &[name, value] : extra)
        setEnv(env, name, value);
    return env;
}

bool VertexContext::ownsProject(const std::string &project) const
{
    return project == m_projectId || project == m_projectNumber;
}

std::string VertexContext::parentName(const std::string &location) const
{
    return "projects/" + m_projectNumber + "/locations/" + location;
}

std::string VertexContext::makeWorkDir()
{
    const std::string dir = m_root + "/work-" + ids.next();
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    return dir;
}

}  // namespace covertype::fakecloud::vertex
