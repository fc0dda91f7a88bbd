// The Deploy stage: the current run's final model, the threshold gate, deploying to the local
// registry, the deployed versions, a local prediction server and the query form.
#pragma once

#include <QFuture>
#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <optional>

#include "deploy/deploymenttarget.h"
#include "deploy/deployservice.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace covertype::ui {

class DeployChecklist;
class DeployTargetChooser;
class LocalServerControl;
class QueryPanel;
class WorkbenchSession;

class DeployPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DeployPanel(WorkbenchSession *session, QWidget *parent = nullptr);
    /// Waits for the calls on the target still running.
    ~DeployPanel() override;

    /// Asks the user to confirm (title, question); QMessageBox by default. Tests replace it.
    using Confirm = std::function<bool(const QString &title, const QString &question)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    [[nodiscard]] QueryPanel *queryPanel() const { return m_query; }
    [[nodiscard]] LocalServerControl *serverControl() const { return m_server; }
    [[nodiscard]] DeployTargetChooser *targetChooser() const { return m_chooser; }
    [[nodiscard]] DeployChecklist *checklist() const { return m_steps; }
    /// Whether the current model passes the gate at the current threshold (false without one).
    [[nodiscard]] bool gatePassed() const;

public slots:
    /// Re-reads the current run from the store and the deployments from the target.
    void reload();
    void refreshDeployments();
    /// Deploys when the gate passes; otherwise shows why and deploys nothing.
    void deployBest();
    /// Asks for confirmation, then deploys a model that failed the gate.
    void deployAnyway();
    void setDefaultVersion();
    void undeploySelected();
    /// Stops a cloud deploy in progress (what it made is removed).
    void cancelDeploy();
    void deleteSelectedEndpoint();
    /// Set default, Undeploy and Delete Endpoint follow the selection (`selected`).
    void updateListButtons(bool selected);

signals:
    /// A deploy finished (ok) or failed; the message says what happened.
    void deployFinished(bool ok, const QString &message);

private:
    void loadRun();
    void updateGate();
    void startDeploy(bool overridden);
    void showDeployments(const Expected<std::vector<Deployment>> &list);
    /// Runs `work` (a call on the target) off the GUI thread, then `done` on it.
    /// Remembers work on the target, which the destructor waits for.
    template <typename T>
    QFuture<T> keep(QFuture<T> future);
    void runOnTarget(std::function<Expected<void>()> work,
                     std::function<void(const Expected<void> &)> done);
    void showMessage(const QString &message, bool error);
    [[nodiscard]] bool confirm(const QString &title, const QString &question);

    WorkbenchSession *m_session;
    std::optional<RunModelInfo> m_run;
    Confirm m_confirm;
    bool m_deploying = false;
    int m_listGeneration = 0;
    QList<QFuture<void>> m_work;
    DeployTargetChooser *m_chooser = nullptr;
    DeployChecklist *m_steps = nullptr;

    QLabel *m_runLabel;
    QLabel *m_modelLabel;
    QComboBox *m_metric;
    QDoubleSpinBox *m_threshold;
    QLabel *m_gate;
    QLineEdit *m_name;
    QLineEdit *m_version;
    QCheckBox *m_replace;
    QPushButton *m_deploy;
    QPushButton *m_deployAnyway;
    QPushButton *m_cancelDeploy;
    std::shared_ptr<DeploymentTarget> m_deployTarget;  ///< of the deploy in progress
    QLabel *m_message;
    QTreeWidget *m_deployments;
    QPushButton *m_setDefault;
    QPushButton *m_undeploy;
    QPushButton *m_deleteEndpoint;
    QPushButton *m_refresh;
    LocalServerControl *m_server;
    QueryPanel *m_query;
};

}  // namespace covertype::ui
