// Parsing and evaluating the course's split queries, with the product's TO_JSON_STRING and
// FARM_FINGERPRINT (core/data/rowjson) so every lot is the one BigQuery assigns.
#include "bigquery/sqlsubset.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <string_view>

#include "data/rowjson.h"

namespace covertype::fakecloud::bigquery {

namespace {

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool sameName(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && upper(a) == upper(b);
}

/// GoogleSQL's reserved keywords that can follow a complete query or term: named as keywords
/// in errors, never taken for an alias.
constexpr std::array<std::string_view, 44> kReserved = {
    "ALL",    "AND",    "ANY",   "ARRAY",    "AS",     "ASC",   "BETWEEN",   "BY",     "CASE",
    "CAST",   "CROSS",  "DESC",  "DISTINCT", "ELSE",   "END",   "EXCEPT",    "EXISTS", "FALSE",
    "FROM",   "FULL",   "GROUP", "HAVING",   "IN",     "INNER", "INTERSECT", "IS",     "JOIN",
    "LEFT",   "LIKE",   "LIMIT", "NOT",      "NULL",   "ON",    "OR",        "ORDER",  "RIGHT",
    "SELECT", "STRUCT", "TRUE",  "UNION",    "UNNEST", "USING", "WHERE",     "WITH"};

bool isReserved(std::string_view word)
{
    const std::string u = upper(word);
    return std::ranges::find(kReserved, u) != kReserved.end();
}

struct Token
{
    enum class Kind { End, Identifier, Quoted, Integer, String, Symbol } kind = Kind::End;
    std::string text;  ///< identifier or symbol as written; quoted/string contents
    size_t offset = 0;
};

class Parser
{
public:
    explicit Parser(const std::string &sql) : m_sql(sql) {}

    std::expected<SelectQuery, SqlError> run()
    {
        if (auto lexed = lex(); !lexed)
            return std::unexpected(lexed.error());
        SelectQuery query;
        if (!keyword("SELECT"))
            return expected("keyword SELECT");
        if (auto r = selectList(query); !r)
            return std::unexpected(r.error());
        if (!keyword("FROM"))
            return expected("keyword FROM");
        if (auto r = fromClause(query); !r)
            return std::unexpected(r.error());
        if (keyword("WHERE")) {
            if (auto r = condition(query); !r)
                return std::unexpected(r.error());
        }
        symbol(";");
        if (peek().kind != Token::Kind::End) {
            const Token &t = peek();
            if (t.kind == Token::Kind::Identifier && isReserved(t.text))
                return unsupported(t, upper(t.text) + " clauses");
            return expected("end of input");
        }
        return query;
    }

private:
    using Result = std::expected<void, SqlError>;

    // --- lexing ------------------------------------------------------------------------------
    Result lex()
    {
        size_t i = 0;
        const size_t n = m_sql.size();
        while (true) {
            while (i < n) {
                const char c = m_sql[i];
                if (std::isspace(static_cast<unsigned char>(c))) {
                    ++i;
                } else if (c == '#' || (c == '-' && i + 1 < n && m_sql[i + 1] == '-')) {
                    while (i < n && m_sql[i] != '\n')
                        ++i;
                } else if (c == '/' && i + 1 < n && m_sql[i + 1] == '*') {
                    const size_t end = m_sql.find("*/", i + 2);
                    if (end == std::string::npos)
                        return std::unexpected(errorAt(i, "Syntax error: Unclosed comment"));
                    i = end + 2;
                } else {
                    break;
                }
            }
            Token t;
            t.offset = i;
            if (i >= n) {
                m_tokens.push_back(t);
                return {};
            }
            const char c = m_sql[i];
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                size_t j = i;
                while (j < n &&
                       (std::isalnum(static_cast<unsigned char>(m_sql[j])) || m_sql[j] == '_'))
                    ++j;
                t.kind = Token::Kind::Identifier;
                t.text = m_sql.substr(i, j - i);
                i = j;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                size_t j = i;
                while (j < n && std::isalnum(static_cast<unsigned char>(m_sql[j])))
                    ++j;
                if (j < n && m_sql[j] == '.')
                    return std::unexpected(
                        errorAt(i, "The fake BigQuery supports only integer literals"));
                t.kind = Token::Kind::Integer;
                t.text = m_sql.substr(i, j - i);
                i = j;
            } else if (c == '`' || c == '\'' || c == '"') {
                const size_t end = m_sql.find(c, i + 1);
                if (end == std::string::npos)
                    return std::unexpected(
                        errorAt(i, c == '`' ? "Syntax error: Unclosed identifier literal"
                                            : "Syntax error: Unclosed string literal"));
                t.kind = c == '`' ? Token::Kind::Quoted : Token::Kind::String;
                t.text = m_sql.substr(i + 1, end - i - 1);
                i = end + 1;
            } else {
                static constexpr std::array<std::string_view, 4> kTwo = {"<=", ">=", "<>", "!="};
                t.kind = Token::Kind::Symbol;
                t.text = std::string(1, c);
                for (std::string_view two : kTwo)
                    if (std::string_view(m_sql).substr(i, 2) == two)
                        t.text = std::string(two);
                i += t.text.size();
            }
            m_tokens.push_back(std::move(t));
        }
    }

