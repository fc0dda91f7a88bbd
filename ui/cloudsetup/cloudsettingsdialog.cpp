// The Cloud settings dialog (see cloudsettingsdialog.h).
#include "cloudsetup/cloudsettingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "cloudsetup/cloudsettingsstorage.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string text(const QLineEdit *edit)
{
    return edit->text().trimmed().toStdString();
}

std::string text(const QComboBox *box)
{
    return box->currentText().trimmed().toStdString();
}

/// The field names of checkCloudSettings, as the form labels them.
QString fieldLabel(const std::string &field)
{
    if (field == "gcsRoot")
        return CloudSettingsDialog::tr("Cloud Storage root");
    if (field == "bigQueryTable")
        return CloudSettingsDialog::tr("BigQuery table");
    if (field == "keyFile")
        return CloudSettingsDialog::tr("Key file");
    if (field == "trainingMachine")
        return CloudSettingsDialog::tr("Training machine");
    if (field == "servingMachine")
        return CloudSettingsDialog::tr("Serving machine");
    if (field == "trainerImage")
        return CloudSettingsDialog::tr("Trainer image");
    if (field == "servingImage")
        return CloudSettingsDialog::tr("Serving image");
    return qs(field);
}

}  // namespace

CloudSettingsDialog::CloudSettingsDialog(WorkbenchSession *session, QWidget *parent)
    : QDialog(parent), m_session(session)
{
    setObjectName(QStringLiteral("cloudSettingsDialog"));
    setWindowTitle(tr("Cloud Settings"));
    setMinimumWidth(680);  // image URIs are long
    if (CloudProvider *provider = session->cloudProvider())
        m_defaults = provider->defaults();
    if (auto prices = loadConfiguredPriceTable())
        m_prices = std::move(*prices);
    buildUi();
    fill(session->cloudSettings());
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_test->setText(tr("Test Co&nnection"));
        showReport(m_watcher.future().result());
    });
}

