// Cloud Storage object URIs (gs://bucket/object): parsing and validation.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype::cloud {

struct GcsUri
{
    std::string bucket;
    std::string object;  ///< may be empty (the bucket itself) or end with '/' (a "directory")

    [[nodiscard]] std::string toString() const { return "gs://" + bucket + "/" + object; }
    /// The URI of `name` under this one, adding a '/' between them when needed.
    [[nodiscard]] GcsUri child(std::string_view name) const;
};

[[nodiscard]] bool isGcsUri(std::string_view text);

/// Parses gs://BUCKET[/OBJECT]. Bucket names follow Cloud Storage's rules: 3-63 characters of
/// lowercase letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
[[nodiscard]] Expected<GcsUri> parseGcsUri(std::string_view text);

}  // namespace covertype::cloud
