// Tests for reading input files (plain, gzip, zip) and converting the UCI covtype.data layout.
#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <functional>
#include <tuple>
#include <vector>

#include "base/text.h"
#include "data/csvloader.h"
#include "data/labschema.h"
#include "data/ucicovtype.h"
#include "files/fileinput.h"
#include "testsupport.h"

using namespace covertype;

namespace {

// The course's spellings and ELU codes, written out independently of core/labschema.h so the
// conversion is checked against the documentation rather than against itself.
const QList<QByteArray> kAreas = {"Rawah", "Neota", "Commanche", "Cache"};
const QList<int> kElu = {2702, 2703, 2704, 2705, 2706, 2717, 3501, 3502, 4201, 4703,
                         4704, 4744, 4758, 5101, 5151, 6101, 6102, 6731, 7101, 7102,
                         7103, 7201, 7202, 7700, 7701, 7702, 7709, 7710, 7745, 7746,
                         7755, 7756, 7757, 7790, 8703, 8707, 8708, 8771, 8772, 8776};

// Real rows of the lab table (from covertype_75k.csv): every area, classes 1-7, negative values.
const QList<QByteArray> kLabRows = {
    "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1",
    "2070,37,30,335,221,313,203,160,74,871,Cache,C2706,6",
    "2325,28,12,0,0,1260,215,213,133,162,Cache,C2717,4",
    "3318,96,12,95,-5,1224,239,222,111,1411,Neota,C8771,7",
    "2669,169,11,120,17,3578,228,245,147,2596,Commanche,C4704,2",
    "2829,209,8,759,57,2195,214,248,169,1710,Commanche,C6102,5",
    "2079,294,36,234,185,258,98,205,234,324,Cache,C4703,3",
    "3404,323,24,361,79,3610,152,207,191,3723,Rawah,C8772,7",
    "2724,126,25,85,16,2769,252,214,74,2143,Rawah,C7745,5",
};

/// One UCI line (no line ending) from 10 numbers, area 1..4, soil type 1..40 and the class.
QByteArray uciLine(const QList<QByteArray> &numbers, int area, int soil, const QByteArray &cover)
{
    QList<QByteArray> fields = numbers;
    for (int a = 1; a <= 4; ++a)
        fields << (a == area ? "1" : "0");
    for (int s = 1; s <= 40; ++s)
        fields << (s == soil ? "1" : "0");
    fields << cover;
    return fields.join(',');
}

/// A lab CSV row converted back into the UCI layout.
QByteArray labToUci(const QByteArray &labRow)
{
    const QList<QByteArray> f = labRow.split(',');
    Q_ASSERT(f.size() == 13);
    const int area = int(kAreas.indexOf(f[10])) + 1;
    const int soil = int(kElu.indexOf(f[11].mid(1).toInt())) + 1;
    Q_ASSERT(area > 0 && soil > 0 && f[11].startsWith('C'));
    return uciLine(f.mid(0, 10), area, soil, f[12]);
}

QByteArray uciText(const QList<QByteArray> &labRows, const QByteArray &eol = "\n")
{
    QByteArray out;
    for (const QByteArray &row : labRows)
        out += labToUci(row) + eol;
    return out;
}

la_ssize_t appendToByteArray(archive *, void *target, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(target)->append(static_cast<const char *>(buffer), qsizetype(length));
    return la_ssize_t(length);
}

struct Entry
{
    QByteArray name;
    QByteArray data;
    bool directory = false;
};

/// Writes entries with libarchive in the given format ("zip", or "raw" + gzip for one entry).
QByteArray writeArchive(bool zip, const QList<Entry> &entries)
{
    QByteArray out;
    archive *a = archive_write_new();
    if (zip) {
        archive_write_set_format_zip(a);
    } else {
        archive_write_add_filter_gzip(a);
        archive_write_set_format_raw(a);
    }
    archive_write_set_bytes_in_last_block(a, 1);  // no zero padding after the data
    if (archive_write_open(a, &out, nullptr, appendToByteArray, nullptr) != ARCHIVE_OK)
        qFatal("archive_write_open: %s", archive_error_string(a));
    for (const Entry &e : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.constData());
        archive_entry_set_filetype(entry, e.directory ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry, e.directory ? 0755 : 0644);
        archive_entry_set_size(entry, e.directory ? 0 : e.data.size());
        if (archive_write_header(a, entry) != ARCHIVE_OK)
            qFatal("archive_write_header: %s", archive_error_string(a));
        if (!e.directory && !e.data.isEmpty() &&
            archive_write_data(a, e.data.constData(), size_t(e.data.size())) != e.data.size())
            qFatal("archive_write_data: %s", archive_error_string(a));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    return out;
}

QByteArray gzip(const QByteArray &data)
{
    return writeArchive(false, {{"data", data}});
}

QByteArray zip(const QList<Entry> &entries)
{
    return writeArchive(true, entries);
}

Expected<Dataset> parse(const QByteArray &text)
{
    return parseUciCovtype(std::string_view(text.constData(), size_t(text.size())), "covtype.data");
}

QStringList labFields(const Dataset &data, size_t row)
{
    QStringList out;
    for (const Column &c : data.columns())
        out << QString::fromStdString(c.textAt(row));
    return out;
}

}  // namespace

