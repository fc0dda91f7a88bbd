// cloudml-hypertune metric file writer.
#include "tuning/hypertune.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>

#include "base/text.h"
#include "files/atomicfile.h"

namespace covertype {

namespace {

constexpr size_t kMaxRecords = 100;
constexpr std::string_view kDefaultTag = "training/hptuning/metric";

std::string envOr(const char *name, const char *fallback)
{
    const char *v = std::getenv(name);
    return (v && *v) ? std::string(v) : std::string(fallback);
}

/// A JSON string literal with Python json.dumps escaping (ASCII only, as ensure_ascii does).
std::string pyJsonString(std::string_view s)
{
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    return out + "\"";
}

}  // namespace

std::string pythonFloatRepr(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    if (value == 0.0)
        return std::signbit(value) ? "-0.0" : "0.0";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view sci(buf, size_t(res.ptr - buf));
    // sci: [-]d[.ddd]e[+-]XX
    const size_t e = sci.find('e');
    std::string_view mantissa = sci.substr(0, e);
    int exponent = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                    exponent);
    const bool negative = mantissa.front() == '-';
    if (negative)
        mantissa.remove_prefix(1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.')
            digits += c;
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {  // Python repr: fixed for 1e-4 <= |x| < 1e16
        if (exponent < 0) {
            out += "0." + std::string(size_t(-exponent - 1), '0') + digits;
        } else if (size_t(exponent) + 1 >= digits.size()) {
            out += digits + std::string(size_t(exponent) + 1 - digits.size(), '0') + ".0";
        } else {
            out +=
                digits.substr(0, size_t(exponent) + 1) + "." + digits.substr(size_t(exponent) + 1);
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) {
        out += '.';
        out.append(digits, 1);
    }
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
}

HypertuneReporter::HypertuneReporter()
    : HypertuneReporter(envOr("CLOUD_ML_HP_METRIC_FILE", "/tmp/hypertune/output.metrics"),
                        envOr("CLOUD_ML_TRIAL_ID", "0"))
{
}

HypertuneReporter::HypertuneReporter(std::string path, std::string trialId)
    : m_path(std::move(path)), m_trialId(std::move(trialId))
{
}

Expected<void> HypertuneReporter::report(std::string_view tag, double value,
                                         std::optional<int64_t> globalStep,
                                         std::optional<double> timestamp)
{
    if (tag.empty())
        tag = kDefaultTag;
    const double now = timestamp.value_or(
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
    // Keys sorted as json.dumps(sort_keys=True) does (Python compares code points, like std::map).
    std::map<std::string, std::string> fields;
    fields["timestamp"] = pythonFloatRepr(now);
    fields["trial"] = pyJsonString(m_trialId);
    fields["global_step"] = pyJsonString(std::to_string(globalStep.value_or(0)));
    fields[std::string(tag)] = pyJsonString(pythonFloatRepr(value));
    std::string line = "{";
    for (const auto &[key, json] : fields) {
        if (line.size() > 1)
            line += ", ";
        line += pyJsonString(key) + ": " + json;
    }
    line += "}";
    m_records.push_back(std::move(line));
    if (m_records.size() > kMaxRecords)
        m_records.erase(m_records.begin());
    std::string contents;
    for (const std::string &r : m_records)
        contents += r + "\n";
    return writeFileAtomically(m_path, contents);
}

}  // namespace covertype
