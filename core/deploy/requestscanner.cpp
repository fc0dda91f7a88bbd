// The direct request scanner: a strict JSON reader straight into the feature columns.
#include "deploy/requestscanner.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <unordered_map>

#include "data/labschema.h"

namespace covertype {

namespace {

constexpr size_t kNumeric = lab::kNumericColumns.size();
constexpr size_t kFeatures = lab::kFeatureColumns.size();
/// The feature columns being filled, as instancesToDataset builds them.
struct Columns
{
    std::vector<Column> columns;
    std::unordered_map<std::string, int32_t> index[kFeatures - kNumeric];
    std::string key;  ///< reused lookup buffer

    Columns()
    {
        for (size_t f = 0; f < kFeatures; ++f) {
            Column c;
            c.name = std::string(lab::kFeatureColumns[f]);
            c.type = f < kNumeric ? ColumnType::Float64 : ColumnType::String;
            columns.push_back(std::move(c));
        }
    }

    void addText(size_t f, std::string_view text)
    {
        Column &c = columns[f];
        key.assign(text);
        auto [it, inserted] = index[f - kNumeric].try_emplace(key, int32_t(c.dictionary.size()));
        if (inserted)
            c.dictionary.push_back(key);
        c.codes.push_back(it->second);
    }
};

/// A strict JSON scanner over a request body. It gives up (RequestScan::Fallback) on anything that
/// is not plainly valid — the JSON tree then decides and explains — and never accepts what the JSON
/// tree would reject or read differently.
class RequestScanner
{
public:
    explicit RequestScanner(std::string_view text) : m_s(text) {}

    RequestScan scan(Columns &out, bool &probabilities)
    {
        skipSpace();
        if (!consume('{'))
            return RequestScan::Fallback;
        bool sawInstances = false;
        bool sawParameters = false;
        skipSpace();
        if (!consume('}')) {
            while (true) {
                std::string_view key;
                skipSpace();
                if (!readString(key))
                    return RequestScan::Fallback;
                skipSpace();
                if (!consume(':'))
                    return RequestScan::Fallback;
                skipSpace();
                RequestScan r = RequestScan::Ok;
                if (key == "instances") {
                    if (sawInstances)  // the JSON tree keeps the last one: let it
                        return RequestScan::Fallback;
                    sawInstances = true;
                    r = readInstances(out);
                } else if (key == "parameters") {
                    if (sawParameters)
                        return RequestScan::Fallback;
                    sawParameters = true;
                    r = readParameters(probabilities);
                } else {
                    r = skipValue(1);
                }
                if (r != RequestScan::Ok)
                    return r;
                skipSpace();
                if (consume(','))
                    continue;
                if (consume('}'))
                    break;
                return RequestScan::Fallback;
            }
        }
        skipSpace();
        if (m_pos != m_s.size() || !sawInstances)
            return RequestScan::Fallback;
        return RequestScan::Ok;
    }

private:
    bool consume(char c)
    {
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    [[nodiscard]] char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }

    void skipSpace()
    {
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return;
            ++m_pos;
        }
    }

