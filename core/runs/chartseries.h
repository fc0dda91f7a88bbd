// The series the workbench charts display, computed here so the widgets only draw: histogram bins,
// class counts per split, best-so-far over trials, parallel-coordinate axes, learning curves and
// the confusion matrix normalised per true class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"
#include "training/trainer.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype {

// ---- Histograms ---------------------------------------------------------------------------------

enum class BinRule {
    FreedmanDiaconis,  ///< width 2·IQR·n^(-1/3); falls back to Sqrt when the IQR is 0
    Sqrt,              ///< √n bins
};

inline constexpr size_t kMinHistogramBins = 10;
inline constexpr size_t kMaxHistogramBins = 60;

/// Bins of one numeric column.
struct HistogramSeries
{
    std::string column;
    /// bins + 1 ascending edges in the column's unit; bin k holds [edges[k], edges[k+1]), the last
    /// bin also its upper edge. Empty when no value was counted.
    std::vector<double> edges;
    std::vector<size_t> counts;  ///< values per bin
    size_t values = 0;           ///< non-NULL, finite values counted
    size_t nulls = 0;            ///< NULL or NaN values skipped
    bool integral = false;       ///< whole-number data: edges at half-integers, whole-number widths

    [[nodiscard]] size_t bins() const { return counts.size(); }
};

/// Bins `values` (NaN = missing) by `rule`, clamped to [kMinHistogramBins, kMaxHistogramBins]
/// bins. `integral` data gets a whole-number bin width with edges between integers, so it may get
/// fewer than kMinHistogramBins bins when it spans fewer integers; constant data gets one bin of
/// width 1 centred on the value.
[[nodiscard]] HistogramSeries histogram(std::span<const double> values, bool integral,
                                        BinRule rule = BinRule::FreedmanDiaconis);

/// Histogram of a numeric (INT64, FLOAT64, BOOL) column of `data`. Errors: NotFound for an
/// unknown column, Schema for a STRING column.
[[nodiscard]] Expected<HistogramSeries> histogram(const Dataset &data, std::string_view column,
                                                  BinRule rule = BinRule::FreedmanDiaconis);

// ---- Class distribution -------------------------------------------------------------------------

/// Cover_Type counts of one or more groups of rows (the whole table, or each split).
struct ClassDistribution
{
    std::vector<int64_t> classes;             ///< ascending: 1..7, plus any other value seen
    std::vector<std::string> classNames;      ///< lab::coverTypeName of each class
    std::vector<std::string> groups;          ///< group names as given
    std::vector<std::vector<size_t>> counts;  ///< [group][class]
    std::vector<size_t> totals;               ///< rows per group

    /// Share of group `group`'s rows in class index `cls`, in [0, 1]; 0 for an empty group.
    [[nodiscard]] double fraction(size_t group, size_t cls) const;
};

/// Builds the distribution from label counts per group (labelCounts(), SplitCounts::classCounts).
/// Every class 1..7 is present, with zero counts where a group lacks it.
[[nodiscard]] ClassDistribution classDistribution(
    const std::vector<std::pair<std::string, std::map<int64_t, size_t>>> &groups);

// ---- Trials -------------------------------------------------------------------------------------

/// A trial's number for ordering and plotting: its id when that is a positive integer
/// ("12" -> 12), else 0.
[[nodiscard]] int64_t trialNumber(std::string_view trialId);

/// Inserts `trial` into `trials`, which stay ordered by trial number (then id), or replaces the
/// trial with the same id. Returns the trial's index.
size_t upsertTrial(std::vector<TrialResult> &trials, const TrialResult &trial);

/// Whether a trial has a metric worth plotting (SUCCEEDED, or STOPPED_EARLY with a partial one).
[[nodiscard]] bool hasMetric(const TrialResult &trial);

struct BestSoFarPoint
{
    double trial = 0;  ///< trial number
    double value = 0;  ///< best objective among SUCCEEDED trials up to and including this one
    std::string bestTrialId;
};

/// One point per finished trial (in trial-number order) from the first SUCCEEDED one on: the best
/// objective by `goal` so far. Trials stopped early and failed ones never become the best (as in
/// bestTrial()), but they extend the line.
[[nodiscard]] std::vector<BestSoFarPoint> bestSoFar(const std::vector<TrialResult> &trials,
                                                    Goal goal);

/// A tick on an axis whose positions run over [0, 1].
struct AxisTick
{
    double position = 0;
    std::string label;
};

