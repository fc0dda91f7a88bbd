// Per-column statistics.
#include "data/columnstats.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "data/labschema.h"

namespace covertype {

namespace {

void takeTop(std::vector<std::pair<std::string, size_t>> &all, size_t topN,
             std::vector<std::pair<std::string, size_t>> &out)
{
    std::ranges::stable_sort(all, [](const auto &a, const auto &b) { return a.second > b.second; });
    if (all.size() > topN)
        all.resize(topN);
    out = std::move(all);
}

}  // namespace

std::vector<ColumnStats> computeColumnStats(const Dataset &data, size_t topN)
{
    std::vector<ColumnStats> result;
    for (const Column &c : data.columns()) {
        ColumnStats s;
        s.name = c.name;
        s.type = c.type;
        const size_t rows = c.size();
        if (c.type == ColumnType::String) {
            std::vector<size_t> counts(c.dictionary.size(), 0);
            for (size_t r = 0; r < rows; ++r) {
                if (c.isNull(r))
                    ++s.nulls;
                else
                    ++counts[size_t(c.codes[r])];
            }
            std::vector<std::pair<std::string, size_t>> all;
            for (size_t k = 0; k < counts.size(); ++k)
                if (counts[k] > 0)
                    all.emplace_back(c.dictionary[k], counts[k]);
            s.distinct = all.size();
            takeTop(all, topN, s.top);
            s.min = s.max = s.mean = s.stddev = std::nan("");
        } else {
            s.numeric = true;
            double sum = 0, sumSq = 0;
            double lo = INFINITY, hi = -INFINITY;
            std::unordered_map<double, size_t> counts;
            size_t n = 0;
            for (size_t r = 0; r < rows; ++r) {
                if (c.isNull(r)) {
                    ++s.nulls;
                    continue;
                }
                const double v = c.numberAt(r);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                sum += v;
                sumSq += v * v;
                ++counts[v];
                ++n;
            }
            s.distinct = counts.size();
            if (n == 0) {
                s.min = s.max = s.mean = s.stddev = std::nan("");
            } else {
                s.min = lo;
                s.max = hi;
                s.mean = sum / double(n);
                s.stddev = std::sqrt(std::max(0.0, sumSq / double(n) - s.mean * s.mean));
            }
            if (topN > 0) {
                std::vector<std::pair<double, size_t>> byValue(counts.begin(), counts.end());
                std::ranges::sort(byValue);  // ties in count keep ascending value order
                std::vector<std::pair<std::string, size_t>> all;
                Column probe;
                probe.type = c.type;
                for (const auto &[v, k] : byValue) {
                    probe.ints = {int64_t(v)};
                    probe.doubles = {v};
                    probe.bools = {uint8_t(v != 0)};
                    all.emplace_back(probe.textAt(0), k);
                }
                takeTop(all, topN, s.top);
            }
        }
        result.push_back(std::move(s));
    }
    return result;
}

std::map<int64_t, size_t> labelCounts(const Dataset &data)
{
    std::map<int64_t, size_t> counts;
    const Column *label = data.find(lab::kLabelColumn);
    if (!label || label->type != ColumnType::Int64)
        return counts;
    for (size_t r = 0; r < label->size(); ++r)
        if (!label->isNull(r))
            ++counts[label->ints[r]];
    return counts;
}

}  // namespace covertype