CloudSettingsDialog::~CloudSettingsDialog()
{
    if (m_stop)
        m_stop->request_stop();
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

QLineEdit *CloudSettingsDialog::lineEdit(const char *name, const std::string &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(qs(placeholder));
    edit->setClearButtonEnabled(true);
    connect(edit, &QLineEdit::textChanged, this, &CloudSettingsDialog::updateChecks);
    return edit;
}

void CloudSettingsDialog::buildUi()
{
    auto *root = new QVBoxLayout(this);

    auto *where = new QGroupBox(tr("Project"), this);
    auto *whereForm = new QFormLayout(where);
    m_project = lineEdit("cloudProject", m_defaults.project.empty()
                                             ? tr("not set: CLOUDSDK_CORE_PROJECT or gcloud "
                                                  "config set project")
                                                   .toStdString()
                                             : m_defaults.project);
    m_region = lineEdit("cloudRegion",
                        m_defaults.region.empty() ? std::string("us-central1") : m_defaults.region);
    connect(m_region, &QLineEdit::textChanged, this, &CloudSettingsDialog::updatePrices);
    whereForm->addRow(tr("&Project:"), m_project);
    whereForm->addRow(tr("&Region:"), m_region);
    m_credentials = new QComboBox(this);
    m_credentials->setObjectName(QStringLiteral("cloudCredentials"));
    m_credentials->addItem(tr("Automatic (Application Default Credentials)"),
                           int(CredentialChoice::Automatic));
    m_credentials->addItem(tr("Key file"), int(CredentialChoice::KeyFile));
    m_credentials->addItem(tr("gcloud login (gcloud auth print-access-token)"),
                           int(CredentialChoice::Gcloud));
    m_credentials->setToolTip(
        tr("Automatic looks where Google's client libraries look: GOOGLE_APPLICATION_CREDENTIALS, "
           "gcloud's application default credentials, the metadata server, then gcloud."));
    whereForm->addRow(tr("&Credentials:"), m_credentials);
    m_keyFile =
        lineEdit("cloudKeyFile", tr("service-account or authorized_user JSON file").toStdString());
    m_browseKey = new QPushButton(tr("&Browse…"), this);
    connect(m_browseKey, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Choose a Key File"), m_keyFile->text(), tr("JSON files (*.json)"));
        if (!path.isEmpty())
            m_keyFile->setText(path);
    });
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile, 1);
    keyRow->addWidget(m_browseKey);
    auto *keyLabel = new QLabel(tr("&Key file:"), this);
    keyLabel->setBuddy(m_keyFile);
    whereForm->addRow(keyLabel, keyRow);
    connect(m_credentials, &QComboBox::currentIndexChanged, this,
            &CloudSettingsDialog::updateChecks);
    root->addWidget(where);

    auto *data = new QGroupBox(tr("Storage and data"), this);
    auto *dataForm = new QFormLayout(data);
    m_gcsRoot =
        lineEdit("cloudGcsRoot", m_defaults.gcsRoot.empty() ? std::string("gs://BUCKET/covertype")
                                                            : m_defaults.gcsRoot);
    m_gcsRoot->setToolTip(
        tr("Splits, jobs' output and models go under this Cloud Storage "
           "folder."));
    dataForm->addRow(tr("Cloud &Storage root:"), m_gcsRoot);
    m_bigQueryTable = lineEdit("cloudBigQueryTable", "PROJECT.DATASET.covertype");
    dataForm->addRow(tr("BigQuery &table:"), m_bigQueryTable);
    m_bigQueryLocation = new QComboBox(this);
    m_bigQueryLocation->setObjectName(QStringLiteral("cloudBigQueryLocation"));
    m_bigQueryLocation->setEditable(true);
    m_bigQueryLocation->addItems({QStringLiteral("US"), QStringLiteral("EU"),
                                  QStringLiteral("us-central1"), QStringLiteral("europe-west4"),
                                  QStringLiteral("asia-northeast3")});
    dataForm->addRow(tr("BigQuery &location:"), m_bigQueryLocation);
    root->addWidget(data);

    auto *run = new QGroupBox(tr("Containers and machines"), this);
    auto *runForm = new QFormLayout(run);
    m_trainerImage = lineEdit("cloudTrainerImage",
                              m_defaults.trainerImage.empty()
                                  ? std::string("REGION-docker.pkg.dev/PROJECT/covertype/trainer")
                                  : m_defaults.trainerImage);
    m_servingImage = lineEdit("cloudServingImage",
                              m_defaults.servingImage.empty()
                                  ? std::string("REGION-docker.pkg.dev/PROJECT/covertype/serving")
                                  : m_defaults.servingImage);
    runForm->addRow(tr("Tra&iner image:"), m_trainerImage);
    runForm->addRow(tr("Ser&ving image:"), m_servingImage);
    const auto machineBox = [this](const char *name, QLabel *&price) {
        auto *box = new QComboBox(this);
        box->setObjectName(QLatin1String(name));
        box->setEditable(true);
        if (m_prices)
            for (const auto &[machine, vcpus] : m_prices->vcpus)
                box->addItem(qs(machine));
        connect(box, &QComboBox::currentTextChanged, this, &CloudSettingsDialog::updateChecks);
        connect(box, &QComboBox::currentTextChanged, this, &CloudSettingsDialog::updatePrices);
        price = new QLabel(this);
        price->setObjectName(QLatin1String(name) + QStringLiteral("Price"));
        auto *row = new QHBoxLayout;
        row->addWidget(box, 1);
        row->addWidget(price);
        return std::pair{box, row};
    };
    auto [training, trainingRow] = machineBox("cloudTrainingMachine", m_trainingPrice);
    auto [serving, servingRow] = machineBox("cloudServingMachine", m_servingPrice);
    m_trainingMachine = training;
    m_servingMachine = serving;
    // A row of a layout needs its label's buddy set by hand for the mnemonic to work.
    auto *trainingLabel = new QLabel(tr("Training &machine:"), this);
    trainingLabel->setBuddy(m_trainingMachine);
    auto *servingLabel = new QLabel(tr("Serving mac&hine:"), this);
    servingLabel->setBuddy(m_servingMachine);
    runForm->addRow(trainingLabel, trainingRow);
    runForm->addRow(servingLabel, servingRow);
    root->addWidget(run);

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("cloudProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b3261e;"));
    root->addWidget(m_problems);

    auto *testRow = new QHBoxLayout;
    m_test = new QPushButton(tr("Test Co&nnection"), this);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setToolTip(
        tr("Find the credentials, get a token and ask Vertex AI, Cloud Storage "
           "and BigQuery for something harmless"));
    connect(m_test, &QPushButton::clicked, this, &CloudSettingsDialog::testConnection);
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    root->addLayout(testRow);
    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionResult"));
    m_connection->setWordWrap(true);
    m_connection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_connection->setTextFormat(Qt::PlainText);
    root->addWidget(m_connection);
    root->addStretch(1);

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Save | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
        this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CloudSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { fill(m_defaults); });
    root->addWidget(m_buttons);
    if (!m_session->cloudProvider()) {
        m_test->setEnabled(false);
        m_test->setToolTip(tr("This build has no cloud backend."));
    }
}

