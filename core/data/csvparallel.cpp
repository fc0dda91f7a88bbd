// Multi-threaded reading of unquoted CSV bodies into preallocated columns.
#include "data/csvparallel.h"

#include <array>
#include <atomic>
#include <cstring>
#include <thread>
#include <unordered_map>

#include "base/bigmemory.h"
#include "data/labschema.h"
#include "files/fileinput.h"

namespace covertype::csv {

namespace {

/// One column as seen by one chunk: writes rows [base, base + records) of the shared column.
struct ChunkColumn
{
    Column *out = nullptr;
    const ParallelColumn *spec = nullptr;
    std::vector<std::string> dictionary;  // chunk-local codes for STRING columns
    struct Slot
    {
        uint64_t hash = 0;
        int32_t code = -1;
    };
    std::vector<Slot> slots;
    std::vector<uint32_t> nullRows;
    bool typeChanged = false;
    std::string error;
    int64_t *ints = nullptr;  ///< set for INT64 columns that are not the label: the hot path

    int32_t codeOf(std::string_view value)
    {
        // Open addressing on a 64-bit hash; the table stays under half full.
        uint64_t h = 1469598103934665603ULL;
        for (char ch : value)
            h = (h ^ uint8_t(ch)) * 1099511628211ULL;
        if (slots.empty())
            slots.assign(64, Slot{});
        size_t mask = slots.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            Slot &slot = slots[i];
            if (slot.code < 0) {
                slot = {h, int32_t(dictionary.size())};
                dictionary.emplace_back(value);
                if (dictionary.size() * 2 > slots.size())
                    grow();
                return int32_t(dictionary.size() - 1);
            }
            if (slot.hash == h && dictionary[size_t(slot.code)] == value)
                return slot.code;
        }
    }

    void grow()
    {
        std::vector<Slot> old = std::move(slots);
        slots.assign(old.size() * 2, Slot{});
        const size_t mask = slots.size() - 1;
        for (const Slot &o : old) {
            if (o.code < 0)
                continue;
            size_t i = o.hash & mask;
            while (slots[i].code >= 0)
                i = (i + 1) & mask;
            slots[i] = o;
        }
    }

    /// Sets `error` (bad input) or `typeChanged` (the sequential reader must reread); false.
    bool reject(std::string_view value)
    {
        const ColumnRole &role = spec->role;
        double d;
        if (role.isLabel)
            error = unknownLabelMessage(value);
        else if (role.fixed)
            error = schemaTypeMessage(value, spec->type);
        else if (role.requireNumeric && (spec->type != ColumnType::Int64 || !parseDouble(value, d)))
            error = notNumberMessage(value);
        else
            typeChanged = true;  // e.g. a FLOAT64 value in a column settled as INT64: reread
        return false;
    }

    bool failWith(std::string message)
    {
        error = std::move(message);
        return false;
    }

    /// Stores one cell; `parsed` is set when the scanner already read the text as an integer.
    /// False when the cell does not fit (see reject()).
    bool put(size_t row, std::string_view text, const int64_t *parsed)
    {
        if (text.empty()) {
            if (spec->role.isLabel)
                return failWith(emptyLabelMessage());
            nullRows.push_back(uint32_t(row));
            switch (spec->type) {  // a NULL's slot holds zero, as Column documents
                case ColumnType::Int64:
                    out->ints[row] = 0;
                    break;
                case ColumnType::Float64:
                    out->doubles[row] = 0;
                    break;
                case ColumnType::Bool:
                    out->bools[row] = 0;
                    break;
                case ColumnType::String:
                    out->codes[row] = 0;
                    break;
            }
            return true;
        }
        switch (spec->type) {
            case ColumnType::Int64: {
                int64_t v;
                if (parsed)
                    v = *parsed;
                else if (!parseInt64(text, v))
                    return reject(text);
                if (spec->role.isLabel && (v < lab::kMinCoverType || v > lab::kMaxCoverType))
                    return failWith(unknownLabelMessage(text));
                out->ints[row] = v;
                return true;
            }
            case ColumnType::Float64: {
                double d;
                if (parsed)
                    d = double(*parsed);
                else if (!parseDouble(text, d))
                    return reject(text);
                out->doubles[row] = d;
                return true;
            }
            case ColumnType::Bool: {
                const auto b = parseBool(text);
                if (!b)
                    return reject(text);
                out->bools[row] = *b ? 1 : 0;
                return true;
            }
            case ColumnType::String:
                out->codes[row] = codeOf(text);
                return true;
        }
        return true;
    }
};

/// Characters that end an unquoted field.
constexpr auto kFieldEnd = [] {
    std::array<bool, 256> table{};
    table[uint8_t(',')] = table[uint8_t('\n')] = table[uint8_t('\r')] = true;
    return table;
}();

/// How many bytes a chunk's first pass reads between letting its pages go.
constexpr size_t kReleaseEvery = size_t(4) << 20;

struct Chunk
{
    const char *begin = nullptr;
    const char *end = nullptr;
    size_t records = 0;
    size_t newlines = 0;
    size_t base = 0;  ///< first row index
    std::vector<ChunkColumn> columns;
    std::optional<std::string> error;  ///< message after "source:line"
    size_t errorLine = 0;              ///< line within the chunk, from 0
    bool fallback = false;
};

/// Counts records (non-blank lines) and line feeds; flags a lone CR, which the fast path leaves
/// to the sequential reader.
void countRecords(Chunk &chunk)
{
    const char *p = chunk.begin;
    const char *released = p;  // the bytes before it were let go (releaseReadInput)
    while (p < chunk.end) {
        if (size_t(p - released) >= kReleaseEvery) {
            releaseReadInput(std::string_view(released, size_t(p - released)));
            released = p;
        }
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(chunk.end - p)));
        const char *lineEnd = nl ? nl : chunk.end;
        const char *content = lineEnd;
        if (content > p && content[-1] == '\r')
            --content;
        if (content > p && std::memchr(p, '\r', size_t(content - p))) {
            chunk.fallback = true;
            return;
        }
        if (content > p)
            ++chunk.records;
        if (!nl)
            break;
        ++chunk.newlines;
        p = nl + 1;
    }
}

