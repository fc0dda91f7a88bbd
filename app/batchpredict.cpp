// Batch prediction: an RFC 4180 record scanner cuts the input into chunks of whole records, the
// CSV loader parses each chunk (behind the file's header), the model predicts it.
#include "batchpredict.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "base/text.h"
#include "data/csvloader.h"
#include "data/labschema.h"
#include "files/fileinput.h"

namespace covertype::cli {

namespace {

/// Finds record boundaries the way the CSV loader reads records: a quote opens a quoted field
/// only at the start of a field, "" inside one is a quote, records end with LF, CRLF or a lone
/// CR outside quotes. Feed it the same growing buffer; it resumes where it stopped.
class RecordScanner
{
public:
    struct Record
    {
        size_t begin = 0;  ///< offset in the buffer
        size_t size = 0;   ///< without the line terminator
        size_t line = 0;   ///< file line it starts on
    };

    explicit RecordScanner(size_t firstLine) : m_line(firstLine), m_recordLine(firstLine) {}

    /// Scans `buffer` from where the last call stopped, appending the records completed in it.
    /// With `atEof`, an unterminated last record counts as complete.
    void scan(std::string_view buffer, bool atEof, std::vector<Record> &records)
    {
        size_t i = m_pos;
        const size_t n = buffer.size();
        for (; i < n; ++i) {
            const char c = buffer[i];
            if (m_state == State::Quoted) {
                if (c == '"')
                    m_state = State::QuoteSeen;
                else if (c == '\n')
                    ++m_line;
                continue;
            }
            if (c == '\n' || c == '\r') {
                size_t terminator = 1;
                if (c == '\r') {
                    if (i + 1 == n && !atEof)
                        break;  // CR or CRLF: wait for the next byte
                    if (i + 1 < n && buffer[i + 1] == '\n')
                        terminator = 2;
                }
                records.push_back({m_recordBegin, i - m_recordBegin, m_recordLine});
                ++m_line;
                m_recordLine = m_line;
                m_recordBegin = i + terminator;
                m_completeEnd = m_recordBegin;
                m_state = State::FieldStart;
                i += terminator - 1;
                continue;
            }
            switch (m_state) {
                case State::FieldStart:
                    if (c == '"') {
                        m_state = State::Quoted;
                        m_quoteLine = m_line;
                    } else if (c != ',') {
                        m_state = State::Plain;
                    }
                    break;
                case State::Plain:
                    if (c == ',')
                        m_state = State::FieldStart;
                    break;
                case State::QuoteSeen:
                    m_state = c == '"'   ? State::Quoted
                              : c == ',' ? State::FieldStart
                                         : State::Plain;  // garbage: the loader reports it
                    break;
                case State::Quoted:
                    break;
            }
        }
        m_pos = i;
        if (atEof && m_pos == n && m_recordBegin < n && m_state != State::Quoted) {
            records.push_back({m_recordBegin, n - m_recordBegin, m_recordLine});
            ++m_line;
            m_recordBegin = n;
            m_completeEnd = n;
        }
    }

    /// Bytes of the buffer made of complete records (with their terminators).
    [[nodiscard]] size_t completeEnd() const { return m_completeEnd; }
    /// True when the text ends inside a quoted field.
    [[nodiscard]] bool inQuotes() const { return m_state == State::Quoted; }
    [[nodiscard]] size_t quoteLine() const { return m_quoteLine; }
    /// File line on which the record being read (or the next one) starts.
    [[nodiscard]] size_t recordLine() const { return m_recordLine; }

