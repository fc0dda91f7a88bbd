// Tests of the per-lot counts behind the split preview (core/splitpreview).
#include <QtTest>

#include "split/split.h"
#include "split/splitpreview.h"
#include "testsupport.h"

using namespace covertype;

class TestSplitPreview : public QObject
{
    Q_OBJECT

private slots:
    void countsMatchAssignRows();
    void countLotsIgnoresRepeatsAndOutOfRange();
};

void TestSplitPreview::countsMatchAssignRows()
{
    const Dataset data = test::labRows(2000, 7);
    const auto tally = tallyLots(data, 10);
    QVERIFY2(tally, tally ? "" : tally.error().message.c_str());
    const auto lots = computeLots(data, 10);
    QVERIFY(lots);
    const SplitSpec spec;
    const SplitRows rows = assignRows(*lots, spec);
    const SplitSummary summary = summarizeSplit(data, spec, rows);
    const SplitCounts training = countLots(*tally, spec.training);
    QCOMPARE(training.rows, rows.training.size());
    QCOMPARE(training.classCounts, summary.training.classCounts);
    QCOMPARE(countLots(*tally, spec.testing).rows, rows.testing.size());
    QVERIFY(tally->hasLabel);
    size_t sum = 0;
    for (const size_t n : tally->rows)
        sum += n;
    QCOMPARE(sum + tally->noLotRows, data.rowCount());
}

void TestSplitPreview::countLotsIgnoresRepeatsAndOutOfRange()
{
    const Dataset data = test::labRows(500, 3);
    const auto tally = tallyLots(data, 4);
    QVERIFY(tally);
    const size_t once = countLots(*tally, {1}).rows;
    QVERIFY(once > 0);
    QCOMPARE(countLots(*tally, {1, 1, -1, 4, 99}).rows, once);
}

QTEST_GUILESS_MAIN(TestSplitPreview)
#include "tst_splitpreview.moc"
