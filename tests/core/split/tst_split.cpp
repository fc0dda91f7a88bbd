// Tests of split specs, BigQuery lots, row assignment, CSV/split.json export and the course SQL.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "base/version.h"
#include "data/csvloader.h"
#include "data/csvwriter.h"
#include "data/rowjson.h"
#include "split/split.h"
#include "testsupport.h"

using namespace covertype;
using covertype::test::intColumn;
using covertype::test::stringColumn;

namespace {

/// A lab-like table of `rows` rows with deterministic pseudo-random values.
Dataset syntheticTable(size_t rows)
{
    std::vector<int64_t> elevation(rows), aspect(rows), label(rows);
    std::vector<std::string> area(rows), soil(rows);
    const std::vector<std::string> areas = {"Rawah", "Neota", "Commanche", "Cache"};
    uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    for (size_t r = 0; r < rows; ++r) {
        elevation[r] = int64_t(1800 + next() % 2000);
        aspect[r] = int64_t(next() % 360);
        area[r] = areas[next() % 4];
        soil[r] = "C" + std::to_string(2700 + next() % 40);
        label[r] = int64_t(1 + next() % 7);
    }
    std::vector<Column> columns;
    columns.push_back(intColumn("Elevation", elevation));
    columns.push_back(intColumn("Aspect", aspect));
    columns.push_back(stringColumn("Wilderness_Area", area));
    columns.push_back(stringColumn("Soil_Type", soil));
    columns.push_back(intColumn("Cover_Type", label));
    return Dataset(std::move(columns), "synthetic.csv");
}

/// RFC 4180 records of `text` (LF or CRLF), for re-reading exported files.
std::vector<std::vector<std::string>> readCsvRecords(const QByteArray &text)
{
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
            fieldStarted = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            record.push_back(field);
            records.push_back(record);
            record.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field.push_back(c);
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.empty()) {
        record.push_back(field);
        records.push_back(record);
    }
    return records;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

std::vector<int> lotsOf(std::initializer_list<int> l)
{
    return std::vector<int>(l);
}

}  // namespace

Q_DECLARE_METATYPE(std::vector<int>)

class TestSplit : public QObject
{
    Q_OBJECT

private slots:
    void defaultSpecIsTheCourseSplit();
    void specValidation_data();
    void specValidation();
    void specJsonRoundTrip();
    void specFromJsonErrors_data();
    void specFromJsonErrors();
    void parseLots_data();
    void parseLots();
    void parseLotsErrors_data();
    void parseLotsErrors();
    void lotsMatchRowFingerprints();
    void lotsIndependentOfThreads();
    void columnVariantKnownVectors();
    void columnVariantNullAndTypes();
    void computeLotsErrors();
    void progressAndCancel();
    void assignRowsBySpec();
    void csvWriterFields();
    void exportLayoutAndContents();
    void exportCancelledKeepsTheOldExport();
    void exportRejectsInvalidSpec();
    void sqlText_data();
    void sqlText();
    void sqlErrors_data();
    void sqlErrors();
    void realDataCourseSplit();
};

void TestSplit::defaultSpecIsTheCourseSplit()
{
    const SplitSpec spec;
    QCOMPARE(spec.numLots, 10);
    QCOMPARE(spec.training, lotsOf({1, 2, 3, 4}));
    QCOMPARE(spec.validation, lotsOf({8}));
    QCOMPARE(spec.testing, lotsOf({9}));
    QVERIFY(spec.hashColumn.empty());
    QVERIFY(spec.validate().has_value());
}