    /// The caller removed the first `count` bytes (complete records) from the buffer.
    void consumed(size_t count)
    {
        m_pos -= count;
        m_recordBegin -= count;
        m_completeEnd -= count;
    }

private:
    enum class State { FieldStart, Plain, Quoted, QuoteSeen };
    State m_state = State::FieldStart;
    size_t m_pos = 0;
    size_t m_recordBegin = 0;
    size_t m_completeEnd = 0;
    size_t m_line;        ///< line of the byte at m_pos
    size_t m_recordLine;  ///< line the current record starts on
    size_t m_quoteLine = 0;
};

/// The loader skips records that hold nothing (an empty line, or one empty quoted field).
bool isBlank(std::string_view record)
{
    return record.empty() || record == "\"\"";
}

/// Rewrites "SOURCE:LINE..." of a chunk's error into the file's line numbers.
std::string fileLineMessage(const std::string &message, const std::string &source,
                            size_t chunkHeaderLines, size_t chunkFirstLine)
{
    const std::string prefix = source + ":";
    if (!message.starts_with(prefix))
        return message;
    const char *digits = message.data() + prefix.size();
    const char *end = message.data() + message.size();
    size_t line = 0;
    const auto [ptr, ec] = std::from_chars(digits, end, line);
    if (ec != std::errc() || line <= chunkHeaderLines)
        return message;
    return cat(prefix, chunkFirstLine + (line - chunkHeaderLines - 1), std::string_view(ptr, end));
}

/// The model refuses NULL or non-finite numeric features; say which line holds one.
Expected<void> checkNumericCells(const Dataset &data, const std::vector<size_t> &lines,
                                 const std::string &source)
{
    for (std::string_view name : lab::kNumericColumns) {
        const Column *column = data.find(name);
        if (!column || column->type != ColumnType::Float64)
            continue;
        for (size_t r = 0; r < data.rowCount(); ++r) {
            const bool null = column->isNull(r);
            if (!null && std::isfinite(column->doubles[r]))
                continue;
            return fail(ErrorCode::Parse,
                        cat(source, ":", lines[r], ", column ", data.columnIndex(name) + 1, " '",
                            name, "': ",
                            null ? std::string("empty value; a numeric feature needs a value")
                                 : cat(Column::formatDouble(column->doubles[r]),
                                       " is not finite; a numeric feature must be finite")));
        }
    }
    return {};
}

/// Where input bytes come from: the file itself, or (gzip / zip) its decompressed text.
class ByteSource
{
public:
    [[nodiscard]] Expected<void> open(const std::string &path)
    {
        m_path = path;
        m_file.setFileName(QString::fromStdString(path));
        if (QFileInfo(m_file).isDir())
            return fail(ErrorCode::Io, cat("cannot read ", path, ": it is a directory"));
        if (!m_file.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io,
                        cat("cannot read ", path, ": ", m_file.errorString().toStdString()));
        const QByteArray magic = m_file.peek(4);
        const bool compressed = magic.startsWith("\x1f\x8b") || magic.startsWith("PK\x03\x04");
        if (compressed) {
            m_file.close();
            auto bytes = readInputFile(path);
            if (!bytes)
                return std::unexpected(bytes.error());
            m_memory = bytes->data.takeString();
            m_inMemory = true;
        }
        return {};
    }

    /// Appends up to `count` bytes to `out`; returns how many (0 at the end).
    [[nodiscard]] Expected<size_t> read(std::string &out, size_t count)
    {
        if (m_inMemory) {
            const size_t n = std::min(count, m_memory.size() - m_offset);
            out.append(m_memory, m_offset, n);
            m_offset += n;
            return n;
        }
        const size_t old = out.size();
        out.resize(old + count);
        const qint64 got = m_file.read(out.data() + old, qint64(count));
        if (got < 0) {
            out.resize(old);
            return fail(ErrorCode::Io,
                        cat("cannot read ", m_path, ": ", m_file.errorString().toStdString()));
        }
        out.resize(old + size_t(got));
        return size_t(got);
    }

private:
    std::string m_path;
    QFile m_file;
    bool m_inMemory = false;
    std::string m_memory;
    size_t m_offset = 0;
};

/// Loader options for chunks: the feature columns typed once for all chunks, so every chunk
/// reads a value the same way whatever the other values in it.
LoadOptions chunkLoadOptions()
{
    LoadOptions options;
    options.labSchema = true;
    options.threads = 1;
    for (std::string_view name : lab::kNumericColumns)
        options.schema.push_back({std::string(name), ColumnType::Float64});
    for (std::string_view name : lab::kCategoricalColumns)
        options.schema.push_back({std::string(name), ColumnType::String});
    return options;
}

}  // namespace

Expected<BatchPredictSummary> predictCsvFile(const Model &model, const std::string &input,
                                             const std::string &output,
                                             const BatchPredictOptions &options)
{
    ByteSource source;
    if (auto ok = source.open(input); !ok)
        return std::unexpected(ok.error());
    const size_t chunkBytes = std::max<size_t>(options.chunkBytes, 1);
    const size_t blockBytes = std::clamp<size_t>(chunkBytes, 4096, size_t(1) << 20);
    const LoadOptions loadOptions = chunkLoadOptions();

    const QString outPath = QString::fromStdString(output);
    if (!QDir().mkpath(QFileInfo(outPath).absolutePath()))
        return fail(ErrorCode::Io, cat("cannot create the directory ",
                                       QFileInfo(outPath).absolutePath().toStdString()));
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io,
                    cat("cannot write ", output, ": ", out.errorString().toStdString()));
    const auto write = [&](const std::string &text) -> Expected<void> {
        if (out.write(text.data(), qint64(text.size())) != qint64(text.size()))
            return fail(ErrorCode::Io,
                        cat("cannot write ", output, ": ", out.errorString().toStdString()));
        return {};
    };

    std::string buffer;
    std::string header;      // the header record, without terminator or BOM
    size_t headerLines = 0;  // lines the header spans
    bool haveHeader = false;
    bool atEof = false;
    RecordScanner scanner(1);
    std::vector<RecordScanner::Record> records;
    BatchPredictSummary summary;

