// Percent-encoding and base64, written out: small, and used on every request.
#include "http/encoding.h"

#include <array>
#include <cstdint>

#include "base/text.h"

namespace covertype::cloud {

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encode64(std::string_view bytes, bool url)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    const auto digit = [url](uint32_t v) {
        const char c = kBase64[v & 63];
        if (url && c == '+')
            return '-';
        if (url && c == '/')
            return '_';
        return c;
    };
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 |
                           uint32_t(uint8_t(bytes[i + 1])) << 8 | uint32_t(uint8_t(bytes[i + 2]));
        out += digit(v >> 18);
        out += digit(v >> 12);
        out += digit(v >> 6);
        out += digit(v);
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
        if (rest == 2)
            v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += digit(v >> 18);
        out += digit(v >> 12);
        if (rest == 2)
            out += digit(v >> 6);
        if (!url)
            out.append(rest == 1 ? "==" : "=");
    }
    return out;
}

}  // namespace

std::string percentEncode(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '.' || u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string formEncode(const std::vector<std::pair<std::string, std::string>> &fields)
{
    std::string out;
    for (const auto &[name, value] : fields) {
        if (!out.empty())
            out += '&';
        out += percentEncode(name);
        out += '=';
        out += percentEncode(value);
    }
    return out;
}

std::string base64(std::string_view bytes)
{
    return encode64(bytes, false);
}

std::string base64Url(std::string_view bytes)
{
    return encode64(bytes, true);
}

Expected<std::string> decodeBase64(std::string_view text)
{
    std::array<int, 256> value{};
    value.fill(-1);
    for (int i = 0; i < 64; ++i)
        value[static_cast<unsigned char>(kBase64[i])] = i;
    value['-'] = 62;
    value['_'] = 63;
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const int v = value[static_cast<unsigned char>(text[i])];
        if (v < 0)
            return fail(ErrorCode::Parse, cat("not base64: character ", i + 1));
        bits = bits << 6 | uint32_t(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += char((bits >> count) & 0xFF);
        }
    }
    if (count >= 6)
        return fail(ErrorCode::Parse, "not base64: its length is impossible");
    return out;
}

}  // namespace covertype::cloud