void CloudSettingsDialog::fill(const CloudSettings &s)
{
    // A value equal to the default stays empty, so the placeholder shows where it comes from.
    const auto own = [](const std::string &value, const std::string &fallback) {
        return value == fallback ? QString() : qs(value);
    };
    m_project->setText(own(s.project, m_defaults.project));
    m_region->setText(own(s.region, m_defaults.region));
    m_credentials->setCurrentIndex(m_credentials->findData(int(s.credentials)));
    m_keyFile->setText(qs(s.keyFile));
    m_gcsRoot->setText(own(s.gcsRoot, m_defaults.gcsRoot));
    m_bigQueryTable->setText(qs(s.bigQueryTable));
    m_bigQueryLocation->setCurrentText(qs(s.bigQueryLocation));
    m_trainerImage->setText(own(s.trainerImage, m_defaults.trainerImage));
    m_servingImage->setText(own(s.servingImage, m_defaults.servingImage));
    m_trainingMachine->setCurrentText(qs(s.trainingMachine));
    m_servingMachine->setCurrentText(qs(s.servingMachine));
    updateChecks();
    updatePrices();
}

CloudSettings CloudSettingsDialog::settings() const
{
    const auto orDefault = [](std::string value, const std::string &fallback) {
        return value.empty() ? fallback : value;
    };
    CloudSettings s;
    s.project = orDefault(text(m_project), m_defaults.project);
    s.region = orDefault(text(m_region), m_defaults.region);
    s.credentials = CredentialChoice(m_credentials->currentData().toInt());
    s.keyFile = text(m_keyFile);
    s.gcsRoot = orDefault(text(m_gcsRoot), m_defaults.gcsRoot);
    s.bigQueryTable = text(m_bigQueryTable);
    s.bigQueryLocation = orDefault(text(m_bigQueryLocation), "US");
    s.trainerImage = orDefault(text(m_trainerImage), m_defaults.trainerImage);
    s.servingImage = orDefault(text(m_servingImage), m_defaults.servingImage);
    s.trainingMachine = text(m_trainingMachine);
    s.servingMachine = text(m_servingMachine);
    return s;
}

