// Trial parameters for the fake's hyperparameter tuning: RANDOM_SEARCH and ALGORITHM_UNSPECIFIED
// sample each parameter uniformly (log space for UNIT_LOG_SCALE), GRID_SEARCH walks the grid.
// The same study spec and seed always give the same trials.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "vertex/rpcstatus.h"

namespace covertype::fakecloud::vertex {

struct SuggestedParameter
{
    std::string parameterId;
    nlohmann::json value;  ///< a number, or a string for CATEGORICAL (as Trial.parameters holds)
    std::string argument;  ///< the value as the trial's "--id=value" flag writes it
};

class StudySuggester
{
public:
    /// Checks a canonical StudySpec (ranges, lists, scales; GRID_SEARCH needs no DOUBLE).
    [[nodiscard]] static std::expected<StudySuggester, RpcError> create(
        const nlohmann::json &studySpec, uint64_t seed);
    /// The parameters of trial `index` (0-based); nullopt when a grid is exhausted.
    [[nodiscard]] std::optional<std::vector<SuggestedParameter>> suggest(size_t index) const;

private:
    enum class Type { Double, Integer, Discrete, Categorical };
    enum class Scale { Linear, Log, ReverseLog };
    struct Parameter
    {
        std::string id;
        Type type = Type::Double;
        Scale scale = Scale::Linear;
        double min = 0, max = 0;
        int64_t intMin = 0, intMax = 0;
        std::vector<double> discrete;
        std::vector<std::string> categories;
        [[nodiscard]] size_t gridSize() const;
    };
    [[nodiscard]] static SuggestedParameter number(const std::string &id, double value,
                                                   bool integer);

    std::vector<Parameter> m_parameters;
    bool m_grid = false;
    uint64_t m_seed = 0;
};

}  // namespace covertype::fakecloud::vertex
