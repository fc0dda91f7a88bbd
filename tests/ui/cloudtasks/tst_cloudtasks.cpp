// Tests of the BigQuery work the Data and Split stages start, against the fake Google Cloud:
// Load into BigQuery (confirmed, checked against the file's row count, cancellable, refused with
// the missing setting named), and Split in BigQuery with its counts beside the local preview's,
// a mismatch highlighted.
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

#include "bigquery/bigqueryservice.h"
#include "cloudtasks/bigqueryloader.h"
#include "cloudtasks/bigquerysplitter.h"
#include "cloudtasks/cloudtaskbar.h"
#include "data/csvwriter.h"
#include "data/datapanel.h"
#include "fakegooglecloud.h"
#include "setup/googlecloudprovider.h"
#include "shell/workbenchsession.h"
#include "split/splitpanel.h"
#include "testsupport.h"
#include "thisprocess.h"

using namespace covertype;
using namespace covertype::ui;
using covertype::fakecloud::FakeGoogleCloud;

namespace {

constexpr int kWaitMs = 60000;

bool requested(const FakeGoogleCloud &fake, const std::string &method, const std::string &part)
{
    for (const auto &r : fake.requests())
        if (r.method == method && r.target.find(part) != std::string::npos)
            return true;
    return false;
}

}  // namespace

class TestCloudTasks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void loadPutsTheOpenTableInBigQuery();
    void loadAsksFirstAndNamesWhatIsMissing();
    void cancelStopsTheLoadJob();
    void splitInBigQueryMatchesTheLocalPreview();
    void aMismatchIsHighlighted();

private:
    std::unique_ptr<WorkbenchSession> makeSession() const;
    /// The loader of `panel`, its confirmation answered with `answer` (the question kept).
    BigQueryLoader *loaderOf(DataPanel &panel, bool answer, QString *question = nullptr) const;
    /// The split panel's BigQuery runner, once the local preview is counted.
    BigQuerySplitter *splitterOf(SplitPanel &panel) const;

    std::shared_ptr<const Dataset> m_data;
    QTemporaryDir m_dir;
    std::unique_ptr<FakeGoogleCloud> m_fake;
    cloud::GoogleCloudProvider m_provider;
    CloudSettings m_settings;  ///< pointing at m_fake, a key file as the credentials
};

void TestCloudTasks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    COVERTYPE_REAL_DATA(path);
    auto data = test::firstRows(path, 6000);
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = *data;
    qputenv("COVERTYPE_RETRY_INITIAL_MS", "20");
}

void TestCloudTasks::init()
{
    m_fake = std::make_unique<FakeGoogleCloud>();
    m_settings = fakecloud::prepareWorkbenchCloud(*m_fake, m_dir.path().toStdString(),
                                                  "course-bucket", m_provider.defaults());
    QVERIFY(!m_settings.keyFile.empty());
    m_settings.bigQueryTable = "fake-project.covertype_dataset.covertype";
    auto bigquery = m_fake->bigQuery().settings();
    bigquery.pendingPolls = 1;
    bigquery.runningPolls = 1;
    m_fake->bigQuery().setSettings(bigquery);
}

void TestCloudTasks::cleanup()
{
    m_fake.reset();
}

std::unique_ptr<WorkbenchSession> TestCloudTasks::makeSession() const
{
    auto session = std::make_unique<WorkbenchSession>();
    session->setStorePath(m_dir.filePath(QStringLiteral("runs.sqlite")));
    session->setDataset(m_data, QStringLiteral("covertype-6000.csv"));
    session->setCloudProvider(const_cast<cloud::GoogleCloudProvider *>(&m_provider));
    session->setCloudSettings(m_settings);
    return session;
}

BigQueryLoader *TestCloudTasks::loaderOf(DataPanel &panel, bool answer, QString *question) const
{
    auto *loader = panel.findChild<BigQueryLoader *>();
    if (!loader)
        return nullptr;
    loader->setConfirm([answer, question](const QString &, const QString &text) {
        if (question)
            *question = text;
        return answer;
    });
    return loader;
}

BigQuerySplitter *TestCloudTasks::splitterOf(SplitPanel &panel) const
{
    if (!QTest::qWaitFor([&] { return panel.counts().has_value(); }, kWaitMs))
        return nullptr;
    return panel.findChild<BigQuerySplitter *>();
}

void TestCloudTasks::loadPutsTheOpenTableInBigQuery()
{
    auto session = makeSession();
    DataPanel panel(session.get());
    QString question;
    BigQueryLoader *loader = loaderOf(panel, true, &question);
    QVERIFY(loader);
    QVERIFY(loader->isVisibleTo(&panel));
    QSignalSpy finished(loader, &BigQueryLoader::finished);
    loader->bar()->startButton()->click();
    QVERIFY2(question.contains("fake-project.covertype_dataset.covertype") &&
                 question.contains("6,000") && question.contains("covertype-6000.csv"),
             qPrintable(question));
    QVERIFY(loader->bar()->isRunning());
    QVERIFY(!loader->bar()->startButton()->isEnabled());
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(loader->bar()->statusText().contains("Loaded 6,000 rows"),
             qPrintable(loader->bar()->statusText()));
    QCOMPARE(m_fake->bigQueryRowCount("fake-project", "covertype_dataset", "covertype"),
             std::optional<size_t>(6000));
    // Staged where the Cloud settings say, as the CLI stages it.
    const auto staged = m_fake->objectData("course-bucket", "workbench/staging/covertype.csv");
    QVERIFY(staged);
    QCOMPARE(*staged, datasetToCsv(*m_data));
    QVERIFY(loader->bar()->startButton()->isEnabled());
}