    // --- positions and errors ----------------------------------------------------------------
    SqlError errorAt(size_t offset, const std::string &message) const
    {
        SqlError e;
        for (size_t i = 0; i < offset && i < m_sql.size(); ++i) {
            if (m_sql[i] == '\n') {
                ++e.line;
                e.column = 1;
            } else {
                ++e.column;
            }
        }
        e.message =
            message + " at [" + std::to_string(e.line) + ":" + std::to_string(e.column) + "]";
        return e;
    }

    static std::string describe(const Token &t)
    {
        switch (t.kind) {
            case Token::Kind::End:
                return "end of input";
            case Token::Kind::Identifier:
                return isReserved(t.text) ? "keyword " + upper(t.text)
                                          : "identifier \"" + t.text + "\"";
            case Token::Kind::Quoted:
                return "identifier `" + t.text + "`";
            case Token::Kind::Integer:
                return "integer literal \"" + t.text + "\"";
            case Token::Kind::String:
                return "string literal \"" + t.text + "\"";
            case Token::Kind::Symbol:
                return "\"" + t.text + "\"";
        }
        return {};
    }

    std::unexpected<SqlError> expected(const std::string &what) const
    {
        return std::unexpected(errorAt(
            peek().offset, "Syntax error: Expected " + what + " but got " + describe(peek())));
    }

    std::unexpected<SqlError> unsupported(const Token &t, const std::string &what) const
    {
        return std::unexpected(errorAt(
            t.offset, "The fake BigQuery does not support " + what +
                          " (it evaluates SELECT *, COUNT(*) or columns FROM one table WHERE "
                          "MOD(ABS(FARM_FINGERPRINT(...)), N) conditions)"));
    }

    // --- token helpers -----------------------------------------------------------------------
    const Token &peek(size_t ahead = 0) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token &take() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }

    bool isKeyword(const Token &t, std::string_view word) const
    {
        return t.kind == Token::Kind::Identifier && sameName(t.text, word);
    }
    bool keyword(std::string_view word)
    {
        if (!isKeyword(peek(), word))
            return false;
        ++m_pos;
        return true;
    }
    bool isSymbol(const Token &t, std::string_view s) const
    {
        return t.kind == Token::Kind::Symbol && t.text == s;
    }
    bool symbol(std::string_view s)
    {
        if (!isSymbol(peek(), s))
            return false;
        ++m_pos;
        return true;
    }
    Result expectSymbol(std::string_view s)
    {
        if (!symbol(s))
            return expected("\"" + std::string(s) + "\"");
        return {};
    }
    /// A function name followed by "(" (names are case-insensitive).
    Result expectCall(std::string_view name)
    {
        if (!isKeyword(peek(), name)) {
            if (peek().kind == Token::Kind::Identifier && isSymbol(peek(1), "("))
                return unsupported(peek(), "the function " + upper(peek().text) + " here");
            return expected(std::string(name));
        }
        ++m_pos;
        return expectSymbol("(");
    }

