// Parses the table browser's filter text and computes the shown rows' order over column arrays.
#include "data/rowfilter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "base/text.h"

namespace covertype {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

// Splits on ',' ';' and the word "and" so users can type the filter the way they would say it.
std::vector<std::string_view> splitClauses(std::string_view text)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        size_t sepLength = 0;
        if (i == text.size() || text[i] == ',' || text[i] == ';') {
            sepLength = 1;
        } else if (i + 5 <= text.size() && (text[i] == ' ' || text[i] == '\t') &&
                   equalsNoCase(text.substr(i + 1, 3), "and") &&
                   (text[i + 4] == ' ' || text[i + 4] == '\t')) {
            sepLength = 5;
        }
        if (sepLength == 0)
            continue;
        if (auto clause = trim(text.substr(start, i - start)); !clause.empty())
            out.push_back(clause);
        start = i + sepLength;
        i = start - 1;
    }
    return out;
}

std::optional<double> parseNumber(std::string_view s, ColumnType type)
{
    s = trim(s);
    if (type == ColumnType::Bool) {
        if (equalsNoCase(s, "true"))
            return 1.0;
        if (equalsNoCase(s, "false"))
            return 0.0;
    }
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
        return std::nullopt;
    return value;
}

bool compare(RowCondition::Op op, double v, double lo, double hi)
{
    switch (op) {
        case RowCondition::Op::Equal:
            return v == lo;
        case RowCondition::Op::NotEqual:
            return v != lo;
        case RowCondition::Op::Less:
            return v < lo;
        case RowCondition::Op::LessEqual:
            return v <= lo;
        case RowCondition::Op::Greater:
            return v > lo;
        case RowCondition::Op::GreaterEqual:
            return v >= lo;
        case RowCondition::Op::Range:
            return v >= lo && v <= hi;
    }
    return false;
}

// A condition resolved against the table: STRING tests become a per-code lookup, so the scan
// over 600k rows never compares text.
struct Compiled
{
    const Column *column = nullptr;
    const RowCondition *condition = nullptr;
    std::vector<uint8_t> codePasses;

    [[nodiscard]] bool passes(size_t row) const
    {
        if (column->isNull(row))
            return false;
        if (column->type == ColumnType::String)
            return codePasses[size_t(column->codes[row])] != 0;
        return compare(condition->op, column->numberAt(row), condition->lo, condition->hi);
    }
};

Compiled compile(const Dataset &data, const RowCondition &condition)
{
    Compiled c{&data.column(size_t(condition.column)), &condition, {}};
    if (c.column->type == ColumnType::String) {
        c.codePasses.resize(c.column->dictionary.size());
        for (size_t k = 0; k < c.codePasses.size(); ++k) {
            const bool same = equalsNoCase(c.column->dictionary[k], condition.text);
            c.codePasses[k] = condition.op == RowCondition::Op::NotEqual ? !same : same;
        }
    }
    return c;
}

bool keepGoing(const RowOrderProgress &progress, double done)
{
    return !progress || progress(done);
}

}  // namespace

bool RowFilter::matches(const Dataset &data, size_t row) const
{
    return std::all_of(conditions.begin(), conditions.end(), [&](const RowCondition &condition) {
        return compile(data, condition).passes(row);
    });
}

Expected<RowFilter> parseRowFilter(const Dataset &data, std::string_view text)
{
    RowFilter filter;
    for (std::string_view clause : splitClauses(text)) {
        RowCondition condition;
        std::string_view name;
        std::string_view value;
        const size_t opAt = clause.find_first_of("=!<>");
        if (opAt != std::string_view::npos) {
            name = trim(clause.substr(0, opAt));
            std::string_view rest = clause.substr(opAt);
            auto take = [&](std::string_view op, RowCondition::Op kind) {
                if (!rest.starts_with(op))
                    return false;
                condition.op = kind;
                value = trim(rest.substr(op.size()));
                return true;
            };
            if (!(take("==", RowCondition::Op::Equal) || take("!=", RowCondition::Op::NotEqual) ||
                  take("<=", RowCondition::Op::LessEqual) ||
                  take(">=", RowCondition::Op::GreaterEqual) ||
                  take("=", RowCondition::Op::Equal) || take("<", RowCondition::Op::Less) ||
                  take(">", RowCondition::Op::Greater)))
                return fail(
                    ErrorCode::InvalidArgument,
                    cat("\"", clause, "\": unknown operator (use = != < <= > >= or lo..hi)"));
        } else if (clause.find("..") != std::string_view::npos) {
            const size_t space = clause.find_first_of(" \t");
            if (space == std::string_view::npos)
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", clause, "\": write the column, a space, then lo..hi"));
            name = trim(clause.substr(0, space));
            value = trim(clause.substr(space));
            condition.op = RowCondition::Op::Range;
        } else {
            return fail(ErrorCode::InvalidArgument,
                        cat("\"", clause,
                            "\": expected a condition such as \"Cover_Type = 2\" or "
                            "\"Elevation 2500..3000\""));
        }

        for (size_t c = 0; c < data.columnCount(); ++c) {
            if (equalsNoCase(data.column(c).name, name)) {
                condition.column = int(c);
                break;
            }
        }
        if (condition.column < 0)
            return fail(ErrorCode::InvalidArgument, cat("unknown column \"", name, "\""));
        const Column &column = data.column(size_t(condition.column));
        if (value.empty())
            return fail(ErrorCode::InvalidArgument, cat("\"", clause, "\": the value is missing"));
        condition.text = std::string(value);

        if (column.type == ColumnType::String) {
            if (condition.op != RowCondition::Op::Equal &&
                condition.op != RowCondition::Op::NotEqual)
                return fail(ErrorCode::InvalidArgument,
                            cat(column.name, " holds text: only = and != apply to it"));
        } else if (condition.op == RowCondition::Op::Range) {
            const size_t dots = value.find("..");
            const std::string_view loText = trim(value.substr(0, dots));
            const std::string_view hiText = trim(value.substr(dots + 2));
            const auto lo =
                loText.empty() ? std::optional(-HUGE_VAL) : parseNumber(loText, column.type);
            const auto hi =
                hiText.empty() ? std::optional(HUGE_VAL) : parseNumber(hiText, column.type);
            if (!lo || !hi)
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", value, "\" is not a range of numbers for ", column.name,
                                " (e.g. 2500..3000)"));
            condition.lo = *lo;
            condition.hi = *hi;
        } else {
            const auto number = parseNumber(value, column.type);
            if (!number)
                return fail(ErrorCode::InvalidArgument,
                            cat("\"", value, "\" is not a number (", column.name, " is ",
                                columnTypeName(column.type), ")"));
            condition.lo = *number;
        }
        filter.conditions.push_back(std::move(condition));
    }
    return filter;
}