void TestSplit::specValidation_data()
{
    QTest::addColumn<int>("numLots");
    QTest::addColumn<std::vector<int>>("training");
    QTest::addColumn<std::vector<int>>("validation");
    QTest::addColumn<std::vector<int>>("testing");
    QTest::addColumn<QString>("hashColumn");
    QTest::addColumn<QStringList>("messageParts");  // empty = valid

    const auto t = lotsOf({1, 2, 3, 4});
    const auto v = lotsOf({8});
    const auto s = lotsOf({9});
    QTest::newRow("course") << 10 << t << v << s << "" << QStringList{};
    QTest::newRow("lecture") << 10 << lotsOf({0, 1, 2, 3, 4, 5, 6, 7}) << v << s << ""
                             << QStringList{};
    QTest::newRow("column") << 10 << t << v << s << "Soil_Type" << QStringList{};
    QTest::newRow("one lot") << 1 << lotsOf({0}) << lotsOf({}) << lotsOf({}) << ""
                             << QStringList{"number of lots is 1"};
    QTest::newRow("too many lots") << 10001 << t << v << s << "" << QStringList{"10001"};
    QTest::newRow("empty training")
        << 10 << lotsOf({}) << v << s << "" << QStringList{"training split has no lots"};
    QTest::newRow("empty validation")
        << 10 << t << lotsOf({}) << s << "" << QStringList{"validation split has no lots"};
    QTest::newRow("empty testing")
        << 10 << t << v << lotsOf({}) << "" << QStringList{"testing split has no lots"};
    QTest::newRow("lot too big") << 10 << lotsOf({1, 10}) << v << s << ""
                                 << QStringList{"lot 10", "training", "0-9"};
    QTest::newRow("negative lot") << 10 << t << v << lotsOf({-1}) << ""
                                  << QStringList{"lot -1", "testing"};
    QTest::newRow("repeated") << 10 << lotsOf({1, 2, 2}) << v << s << ""
                              << QStringList{"lot 2 appears twice", "training"};
    QTest::newRow("in two splits")
        << 10 << lotsOf({1, 8}) << v << s << "" << QStringList{"lot 8", "training", "validation"};
    QTest::newRow("validation and testing")
        << 10 << t << lotsOf({9}) << s << "" << QStringList{"lot 9", "validation", "testing"};
    QTest::newRow("hash column with space")
        << 10 << t << v << s << "Soil Type" << QStringList{"Soil Type", "column name"};
    QTest::newRow("hash column injection")
        << 10 << t << v << s << "x) OR (1" << QStringList{"column name"};
    QTest::newRow("hash column digit first")
        << 10 << t << v << s << "1x" << QStringList{"column name"};
}

void TestSplit::specValidation()
{
    QFETCH(int, numLots);
    QFETCH(std::vector<int>, training);
    QFETCH(std::vector<int>, validation);
    QFETCH(std::vector<int>, testing);
    QFETCH(QString, hashColumn);
    QFETCH(QStringList, messageParts);
    SplitSpec spec;
    spec.numLots = numLots;
    spec.training = training;
    spec.validation = validation;
    spec.testing = testing;
    spec.hashColumn = hashColumn.toStdString();
    const Expected<void> result = spec.validate();
    if (messageParts.isEmpty()) {
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        return;
    }
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
    const QString message = QString::fromStdString(result.error().message);
    for (const QString &part : messageParts)
        QVERIFY2(message.contains(part), qPrintable(message + " lacks " + part));
}

void TestSplit::specJsonRoundTrip()
{
    SplitSpec spec;
    nlohmann::json json = spec.toJson();
    QCOMPARE(QString::fromStdString(json.dump()),
             QString("{\"numLots\":10,\"testing\":[9],\"training\":[1,2,3,4],\"validation\":[8]}"));
    auto back = SplitSpec::fromJson(json);
    QVERIFY(back.has_value());
    QVERIFY(*back == spec);

    spec.numLots = 100;
    spec.training = {0, 1, 2};
    spec.validation = {50};
    spec.testing = {99};
    spec.hashColumn = "Soil_Type";
    json = spec.toJson();
    QCOMPARE(QString::fromStdString(json.at("hashColumn").get<std::string>()),
             QString("Soil_Type"));
    back = SplitSpec::fromJson(json);
    QVERIFY(back.has_value());
    QVERIFY(*back == spec);
}

void TestSplit::specFromJsonErrors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("array") << "[1,2]"
                           << "expected a JSON object";
    QTest::newRow("no numLots") << "{\"training\":[1],\"validation\":[2],\"testing\":[3]}"
                                << "numLots";
    QTest::newRow("numLots string")
        << "{\"numLots\":\"10\",\"training\":[1],\"validation\":[2],\"testing\":[3]}"
        << "numLots";
    QTest::newRow("missing testing") << "{\"numLots\":10,\"training\":[1],\"validation\":[2]}"
                                     << "\"testing\" is missing";
    QTest::newRow("lot as string")
        << "{\"numLots\":10,\"training\":[\"1\"],\"validation\":[2],\"testing\":[3]}"
        << "expected an integer lot";
    QTest::newRow("overlap")
        << "{\"numLots\":10,\"training\":[1,2],\"validation\":[2],\"testing\":[3]}"
        << "lot 2 is in both the training and the validation split";
    QTest::newRow("hashColumn number")
        << "{\"numLots\":10,\"training\":[1],\"validation\":[2],\"testing\":[3],\"hashColumn\":5}"
        << "hashColumn";
}

