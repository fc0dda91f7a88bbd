// CSV for the fake BigQuery's extract and load jobs.
#include "bigquery/tablecsv.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "data/csvloader.h"

namespace covertype::fakecloud::bigquery {

namespace {

void appendField(std::string &out, std::string_view text, bool isString, char delimiter)
{
    const bool quote =
        (isString && text.empty()) ||
        text.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string_view::npos;
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

/// The first `count` lines of `text` and the rest (LF or CRLF line ends).
std::pair<std::vector<std::string_view>, std::string_view> splitLines(std::string_view text,
                                                                      size_t count)
{
    std::vector<std::string_view> lines;
    while (lines.size() < count && !text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        lines.push_back(line);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
    return {lines, text};
}

std::vector<std::string_view> naiveFields(std::string_view line)
{
    std::vector<std::string_view> out;
    while (true) {
        const size_t comma = line.find(',');
        out.push_back(line.substr(0, comma));
        if (comma == std::string_view::npos)
            return out;
        line.remove_prefix(comma + 1);
    }
}

bool looksNumeric(std::string_view s)
{
    if (s.empty())
        return false;
    const std::string copy(s);
    char *end = nullptr;
    std::strtod(copy.c_str(), &end);
    return end == copy.c_str() + copy.size();
}

/// BigQuery takes a first row as the header when it holds names where the data holds values:
/// every cell non-empty, none a number (the course file's header passes, a data row does not).
bool looksLikeHeader(std::string_view line)
{
    const auto fields = naiveFields(line);
    return std::ranges::all_of(fields, [](std::string_view f) {
        if (f.size() >= 2 && f.front() == '"' && f.back() == '"')
            f = f.substr(1, f.size() - 2);
        return !f.empty() && !looksNumeric(f) && f != "true" && f != "false";
    });
}

/// Shifts the line number in "uri:LINE, ..." by `offset` so it names the object's own line.
std::string shiftLine(std::string message, const std::string &uri, long offset)
{
    const std::string prefix = uri + ":";
    if (!message.starts_with(prefix) || offset == 0)
        return message;
    const size_t start = prefix.size();
    size_t end = start;
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])))
        ++end;
    long line = 0;
    if (std::from_chars(message.data() + start, message.data() + end, line).ec != std::errc())
        return message;
    return message.substr(0, start) + std::to_string(line + offset) + message.substr(end);
}

const char *autodetectPrefix(ColumnType type)
{
    switch (type) {
        case ColumnType::Int64:
            return "int64_field_";
        case ColumnType::Float64:
            return "double_field_";
        case ColumnType::Bool:
            return "bool_field_";
        case ColumnType::String:
            return "string_field_";
    }
    return "string_field_";
}

}  // namespace

std::string tableToCsv(const Dataset &data, std::span<const uint32_t> order, bool printHeader,
                       char delimiter)
{
    std::string out;
    if (printHeader) {
        for (size_t c = 0; c < data.columnCount(); ++c) {
            if (c > 0)
                out += delimiter;
            appendField(out, data.column(c).name, false, delimiter);
        }
        out += '\n';
    }
    for (const uint32_t row : order) {
        for (size_t c = 0; c < data.columnCount(); ++c) {
            const Column &column = data.column(c);
            if (c > 0)
                out += delimiter;
            if (column.isNull(row))
                continue;
            appendField(out, column.textAt(row), column.type == ColumnType::String, delimiter);
        }
        out += '\n';
    }
    return out;
}

std::expected<Dataset, BqError> csvToTable(std::string_view text, const std::string &uri,
                                           const CsvLoad &options)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    std::string prepared;
    long lineOffset = 0;  // object line = parsed line + lineOffset
    bool synthetic = false;
    size_t syntheticColumns = 0;
    if (!options.schema.empty()) {
        const size_t skip = size_t(std::max(0, options.skipLeadingRows.value_or(0)));
        const auto [skipped, rest] = splitLines(text, skip);
        for (size_t i = 0; i < options.schema.size(); ++i)
            prepared += (i ? "," : "") + options.schema[i].name;
        prepared += '\n';
        prepared += rest;
        lineOffset = long(skipped.size()) - 1;
    } else {
        const int skip = options.skipLeadingRows.value_or(-1);
        size_t dropped = skip > 1 ? size_t(skip - 1) : 0;
        auto [skipped, rest] = splitLines(text, dropped);
        dropped = skipped.size();
        const auto [first, afterFirst] = splitLines(rest, 1);
        const bool header = skip != 0 && !first.empty() && looksLikeHeader(first.front());
        if (header) {
            prepared = std::string(rest);
            lineOffset = long(dropped);
        } else {
            std::string_view body = rest;
            if (skip >= 1 && !first.empty()) {  // row N is skipped even when it is no header
                body = afterFirst;
                ++dropped;
            }
            const auto [line, ignored] = splitLines(body, 1);
            syntheticColumns = line.empty() ? 0 : naiveFields(line.front()).size();
            synthetic = true;
            for (size_t i = 0; i < syntheticColumns; ++i)
                prepared += (i ? ",c" : "c") + std::to_string(i);
            prepared += '\n';
            prepared += body;
            lineOffset = long(dropped) - 1;
        }
    }
    LoadOptions load;
    load.schema = options.schema;
    load.labSchema = false;
    auto parsed = parseCsv(prepared, uri, load);
    if (!parsed) {
        if (parsed.error().message.ends_with("no data rows after the header") &&
            !options.schema.empty()) {
            std::vector<Column> empty;
            for (const Field &f : options.schema) {
                Column c;
                c.name = f.name;
                c.type = f.type;
                empty.push_back(std::move(c));
            }
            return Dataset(std::move(empty));
        }
        BqError e = BqError::invalid("Error while reading data, error message: " +
                                     shiftLine(parsed.error().message, uri, lineOffset));
        e.location = uri;
        return std::unexpected(e);
    }
    if (!synthetic)
        return std::move(*parsed);
    std::vector<Column> columns = parsed->columns();
    for (size_t i = 0; i < columns.size(); ++i)
        columns[i].name = autodetectPrefix(columns[i].type) + std::to_string(i);
    return Dataset(std::move(columns));
}

}  // namespace covertype::fakecloud::bigquery
