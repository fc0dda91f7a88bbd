// Cloud Storage object URIs.
#include "storage/gcsuri.h"

#include "base/text.h"

namespace covertype::cloud {

namespace {

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

GcsUri GcsUri::child(std::string_view name) const
{
    GcsUri out = *this;
    if (!out.object.empty() && !out.object.ends_with('/'))
        out.object += '/';
    out.object += name;
    return out;
}

bool isGcsUri(std::string_view text)
{
    return text.starts_with("gs://");
}

Expected<GcsUri> parseGcsUri(std::string_view text)
{
    if (!isGcsUri(text))
        return fail(ErrorCode::InvalidArgument, cat("'", text, "' is not a gs:// URI"));
    std::string_view rest = text.substr(5);
    const size_t slash = rest.find('/');
    const std::string_view bucket = rest.substr(0, slash);
    const std::string_view object =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (bucket.size() < 3 || bucket.size() > 63)
        return fail(ErrorCode::InvalidArgument,
                    cat("'", text, "': bucket name must be 3-63 characters, got ", bucket.size()));
    for (char c : bucket) {
        if (!isLowerAlnum(c) && c != '-' && c != '_' && c != '.')
            return fail(ErrorCode::InvalidArgument,
                        cat("'", text,
                            "': bucket name may hold only lowercase letters, digits, '-', "
                            "'_' and '.', found '",
                            c, "'"));
    }
    if (!isLowerAlnum(bucket.front()) || !isLowerAlnum(bucket.back()))
        return fail(ErrorCode::InvalidArgument,
                    cat("'", text, "': bucket name must start and end with a letter or digit"));
    if (object.find('\n') != std::string_view::npos || object.find('\r') != std::string_view::npos)
        return fail(ErrorCode::InvalidArgument,
                    cat("'", text, "': object names cannot hold CR or LF"));
    return GcsUri{std::string(bucket), std::string(object)};
}

}  // namespace covertype::cloud