void TestSplit::specFromJsonErrors()
{
    QFETCH(QString, json);
    QFETCH(QString, messagePart);
    const auto parsed = SplitSpec::fromJson(nlohmann::json::parse(json.toStdString()));
    QVERIFY(!parsed.has_value());
    const QString message = QString::fromStdString(parsed.error().message);
    QVERIFY2(message.contains(messagePart), qPrintable(message));
}

void TestSplit::parseLots_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("numLots");
    QTest::addColumn<std::vector<int>>("expected");
    QTest::newRow("list") << "1,2,3,4" << 10 << lotsOf({1, 2, 3, 4});
    QTest::newRow("list with spaces") << " 1, 2 ,3 , 4 " << 10 << lotsOf({1, 2, 3, 4});
    QTest::newRow("range") << "1-4" << 10 << lotsOf({1, 2, 3, 4});
    QTest::newRow("single") << "8" << 10 << lotsOf({8});
    QTest::newRow("below 8") << "<8" << 10 << lotsOf({0, 1, 2, 3, 4, 5, 6, 7});
    QTest::newRow("at most 2") << "<=2" << 10 << lotsOf({0, 1, 2});
    QTest::newRow("above 7") << ">7" << 10 << lotsOf({8, 9});
    QTest::newRow("at least 9") << ">=9" << 10 << lotsOf({9});
    QTest::newRow("mixed, sorted") << "7,1-3" << 10 << lotsOf({1, 2, 3, 7});
    QTest::newRow("one-lot range") << "5-5" << 10 << lotsOf({5});
    QTest::newRow("bound clipped") << "<100" << 3 << lotsOf({0, 1, 2});
    QTest::newRow("100 lots") << "80-82" << 100 << lotsOf({80, 81, 82});
}

void TestSplit::parseLots()
{
    QFETCH(QString, text);
    QFETCH(int, numLots);
    QFETCH(std::vector<int>, expected);
    const auto lots = SplitSpec::parseLots(text.toStdString(), numLots);
    QVERIFY2(lots.has_value(), lots ? "" : lots.error().message.c_str());
    QCOMPARE(*lots, expected);
}

void TestSplit::parseLotsErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("empty") << "  "
                           << "no lots given";
    QTest::newRow("word") << "eight"
                          << "expected a lot number";
    QTest::newRow("decimal") << "1.5"
                             << "expected a lot number";
    QTest::newRow("negative") << "-1"
                              << "\"-1\"";
    QTest::newRow("out of range") << "10"
                                  << "lot 10 is outside 0-9";
    QTest::newRow("range end out of range") << "8-12"
                                            << "lot 12 is outside 0-9";
    QTest::newRow("open range") << "1-"
                                << "\"1-\"";
    QTest::newRow("reversed") << "4-1"
                              << "reversed";
    QTest::newRow("repeat") << "1,1"
                            << "lot 1 is listed more than once";
    QTest::newRow("overlap") << "1-3,2"
                             << "lot 2 is listed more than once";
    QTest::newRow("empty item") << "1,,2"
                                << "empty item";
    QTest::newRow("trailing comma") << "1,"
                                    << "empty item";
    QTest::newRow("below zero") << "<0"
                                << "selects no lot";
    QTest::newRow("above last") << ">9"
                                << "selects no lot";
    QTest::newRow("bound without number") << "<"
                                          << "expected a number after <";
}

void TestSplit::parseLotsErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, messagePart);
    const auto lots = SplitSpec::parseLots(text.toStdString(), 10);
    QVERIFY(!lots.has_value());
    QCOMPARE(lots.error().code, ErrorCode::InvalidArgument);
    const QString message = QString::fromStdString(lots.error().message);
    QVERIFY2(message.contains(messagePart), qPrintable(message));
}

