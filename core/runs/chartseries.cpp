// Chart series: binning, class counts, trial series and axis mappings for the workbench charts.
#include "runs/chartseries.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <set>

#include "base/text.h"
#include "data/labschema.h"

namespace covertype {

namespace {

/// The value at quantile `q` of `v` (partially reorders it); nearest rank below.
double quantile(std::vector<double> &v, double q)
{
    const auto k = size_t(q * double(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
    return v[k];
}

size_t ruleBins(std::vector<double> &finite, double lo, double hi, BinRule rule)
{
    const double n = double(finite.size());
    double bins = std::ceil(std::sqrt(n));
    if (rule == BinRule::FreedmanDiaconis) {
        const double q1 = quantile(finite, 0.25);
        const double q3 = quantile(finite, 0.75);
        if (const double iqr = q3 - q1; iqr > 0)
            bins = std::ceil((hi - lo) / (2 * iqr / std::cbrt(n)));
    }
    return size_t(std::clamp(bins, double(kMinHistogramBins), double(kMaxHistogramBins)));
}

/// 1, 2 or 5 times a power of ten, the smallest such step >= raw.
double niceStep(double raw)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw * (1 - 1e-9))
            return m * magnitude;
    return 10 * magnitude;
}

bool isWhole(double v)
{
    return std::abs(v - std::round(v)) < 1e-9 * std::max(1.0, std::abs(v));
}

}  // namespace

HistogramSeries histogram(std::span<const double> values, bool integral, BinRule rule)
{
    HistogramSeries h;
    h.integral = integral;
    std::vector<double> finite;
    finite.reserve(values.size());
    for (double v : values) {
        if (std::isfinite(v))
            finite.push_back(v);
        else
            ++h.nulls;
    }
    h.values = finite.size();
    if (finite.empty())
        return h;
    const auto [minIt, maxIt] = std::ranges::minmax_element(finite);
    const double lo = *minIt, hi = *maxIt;
    if (lo == hi) {
        h.edges = {lo - 0.5, lo + 0.5};
        h.counts = {finite.size()};
        return h;
    }

    size_t bins = ruleBins(finite, lo, hi, rule);
    double start = lo, width = 0;
    if (integral) {
        // Whole-number widths with edges between integers, so no bin straddles a value.
        const double span = hi - lo + 1;
        width = std::ceil(span / double(bins));
        bins = size_t(std::ceil(span / width));
        start = lo - 0.5;
    } else {
        width = (hi - lo) / double(bins);
    }
    h.edges.resize(bins + 1);
    for (size_t k = 0; k <= bins; ++k)
        h.edges[k] = start + double(k) * width;
    if (!integral)
        h.edges.back() = hi;
    h.counts.assign(bins, 0);
    for (double v : finite) {
        const auto k = size_t(std::max(0.0, std::floor((v - start) / width)));
        ++h.counts[std::min(k, bins - 1)];
    }
    return h;
}

Expected<HistogramSeries> histogram(const Dataset &data, std::string_view column, BinRule rule)
{
    const Column *c = data.find(column);
    if (!c)
        return fail(ErrorCode::NotFound, cat(data.source(), ": no column '", column, "'"));
    if (c->type == ColumnType::String)
        return fail(ErrorCode::Schema, cat(data.source(), ": column '", column,
                                           "' is STRING; a histogram needs a numeric column"));
    std::vector<double> values(c->size());
    for (size_t r = 0; r < values.size(); ++r)
        values[r] = c->numberAt(r);
    HistogramSeries h =
        histogram(values, c->type == ColumnType::Int64 || c->type == ColumnType::Bool, rule);
    h.column = c->name;
    return h;
}

double ClassDistribution::fraction(size_t group, size_t cls) const
{
    if (totals[group] == 0)
        return 0;
    return double(counts[group][cls]) / double(totals[group]);
}

ClassDistribution classDistribution(
    const std::vector<std::pair<std::string, std::map<int64_t, size_t>>> &groups)
{
    std::set<int64_t> classes;
    for (int c = lab::kMinCoverType; c <= lab::kMaxCoverType; ++c)
        classes.insert(c);
    for (const auto &[name, counts] : groups)
        for (const auto &[label, n] : counts)
            classes.insert(label);

    ClassDistribution d;
    d.classes.assign(classes.begin(), classes.end());
    for (int64_t c : d.classes)
        d.classNames.push_back(lab::coverTypeName(c));
    for (const auto &[name, counts] : groups) {
        d.groups.push_back(name);
        std::vector<size_t> row(d.classes.size(), 0);
        size_t total = 0;
        for (size_t i = 0; i < d.classes.size(); ++i) {
            if (auto it = counts.find(d.classes[i]); it != counts.end())
                row[i] = it->second;
            total += row[i];
        }
        d.counts.push_back(std::move(row));
        d.totals.push_back(total);
    }
    return d;
}

int64_t trialNumber(std::string_view trialId)
{
    int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(trialId.data(), trialId.data() + trialId.size(), n);
    if (ec != std::errc() || ptr != trialId.data() + trialId.size() || n <= 0)
        return 0;
    return n;
}

size_t upsertTrial(std::vector<TrialResult> &trials, const TrialResult &trial)
{
    for (size_t i = 0; i < trials.size(); ++i) {
        if (trials[i].trialId == trial.trialId) {
            trials[i] = trial;
            return i;
        }
    }
    const auto key = [](const TrialResult &t) {
        return std::pair(trialNumber(t.trialId), std::string_view(t.trialId));
    };
    const auto pos = std::ranges::upper_bound(trials, key(trial), std::less<>(), key);
    const auto inserted = trials.insert(pos, trial);
    return size_t(inserted - trials.begin());
}

bool hasMetric(const TrialResult &trial)
{
    return trial.objective && std::isfinite(*trial.objective) &&
           (trial.state == TrialOutcome::Succeeded || trial.state == TrialOutcome::StoppedEarly);
}

std::vector<BestSoFarPoint> bestSoFar(const std::vector<TrialResult> &trials, Goal goal)
{
    std::vector<size_t> order(trials.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::ranges::stable_sort(order, {}, [&](size_t i) {
        return std::pair(trialNumber(trials[i].trialId), std::string_view(trials[i].trialId));
    });
    std::vector<BestSoFarPoint> points;
    std::optional<double> best;
    std::string bestId;
    for (size_t i : order) {
        const TrialResult &t = trials[i];
        if (t.state == TrialOutcome::Active)
            continue;
        if (t.state == TrialOutcome::Succeeded && t.objective && std::isfinite(*t.objective)) {
            const double v = *t.objective;
            if (!best || (goal == Goal::Maximize ? v > *best : v < *best)) {
                best = v;
                bestId = t.trialId;
            }
        }
        if (best)
            points.push_back({double(trialNumber(t.trialId)), *best, bestId});
    }
    return points;
}

ScaleType ParameterAxis::effectiveScale() const
{
    if (categorical())
        return ScaleType::UnitLinear;
    if ((scale == ScaleType::UnitLog || scale == ScaleType::UnitReverseLog) && lo > 0 && hi > lo)
        return scale;
    return ScaleType::UnitLinear;
}

double ParameterAxis::toUnit(double value) const
{
    if (categorical() || !std::isfinite(value))
        return std::nan("");
    if (!(hi > lo))
        return 0.5;
    switch (effectiveScale()) {
        case ScaleType::UnitLog:
            if (value <= 0)
                return std::nan("");
            return std::log(value / lo) / std::log(hi / lo);
        case ScaleType::UnitReverseLog: {
            const double mirrored = hi + lo - value;
            if (mirrored <= 0)
                return std::nan("");
            return 1 - std::log(mirrored / lo) / std::log(hi / lo);
        }
        default:
            return (value - lo) / (hi - lo);
    }
}

double ParameterAxis::number(const ParameterValue &value) const
{
    if (const auto *text = std::get_if<std::string>(&value)) {
        const auto it = std::ranges::find(categories, *text);
        return categorical() && it != categories.end() ? double(it - categories.begin())
                                                       : std::nan("");
    }
    if (categorical())
        return std::nan("");
    if (const auto *i = std::get_if<int64_t>(&value))
        return double(*i);
    return std::get<double>(value);
}

double ParameterAxis::toUnit(const ParameterValue &value) const
{
    const double n = number(value);
    if (!categorical())
        return toUnit(n);
    if (std::isnan(n))
        return n;
    return categories.size() > 1 ? n / double(categories.size() - 1) : 0.5;
}

std::vector<AxisTick> ParameterAxis::ticks() const
{
    std::vector<AxisTick> out;
    if (categorical()) {
        for (size_t i = 0; i < categories.size(); ++i)
            out.push_back({toUnit(ParameterValue(categories[i])), categories[i]});
        return out;
    }

    // Candidates in order of preference; the bounds come first so the axis ends are labelled.
    std::vector<double> candidates;
    if (type == ParameterType::Discrete && !discreteValues.empty()) {
        candidates = {discreteValues.front(), discreteValues.back()};
        candidates.insert(candidates.end(), discreteValues.begin(), discreteValues.end());
    } else {
        candidates = {lo, hi};
        if (hi > lo && effectiveScale() == ScaleType::UnitLog) {
            const int first = int(std::floor(std::log10(lo)));
            const int last = int(std::ceil(std::log10(hi)));
            // Over two decades or more the powers of ten suffice; within less, 2x and 5x too.
            const bool wide = std::log10(hi / lo) >= 2 - 1e-9;
            for (double m : {1.0, 2.0, 5.0})
                for (int k = first; k <= last && (m == 1.0 || !wide); ++k)
                    candidates.push_back(m * std::pow(10.0, k));
        } else if (hi > lo) {
            const bool reverse = effectiveScale() == ScaleType::UnitReverseLog;
            double step = niceStep((hi - lo) / (reverse ? 10.0 : 5.0));
            if (type == ParameterType::Integer)
                step = std::max(step, 1.0);
            const double begin = std::ceil(lo / step) * step;
            for (int i = 0; begin + i * step <= hi * (1 + 1e-12) + 1e-300; ++i) {
                double v = begin + i * step;
                if (std::abs(v) < step * 1e-9)
                    v = 0;
                candidates.push_back(v);
            }
        }
    }

    constexpr double kMinGap = 0.1;
    std::vector<std::pair<double, double>> kept;  // (position, value)
    for (double v : candidates) {
        if (type == ParameterType::Integer && !isWhole(v))
            continue;
        const double u = toUnit(v);
        if (!std::isfinite(u) || u < -1e-9 || u > 1 + 1e-9)
            continue;
        const bool crowded = std::ranges::any_of(
            kept, [&](const auto &k) { return std::abs(k.first - u) < kMinGap; });
        if (!crowded)
            kept.emplace_back(u, v);
    }
    std::ranges::sort(kept);
    for (const auto &[u, v] : kept)
        out.push_back({u, axisNumberText(v)});
    return out;
}

ParameterAxis parameterAxis(const ParameterSpec &spec)
{
    ParameterAxis axis;
    axis.name = spec.name;
    axis.type = spec.type;
    axis.scale = spec.scale;
    axis.categories = spec.categoricalValues;
    axis.discreteValues = spec.discreteValues;
    if (spec.type == ParameterType::Discrete) {
        if (!spec.discreteValues.empty()) {
            axis.lo = *std::ranges::min_element(spec.discreteValues);
            axis.hi = *std::ranges::max_element(spec.discreteValues);
        }
    } else {
        axis.lo = spec.minValue;
        axis.hi = spec.maxValue;
    }
    return axis;
}

ParameterAxis metricAxis(std::string name, double lo, double hi)
{
    ParameterAxis axis;
    axis.name = std::move(name);
    axis.type = ParameterType::Double;
    axis.scale = ScaleType::UnitLinear;
    if (!(hi - lo > 1e-12)) {
        lo -= 0.005;
        hi += 0.005;
    }
    axis.lo = lo;
    axis.hi = hi;
    return axis;
}

std::string axisNumberText(double value, int digits)
{
    if (isWhole(value) && std::abs(value) < 1e7)
        return cat(int64_t(std::llround(value)));
    char buf[40];
    const auto res =
        std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, digits);
    return std::string(buf, res.ptr);
}

ParallelCoordinates parallelCoordinates(const TuningSpec &spec,
                                        const std::vector<TrialResult> &trials,
                                        const std::string &metricName)
{
    ParallelCoordinates pc;
    for (const ParameterSpec &p : spec.params)
        pc.axes.push_back(parameterAxis(p));
    std::optional<double> lo, hi, okLo, okHi;
    for (const TrialResult &t : trials) {
        if (!hasMetric(t))
            continue;
        lo = std::min(lo.value_or(*t.objective), *t.objective);
        hi = std::max(hi.value_or(*t.objective), *t.objective);
        if (t.state == TrialOutcome::Succeeded) {
            okLo = std::min(okLo.value_or(*t.objective), *t.objective);
            okHi = std::max(okHi.value_or(*t.objective), *t.objective);
        }
    }
    pc.axes.push_back(metricAxis(metricName, lo.value_or(0), hi.value_or(1)));
    pc.metricLo = pc.axes.back().lo;
    pc.metricHi = pc.axes.back().hi;
    pc.colorLo = okLo.value_or(pc.metricLo);
    pc.colorHi = okHi.value_or(pc.metricHi);
    if (pc.colorHi <= pc.colorLo) {  // one succeeded trial: a scale around it
        pc.colorLo = std::min(pc.colorLo, pc.metricLo);
        pc.colorHi = std::max(pc.colorHi, pc.metricHi);
    }

    for (const TrialResult &t : trials) {
        if (t.state == TrialOutcome::Active || t.state == TrialOutcome::Cancelled)
            continue;
        ParallelLine line;
        line.trialId = t.trialId;
        line.state = t.state;
        if (hasMetric(t))
            line.metric = t.objective;
        for (size_t a = 0; a < spec.params.size(); ++a)
            line.positions.push_back(a < t.values.size() ? pc.axes[a].toUnit(t.values[a])
                                                         : std::nan(""));
        line.positions.push_back(line.metric ? pc.axes.back().toUnit(*line.metric) : std::nan(""));
        pc.lines.push_back(std::move(line));
    }
    return pc;
}

std::vector<LearningCurve> learningCurves(const std::vector<TrialResult> &trials)
{
    std::vector<LearningCurve> curves;
    for (const TrialResult &t : trials) {
        if (t.intermediate.empty())
            continue;
        LearningCurve c;
        c.trialId = t.trialId;
        c.state = t.state;
        c.accuracy = t.intermediate;
        c.epochs.resize(t.intermediate.size());
        std::iota(c.epochs.begin(), c.epochs.end(), 1.0);
        curves.push_back(std::move(c));
    }
    return curves;
}

ConfusionSeries confusionSeries(const Evaluation &evaluation)
{
    ConfusionSeries s;
    s.classes = evaluation.classes;
    s.counts = evaluation.confusion;
    s.counts.resize(s.classes.size());
    for (auto &row : s.counts)
        row.resize(s.classes.size(), 0);
    for (size_t t = 0; t < s.classes.size(); ++t) {
        s.classNames.push_back(lab::coverTypeName(s.classes[t]));
        const int64_t total = std::accumulate(s.counts[t].begin(), s.counts[t].end(), int64_t(0));
        s.trueTotals.push_back(total);
        s.rows += total;
        std::vector<double> share(s.classes.size(), 0.0);
        if (total > 0)
            for (size_t p = 0; p < s.classes.size(); ++p)
                share[p] = double(s.counts[t][p]) / double(total);
        s.shareOfTrue.push_back(std::move(share));
    }
    return s;
}

}  // namespace covertype
