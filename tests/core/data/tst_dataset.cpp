// Tests for the columnar Dataset: accessors, fingerprint stability, selection and concatenation.
#include <QTest>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "base/bigmemory.h"
#include "data/columnstats.h"
#include "data/dataset.h"

using namespace covertype;

namespace {

Dataset small()
{
    Column n;
    n.name = "n";
    n.type = ColumnType::Int64;
    n.ints = {1, 2, 3};
    Column s;
    s.name = "s";
    s.type = ColumnType::String;
    s.dictionary = {"a", "b"};
    s.codes = {0, 1, 0};
    Column f;
    f.name = "f";
    f.type = ColumnType::Float64;
    f.doubles = {0.5, 0.0, 2.0};
    f.nulls = {0, 1, 0};
    return Dataset({n, s, f}, "small");
}

}  // namespace

class TestDataset : public QObject
{
    Q_OBJECT

private slots:
    void schemaDifferenceNamesTheColumn()
    {
        const std::vector<Field> a = {{"Elevation", ColumnType::Int64},
                                      {"Soil_Type", ColumnType::String}};
        QCOMPARE(schemaDifference(a, "a.csv", a, "b.csv"), std::string());
        std::vector<Field> b = a;
        b[0].type = ColumnType::String;
        QCOMPARE(
            schemaDifference(a, "a.csv", b, "b.csv"),
            std::string("column 'Elevation' is INT64 in a.csv but STRING in b.csv (a cell that "
                        "is not a number, such as NaN or text, makes a column STRING)"));
        b = a;
        b[1].name = "Soil";
        QCOMPARE(schemaDifference(a, "a.csv", b, "b.csv"),
                 std::string("column 2 is 'Soil_Type' in a.csv but 'Soil' in b.csv"));
        b = a;
        b.pop_back();
        QCOMPARE(schemaDifference(a, "a.csv", b, "b.csv"),
                 std::string("a.csv has 2 columns but b.csv has 1"));
    }

    void accessors()
    {
        const Dataset d = small();
        QCOMPARE(d.rowCount(), size_t(3));
        QCOMPARE(d.columnIndex("s"), 1);
        QCOMPARE(d.columnIndex("x"), -1);
        QCOMPARE(d.column(1).textAt(1), std::string("b"));
        QVERIFY(d.column(2).isNull(1));
        QCOMPARE(d.column(2).textAt(1), std::string());
        QVERIFY(std::isnan(d.column(2).numberAt(1)));
        QCOMPARE(d.column(2).textAt(0), std::string("0.5"));
    }

    void fingerprintIsContentBased()
    {
        const Dataset a = small();
        QVERIFY(a.fingerprint().starts_with("fp64:"));
        QCOMPARE(a.fingerprint().size(), size_t(21));
        // Same content with a different dictionary order: same fingerprint.
        std::vector<Column> cols = a.columns();
        cols[1].dictionary = {"b", "a"};
        cols[1].codes = {1, 0, 1};
        QCOMPARE(Dataset(cols).fingerprint(), a.fingerprint());
        // A changed value, a NULL, a renamed column or a changed type: different.
        cols = a.columns();
        cols[0].ints[2] = 4;
        QVERIFY(Dataset(cols).fingerprint() != a.fingerprint());
        cols = a.columns();
        cols[2].nulls = {0, 0, 0};
        QVERIFY(Dataset(cols).fingerprint() != a.fingerprint());
        cols = a.columns();
        cols[0].name = "m";
        QVERIFY(Dataset(cols).fingerprint() != a.fingerprint());
    }

    void selectAndConcatenate()
    {
        const Dataset a = small();
        const Dataset picked = a.selectRows({2, 1});
        QCOMPARE(picked.rowCount(), size_t(2));
        QCOMPARE(picked.column(0).ints, (ColumnVector<int64_t>{3, 2}));
        QVERIFY(picked.column(2).isNull(1));

        std::vector<Column> cols = a.columns();
        cols[1].dictionary = {"c", "a"};
        const Dataset b(cols);
        const Dataset both = Dataset::concatenate(a, b);
        QCOMPARE(both.rowCount(), size_t(6));
        QCOMPARE(both.column(1).textAt(3), std::string("c"));
        QCOMPARE(both.column(1).textAt(4), std::string("a"));
        QCOMPARE(both.column(1).dictionary.size(), size_t(3));
        QVERIFY(both.column(2).isNull(4));
        QVERIFY(!both.column(2).isNull(3));
        // Concatenation preserves content: a ++ a equals the rows of a selected twice.
        QCOMPARE(Dataset::concatenate(a, a).fingerprint(),
                 a.selectRows({0, 1, 2, 0, 1, 2}).fingerprint());
    }

    void statistics()
    {
        const auto stats = computeColumnStats(small(), 2);
        QCOMPARE(stats.size(), size_t(3));
        QCOMPARE(stats[0].min, 1.0);
        QCOMPARE(stats[0].max, 3.0);
        QCOMPARE(stats[0].mean, 2.0);
        QCOMPARE(stats[1].distinct, size_t(2));
        QCOMPARE(stats[1].top.front(), (std::pair<std::string, size_t>{"a", 2}));
        QCOMPARE(stats[2].nulls, size_t(1));
        QCOMPARE(stats[2].mean, 1.25);
    }

    void bigMemory()
    {
        // The heap set-up is idempotent and leaves malloc working for every size class.
        covertype::prepareHeapForLargeData();
        covertype::prepareHeapForLargeData();
        for (const size_t bytes :
             {size_t(64), size_t(300) << 10, size_t(20) << 20, size_t(40) << 20}) {
            auto *p = static_cast<unsigned char *>(std::malloc(bytes));
            QVERIFY(p);
            std::memset(p, 0xab, bytes);
            QCOMPARE(p[bytes - 1], 0xab);
            std::free(p);
        }
        // Big blocks start on a 2 MiB boundary, come zeroed, and are writable to the last byte.
        const size_t bytes = (size_t(3) << 20) + 123;
        auto *big = static_cast<unsigned char *>(covertype::allocateBig(bytes));
        QCOMPARE(reinterpret_cast<uintptr_t>(big) % (uintptr_t(2) << 20), uintptr_t(0));
        QCOMPARE(big[0], 0);
        QCOMPARE(big[bytes - 1], 0);
        big[bytes - 1] = 7;
        covertype::freeBig(big, bytes);
        covertype::ColumnVector<double> column(200000, 1.5);
        QCOMPARE(column.back(), 1.5);
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
