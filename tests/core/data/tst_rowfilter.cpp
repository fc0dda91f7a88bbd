// Tests of core/rowfilter: filter parsing and the sorted, filtered row order on small tables.
#include <QTest>

#include <cmath>

#include "data/rowfilter.h"
#include "testsupport.h"

using namespace covertype;

namespace {

Column withNulls(Column column, const std::vector<size_t> &nullRows)
{
    column.nulls.assign(column.size(), 0);
    for (size_t row : nullRows)
        column.nulls[row] = 1;
    return column;
}

Dataset sample()
{
    std::vector<Column> columns;
    columns.push_back(test::intColumn("Elevation", {3000, 2500, 2800, 2500, 3100, 2500}));
    columns.push_back(withNulls(test::doubleColumn("Slope", {5.5, 0, 12.25, 3, 0, 7}), {1, 4}));
    columns.push_back(test::stringColumn(
        "Wilderness_Area", {"Rawah", "Neota", "Cache", "Rawah", "Commanche", "Neota"}));
    columns.push_back(test::intColumn("Cover_Type", {1, 2, 2, 3, 2, 1}));
    return Dataset(std::move(columns), "inline");
}

std::vector<uint32_t> order(const Dataset &data, const char *filter, SortKey key = {})
{
    auto parsed = parseRowFilter(data, filter);
    if (!parsed)
        qWarning("parse failed: %s", parsed.error().message.c_str());
    auto rows = computeRowOrder(data, parsed.value_or(RowFilter{}), key);
    return rows.value_or(std::vector<uint32_t>{999});
}

using Rows = std::vector<uint32_t>;

}  // namespace

class TestRowFilter : public QObject
{
    Q_OBJECT

private slots:
    void filters_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<Rows>("expected");
        QTest::newRow("empty") << "" << Rows{0, 1, 2, 3, 4, 5};
        QTest::newRow("equal int") << "Cover_Type = 2" << Rows{1, 2, 4};
        QTest::newRow("double equals") << "cover_type == 1" << Rows{0, 5};
        QTest::newRow("not equal") << "Cover_Type != 2" << Rows{0, 3, 5};
        QTest::newRow("range inclusive") << "Elevation 2500..2800" << Rows{1, 2, 3, 5};
        QTest::newRow("open low") << "Elevation ..2500" << Rows{1, 3, 5};
        QTest::newRow("open high") << "Elevation 3000.." << Rows{0, 4};
        QTest::newRow("less") << "Elevation < 2800" << Rows{1, 3, 5};
        QTest::newRow("greater equal") << "Elevation >= 2800" << Rows{0, 2, 4};
        QTest::newRow("nulls never pass") << "Slope <= 100" << Rows{0, 2, 3, 5};
        QTest::newRow("double range") << "Slope 3..7" << Rows{0, 3, 5};
        QTest::newRow("string") << "Wilderness_Area = Rawah" << Rows{0, 3};
        QTest::newRow("string case") << "wilderness_area = neota" << Rows{1, 5};
        QTest::newRow("string not") << "Wilderness_Area != Rawah" << Rows{1, 2, 4, 5};
        QTest::newRow("string none") << "Wilderness_Area = Nowhere" << Rows{};
        QTest::newRow("and") << "Cover_Type = 2 and Elevation > 2500" << Rows{2, 4};
        QTest::newRow("comma") << "Cover_Type = 2, Wilderness_Area = Cache" << Rows{2};
        QTest::newRow("semicolon") << "Elevation 2500..2500; Cover_Type = 1" << Rows{5};
    }
    void filters()
    {
        QFETCH(QString, filter);
        QFETCH(Rows, expected);
        QCOMPARE(order(sample(), filter.toUtf8().constData()), expected);
    }

    void badFilters_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown column") << "Height = 3"
                                        << "Height";
        QTest::newRow("not a number") << "Elevation = high"
                                      << "high";
        QTest::newRow("bad range") << "Elevation 1..x"
                                   << "1..x";
        QTest::newRow("string range") << "Wilderness_Area 1..2"
                                      << "Wilderness_Area";
        QTest::newRow("string less") << "Wilderness_Area < Rawah"
                                     << "Wilderness_Area";
        QTest::newRow("no value") << "Elevation ="
                                  << "missing";
        QTest::newRow("no operator") << "Elevation"
                                     << "Elevation";
    }
    void badFilters()
    {
        QFETCH(QString, filter);
        QFETCH(QString, mentions);
        const auto parsed = parseRowFilter(sample(), filter.toStdString());
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(parsed.error().message).contains(mentions),
                 parsed.error().message.c_str());
    }

    void sortsStableAscending()
    {
        // Rows 1, 3, 5 tie at 2500 and keep dataset order.
        QCOMPARE(order(sample(), "", {0, true}), (Rows{1, 3, 5, 2, 0, 4}));
    }
    void sortsStableDescending()
    {
        QCOMPARE(order(sample(), "", {0, false}), (Rows{4, 0, 2, 1, 3, 5}));
    }
    void nullsLastBothWays()
    {
        QCOMPARE(order(sample(), "", {1, true}), (Rows{3, 0, 5, 2, 1, 4}));
        QCOMPARE(order(sample(), "", {1, false}), (Rows{2, 5, 0, 3, 1, 4}));
    }
    void sortsStringsByText()
    {
        // Dictionary order is first appearance (Rawah, Neota, Cache, Commanche); text order
        // differs.
        QCOMPARE(order(sample(), "", {2, true}), (Rows{2, 4, 1, 5, 0, 3}));
        QCOMPARE(order(sample(), "", {2, false}), (Rows{0, 3, 1, 5, 4, 2}));
    }
    void sortsFilteredRows()
    {
        QCOMPARE(order(sample(), "Cover_Type = 2", {0, false}), (Rows{4, 2, 1}));
    }
    void cancels()
    {
        const Dataset data = sample();
        auto rows = computeRowOrder(data, {}, {0, true}, [](double) { return false; });
        QVERIFY(!rows);
        QCOMPARE(rows.error().code, ErrorCode::Cancelled);
    }
    void rejectsBadSortColumn() { QVERIFY(!computeRowOrder(sample(), {}, {9, true})); }
    void matchesAgreesWithOrder()
    {
        const Dataset data = sample();
        const auto filter = parseRowFilter(data, "Slope 0..6 and Wilderness_Area != Neota");
        QVERIFY(filter);
        Rows viaMatches;
        for (size_t row = 0; row < data.rowCount(); ++row) {
            if (filter->matches(data, row))
                viaMatches.push_back(uint32_t(row));
        }
        QCOMPARE(viaMatches, (Rows{0, 3}));
        QCOMPARE(*computeRowOrder(data, *filter, {}), viaMatches);
    }
};

QTEST_GUILESS_MAIN(TestRowFilter)
#include "tst_rowfilter.moc"
