// Tests of TO_JSON_STRING(row), CAST(x AS STRING) and FARM_FINGERPRINT against BigQuery's forms.
#include <QtTest>

#include <cfloat>
#include <cmath>
#include <limits>

#include "data/csvloader.h"
#include "data/rowjson.h"
#include "testsupport.h"

using namespace covertype;
using covertype::test::intColumn;
using covertype::test::stringColumn;

namespace {

QString jsonOf(const std::string &s)
{
    return QString::fromStdString(s);
}

}  // namespace

class TestRowJson : public QObject
{
    Q_OBJECT

private slots:
    void farmFingerprintVectors_data();
    void farmFingerprintVectors();
    void lotOfFingerprint_data();
    void lotOfFingerprint();
    void jsonString_data();
    void jsonString();
    void jsonInt64_data();
    void jsonInt64();
    void jsonFloat64_data();
    void jsonFloat64();
    void castFloat64_data();
    void castFloat64();
    void castCells();
    void rowWithEveryType();
    void rowWithoutColumns();
    void encoderReusesBuffer();
    void firstRowOfLabTable();
    void firstRowOfRealFile();
};

void TestRowJson::farmFingerprintVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("expected");
    // BigQuery's documented FARM_FINGERPRINT values (google-cloud-api.md, section F).
    QTest::newRow("1footrue") << QByteArray("1footrue") << qint64(-1541654101129638711);
    QTest::newRow("2applefalse") << QByteArray("2applefalse") << qint64(2794438866806483259);
    QTest::newRow("3true") << QByteArray("3true") << qint64(-4880158226897771312);
    QTest::newRow("alphabet") << QByteArray("alphabet") << qint64(-2427165924636348523);
}

void TestRowJson::farmFingerprintVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(qint64, expected);
    QCOMPARE(qint64(farmFingerprint(std::string_view(input.constData(), size_t(input.size())))),
             expected);
}

void TestRowJson::lotOfFingerprint_data()
{
    QTest::addColumn<qint64>("fingerprint");
    QTest::addColumn<int>("numLots");
    QTest::addColumn<int>("expected");  // -1 = error
    QTest::newRow("negative") << qint64(-1541654101129638711) << 10 << 1;
    QTest::newRow("positive") << qint64(2794438866806483259) << 10 << 9;
    QTest::newRow("100 lots") << qint64(-2427165924636348523) << 100 << 23;
    QTest::newRow("zero") << qint64(0) << 10 << 0;
    QTest::newRow("int64 max") << std::numeric_limits<qint64>::max() << 10 << 7;
    QTest::newRow("int64 min + 1") << std::numeric_limits<qint64>::min() + 1 << 10 << 7;
    QTest::newRow("int64 min: ABS overflows") << std::numeric_limits<qint64>::min() << 10 << -1;
}

void TestRowJson::lotOfFingerprint()
{
    QFETCH(qint64, fingerprint);
    QFETCH(int, numLots);
    QFETCH(int, expected);
    const std::optional<int> lot = covertype::lotOfFingerprint(fingerprint, numLots);
    if (expected < 0) {
        QVERIFY(!lot.has_value());
    } else {
        QVERIFY(lot.has_value());
        QCOMPARE(*lot, expected);
    }
}

void TestRowJson::jsonString_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("Rawah") << QByteArray("\"Rawah\"");
    QTest::newRow("empty") << QByteArray("") << QByteArray("\"\"");
    QTest::newRow("quote") << QByteArray("say \"hi\"") << QByteArray("\"say \\\"hi\\\"\"");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"");
    QTest::newRow("slash kept") << QByteArray("a/b") << QByteArray("\"a/b\"");
    QTest::newRow("short escapes") << QByteArray("\b\f\n\r\t") << QByteArray("\"\\b\\f\\n\\r\\t\"");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
    QTest::newRow("other controls")
        << QByteArray("\x01\x1a\x1f") << QByteArray("\"\\u0001\\u001a\\u001f\"");
    QTest::newRow("DEL kept") << QByteArray("\x7f") << QByteArray("\"\x7f\"");
    QTest::newRow("UTF-8 kept") << QByteArray("Σ é 日本") << QByteArray("\"Σ é 日本\"");
    // ZetaSQL's JsonEscapeString also escapes the JavaScript line terminators.
    QTest::newRow("U+2028 U+2029")
        << QByteArray("a\u2028b\u2029c") << QByteArray("\"a\\u2028b\\u2029c\"");
    QTest::newRow("U+2030 kept") << QByteArray("\u2030") << QByteArray("\"\u2030\"");
    QTest::newRow("truncated E2 80 at end")
        << QByteArray("x\xe2\x80") << QByteArray("\"x\xe2\x80\"");
}

void TestRowJson::jsonString()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    std::string out;
    appendJsonString(out, std::string_view(input.constData(), size_t(input.size())));
    QCOMPARE(QByteArray::fromStdString(out), expected);
}