Expected<std::vector<uint32_t>> computeRowOrder(const Dataset &data, const RowFilter &filter,
                                                SortKey key, const RowOrderProgress &progress)
{
    if (key.column >= int(data.columnCount()))
        return fail(ErrorCode::InvalidArgument, cat("no column ", key.column, " to sort by"));
    for (const RowCondition &condition : filter.conditions) {
        if (condition.column < 0 || condition.column >= int(data.columnCount()))
            return fail(ErrorCode::InvalidArgument, "the filter names a column this table lacks");
    }

    std::vector<Compiled> compiled;
    for (const RowCondition &condition : filter.conditions)
        compiled.push_back(compile(data, condition));

    const size_t rows = data.rowCount();
    std::vector<uint32_t> order;
    order.reserve(compiled.empty() ? rows : rows / 4);
    constexpr size_t kChunk = 1 << 16;
    for (size_t begin = 0; begin < rows; begin += kChunk) {
        if (!keepGoing(progress, 0.5 * double(begin) / double(rows)))
            return fail(ErrorCode::Cancelled, "cancelled");
        const size_t end = std::min(rows, begin + kChunk);
        for (size_t row = begin; row < end; ++row) {
            if (std::all_of(compiled.begin(), compiled.end(),
                            [row](const Compiled &c) { return c.passes(row); }))
                order.push_back(uint32_t(row));
        }
    }
    if (key.column < 0)
        return order;
    if (!keepGoing(progress, 0.5))
        return fail(ErrorCode::Cancelled, "cancelled");

    const Column &column = data.column(size_t(key.column));
    // NULLs go last whichever way the column sorts, so they are split off before sorting.
    const auto firstNull =
        column.hasNulls() ? std::stable_partition(order.begin(), order.end(),
                                                  [&](uint32_t r) { return !column.isNull(r); })
                          : order.end();
    auto sortBy = [&](const auto &values) {
        if (key.ascending)
            std::stable_sort(order.begin(), firstNull,
                             [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
        else
            std::stable_sort(order.begin(), firstNull,
                             [&](uint32_t a, uint32_t b) { return values[b] < values[a]; });
    };
    switch (column.type) {
        case ColumnType::Int64:
            sortBy(column.ints);
            break;
        case ColumnType::Float64:
            sortBy(column.doubles);
            break;
        case ColumnType::Bool:
            sortBy(column.bools);
            break;
        case ColumnType::String: {
            // Rank the dictionary once; rows then sort by an integer per row.
            std::vector<int32_t> byText(column.dictionary.size());
            std::iota(byText.begin(), byText.end(), 0);
            std::sort(byText.begin(), byText.end(), [&](int32_t a, int32_t b) {
                return column.dictionary[size_t(a)] < column.dictionary[size_t(b)];
            });
            std::vector<int32_t> rank(byText.size());
            for (size_t k = 0; k < byText.size(); ++k)
                rank[size_t(byText[k])] = int32_t(k);
            std::vector<int32_t> rowRank(rows);
            for (uint32_t r : order)
                rowRank[r] = column.isNull(r) ? 0 : rank[size_t(column.codes[r])];
            sortBy(rowRank);
            break;
        }
    }
    if (!keepGoing(progress, 1.0))
        return fail(ErrorCode::Cancelled, "cancelled");
    return order;
}

}  // namespace covertype
