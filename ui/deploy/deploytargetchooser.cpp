// The Deploy stage's target chooser (see deploytargetchooser.h).
#include "deploy/deploytargetchooser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

using Destination = WorkbenchSession::DeployDestination;

}  // namespace

DeployTargetChooser::DeployTargetChooser(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    if (auto prices = loadConfiguredPriceTable())
        m_prices = std::move(*prices);
    m_destination = new QComboBox(this);
    m_destination->setObjectName(QStringLiteral("deployDestination"));
    m_destination->addItem(tr("Local registry"), int(Destination::LocalRegistry));
    if (session->cloudProvider())
        m_destination->addItem(tr("Vertex AI endpoint"), int(Destination::VertexEndpoint));
    m_destination->setToolTip(
        tr("Where “Deploy” puts the model, where the pipeline deploys and "
           "what the query panel asks"));
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(QStringLiteral("vertexEndpoint"));
    m_endpoint->setPlaceholderText(tr("the model's own endpoint, created when missing"));
    m_endpoint->setToolTip(
        tr("An endpoint id: an existing endpoint, or a new one by this name "
           "(lower-case letters, digits and '-')"));
    m_endpoint->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[a-z][a-z0-9-]{0,62}")), this));
    m_endpoint->setClearButtonEnabled(true);
    m_price = new QLabel(this);
    m_price->setObjectName(QStringLiteral("servingPrice"));
    m_price->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("deployTargetProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_problem->hide();
    // One row, so the Deploy stage still fits a laptop screen; the price shows for Vertex AI.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    auto *destinationLabel = new QLabel(tr("Deploy t&o:"), this);
    destinationLabel->setBuddy(m_destination);
    auto *endpointLabel = new QLabel(tr("&Endpoint:"), this);
    endpointLabel->setBuddy(m_endpoint);
    row->addWidget(destinationLabel);
    row->addWidget(m_destination);
    row->addWidget(endpointLabel);
    row->addWidget(m_endpoint, 1);
    layout->addLayout(row);
    layout->addWidget(m_price);
    layout->addWidget(m_problem);

    connect(m_destination, &QComboBox::currentIndexChanged, this, &DeployTargetChooser::apply);
    connect(m_endpoint, &QLineEdit::editingFinished, this, &DeployTargetChooser::apply);
    connect(session, &WorkbenchSession::deployDestinationChanged, this,
            &DeployTargetChooser::syncFromSession);
    connect(session, &WorkbenchSession::cloudSettingsChanged, this,
            &DeployTargetChooser::syncFromSession);
    syncFromSession();
}

bool DeployTargetChooser::chooseVertex(const QString &endpoint)
{
    {
        const QSignalBlocker quiet(m_endpoint);
        m_endpoint->setText(endpoint);
    }
    const int index = m_destination->findData(int(Destination::VertexEndpoint));
    if (index < 0)
        return false;
    if (m_destination->currentIndex() == index)
        apply();
    else
        m_destination->setCurrentIndex(index);
    return m_session->deployDestination() == Destination::VertexEndpoint;
}

void DeployTargetChooser::chooseLocal()
{
    m_destination->setCurrentIndex(m_destination->findData(int(Destination::LocalRegistry)));
}

QString DeployTargetChooser::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

QString DeployTargetChooser::priceText() const
{
    return m_price->text();
}

namespace {

const QString kDestinationKey = QStringLiteral("deploy/destination");
const QString kEndpointKey = QStringLiteral("deploy/vertexEndpoint");

void rememberDeployDestination(const WorkbenchSession &session)
{
    QSettings settings;
    const bool vertex =
        session.deployDestination() == WorkbenchSession::DeployDestination::VertexEndpoint;
    settings.setValue(kDestinationKey, vertex ? QStringLiteral("vertex") : QStringLiteral("local"));
    settings.setValue(kEndpointKey, session.vertexEndpoint());
}

}  // namespace

void restoreDeployDestination(WorkbenchSession &session, const QSettings &settings)
{
    if (settings.value(kDestinationKey).toString() != QLatin1String("vertex"))
        return;
    if (auto ok = session.setDeployDestination(WorkbenchSession::DeployDestination::VertexEndpoint,
                                               settings.value(kEndpointKey).toString());
        !ok)
        session.log(QtWarningMsg,
                    QObject::tr("Deploys go to the local registry: the Vertex AI endpoint chosen "
                                "last cannot be used (%1)")
                        .arg(QString::fromStdString(ok.error().message)));
}

void DeployTargetChooser::apply()
{
    const auto wanted = Destination(m_destination->currentData().toInt());
    if (wanted == m_session->deployDestination() &&
        (wanted == Destination::LocalRegistry || m_endpoint->text() == m_session->vertexEndpoint()))
        return syncFromSession();
    auto ok = m_session->setDeployDestination(wanted, m_endpoint->text().trimmed());
    syncFromSession();
    if (ok)
        rememberDeployDestination(*m_session);
    if (!ok) {
        m_problem->setText(tr("Cannot deploy to Vertex AI: %1 (Cloud ▸ Cloud Settings…, Ctrl+,)")
                               .arg(QString::fromStdString(ok.error().message)));
        m_problem->show();
        m_session->log(QtWarningMsg, m_problem->text());
    }
}

void DeployTargetChooser::syncFromSession()
{
    const bool vertex = m_session->deployDestination() == Destination::VertexEndpoint;
    {
        const QSignalBlocker quiet(m_destination);
        m_destination->setCurrentIndex(
            m_destination->findData(int(m_session->deployDestination())));
    }
    m_problem->hide();
    m_endpoint->setEnabled(vertex);
    m_price->setVisible(vertex);
    if (!vertex) {
        m_price->clear();
        return;
    }
    const CloudSettings &cloud = m_session->cloudSettings();
    const std::string region = cloud.region.empty() ? "us-central1" : cloud.region;
    if (!m_prices) {
        m_price->clear();
        return;
    }
    auto price = m_prices->prediction(region, cloud.servingMachine);
    if (!price) {
        m_price->setText(tr("No price for %1 in %2: %3")
                             .arg(QString::fromStdString(cloud.servingMachine),
                                  QString::fromStdString(region),
                                  QString::fromStdString(price.error().message)));
        return;
    }
    m_price->setText(
        tr("%1 %2/h per node, about %3 %2 a month (%4, %5)")
            .arg(price->hourly, 0, 'f', 3)
            .arg(QString::fromStdString(m_prices->currency))
            .arg(price->hourly * 730, 0, 'f', 0)
            .arg(QString::fromStdString(cloud.servingMachine), QString::fromStdString(region)));
    m_price->setToolTip(
        tr("What one serving node costs while the model is deployed; prices "
           "copied on %1 from %2, not verified: check them before relying on "
           "them.")
            .arg(QString::fromStdString(m_prices->asOf), QString::fromStdString(m_prices->source)));
}

}  // namespace covertype::ui