class TestUciCovtype : public QObject
{
    Q_OBJECT

private slots:
    void looksLikeUci_data();
    void looksLikeUci();
    void convertsToLabSchema();
    void mapsEveryCategory_data();
    void mapsEveryCategory();
    void lineEndings_data();
    void lineEndings();
    void unusualIntegerSpellings_data();
    void unusualIntegerSpellings();
    void parseErrors_data();
    void parseErrors();
    void parseProgressAndCancel();
    void readsInputFiles_data();
    void readsInputFiles();
    void inputErrors_data();
    void inputErrors();
    void permissionDenied();
    void emptyFileIsNotAReadError();
    void readProgressAndCancel();
    void realRowsThroughUciZip();
    void decompressionBombs();
    void sizeLimit();
    void headerJudgedBeforeTheRest();
};

void TestUciCovtype::looksLikeUci_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("expected");
    const QByteArray good = labToUci(kLabRows[3]);  // has a negative value
    QTest::newRow("uci line") << good << true;
    QTest::newRow("uci line with LF") << good + "\n" << true;
    QTest::newRow("uci line with CRLF") << good + "\r\n" << true;
    QTest::newRow("lab header")
        << QByteArray(
               "Elevation,Aspect,Slope,Horizontal_Distance_To_Hydrology,"
               "Vertical_Distance_To_Hydrology,Horizontal_Distance_To_Roadways,"
               "Hillshade_9am,Hillshade_Noon,Hillshade_3pm,"
               "Horizontal_Distance_To_Fire_Points,Wilderness_Area,Soil_Type,Cover_Type")
        << false;
    QTest::newRow("lab row") << kLabRows[0] << false;
    QTest::newRow("54 fields") << good.left(good.lastIndexOf(',')) << false;
    QTest::newRow("56 fields") << good + ",1" << false;
    QTest::newRow("decimal value") << "3092.5" + good.mid(4) << false;
    QTest::newRow("empty field") << "," + good.mid(5) << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestUciCovtype::looksLikeUci()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, expected);
    QCOMPARE(looksLikeUciCovtype(std::string_view(line.constData(), size_t(line.size()))),
             expected);
}

void TestUciCovtype::convertsToLabSchema()
{
    const auto data = parse(uciText(kLabRows));
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    QCOMPARE(data->schema(), lab::labSchema());
    QCOMPARE(data->rowCount(), size_t(kLabRows.size()));
    QCOMPARE(data->source(), std::string("covtype.data"));
    for (size_t row = 0; row < data->rowCount(); ++row)
        QCOMPARE(labFields(*data, row).join(','), QString::fromLatin1(kLabRows[qsizetype(row)]));

    // Strings are dictionary-encoded in order of first appearance.
    const Column &area = *data->find("Wilderness_Area");
    QCOMPARE(area.dictionary, (std::vector<std::string>{"Rawah", "Cache", "Neota", "Commanche"}));
    QCOMPARE(area.codes, (ColumnVector<int32_t>{0, 1, 1, 2, 3, 3, 1, 0, 0}));
    const Column &soil = *data->find("Soil_Type");
    QCOMPARE(soil.dictionary.front(), std::string("C7745"));
    QCOMPARE(soil.codes.back(), 0);  // the last row repeats soil 29
    QCOMPARE(data->find("Cover_Type")->ints, (ColumnVector<int64_t>{1, 6, 4, 7, 2, 5, 3, 7, 5}));
    QCOMPARE(data->find("Vertical_Distance_To_Hydrology")->ints[3], int64_t(-5));
}

