// Tests of the Runs stage panel: a small tuning started from the panel shows its trials live in
// the table and charts (linked selection), the history lists it, and the GUI stays responsive.
#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include "charts/trialmetricchart.h"
#include "data/csvloader.h"
#include "deploy/localregistry.h"
#include "runs/runcharts.h"
#include "runs/runcomparedialog.h"
#include "runs/runhistoryview.h"
#include "runs/runspanel.h"
#include "runs/trialstablemodel.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"

using namespace covertype;
using namespace covertype::ui;

class TestRunsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startNeedsData();
    void tuningFromPanelIsLive();
    void eventLoopStaysResponsiveWhileTuning();
    void reopenAndCompare();
    void startsOnTheNewestRun();
    void pipelineDeploysWhenTheGatePasses();
    void runIdentityAfterCancelAndReopen();
    void compareMatchesTuningAndPipelineSettings();
    void pipelineWithoutTargetSaysDeploySkipped();

private:
    /// A session on the real data (or none), with a tuning config of `trials` trials, all at
    /// once, recording into `store` (in the test's directory).
    std::unique_ptr<WorkbenchSession> makeSession(bool withData, int trials = 3,
                                                  const QString &store = "runs.sqlite") const;

    std::shared_ptr<const Dataset> m_data;
    QString m_dataPath;
    QTemporaryDir m_dir;
};

void TestRunsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    COVERTYPE_REAL_DATA(path);
    auto data = loadDataset(path.toStdString());
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    m_data = std::make_shared<const Dataset>(std::move(*data));
    m_dataPath = path;
    QVERIFY(m_dir.isValid());
}

std::unique_ptr<WorkbenchSession> TestRunsPanel::makeSession(bool withData, int trials,
                                                             const QString &store) const
{
    auto session = std::make_unique<WorkbenchSession>();
    session->setStorePath(m_dir.filePath(store));
    if (withData)
        session->setDataset(m_data, m_dataPath);
    TuningSpec spec = session->tuningSpec();
    spec.maxTrials = trials;
    spec.maxParallelTrials = trials;
    session->setTuningSpec(spec, true);
    return session;
}

void TestRunsPanel::startNeedsData()
{
    auto session = makeSession(false);
    RunsPanel panel(session.get());
    auto *start = panel.findChild<QPushButton *>("startTuning");
    auto *pipeline = panel.findChild<QPushButton *>("startPipeline");
    QVERIFY(start && pipeline);
    QVERIFY(!start->isEnabled());
    QVERIFY(!pipeline->isEnabled());
    QVERIFY(start->toolTip().contains("dataset"));

    session->setDataset(m_data, m_dataPath);
    QVERIFY(start->isEnabled());
    session->setTuningSpec(session->tuningSpec(), false);
    QVERIFY(!start->isEnabled());
    QVERIFY(start->toolTip().contains("not valid"));
}

