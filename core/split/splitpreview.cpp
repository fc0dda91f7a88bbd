// Per-lot counts for the split preview (see splitpreview.h).
#include "split/splitpreview.h"

#include <set>

namespace covertype {

Expected<LotTally> tallyLots(const Dataset &data, int numLots, const std::string &hashColumn,
                             const std::function<bool(double)> &progress)
{
    auto lots = computeLots(data, numLots, hashColumn, progress);
    if (!lots)
        return std::unexpected(lots.error());
    LotTally tally;
    tally.numLots = numLots;
    tally.hashColumn = hashColumn;
    tally.totalRows = data.rowCount();
    tally.rows.assign(size_t(numLots), 0);
    tally.classCounts.assign(size_t(numLots), {});
    const int labelIndex = data.columnIndex("Cover_Type");
    const Column *label =
        labelIndex >= 0 && data.column(size_t(labelIndex)).type == ColumnType::Int64
            ? &data.column(size_t(labelIndex))
            : nullptr;
    tally.hasLabel = label != nullptr;
    for (size_t row = 0; row < lots->size(); ++row) {
        const int32_t lot = (*lots)[row];
        if (lot < 0 || lot >= numLots) {
            ++tally.noLotRows;
            continue;
        }
        ++tally.rows[size_t(lot)];
        if (label && !label->isNull(row))
            ++tally.classCounts[size_t(lot)][label->ints[row]];
    }
    return tally;
}

SplitCounts countLots(const LotTally &tally, const std::vector<int> &lots)
{
    SplitCounts counts;
    // A set: a repeated lot (an invalid spec being previewed) must not count its rows twice.
    for (const int lot : std::set<int>(lots.begin(), lots.end())) {
        if (lot < 0 || lot >= tally.numLots)
            continue;
        counts.rows += tally.rows[size_t(lot)];
        for (const auto &[label, n] : tally.classCounts[size_t(lot)])
            counts.classCounts[label] += n;
    }
    return counts;
}

}  // namespace covertype