void TestUciCovtype::mapsEveryCategory_data()
{
    QTest::addColumn<int>("area");
    QTest::addColumn<int>("soil");
    QTest::addColumn<QString>("areaName");
    QTest::addColumn<QString>("soilName");
    QTest::newRow("area 1, soil 1") << 1 << 1 << "Rawah"
                                    << "C2702";
    QTest::newRow("area 2, soil 13") << 2 << 13 << "Neota"
                                     << "C4758";
    QTest::newRow("area 3, soil 29") << 3 << 29 << "Commanche"
                                     << "C7745";
    QTest::newRow("area 4, soil 40") << 4 << 40 << "Cache"
                                     << "C8776";
    QTest::newRow("area 4, soil 7") << 4 << 7 << "Cache"
                                    << "C3501";
    QTest::newRow("area 1, soil 24") << 1 << 24 << "Rawah"
                                     << "C7700";
}

void TestUciCovtype::mapsEveryCategory()
{
    QFETCH(int, area);
    QFETCH(int, soil);
    QFETCH(QString, areaName);
    QFETCH(QString, soilName);
    const QList<QByteArray> numbers = {"2841", "45",  "0",   "644", "282",
                                       "1376", "218", "237", "156", "1003"};
    const auto data = parse(uciLine(numbers, area, soil, "3"));
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    QCOMPARE(labFields(*data, 0), QStringList({"2841", "45", "0", "644", "282", "1376", "218",
                                               "237", "156", "1003", areaName, soilName, "3"}));
}

void TestUciCovtype::lineEndings_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray lf = uciText(kLabRows);
    QTest::newRow("LF") << lf;
    QTest::newRow("CRLF") << uciText(kLabRows, "\r\n");
    QTest::newRow("no final newline") << lf.chopped(1);
    QTest::newRow("CRLF, no final newline") << uciText(kLabRows, "\r\n").chopped(2);
    QTest::newRow("trailing blank lines") << lf + "\n\r\n\n";
    QTest::newRow("UTF-8 BOM") << "\xEF\xBB\xBF" + lf;
}

void TestUciCovtype::lineEndings()
{
    QFETCH(QByteArray, text);
    const auto expected = parse(uciText(kLabRows));
    const auto data = parse(text);
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    QCOMPARE(data->rowCount(), size_t(kLabRows.size()));
    QCOMPARE(data->fingerprint(), expected->fingerprint());
}

void TestUciCovtype::unusualIntegerSpellings_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");  // the row in the lab layout

    const QList<QByteArray> n = {"2841", "45",  "0",   "644", "282",
                                 "1376", "218", "237", "156", "1003"};
    const QString lab = "2841,45,0,644,282,1376,218,237,156,1003,Neota,C7745,2";
    QList<QByteArray> f = uciLine(n, 2, 29, "2").split(',');
    QTest::newRow("plain") << f.join(',') << lab;
    f[0] = "0002841";
    f[4] = "-0";
    QTest::newRow("leading zeros, minus zero")
        << f.join(',') << "2841,45,0,644,0,1376,218,237,156,1003,Neota,C7745,2";
    f = uciLine(n, 2, 29, "2").split(',');
    f[10] = "00";
    f[11] = "01";
    f[42] = "001";
    f[54] = "02";
    QTest::newRow("padded one-hot and class") << f.join(',') << lab;
    f = uciLine(n, 2, 29, "2").split(',');
    f[5] = "-9223372036854775808";
    QTest::newRow("INT64 minimum")
        << f.join(',') << "2841,45,0,644,282,-9223372036854775808,218,237,156,1003,Neota,C7745,2";
    f[5] = "9223372036854775807";
    QTest::newRow("INT64 maximum")
        << f.join(',') << "2841,45,0,644,282,9223372036854775807,218,237,156,1003,Neota,C7745,2";
}

void TestUciCovtype::unusualIntegerSpellings()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    // Both before and after a row the fast path takes, with and without a final newline.
    for (const QByteArray &text : {line, line + "\n" + labToUci(kLabRows[0]),
                                   labToUci(kLabRows[0]) + "\r\n" + line + "\r\n"}) {
        const auto data = parse(text);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        const size_t row = text.startsWith(line) ? 0 : 1;
        QCOMPARE(labFields(*data, row).join(','), expected);
    }
}