void TestRunsPanel::eventLoopStaysResponsiveWhileTuning()
{
    // 18 full-length trials, 3 at a time, on the 75k rows (a few seconds on 2 cores): a 5 ms
    // timer measures how late the GUI thread gets to it while trials report epochs and finish and
    // the table and charts update.
    auto session = makeSession(true);
    session->setStorePath(m_dir.filePath("latency.sqlite"));  // the other tests share runs.sqlite
    TuningSpec spec = session->tuningSpec();
    spec.maxTrials = 18;
    spec.maxParallelTrials = 3;
    spec.enableTrialEarlyStopping = false;
    session->setTuningSpec(spec, true);
    RunsPanel panel(session.get());
    panel.resize(1280, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy finished(&panel, &RunsPanel::runFinished);

    test::EventLoopProbe probe;
    probe.start();
    QTest::mouseClick(panel.findChild<QPushButton *>("startTuning"), Qt::LeftButton);
    QVERIFY(panel.isRunning());
    QVERIFY(finished.wait(300000));
    probe.stop();
    QCOMPARE(finished.at(0).at(1).value<RunState>(), RunState::Succeeded);
    QCOMPARE(panel.trialsModel()->rowCount(), 18);
    const QString late = probe.report("an 18-trial tuning run", 50, 50);
    QVERIFY2(late.isEmpty(), qPrintable(late));
}

void TestRunsPanel::tuningFromPanelIsLive()
{
    auto session = makeSession(true);
    RunsPanel panel(session.get());
    panel.resize(1280, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QAbstractItemModelTester tester(panel.trialsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    QSignalSpy runsChanged(session.get(), &WorkbenchSession::runsChanged);

    // Event-loop latency while the tuning runs: a 5 ms timer records how late it fires.
    test::EventLoopProbe probe;

    auto *start = panel.findChild<QPushButton *>("startTuning");
    auto *cancel = panel.findChild<QPushButton *>("cancelRun");
    QVERIFY(start->isEnabled());
    QVERIFY(!cancel->isEnabled());
    probe.start();
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(panel.isRunning());
    QVERIFY(cancel->isEnabled());
    QVERIFY(!start->isEnabled());
    QVERIFY(finished.wait(300000));
    probe.stop();
    QCOMPARE(finished.at(0).at(1).value<RunState>(), RunState::Succeeded);
    QVERIFY(runsChanged.count() >= 2);  // started and finished

    const QString late = probe.report("a 3-trial tuning run");
    QVERIFY2(late.isEmpty(), qPrintable(late));

    QCOMPARE(panel.trialsModel()->rowCount(), 3);
    TrialMetricChart *chart = panel.charts()->metricChart();
    QCOMPARE(chart->succeededGraph()->data()->size() + chart->stoppedGraph()->data()->size(), 3);
    auto *progress = panel.findChild<QProgressBar *>("trialProgress");
    QCOMPARE(progress->value(), 3);
    QCOMPARE(progress->maximum(), 3);
    QVERIFY(session->currentRun().has_value());

    // Table -> chart.
    QTableView *table = panel.trialsView();
    table->selectRow(1);
    const QString id = table->model()->index(1, 0).data(TrialsTableModel::TrialIdRole).toString();
    QCOMPARE(chart->selectedTrial(), id);
    QCOMPARE(chart->selectionGraph()->data()->size(), 1);

    // Chart -> table.
    const QString other =
        table->model()->index(2, 0).data(TrialsTableModel::TrialIdRole).toString();
    chart->plot()->replot();
    const auto pixel = chart->trialPixel(other);
    QVERIFY(pixel.has_value());
    QTest::mouseClick(chart->plot(), Qt::LeftButton, {}, pixel->toPoint());
    QCOMPARE(chart->selectedTrial(), other);
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(TrialsTableModel::TrialIdRole).toString(), other);

    // History lists the run.
    QTreeWidget *history = panel.history()->tree();
    QTRY_COMPARE(history->topLevelItemCount(), 1);
    QTRY_COMPARE(history->topLevelItem(0)->text(2), QStringLiteral("Succeeded"));
    QVERIFY(!panel.grab().isNull());

    // Chart export: named after the run and the chart, at the size asked, without the ring of
    // the selected trial (which stays on screen).
    QCOMPARE(panel.suggestedChartFileName(),
             QStringLiteral("run-%1-metric-per-trial.png").arg(*session->currentRun()));
    QTemporaryDir out;
    const QString png = out.filePath("chart.png");
    QVERIFY(panel.exportCurrentChart(png, QSize(800, 500)));
    QCOMPARE(QImage(png).size(), QSize(800, 500));
    QCOMPARE(chart->selectedTrial(), other);
    QCOMPARE(chart->selectionGraph()->data()->size(), 1);
}

void TestRunsPanel::reopenAndCompare()
{
    auto session = makeSession(true);
    RunsPanel panel(session.get());
    QTreeWidget *history = panel.history()->tree();
    QTRY_COMPARE(history->topLevelItemCount(), 1);  // the run of the previous test

    // A second, smaller run.
    TuningSpec spec = session->tuningSpec();
    spec.maxTrials = 2;
    spec.maxParallelTrials = 2;
    session->setTuningSpec(spec, true);
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    panel.startTuning();
    QVERIFY(finished.wait(300000));
    QCOMPARE(panel.trialsModel()->rowCount(), 2);
    QTRY_COMPARE(history->topLevelItemCount(), 2);

    // Reopen the first run from the history.
    QSignalSpy shown(&panel, &RunsPanel::runShown);
    QTreeWidgetItem *firstRun = nullptr;
    for (int i = 0; i < history->topLevelItemCount(); ++i)
        if (history->topLevelItem(i)->text(0) == QLatin1String("1"))
            firstRun = history->topLevelItem(i);
    QVERIFY(firstRun);
    history->setCurrentItem(firstRun);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);  // may come before or after the call returns
    QCOMPARE(shown.at(0).at(0).toLongLong(), 1LL);      // the history may refill its items
    QCOMPARE(panel.trialsModel()->rowCount(), 3);
    QCOMPARE(session->currentRun().value_or(-1), int64_t(1));

    RunCompareDialog dialog(session->storePath(), 1, 2);
    QSignalSpy loaded(&dialog, &RunCompareDialog::loaded);
    QTRY_VERIFY2_WITH_TIMEOUT(!loaded.isEmpty(), qPrintable(dialog.summaryText()), 20000);
    QVERIFY(dialog.configTable()->topLevelItemCount() > 5);
    bool maxTrialsDiffers = false;
    for (int i = 0; i < dialog.configTable()->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = dialog.configTable()->topLevelItem(i);
        if (item->text(0).contains("maxTrials") || item->text(0).contains("max_trial"))
            maxTrialsDiffers = item->text(1) != item->text(2);
    }
    QVERIFY(maxTrialsDiffers);
}

void TestRunsPanel::startsOnTheNewestRun()
{
    // The store holds the runs of the tests above: a new panel shows the newest one.
    auto session = makeSession(true);
    RunsPanel panel(session.get());
    QSignalSpy shown(&panel, &RunsPanel::runShown);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
    const qint64 newest = shown.at(0).at(0).toLongLong();
    QVERIFY(newest >= 2);
    QCOMPARE(panel.history()->newestRun().value_or(-1), newest);
    QCOMPARE(session->currentRun().value_or(-1), newest);
    QCOMPARE(panel.history()->selectedRun().value_or(-1), newest);
    QVERIFY(panel.trialsModel()->rowCount() > 0);

    // A session that already has a run keeps it.
    auto other = makeSession(true);
    other->setCurrentRun(1);
    RunsPanel second(other.get());
    QTest::qWait(500);
    QCOMPARE(other->currentRun().value_or(-1), int64_t(1));
    QVERIFY(!second.shownRun());
}

void TestRunsPanel::pipelineDeploysWhenTheGatePasses()
{
    auto session = makeSession(true, 2, "pipeline.sqlite");
    LocalRegistry registry(m_dir.filePath("registry").toStdString());
    session->setDeploymentTarget(&registry);
    session->setRegistryPath(m_dir.filePath("registry"));
    RunsPanel panel(session.get());
    panel.findChild<QDoubleSpinBox *>("pipelineThreshold")->setValue(0.1);
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    QSignalSpy deployments(session.get(), &WorkbenchSession::deploymentsChanged);
    panel.startPipeline();
    QVERIFY(panel.isRunning());
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.at(0).at(1).value<RunState>(), RunState::Succeeded);

    // The step that says it deployed did deploy: the registry holds the model.
    auto list = registry.list();
    QVERIFY(list);
    QCOMPARE(list->size(), size_t(1));
    QCOMPARE((*list)[0].model, std::string("covertype_classifier"));
    QCOMPARE((*list)[0].version, std::string("v01"));
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(log.contains("Step deploy: succeeded"), qPrintable(log));
    QVERIFY2(log.contains("deployed as covertype_classifier v01"), qPrintable(log));
    QVERIFY(deployments.count() >= 1);

    // Recorded in the store as the CLI records a pipeline's deployment.
    auto store = RunStore::open(session->storePath().toStdString());
    QVERIFY(store);
    auto details = (*store)->loadRun(finished.at(0).at(0).toLongLong());
    QVERIFY(details);
    QCOMPARE(details->deployments.size(), size_t(1));
    QCOMPARE(details->deployments[0].state, DeploymentState::Deployed);

    // A second pipeline run deploys a new version instead of failing on v01.
    panel.startPipeline();
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.at(1).at(1).value<RunState>(), RunState::Succeeded);
    list = registry.list();
    QVERIFY(list);
    QCOMPARE(list->size(), size_t(2));
    QCOMPARE((*list)[1].version, std::string("v02"));
}