    /// A string of printable ASCII; simple escapes are decoded into a scratch buffer. Anything
    /// else (non-ASCII, \u escapes beyond ASCII) is left to the JSON tree.
    bool readString(std::string_view &out)
    {
        if (!consume('"'))
            return false;
        const size_t start = m_pos;
        bool escaped = false;
        while (true) {
            if (m_pos >= m_s.size())
                return false;
            const auto c = static_cast<unsigned char>(m_s[m_pos]);
            if (c == '"')
                break;
            if (c < 0x20 || c >= 0x80)
                return false;
            if (c == '\\') {
                escaped = true;
                m_pos += 2;
                continue;
            }
            ++m_pos;
        }
        const std::string_view raw = m_s.substr(start, m_pos - start);
        ++m_pos;
        if (!escaped) {
            out = raw;
            return true;
        }
        m_scratch.clear();
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\') {
                m_scratch.push_back(raw[i]);
                continue;
            }
            if (++i >= raw.size())
                return false;
            switch (raw[i]) {
                case '"':
                    m_scratch.push_back('"');
                    break;
                case '\\':
                    m_scratch.push_back('\\');
                    break;
                case '/':
                    m_scratch.push_back('/');
                    break;
                case 'b':
                    m_scratch.push_back('\b');
                    break;
                case 'f':
                    m_scratch.push_back('\f');
                    break;
                case 'n':
                    m_scratch.push_back('\n');
                    break;
                case 'r':
                    m_scratch.push_back('\r');
                    break;
                case 't':
                    m_scratch.push_back('\t');
                    break;
                case 'u': {
                    unsigned value = 0;
                    if (i + 4 >= raw.size())
                        return false;
                    const auto res =
                        std::from_chars(raw.data() + i + 1, raw.data() + i + 5, value, 16);
                    if (res.ec != std::errc() || res.ptr != raw.data() + i + 5 || value >= 0x80)
                        return false;
                    m_scratch.push_back(char(value));
                    i += 4;
                    break;
                }
                default:
                    return false;
            }
        }
        out = m_scratch;
        return true;
    }

    /// A number token in strict JSON grammar; `integer` when it has no fraction or exponent.
    bool readNumberToken(std::string_view &token, bool &integer)
    {
        const size_t start = m_pos;
        consume('-');
        if (consume('0')) {
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        } else {
            return false;
        }
        integer = true;
        if (consume('.')) {
            integer = false;
            if (!(peek() >= '0' && peek() <= '9'))
                return false;
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            integer = false;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return false;
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        token = m_s.substr(start, m_pos - start);
        return true;
    }

    /// A finite number for a numeric feature.
    bool readNumber(double &value)
    {
        std::string_view token;
        bool integer = false;
        if (!readNumberToken(token, integer))
            return false;
        const auto res = std::from_chars(token.data(), token.data() + token.size(), value);
        // The JSON tree reads an integer -0 as the integer 0: a positive zero, as here.
        if (integer && value == 0.0)
            value = 0.0;
        return res.ec == std::errc() && std::isfinite(value);
    }

    /// A categorical value: a string, or an integer the JSON tree stores as one (its digits).
    bool readCategory(std::string_view &text)
    {
        if (peek() == '"')
            return readString(text);
        bool integer = false;
        if (!readNumberToken(text, integer) || !integer || text == "-0")
            return false;
        if (text.front() == '-') {
            int64_t v = 0;
            const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
            return res.ec == std::errc();
        }
        uint64_t v = 0;
        const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
        return res.ec == std::errc();
    }

    bool readFeature(size_t f, Columns &out)
    {
        if (f < kNumeric) {
            double value = 0.0;
            if (!readNumber(value))
                return false;
            out.columns[f].doubles.push_back(value);
            return true;
        }
        std::string_view text;
        if (!readCategory(text))
            return false;
        out.addText(f, text);
        return true;
    }

    RequestScan readInstances(Columns &out)
    {
        if (!consume('['))
            return RequestScan::Fallback;
        skipSpace();
        if (consume(']'))
            return RequestScan::Fallback;  // "no instances"
        while (true) {
            skipSpace();
            const RequestScan r = peek() == '['   ? readListInstance(out)
                                  : peek() == '{' ? readObjectInstance(out)
                                                  : RequestScan::Fallback;
            if (r != RequestScan::Ok)
                return r;
            skipSpace();
            if (consume(','))
                continue;
            if (consume(']'))
                return RequestScan::Ok;
            return RequestScan::Fallback;
        }
    }

    RequestScan readListInstance(Columns &out)
    {
        consume('[');
        for (size_t f = 0; f < kFeatures; ++f) {
            skipSpace();
            if (f > 0) {
                if (!consume(','))
                    return RequestScan::Fallback;
                skipSpace();
            }
            if (!readFeature(f, out))
                return RequestScan::Fallback;
        }
        skipSpace();
        return consume(']') ? RequestScan::Ok : RequestScan::Fallback;
    }

    RequestScan readObjectInstance(Columns &out)
    {
        consume('{');
        // Values are kept as positions and read in column order once the object is complete,
        // so the columns stay aligned whatever order the keys come in.
        size_t at[kFeatures];
        std::fill(std::begin(at), std::end(at), std::string_view::npos);
        skipSpace();
        if (consume('}'))
            return RequestScan::Fallback;
        while (true) {
            std::string_view key;
            skipSpace();
            if (!readString(key))
                return RequestScan::Fallback;
            size_t f = 0;
            while (f < kFeatures && key != lab::kFeatureColumns[f])
                ++f;
            skipSpace();
            if (!consume(':'))
                return RequestScan::Fallback;
            skipSpace();
            if (f < kFeatures) {
                if (at[f] != std::string_view::npos)
                    return RequestScan::Fallback;  // a repeated key: the JSON tree keeps the last
                                                   // one
                at[f] = m_pos;
                if (const RequestScan r = skipValue(3); r != RequestScan::Ok)
                    return r;
            } else if (key == lab::kLabelColumn) {
                if (const RequestScan r = skipValue(3); r != RequestScan::Ok)
                    return r;
            } else {
                return RequestScan::Fallback;  // unknown column
            }
            skipSpace();
            if (consume(','))
                continue;
            if (consume('}'))
                break;
            return RequestScan::Fallback;
        }
        const size_t end = m_pos;
        for (size_t f = 0; f < kFeatures; ++f) {
            if (at[f] == std::string_view::npos)
                return RequestScan::Fallback;  // missing field
            m_pos = at[f];
            if (!readFeature(f, out))
                return RequestScan::Fallback;
        }
        m_pos = end;
        return RequestScan::Ok;
    }

    RequestScan readParameters(bool &probabilities)
    {
        if (!consume('{'))
            return RequestScan::Fallback;
        bool seen = false;
        skipSpace();
        if (consume('}'))
            return RequestScan::Ok;
        while (true) {
            std::string_view key;
            skipSpace();
            if (!readString(key))
                return RequestScan::Fallback;
            skipSpace();
            if (!consume(':'))
                return RequestScan::Fallback;
            skipSpace();
            if (key == "probabilities") {
                if (seen)
                    return RequestScan::Fallback;
                seen = true;
                if (m_s.substr(m_pos, 4) == "true") {
                    probabilities = true;
                    m_pos += 4;
                } else if (m_s.substr(m_pos, 5) == "false") {
                    probabilities = false;
                    m_pos += 5;
                } else {
                    return RequestScan::Fallback;
                }
            } else if (const RequestScan r = skipValue(2); r != RequestScan::Ok) {
                return r;
            }
            skipSpace();
            if (consume(','))
                continue;
            if (consume('}'))
                return RequestScan::Ok;
            return RequestScan::Fallback;
        }
    }

    /// Any JSON value at nesting `depth`.
    RequestScan skipValue(int depth)
    {
        if (depth > kMaxRequestDepth)
            return RequestScan::TooDeep;
        const char c = peek();
        if (c == '"') {
            std::string_view s;
            return readString(s) ? RequestScan::Ok : RequestScan::Fallback;
        }
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            skipSpace();
            if (consume(close))
                return RequestScan::Ok;
            while (true) {
                skipSpace();
                if (c == '{') {
                    std::string_view key;
                    if (!readString(key))
                        return RequestScan::Fallback;
                    skipSpace();
                    if (!consume(':'))
                        return RequestScan::Fallback;
                    skipSpace();
                }
                if (const RequestScan r = skipValue(depth + 1); r != RequestScan::Ok)
                    return r;
                skipSpace();
                if (consume(','))
                    continue;
                return consume(close) ? RequestScan::Ok : RequestScan::Fallback;
            }
        }
        for (std::string_view literal : {"true", "false", "null"})
            if (m_s.substr(m_pos, literal.size()) == literal) {
                m_pos += literal.size();
                return RequestScan::Ok;
            }
        std::string_view token;
        bool integer = false;
        return readNumberToken(token, integer) ? RequestScan::Ok : RequestScan::Fallback;
    }

    std::string_view m_s;
    size_t m_pos = 0;
    std::string m_scratch;
};

}  // namespace

RequestScan scanPredictionRequest(std::string_view body, Dataset &instances, bool &probabilities)
{
    Columns columns;
    RequestScanner scanner(body);
    const RequestScan result = scanner.scan(columns, probabilities);
    if (result == RequestScan::Ok)
        instances = Dataset(std::move(columns.columns), "instances");
    return result;
}

int nestingDepth(std::string_view body, int limit)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

}  // namespace covertype
