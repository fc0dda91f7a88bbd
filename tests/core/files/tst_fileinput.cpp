// Reading input files: a plain file is mapped, not copied, and the pages a loader has read leave
// the program's memory (releaseReadInput) while the bytes stay readable; memory buffers are
// never touched by a release. (Formats, limits and errors: tst_ucicovtype.)
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "files/fileinput.h"

using namespace covertype;

namespace {

/// VmRSS of this process, in bytes.
size_t residentBytes()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    size_t kib = 0;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> kib;
            break;
        }
        status.ignore(1 << 16, '\n');
    }
    return kib * 1024;
}

/// Bytes that differ page by page, so a page read back wrong is seen.
std::string pattern(size_t bytes)
{
    std::string text(bytes, '\0');
    for (size_t i = 0; i < bytes; ++i)
        text[i] = char('a' + (i * 7 + i / 4096) % 26);
    return text;
}

uint64_t checksum(std::string_view text)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < text.size(); ++i)
        sum = sum * 31 + uint8_t(text[i]);
    return sum;
}

/// `bytes` as a gzip file, written by libarchive.
bool writeGzip(const QString &path, std::string_view bytes)
{
    archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    bool ok = archive_write_open_filename(a, path.toLocal8Bit().constData()) == ARCHIVE_OK;
    archive_entry *entry = archive_entry_new();
    archive_entry_set_pathname(entry, "data");
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_size(entry, la_int64_t(bytes.size()));
    ok = ok && archive_write_header(a, entry) == ARCHIVE_OK &&
         archive_write_data(a, bytes.data(), bytes.size()) == la_ssize_t(bytes.size());
    archive_entry_free(entry);
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

bool writeFile(const QString &path, std::string_view bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) &&
           f.write(bytes.data(), qint64(bytes.size())) == qint64(bytes.size());
}

}  // namespace

class TestFileInput : public QObject
{
    Q_OBJECT

private slots:
    void plainFilesAreMappedCompressedOnesDecompressed()
    {
        QTemporaryDir dir;
        const std::string text = pattern(size_t(1) << 20);
        const QString plain = dir.filePath("plain.csv");
        QVERIFY(writeFile(plain, text));
        auto file = readInputFile(plain.toStdString());
        QVERIFY(file);
        QVERIFY(file->data.mapped());
        QCOMPARE(file->compression, std::string());
        QVERIFY(file->data.view() == text);

        const QString packed = dir.filePath("packed.gz");
        QVERIFY(writeGzip(packed, text));
        file = readInputFile(packed.toStdString());
        QVERIFY(file);
        QVERIFY(!file->data.mapped());
        QCOMPARE(file->compression, std::string("gzip"));
        QVERIFY(file->data.view() == text);

        // Moved and taken, the bytes stay whole.
        InputBytes moved = std::move(file->data);
        QCOMPARE(moved.takeString(), text);
        auto again = readInputFile(plain.toStdString());
        QVERIFY(again);
        QCOMPARE(again->data.takeString(), text);
        QVERIFY(!again->data.mapped());
    }

    void releasedPagesLeaveMemoryAndReadBack()
    {
        QTemporaryDir dir;
        const size_t size = size_t(48) << 20;
        const std::string text = pattern(size);
        const uint64_t expected = checksum(text);
        const QString path = dir.filePath("big.csv");
        QVERIFY(writeFile(path, text));
        auto file = readInputFile(path.toStdString());
        QVERIFY(file);
        QVERIFY(file->data.mapped());
        QCOMPARE(checksum(file->data.view()), expected);  // every page read in
        const size_t before = residentBytes();
        // Released in pieces that do not fall on page boundaries, as the loaders do.
        const std::string_view all = file->data.view();
        size_t at = 0;
        for (const size_t piece : {size_t(3'000'001), size_t(10'000'000), size - 13'000'001})
            releaseReadInput(all.substr(std::exchange(at, at + piece), piece));
        const size_t after = residentBytes();
        QVERIFY2(before > after + (size_t(40) << 20),
                 qPrintable(QStringLiteral("RSS %1 MB before the release, %2 MB after")
                                .arg(before >> 20)
                                .arg(after >> 20)));
        QCOMPARE(checksum(file->data.view()), expected);  // read back from the file
    }

    void memoryBuffersAreNeverReleased()
    {
        // Dropping the pages of memory the program owns would zero them: a release of bytes
        // that are not a mapping must change nothing.
        const std::string text = pattern(size_t(8) << 20);
        InputBytes held{std::string(text)};
        QVERIFY(!held.mapped());
        releaseReadInput(held.view());
        QVERIFY(held.view() == text);
        std::string plain = text;
        releaseReadInput(plain);
        QVERIFY(plain == text);
    }

    void aFileGoneAfterMappingKeepsItsBytes()
    {
        // Removing the file (an editor saving by rename does) leaves the mapping readable.
        QTemporaryDir dir;
        const std::string text = pattern(size_t(2) << 20);
        const QString path = dir.filePath("data.csv");
        QVERIFY(writeFile(path, text));
        auto file = readInputFile(path.toStdString());
        QVERIFY(file);
        QVERIFY(QFile::remove(path));
        QVERIFY(writeFile(path, "other"));
        releaseReadInput(file->data.view());
        QVERIFY(file->data.view() == text);
    }
};

QTEST_GUILESS_MAIN(TestFileInput)
#include "tst_fileinput.moc"
