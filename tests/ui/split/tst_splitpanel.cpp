// Tests of the Split stage panel on the real 75k rows: counts, clicking lots, queries, warnings,
// export.
#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "data/csvloader.h"
#include "shell/workbenchsession.h"
#include "split/lotgridwidget.h"
#include "split/split.h"
#include "split/splitpanel.h"
#include "testsupport.h"

using namespace covertype;
using namespace covertype::ui;

class TestSplitPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void courseSplitMatchesAssignRows();
    void clickingLotMovesIt();
    void sqlMatchesSplitSql();
    void emptyValidationWarns();
    void followsSessionSpec();
    void exportWritesSplitJson();
    void fewerLotsKeepsTheOthersAside();
    void copyAndExportSayWhatHappened();
    void screenshot();

private:
    std::unique_ptr<SplitPanel> makePanel(WorkbenchSession &session);

    std::shared_ptr<const Dataset> m_data;
    std::vector<int32_t> m_lots;
};

void TestSplitPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    COVERTYPE_REAL_DATA(path);
    auto data = loadDataset(path.toStdString());
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = std::make_shared<const Dataset>(std::move(*data));
    auto lots = computeLots(*m_data, 10);
    QVERIFY(lots);
    m_lots = std::move(*lots);
}

std::unique_ptr<SplitPanel> TestSplitPanel::makePanel(WorkbenchSession &session)
{
    session.setDataset(m_data, QStringLiteral("covertype_75k.csv"));
    auto panel = std::make_unique<SplitPanel>(&session);
    panel->resize(1280, 800);
    panel->show();
    return panel;
}

void TestSplitPanel::courseSplitMatchesAssignRows()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    auto *table = panel->findChild<QTableView *>("countsTable");
    QVERIFY(table);
    QAbstractItemModelTester tester(table->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(panel->counts().has_value(), 20000);
    const SplitRows expected = assignRows(m_lots, SplitSpec{});
    const auto counts = *panel->counts();
    QCOMPARE(counts[0].rows, expected.training.size());
    QCOMPARE(counts[1].rows, expected.validation.size());
    QCOMPARE(counts[2].rows, expected.testing.size());
    QCOMPARE(counts[0].rows + counts[1].rows + counts[2].rows + counts[3].rows, m_data->rowCount());
    QCOMPARE(table->model()->index(1, 1).data(Qt::UserRole).toULongLong(),
             qulonglong(expected.validation.size()));
    QVERIFY2(panel->warnings().isEmpty(), qPrintable(panel->warnings().join('\n')));
}

void TestSplitPanel::clickingLotMovesIt()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    QTRY_VERIFY_WITH_TIMEOUT(panel->counts().has_value(), 20000);
    const size_t lot0 = std::count(m_lots.begin(), m_lots.end(), 0);
    QVERIFY(lot0 > 0);
    const size_t before = (*panel->counts())[0].rows;
    auto *grid = panel->findChild<LotGridWidget *>("lotGrid");
    QVERIFY(grid && grid->isVisible());
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(0).center());
    QCOMPARE((*panel->counts())[0].rows, before + lot0);
    QCOMPARE(session.splitSpec().training, (std::vector<int>{0, 1, 2, 3, 4}));
    QCOMPARE(panel->findChild<QLineEdit *>("trainingLots")->text(), QString("0, 1, 2, 3, 4"));
    // A second click cycles it on to validation.
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(0).center());
    QCOMPARE((*panel->counts())[0].rows, before);
    QCOMPARE(session.splitSpec().validation, (std::vector<int>{0, 8}));
}

void TestSplitPanel::sqlMatchesSplitSql()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    auto *sql = panel->findChild<QPlainTextEdit *>("sql_validation");
    QVERIFY(sql);
    QCOMPARE(sql->toPlainText().toStdString(),
             *splitSql("covertype_dataset.covertype", SplitSpec{}, "validation"));
    panel->findChild<QLineEdit *>("tableName")->setText("proj.ds.tbl");
    QCOMPARE(panel->findChild<QPlainTextEdit *>("sql_testing")->toPlainText().toStdString(),
             *splitSql("proj.ds.tbl", SplitSpec{}, "testing"));
}

