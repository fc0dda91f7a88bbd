// The Deploy stage: run model, threshold gate, local deployments, server and query form.
#include "deploypanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "charts/chartstyle.h"
#include "deploy/deploychecklist.h"
#include "deploy/deploymenttarget.h"
#include "deploy/deploytargetchooser.h"
#include "localservercontrol.h"
#include "querypanel.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

constexpr double kDefaultThreshold = 0.69;
const QString kDefaultModelName = QStringLiteral("covertype_classifier");

enum DeploymentColumn {
    ColModel,
    ColVersion,
    ColDefault,
    ColTraffic,
    ColCreated,
    ColEndpoint,
    ColPath,
    ColCount
};

}  // namespace

DeployPanel::DeployPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    // Run and model.
    m_runLabel = new QLabel(this);
    m_runLabel->setObjectName(QStringLiteral("runLabel"));
    m_modelLabel = new QLabel(this);
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    m_modelLabel->setWordWrap(true);
    m_modelLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *runBox = new QGroupBox(tr("Run and model"), this);
    auto *runLayout = new QVBoxLayout(runBox);
    runLayout->addWidget(m_runLabel);
    runLayout->addWidget(m_modelLabel);

    // Gate.
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("gateMetric"));
    m_metric->addItem(tr("accuracy"), QStringLiteral("accuracy"));
    m_metric->addItem(tr("recall (macro)"), QStringLiteral("recall"));
    m_metric->setToolTip(tr("The testing metric the pipeline recorded with the model"));
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setObjectName(QStringLiteral("gateThreshold"));
    m_threshold->setRange(0, 1);
    m_threshold->setDecimals(3);
    m_threshold->setSingleStep(0.01);
    m_threshold->setValue(kDefaultThreshold);
    m_threshold->setToolTip(tr("The model deploys when its metric is strictly above this value"));
    m_gate = new QLabel(this);
    m_gate->setObjectName(QStringLiteral("gateLabel"));
    m_gate->setWordWrap(true);
    auto *gateBox = new QGroupBox(tr("Threshold gate"), this);
    auto *gateLayout = new QFormLayout(gateBox);
    gateLayout->addRow(tr("&Metric:"), m_metric);
    gateLayout->addRow(tr("&Threshold:"), m_threshold);
    gateLayout->addRow(tr("Decision:"), m_gate);

    // Deploy form.
    const auto *nameValidator = new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z][A-Za-z0-9_]{0,127}")), this);
    m_name = new QLineEdit(kDefaultModelName, this);
    m_name->setObjectName(QStringLiteral("modelName"));
    m_name->setValidator(nameValidator);
    m_version = new QLineEdit(this);
    m_version->setObjectName(QStringLiteral("modelVersion"));
    m_version->setValidator(nameValidator);
    m_version->setToolTip(tr("The next free version is proposed; any letter-first name works"));
    m_replace = new QCheckBox(tr("Re&place an existing version"), this);
    m_replace->setObjectName(QStringLiteral("replaceVersion"));
    m_deploy = new QPushButton(tr("&Deploy best model"), this);
    m_deploy->setObjectName(QStringLiteral("deployButton"));
    m_deploy->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_deploy->setToolTip(tr("Deploy the run's final model to the chosen target (Ctrl+D)"));
    m_deployAnyway = new QPushButton(tr("Deploy &anyway…"), this);
    m_deployAnyway->setObjectName(QStringLiteral("deployAnywayButton"));
    m_deployAnyway->setToolTip(tr("Deploy a model that failed the gate, after confirmation"));
    m_cancelDeploy = new QPushButton(tr("Cancel"), this);
    m_cancelDeploy->setObjectName(QStringLiteral("cancelDeploy"));
    m_cancelDeploy->setToolTip(tr("Stop the deploy to Vertex AI and remove what it made so far"));
    m_cancelDeploy->setEnabled(false);
    m_cancelDeploy->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("deployMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chooser = new DeployTargetChooser(session, this);
    m_steps = new DeployChecklist(this);
    m_steps->setMaximumHeight(fontMetrics().height() * 8);
    m_steps->hide();
    auto *deployBox = new QGroupBox(tr("Deploy"), this);
    auto *deployForm = new QFormLayout(deployBox);
    deployForm->addRow(m_chooser);
    deployForm->addRow(tr("Model &name:"), m_name);
    deployForm->addRow(tr("&Version:"), m_version);
    deployForm->addRow(QString(), m_replace);
    auto *deployButtons = new QHBoxLayout;
    deployButtons->addWidget(m_deploy);
    deployButtons->addWidget(m_deployAnyway);
    deployButtons->addWidget(m_cancelDeploy);
    deployButtons->addStretch(1);
    deployForm->addRow(deployButtons);
    deployForm->addRow(m_message);
    deployForm->addRow(m_steps);

    // Deployed versions.
    m_deployments = new QTreeWidget(this);
    m_deployments->setObjectName(QStringLiteral("deploymentsList"));
    m_deployments->setRootIsDecorated(false);
    m_deployments->setColumnCount(ColCount);
    m_deployments->setHeaderLabels({tr("Model"), tr("Version"), tr("Default"), tr("Traffic"),
                                    tr("Created (UTC)"), tr("Endpoint"), tr("Artifact")});
    m_deployments->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_setDefault = new QPushButton(tr("Set de&fault"), this);
    m_setDefault->setObjectName(QStringLiteral("setDefaultButton"));
    m_undeploy = new QPushButton(tr("&Undeploy…"), this);
    m_undeploy->setObjectName(QStringLiteral("undeployButton"));
    m_deleteEndpoint = new QPushButton(tr("De&lete Endpoint…"), this);
    m_deleteEndpoint->setObjectName(QStringLiteral("deleteEndpointButton"));
    m_deleteEndpoint->setToolTip(
        tr("Delete the selected version's Vertex AI endpoint with every model deployed on it"));
    m_deleteEndpoint->setEnabled(false);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Re-read the run and the registry (F5)"));
    auto *listBox = new QGroupBox(tr("Deployed models"), this);
    auto *listLayout = new QVBoxLayout(listBox);
    listLayout->addWidget(m_deployments);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_setDefault);
    listButtons->addWidget(m_undeploy);
    listButtons->addWidget(m_deleteEndpoint);
    listButtons->addStretch(1);
    listButtons->addWidget(m_refresh);
    listLayout->addLayout(listButtons);

    m_server = new LocalServerControl(session, this);
    auto *serverBox = new QGroupBox(tr("Local prediction server"), this);
    (new QVBoxLayout(serverBox))->addWidget(m_server);

    m_query = new QueryPanel(session, this);
    auto *queryBox = new QGroupBox(tr("Query"), this);
    (new QVBoxLayout(queryBox))->addWidget(m_query);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(runBox);
    leftLayout->addWidget(gateBox);
    leftLayout->addWidget(deployBox);
    leftLayout->addWidget(listBox, 1);
    leftLayout->addWidget(serverBox);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(queryBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    (new QVBoxLayout(this))->addWidget(splitter);

    connect(m_metric, &QComboBox::currentIndexChanged, this, &DeployPanel::updateGate);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &DeployPanel::updateGate);
    connect(m_deploy, &QPushButton::clicked, this, &DeployPanel::deployBest);
    connect(m_deployAnyway, &QPushButton::clicked, this, &DeployPanel::deployAnyway);
    connect(m_cancelDeploy, &QPushButton::clicked, this, &DeployPanel::cancelDeploy);
    connect(m_setDefault, &QPushButton::clicked, this, &DeployPanel::setDefaultVersion);
    connect(m_undeploy, &QPushButton::clicked, this, &DeployPanel::undeploySelected);
    connect(m_deleteEndpoint, &QPushButton::clicked, this, &DeployPanel::deleteSelectedEndpoint);
    connect(m_refresh, &QPushButton::clicked, this, &DeployPanel::reload);
    connect(m_deployments, &QTreeWidget::itemSelectionChanged, this, [this] {
        const auto items = m_deployments->selectedItems();
        updateListButtons(!items.isEmpty());
        if (!items.isEmpty())
            m_query->setModel(items.first()->text(ColModel), items.first()->text(ColVersion));
    });
    connect(m_session, &WorkbenchSession::currentRunChanged, this, &DeployPanel::reload);
    connect(m_session, &WorkbenchSession::storePathChanged, this, &DeployPanel::reload);
    connect(m_session, &WorkbenchSession::deploymentsChanged, this,
            &DeployPanel::refreshDeployments);
    // The local server serves the local registry: out of the way while deploys go to Vertex AI.
    const auto showServer = [this, serverBox] {
        serverBox->setVisible(m_session->deployDestination() ==
                              WorkbenchSession::DeployDestination::LocalRegistry);
    };
    connect(m_session, &WorkbenchSession::deployDestinationChanged, serverBox, showServer);
    connect(m_session, &WorkbenchSession::deployDestinationChanged, this, [this] {
        m_steps->clear();
        m_steps->hide();
        m_message->clear();
        updateGate();
    });
    connect(m_session, &WorkbenchSession::runsChanged, this, &DeployPanel::loadRun);
    connect(m_server, &LocalServerControl::stateChanged, this, [this] { refreshDeployments(); });
    reload();
}

