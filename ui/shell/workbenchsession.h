// What the stages of the workbench share: the open dataset, the split and tuning choices, the run
// store and the selected run. Panels read it and react to its signals; none of them owns another.
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/error.h"
#include "cloudsetup/cloudsettings.h"
#include "data/dataset.h"
#include "split/split.h"
#include "tuning/tuningspec.h"

namespace covertype {
class CloudProvider;
class DeploymentTarget;
}  // namespace covertype

namespace covertype::ui {

class WorkbenchSession : public QObject
{
    Q_OBJECT

public:
    explicit WorkbenchSession(QObject *parent = nullptr);

    /// The open table (shared, never copied) and the file it came from; nullptr before one opens.
    [[nodiscard]] std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    [[nodiscard]] const QString &datasetPath() const { return m_datasetPath; }
    void setDataset(std::shared_ptr<const Dataset> data, const QString &path);

    /// Rows selected in the data table (row indices of the dataset, ascending).
    [[nodiscard]] const std::vector<uint32_t> &selectedRows() const { return m_selectedRows; }
    void setSelectedRows(std::vector<uint32_t> rows);

    /// The split the Split stage edits and the Runs stage uses (course default until changed).
    [[nodiscard]] const SplitSpec &splitSpec() const { return m_splitSpec; }
    void setSplitSpec(const SplitSpec &spec);

    /// The tuning config the Tuning stage edits and the Runs stage runs (course config by default).
    /// `valid` is false while the form holds a config that fails validation.
    [[nodiscard]] const TuningSpec &tuningSpec() const { return m_tuningSpec; }
    [[nodiscard]] bool tuningSpecValid() const { return m_tuningSpecValid; }
    void setTuningSpec(const TuningSpec &spec, bool valid = true);

    /// Path of the SQLite run store (RunStore opens it; default AppDataLocation/runs.sqlite).
    [[nodiscard]] const QString &storePath() const { return m_storePath; }
    void setStorePath(const QString &path);

    /// Where deploys, the pipeline's deploy step and queries go: the local registry or the
    /// Vertex AI endpoint chosen in the Deploy stage; may be null. Shared: work in flight keeps
    /// the target it started with alive.
    [[nodiscard]] std::shared_ptr<DeploymentTarget> deploymentTarget() const;
    /// The local registry (app/ hands it in; not owned, it outlives the session).
    void setDeploymentTarget(DeploymentTarget *local);

    enum class DeployDestination { LocalRegistry, VertexEndpoint };
    [[nodiscard]] DeployDestination deployDestination() const { return m_destination; }
    /// The endpoint id of Vertex AI deploys ("": each model's own endpoint).
    [[nodiscard]] const QString &vertexEndpoint() const { return m_vertexEndpoint; }
    /// Chooses where deploys go. Vertex AI needs the cloud provider and Cloud settings with a
    /// Cloud Storage root and a serving image (the error names what is missing; nothing
    /// changes then). Makes no network call.
    [[nodiscard]] Expected<void> setDeployDestination(DeployDestination destination,
                                                      const QString &vertexEndpoint = {});
    /// The local registry directory the target writes to (for `covertype serve --registry`).
    [[nodiscard]] const QString &registryPath() const { return m_registryPath; }
    void setRegistryPath(const QString &path) { m_registryPath = path; }

    /// The cloud runs can go to (app/ hands in Google Cloud; tests a fake); null: local only.
    [[nodiscard]] CloudProvider *cloudProvider() const { return m_cloud; }
    void setCloudProvider(CloudProvider *provider) { m_cloud = provider; }
    /// The Cloud settings (project, region, Cloud Storage root, images, machines).
    [[nodiscard]] const CloudSettings &cloudSettings() const { return m_cloudSettings; }
    void setCloudSettings(const CloudSettings &settings);

    /// Where runs go, as the Runs stage shows it ("Local", "Vertex AI, a job per trial"); the
    /// status bar shows it.
    [[nodiscard]] const QString &runBackendLabel() const { return m_runBackendLabel; }
    void setRunBackendLabel(const QString &label);

    /// The run shown in Runs and offered to Deploy; nullopt when none is selected.
    [[nodiscard]] std::optional<int64_t> currentRun() const { return m_currentRun; }
    void setCurrentRun(std::optional<int64_t> runId);

    /// Appends a line to the log dock (and the status bar for warnings and errors).
    void log(QtMsgType type, const QString &message);

signals:
    void datasetChanged();
    void selectedRowsChanged();
    void splitSpecChanged();
    void tuningSpecChanged();
    void storePathChanged();
    void currentRunChanged();
    void cloudSettingsChanged();
    void runBackendLabelChanged();
    /// The deployment target changed (destination, endpoint or Cloud settings).
    void deployDestinationChanged();
    /// A run was recorded or changed state (the run history reloads).
    void runsChanged();
    /// Something deployed, undeployed or changed a default (the deployment lists reload).
    void deploymentsChanged();
    void logMessage(QtMsgType type, const QString &message);

public:
    /// Panels that record runs call this after writing to the store.
    void notifyRunsChanged() { emit runsChanged(); }
    /// Panels that change deployments call this afterwards.
    void notifyDeploymentsChanged() { emit deploymentsChanged(); }

private:
    std::shared_ptr<const Dataset> m_dataset;
    QString m_datasetPath;
    std::vector<uint32_t> m_selectedRows;
    SplitSpec m_splitSpec;
    TuningSpec m_tuningSpec;
    bool m_tuningSpecValid = true;
    QString m_storePath;
    std::shared_ptr<DeploymentTarget> m_localTarget;
    std::shared_ptr<DeploymentTarget> m_cloudTarget;
    DeployDestination m_destination = DeployDestination::LocalRegistry;
    QString m_vertexEndpoint;
    CloudProvider *m_cloud = nullptr;
    CloudSettings m_cloudSettings;
    QString m_runBackendLabel;
    QString m_registryPath;
    std::optional<int64_t> m_currentRun;
};

}  // namespace covertype::ui