void TestUciCovtype::parseErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");  // substrings of the message

    const QList<QByteArray> n = {"2841", "45",  "0",   "644", "282",
                                 "1376", "218", "237", "156", "1003"};
    const QByteArray good = uciLine(n, 1, 29, "2") + "\n";
    const auto withField = [&](int column, const QByteArray &value) {  // column is 1-based
        QList<QByteArray> f = uciLine(n, 1, 29, "2").split(',');
        f[column - 1] = value;
        return good + f.join(',') + "\n";
    };
    const auto withOneHot = [&](int area1, int area2, int soil1, int soil2) {
        QList<QByteArray> f = uciLine(n, 0, 0, "2").split(',');
        for (const int a : {area1, area2})
            if (a > 0)
                f[10 + a - 1] = "1";
        for (const int s : {soil1, soil2})
            if (s > 0)
                f[14 + s - 1] = "1";
        return good + f.join(',') + "\n";
    };

    QTest::newRow("empty") << QByteArray() << QStringList{"covtype.data: empty file"};
    QTest::newRow("only newlines") << QByteArray("\n\r\n") << QStringList{"empty file"};
    QTest::newRow("lab header")
        << QByteArray("Elevation,Aspect,Slope,a,b,c,d,e,f,g,Wilderness_Area,Soil_Type,Cover_Type\n")
        << QStringList{"covtype.data:1:", "found 13 fields", "expected 55"};
    QTest::newRow("54 fields") << good + uciLine(n, 1, 29, "2").chopped(2) + "\n"
                               << QStringList{"covtype.data:2:", "found 54 fields", "expected 55"};
    QTest::newRow("56 fields") << good + good.trimmed() + ",1\n"
                               << QStringList{"covtype.data:2:", "found 56 fields"};
    QTest::newRow("empty line inside")
        << good + "\n" + good << QStringList{"covtype.data:2:", "empty line"};
    QTest::newRow("letter in Elevation")
        << withField(1, "28x1")
        << QStringList{"covtype.data:2, column 1 (Elevation):", "'28x1' is not an integer"};
    QTest::newRow("decimal in roadways")
        << withField(6, "1376.5")
        << QStringList{"column 6 (Horizontal_Distance_To_Roadways)", "'1376.5' is not an integer"};
    QTest::newRow("empty slope") << withField(3, "")
                                 << QStringList{"column 3 (Slope)",
                                                "empty value, expected an integer"};
    QTest::newRow("space before value")
        << withField(2, " 45") << QStringList{"column 2 (Aspect)", "' 45' is not an integer"};
    QTest::newRow("too large") << withField(10, "99999999999999999999")
                               << QStringList{"column 10 (Horizontal_Distance_To_Fire_Points)",
                                              "out of range for INT64"};
    QTest::newRow("area value 2")
        << withField(13, "2")
        << QStringList{"covtype.data:2, column 13 (Wilderness_Area one-hot 'Commanche'):",
                       "'2', expected 0 or 1"};
    QTest::newRow("area value -1")
        << withField(14, "-1")
        << QStringList{"column 14 (Wilderness_Area one-hot 'Cache')", "'-1', expected 0 or 1"};
    QTest::newRow("no area") << withOneHot(0, 0, 29, 0)
                             << QStringList{
                                    "covtype.data:2, columns 11-14 (Wilderness_Area one-hot):",
                                    "no column is 1, expected exactly one"};
    QTest::newRow("two areas")
        << withOneHot(1, 4, 29, 0)
        << QStringList{"columns 11-14 (Wilderness_Area one-hot)",
                       "columns 11 ('Rawah'), 14 ('Cache') are 1, expected exactly one"};
    QTest::newRow("soil value x") << withField(43, "x")
                                  << QStringList{"column 43 (Soil_Type one-hot 29 'C7745')",
                                                 "'x' is not an integer"};
    QTest::newRow("soil value 5") << withField(15, "5")
                                  << QStringList{"column 15 (Soil_Type one-hot 1 'C2702')",
                                                 "'5', expected 0 or 1"};
    QTest::newRow("no soil") << withOneHot(2, 0, 0, 0)
                             << QStringList{"columns 15-54 (Soil_Type one-hot)", "no column is 1"};
    QTest::newRow("two soils") << withOneHot(2, 0, 1, 40)
                               << QStringList{"columns 15-54 (Soil_Type one-hot)",
                                              "15 ('C2702'), 54 ('C8776') are 1"};
    QTest::newRow("class 0") << withField(55, "0")
                             << QStringList{"covtype.data:2, column 55 (Cover_Type):",
                                            "'0', expected an integer 1..7"};
    QTest::newRow("class 8") << withField(55, "8")
                             << QStringList{"column 55 (Cover_Type)",
                                            "'8', expected an integer 1..7"};
    QTest::newRow("class text") << withField(55, "Spruce")
                                << QStringList{"column 55 (Cover_Type)",
                                               "'Spruce' is not an integer"};
    QTest::newRow("class missing, CRLF")
        << good + uciLine(n, 1, 29, "") + "\r\n"
        << QStringList{"covtype.data:2, column 55 (Cover_Type)", "empty value"};
    QTest::newRow("error on line 9") << good.repeated(8) + withField(1, "oops").mid(good.size())
                                     << QStringList{"covtype.data:9, column 1"};
}