void TestCloudTasks::loadAsksFirstAndNamesWhatIsMissing()
{
    auto session = makeSession();
    DataPanel panel(session.get());
    BigQueryLoader *loader = loaderOf(panel, false);
    QVERIFY(loader);
    QSignalSpy finished(loader, &BigQueryLoader::finished);
    loader->bar()->startButton()->click();
    QVERIFY(!loader->bar()->isRunning());  // declined: nothing runs, nothing is asked
    QVERIFY(m_fake->requests().empty());

    CloudSettings settings = session->cloudSettings();
    settings.bigQueryTable.clear();
    session->setCloudSettings(settings);
    QVERIFY2(loader->bar()->startButton()->toolTip().contains("BigQuery table"),
             qPrintable(loader->bar()->startButton()->toolTip()));
    loader->bar()->startButton()->click();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(loader->bar()->statusText().contains("set the BigQuery table"),
             qPrintable(loader->bar()->statusText()));
    QVERIFY(m_fake->requests().empty());

    // Without a cloud the button is not there at all.
    WorkbenchSession local;
    DataPanel localPanel(&local);
    QVERIFY(!localPanel.findChild<BigQueryLoader *>()->isVisibleTo(&localPanel));
}

void TestCloudTasks::cancelStopsTheLoadJob()
{
    auto bigquery = m_fake->bigQuery().settings();
    bigquery.runningPolls = 1000000;  // the load job runs until cancelled
    m_fake->bigQuery().setSettings(bigquery);
    auto session = makeSession();
    DataPanel panel(session.get());
    BigQueryLoader *loader = loaderOf(panel, true);
    QVERIFY(loader);
    QSignalSpy finished(loader, &BigQueryLoader::finished);
    loader->bar()->startButton()->click();
    QVERIFY(
        QTest::qWaitFor([&] { return loader->bar()->statusText().contains("RUNNING"); }, kWaitMs));
    loader->findChild<QPushButton *>(QStringLiteral("cancelTask"))->click();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(loader->bar()->statusText().contains("cancelled"),
             qPrintable(loader->bar()->statusText()));
    QVERIFY(requested(*m_fake, "POST", "/cancel"));
    QVERIFY(!m_fake->bigQueryRowCount("fake-project", "covertype_dataset", "covertype"));
}

void TestCloudTasks::splitInBigQueryMatchesTheLocalPreview()
{
    QCOMPARE(m_fake->createBigQueryTable("fake-project", "covertype_dataset", "covertype",
                                         datasetToCsv(*m_data)),
             std::string());
    auto session = makeSession();
    SplitPanel panel(session.get());
    BigQuerySplitter *splitter = splitterOf(panel);
    QVERIFY(splitter);
    QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("tableName"))->text(),
             QStringLiteral("fake-project.covertype_dataset.covertype"));
    QSignalSpy finished(splitter, &BigQuerySplitter::finished);
    splitter->bar()->startButton()->click();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(!splitter->mismatch(), qPrintable(splitter->bar()->statusText()));
    QTableWidget *results = splitter->results();
    QVERIFY(results->isVisibleTo(splitter));  // on the BigQuery tab
    QCOMPARE(results->rowCount(), 3);
    const auto local = *panel.counts();
    const QLocale locale;
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(results->item(row, 1)->text(), locale.toString(qulonglong(local[row].rows)));
        QCOMPARE(results->item(row, 2)->text(), results->item(row, 1)->text());
        QCOMPARE(results->item(row, 3)->text(), QStringLiteral("none"));
    }
    // The tables and exports the course pipeline reads.
    for (const char *split : {"training", "validation", "testing"}) {
        QCOMPARE(m_fake->bigQueryRowCount("fake-project", "covertype_dataset",
                                          std::string("covertype_") + split),
                 std::optional<size_t>(local[split[0] == 't' && split[1] == 'r' ? 0
                                             : split[0] == 'v'                  ? 1
                                                                                : 2]
                                           .rows));
        QVERIFY(m_fake->objectData("course-bucket",
                                   std::string("workbench/datasets/") + split + "/data.csv"));
    }
    QVERIFY2(splitter->bar()->statusText().contains("match"),
             qPrintable(splitter->bar()->statusText()));
}

void TestCloudTasks::aMismatchIsHighlighted()
{
    // BigQuery holds fewer rows than the open file: the counts cannot all agree.
    std::vector<uint32_t> rows(5000);
    std::iota(rows.begin(), rows.end(), 0U);
    QCOMPARE(m_fake->createBigQueryTable("fake-project", "covertype_dataset", "covertype",
                                         datasetToCsv(m_data->selectRows(rows))),
             std::string());
    auto session = makeSession();
    SplitPanel panel(session.get());
    BigQuerySplitter *splitter = splitterOf(panel);
    QVERIFY(splitter);
    QSignalSpy finished(splitter, &BigQuerySplitter::finished);
    splitter->bar()->startButton()->click();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(splitter->mismatch());
    QVERIFY2(splitter->bar()->statusText().contains("differ"),
             qPrintable(splitter->bar()->statusText()));
    QTableWidget *results = splitter->results();
    int highlighted = 0;
    for (int row = 0; row < results->rowCount(); ++row) {
        const bool differs = results->item(row, 1)->text() != results->item(row, 2)->text();
        const bool marked = results->item(row, 2)->background().style() != Qt::NoBrush;
        QCOMPARE(marked, differs);
        highlighted += marked ? 1 : 0;
        if (differs)
            QVERIFY(results->item(row, 3)->text().startsWith('-'));
    }
    QVERIFY(highlighted > 0);
}

QTEST_MAIN(TestCloudTasks)
#include "tst_cloudtasks.moc"
