// Tests for the trials table model: columns per parameter, live rows, numeric sorting through a
// proxy, CSV export, and Qt's model consistency checks throughout.
#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "runs/trialstablemodel.h"
#include "testsupport.h"

using namespace covertype;
using namespace covertype::ui;

namespace {

TuningSpec spec()
{
    TuningSpec s;
    s.metricTag = "accuracy";
    ParameterSpec alpha;
    alpha.name = "alpha";
    alpha.type = ParameterType::Double;
    alpha.minValue = 1e-5;
    alpha.maxValue = 1e-2;
    alpha.scale = ScaleType::UnitLog;
    ParameterSpec iter;
    iter.name = "max_iter";
    iter.type = ParameterType::Integer;
    iter.minValue = 5;
    iter.maxValue = 1000;
    ParameterSpec penalty;
    penalty.name = "penalty";
    penalty.type = ParameterType::Categorical;
    penalty.categoricalValues = {"l2", "elastic,net"};
    s.params = {alpha, iter, penalty};
    return s;
}

TrialResult trial(std::string id, TrialOutcome state, std::optional<double> objective, double alpha,
                  int64_t iter, int epochs, double seconds)
{
    TrialResult t;
    t.trialId = std::move(id);
    t.state = state;
    t.objective = objective;
    t.values = {alpha, iter, std::string(iter > 100 ? "elastic,net" : "l2")};
    t.epochs = epochs;
    t.seconds = seconds;
    return t;
}

std::vector<TrialResult> trials()
{
    return {
        trial("1", TrialOutcome::Succeeded, 0.7, 1e-4, 1000, 12, 3.5),
        trial("2", TrialOutcome::Failed, {}, 1e-2, 5, 0, 0.25),
        trial("10", TrialOutcome::Succeeded, 0.65, 3e-5, 50, 9, 12.0),
        trial("9", TrialOutcome::StoppedEarly, 0.6, 2e-3, 200, 3, 1.0),
    };
}

QStringList column(const QAbstractItemModel &m, int col, int role = Qt::DisplayRole)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.data(m.index(r, col), role).toString();
    return out;
}

}  // namespace

class TestTrialsTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void columnsAndCells()
    {
        TrialsTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(TrialsTableModel::FirstParameterColumn));
        model.setSpec(spec());
        QCOMPARE(model.columnCount(), 8);
        QCOMPARE(model.headerData(TrialsTableModel::MetricColumn, Qt::Horizontal).toString(),
                 QString("Validation accuracy"));
        QCOMPARE(model.headerData(TrialsTableModel::SecondsColumn, Qt::Horizontal).toString(),
                 QString("Time (s)"));
        QCOMPARE(model.headerData(5, Qt::Horizontal).toString(), QString("alpha"));
        QCOMPARE(model.headerData(7, Qt::Horizontal).toString(), QString("penalty"));

        model.setTrials(trials());
        QCOMPARE(model.rowCount(), 4);
        // Rows in trial-number order: 1, 2, 9, 10.
        QCOMPARE(column(model, TrialsTableModel::TrialColumn), (QStringList{"1", "2", "9", "10"}));
        QCOMPARE(column(model, TrialsTableModel::StateColumn),
                 (QStringList{"Succeeded", "Failed", "Stopped early", "Succeeded"}));
        QCOMPARE(column(model, TrialsTableModel::MetricColumn),
                 (QStringList{"0.700000", "", "0.600000", "0.650000"}));
        QCOMPARE(column(model, 5), (QStringList{"0.0001", "0.01", "0.002", "3e-05"}));
        QCOMPARE(column(model, 6), (QStringList{"1000", "5", "200", "50"}));
        QCOMPARE(model.data(model.index(3, 0), TrialsTableModel::TrialIdRole).toString(),
                 QString("10"));
        QCOMPARE(model.rowOfTrial("9"), 2);
        QCOMPARE(model.rowOfTrial("nope"), -1);
        QCOMPARE(model.trialIdAt(1), QString("2"));
        QVERIFY(!model.data(model.index(0, 0), Qt::DecorationRole).isValid());
    }

    void liveRowsKeepTrialOrder()
    {
        TrialsTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSpec(spec());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (const TrialResult &t : trials())
            model.addOrUpdateTrial(t);
        QCOMPARE(inserted.count(), 4);
        // "9" went in before "10", which was already there.
        QCOMPARE(inserted.at(3).at(1).toInt(), 2);
        QCOMPARE(column(model, 0), (QStringList{"1", "2", "9", "10"}));

        TrialResult running = trial("3", TrialOutcome::Active, {}, 1e-3, 10, 0, 0);
        model.addOrUpdateTrial(running);
        QCOMPARE(model.rowOfTrial("3"), 2);
        QCOMPARE(model.data(model.index(2, TrialsTableModel::EpochsColumn)).toString(), QString());
        running.state = TrialOutcome::Succeeded;
        running.objective = 0.75;
        running.epochs = 4;
        model.addOrUpdateTrial(running);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(model.data(model.index(2, TrialsTableModel::MetricColumn)).toString(),
                 QString("0.750000"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void sortsNumerically_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascendingIds");
        QTest::newRow("trial number, not text")
            << int(TrialsTableModel::TrialColumn) << QStringList{"1", "2", "9", "10"};
        QTest::newRow("metric, missing last")
            << int(TrialsTableModel::MetricColumn) << QStringList{"9", "10", "1", "2"};
        QTest::newRow("epochs") << int(TrialsTableModel::EpochsColumn)
                                << QStringList{"2", "9", "10", "1"};
        QTest::newRow("seconds") << int(TrialsTableModel::SecondsColumn)
                                 << QStringList{"2", "9", "1", "10"};
        QTest::newRow("alpha, not text") << 5 << QStringList{"10", "1", "9", "2"};
        QTest::newRow("max_iter, not text") << 6 << QStringList{"2", "10", "9", "1"};
    }

    void sortsNumerically()
    {
        QFETCH(int, column);
        QFETCH(QStringList, ascendingIds);
        TrialsTableModel model;
        model.setSpec(spec());
        model.setTrials(trials());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(TrialsTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(column, Qt::AscendingOrder);
        QCOMPARE(::column(proxy, 0), ascendingIds);
    }

    void exportsCsv()
    {
        TrialsTableModel model;
        model.setSpec(spec());
        model.setTrials(trials());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("out/trials.csv");
        auto ok = model.exportCsv(path);
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QCOMPARE(csv, QByteArray("trial_id,state,accuracy,epochs,seconds,alpha,max_iter,penalty\n"
                                 "1,SUCCEEDED,0.7,12,3.5,0.0001,1000,\"elastic,net\"\n"
                                 "2,FAILED,,0,0.25,0.01,5,l2\n"
                                 "9,STOPPED_EARLY,0.6,3,1,0.002,200,\"elastic,net\"\n"
                                 "10,SUCCEEDED,0.65,9,12,3e-05,50,l2\n"));

        // A path that cannot be created is an Io error naming it.
        const QString blocker = test::writeFile(dir.path(), "plain-file", "x");
        auto bad = model.exportCsv(blocker + "/trials.csv");
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::Io);
        QVERIFY(bad.error().message.find("plain-file") != std::string::npos);
    }
};

QTEST_MAIN(TestTrialsTableModel)
#include "tst_trialstablemodel.moc"