    std::expected<int64_t, SqlError> integer()
    {
        const bool negative = symbol("-");
        const Token &t = peek();
        if (t.kind != Token::Kind::Integer)
            return expected("an integer literal");
        int64_t value = 0;
        const auto res = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
        if (res.ec != std::errc() || res.ptr != t.text.data() + t.text.size())
            return std::unexpected(errorAt(t.offset, "Invalid integer literal: " + t.text));
        ++m_pos;
        return negative ? -value : value;
    }

    std::expected<std::string, SqlError> identifier(const char *what)
    {
        const Token &t = peek();
        if (t.kind == Token::Kind::Quoted && !t.text.empty()) {
            ++m_pos;
            return t.text;
        }
        if (t.kind != Token::Kind::Identifier || isReserved(t.text))
            return expected(what);
        ++m_pos;
        return t.text;
    }

    /// [qualifier.]column; the qualifier must be the row's alias (checked once FROM is read).
    std::expected<ColumnRef, SqlError> columnRef()
    {
        const Token &first = peek();
        auto name = identifier("a column name");
        if (!name)
            return std::unexpected(name.error());
        ColumnRef ref;
        const SqlError where = errorAt(first.offset, "");
        ref.line = where.line;
        ref.column = where.column;
        ref.name = *name;
        if (symbol(".")) {
            auto column = identifier("a column name");
            if (!column)
                return std::unexpected(column.error());
            m_qualified.push_back({*name, first.offset});
            ref.name = *column;
        }
        return ref;
    }

    // --- clauses -----------------------------------------------------------------------------
    Result selectList(SelectQuery &query)
    {
        if (keyword("DISTINCT") || keyword("ALL"))
            return unsupported(m_tokens[m_pos - 1], "SELECT DISTINCT or ALL");
        if (symbol("*")) {
            query.kind = SelectQuery::Kind::Star;
            if (isKeyword(peek(), "EXCEPT") || isKeyword(peek(), "REPLACE"))
                return unsupported(peek(), "SELECT * " + upper(peek().text));
            return {};
        }
        if (isKeyword(peek(), "COUNT") && isSymbol(peek(1), "(")) {
            m_pos += 2;
            if (!symbol("*"))
                return unsupported(peek(), "COUNT of an expression (only COUNT(*))");
            if (auto r = expectSymbol(")"); !r)
                return r;
            query.kind = SelectQuery::Kind::Count;
            if (keyword("AS") ||
                (peek().kind == Token::Kind::Identifier && !isReserved(peek().text))) {
                auto alias = identifier("an alias");
                if (!alias)
                    return std::unexpected(alias.error());
                query.countAlias = *alias;
            }
            if (isSymbol(peek(), ","))
                return unsupported(peek(), "COUNT(*) beside other columns");
            return {};
        }
        query.kind = SelectQuery::Kind::Columns;
        do {
            if (peek().kind == Token::Kind::Identifier && isSymbol(peek(1), "("))
                return unsupported(peek(), "the function " + upper(peek().text) + " in SELECT");
            auto ref = columnRef();
            if (!ref)
                return std::unexpected(ref.error());
            if (isKeyword(peek(), "AS") || isSymbol(peek(), "*"))
                return unsupported(peek(), "column aliases or expressions in SELECT");
            query.columns.push_back(std::move(*ref));
        } while (symbol(","));
        return {};
    }