void TestSplitPanel::emptyValidationWarns()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    QTRY_VERIFY_WITH_TIMEOUT(panel->counts().has_value(), 20000);
    QVERIFY(panel->warnings().isEmpty());
    auto *grid = panel->findChild<LotGridWidget *>("lotGrid");
    QTest::mouseClick(grid, Qt::LeftButton, {},
                      grid->cellRect(8).center());  // validation -> testing
    QVERIFY(panel->spec().validation.empty());
    QVERIFY(panel->warnings().join('\n').contains("validation"));
    // An invalid split never reaches the session.
    QCOMPARE(session.splitSpec(), SplitSpec{});
}

void TestSplitPanel::followsSessionSpec()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    SplitSpec spec;
    spec.numLots = 20;
    spec.training = {0, 1, 2};
    spec.validation = {10};
    spec.testing = {19};
    session.setSplitSpec(spec);
    QCOMPARE(panel->spec(), spec);
    QCOMPARE(panel->findChild<QLineEdit *>("testingLots")->text(), QString("19"));
    QTRY_VERIFY_WITH_TIMEOUT(panel->counts().has_value(), 20000);
    auto lots = computeLots(*m_data, 20);
    QCOMPARE((*panel->counts())[0].rows, assignRows(*lots, spec).training.size());
}

void TestSplitPanel::exportWritesSplitJson()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSignalSpy finished(panel.get(), &SplitPanel::exportFinished);
    QSignalSpy logged(&session, &WorkbenchSession::logMessage);
    panel->exportTo(dir.path());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(QFile::exists(dir.filePath("split.json")));
    QVERIFY(QFile::exists(dir.filePath("datasets/training/data.csv")));
    QVERIFY(!logged.isEmpty());
}

void TestSplitPanel::fewerLotsKeepsTheOthersAside()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    auto *count = panel->findChild<QSpinBox *>("lotCount");
    QVERIFY(count);
    count->setValue(7);  // the course's validation lot 8 and testing lot 9 cannot exist
    QCOMPARE(panel->spec().numLots, 7);
    QVERIFY(panel->spec().validation.empty() && panel->spec().testing.empty());
    const QString warnings = panel->warnings().join('\n');
    QVERIFY2(warnings.contains("lot 8 (validation)") && warnings.contains("lot 9 (testing)"),
             qPrintable(warnings));
    // One warning per problem: the empty splits are not said a second time in other words.
    QVERIFY2(!warnings.contains("Invalid split"), qPrintable(warnings));
    count->setValue(10);
    QCOMPARE(panel->spec(), SplitSpec{});
    QVERIFY2(!panel->warnings().join('\n').contains("Kept aside"),
             qPrintable(panel->warnings().join('\n')));
}

void TestSplitPanel::copyAndExportSayWhatHappened()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    auto *copy = panel->findChild<QPushButton *>("copy_training");
    QVERIFY(copy);
    QSignalSpy logged(&session, &WorkbenchSession::logMessage);
    copy->click();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             panel->findChild<QPlainTextEdit *>("sql_training")->toPlainText());
    QVERIFY(copy->text().contains("Copied"));
    QVERIFY(!logged.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), QStringLiteral("Copy"), 5000);

    // After an export, changing the split says the export is not of this split any more.
    QTemporaryDir dir;
    QSignalSpy finished(panel.get(), &SplitPanel::exportFinished);
    panel->exportTo(dir.path());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    auto *progress = panel->findChild<QProgressBar *>("exportProgress");
    auto *status = panel->findChild<QLabel *>("exportStatus");
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY(status->text().startsWith("Exported"));
    auto *grid = panel->findChild<LotGridWidget *>("lotGrid");
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(0).center());
    QCOMPARE(progress->value(), 0);
    QVERIFY2(status->text().contains("changed since the export"), qPrintable(status->text()));
}

void TestSplitPanel::screenshot()
{
    WorkbenchSession session;
    auto panel = makePanel(session);
    QTRY_VERIFY_WITH_TIMEOUT(panel->counts().has_value(), 20000);
    QTest::qWait(200);  // the chart replots from the event loop
    QTemporaryDir shots;
    QVERIFY(panel->grab().save(shots.filePath(QStringLiteral("shot-split.png"))));
}

QTEST_MAIN(TestSplitPanel)
#include "tst_splitpanel.moc"