DeployPanel::~DeployPanel()
{
    // A cloud deploy is not left running with nobody to see it: it is cancelled (and undone).
    if (m_deployTarget)
        m_deployTarget->requestCancel();
    // The work holds the target, but a local registry is not owned by it: wait.
    for (QFuture<void> &f : m_work)
        f.waitForFinished();
}

template <typename T>
QFuture<T> DeployPanel::keep(QFuture<T> future)
{
    m_work.removeIf([](const QFuture<void> &f) { return f.isFinished(); });
    m_work.append(QFuture<void>(future));
    return future;
}

bool DeployPanel::confirm(const QString &title, const QString &question)
{
    if (m_confirm)
        return m_confirm(title, question);
    return QMessageBox::question(this, title, question) == QMessageBox::Yes;
}

void DeployPanel::reload()
{
    loadRun();
    refreshDeployments();
}

void DeployPanel::loadRun()
{
    m_run.reset();
    const auto runId = m_session->currentRun();
    if (!runId) {
        m_runLabel->setText(tr("No run selected: pick one in the Runs stage."));
        m_modelLabel->clear();
    } else if (m_session->storePath().isEmpty()) {
        m_runLabel->setText(tr("No run store is open."));
        m_modelLabel->clear();
    } else if (auto info = loadRunModel(m_session->storePath().toStdString(), *runId); !info) {
        const QString why =
            tr("Cannot read run %1 from %2: %3")
                .arg(*runId)
                .arg(m_session->storePath(), QString::fromStdString(info.error().message));
        m_runLabel->setText(why);
        m_modelLabel->clear();
        m_session->log(QtWarningMsg, why);
    } else {
        m_run = std::move(*info);
        m_runLabel->setText(
            tr("Run %1 (%2, %3)")
                .arg(m_run->runId)
                .arg(ChartStyle::runKindName(m_run->kind), ChartStyle::runStateName(m_run->state)));
        if (!m_run->model) {
            m_modelLabel->setText(tr("This run has no final model: run the pipeline."));
        } else {
            QStringList metrics;
            for (const auto &[name, value] : m_run->metrics)
                metrics << QStringLiteral("%1 = %2")
                               .arg(QString::fromStdString(name))
                               .arg(value, 0, 'f', 4);
            m_modelLabel->setText(tr("Model %1: %2\nMetrics: %3")
                                      .arg(m_run->model->id)
                                      .arg(QString::fromStdString(m_run->model->path),
                                           metrics.isEmpty() ? tr("none recorded")
                                                             : metrics.join(QStringLiteral(", "))));
        }
    }
    updateGate();
}

