// Tests the tuning stage's parameter table model: editing, type-dependent cells, problem marks.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "tuning/parametertablemodel.h"

using covertype::ParameterSpec;
using covertype::ParameterType;
using covertype::ScaleType;
using covertype::ui::ParameterTableModel;

class TestParameterTableModel : public QObject
{
    Q_OBJECT

private:
    static std::vector<ParameterSpec> courseParams()
    {
        ParameterSpec maxIter;
        maxIter.name = "max_iter";
        maxIter.type = ParameterType::Discrete;
        maxIter.discreteValues = {500, 1000};
        ParameterSpec alpha;
        alpha.name = "alpha";
        alpha.minValue = 0.0001;
        alpha.maxValue = 0.001;
        alpha.scale = ScaleType::UnitLinear;
        return {maxIter, alpha};
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsAndEditsParameters()
    {
        ParameterTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setParams(courseParams());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ParameterTableModel::ValuesColumn).data().toString(),
                 QStringLiteral("500, 1000"));
        QCOMPARE(model.index(1, ParameterTableModel::MinColumn).data().toString(),
                 QStringLiteral("0.0001"));
        QCOMPARE(model.index(1, ParameterTableModel::ScaleColumn).data().toString(),
                 QStringLiteral("UNIT_LINEAR_SCALE"));
        // DISCRETE has no range: its min cell is not editable.
        QVERIFY(
            !(model.flags(model.index(0, ParameterTableModel::MinColumn)) & Qt::ItemIsEditable));

        QSignalSpy edited(&model, &ParameterTableModel::paramsEdited);
        QVERIFY(model.setData(model.index(0, ParameterTableModel::ValuesColumn), "100, 200, 400"));
        QCOMPARE(model.params()[0].discreteValues, (std::vector<double>{100, 200, 400}));
        QVERIFY(model.setData(model.index(1, ParameterTableModel::MaxColumn), 0.5));
        QCOMPARE(model.params()[1].maxValue, 0.5);
        QVERIFY(model.setData(model.index(1, ParameterTableModel::ScaleColumn), "UNIT_LOG_SCALE"));
        QCOMPARE(model.params()[1].scale, ScaleType::UnitLog);
        QCOMPARE(edited.count(), 3);

        // Bad input is refused and leaves the value as it was.
        QVERIFY(!model.setData(model.index(1, ParameterTableModel::MinColumn), "abc"));
        QVERIFY(!model.setData(model.index(0, ParameterTableModel::ValuesColumn), "1, x"));
        QVERIFY(!model.setData(model.index(1, ParameterTableModel::TypeColumn), "FLOAT"));
        QCOMPARE(model.params()[1].minValue, 0.0001);

        QVERIFY(model.setData(model.index(1, ParameterTableModel::TypeColumn), "CATEGORICAL"));
        QVERIFY(model.setData(model.index(1, ParameterTableModel::ValuesColumn), "a, b"));
        QCOMPARE(model.params()[1].categoricalValues, (std::vector<std::string>{"a", "b"}));
    }

    void addsAndRemovesRows()
    {
        ParameterTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setParams(courseParams());
        const int row = model.appendParameter();
        QCOMPARE(row, 2);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.params()[2].name != model.params()[0].name);
        QVERIFY(model.removeRows(0, 2));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.removeRows(1, 1));
    }

    void marksProblemCells()
    {
        ParameterTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setParams(courseParams());
        model.setProblems({{{1, ParameterTableModel::MinColumn}, QStringLiteral("must be > 0")}});
        const QModelIndex bad = model.index(1, ParameterTableModel::MinColumn);
        QCOMPARE(bad.data(Qt::ToolTipRole).toString(), QStringLiteral("must be > 0"));
        QVERIFY(bad.data(Qt::BackgroundRole).isValid());
        QVERIFY(bad.data(Qt::DecorationRole).isValid());
        QVERIFY(!model.index(1, ParameterTableModel::MaxColumn).data(Qt::DecorationRole).isValid());
    }
};

QTEST_MAIN(TestParameterTableModel)
#include "tst_parametertablemodel.moc"
