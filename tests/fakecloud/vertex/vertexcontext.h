// What the fake Vertex AI's collections share: settings, the image -> local command map that
// stands in for containers, the environment every container gets, ids and operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "vertex/localprocess.h"
#include "vertex/names.h"
#include "vertex/operations.h"

namespace covertype::fakecloud::vertex {

struct VertexSettings
{
    /// The GET that first reports an operation done, once its work has finished.
    int operationPolls = 3;
    /// Time between a job's QUEUED, PENDING and RUNNING.
    std::chrono::milliseconds stateStep{50};
    /// Longest a job's or trial's process may run without scheduling.timeout.
    std::chrono::milliseconds processTimeout{10 * 60 * 1000};
    /// Longest a deployment may take to answer its health route with 200.
    std::chrono::milliseconds deployTimeout{60 * 1000};
    size_t outputCap = 64 * 1024;  ///< bytes of stdout/stderr kept per process
    uint64_t seed = 42;            ///< tuning suggestions and traffic splits
};

class VertexContext
{
public:
    VertexContext(std::string projectId, std::string projectNumber, EnvList cloudEnvironment);
    ~VertexContext();
    VertexContext(const VertexContext &) = delete;
    VertexContext &operator=(const VertexContext &) = delete;

    [[nodiscard]] VertexSettings settings() const;
    void setSettings(const VertexSettings &settings);

    void setContainerCommand(const std::string &imageUri, std::vector<std::string> prefix);
    /// The command standing in for `imageUri`'s entrypoint; nullopt for an unknown image.
    [[nodiscard]] std::optional<std::vector<std::string>> containerCommand(
        const std::string &imageUri) const;
    /// A program inside the images (a containerSpec.command's first word, e.g.
    /// /usr/local/bin/covertype) and the local program standing in for it.
    void setContainerProgram(const std::string &pathInImage, std::string localProgram);
    /// `argv` with its program replaced by its stand-in, when it has one.
    [[nodiscard]] std::vector<std::string> mapProgram(std::vector<std::string> argv) const;
    /// Why an image cannot run (for the job's or operation's error).
    [[nodiscard]] static std::string unknownImage(const std::string &imageUri);

    /// This process's environment without the user's credentials, plus the fake's metadata
    /// server and storage, the project, an empty gcloud configuration (so credentials come
    /// from the metadata server), and `extra`.
    [[nodiscard]] EnvList containerEnv(const EnvList &extra) const;

    /// True when `project` names the fake's project (by id or number).
    [[nodiscard]] bool ownsProject(const std::string &project) const;
    [[nodiscard]] const std::string &projectId() const { return m_projectId; }
    [[nodiscard]] const std::string &projectNumber() const { return m_projectNumber; }
    /// "projects/NUMBER/locations/L", as the service writes names.
    [[nodiscard]] std::string parentName(const std::string &location) const;
    /// A fresh directory for a job's files (removed with the context).
    [[nodiscard]] std::string makeWorkDir();

    OperationStore operations;
    IdSource ids;

private:
    std::string m_projectId, m_projectNumber;
    EnvList m_cloudEnvironment;
    mutable std::mutex m_mutex;
    VertexSettings m_settings;
    std::map<std::string, std::vector<std::string>> m_commands;
    std::map<std::string, std::string> m_programs;
    std::string m_root;  ///< temporary directory of every work dir and the gcloud config
};

}  // namespace covertype::fakecloud::vertex
