// Tests for the dataset table model, including Qt's model consistency checks.
#include <QAbstractItemModelTester>
#include <QTest>

#include "data/csvloader.h"
#include "data/datasettablemodel.h"
#include "testsupport.h"

using namespace covertype;

class TestDatasetTableModel : public QObject
{
    Q_OBJECT

private slots:
    void showsCells()
    {
        ui::DatasetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        LoadOptions generic;
        generic.labSchema = false;
        auto data = parseCsv("n,s,f\n1,a,\n2,b,2.5\n", "t.csv", generic);
        QVERIFY(data);
        model.setDataset(std::make_shared<const Dataset>(std::move(*data)));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.data(model.index(1, 0)).toLongLong(), 2LL);
        QCOMPARE(model.data(model.index(0, 1)).toString(), QString("a"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QString("NULL"));
        QCOMPARE(model.data(model.index(1, 2)).toDouble(), 2.5);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QString("f\nFLOAT64"));
        QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
        QCOMPARE(model.headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(),
                 QString("f (FLOAT64)"));
        model.setDataset(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void longHeadersWrap()
    {
        // Columns are as wide as their values, not their long names.
        QCOMPARE(ui::DatasetTableModel::wrappedColumnName("Horizontal_Distance_To_Hydrology"),
                 QString("Horizontal_\nDistance_To_\nHydrology"));
        QCOMPARE(ui::DatasetTableModel::wrappedColumnName("Cover_Type"), QString("Cover_Type"));
        QCOMPARE(ui::DatasetTableModel::wrappedColumnName("Hillshade_9am"),
                 QString("Hillshade_9am"));
        for (const QString &name : {QString("Horizontal_Distance_To_Fire_Points"),
                                    QString("Wilderness_Area"), QString("a_b_c")})
            QCOMPARE(ui::DatasetTableModel::wrappedColumnName(name).remove('\n'), name);
    }

    void realRows()
    {
        COVERTYPE_REAL_DATA(path);
        auto data = loadDataset(path.toStdString());
        QVERIFY(data);
        ui::DatasetTableModel model;
        model.setDataset(std::make_shared<const Dataset>(std::move(*data)));
        QCOMPARE(model.rowCount(), 75000);
        QCOMPARE(model.data(model.index(0, 11)).toString(), QString("C7745"));
        QCOMPARE(model.data(model.index(74999, 12)).toInt() >= 1, true);
    }
};

QTEST_MAIN(TestDatasetTableModel)
#include "tst_datasettablemodel.moc"
