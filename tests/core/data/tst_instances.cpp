// Tests for prediction instances: list and object forms, and every bad-instance message.
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "data/instances.h"
#include "testsupport.h"

using namespace covertype;

class TestInstances : public QObject
{
    Q_OBJECT

private slots:
    void listAndObject()
    {
        const auto json = nlohmann::json::parse(R"([
            [2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", "C4758"],
            {"Soil_Type": "C7745", "Wilderness_Area": "Rawah", "Elevation": 3092.5, "Aspect": 163,
             "Slope": 13, "Horizontal_Distance_To_Hydrology": 30, "Vertical_Distance_To_Hydrology": 5,
             "Horizontal_Distance_To_Roadways": 4886, "Hillshade_9am": 232, "Hillshade_Noon": 243,
             "Hillshade_3pm": 139, "Horizontal_Distance_To_Fire_Points": 1456, "Cover_Type": 1}
        ])");
        const auto data = instancesToDataset(json);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->rowCount(), size_t(2));
        QCOMPARE(data->columnCount(), size_t(12));
        QCOMPARE(data->find("Elevation")->doubles, (ColumnVector<double>{2841, 3092.5}));
        QCOMPARE(data->find("Wilderness_Area")->textAt(0), std::string("Commanche"));
        QCOMPARE(data->find("Soil_Type")->textAt(1), std::string("C7745"));
        QVERIFY(!data->find("Cover_Type"));
    }

    void integerSoilType()
    {
        const auto data = instancesToDataset(nlohmann::json::parse(
            R"([[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", 4758]])"));
        QVERIFY(data);
        QCOMPARE(data->find("Soil_Type")->textAt(0), std::string("4758"));
    }

    void badInstances_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a list") << QByteArray(R"({"a": 1})") << "expected a list of instances";
        QTest::newRow("empty") << QByteArray("[]") << "no instances";
        QTest::newRow("arity") << QByteArray(R"([[1,2,3]])")
                               << "instance 0: expected 12 values in table order";
        QTest::newRow("wrong type number")
            << QByteArray(
                   R"([[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", "C4758"],
                              [2841, "45", 0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", "C4758"]])")
            << "instance 1: field 1 'Aspect': expected a number, got a string \"45\"";
        QTest::newRow("wrong type string")
            << QByteArray(R"([[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, true, "C4758"]])")
            << "instance 0: field 10 'Wilderness_Area': expected a string, got a boolean";
        QTest::newRow("null")
            << QByteArray(
                   R"([[null, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Cache", "C4758"]])")
            << "field 0 'Elevation': expected a number, got null";
        QTest::newRow("unknown column") << QByteArray(R"([{"Elevation": 1, "Colour": "red"}])")
                                        << "instance 0: unknown column 'Colour'";
        QTest::newRow("missing field")
            << QByteArray(R"([{"Elevation": 1}])") << "instance 0: missing field 'Aspect'";
        QTest::newRow("scalar") << QByteArray("[5]")
                                << "instance 0: expected a list of 12 values or an object";
    }

    void badInstances()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto data = instancesToDataset(nlohmann::json::parse(json.toStdString()));
        QVERIFY(!data);
        QVERIFY2(QString::fromStdString(data.error().message).contains(expected),
                 data.error().message.c_str());
    }

    void file()
    {
        QTemporaryDir dir;
        const QString good = test::writeFile(
            dir.path(), "i.json",
            "[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, \"Commanche\", \"C4758\"]\n\n"
            "[2842, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, \"Cache\", \"C4758\"]\r\n");
        const auto data = readJsonInstancesFile(good.toStdString());
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->rowCount(), size_t(2));

        const QString bad = test::writeFile(dir.path(), "b.json",
                                            "[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "
                                            "\"Commanche\", \"C4758\"]\n{oops\n");
        const auto err = readJsonInstancesFile(bad.toStdString());
        QVERIFY(!err);
        QVERIFY2(
            err.error().message.find("b.json:2 (instance 1): not valid JSON") != std::string::npos,
            err.error().message.c_str());
        const QString empty = test::writeFile(dir.path(), "e.json", "\n\n");
        QVERIFY(!readJsonInstancesFile(empty.toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestInstances)
#include "tst_instances.moc"