void TestRowJson::jsonInt64_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("expected");
    const qint64 p53 = qint64(1) << 53;
    QTest::newRow("zero") << qint64(0) << "0";
    QTest::newRow("negative") << qint64(-42) << "-42";
    QTest::newRow("2^53 bare") << p53 << "9007199254740992";
    QTest::newRow("-2^53 bare") << -p53 << "-9007199254740992";
    QTest::newRow("2^53+1 quoted") << p53 + 1 << "\"9007199254740993\"";
    QTest::newRow("-2^53-1 quoted") << -p53 - 1 << "\"-9007199254740993\"";
    QTest::newRow("int64 max") << std::numeric_limits<qint64>::max() << "\"9223372036854775807\"";
    QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << "\"-9223372036854775808\"";
}

void TestRowJson::jsonInt64()
{
    QFETCH(qint64, value);
    QFETCH(QString, expected);
    std::string out;
    appendJsonInt64(out, value);
    QCOMPARE(jsonOf(out), expected);
}

void TestRowJson::jsonFloat64_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("1.0") << 1.0 << "1";
    QTest::newRow("0.1") << 0.1 << "0.1";
    QTest::newRow("-2.5") << -2.5 << "-2.5";
    QTest::newRow("1e20") << 1e20 << "1e+20";
    QTest::newRow("1e15") << 1e15 << "1e+15";
    QTest::newRow("123456") << 123456.0 << "123456";
    QTest::newRow("1e-7 (two exponent digits)") << 1e-7 << "1e-07";
    QTest::newRow("0.0001") << 0.0001 << "0.0001";
    QTest::newRow("0.1+0.2 needs 17") << 0.1 + 0.2 << "0.30000000000000004";
    // %.17g, not the shortest form 0.3333333333333333.
    QTest::newRow("1/3 is %.17g") << 1.0 / 3.0 << "0.33333333333333331";
    QTest::newRow("2^53") << 9007199254740992.0 << "9007199254740992";
    QTest::newRow("denormal min") << 5e-324 << "4.94065645841247e-324";
    QTest::newRow("DBL_MAX") << DBL_MAX << "1.7976931348623157e+308";
    QTest::newRow("zero") << 0.0 << "0";
    QTest::newRow("-0 canonicalized") << -0.0 << "0";
    QTest::newRow("inf") << inf << "\"Infinity\"";
    QTest::newRow("-inf") << -inf << "\"-Infinity\"";
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << "\"NaN\"";
}

void TestRowJson::jsonFloat64()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    std::string out;
    appendJsonFloat64(out, value);
    QCOMPARE(jsonOf(out), expected);
}

void TestRowJson::castFloat64_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("1.0") << 1.0 << "1";
    QTest::newRow("0.1") << 0.1 << "0.1";
    QTest::newRow("1e20") << 1e20 << "1e+20";
    QTest::newRow("1e-7") << 1e-7 << "1e-07";
    QTest::newRow("1/3") << 1.0 / 3.0 << "0.33333333333333331";
    QTest::newRow("-0 unsigned") << -0.0 << "0";
    QTest::newRow("inf") << inf << "inf";
    QTest::newRow("-inf") << -inf << "-inf";
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << "nan";
    QTest::newRow("-NaN unsigned") << -std::numeric_limits<double>::quiet_NaN() << "nan";
}

void TestRowJson::castFloat64()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(castFloat64ToString(value)), expected);
}

void TestRowJson::castCells()
{
    Column ints = intColumn("i", {-7, 0});
    ints.appendNull();
    QCOMPARE(castToString(ints, 0).value(), std::string("-7"));
    QVERIFY(!castToString(ints, 2).has_value());

    Column bools;
    bools.name = "b";
    bools.type = ColumnType::Bool;
    bools.bools = {1, 0};
    QCOMPARE(castToString(bools, 0).value(), std::string("true"));
    QCOMPARE(castToString(bools, 1).value(), std::string("false"));

    const Column strings = stringColumn("s", {"a \"q\"", "C7745"});
    QCOMPARE(castToString(strings, 0).value(), std::string("a \"q\""));  // as is, no escaping

    Column doubles;
    doubles.name = "d";
    doubles.type = ColumnType::Float64;
    doubles.doubles = {2.0, 0.25};
    QCOMPARE(castToString(doubles, 0).value(), std::string("2"));
    QCOMPARE(castToString(doubles, 1).value(), std::string("0.25"));
}