bool DeployPanel::gatePassed() const
{
    if (!m_run || !m_run->model)
        return false;
    const auto value = metricValue(*m_run, m_metric->currentData().toString().toStdString());
    return value && gatePasses(*value, m_threshold->value());
}

void DeployPanel::updateGate()
{
    const bool hasModel = m_run && m_run->model;
    const bool hasTarget = m_session->deploymentTarget() != nullptr;
    if (!hasModel) {
        m_gate->setText(tr("No model to judge."));
    } else {
        const QString metric = m_metric->currentData().toString();
        const auto value = metricValue(*m_run, metric.toStdString());
        if (!value)
            m_gate->setText(tr("<span style=\"color:#b00020\">✗ FAIL</span> — the model has no "
                               "recorded %1")
                                .arg(metric));
        else if (gatePasses(*value, m_threshold->value()))
            m_gate->setText(tr("<span style=\"color:#1b7f3b\">✓ PASS</span> — %1 %2 &gt; %3")
                                .arg(metric)
                                .arg(*value, 0, 'f', 4)
                                .arg(m_threshold->value(), 0, 'f', 3));
        else
            m_gate->setText(tr("<span style=\"color:#b00020\">✗ FAIL</span> — %1 %2 ≤ %3")
                                .arg(metric)
                                .arg(*value, 0, 'f', 4)
                                .arg(m_threshold->value(), 0, 'f', 3));
    }
    m_deploy->setEnabled(hasModel && hasTarget && !m_deploying);
    m_deployAnyway->setEnabled(hasModel && hasTarget && !m_deploying && !gatePassed());
    if (!hasTarget)  // shown, not logged: this runs on every threshold change
        m_message->setText(tr("No deployment target: choose one above."));
}