void TestUciCovtype::parseErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    const auto data = parse(text);
    QVERIFY(!data);
    QCOMPARE(data.error().code, ErrorCode::Parse);
    const QString message = QString::fromStdString(data.error().message);
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message + "\n  lacks: " + part));
}

void TestUciCovtype::parseProgressAndCancel()
{
    const QByteArray text = uciText(kLabRows).repeated(5000);  // 45,000 rows
    const std::string_view view(text.constData(), size_t(text.size()));
    std::vector<double> seen;
    const auto data = parseUciCovtype(view, "big", [&](double f) {
        seen.push_back(f);
        return true;
    });
    QVERIFY(data);
    QCOMPARE(data->rowCount(), size_t(45000));
    QVERIFY(seen.size() >= 3);
    QVERIFY(std::ranges::is_sorted(seen));
    QCOMPARE(seen.back(), 1.0);

    int calls = 0;
    const auto cancelled = parseUciCovtype(view, "big", [&](double) { return ++calls < 2; });
    QVERIFY(!cancelled);
    QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    QVERIFY(cancelled.error().message.find("big") != std::string::npos);
}

void TestUciCovtype::readsInputFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("compression");
    QTest::addColumn<QString>("innerName");

    const QByteArray text = uciText(kLabRows);
    const QByteArray gz = gzip(text);
    QTest::newRow("plain") << "covtype.data" << text << ""
                           << "";
    QTest::newRow("gzip") << "covtype.data.gz" << gz << "gzip"
                          << "";
    QTest::newRow("gzip, misleading extension") << "rows.csv" << gz << "gzip"
                                                << "";
    QTest::newRow("plain, misleading extension") << "rows.gz" << text << ""
                                                 << "";
    QTest::newRow("UCI zip of covtype.data.gz")
        << "covtype.zip" << zip({{"covtype.data.gz", gz}}) << "zip+gzip"
        << "covtype.data.gz";
    QTest::newRow("zip of covtype.data") << "covtype.zip" << zip({{"covtype.data", text}}) << "zip"
                                         << "covtype.data";
    QTest::newRow("covtype.data.gz preferred")
        << "both.zip"
        << zip({{"covtype.info", "notes"}, {"covtype.data", "x"}, {"covtype.data.gz", gz}})
        << "zip+gzip"
        << "covtype.data.gz";
    QTest::newRow("covtype.data in a folder")
        << "nested.zip"
        << zip({{"covtype/", {}, true}, {"covtype/covtype.data", text}, {"covtype/README", "r"}})
        << "zip"
        << "covtype/covtype.data";
    QTest::newRow("the only file")
        << "one.zip" << zip({{"dir/", {}, true}, {"dir/rows.txt", text}}) << "zip"
        << "dir/rows.txt";
    QTest::newRow("the only .csv beside other files")
        << "mixed.zip" << zip({{"README.md", "read me"}, {"rows.csv", text}, {"LICENSE", "l"}})
        << "zip"
        << "rows.csv";
    QTest::newRow("gzip entry with another name")
        << "other.zip" << zip({{"notes.txt", "n"}, {"rows.gz", gz}}) << "zip+gzip"
        << "rows.gz";
    QTest::newRow("macOS metadata ignored")
        << "mac.zip" << zip({{"rows.txt", text}, {"__MACOSX/._rows.txt", "meta"}}) << "zip"
        << "rows.txt";
}

