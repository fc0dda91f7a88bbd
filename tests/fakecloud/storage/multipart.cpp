// Splitting multipart/related bodies into parts.
#include "storage/multipart.h"

#include <algorithm>
#include <cctype>

namespace covertype::fakecloud {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

std::string BodyPart::header(std::string_view name) const
{
    for (const auto &[n, v] : headers)
        if (lower(n) == lower(name))
            return v;
    return {};
}

std::optional<std::string> multipartBoundary(std::string_view contentType)
{
    const std::string type = lower(contentType);
    if (!type.starts_with("multipart/related"))
        return std::nullopt;
    const size_t at = type.find("boundary=");
    if (at == std::string::npos)
        return std::nullopt;
    std::string_view value = contentType.substr(at + 9);
    value = value.substr(0, value.find(';'));
    value = trim(value);
    // Quoted as RFC 2045 says ("..."), or as Python's email package writes it ('...'), which
    // gcloud sends and GCS accepts.
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
        value = value.substr(1, value.size() - 2);
    if (value.empty() || value.size() > 70)
        return std::nullopt;
    return std::string(value);
}

std::optional<std::vector<BodyPart>> parseMultipart(std::string_view body,
                                                    std::string_view boundary)
{
    const std::string delimiter = "--" + std::string(boundary);
    // The first delimiter may open the body or follow a preamble on its own line.
    size_t pos = body.starts_with(delimiter) ? 0 : body.find("\n" + delimiter);
    if (pos == std::string_view::npos)
        return std::nullopt;
    if (pos != 0)
        pos += 1;
    std::vector<BodyPart> parts;
    for (;;) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--")
            return parts;  // the closing delimiter; an epilogue after it is ignored
        // The rest of the delimiter line (transport padding) up to its line end.
        const size_t lineEnd = body.find('\n', pos);
        if (lineEnd == std::string_view::npos)
            return std::nullopt;
        pos = lineEnd + 1;
        BodyPart part;
        for (;;) {
            const size_t end = body.find('\n', pos);
            if (end == std::string_view::npos)
                return std::nullopt;
            const std::string_view line = trim(body.substr(pos, end - pos));
            pos = end + 1;
            if (line.empty())
                break;
            const size_t colon = line.find(':');
            if (colon == std::string_view::npos)
                return std::nullopt;
            part.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                      std::string(trim(line.substr(colon + 1))));
        }
        // The line break before the next delimiter belongs to the delimiter (RFC 2046 5.1.1).
        // An empty part's delimiter follows the blank line at once: search from its LF.
        const size_t next = body.find("\n" + delimiter, pos - 1);
        if (next == std::string_view::npos)
            return std::nullopt;
        size_t dataEnd = std::max(next, pos);
        if (dataEnd > pos && body[dataEnd - 1] == '\r')
            --dataEnd;
        part.body = std::string(body.substr(pos, dataEnd - pos));
        parts.push_back(std::move(part));
        pos = next + 1;
    }
}

}  // namespace covertype::fakecloud