void DeployPanel::refreshDeployments()
{
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    const int generation = ++m_listGeneration;
    updateListButtons(m_deployments->currentItem() != nullptr);
    if (!target) {
        const QSignalBlocker quiet(m_deployments);
        m_deployments->clear();
        updateListButtons(false);
        updateGate();
        return;
    }
    // Listing a cloud target is a network call: off the GUI thread, the newest answer wins.
    m_refresh->setEnabled(false);
    auto *watcher = new QFutureWatcher<Expected<std::vector<Deployment>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_listGeneration)
            return;
        m_refresh->setEnabled(true);
        showDeployments(watcher->result());
    });
    watcher->setFuture(keep(QtConcurrent::run([target] { return target->list(); })));
}

void DeployPanel::showDeployments(const Expected<std::vector<Deployment>> &list)
{
    const QTreeWidgetItem *current = m_deployments->currentItem();
    const QString selectedModel = current ? current->text(ColModel) : QString();
    const QString selectedVersion = current ? current->text(ColVersion) : QString();
    const QSignalBlocker quiet(m_deployments);  // clearing is not the user choosing nothing
    m_deployments->clear();
    updateListButtons(false);
    if (!list) {
        showMessage(
            tr("Cannot list the deployments: %1").arg(QString::fromStdString(list.error().message)),
            true);
        return;
    }
    bool queriedExists = false;
    QTreeWidgetItem *reselect = nullptr;
    for (const Deployment &d : *list) {
        const QString model = QString::fromStdString(d.model);
        const QString version = QString::fromStdString(d.version);
        queriedExists |= model == m_query->model() &&
                         (m_query->version().isEmpty() || version == m_query->version());
        auto *item = new QTreeWidgetItem(m_deployments);
        if (model == selectedModel && version == selectedVersion)
            reselect = item;
        item->setText(ColModel, QString::fromStdString(d.model));
        item->setText(ColVersion, QString::fromStdString(d.version));
        item->setText(ColDefault, d.isDefault ? tr("✓ default") : QString());
        item->setText(ColTraffic, d.trafficPercent >= 0
                                      ? QStringLiteral("%1 %").arg(d.trafficPercent)
                                      : QString());
        item->setText(ColCreated, QString::fromStdString(d.createdAt));
        item->setText(ColEndpoint,
                      QString::fromStdString(d.endpoint).section(QLatin1Char('/'), -1));
        item->setToolTip(ColEndpoint, QString::fromStdString(d.endpoint));
        item->setText(ColPath, QString::fromStdString(d.modelPath));
        item->setToolTip(ColPath, QString::fromStdString(d.modelPath));
        if (d.isDefault) {
            QFont bold = item->font(ColVersion);
            bold.setBold(true);
            item->setFont(ColVersion, bold);
        }
    }
    if (reselect) {
        m_deployments->setCurrentItem(reselect);
        updateListButtons(true);
    }
    // A query must not stay aimed at a version that is gone: fall back to the model's default.
    if (!queriedExists && !m_query->version().isEmpty())
        m_query->setModel(m_query->model(), QString());
    const QString name = m_name->text().isEmpty() ? kDefaultModelName : m_name->text();
    if (!m_replace->isChecked())
        m_version->setText(QString::fromStdString(nextFreeVersion(*list, name.toStdString())));
}

void DeployPanel::deployBest()
{
    if (!m_run || !m_run->model)
        return;
    if (!gatePassed()) {
        showMessage(tr("Not deployed: the model fails the gate (%1). Use “Deploy anyway…” to "
                       "override.")
                        .arg(m_gate->text()
                                 .remove(QRegularExpression(QStringLiteral("<[^>]*>")))
                                 .replace(QStringLiteral("&gt;"), QStringLiteral(">"))),
                    true);
        return;
    }
    startDeploy(false);
}

void DeployPanel::deployAnyway()
{
    if (!m_run || !m_run->model)
        return;
    if (!confirm(tr("Deploy anyway"), tr("The model fails the %1 gate at %2. Deploy it anyway?")
                                          .arg(m_metric->currentData().toString())
                                          .arg(m_threshold->value())))
        return;
    startDeploy(true);
}