void TestSplit::lotsMatchRowFingerprints()
{
    const Dataset data = syntheticTable(1000);
    const auto lots = computeLots(data, 10);
    QVERIFY(lots.has_value());
    QCOMPARE(lots->size(), size_t(1000));
    for (size_t r = 0; r < data.rowCount(); ++r) {
        const int64_t fp = farmFingerprint(toJsonString(data, r));
        const int64_t expected = (fp < 0 ? -fp : fp) % 10;
        QCOMPARE(int64_t((*lots)[r]), expected);
    }
}

void TestSplit::lotsIndependentOfThreads()
{
    // Several blocks per thread; the serial encoder is the reference.
    const Dataset data = syntheticTable(50000);
    const auto lots = computeLots(data, 100);
    QVERIFY(lots.has_value());
    const RowJsonEncoder encoder(data);
    std::string buffer;
    std::vector<int32_t> serial(data.rowCount());
    for (size_t r = 0; r < data.rowCount(); ++r) {
        const size_t n = encoder.encode(r, buffer);
        serial[r] = int32_t(*lotOfFingerprint(farmFingerprint({buffer.data(), n}), 100));
    }
    QVERIFY(*lots == serial);
    const auto again = computeLots(data, 100);
    QVERIFY(*again == *lots);
}

void TestSplit::columnVariantKnownVectors()
{
    // FARM_FINGERPRINT(CAST(s AS STRING)) of a STRING is the fingerprint of the text itself.
    std::vector<Column> columns;
    columns.push_back(intColumn("id", {1, 2, 3, 4, 5}));
    columns.push_back(
        stringColumn("s", {"alphabet", "1footrue", "2applefalse", "3true", "alphabet"}));
    const Dataset data(std::move(columns));
    auto lots = computeLots(data, 10, "s");
    QVERIFY(lots.has_value());
    QCOMPARE(*lots, (std::vector<int32_t>{3, 1, 9, 2, 3}));
    lots = computeLots(data, 100, "s");
    QVERIFY(lots.has_value());
    QCOMPARE(*lots, (std::vector<int32_t>{23, 11, 59, 12, 23}));
}

void TestSplit::columnVariantNullAndTypes()
{
    Column ints = intColumn("n", {42, -7, 0});
    ints.nulls = {0, 0, 1};
    Column doubles;
    doubles.name = "x";
    doubles.type = ColumnType::Float64;
    doubles.doubles = {1.0, 0.1, -0.0};
    Column bools;
    bools.name = "b";
    bools.type = ColumnType::Bool;
    bools.bools = {1, 0, 1};
    std::vector<Column> columns;
    columns.push_back(ints);
    columns.push_back(doubles);
    columns.push_back(bools);
    const Dataset data(std::move(columns));
    auto lotOf = [](std::string_view text) { return *lotOfFingerprint(farmFingerprint(text), 10); };

    auto lots = computeLots(data, 10, "n");
    QVERIFY(lots.has_value());
    QCOMPARE(*lots, (std::vector<int32_t>{lotOf("42"), lotOf("-7"), -1}));  // NULL: no lot

    lots = computeLots(data, 10, "x");
    QVERIFY(lots.has_value());
    QCOMPARE(*lots, (std::vector<int32_t>{lotOf("1"), lotOf("0.1"), lotOf("0")}));

    lots = computeLots(data, 10, "b");
    QVERIFY(lots.has_value());
    QCOMPARE(*lots, (std::vector<int32_t>{lotOf("true"), lotOf("false"), lotOf("true")}));

    // A row whose lot is NULL is in no split.
    SplitSpec spec;
    const std::vector<int32_t> withNull = {1, 8, -1};
    const SplitRows rows = assignRows(withNull, spec);
    QCOMPARE(rows.training, (std::vector<uint32_t>{0}));
    QCOMPARE(rows.validation, (std::vector<uint32_t>{1}));
    QVERIFY(rows.testing.empty());
}

void TestSplit::computeLotsErrors()
{
    const Dataset data = syntheticTable(10);
    auto lots = computeLots(data, 0);
    QVERIFY(!lots.has_value());
    QCOMPARE(lots.error().code, ErrorCode::InvalidArgument);

    lots = computeLots(data, 10, "Soil");
    QVERIFY(!lots.has_value());
    const QString message = QString::fromStdString(lots.error().message);
    QVERIFY2(message.contains("\"Soil\"") && message.contains("Soil_Type"), qPrintable(message));

    const Dataset empty;
    lots = computeLots(empty, 10);
    QVERIFY(lots.has_value());
    QVERIFY(lots->empty());
}