void CloudSettingsDialog::updateChecks()
{
    if (!m_buttons)
        return;  // still building
    const bool keyFile = m_credentials->currentData().toInt() == int(CredentialChoice::KeyFile);
    m_keyFile->setEnabled(keyFile);
    m_browseKey->setEnabled(keyFile);
    QStringList lines;
    for (const SettingProblem &p : checkCloudSettings(settings()))
        lines << tr("%1: %2").arg(fieldLabel(p.field), qs(p.message));
    m_problems->setText(lines.join(QLatin1Char('\n')));
    m_problems->setVisible(!lines.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(lines.isEmpty());
}

void CloudSettingsDialog::updatePrices()
{
    if (!m_servingPrice)
        return;
    const std::string region = settings().region.empty() ? "us-central1" : settings().region;
    const auto show = [&](QLabel *label, const Expected<MachinePrice> &price) {
        if (!m_prices) {
            label->clear();
            return;
        }
        if (!price) {
            label->setText(tr("no price for it in %1").arg(qs(region)));
            label->setToolTip(qs(price.error().message));
            return;
        }
        label->setText(tr("%1 vCPUs, %2 %3/h")
                           .arg(price->vcpus)
                           .arg(price->hourly, 0, 'f', 3)
                           .arg(qs(m_prices->currency)));
        label->setToolTip(tr("Prices copied on %1 from %2 (%3); check them before relying on "
                             "them.")
                              .arg(qs(m_prices->asOf), qs(m_prices->source), qs(m_prices->file)));
    };
    if (m_prices) {
        show(m_trainingPrice, m_prices->training(region, text(m_trainingMachine)));
        show(m_servingPrice, m_prices->prediction(region, text(m_servingMachine)));
    }
}

void CloudSettingsDialog::testConnection()
{
    CloudProvider *provider = m_session->cloudProvider();
    if (!provider)
        return;
    if (m_watcher.isRunning()) {
        m_stop->request_stop();
        return;
    }
    m_stop = std::make_shared<std::stop_source>();
    m_test->setText(tr("Cancel Co&nnection Test"));
    m_connection->setStyleSheet({});
    m_connection->setText(tr("Testing the connection…"));
    // A project or region left empty is found where the CLI finds it, and the test says where.
    CloudSettings tested = settings();
    tested.project = text(m_project);
    tested.region = text(m_region);
    m_watcher.setFuture(QtConcurrent::run(
        [provider, settings = tested, stop = m_stop]() -> Expected<ConnectionReport> {
            return provider->testConnection(settings, stop->get_token());
        }));
}

void CloudSettingsDialog::showReport(const Expected<ConnectionReport> &report)
{
    if (!report) {
        m_connection->setStyleSheet(QStringLiteral("color: #b3261e;"));
        m_connection->setText(tr("No connection: %1").arg(qs(report.error().message)));
        m_session->log(QtWarningMsg,
                       tr("Cloud connection test: %1").arg(qs(report.error().message)));
        emit connectionTested(false);
        return;
    }
    QStringList lines;
    lines << tr("Credentials: %1").arg(qs(report->credentials));
    lines
        << tr("Account: %1").arg(report->account.empty() ? tr("(not known)") : qs(report->account));
    lines << tr("Project: %1 (from %2)").arg(qs(report->project), qs(report->projectSource));
    lines << tr("Region: %1 (from %2)").arg(qs(report->region), qs(report->regionSource));
    for (const ServiceCheck &check : report->services)
        lines << (check.ok ? tr("✓ %1: %2") : tr("✗ %1: %2"))
                     .arg(qs(check.service), qs(check.detail));
    const bool ok = report->allServicesAnswered();
    m_connection->setStyleSheet(ok ? QString() : QStringLiteral("color: #b3261e;"));
    m_connection->setText(lines.join(QLatin1Char('\n')));
    m_session->log(ok ? QtInfoMsg : QtWarningMsg,
                   ok ? tr("Cloud connection test: every service answered (%1, %2)")
                            .arg(qs(report->project), qs(report->region))
                      : tr("Cloud connection test: a service did not answer, see Cloud Settings"));
    emit connectionTested(ok);
}

QString CloudSettingsDialog::connectionText() const
{
    return m_connection->text();
}

void CloudSettingsDialog::accept()
{
    if (!checkCloudSettings(settings()).empty())
        return;
    QSettings stored;
    CloudSettings own = settings();
    // What equals the default is stored empty, so a later change of the default still applies.
    for (auto [value, fallback] : {std::pair{&own.project, &m_defaults.project},
                                   {&own.region, &m_defaults.region},
                                   {&own.gcsRoot, &m_defaults.gcsRoot},
                                   {&own.trainerImage, &m_defaults.trainerImage},
                                   {&own.servingImage, &m_defaults.servingImage}})
        if (*value == *fallback)
            value->clear();
    writeCloudSettings(stored, own);
    m_session->setCloudSettings(settings());
    QDialog::accept();
}

}  // namespace covertype::ui