    // Parses, predicts and writes the complete records at the front of `buffer`.
    const auto flush = [&](size_t chunkFirstLine) -> Expected<void> {
        const size_t end = scanner.completeEnd();
        std::vector<std::string_view> rows;
        std::vector<size_t> lines;
        for (const RecordScanner::Record &r : records) {
            const std::string_view text(buffer.data() + r.begin, r.size);
            if (!isBlank(text)) {
                rows.push_back(text);
                lines.push_back(r.line);
            }
        }
        if (!rows.empty()) {
            std::string chunk;
            chunk.reserve(header.size() + 1 + end);
            chunk.append(header).append("\n").append(buffer, 0, end);
            const size_t chunkHeaderLines = headerLines;
            auto data = parseCsv(chunk, input, loadOptions);
            if (!data)
                return fail(data.error().code, fileLineMessage(data.error().message, input,
                                                               chunkHeaderLines, chunkFirstLine));
            if (data->rowCount() != rows.size())
                return fail(ErrorCode::Parse,
                            cat(input, ":", chunkFirstLine, ": read ", data->rowCount(),
                                " rows where ", rows.size(), " records were expected"));
            if (summary.chunks == 0) {
                std::vector<std::string> added = {kPredictedColumn};
                if (options.probabilities)
                    for (int64_t c : model.classes())
                        added.push_back(cat("probability_", c));
                for (const std::string &name : added)
                    if (data->find(name))
                        return fail(ErrorCode::InvalidArgument,
                                    cat(input, ":1: the input already has a column '", name,
                                        "' (the output adds it)"));
                std::string line = header;
                for (const std::string &name : added)
                    line += "," + name;
                line += "\n";
                if (auto ok = write(line); !ok)
                    return ok;
            }
            if (auto ok = checkNumericCells(*data, lines, input); !ok)
                return ok;
            auto labels = model.predict(*data);
            if (!labels)
                return fail(labels.error().code, cat(input, ": ", labels.error().message));
            Eigen::MatrixXd probabilities;
            if (options.probabilities) {
                auto p = model.predictProbabilities(*data);
                if (!p)
                    return fail(p.error().code, cat(input, ": ", p.error().message));
                probabilities = std::move(*p);
            }
            std::string text;
            text.reserve(end + rows.size() * (options.probabilities ? 160 : 4));
            for (size_t r = 0; r < rows.size(); ++r) {
                text.append(rows[r]);
                text += ',';
                text += cat((*labels)[r]);
                for (Eigen::Index k = 0; k < probabilities.cols(); ++k) {
                    text += ',';
                    text += cat(probabilities(Eigen::Index(r), k));
                }
                text += '\n';
            }
            if (auto ok = write(text); !ok)
                return ok;
            summary.rows += rows.size();
            ++summary.chunks;
        }
        buffer.erase(0, end);
        scanner.consumed(end);
        records.clear();
        return {};
    };

    size_t chunkFirstLine = 0;
    bool firstRead = true;
    while (!atEof) {
        auto got = source.read(buffer, blockBytes);
        if (!got)
            return std::unexpected(got.error());
        atEof = *got == 0;
        if (firstRead && buffer.starts_with("\xEF\xBB\xBF"))
            buffer.erase(0, 3);
        firstRead = false;
        scanner.scan(buffer, atEof, records);
        if (!haveHeader) {
            if (records.empty())
                continue;
            header.assign(buffer, records.front().begin, records.front().size);
            headerLines = size_t(std::count(header.begin(), header.end(), '\n')) + 1;
            // Drop the header and its terminator; the rest is body.
            records.erase(records.begin());
            const size_t bodyStart =
                records.empty() ? scanner.completeEnd() : records.front().begin;
            for (RecordScanner::Record &r : records)
                r.begin -= bodyStart;
            buffer.erase(0, bodyStart);
            scanner.consumed(bodyStart);
            haveHeader = true;
            chunkFirstLine = headerLines + 1;
        }
        if (scanner.completeEnd() >= chunkBytes || (atEof && scanner.completeEnd() > 0)) {
            const size_t nextFirstLine = scanner.recordLine();
            if (auto ok = flush(chunkFirstLine); !ok)
                return std::unexpected(ok.error());
            chunkFirstLine = nextFirstLine;
        }
    }
    if (scanner.inQuotes())
        return fail(ErrorCode::Parse,
                    cat(input, ":", scanner.recordLine(),
                        ": unterminated quoted field (opened on line ", scanner.quoteLine(), ")"));
    if (summary.chunks == 0) {
        // No data rows: the loader says what is wrong (empty file, missing columns, no rows).
        auto data = parseCsv(header, input, loadOptions);
        return fail(data ? ErrorCode::Parse : data.error().code,
                    data ? cat(input, ": no data rows after the header") : data.error().message);
    }
    if (!out.commit())
        return fail(ErrorCode::Io,
                    cat("cannot save ", output, ": ", out.errorString().toStdString()));
    return summary;
}

}  // namespace covertype::cli