void TestSplit::progressAndCancel()
{
    const Dataset data = syntheticTable(100000);
    std::vector<double> seen;
    auto lots = computeLots(data, 10, {}, [&seen](double f) {
        seen.push_back(f);
        return true;
    });
    QVERIFY(lots.has_value());
    QVERIFY(seen.size() >= 2);
    QVERIFY(std::ranges::is_sorted(seen));
    QCOMPARE(seen.back(), 1.0);

    int calls = 0;
    lots = computeLots(data, 10, {}, [&calls](double) { return ++calls < 3; });
    QVERIFY(!lots.has_value());
    QCOMPARE(lots.error().code, ErrorCode::Cancelled);
}

void TestSplit::assignRowsBySpec()
{
    const std::vector<int32_t> lots = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 8, 9, -1, 1};
    SplitRows rows = assignRows(lots, SplitSpec{});
    QCOMPARE(rows.training, (std::vector<uint32_t>{1, 2, 3, 4, 10, 14}));
    QCOMPARE(rows.validation, (std::vector<uint32_t>{8, 11}));
    QCOMPARE(rows.testing, (std::vector<uint32_t>{9, 12}));

    SplitSpec lecture;
    lecture.training = *SplitSpec::parseLots("<8", 10);
    rows = assignRows(lots, lecture);
    QCOMPARE(rows.training, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 10, 14}));
    QCOMPARE(rows.validation.size() + rows.testing.size(), size_t(4));
}

void TestSplit::csvWriterFields()
{
    std::vector<Column> columns;
    Column i = intColumn("id", {1, -2, 3});
    i.nulls = {0, 0, 1};
    columns.push_back(i);
    Column d;
    d.name = "x,y";
    d.type = ColumnType::Float64;
    d.doubles = {0.1, 1e20, std::numeric_limits<double>::quiet_NaN()};
    columns.push_back(d);
    Column b;
    b.name = "ok";
    b.type = ColumnType::Bool;
    b.bools = {1, 0, 0};
    columns.push_back(b);
    columns.push_back(stringColumn("s", {"plain", "a,\"b\"\nc", ""}));
    const Dataset data(std::move(columns));

    const std::string csv = datasetToCsv(data);
    QCOMPARE(QString::fromStdString(csv), QString("id,\"x,y\",ok,s\n"
                                                  "1,0.1,true,plain\n"
                                                  "-2,1e+20,false,\"a,\"\"b\"\"\nc\"\n"
                                                  ",NaN,false,\"\"\n"));
    const std::vector<uint32_t> subset = {2, 0};
    auto part = rowsToCsv(data, subset);
    QVERIFY(part.has_value());
    QCOMPARE(QString::fromStdString(*part),
             QString("id,\"x,y\",ok,s\n,NaN,false,\"\"\n1,0.1,true,plain\n"));
    const std::vector<uint32_t> bad = {3};
    QVERIFY(!rowsToCsv(data, bad).has_value());
}

