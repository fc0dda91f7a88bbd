// Classification metrics with scikit-learn semantics: accuracy, recall, confusion matrix.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace covertype::ml {

/// Sorted distinct labels of yTrue and yPred together (sklearn's unique_labels).
[[nodiscard]] std::vector<int64_t> unionLabels(std::span<const int64_t> yTrue,
                                               std::span<const int64_t> yPred);

/// Share of rows where yPred equals yTrue. Requires equal sizes; 0 for no rows.
[[nodiscard]] double accuracy(std::span<const int64_t> yTrue, std::span<const int64_t> yPred);

/// labels.size() x labels.size() counts: row = true label, column = predicted label. Rows whose
/// labels are not in `labels` are not counted. Requires equal sizes.
[[nodiscard]] std::vector<std::vector<int64_t>> confusionMatrix(std::span<const int64_t> yTrue,
                                                                std::span<const int64_t> yPred,
                                                                std::span<const int64_t> labels);

/// Recall of each label in `labels`: true positives / rows with that true label; 0 when the label
/// never occurs in yTrue (sklearn's zero_division default).
[[nodiscard]] std::vector<double> recallPerClass(std::span<const int64_t> yTrue,
                                                 std::span<const int64_t> yPred,
                                                 std::span<const int64_t> labels);

/// sklearn recall_score(average='macro'): unweighted mean of recallPerClass over
/// unionLabels(yTrue, yPred). 0 for no rows.
[[nodiscard]] double macroRecall(std::span<const int64_t> yTrue, std::span<const int64_t> yPred);

}  // namespace covertype::ml
