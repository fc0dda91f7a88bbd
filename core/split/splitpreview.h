// Row and Cover_Type counts per lot, so a split's counts can be re-added for every edit of the
// lot assignment without another pass over the rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"
#include "split/split.h"

namespace covertype {

/// What computeLots gave, reduced to counts per lot.
struct LotTally
{
    int numLots = 0;
    std::string hashColumn;
    size_t totalRows = 0;
    size_t noLotRows = 0;      ///< rows with a NULL hash column (in no lot)
    bool hasLabel = false;     ///< an INT64 Cover_Type column was counted
    std::vector<size_t> rows;  ///< [lot] rows
    std::vector<std::map<int64_t, size_t>> classCounts;  ///< [lot] Cover_Type -> rows
};

/// Runs computeLots and counts rows and Cover_Type values per lot. numLots >= 1. `progress` as
/// for computeLots (false cancels -> ErrorCode::Cancelled).
[[nodiscard]] Expected<LotTally> tallyLots(const Dataset &data, int numLots,
                                           const std::string &hashColumn = {},
                                           const std::function<bool(double)> &progress = {});

/// Counts of the rows in `lots` (lots outside [0, numLots) are ignored, repeats counted once).
[[nodiscard]] SplitCounts countLots(const LotTally &tally, const std::vector<int> &lots);

}  // namespace covertype