void TestSplit::exportLayoutAndContents()
{
    std::vector<Column> columns;
    std::vector<int64_t> ids, labels;
    std::vector<std::string> names;
    for (int r = 0; r < 300; ++r) {
        ids.push_back(r);
        labels.push_back(1 + r % 7);
        names.push_back(r % 3 == 0 ? "with, comma" : (r % 3 == 1 ? "quote \"q\"" : "plain"));
    }
    columns.push_back(intColumn("id", ids));
    columns.push_back(stringColumn("name", names));
    columns.push_back(intColumn("Cover_Type", labels));
    const Dataset data(std::move(columns), "fixture.csv");

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const SplitSpec spec;
    auto summary = exportSplit(data, spec, tmp.path().toStdString());
    QVERIFY2(summary.has_value(), summary ? "" : summary.error().message.c_str());

    const auto lots = *computeLots(data, 10);
    const SplitRows expected = assignRows(lots, spec);
    const std::pair<const char *, const std::vector<uint32_t> *> splits[] = {
        {"training", &expected.training},
        {"validation", &expected.validation},
        {"testing", &expected.testing}};
    for (const auto &[name, rows] : splits) {
        const QString path = QDir(tmp.path()).filePath(QString("datasets/%1/data.csv").arg(name));
        QVERIFY2(QFile::exists(path), qPrintable(path));
        const auto records = readCsvRecords(readAll(path));
        QCOMPARE(records.size(), rows->size() + 1);
        QCOMPARE(records[0], (std::vector<std::string>{"id", "name", "Cover_Type"}));
        for (size_t k = 0; k < rows->size(); ++k) {
            const uint32_t r = (*rows)[k];
            QCOMPARE(records[k + 1], (std::vector<std::string>{std::to_string(ids[r]), names[r],
                                                               std::to_string(labels[r])}));
        }
    }
    QCOMPARE(summary->training.rows, expected.training.size());
    QCOMPARE(summary->unassignedRows,
             300 - expected.training.size() - expected.validation.size() - expected.testing.size());

    const QByteArray manifestText = readAll(QDir(tmp.path()).filePath("split.json"));
    const nlohmann::json manifest = nlohmann::json::parse(manifestText.toStdString());
    QCOMPARE(manifest.at("format").get<std::string>(), std::string("covertype-split"));
    QCOMPARE(manifest.at("programVersion").get<std::string>(), std::string(kProgramVersion));
    QVERIFY(manifest.at("spec") == spec.toJson());
    QCOMPARE(manifest.at("lotExpression").get<std::string>(),
             std::string("MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10)"));
    QCOMPARE(manifest.at("source").at("path").get<std::string>(), std::string("fixture.csv"));
    QCOMPARE(manifest.at("source").at("fingerprint").get<std::string>(), data.fingerprint());
    QCOMPARE(manifest.at("source").at("rows").get<size_t>(), size_t(300));
    const nlohmann::json &training = manifest.at("splits").at("training");
    QCOMPARE(training.at("path").get<std::string>(), std::string("datasets/training/data.csv"));
    QCOMPARE(training.at("rows").get<size_t>(), expected.training.size());
    size_t classTotal = 0;
    std::map<std::string, size_t> classes;
    for (const uint32_t r : expected.training)
        ++classes[std::to_string(labels[r])];
    for (const auto &[label, n] : training.at("classCounts").items()) {
        QCOMPARE(n.get<size_t>(), classes[label]);
        classTotal += n.get<size_t>();
    }
    QCOMPARE(classTotal, expected.training.size());
    QVERIFY(manifest.at("splits").contains("validation"));
    QVERIFY(manifest.at("splits").contains("testing"));
}

void TestSplit::exportCancelledKeepsTheOldExport()
{
    const Dataset data = syntheticTable(60000);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString manifest = QDir(tmp.path()).filePath("split.json");
    // An earlier export: its manifest and one of its data files.
    covertype::test::writeFile(tmp.path(), "split.json", "{\"earlier\":true}");
    QDir(tmp.path()).mkpath("datasets/training");
    covertype::test::writeFile(tmp.path() + "/datasets/training", "data.csv", "earlier rows\n");
    // Cancelled after the training file was written in full: nothing of the earlier export
    // changes, and no half-written file is left (split.json still describes the files there).
    auto result =
        exportSplit(data, SplitSpec{}, tmp.path().toStdString(), [](double f) { return f < 0.8; });
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    QFile old(manifest);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("{\"earlier\":true}"));
    QFile oldRows(tmp.path() + "/datasets/training/data.csv");
    QVERIFY(oldRows.open(QIODevice::ReadOnly));
    QCOMPARE(oldRows.readAll(), QByteArray("earlier rows\n"));
    QCOMPARE(QDir(tmp.path() + "/datasets/training")
                 .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{"data.csv"});

    // A complete run afterwards writes it.
    double last = 0.0;
    result = exportSplit(data, SplitSpec{}, tmp.path().toStdString(), [&last](double f) {
        last = f;
        return true;
    });
    QVERIFY(result.has_value());
    QVERIFY(QFile::exists(manifest));
    QCOMPARE(last, 1.0);
}

void TestSplit::exportRejectsInvalidSpec()
{
    QTemporaryDir tmp;
    SplitSpec spec;
    spec.testing = {8};
    const auto result = exportSplit(syntheticTable(10), spec, tmp.path().toStdString());
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!QFile::exists(QDir(tmp.path()).filePath("datasets")));
}