void TestRunsPanel::pipelineWithoutTargetSaysDeploySkipped()
{
    auto session = makeSession(true, 2, "pipeline-none.sqlite");
    RunsPanel panel(session.get());
    panel.findChild<QDoubleSpinBox *>("pipelineThreshold")->setValue(0.1);
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    panel.startPipeline();
    QVERIFY(finished.wait(300000));
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(!log.contains("Step deploy: succeeded"), qPrintable(log));
    QVERIFY2(log.contains("Step deploy: skipped") && log.contains("no deployment target"),
             qPrintable(log));
}

void TestRunsPanel::runIdentityAfterCancelAndReopen()
{
    auto session = makeSession(true, 2, "identity.sqlite");
    TuningSpec spec = session->tuningSpec();
    RunsPanel panel(session.get());
    QTreeWidget *history = panel.history()->tree();
    QSignalSpy finished(&panel, &RunsPanel::runFinished);
    panel.startTuning();
    QVERIFY(finished.wait(300000));  // run 1: two trials

    // Run 2, on four times the rows so that a trial lasts a while.
    spec.maxTrials = 30;
    spec.maxParallelTrials = 1;
    spec.enableTrialEarlyStopping = false;
    session->setTuningSpec(spec, true);
    session->setDataset(
        std::make_shared<const Dataset>(Dataset::concatenate(
            Dataset::concatenate(*m_data, *m_data), Dataset::concatenate(*m_data, *m_data))),
        m_dataPath);
    bool cancelAtNextTrial = false;
    connect(panel.trialsModel(), &QAbstractItemModel::rowsInserted, this, [&] {
        if (std::exchange(cancelAtNextTrial, false))
            panel.cancelRun();  // just as a trial starts: that trial is cut short
    });
    panel.startTuning();
    // The running run's history line counts its finished trials before the run ends.
    QTRY_VERIFY_WITH_TIMEOUT(history->topLevelItemCount() == 2 &&
                                 !history->topLevelItem(0)->text(4).startsWith("0 ") &&
                                 panel.isRunning(),
                             60000);
    QCOMPARE(history->topLevelItem(0)->text(2), QStringLiteral("Running"));
    // Picking run 1 while run 2 runs shows run 1 once run 2 has ended.
    QSignalSpy shown(&panel, &RunsPanel::runShown);
    panel.openRun(1);
    cancelAtNextTrial = true;
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.at(1).at(1).value<RunState>(), RunState::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
    QCOMPARE(shown.last().at(0).toLongLong(), 1LL);

    // Everything on the stage names run 1: table, highlighted line, status, log, session.
    QCOMPARE(panel.shownRun().value_or(-1), int64_t(1));
    QCOMPARE(panel.trialsModel()->rowCount(), 2);
    QCOMPARE(session->currentRun().value_or(-1), int64_t(1));
    QTRY_COMPARE(panel.history()->selectedRun().value_or(-1), int64_t(1));
    const QString status = panel.findChild<QLabel *>("runStatus")->text();
    QVERIFY2(status.startsWith("Run 1 "), qPrintable(status));
    const QString log = panel.findChild<QPlainTextEdit *>("runLog")->toPlainText();
    QVERIFY2(log.startsWith("Run 1 ") && !log.contains("Run 2"), qPrintable(log));
    QVERIFY2(panel.findChild<QProgressBar *>("trialProgress")->format().startsWith("run 1:"),
             qPrintable(panel.findChild<QProgressBar *>("trialProgress")->format()));

    // Reopening run 2: its cut-short trial is Cancelled, not Failed, and the stage follows.
    panel.openRun(2);
    QTRY_COMPARE(panel.shownRun().value_or(-1), int64_t(2));
    QTRY_COMPARE(panel.history()->selectedRun().value_or(-1), int64_t(2));
    const QString states = [&] {
        QStringList list;
        for (int row = 0; row < panel.trialsModel()->rowCount(); ++row)
            list
                << panel.trialsModel()->index(row, TrialsTableModel::StateColumn).data().toString();
        return list.join(',');
    }();
    QVERIFY2(states.contains("Cancelled") && !states.contains("Failed"), qPrintable(states));
    QVERIFY(panel.findChild<QLabel *>("runStatus")->text().startsWith("Run 2 "));
    QVERIFY(panel.findChild<QLabel *>("runStatus")->text().contains("Cancelled"));
}