void TestUciCovtype::readsInputFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, compression);
    QFETCH(QString, innerName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = test::writeFile(dir.path(), name, bytes);

    std::vector<double> seen;
    const auto file = readInputFile(path.toStdString(), [&](double f) {
        seen.push_back(f);
        return true;
    });
    QVERIFY2(file, file ? "" : file.error().message.c_str());
    QCOMPARE(QString::fromStdString(file->compression), compression);
    QCOMPARE(QString::fromStdString(file->innerName), innerName);
    QCOMPARE(QByteArray(file->data.view().data(), qsizetype(file->data.size())), uciText(kLabRows));
    QVERIFY(!seen.empty());
    QVERIFY(std::ranges::is_sorted(seen));
    QCOMPARE(seen.back(), 1.0);

    const auto data = parseUciCovtype(file->data, path.toStdString());
    QVERIFY(data);
    QCOMPARE(data->fingerprint(), parse(uciText(kLabRows))->fingerprint());
}

void TestUciCovtype::inputErrors_data()
{
    QTest::addColumn<QString>("name");  // empty: the path is the temporary directory itself
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("create");
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("expected");  // substrings; "@" stands for the file's path

    const QByteArray text = uciText(kLabRows).repeated(50);
    const QByteArray gz = gzip(text);
    const int io = int(ErrorCode::Io);
    const int parseError = int(ErrorCode::Parse);

    QTest::newRow("missing file") << "absent.data" << QByteArray() << false << io
                                  << QStringList{"cannot open @", "file not found"};
    QTest::newRow("directory") << "" << QByteArray() << false << io
                               << QStringList{"cannot read @", "directory"};
    QTest::newRow("truncated gzip") << "covtype.data.gz" << gz.left(gz.size() / 2) << true
                                    << parseError << QStringList{"unreadable gzip: @: "};
    QTest::newRow("gzip without its trailer") << "covtype.data.gz" << gz.chopped(8) << true
                                              << parseError << QStringList{"unreadable gzip: @: "};
    QTest::newRow("gzip magic, garbage body")
        << "covtype.data.gz" << QByteArrayLiteral("\x1f\x8b\x08\x00garbage that is not deflate")
        << true << parseError << QStringList{"unreadable gzip: @: "};
    QTest::newRow("zip magic, garbage body")
        << "covtype.zip" << QByteArrayLiteral("PK\x03\x04 this is not really a zip archive") << true
        << parseError << QStringList{"unreadable zip: @: "};
    const QByteArray goodZip = zip({{"covtype.data", text}});
    QTest::newRow("truncated zip") << "covtype.zip" << goodZip.left(goodZip.size() / 2) << true
                                   << parseError << QStringList{"unreadable zip: @: "};
    QTest::newRow("two candidates")
        << "two.zip" << zip({{"README", "r"}, {"a.csv", text}, {"b.data", text}}) << true
        << parseError << QStringList{"ambiguous zip @", "a.csv, b.data"};
    QTest::newRow("two covtype.data")
        << "two.zip" << zip({{"x/covtype.data", text}, {"y/covtype.data", text}}) << true
        << parseError << QStringList{"ambiguous zip @", "x/covtype.data, y/covtype.data"};
    QTest::newRow("no usable entry")
        << "docs.zip" << zip({{"README", "r"}, {"notes.md", "n"}}) << true << parseError
        << QStringList{"no usable entry in zip @", "README, notes.md",
                       "expected covtype.data.gz, covtype.data"};
    QTest::newRow("only a folder") << "dir.zip" << zip({{"data/", {}, true}}) << true << parseError
                                   << QStringList{"no usable entry in zip @", "holds no file"};
    QTest::newRow("empty zip") << "empty.zip" << zip({}) << true << parseError
                               << QStringList{"no usable entry in zip @"};
    QTest::newRow("zip holding a truncated gzip")
        << "covtype.zip" << zip({{"covtype.data.gz", gz.left(gz.size() / 2)}}) << true << parseError
        << QStringList{"unreadable gzip: @ (entry covtype.data.gz): "};
}