void DeployPanel::startDeploy(bool overridden)
{
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    if (!target || m_deploying)
        return;
    // An empty version is the next free one, found with the deployments (off this thread).
    if (!m_name->hasAcceptableInput() ||
        (!m_version->text().isEmpty() && !m_version->hasAcceptableInput())) {
        showMessage(tr("Model name and version must start with a letter and hold only letters, "
                       "digits and underscores."),
                    true);
        return;
    }
    m_deploying = true;
    updateGate();
    const QString name = m_name->text(), version = m_version->text();
    showMessage(version.isEmpty() ? tr("Deploying %1 as its next version…").arg(name)
                                  : tr("Deploying %1 %2…").arg(name, version),
                false);
    // The target's steps, as they start and end on the deploying thread, shown here.
    m_steps->clear();
    m_steps->setVisible(target->name() != "local");
    // A cloud deploy takes minutes and can be cancelled; a local one is a file copy.
    m_deployTarget = target;
    m_cancelDeploy->setVisible(target->name() != "local");
    m_cancelDeploy->setEnabled(true);
    target->setStepObserver([panel = QPointer<DeployPanel>(this)](const DeployStep &step) {
        QMetaObject::invokeMethod(
            panel,
            [panel, step] {
                if (panel)
                    panel->m_session->log(
                        step.state == DeployStep::State::Failed ? QtWarningMsg : QtInfoMsg,
                        panel->m_steps->showStep(step));
            },
            Qt::QueuedConnection);
    });
    const std::string store = m_session->storePath().toStdString();
    const std::string registry = m_session->registryPath().isEmpty()
                                     ? target->name()
                                     : QDir::cleanPath(m_session->registryPath()).toStdString();
    auto future =
        QtConcurrent::run([target, store, registry, model = *m_run->model, n = name.toStdString(),
                           v = version.toStdString(), replace = m_replace->isChecked()] {
            std::string chosen = v;
            if (chosen.empty()) {
                auto deployed = target->list();
                if (!deployed)
                    return Expected<Deployment>(std::unexpected(deployed.error()));
                chosen = nextFreeVersion(*deployed, n);
            }
            return deployAndRecord(*target, store, model, registry, n, chosen, replace);
        });
    keep(future);
    auto *watcher = new QFutureWatcher<Expected<Deployment>>(this);
    connect(watcher, &QFutureWatcher<Expected<Deployment>>::finished, this,
            [this, watcher, name, version, overridden, target] {
                watcher->deleteLater();
                target->setStepObserver({});
                m_deploying = false;
                m_deployTarget.reset();
                m_cancelDeploy->setEnabled(false);
                const Expected<Deployment> result = watcher->result();
                if (!result) {
                    const QString message = QString::fromStdString(result.error().message);
                    const QString why =
                        result.error().code == ErrorCode::Cancelled
                            ? tr("Deploying %1 %2 was cancelled: %3").arg(name, version, message)
                            : tr("Deploying %1 %2 failed: %3").arg(name, version, message);
                    showMessage(why, true);
                    updateGate();
                    emit deployFinished(false, why);
                    return;
                }
                const QString deployedVersion = QString::fromStdString(result->version);
                QString done =
                    (overridden ? tr("Deployed %1 %2 despite the gate.") : tr("Deployed %1 %2."))
                        .arg(name, deployedVersion);
                if (!result->endpoint.empty() && target->name() != "local")
                    done += QLatin1Char(' ') +
                            tr("It serves on %1.").arg(QString::fromStdString(result->endpoint));
                showMessage(done, false);
                m_session->notifyRunsChanged();
                m_session->notifyDeploymentsChanged();
                updateGate();
                emit deployFinished(true, done);
            });
    watcher->setFuture(future);
}

void DeployPanel::cancelDeploy()
{
    if (!m_deploying || !m_deployTarget)
        return;
    m_cancelDeploy->setEnabled(false);
    showMessage(tr("Cancelling the deploy: removing what it made…"), false);
    m_deployTarget->requestCancel();
}

void DeployPanel::setDefaultVersion()
{
    auto *item = m_deployments->currentItem();
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    if (!item || !target)
        return;
    const QString model = item->text(ColModel), version = item->text(ColVersion);
    runOnTarget(
        [target, m = model.toStdString(), v = version.toStdString()] {
            return target->setDefault(m, v);
        },
        [this, model, version](const Expected<void> &ok) {
            if (!ok)
                showMessage(tr("Cannot make %1 %2 the default: %3")
                                .arg(model, version, QString::fromStdString(ok.error().message)),
                            true);
            else
                showMessage(tr("%1 now answers with %2 by default.").arg(model, version), false);
            m_session->notifyDeploymentsChanged();
        });
}

