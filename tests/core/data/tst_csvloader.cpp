// Tests for the CSV loader: quoting, type inference, schema files, lab checks and bad input.
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include "data/csvloader.h"
#include "data/csvwriter.h"
#include "data/labschema.h"
#include "testsupport.h"

using namespace covertype;

namespace {

const QByteArray kHeader =
    "Elevation,Aspect,Slope,Horizontal_Distance_To_Hydrology,Vertical_Distance_To_Hydrology,"
    "Horizontal_Distance_To_Roadways,Hillshade_9am,Hillshade_Noon,Hillshade_3pm,"
    "Horizontal_Distance_To_Fire_Points,Wilderness_Area,Soil_Type,Cover_Type";
const QByteArray kRow1 = "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1";
const QByteArray kRow2 = "2070,37,30,335,221,313,203,160,74,871,Cache,C2706,6";

Expected<Dataset> parse(const QByteArray &text, const LoadOptions &options = {})
{
    return parseCsv(std::string_view(text.constData(), size_t(text.size())), "t.csv", options);
}

/// A field of /proc/self/status ("VmRSS:", "VmHWM:") in bytes.
size_t statusBytes(const std::string &field)
{
    std::ifstream status("/proc/self/status");
    std::string key;
    size_t kib = 0;
    while (status >> key) {
        if (key == field) {
            status >> kib;
            break;
        }
        status.ignore(1 << 16, '\n');
    }
    return kib * 1024;
}

}  // namespace

class TestCsvLoader : public QObject
{
    Q_OBJECT

private slots:
    void loadingCostsTheColumnsNotTheFile()
    {
        // A file much larger than its columns (a long text repeated): loading it must cost
        // about the columns plus a constant, not the file's bytes as well (issue 12).
        QTemporaryDir dir;
        const std::string note(400, 'n');
        const size_t rows = 300'000;
        for (const bool quoted : {false, true}) {  // the parallel and the RFC 4180 reader
            const QString path = dir.filePath(quoted ? "quoted.csv" : "plain.csv");
            {
                std::ofstream out(path.toStdString(), std::ios::binary);
                out << "id,note,value\n";
                const std::string text = quoted ? "\"" + note + "\"" : note;
                for (size_t i = 0; i < rows; ++i)
                    out << i << ',' << text << ',' << (i % 97) << ".5\n";
                QVERIFY(out.good());
            }
            const size_t fileBytes = size_t(QFileInfo(path).size());
            QVERIFY(fileBytes > size_t(100) << 20);
            {
                std::ofstream clear("/proc/self/clear_refs");
                clear << "5";  // resets VmHWM to the current resident size
                if (!clear.good())
                    QSKIP("this kernel cannot reset the peak resident size");
            }
            const size_t before = statusBytes("VmRSS:");
            LoadOptions options;
            options.labSchema = false;
            const auto data = loadDataset(path.toStdString(), options);
            QVERIFY2(data, data ? "" : data.error().message.c_str());
            QCOMPARE(data->rowCount(), rows);
            const size_t peak = statusBytes("VmHWM:") - before;
            const size_t columns = data->memoryBytes();
            QVERIFY2(peak < columns + fileBytes / 2,
                     qPrintable(QStringLiteral("%1: peak %2 MB over %3 MB of columns, file %4 MB")
                                    .arg(path)
                                    .arg(peak >> 20)
                                    .arg(columns >> 20)
                                    .arg(fileBytes >> 20)));
        }
    }

