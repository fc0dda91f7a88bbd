// Start/stop control for an in-process prediction server answering from the local registry.
#pragma once

#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QSpinBox;

namespace covertype::serving {
class PredictionServer;
}

namespace covertype::ui {

class WorkbenchSession;

/// A port spin box, Start/Stop buttons and the server state (URL or the error that stopped it).
/// The server lives on the GUI thread (it answers requests on the thread that owns it) and is
/// stopped when this widget goes.
class LocalServerControl : public QWidget
{
    Q_OBJECT

public:
    explicit LocalServerControl(WorkbenchSession *session, QWidget *parent = nullptr);
    ~LocalServerControl() override;

    [[nodiscard]] bool isRunning() const { return m_server != nullptr; }
    /// "http://127.0.0.1:8080" while running, else empty.
    [[nodiscard]] QString url() const;
    /// The bound port while running (the spin box value may be 0: any free port), else 0.
    [[nodiscard]] int port() const;

public slots:
    /// Starts serving session->registryPath(); the error is shown and logged on failure.
    bool start();
    void stop();

signals:
    void stateChanged(bool running);

private:
    void updateState(const QString &error = {});

    WorkbenchSession *m_session;
    QSpinBox *m_port;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_state;
    std::unique_ptr<serving::PredictionServer> m_server;
};

}  // namespace covertype::ui