void TestUciCovtype::inputErrors()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, create);
    QFETCH(int, code);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = name.isEmpty() ? dir.path()
                         : create       ? test::writeFile(dir.path(), name, bytes)
                                        : QDir(dir.path()).filePath(name);
    const auto file = readInputFile(path.toStdString());
    QVERIFY2(!file, "an error was expected");
    QCOMPARE(int(file.error().code), code);
    const QString message = QString::fromStdString(file.error().message);
    for (QString part : expected) {
        part.replace("@", path);
        QVERIFY2(message.contains(part), qPrintable(message + "\n  lacks: " + part));
    }
}

void TestUciCovtype::permissionDenied()
{
    if (::geteuid() == 0)
        QSKIP("root reads every file: permissions cannot be tested");
    QTemporaryDir dir;
    const QString path = test::writeFile(dir.path(), "locked.data", uciText(kLabRows));
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    const auto file = readInputFile(path.toStdString());
    QVERIFY(!file);
    QCOMPARE(file.error().code, ErrorCode::Io);
    QCOMPARE(file.error().message, "cannot open " + path.toStdString() + ": permission denied");
}

void TestUciCovtype::emptyFileIsNotAReadError()
{
    QTemporaryDir dir;
    const QString path = test::writeFile(dir.path(), "empty.data", {});
    const auto file = readInputFile(path.toStdString());
    QVERIFY(file);
    QVERIFY(file->data.empty());
    QVERIFY(file->compression.empty());
    const auto data = parseUciCovtype(file->data, path.toStdString());
    QVERIFY(!data);
    QCOMPARE(data.error().message, path.toStdString() + ": empty file");
}

void TestUciCovtype::readProgressAndCancel()
{
    QTemporaryDir dir;
    const QByteArray text = uciText(kLabRows).repeated(3000);
    for (const QByteArray &bytes : {text, gzip(text), zip({{"covtype.data.gz", gzip(text)}})}) {
        const QString path = test::writeFile(dir.path(), "input", bytes);
        const auto file = readInputFile(path.toStdString(), [](double) { return false; });
        QVERIFY(!file);
        QCOMPARE(file.error().code, ErrorCode::Cancelled);
        QVERIFY(file.error().message.find(path.toStdString()) != std::string::npos);
    }
}

void TestUciCovtype::realRowsThroughUciZip()
{
    COVERTYPE_REAL_DATA(csvPath);
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    csv.readLine();  // header
    QList<QByteArray> labRows;
    while (labRows.size() < 3000 && !csv.atEnd())
        labRows << csv.readLine().trimmed();
    QCOMPARE(labRows.size(), 3000);

    // The UCI distribution: a zip holding covtype.data.gz.
    QTemporaryDir dir;
    const QString path = test::writeFile(dir.path(), "covtype.zip",
                                         zip({{"covtype.data.gz", gzip(uciText(labRows))}}));
    const auto file = readInputFile(path.toStdString());
    QVERIFY2(file, file ? "" : file.error().message.c_str());
    QCOMPARE(file->compression, std::string("zip+gzip"));
    QVERIFY(looksLikeUciCovtype(file->data.view().substr(0, file->data.view().find('\n'))));
    const auto data = parseUciCovtype(file->data, path.toStdString());
    QVERIFY2(data, data ? "" : data.error().message.c_str());
    QCOMPARE(data->rowCount(), size_t(labRows.size()));
    for (size_t row = 0; row < data->rowCount(); ++row)
        QCOMPARE(labFields(*data, row).join(','), QString::fromLatin1(labRows[qsizetype(row)]));
}