void readChunk(Chunk &chunk, size_t ncols, std::atomic<bool> &stop,
               const std::function<bool(size_t)> *progress)
{
    const char *p = chunk.begin;
    const char *released = p;  // the bytes before it were let go (releaseReadInput)
    const char *const end = chunk.end;
    size_t row = chunk.base;
    const size_t lastRow = chunk.base + chunk.records;
    size_t line = 0;
    const auto isEnd = [end](const char *q) { return q == end || kFieldEnd[uint8_t(*q)]; };
    // An error ends this chunk only: an earlier chunk may hold an earlier error to report.
    const auto failAt = [&](std::string message) {
        chunk.error = std::move(message);
        chunk.errorLine = line;
    };
    while (p < end) {
        if (*p == '\n' || *p == '\r') {
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            ++line;
            continue;
        }
        if (row >= lastRow) {
            chunk.fallback = true;
            return;
        }
        const char *record = p;
        for (size_t c = 0; c < ncols; ++c) {
            ChunkColumn &column = chunk.columns[c];
            const char *q = p;
            const bool negative = q < end && *q == '-';
            q += negative ? 1 : 0;
            const char *digits = q;
            uint64_t value = 0;
            while (q < end && unsigned(*q - '0') < 10u)
                value = value * 10 + unsigned(*q++ - '0');
            const bool integral = q != digits && q - digits <= 18 && isEnd(q);
            if (integral && column.ints) {
                column.ints[row] = negative ? -int64_t(value) : int64_t(value);
            } else {
                bool ok;
                if (integral) {
                    const int64_t v = negative ? -int64_t(value) : int64_t(value);
                    ok = column.put(row, std::string_view(p, size_t(q - p)), &v);
                } else {
                    while (!isEnd(q))
                        ++q;
                    ok = column.put(row, std::string_view(p, size_t(q - p)), nullptr);
                }
                if (!ok) {
                    if (column.typeChanged) {
                        chunk.fallback = true;
                        return;
                    }
                    failAt(cat(", column ", c + 1, " '", column.spec->name, "': ", column.error));
                    return;
                }
            }
            p = q;
            if (c + 1 < ncols) {
                if (p < end && *p == ',') {
                    ++p;
                    continue;
                }
                failAt(cat(": expected ", ncols, " fields as in the header, found ", c + 1));
                return;
            }
            if (p < end && *p == ',') {
                const char *eol = p;
                while (eol < end && *eol != '\n' && *eol != '\r')
                    ++eol;
                failAt(cat(": expected ", ncols, " fields as in the header, found ",
                           size_t(std::count(record, eol, ',')) + 1));
                return;
            }
            if (p < end)
                p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
        }
        ++line;
        ++row;
        if (((row - chunk.base) & 0x3FF) == 0 && size_t(p - released) >= kReleaseEvery) {
            releaseReadInput(std::string_view(released, size_t(p - released)));
            released = p;
        }
        if (((row - chunk.base) & 0xFFFF) == 0) {
            if (stop)
                return;
            if (progress && !(*progress)(size_t(p - chunk.begin))) {
                stop = true;
                return;
            }
        }
    }
}

/// Allocates a column of `rows` cells of `type`, left for the reader to fill (huge pages).
Column allocate(const ParallelColumn &spec, size_t rows)
{
    Column c;
    c.name = spec.name;
    c.type = spec.type;
    switch (spec.type) {
        case ColumnType::Int64:
            reserveLarge(c.ints, rows);
            c.ints.resize(rows);
            break;
        case ColumnType::Float64:
            reserveLarge(c.doubles, rows);
            c.doubles.resize(rows);
            break;
        case ColumnType::Bool:
            reserveLarge(c.bools, rows);
            c.bools.resize(rows);
            break;
        case ColumnType::String:
            reserveLarge(c.codes, rows);
            c.codes.resize(rows);
            break;
    }
    return c;
}