void TestSplit::sqlText_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("hashColumn");
    QTest::addColumn<QString>("expected");
    const QString head = "SELECT * FROM `covertype_dataset.covertype` AS cover\nWHERE ";
    QTest::newRow("training")
        << "covertype_dataset.covertype"
        << "training"
        << "" << head + "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (1, 2, 3, 4)";
    QTest::newRow("validation")
        << "covertype_dataset.covertype"
        << "validation"
        << "" << head + "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (8)";
    QTest::newRow("testing") << "covertype_dataset.covertype"
                             << "testing"
                             << ""
                             << head +
                                    "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (9)";
    QTest::newRow("column variant")
        << "covertype_dataset.covertype"
        << "training"
        << "Soil_Type"
        << head + "MOD(ABS(FARM_FINGERPRINT(CAST(cover.Soil_Type AS STRING))), 10) IN (1, 2, 3, 4)";
    QTest::newRow("with project")
        << "my-project-123.covertype_dataset.covertype"
        << "testing"
        << ""
        << "SELECT * FROM `my-project-123.covertype_dataset.covertype` AS cover\nWHERE "
           "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (9)";
}

void TestSplit::sqlText()
{
    QFETCH(QString, table);
    QFETCH(QString, which);
    QFETCH(QString, hashColumn);
    QFETCH(QString, expected);
    SplitSpec spec;
    spec.hashColumn = hashColumn.toStdString();
    const auto sql = splitSql(table.toStdString(), spec, which.toStdString());
    QVERIFY2(sql.has_value(), sql ? "" : sql.error().message.c_str());
    QCOMPARE(QString::fromStdString(*sql), expected);
}

void TestSplit::sqlErrors_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no dataset") << "covertype"
                                << "training"
                                << "not a BigQuery table name";
    QTest::newRow("four parts") << "a.b.c.d"
                                << "training"
                                << "not a BigQuery table name";
    QTest::newRow("dash in dataset") << "p.data-set.t"
                                     << "training"
                                     << "not a BigQuery table name";
    QTest::newRow("empty part") << "p..t"
                                << "training"
                                << "not a BigQuery table name";
    QTest::newRow("backtick") << "d.t` WHERE TRUE --"
                              << "training"
                              << "not a BigQuery table name";
    QTest::newRow("empty") << ""
                           << "training"
                           << "not a BigQuery table name";
    QTest::newRow("unknown split") << "d.t"
                                   << "train"
                                   << "unknown split \"train\"";
}

void TestSplit::sqlErrors()
{
    QFETCH(QString, table);
    QFETCH(QString, which);
    QFETCH(QString, messagePart);
    const auto sql = splitSql(table.toStdString(), SplitSpec{}, which.toStdString());
    QVERIFY(!sql.has_value());
    const QString message = QString::fromStdString(sql.error().message);
    QVERIFY2(message.contains(messagePart), qPrintable(message));
}

void TestSplit::realDataCourseSplit()
{
    COVERTYPE_REAL_DATA(path);
    auto data = loadDataset(path.toStdString());
    QVERIFY2(data.has_value(), data ? "" : data.error().message.c_str());
    QCOMPARE(data->rowCount(), size_t(75000));
    const auto lots = computeLots(*data, 10);
    QVERIFY(lots.has_value());
    std::vector<size_t> perLot(10, 0);
    for (const int32_t lot : *lots) {
        QVERIFY(lot >= 0 && lot < 10);
        ++perLot[size_t(lot)];
    }
    // Lot sizes of covertype_75k.csv under MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10).
    const std::vector<size_t> expected = {7469, 7550, 7471, 7514, 7614,
                                          7512, 7499, 7499, 7384, 7488};
    QCOMPARE(perLot, expected);

    const SplitRows rows = assignRows(*lots, SplitSpec{});
    QCOMPARE(rows.training.size(), perLot[1] + perLot[2] + perLot[3] + perLot[4]);
    QCOMPARE(rows.validation.size(), perLot[8]);
    QCOMPARE(rows.testing.size(), perLot[9]);
    QCOMPARE(rows.training.size(), size_t(30149));
}

QTEST_GUILESS_MAIN(TestSplit)
#include "tst_split.moc"