    Result fromClause(SelectQuery &query)
    {
        const Token &start = peek();
        std::vector<std::string> parts;
        if (start.kind == Token::Kind::Quoted) {
            ++m_pos;
            std::string_view rest = start.text;
            while (true) {
                const size_t dot = rest.find('.');
                parts.emplace_back(rest.substr(0, dot));
                if (dot == std::string_view::npos)
                    break;
                rest.remove_prefix(dot + 1);
            }
        } else {
            do {
                auto part = identifier("a table name");
                if (!part)
                    return std::unexpected(part.error());
                parts.push_back(*part);
            } while (symbol("."));
        }
        if (std::ranges::any_of(parts, [](const std::string &p) { return p.empty(); }) ||
            parts.size() > 3)
            return std::unexpected(errorAt(start.offset, "Invalid table name: " + start.text));
        if (parts.size() == 3)
            query.from.project = parts[0];
        if (parts.size() >= 2)
            query.from.dataset = parts[parts.size() - 2];
        query.from.table = parts.back();
        if (isSymbol(peek(), "(") || isSymbol(peek(), ","))
            return unsupported(peek(), "table functions or more than one table");
        query.alias = query.from.table;
        if (keyword("AS") || (peek().kind == Token::Kind::Identifier && !isReserved(peek().text))) {
            auto alias = identifier("an alias");
            if (!alias)
                return std::unexpected(alias.error());
            query.alias = *alias;
        }
        for (const auto &[qualifier, offset] : m_qualified)
            if (!sameName(qualifier, query.alias))
                return std::unexpected(errorAt(offset, "Unrecognized name: " + qualifier));
        m_qualified.clear();
        m_alias = query.alias;
        if (isKeyword(peek(), "JOIN") || isKeyword(peek(), "CROSS") || isKeyword(peek(), "LEFT") ||
            isKeyword(peek(), "INNER") || isSymbol(peek(), ","))
            return unsupported(peek(), "joins");
        return {};
    }

    Result condition(SelectQuery &query)
    {
        do {
            if (symbol("(")) {
                if (auto r = condition(query); !r)
                    return r;
                if (auto r = expectSymbol(")"); !r)
                    return r;
            } else if (auto r = lotCondition(query); !r) {
                return r;
            }
        } while (keyword("AND"));
        if (isKeyword(peek(), "OR"))
            return unsupported(peek(), "OR");
        return {};
    }