/// Places one parameter's values on [0, 1] the way its scale type spaces them: UNIT_LINEAR_SCALE
/// (and no scale) linearly, UNIT_LOG_SCALE by log(v), UNIT_REVERSE_LOG_SCALE by
/// 1 - log((hi + lo - v) / lo) / log(hi / lo), which spreads the values near the maximum.
/// Categorical values sit at i / (n - 1) (0.5 for a single category). A log scale over bounds
/// that are not all positive is drawn linearly.
struct ParameterAxis
{
    std::string name;
    ParameterType type = ParameterType::Double;
    ScaleType scale = ScaleType::None;
    double lo = 0;  ///< DOUBLE / INTEGER bounds, DISCRETE first and last value
    double hi = 0;
    std::vector<double> discreteValues;
    std::vector<std::string> categories;

    [[nodiscard]] bool categorical() const { return type == ParameterType::Categorical; }
    /// The scale actually used: UnitLinear, UnitLog or UnitReverseLog.
    [[nodiscard]] ScaleType effectiveScale() const;
    /// Position in [0, 1] (outside for values outside the bounds); NaN when the value does not
    /// fit the axis (text on a numeric axis, unknown category).
    [[nodiscard]] double toUnit(const ParameterValue &value) const;
    [[nodiscard]] double toUnit(double value) const;
    /// The plain number of a value: itself for DOUBLE / INTEGER / DISCRETE, the category's index
    /// for CATEGORICAL; NaN when it does not fit.
    [[nodiscard]] double number(const ParameterValue &value) const;
    /// Readable ticks at least 0.1 apart, the bounds first; integers only for INTEGER axes,
    /// listed values only for DISCRETE and CATEGORICAL ones.
    [[nodiscard]] std::vector<AxisTick> ticks() const;
};

[[nodiscard]] ParameterAxis parameterAxis(const ParameterSpec &spec);

/// A linear axis for the metric over [lo, hi] (widened by 0.005 each side when lo == hi).
[[nodiscard]] ParameterAxis metricAxis(std::string name, double lo, double hi);

/// Text of an axis value with at most `digits` significant digits, shortest form ("0.001",
/// "1e-05", "250").
[[nodiscard]] std::string axisNumberText(double value, int digits = 4);

struct ParallelLine
{
    std::string trialId;
    TrialOutcome state = TrialOutcome::Active;
    std::optional<double> metric;
    std::vector<double> positions;  ///< one per axis in [0, 1]; NaN where the trial has no value
};

struct ParallelCoordinates
{
    std::vector<ParameterAxis> axes;  ///< one per parameter in spec order, then the metric
    std::vector<ParallelLine> lines;  ///< one per finished trial, in the order given
    double metricLo = 0;              ///< metric range over the trials with a metric
    double metricHi = 0;
    /// The colour scale: the metrics of the SUCCEEDED trials (all with a metric when none
    /// succeeded), so one trial stopped early at a low partial metric does not wash it out.
    double colorLo = 0;
    double colorHi = 0;
};

/// Polylines over every parameter of `spec` and the metric (called `metricName`) for the
/// finished trials (not the active or cancelled ones); the metric axis spans the metrics of
/// SUCCEEDED and STOPPED_EARLY trials.
[[nodiscard]] ParallelCoordinates parallelCoordinates(const TuningSpec &spec,
                                                      const std::vector<TrialResult> &trials,
                                                      const std::string &metricName);

struct LearningCurve
{
    std::string trialId;
    TrialOutcome state = TrialOutcome::Active;
    std::vector<double> epochs;    ///< 1, 2, ...
    std::vector<double> accuracy;  ///< validation accuracy after each epoch, in [0, 1]
};

/// The validation accuracy per epoch of every trial that reported one.
[[nodiscard]] std::vector<LearningCurve> learningCurves(const std::vector<TrialResult> &trials);

// ---- Confusion matrix ---------------------------------------------------------------------------

struct ConfusionSeries
{
    std::vector<int64_t> classes;                  ///< as in Evaluation::classes
    std::vector<std::string> classNames;           ///< lab::coverTypeName of each
    std::vector<std::vector<int64_t>> counts;      ///< [true][predicted]
    std::vector<std::vector<double>> shareOfTrue;  ///< counts / rows of the true class, in [0, 1]
    std::vector<int64_t> trueTotals;               ///< rows per true class
    int64_t rows = 0;
};

/// The evaluation's confusion matrix with each row divided by its total (a class that never
/// occurs as the true label gets a row of zeros).
[[nodiscard]] ConfusionSeries confusionSeries(const Evaluation &evaluation);

}  // namespace covertype