void TestRowJson::rowWithEveryType()
{
    std::vector<Column> columns;
    Column i = intColumn("id", {1, int64_t(1) << 60, 0});
    i.nulls = {0, 0, 1};
    columns.push_back(i);
    Column d;
    d.name = "x";
    d.type = ColumnType::Float64;
    d.doubles = {1.0, std::numeric_limits<double>::infinity(), 0.0};
    d.nulls = {0, 0, 1};
    columns.push_back(d);
    Column b;
    b.name = "ok";
    b.type = ColumnType::Bool;
    b.bools = {1, 0, 0};
    b.nulls = {0, 0, 1};
    columns.push_back(b);
    Column s = stringColumn("na\"me", {"a\nb", "Σ", ""});
    s.nulls = {0, 0, 1};
    columns.push_back(s);
    const Dataset data(std::move(columns), "fixture");

    const RowJsonEncoder encoder(data);
    QCOMPARE(jsonOf(encoder.encode(0)),
             QString("{\"id\":1,\"x\":1,\"ok\":true,\"na\\\"me\":\"a\\nb\"}"));
    QCOMPARE(
        jsonOf(encoder.encode(1)),
        QString(
            "{\"id\":\"1152921504606846976\",\"x\":\"Infinity\",\"ok\":false,\"na\\\"me\":\"Σ\"}"));
    QCOMPARE(jsonOf(encoder.encode(2)),
             QString("{\"id\":null,\"x\":null,\"ok\":null,\"na\\\"me\":null}"));
    QCOMPARE(jsonOf(toJsonString(data, 0)), jsonOf(encoder.encode(0)));
    for (size_t r = 0; r < data.rowCount(); ++r)
        QVERIFY(encoder.encode(r).size() <= encoder.maxRowBytes());
}

void TestRowJson::rowWithoutColumns()
{
    const Dataset empty;
    QCOMPARE(jsonOf(RowJsonEncoder(empty).encode(0)), QString("{}"));
}

void TestRowJson::encoderReusesBuffer()
{
    std::vector<Column> columns;
    columns.push_back(intColumn("a", {123456789, 1}));
    columns.push_back(stringColumn("s", {"long value here", "x"}));
    const Dataset data(std::move(columns));
    const RowJsonEncoder encoder(data);
    std::string buffer;
    const size_t n0 = encoder.encode(0, buffer);
    QCOMPARE(QByteArray(buffer.data(), qsizetype(n0)),
             QByteArray("{\"a\":123456789,\"s\":\"long value here\"}"));
    const size_t n1 = encoder.encode(1, buffer);  // shorter row into the same buffer
    QCOMPARE(QByteArray(buffer.data(), qsizetype(n1)), QByteArray("{\"a\":1,\"s\":\"x\"}"));
}

void TestRowJson::firstRowOfLabTable()
{
    // The first row of covertype_75k.csv, built by hand so this runs without the data file.
    const std::vector<std::pair<std::string, int64_t>> numeric = {
        {"Elevation", 3092},
        {"Aspect", 163},
        {"Slope", 13},
        {"Horizontal_Distance_To_Hydrology", 30},
        {"Vertical_Distance_To_Hydrology", 5},
        {"Horizontal_Distance_To_Roadways", 4886},
        {"Hillshade_9am", 232},
        {"Hillshade_Noon", 243},
        {"Hillshade_3pm", 139},
        {"Horizontal_Distance_To_Fire_Points", 1456},
    };
    std::vector<Column> columns;
    for (const auto &[name, value] : numeric)
        columns.push_back(intColumn(name, {value}));
    columns.push_back(stringColumn("Wilderness_Area", {"Rawah"}));
    columns.push_back(stringColumn("Soil_Type", {"C7745"}));
    columns.push_back(intColumn("Cover_Type", {1}));
    const Dataset data(std::move(columns));
    QCOMPARE(
        jsonOf(toJsonString(data, 0)),
        QString("{\"Elevation\":3092,\"Aspect\":163,\"Slope\":13,\"Horizontal_Distance_To_"
                "Hydrology\":30,"
                "\"Vertical_Distance_To_Hydrology\":5,\"Horizontal_Distance_To_Roadways\":4886,"
                "\"Hillshade_9am\":232,\"Hillshade_Noon\":243,\"Hillshade_3pm\":139,"
                "\"Horizontal_Distance_To_Fire_Points\":1456,\"Wilderness_Area\":\"Rawah\","
                "\"Soil_Type\":\"C7745\",\"Cover_Type\":1}"));
}

void TestRowJson::firstRowOfRealFile()
{
    COVERTYPE_REAL_DATA(path);
    LoadOptions options;
    options.labSchema = false;
    auto data = loadDataset(path.toStdString(), options);
    QVERIFY2(data.has_value(), data ? "" : data.error().message.c_str());
    QCOMPARE(
        jsonOf(toJsonString(*data, 0)),
        QString("{\"Elevation\":3092,\"Aspect\":163,\"Slope\":13,\"Horizontal_Distance_To_"
                "Hydrology\":30,"
                "\"Vertical_Distance_To_Hydrology\":5,\"Horizontal_Distance_To_Roadways\":4886,"
                "\"Hillshade_9am\":232,\"Hillshade_Noon\":243,\"Hillshade_3pm\":139,"
                "\"Horizontal_Distance_To_Fire_Points\":1456,\"Wilderness_Area\":\"Rawah\","
                "\"Soil_Type\":\"C7745\",\"Cover_Type\":1}"));
}

QTEST_GUILESS_MAIN(TestRowJson)
#include "tst_rowjson.moc"