void TestRunsPanel::compareMatchesTuningAndPipelineSettings()
{
    // The same tuning settings, stored by a tuning run as its config and by a pipeline run as
    // its hypertune_settings, compare as equal.
    const QString path = m_dir.filePath("compare.sqlite");
    auto store = RunStore::open(path.toStdString());
    QVERIFY(store);
    const TuningSpec spec = makeSession(false)->tuningSpec();
    const std::string config = writeTuningSpec(spec, TuningFormat::PipelineJson);
    NewRun tune;
    tune.kind = RunKind::Tune;
    tune.configJson = config;
    tune.splitJson = SplitSpec{}.toJson().dump();
    NewRun pipeline = tune;
    pipeline.kind = RunKind::Pipeline;
    pipeline.configJson = nlohmann::json{
        {"hypertune_settings", nlohmann::json::parse(config)},
        {"evaluation_metric_name", "accuracy"},
        {"evaluation_metric_threshold",
         0.69}}.dump();
    const auto first = (*store)->createRun(tune);
    const auto second = (*store)->createRun(pipeline);
    QVERIFY(first && second);
    store->reset();
    RunCompareDialog dialog(path, *first, *second);
    QSignalSpy loaded(&dialog, &RunCompareDialog::loaded);
    QTRY_VERIFY2_WITH_TIMEOUT(!loaded.isEmpty(), qPrintable(dialog.summaryText()), 20000);
    int tuningRows = 0;
    for (int i = 0; i < dialog.configTable()->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = dialog.configTable()->topLevelItem(i);
        if (!item->text(0).startsWith("tuning."))
            continue;
        ++tuningRows;
        QVERIFY2(item->text(1) == item->text(2) && !item->font(1).bold(),
                 qPrintable(item->text(0) + ": " + item->text(1) + " / " + item->text(2)));
        QCOMPARE(item->toolTip(1), item->text(1));
    }
    QVERIFY(tuningRows > 5);
}

QTEST_MAIN(TestRunsPanel)
#include "tst_runspanel.moc"