/// Joins the chunks' dictionaries into the column's, renumbering codes in place, and builds the
/// null map from the chunks' NULL rows.
void finish(Column &column, size_t index, std::vector<Chunk> &chunks, size_t rows)
{
    bool anyNull = false;
    for (const Chunk &chunk : chunks)
        anyNull = anyNull || !chunk.columns[index].nullRows.empty();
    if (anyNull) {
        column.nulls.assign(rows, 0);
        for (const Chunk &chunk : chunks)
            for (uint32_t r : chunk.columns[index].nullRows)
                column.nulls[r] = 1;
    }
    if (column.type != ColumnType::String)
        return;
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> global;
    for (Chunk &chunk : chunks) {
        ChunkColumn &cc = chunk.columns[index];
        std::vector<int32_t> remap(cc.dictionary.size());
        bool identity = true;
        for (size_t k = 0; k < cc.dictionary.size(); ++k) {
            auto [it, inserted] =
                global.emplace(cc.dictionary[k], int32_t(column.dictionary.size()));
            if (inserted)
                column.dictionary.push_back(cc.dictionary[k]);
            remap[k] = it->second;
            identity = identity && remap[k] == int32_t(k);
        }
        if (identity || remap.empty())
            continue;
        for (size_t r = chunk.base; r < chunk.base + chunk.records; ++r)
            if (!column.isNull(r))  // a NULL's slot keeps code 0, as the sequential reader's
                column.codes[r] = remap[size_t(column.codes[r])];
    }
}

}  // namespace

Expected<std::optional<std::vector<Column>>> readUnquotedParallel(
    std::string_view body, size_t firstLine, const std::vector<ParallelColumn> &columns,
    const std::string &source, const std::function<bool(size_t)> &progress, unsigned threads)
{
    using Result = std::optional<std::vector<Column>>;
    threads = std::max(1u, threads);
    // Chunk boundaries just after a line feed, so no record straddles two chunks.
    std::vector<Chunk> chunks(threads);
    const char *const begin = body.data();
    const char *const end = begin + body.size();
    const char *cut = begin;
    for (unsigned t = 0; t < threads; ++t) {
        chunks[t].begin = cut;
        const char *target = begin + body.size() * (t + 1) / threads;
        if (t + 1 == threads || target >= end) {
            cut = end;
        } else {
            const char *nl =
                static_cast<const char *>(std::memchr(target, '\n', size_t(end - target)));
            cut = nl ? nl + 1 : end;
        }
        chunks[t].end = std::max(cut, chunks[t].begin);
    }

    const auto runAll = [&](auto &&work) {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t)
            pool.emplace_back([&, t] { work(chunks[t], t); });
        work(chunks[0], 0u);
        for (std::thread &th : pool)
            th.join();
    };
    runAll([](Chunk &chunk, unsigned) { countRecords(chunk); });
    size_t rows = 0;
    for (Chunk &chunk : chunks) {
        if (chunk.fallback)
            return Result();
        chunk.base = rows;
        rows += chunk.records;
    }

    std::vector<Column> out;
    out.reserve(columns.size());
    for (const ParallelColumn &spec : columns)
        out.push_back(allocate(spec, rows));
    for (Chunk &chunk : chunks) {
        chunk.columns.resize(columns.size());
        for (size_t c = 0; c < columns.size(); ++c) {
            chunk.columns[c].out = &out[c];
            chunk.columns[c].spec = &columns[c];
            if (columns[c].type == ColumnType::Int64 && !columns[c].role.isLabel)
                chunk.columns[c].ints = out[c].ints.data();
        }
    }

    std::atomic<bool> stop = false;
    // Only the first chunk reports progress, scaled to the whole body.
    const std::function<bool(size_t)> scaled = [&](size_t consumed) {
        return !progress || progress(consumed * threads);
    };
    runAll([&](Chunk &chunk, unsigned t) {
        readChunk(chunk, columns.size(), stop, t == 0 ? &scaled : nullptr);
    });

    size_t lineBefore = firstLine;
    for (const Chunk &chunk : chunks) {
        if (chunk.error)
            return fail(ErrorCode::Parse,
                        cat(source, ":", lineBefore + chunk.errorLine, *chunk.error));
        if (chunk.fallback)
            return Result();
        lineBefore += chunk.newlines;
    }
    if (stop)
        return fail(ErrorCode::Cancelled, "loading " + source + " was cancelled");
    for (size_t c = 0; c < out.size(); ++c)
        finish(out[c], c, chunks, rows);
    return Result(std::move(out));
}

}  // namespace covertype::csv