void DeployPanel::undeploySelected()
{
    auto *item = m_deployments->currentItem();
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    if (!item || !target)
        return;
    const QString model = item->text(ColModel), version = item->text(ColVersion);
    const bool local = target->name() == "local";
    if (!confirm(tr("Undeploy"),
                 local ? tr("Remove %1 version %2 from the registry?").arg(model, version)
                       : tr("Undeploy %1 version %2 from Vertex AI endpoint %3 and delete its "
                            "Vertex AI model? The endpoint is deleted with its last model.")
                             .arg(model, version, item->text(ColEndpoint))))
        return;
    showMessage(tr("Undeploying %1 %2…").arg(model, version), false);
    runOnTarget(
        [target, m = model.toStdString(), v = version.toStdString()] {
            return target->undeploy(m, v);
        },
        [this, model, version, local](const Expected<void> &ok) {
            if (!ok) {
                showMessage(tr("Cannot undeploy %1 %2: %3")
                                .arg(model, version, QString::fromStdString(ok.error().message)),
                            true);
            } else {
                showMessage(tr("Undeployed %1 %2.").arg(model, version), false);
                if (local && !m_session->storePath().isEmpty()) {
                    const auto recorded =
                        recordUndeploy(m_session->storePath().toStdString(),
                                       QDir::cleanPath(m_session->registryPath()).toStdString(),
                                       model.toStdString(), version.toStdString());
                    if (!recorded)
                        m_session->log(QtWarningMsg,
                                       tr("The undeploy was not recorded in the run store: %1")
                                           .arg(QString::fromStdString(recorded.error().message)));
                    else
                        m_session->notifyRunsChanged();
                }
            }
            m_session->notifyDeploymentsChanged();
        });
}

void DeployPanel::deleteSelectedEndpoint()
{
    auto *item = m_deployments->currentItem();
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    if (!item || !target)
        return;
    const QString endpoint = item->toolTip(ColEndpoint);
    if (endpoint.isEmpty())
        return;
    QStringList models;
    for (int i = 0; i < m_deployments->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *other = m_deployments->topLevelItem(i);
        if (other->toolTip(ColEndpoint) == endpoint)
            models << other->text(ColModel) + QLatin1Char(' ') + other->text(ColVersion);
    }
    const QString shortName = item->text(ColEndpoint);
    if (!confirm(tr("Delete Endpoint"),
                 tr("Delete Vertex AI endpoint %1 with what is deployed on it (%2)? Its models "
                    "are deleted from Vertex AI too, and requests to it fail from now on.")
                     .arg(shortName, models.join(tr(", ")))))
        return;
    showMessage(tr("Deleting endpoint %1…").arg(shortName), false);
    runOnTarget([target, e = endpoint.toStdString()] { return target->deleteEndpoint(e); },
                [this, shortName](const Expected<void> &ok) {
                    showMessage(
                        ok ? tr("Deleted endpoint %1.").arg(shortName)
                           : tr("Cannot delete endpoint %1: %2")
                                 .arg(shortName, QString::fromStdString(ok.error().message)),
                        !ok);
                    m_session->notifyDeploymentsChanged();
                });
}

void DeployPanel::updateListButtons(bool selected)
{
    const QTreeWidgetItem *item = selected ? m_deployments->currentItem() : nullptr;
    m_setDefault->setEnabled(item != nullptr);
    m_undeploy->setEnabled(item != nullptr);
    m_deleteEndpoint->setEnabled(item && !item->toolTip(ColEndpoint).isEmpty());
    // Only cloud targets have endpoints of their own.
    m_deleteEndpoint->setVisible(m_session->deployDestination() !=
                                 WorkbenchSession::DeployDestination::LocalRegistry);
}

void DeployPanel::runOnTarget(std::function<Expected<void>()> work,
                              std::function<void(const Expected<void> &)> done)
{
    updateListButtons(false);
    auto *watcher = new QFutureWatcher<Expected<void>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(keep(QtConcurrent::run(std::move(work))));
}

void DeployPanel::showMessage(const QString &message, bool error)
{
    m_message->setText(
        error
            ? QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(message.toHtmlEscaped())
            : message.toHtmlEscaped());
    m_session->log(error ? QtWarningMsg : QtInfoMsg, message);
}

}  // namespace covertype::ui
