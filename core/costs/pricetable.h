// The Vertex AI price table: machine prices per region from a dated, editable JSON file
// (resources/pricing/vertex-prices.json, built in; COVERTYPE_PRICES_FILE or a path overrides it).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/error.h"

namespace covertype {

/// The built-in price file (a Qt resource path).
inline constexpr const char *kBuiltInPriceFile = ":/pricing/vertex-prices.json";
/// The environment variable naming a price file to use instead of the built-in one.
inline constexpr const char *kPriceFileVariable = "COVERTYPE_PRICES_FILE";

/// What one machine costs in one region, with its vCPUs.
struct MachinePrice
{
    std::string machineType;
    int vcpus = 0;
    double hourly = 0;  ///< in PriceTable::currency per machine and hour
};

/// Per-VM overheads of a custom job (each tuning trial is one). Seconds; assumptions, see the file.
struct VmOverheads
{
    double startSeconds = 0;        ///< submit -> container running (wall time)
    double startBilledSeconds = 0;  ///< the part of the start that is billed, <= startSeconds
    int billingIncrementSeconds = 1;
};

struct PriceTable
{
    std::string file;  ///< where the table came from, for messages
    std::string asOf;  ///< YYYY-MM-DD: the day the prices were copied
    std::string currency;
    std::string source;  ///< where a user checks and updates the prices
    VmOverheads overheads;
    std::map<std::string, int> vcpus;  ///< machine type -> vCPUs
    struct Region
    {
        std::map<std::string, double> training, prediction;  ///< machine type -> hourly
    };
    std::map<std::string, Region> regions;

    /// The price of a custom-training machine; NotFound lists the known regions or machines.
    [[nodiscard]] Expected<MachinePrice> training(const std::string &region,
                                                  const std::string &machineType) const;
    /// The price of a prediction (endpoint) node, per node and hour.
    [[nodiscard]] Expected<MachinePrice> prediction(const std::string &region,
                                                    const std::string &machineType) const;
};

/// Parses and checks a price file's text. `file` names it in errors, which give the field path,
/// the value found and what was expected ("F: regions.us-central1.training.n1-standard-4.hourly:
/// expected a number, found \"abc\"").
[[nodiscard]] Expected<PriceTable> parsePriceTable(std::string_view text, const std::string &file);
/// Reads a price file (a path or a Qt resource path).
[[nodiscard]] Expected<PriceTable> loadPriceTable(const std::string &path);
/// `path` when not empty, else $COVERTYPE_PRICES_FILE when set, else the built-in table.
[[nodiscard]] Expected<PriceTable> loadConfiguredPriceTable(const std::string &path = {});

}  // namespace covertype
