// TrialLog: trial records as files or Cloud Storage objects, one per finished trial.
#include "triallog.h"

#include <cstdio>
#include <filesystem>

#include "base/text.h"
#include "cloudsession.h"
#include "files/atomicfile.h"
#include "storage/gcsclient.h"
#include "storage/gcsuri.h"

namespace covertype::cli {

std::string trialLogName(const std::string &trialId)
{
    char name[64];
    if (trialId.size() < 7 && trialId.find_first_not_of("0123456789") == std::string::npos &&
        !trialId.empty())
        std::snprintf(name, sizeof name, "trial-%06d.json", std::stoi(trialId));
    else
        std::snprintf(name, sizeof name, "trial-%.40s.json", trialId.c_str());
    return name;
}

Expected<std::unique_ptr<TrialLog>> TrialLog::open(const std::string &where)
{
    std::unique_ptr<TrialLog> log(new TrialLog);
    log->m_where = where.ends_with('/') ? where : where + "/";
    if (where.starts_with("gs://")) {
        if (auto uri = cloud::parseGcsUri(log->m_where); !uri)
            return std::unexpected(uri.error());
        auto session = CloudSession::openForStorage();
        if (!session)
            return std::unexpected(session.error());
        log->m_session = std::move(*session);
    } else {
        std::error_code error;
        std::filesystem::create_directories(log->m_where, error);
        if (error)
            return fail(ErrorCode::Io,
                        cat("cannot create the trial log ", where, ": ", error.message()));
    }
    return log;
}

TrialLog::~TrialLog() = default;

Expected<void> TrialLog::write(const std::string &name, const std::string &text)
{
    if (!m_session)
        return writeFileAtomically(m_where + name, text);
    auto uri = cloud::parseGcsUri(m_where + name);
    if (!uri)
        return std::unexpected(uri.error());
    const cloud::GcsClient storage = m_session->storage();
    cloud::GcsTransferOptions options;
    options.contentType = "application/json";
    if (auto stored = storage.uploadData(text, *uri, options); !stored)
        return std::unexpected(stored.error());
    return {};
}

Expected<void> TrialLog::writeTrial(const std::string &trialId, const nlohmann::json &trial)
{
    return write(trialLogName(trialId), trial.dump() + "\n");
}

Expected<void> TrialLog::writeSummary(const nlohmann::json &summary)
{
    return write("summary.json", summary.dump() + "\n");
}

}  // namespace covertype::cli
