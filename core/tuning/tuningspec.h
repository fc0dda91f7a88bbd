// The hyperparameter-tuning configuration: one model for the gcloud config.yaml
// (trainingInput.hyperparameters), the pipeline's JSON ({"hyperparameters": ...}) and the Vertex AI
// studySpec with maxTrialCount / parallelTrialCount / maxFailedTrialCount.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/error.h"

namespace covertype {

enum class Goal { Maximize, Minimize };
enum class ParameterType { Double, Integer, Categorical, Discrete };
enum class ScaleType { None, UnitLinear, UnitLog, UnitReverseLog };
/// ALGORITHM_UNSPECIFIED is Bayesian optimisation (AI Platform's default).
enum class SearchAlgorithm { Unspecified, GridSearch, RandomSearch };
/// Vertex AI measurementSelectionType.
enum class MeasurementSelection { Unspecified, Last, Best };
/// Vertex AI automated stopping: none, medianAutomatedStoppingSpec, decayCurveStoppingSpec.
enum class StoppingSpec { None, Median, DecayCurve };

struct ParameterSpec
{
    std::string name;
    ParameterType type = ParameterType::Double;
    double minValue = 0;  ///< DOUBLE and INTEGER (integral values for INTEGER)
    double maxValue = 0;
    std::vector<double> discreteValues;          ///< DISCRETE: strictly increasing
    std::vector<std::string> categoricalValues;  ///< CATEGORICAL
    ScaleType scale = ScaleType::None;
    bool operator==(const ParameterSpec &) const = default;
};

/// A value for one parameter: double for DOUBLE/DISCRETE, int64 for INTEGER, text for CATEGORICAL.
using ParameterValue = std::variant<double, int64_t, std::string>;
/// Values for every parameter of a spec, in TuningSpec::params order.
using ParameterValues = std::vector<ParameterValue>;

/// The largest tuning job this program runs: trials in all and at once (each running trial is a
/// thread with its own model; a config past these is refused, not started and left to grow).
inline constexpr int kMaxTrialsLimit = 10'000;
inline constexpr int kMaxParallelTrialsLimit = 256;

struct TuningSpec
{
    Goal goal = Goal::Maximize;
    std::vector<ParameterSpec> params;
    int maxTrials = 1;
    int maxParallelTrials = 1;
    int maxFailedTrials = 0;  ///< 0: the service decides (we use: every trial may fail)
    std::string metricTag = "training/hptuning/metric";
    bool enableTrialEarlyStopping = false;
    SearchAlgorithm algorithm = SearchAlgorithm::Unspecified;
    std::string resumePreviousJobId;
    MeasurementSelection measurementSelection = MeasurementSelection::Unspecified;
    StoppingSpec stopping = StoppingSpec::None;  ///< Vertex form of early stopping
    bool operator==(const TuningSpec &) const = default;

    /// Index of the parameter called `name`, or -1.
    [[nodiscard]] int paramIndex(std::string_view name) const;
};

enum class TuningFormat { GcloudYaml, PipelineJson, VertexJson };

/// Detects the form and parses it. `source` names the text in messages. Errors name the field
/// path (e.g. "trainingInput.hyperparameters.params[1].minValue") and what was expected.
[[nodiscard]] Expected<TuningSpec> parseTuningSpec(std::string_view text,
                                                   const std::string &source);
/// As above, and tells which form the text was in (a bare `hyperparameters:` YAML counts as
/// GcloudYaml).
[[nodiscard]] Expected<TuningSpec> parseTuningSpec(std::string_view text, const std::string &source,
                                                   TuningFormat &detected);
/// Reads a file in any of the three forms.
[[nodiscard]] Expected<TuningSpec> loadTuningSpec(const std::string &path);
/// As above, and tells which form the file was in.
[[nodiscard]] Expected<TuningSpec> loadTuningSpec(const std::string &path, TuningFormat &detected);
/// Writes the spec in one form; parseTuningSpec(writeTuningSpec(s, f)) == s for every valid s.
[[nodiscard]] std::string writeTuningSpec(const TuningSpec &spec, TuningFormat format);

/// Checks the spec against the service's rules and the trainer's parameters (alpha: DOUBLE > 0,
/// max_iter: INTEGER or DISCRETE >= 1). Every problem is listed, each naming its field path.
[[nodiscard]] Expected<void> validateTuningSpec(const TuningSpec &spec);

/// One problem found by validation: the field path (as `format` spells it) and what is wrong.
struct TuningProblem
{
    std::string path;
    std::string message;
};
/// Every problem validateTuningSpec reports, with paths spelt for `format`
/// ("studySpec.parameters[1].doubleValueSpec.minValue" for VertexJson). Empty when valid.
[[nodiscard]] std::vector<TuningProblem> tuningSpecProblems(const TuningSpec &spec,
                                                            TuningFormat format);

/// The API name of an algorithm: ALGORITHM_UNSPECIFIED, GRID_SEARCH, RANDOM_SEARCH.
[[nodiscard]] const char *algorithmName(SearchAlgorithm algorithm);

/// Text of a value as the trainer's command line takes it (python str() style for doubles).
[[nodiscard]] std::string parameterValueText(const ParameterValue &value);

}  // namespace covertype