    Result lotCondition(SelectQuery &query)
    {
        if (isKeyword(peek(), "NOT"))
            return unsupported(peek(), "NOT");
        LotCondition c;
        if (auto r = expectCall("MOD"); !r)
            return r;
        if (auto r = expectCall("ABS"); !r)
            return r;
        if (auto r = expectCall("FARM_FINGERPRINT"); !r)
            return r;
        if (isKeyword(peek(), "TO_JSON_STRING") && isSymbol(peek(1), "(")) {
            m_pos += 2;
            const Token &row = peek();
            auto name = identifier("the table's alias");
            if (!name)
                return std::unexpected(name.error());
            if (!sameName(*name, m_alias))
                return unsupported(
                    row, "TO_JSON_STRING of anything but the whole row (`" + m_alias + "`)");
        } else if (isKeyword(peek(), "CAST") && isSymbol(peek(1), "(")) {
            m_pos += 2;
            auto ref = columnRef();
            if (!ref)
                return std::unexpected(ref.error());
            for (const auto &[qualifier, offset] : m_qualified)
                if (!sameName(qualifier, m_alias))
                    return std::unexpected(errorAt(offset, "Unrecognized name: " + qualifier));
            m_qualified.clear();
            if (!keyword("AS"))
                return expected("keyword AS");
            if (!isKeyword(peek(), "STRING"))
                return unsupported(peek(), "CAST to anything but STRING");
            ++m_pos;
            c.hashColumn = std::move(*ref);
        } else {
            return unsupported(peek(),
                               "FARM_FINGERPRINT of anything but TO_JSON_STRING(row) or "
                               "CAST(column AS STRING)");
        }
        for (int i = 0; i < 3; ++i)
            if (auto r = expectSymbol(")"); !r)
                return r;
        // ")" ")" ")" closed TO_JSON_STRING/CAST, FARM_FINGERPRINT and ABS; now ", N)".
        if (auto r = expectSymbol(","); !r)
            return r;
        const Token &modulusToken = peek();
        auto modulus = integer();
        if (!modulus)
            return std::unexpected(modulus.error());
        if (*modulus < 1 || *modulus > 1'000'000'000)
            return unsupported(modulusToken, "a MOD divisor outside [1, 1e9]");
        c.modulus = *modulus;
        if (auto r = expectSymbol(")"); !r)
            return r;

        const Token &op = peek();
        if (keyword("IN")) {
            c.op = LotCondition::Op::In;
            if (auto r = expectSymbol("("); !r)
                return r;
            do {
                auto v = integer();
                if (!v)
                    return std::unexpected(v.error());
                c.values.push_back(*v);
            } while (symbol(","));
            if (auto r = expectSymbol(")"); !r)
                return r;
        } else if (keyword("BETWEEN")) {
            c.op = LotCondition::Op::Between;
            auto low = integer();
            if (!low)
                return std::unexpected(low.error());
            if (!keyword("AND"))
                return expected("keyword AND");
            auto high = integer();
            if (!high)
                return std::unexpected(high.error());
            c.values = {*low, *high};
        } else if (op.kind == Token::Kind::Symbol) {
            static const std::map<std::string, LotCondition::Op> kOps = {
                {"=", LotCondition::Op::Equal},        {"!=", LotCondition::Op::NotEqual},
                {"<>", LotCondition::Op::NotEqual},    {"<", LotCondition::Op::Less},
                {"<=", LotCondition::Op::LessEqual},   {">", LotCondition::Op::Greater},
                {">=", LotCondition::Op::GreaterEqual}};
            const auto it = kOps.find(op.text);
            if (it == kOps.end())
                return expected("IN, BETWEEN or a comparison");
            ++m_pos;
            c.op = it->second;
            auto v = integer();
            if (!v)
                return std::unexpected(v.error());
            c.values = {*v};
        } else if (isKeyword(op, "NOT") || isKeyword(op, "IS")) {
            return unsupported(op, upper(op.text) + " in a lot condition");
        } else {
            return expected("IN, BETWEEN or a comparison");
        }
        query.where.push_back(std::move(c));
        return {};
    }

    const std::string &m_sql;
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    std::string m_alias;
    /// Qualifiers seen before the alias is known ("cover" in SELECT cover.x FROM t AS cover).
    std::vector<std::pair<std::string, size_t>> m_qualified;
};

int findColumn(const std::vector<Field> &schema, std::string_view name)
{
    for (size_t i = 0; i < schema.size(); ++i)
        if (sameName(schema[i].name, name))
            return int(i);
    return -1;
}

SqlError columnError(const ColumnRef &ref, const std::string &message)
{
    return {message + " at [" + std::to_string(ref.line) + ":" + std::to_string(ref.column) + "]",
            ref.line, ref.column};
}

int64_t cellBytes(const Column &column, size_t row)
{
    if (column.isNull(row))
        return 0;
    switch (column.type) {
        case ColumnType::Int64:
        case ColumnType::Float64:
            return 8;
        case ColumnType::Bool:
            return 1;
        case ColumnType::String:
            return 2 + int64_t(column.dictionary[size_t(column.codes[row])].size());
    }
    return 0;
}

}  // namespace

bool LotCondition::holds(int64_t lot) const
{
    switch (op) {
        case Op::In:
            return std::ranges::find(values, lot) != values.end();
        case Op::Equal:
            return lot == values[0];
        case Op::NotEqual:
            return lot != values[0];
        case Op::Less:
            return lot < values[0];
        case Op::LessEqual:
            return lot <= values[0];
        case Op::Greater:
            return lot > values[0];
        case Op::GreaterEqual:
            return lot >= values[0];
        case Op::Between:
            return lot >= values[0] && lot <= values[1];
    }
    return false;
}

std::expected<SelectQuery, SqlError> parseSelect(const std::string &sql)
{
    return Parser(sql).run();
}

