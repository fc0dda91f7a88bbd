// Start/stop control for an in-process prediction server answering from the local registry.
#include "localservercontrol.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include "serving/predictionserver.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

LocalServerControl::LocalServerControl(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_port->setRange(0, 65535);
    m_port->setValue(8080);
    m_port->setToolTip(tr("Port on 127.0.0.1 to listen on (0: any free port)"));
    m_start = new QPushButton(tr("Start server"), this);
    m_start->setObjectName(QStringLiteral("startServer"));
    m_start->setToolTip(
        tr("Serve every deployed model of the local registry over HTTP, as `covertype serve`"));
    m_stop = new QPushButton(tr("Stop server"), this);
    m_stop->setObjectName(QStringLiteral("stopServer"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("serverState"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setWordWrap(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Port:"), this));
    layout->addWidget(m_port);
    layout->addWidget(m_start);
    layout->addWidget(m_stop);
    layout->addWidget(m_state, 1);

    connect(m_start, &QPushButton::clicked, this, &LocalServerControl::start);
    connect(m_stop, &QPushButton::clicked, this, &LocalServerControl::stop);
    updateState();
}

LocalServerControl::~LocalServerControl() = default;

QString LocalServerControl::url() const
{
    return m_server ? QString::fromStdString(m_server->url()) : QString();
}

int LocalServerControl::port() const
{
    return m_server ? m_server->port() : 0;
}

bool LocalServerControl::start()
{
    if (m_server)
        return true;
    const QString registry = m_session->registryPath();
    if (registry.isEmpty()) {
        updateState(tr("No registry directory is set: nothing to serve."));
        return false;
    }
    // The server refuses a registry that does not exist yet; an empty one serves no models.
    QDir().mkpath(registry);
    serving::ServerConfig config;
    config.host = "127.0.0.1";
    config.port = static_cast<uint16_t>(m_port->value());
    config.registryRoot = registry.toStdString();
    auto server = std::make_unique<serving::PredictionServer>(config);
    if (auto ok = server->start(); !ok) {
        const QString why = tr("Cannot start the server on 127.0.0.1:%1: %2")
                                .arg(m_port->value())
                                .arg(QString::fromStdString(ok.error().message));
        m_session->log(QtWarningMsg, why);
        updateState(why);
        return false;
    }
    connect(server.get(), &serving::PredictionServer::problem, this,
            [this](const QString &message) { m_session->log(QtWarningMsg, message); });
    m_server = std::move(server);
    m_session->log(QtInfoMsg, tr("Prediction server listening on %1").arg(url()));
    updateState();
    emit stateChanged(true);
    return true;
}

void LocalServerControl::stop()
{
    if (!m_server)
        return;
    m_server.reset();
    m_session->log(QtInfoMsg, tr("Prediction server stopped"));
    updateState();
    emit stateChanged(false);
}

void LocalServerControl::updateState(const QString &error)
{
    const bool running = m_server != nullptr;
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_port->setEnabled(!running);
    if (running)
        m_state->setText(tr("Running at <a href=\"%1\">%1</a> — POST %1/v1/models/MODEL:predict")
                             .arg(url().toHtmlEscaped()));
    else if (!error.isEmpty())
        m_state->setText(
            QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(error.toHtmlEscaped()));
    else
        m_state->setText(tr("Stopped"));
    m_state->setOpenExternalLinks(true);
}

}  // namespace covertype::ui