void TestUciCovtype::decompressionBombs()
{
    // 64 MiB of zeros, about 64 KiB compressed: refused once the output passes 16 MiB and 100
    // times the input, not after it is all in memory.
    QTemporaryDir dir;
    const QByteArray zeros(64 << 20, '\0');
    const QByteArray packed = gzip(zeros);
    QVERIFY(packed.size() < 200 << 10);
    for (const auto &[name, bytes, kind] :
         {std::tuple{"bomb.gz", packed, "gzip"},
          std::tuple{"bomb.zip", zip({{"covtype.data", zeros}}), "zip"},
          std::tuple{"bomb-inner.zip", zip({{"covtype.data.gz", packed}}), "gzip"}}) {
        const QString path = test::writeFile(dir.path(), name, bytes);
        const auto file = readInputFile(path.toStdString());
        QVERIFY2(!file, name);
        QCOMPARE(file.error().code, ErrorCode::InvalidArgument);
        const std::string &message = file.error().message;
        QVERIFY2(message.find(cat("its ", kind, " data expands more than 100 times")) !=
                         std::string::npos &&
                     message.find("a damaged file or a decompression bomb") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find(" so far") != std::string::npos, message.c_str());
    }
}

void TestUciCovtype::sizeLimit()
{
    QTemporaryDir dir;
    InputLimits limits;
    limits.maxBytes = 1 << 20;
    const QByteArray text = uciText(kLabRows).repeated(2000);  // about 2.2 MiB
    const QString plain = test::writeFile(dir.path(), "big.data", text);
    auto file = readInputFile(plain.toStdString(), {}, limits);
    QVERIFY(!file);
    QCOMPARE(file.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(file.error().message.find("it holds 2.") != std::string::npos &&
                 file.error().message.find("MiB, more than the 1.0 MiB an input may hold "
                                           "(COVERTYPE_MAX_INPUT_MIB raises the limit)") !=
                     std::string::npos,
             file.error().message.c_str());
    const QString packed = test::writeFile(dir.path(), "big.data.gz", gzip(text));
    file = readInputFile(packed.toStdString(), {}, limits);
    QVERIFY(!file);
    QVERIFY2(file.error().message.find("its gzip data decompresses to more than 1.0 MiB") !=
                 std::string::npos,
             file.error().message.c_str());
    limits.maxBytes = 4 << 20;
    QVERIFY(readInputFile(packed.toStdString(), {}, limits));

    // The limit comes from the environment.
    qputenv("COVERTYPE_MAX_INPUT_MIB", "3");
    QCOMPARE(InputLimits::defaultMaxInputBytes(), uint64_t(3) << 20);
    qputenv("COVERTYPE_MAX_INPUT_MIB", "lots");
    QCOMPARE(InputLimits::defaultMaxInputBytes(), uint64_t(1024) << 20);
    qunsetenv("COVERTYPE_MAX_INPUT_MIB");
    QCOMPARE(InputLimits::defaultMaxInputBytes(), uint64_t(1024) << 20);
}

void TestUciCovtype::headerJudgedBeforeTheRest()
{
    // 2 GiB sparse files: one over the default limit is refused by its size; under a raised
    // limit, a header that cannot be the table and a binary file are refused from their first
    // bytes (the read never reports progress: the rest is never read).
    QTemporaryDir dir;
    const auto sparse = [&](const char *name, const QByteArray &start) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(start) != start.size() ||
            !f.resize(qint64(2) << 30))
            qFatal("cannot make %s", name);
        return f.fileName().toStdString();
    };
    const std::string wrongHeader = sparse("wrong-header.csv", "a,b,c\n1,2,3\n");
    const std::string zeros = sparse("zeros.csv", {});
    auto data = loadDataset(wrongHeader);
    QVERIFY(!data);
    QVERIFY2(
        data.error().message.find("it holds 2.0 GiB, more than the 1.0 GiB") != std::string::npos,
        data.error().message.c_str());

    qputenv("COVERTYPE_MAX_INPUT_MIB", "4096");
    double furthest = 0;
    LoadOptions options;
    options.progress = [&](double f) {
        furthest = std::max(furthest, f);
        return true;
    };
    data = loadDataset(wrongHeader, options);
    QVERIFY(!data);
    QCOMPARE(data.error().code, ErrorCode::Schema);
    QVERIFY2(
        data.error().message.find(":1: header is missing required columns") != std::string::npos,
        data.error().message.c_str());
    data = loadDataset(zeros, options);
    QVERIFY(!data);
    QVERIFY2(data.error().message.find("not a text CSV file: binary byte 0x00 at offset 0") !=
                 std::string::npos,
             data.error().message.c_str());
    qunsetenv("COVERTYPE_MAX_INPUT_MIB");
    QCOMPARE(furthest, 0.0);
}

QTEST_GUILESS_MAIN(TestUciCovtype)
#include "tst_ucicovtype.moc"