    void labRows()
    {
        const auto data = parse(kHeader + "\n" + kRow1 + "\n" + kRow2 + "\n");
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->rowCount(), size_t(2));
        QCOMPARE(data->columnCount(), size_t(13));
        QCOMPARE(data->find("Elevation")->type, ColumnType::Int64);
        QCOMPARE(data->find("Elevation")->ints, (ColumnVector<int64_t>{3092, 2070}));
        const Column *soil = data->find("Soil_Type");
        QCOMPARE(soil->type, ColumnType::String);
        QCOMPARE(soil->textAt(0), std::string("C7745"));
        QCOMPARE(soil->textAt(1), std::string("C2706"));
        QCOMPARE(data->find("Cover_Type")->ints, (ColumnVector<int64_t>{1, 6}));
        QCOMPARE(data->schema(), lab::labSchema());
    }

    void formattingDoesNotChangeContent()
    {
        const auto plain = parse(kHeader + "\n" + kRow1 + "\n" + kRow2 + "\n");
        const auto crlfBomQuoted =
            parse("\xEF\xBB\xBF" + kHeader + "\r\n" +
                  "3092,163,13,30,5,4886,232,243,139,1456,\"Rawah\",C7745,1\r\n" + kRow2);
        QVERIFY(plain && crlfBomQuoted);
        QCOMPARE(crlfBomQuoted->rowCount(), size_t(2));
        QCOMPARE(plain->fingerprint(), crlfBomQuoted->fingerprint());
        const auto other = parse(kHeader + "\n" + kRow2 + "\n" + kRow1 + "\n");
        QVERIFY(other);
        QVERIFY(plain->fingerprint() != other->fingerprint());
    }

    void quoting()
    {
        LoadOptions generic;
        generic.labSchema = false;
        const auto data =
            parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",plain\n", generic);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->rowCount(), size_t(2));
        QCOMPARE(data->column(0).textAt(0), std::string("x, y"));
        QCOMPARE(data->column(1).textAt(0), std::string("say \"hi\""));
        QCOMPARE(data->column(0).textAt(1), std::string("multi\nline"));
    }

    void inference_data()
    {
        QTest::addColumn<QByteArray>("values");
        QTest::addColumn<QString>("type");
        QTest::newRow("ints") << QByteArray("1|-2|+3") << "INT64";
        QTest::newRow("int then float") << QByteArray("1|2.5") << "FLOAT64";
        QTest::newRow("float then int") << QByteArray("2.5|1") << "FLOAT64";
        QTest::newRow("bools") << QByteArray("true|FALSE") << "BOOL";
        QTest::newRow("strings") << QByteArray("a|b") << "STRING";
        QTest::newRow("ints then string") << QByteArray("1|2|x") << "STRING";
        QTest::newRow("bool then int") << QByteArray("true|1") << "STRING";
        QTest::newRow("digits soil") << QByteArray("7745|2706") << "INT64";
        QTest::newRow("nulls do not vote") << QByteArray("||5") << "INT64";
        QTest::newRow("all null") << QByteArray("\"\"|\"\"") << "STRING";
    }

    void inference()
    {
        QFETCH(QByteArray, values);
        QFETCH(QString, type);
        LoadOptions generic;
        generic.labSchema = false;
        QByteArray text = "v,k\n";
        for (const QByteArray &v : values.split('|'))
            text += v + ",1\n";
        const auto data = parse(text, generic);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(QString::fromLatin1(columnTypeName(data->column(0).type)), type);
    }

    void nullsAndPromotion()
    {
        LoadOptions generic;
        generic.labSchema = false;
        const auto data = parse("v,w\n,1\n7,\n2.5,3\n", generic);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        const Column &v = data->column(0);
        QCOMPARE(v.type, ColumnType::Float64);
        QVERIFY(v.isNull(0));
        QCOMPARE(v.doubles[1], 7.0);
        QCOMPARE(v.doubles[2], 2.5);
        const Column &w = data->column(1);
        QCOMPARE(w.type, ColumnType::Int64);
        QVERIFY(!w.isNull(0));
        QVERIFY(w.isNull(1));
        QVERIFY(!w.isNull(2));
    }

    void labelOptional()
    {
        QByteArray header = kHeader;
        header.chop(int(strlen(",Cover_Type")));
        QByteArray row = kRow1;
        row.chop(2);
        const auto data = parse(header + "\n" + row + "\n");
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QVERIFY(!data->find("Cover_Type"));
        QVERIFY(lab::validate(*data, false));
        const auto needed = lab::validate(*data, true, "training");
        QVERIFY(!needed);
        QCOMPARE(needed.error().code, ErrorCode::MissingLabel);
        QVERIFY(needed.error().message.find("training needs the label column Cover_Type") !=
                std::string::npos);
    }

    void schemaFile()
    {
        const auto fields = parseSchemaJson(
            R"([{"name":"Soil_Type","type":"STRING"},{"name":"Elevation","type":"FLOAT"}])",
            "s.json");
        QVERIFY2(fields, fields ? "" : fields.error().message.c_str());
        LoadOptions options;
        options.schema = *fields;
        const auto data = parse(kHeader + "\n" + kRow1 + "\n", options);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->find("Elevation")->type, ColumnType::Float64);
        QCOMPARE(data->find("Aspect")->type, ColumnType::Int64);

        LoadOptions bad;
        bad.schema = {{"Aspect", ColumnType::Bool}};
        const auto wrong = parse(kHeader + "\n" + kRow1 + "\n", bad);
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().message.find(
                     "t.csv:2, column 2 'Aspect': '163' is not a valid BOOL") != std::string::npos,
                 wrong.error().message.c_str());
    }

    void badSchemaJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("[{") << "not valid JSON";
        QTest::newRow("no type") << QByteArray(R"([{"name":"a"}])") << "field 0 needs";
        QTest::newRow("bad type") << QByteArray(R"([{"name":"a","type":"GEOGRAPHY"}])")
                                  << "unsupported type 'GEOGRAPHY'";
        QTest::newRow("twice")
            << QByteArray(
                   R"({"fields":[{"name":"a","type":"INT64"},{"name":"a","type":"STRING"}]})")
            << "'a' appears twice";
    }

    void badSchemaJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto fields = parseSchemaJson(json.toStdString(), "s.json");
        QVERIFY(!fields);
        QVERIFY2(QString::fromStdString(fields.error().message).contains(expected),
                 fields.error().message.c_str());
    }

    void hugeHeaderGivesAShortMessage()
    {
        // 10,000 columns, none of them the course's: the message lists 20 and counts the rest.
        QByteArray header;
        for (int i = 0; i < 10000; ++i)
            header += (i ? "," : "") + QByteArray("column_number_") + QByteArray::number(i);
        const QByteArray text = header + "\n" + QByteArray(10000 - 1, ',') + "\n";
        const auto data =
            parseCsv(std::string_view(text.constData(), size_t(text.size())), "t.csv");
        QVERIFY(!data);
        const std::string &message = data.error().message;
        QVERIFY2(message.size() < 1500, qPrintable(QString::number(message.size())));
        QVERIFY2(message.find("found: column_number_0, column_number_1") != std::string::npos &&
                     message.find(" and 9980 more") != std::string::npos,
                 message.c_str());
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty file") << QByteArray("") << "t.csv: empty file";
        QTest::newRow("blank file") << QByteArray("\r\n\n") << "t.csv: empty file";
        QTest::newRow("header only") << kHeader + "\n"
                                     << "no data rows";
        QTest::newRow("missing columns") << QByteArray("Elevation,Aspect\n1,2\n")
                                         << "t.csv:1: header is missing required columns Slope, "
                                            "Horizontal_Distance_To_Hydrology";
        QTest::newRow("too few fields") << kHeader + "\n" + kRow1 + "\n3092,163\n"
                                        << "t.csv:3: expected 13 fields as in the header, found 2";
        QTest::newRow("too many fields")
            << kHeader + "\n" + kRow1 + ",9\n"
            << "t.csv:2: expected 13 fields as in the header, found 14";
        QTest::newRow("non-numeric")
            << kHeader + "\n" + kRow1 + "\n" +
                   "3092,abc,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
            << "t.csv:3, column 2 'Aspect': 'abc' is not a number (expected INT64 or FLOAT64)";
        QTest::newRow("non-numeric first")
            << kHeader + "\n" + "x3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
            << "t.csv:2, column 1 'Elevation': 'x3092' is not a number";
        QTest::newRow("unknown cover type")
            << kHeader + "\n" + kRow1 + "\n" +
                   "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,8\n"
            << "t.csv:3, column 13 'Cover_Type': unknown Cover_Type '8' (expected an integer 1-7)";
        QTest::newRow("text cover type")
            << kHeader + "\n" + "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,spruce\n"
            << "t.csv:2, column 13 'Cover_Type': unknown Cover_Type 'spruce'";
        QTest::newRow("empty cover type")
            << kHeader + "\n" + "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,\n"
            << "t.csv:2, column 13 'Cover_Type': empty Cover_Type";
        QTest::newRow("unterminated quote")
            << kHeader + "\n" + "3092,163,13,30,5,4886,232,243,139,1456,\"Rawah,C7745,1\n"
            << "t.csv:2: unterminated quoted field (opened on line 2)";
        QTest::newRow("junk after quote")
            << kHeader + "\n" + "3092,163,13,30,5,4886,232,243,139,1456,\"Rawah\"x,C7745,1\n"
            << "t.csv:2: unexpected character after a closing quote";
        QTest::newRow("duplicate header")
            << QByteArray("a,a\n1,2\n") << "column name 'a' appears twice";
        QTest::newRow("png image") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                   << "t.csv: not a text CSV file: it looks like a PNG image";
        QTest::newRow("other binary")
            << QByteArray("Elevation,Aspect\n\x01\x02,3\n")
            << "t.csv: not a text CSV file: binary byte 0x01 at offset 17";
    }

    void badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const auto data = parse(text);
        QVERIFY(!data);
        QVERIFY2(QString::fromStdString(data.error().message).contains(expected),
                 data.error().message.c_str());
    }

    // The multi-threaded reader must give exactly what the sequential one gives, errors included.
    void parallelMatchesSequential_data()
    {
        QTest::addColumn<QByteArray>("text");
        QByteArray many = kHeader + "\n";
        for (int i = 0; i < 3000; ++i)
            many += (i % 2 ? kRow1 : kRow2) + "\n";
        QTest::newRow("lab rows") << many;
        QTest::newRow("crlf and blank lines")
            << QByteArray(many).replace("\n", "\r\n") + "\r\n\r\n";
        QByteArray nulls = many;
        nulls.replace(",Rawah,", ",,");
        QTest::newRow("nulls") << nulls;
        QByteArray late = many + "3092.5,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n";
        QTest::newRow("float late") << late;
        QTest::newRow("bad value late")
            << many +
                   "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
                   "3092,x,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n";
        QTest::newRow("bad label late")
            << many + kRow1 + "\n" + kRow1.left(kRow1.size() - 1) + "0\n";
        QTest::newRow("short row late") << many + "1,2,3\n" + kRow1 + "\n";
        QTest::newRow("long row late") << many + kRow1 + ",7\n";
        QTest::newRow("lone cr") << many + kRow1 + "\r" + kRow2 + "\n";
        QTest::newRow("no final newline") << many + kRow1;
    }

    void parallelMatchesSequential()
    {
        QFETCH(QByteArray, text);
        LoadOptions sequential;
        sequential.parallelMinBytes = size_t(-1);
        const auto expected = parse(text, sequential);
        for (unsigned threads : {2u, 3u, 7u}) {
            LoadOptions parallel;
            parallel.parallelMinBytes = 0;
            parallel.threads = threads;
            const auto got = parse(text, parallel);
            QCOMPARE(bool(got), bool(expected));
            if (expected) {
                QCOMPARE(got->rowCount(), expected->rowCount());
                QCOMPARE(got->schema(), expected->schema());
                QCOMPARE(got->fingerprint(), expected->fingerprint());
            } else {
                QCOMPARE(QString::fromStdString(got.error().message),
                         QString::fromStdString(expected.error().message));
            }
        }
    }

    // A NULL's slot holds code 0 (dataset.h) from the parallel reader too: renumbering a chunk's
    // codes into the column's dictionary pointed it at the chunk's first string (found by
    // tests/fuzz/fuzz_csv; input in tests/fuzz/regressions/csv/).
    void parallelNullsHoldCodeZero()
    {
        const QByteArray text = "a,b\nx,1\n,2\ny,3\ny,4\n,5\ny,6\n";
        LoadOptions sequential;
        sequential.labSchema = false;
        sequential.parallelMinBytes = size_t(-1);
        const auto expected = parse(text, sequential);
        QVERIFY2(expected, expected ? "" : expected.error().message.c_str());
        for (unsigned threads : {2u, 3u}) {
            LoadOptions parallel = sequential;
            parallel.parallelMinBytes = 0;
            parallel.threads = threads;
            const auto got = parse(text, parallel);
            QVERIFY2(got, got ? "" : got.error().message.c_str());
            const Column &a = got->column(0);
            QCOMPARE(a.dictionary, expected->column(0).dictionary);
            QCOMPARE(a.codes, expected->column(0).codes);
            for (size_t row = 0; row < got->rowCount(); ++row)
                if (a.isNull(row))
                    QCOMPARE(a.codes[row], 0);
        }
    }

    // A first column whose name starts with U+FEFF (read from a quoted header field, or after a
    // doubled byte-order mark) keeps it through export and reload: the writer quotes it, since a
    // reader drops an unquoted mark at the start of a file (found by tests/fuzz/fuzz_csv).
    void exportKeepsLeadingByteOrderMark()
    {
        const QByteArray text =
            "\"\xEF\xBB\xBF"
            "a\",b\n1,2\n";
        LoadOptions options;
        options.labSchema = false;
        const auto loaded = parse(text, options);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->column(0).name, std::string("\xEF\xBB\xBF"
                                                     "a"));
        const std::string exported = datasetToCsv(*loaded);
        const auto reloaded = parseCsv(exported, "exported.csv", options);
        QVERIFY2(reloaded, reloaded ? "" : reloaded.error().message.c_str());
        QCOMPARE(reloaded->schema(), loaded->schema());
        QCOMPARE(reloaded->fingerprint(), loaded->fingerprint());
    }

    // FLOAT64 cells hold one zero and one NaN: '-0' read as 0.0 by the parallel reader's integer
    // fast path but as -0.0 by the sequential reader after the column's first fraction, so the
    // two gave different fingerprints for the same file; '-NaN' kept its sign, which the CSV
    // writer drops ("NaN"), so an exported table reloaded as other data (found by
    // tests/fuzz/fuzz_csv; inputs in tests/fuzz/regressions/csv/).
    void oneZeroAndOneNaN()
    {
        QByteArray text = "a,b\n1.5,x\n-NaN,w\nnan(7),v\n";
        for (int i = 0; i < 3000; ++i)
            text += i % 2 ? "-0,y\n" : "-0.0,z\n";
        LoadOptions sequential;
        sequential.labSchema = false;
        sequential.parallelMinBytes = size_t(-1);
        const auto expected = parse(text, sequential);
        QVERIFY2(expected, expected ? "" : expected.error().message.c_str());
        const Column &a = expected->column(0);
        QCOMPARE(a.type, ColumnType::Float64);
        for (size_t row = 1; row < expected->rowCount(); ++row)
            QVERIFY(!std::signbit(a.doubles[row]));
        QCOMPARE(std::bit_cast<uint64_t>(a.doubles[1]),
                 std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN()));
        QCOMPARE(std::bit_cast<uint64_t>(a.doubles[2]), std::bit_cast<uint64_t>(a.doubles[1]));
        for (unsigned threads : {2u, 3u}) {
            LoadOptions parallel = sequential;
            parallel.parallelMinBytes = 0;
            parallel.threads = threads;
            const auto got = parse(text, parallel);
            QVERIFY2(got, got ? "" : got.error().message.c_str());
            QCOMPARE(got->fingerprint(), expected->fingerprint());
        }
        const auto reloaded = parseCsv(datasetToCsv(*expected), "exported.csv", sequential);
        QVERIFY2(reloaded, reloaded ? "" : reloaded.error().message.c_str());
        QCOMPARE(reloaded->fingerprint(), expected->fingerprint());
    }

    // A numeric lab column with every cell empty is INT64 (its lab type) with NULLs, as one with
    // some cells empty is; it was STRING, which the course table does not allow, so the file
    // loaded as a lab table that lab::validate then refused (found by tests/fuzz/fuzz_csv).
    void emptyNumericColumnKeepsItsLabType()
    {
        const QByteArray text = kHeader + "\n" + QByteArray(kRow1).replace(",13,", ",,") + "\n" +
                                QByteArray(kRow2).replace(",30,335,", ",,335,") + "\n";
        const auto data = parse(text);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        const Column *slope = data->find("Slope");
        QCOMPARE(slope->type, ColumnType::Int64);
        QVERIFY(slope->isNull(0) && slope->isNull(1));
        const auto valid = lab::validate(*data, true);
        QVERIFY2(valid, valid ? "" : valid.error().message.c_str());
        LoadOptions anyTable;
        anyTable.labSchema = false;
        QCOMPARE(parse(text, anyTable)->find("Slope")->type, ColumnType::String);
    }

    void parallelRealFile()
    {
        COVERTYPE_REAL_DATA(path);
        LoadOptions sequential;
        sequential.parallelMinBytes = size_t(-1);
        LoadOptions parallel;
        parallel.parallelMinBytes = 0;
        parallel.threads = 4;
        const auto a = loadDataset(path.toStdString(), sequential);
        const auto b = loadDataset(path.toStdString(), parallel);
        QVERIFY(a && b);
        QCOMPARE(b->fingerprint(), a->fingerprint());
        QCOMPARE(b->find("Soil_Type")->dictionary, a->find("Soil_Type")->dictionary);
    }

    void cancel()
    {
        QByteArray text = kHeader + "\n";
        for (int i = 0; i < 70000; ++i)
            text += kRow1 + "\n";
        LoadOptions options;
        options.progress = [](double) { return false; };
        const auto data = parse(text, options);
        QVERIFY(!data);
        QCOMPARE(data.error().code, ErrorCode::Cancelled);
    }

    void loadFileAndGzip()
    {
        QTemporaryDir dir;
        const QByteArray text = kHeader + "\n" + kRow1 + "\n" + kRow2 + "\n";
        const QString plain = test::writeFile(dir.path(), "p.csv", text);
        const auto a = loadDataset(plain.toStdString());
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(a->rowCount(), size_t(2));
        const auto missing = loadDataset(dir.filePath("nope.csv").toStdString());
        QVERIFY(!missing);
        QVERIFY(missing.error().message.find("nope.csv") != std::string::npos);
    }

    void uciFileIsRecognised()
    {
        // The first lab row in the UCI layout: area Rawah (column 11), soil 29 = C7745.
        QByteArray row = "3092,163,13,30,5,4886,232,243,139,1456,1,0,0,0";
        for (int k = 1; k <= 40; ++k)
            row += k == 29 ? ",1" : ",0";
        row += ",1\n";
        QTemporaryDir dir;
        const QString uci = test::writeFile(dir.path(), "covtype.data", row + row);
        const auto data = loadDataset(uci.toStdString());
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->schema(), lab::labSchema());
        QCOMPARE(data->rowCount(), size_t(2));
        const auto lab = parse(kHeader + "\n" + kRow1 + "\n" + kRow1 + "\n");
        QCOMPARE(data->fingerprint(), lab->fingerprint());
    }

    void realFile()
    {
        COVERTYPE_REAL_DATA(path);
        const auto data = loadDataset(path.toStdString());
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        QCOMPARE(data->rowCount(), size_t(75000));
        QCOMPARE(data->schema(), lab::labSchema());
        QVERIFY(lab::validate(*data, true));
        std::array<int, 8> counts{};
        for (int64_t v : data->find("Cover_Type")->ints)
            ++counts[size_t(v)];
        // Class counts published with the data (shared/data/covertype/README.md).
        QCOMPARE(counts[2], 36570);
        QCOMPARE(counts[1], 27346);
        QCOMPARE(counts[3], 4616);
        QCOMPARE(counts[7], 2647);
        QCOMPARE(counts[6], 2241);
        QCOMPARE(counts[5], 1225);
        QCOMPARE(counts[4], 355);
        QCOMPARE(data->find("Wilderness_Area")->dictionary.size(), size_t(4));
        QCOMPARE(loadDataset(path.toStdString())->fingerprint(), data->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestCsvLoader)
#include "tst_csvloader.moc"
