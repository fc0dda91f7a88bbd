// The Cloud settings dialog: project, region, credentials, Cloud Storage root, BigQuery table,
// images and machines (with their hourly price), and a connection test run off the GUI thread.
#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include <memory>
#include <optional>
#include <stop_token>

#include "base/error.h"
#include "cloudsetup/cloudprovider.h"
#include "costs/pricetable.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace covertype::ui {

class WorkbenchSession;

class CloudSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CloudSettingsDialog(WorkbenchSession *session, QWidget *parent = nullptr);
    /// Stops a connection test in flight and waits for it.
    ~CloudSettingsDialog() override;

    /// The form's settings; a field left empty takes the default shown in it.
    [[nodiscard]] CloudSettings settings() const;
    [[nodiscard]] bool isTesting() const { return m_watcher.isRunning(); }
    /// The connection test's result as shown (empty before a test).
    [[nodiscard]] QString connectionText() const;

public slots:
    /// Tests the form's settings (not the saved ones) off the GUI thread; a second click
    /// cancels the test.
    void testConnection();
    /// Saves the settings (QSettings and the session) when they are well formed.
    void accept() override;

signals:
    /// The test ended: every service answered, or not (the dialog says why).
    void connectionTested(bool ok);

private:
    void buildUi();
    void fill(const CloudSettings &s);
    void updateChecks();
    void updatePrices();
    void showReport(const Expected<ConnectionReport> &report);
    [[nodiscard]] QLineEdit *lineEdit(const char *name, const std::string &placeholder);

    WorkbenchSession *m_session;
    CloudSettings m_defaults;
    std::optional<PriceTable> m_prices;
    QLineEdit *m_project = nullptr;
    QLineEdit *m_region = nullptr;
    QComboBox *m_credentials = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QPushButton *m_browseKey = nullptr;
    QLineEdit *m_gcsRoot = nullptr;
    QLineEdit *m_bigQueryTable = nullptr;
    QComboBox *m_bigQueryLocation = nullptr;
    QLineEdit *m_trainerImage = nullptr;
    QLineEdit *m_servingImage = nullptr;
    QComboBox *m_trainingMachine = nullptr;
    QComboBox *m_servingMachine = nullptr;
    QLabel *m_trainingPrice = nullptr;
    QLabel *m_servingPrice = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_connection = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QFutureWatcher<Expected<ConnectionReport>> m_watcher;
    std::shared_ptr<std::stop_source> m_stop;
};

}  // namespace covertype::ui