std::optional<SqlError> checkColumns(const SelectQuery &query, const std::vector<Field> &schema)
{
    for (const ColumnRef &ref : query.columns)
        if (findColumn(schema, ref.name) < 0)
            return columnError(ref, "Unrecognized name: " + ref.name);
    for (size_t i = 0; i < query.columns.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (sameName(query.columns[i].name, query.columns[j].name))
                return columnError(query.columns[i],
                                   "Duplicate column names in the result are not supported. "
                                   "Found duplicate(s): " +
                                       query.columns[i].name);
    for (const LotCondition &c : query.where)
        if (c.hashColumn && findColumn(schema, c.hashColumn->name) < 0)
            return columnError(*c.hashColumn, "Unrecognized name: " + c.hashColumn->name);
    return std::nullopt;
}

std::expected<Dataset, std::string> evaluateSelect(const SelectQuery &query, const Dataset &table)
{
    const std::vector<Field> schema = table.schema();
    // One lot per row for each distinct (hash input, modulus) the conditions use; -1 = NULL.
    std::map<std::pair<int, int64_t>, std::vector<int64_t>> lots;
    std::optional<RowJsonEncoder> encoder;
    std::string buffer;
    for (const LotCondition &c : query.where) {
        const int column = c.hashColumn ? findColumn(schema, c.hashColumn->name) : -1;
        auto &out = lots[{column, c.modulus}];
        if (!out.empty() || table.rowCount() == 0)
            continue;
        out.resize(table.rowCount());
        if (column < 0 && !encoder)
            encoder.emplace(table);
        for (size_t row = 0; row < table.rowCount(); ++row) {
            int64_t fingerprint = 0;
            if (column < 0) {
                const size_t length = encoder->encode(row, buffer);
                fingerprint = farmFingerprint(std::string_view(buffer.data(), length));
            } else {
                const auto text = castToString(table.column(size_t(column)), row);
                if (!text) {
                    out[row] = -1;
                    continue;
                }
                fingerprint = farmFingerprint(*text);
            }
            const auto lot = lotOfFingerprint(fingerprint, int(c.modulus));
            if (!lot)
                return std::unexpected("int64 overflow: ABS(" + std::to_string(fingerprint) + ")");
            out[row] = *lot;
        }
    }

    std::vector<uint32_t> rows;
    for (size_t row = 0; row < table.rowCount(); ++row) {
        bool keep = true;
        for (const LotCondition &c : query.where) {
            const int column = c.hashColumn ? findColumn(schema, c.hashColumn->name) : -1;
            const int64_t lot = lots[{column, c.modulus}][row];
            if (lot < 0 || !c.holds(lot)) {
                keep = false;  // NULL IN (...) and NULL < k are NULL: the row is not selected
                break;
            }
        }
        if (keep)
            rows.push_back(uint32_t(row));
    }

    if (query.kind == SelectQuery::Kind::Count) {
        Column count;
        count.name = query.countAlias;
        count.type = ColumnType::Int64;
        count.ints.push_back(int64_t(rows.size()));
        std::vector<Column> columns;
        columns.push_back(std::move(count));
        return Dataset(std::move(columns));
    }
    Dataset selected = table.selectRows(rows);
    if (query.kind == SelectQuery::Kind::Star)
        return selected;
    std::vector<Column> columns;
    for (const ColumnRef &ref : query.columns) {
        Column c = selected.column(size_t(findColumn(schema, ref.name)));
        c.name = ref.name;
        columns.push_back(std::move(c));
    }
    return Dataset(std::move(columns));
}

int64_t bytesProcessed(const SelectQuery &query, const Dataset &table)
{
    const std::vector<Field> schema = table.schema();
    std::vector<bool> read(schema.size(), false);
    const bool wholeRow =
        query.kind == SelectQuery::Kind::Star ||
        std::ranges::any_of(query.where, [](const LotCondition &c) { return !c.hashColumn; });
    for (size_t i = 0; i < schema.size(); ++i)
        read[i] = wholeRow;
    for (const ColumnRef &ref : query.columns)
        if (const int i = findColumn(schema, ref.name); i >= 0)
            read[size_t(i)] = true;
    for (const LotCondition &c : query.where)
        if (c.hashColumn)
            if (const int i = findColumn(schema, c.hashColumn->name); i >= 0)
                read[size_t(i)] = true;
    int64_t bytes = 0;
    for (size_t i = 0; i < schema.size(); ++i)
        if (read[i])
            for (size_t row = 0; row < table.rowCount(); ++row)
                bytes += cellBytes(table.column(i), row);
    return bytes;
}

}  // namespace covertype::fakecloud::bigquery
