// What the stages of the workbench share; see workbenchsession.h.
#include "shell/workbenchsession.h"

#include "cloudsetup/cloudprovider.h"

#include <QDir>
#include <QStandardPaths>

#include <utility>

namespace covertype::ui {

namespace {

// The course's hyperparameter-tuning config (course-workflow.md section 4): the starting point
// until the user opens or edits one.
constexpr std::string_view kCourseConfig = R"(trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 6
    maxParallelTrials: 3
    hyperparameterMetricTag: accuracy
    enableTrialEarlyStopping: True
    params:
    - parameterName: max_iter
      type: DISCRETE
      discreteValues: [500, 1000]
    - parameterName: alpha
      type: DOUBLE
      minValue: 0.0001
      maxValue: 0.001
      scaleType: UNIT_LINEAR_SCALE
)";

TuningSpec courseSpec()
{
    auto spec = parseTuningSpec(kCourseConfig, "course config");
    Q_ASSERT(spec);
    return spec ? *spec : TuningSpec{};
}

}  // namespace

WorkbenchSession::WorkbenchSession(QObject *parent)
    : QObject(parent),
      m_tuningSpec(courseSpec()),
      m_storePath(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath(QStringLiteral("runs.sqlite")))
{
}

void WorkbenchSession::setDataset(std::shared_ptr<const Dataset> data, const QString &path)
{
    m_dataset = std::move(data);
    m_datasetPath = path;
    m_selectedRows.clear();
    emit datasetChanged();
    emit selectedRowsChanged();
}

void WorkbenchSession::setSelectedRows(std::vector<uint32_t> rows)
{
    if (rows == m_selectedRows)
        return;
    m_selectedRows = std::move(rows);
    emit selectedRowsChanged();
}

void WorkbenchSession::setSplitSpec(const SplitSpec &spec)
{
    if (spec == m_splitSpec)
        return;
    m_splitSpec = spec;
    emit splitSpecChanged();
}

void WorkbenchSession::setTuningSpec(const TuningSpec &spec, bool valid)
{
    m_tuningSpec = spec;
    m_tuningSpecValid = valid;
    emit tuningSpecChanged();
}

void WorkbenchSession::setStorePath(const QString &path)
{
    if (path == m_storePath)
        return;
    m_storePath = path;
    emit storePathChanged();
}

void WorkbenchSession::setCurrentRun(std::optional<int64_t> runId)
{
    if (runId == m_currentRun)
        return;
    m_currentRun = runId;
    emit currentRunChanged();
}

void WorkbenchSession::setCloudSettings(const CloudSettings &settings)
{
    if (settings == m_cloudSettings)
        return;
    m_cloudSettings = settings;
    emit cloudSettingsChanged();
    if (m_destination == DeployDestination::VertexEndpoint) {
        // The endpoint target follows the settings; when they no longer allow one, deploys go
        // back to the local registry (the Deploy stage says why).
        if (!setDeployDestination(DeployDestination::VertexEndpoint, m_vertexEndpoint))
            (void)setDeployDestination(DeployDestination::LocalRegistry);
    }
}

void WorkbenchSession::setRunBackendLabel(const QString &label)
{
    if (label == m_runBackendLabel)
        return;
    m_runBackendLabel = label;
    emit runBackendLabelChanged();
}

std::shared_ptr<DeploymentTarget> WorkbenchSession::deploymentTarget() const
{
    return m_destination == DeployDestination::VertexEndpoint ? m_cloudTarget : m_localTarget;
}

void WorkbenchSession::setDeploymentTarget(DeploymentTarget *local)
{
    m_localTarget =
        local ? std::shared_ptr<DeploymentTarget>(local, [](DeploymentTarget *) {}) : nullptr;
    if (m_destination == DeployDestination::LocalRegistry)
        emit deployDestinationChanged();
}

Expected<void> WorkbenchSession::setDeployDestination(DeployDestination destination,
                                                      const QString &vertexEndpoint)
{
    if (destination == DeployDestination::LocalRegistry) {
        m_destination = destination;
        m_cloudTarget.reset();
        emit deployDestinationChanged();
        emit deploymentsChanged();
        return {};
    }
    if (!m_cloud)
        return fail(ErrorCode::InvalidArgument, "this build has no cloud backend");
    auto target = m_cloud->deploymentTarget(m_cloudSettings, vertexEndpoint.toStdString());
    if (!target)
        return std::unexpected(target.error());
    m_destination = destination;
    m_vertexEndpoint = vertexEndpoint;
    m_cloudTarget = std::move(*target);
    emit deployDestinationChanged();
    emit deploymentsChanged();
    return {};
}

void WorkbenchSession::log(QtMsgType type, const QString &message)
{
    emit logMessage(type, message);
}

}  // namespace covertype::ui
