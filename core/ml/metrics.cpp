// Accuracy, recall and confusion matrix over integer class labels.
#include "ml/metrics.h"

#include <algorithm>
#include <cassert>

namespace covertype::ml {

namespace {

/// Position of `label` in sorted `labels`, or -1.
std::ptrdiff_t labelIndex(std::span<const int64_t> labels, int64_t label)
{
    const auto it = std::ranges::lower_bound(labels, label);
    return it != labels.end() && *it == label ? it - labels.begin() : -1;
}

bool isSorted(std::span<const int64_t> labels)
{
    return std::ranges::adjacent_find(labels, std::ranges::greater_equal()) == labels.end();
}

}  // namespace

std::vector<int64_t> unionLabels(std::span<const int64_t> yTrue, std::span<const int64_t> yPred)
{
    std::vector<int64_t> labels(yTrue.begin(), yTrue.end());
    labels.insert(labels.end(), yPred.begin(), yPred.end());
    std::ranges::sort(labels);
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    return labels;
}

double accuracy(std::span<const int64_t> yTrue, std::span<const int64_t> yPred)
{
    assert(yTrue.size() == yPred.size());
    if (yTrue.empty())
        return 0.0;
    size_t hits = 0;
    for (size_t i = 0; i < yTrue.size(); ++i)
        hits += yTrue[i] == yPred[i] ? 1 : 0;
    return double(hits) / double(yTrue.size());
}

std::vector<std::vector<int64_t>> confusionMatrix(std::span<const int64_t> yTrue,
                                                  std::span<const int64_t> yPred,
                                                  std::span<const int64_t> labels)
{
    assert(yTrue.size() == yPred.size());
    std::vector<std::vector<int64_t>> counts(labels.size(), std::vector<int64_t>(labels.size(), 0));
    // Labels may come in any order: look them up through a sorted copy.
    std::vector<int64_t> sorted(labels.begin(), labels.end());
    std::vector<size_t> position(labels.size());
    if (!isSorted(labels)) {
        std::vector<size_t> perm(labels.size());
        for (size_t i = 0; i < perm.size(); ++i)
            perm[i] = i;
        std::ranges::sort(perm, {}, [&](size_t i) { return labels[i]; });
        for (size_t i = 0; i < perm.size(); ++i) {
            sorted[i] = labels[perm[i]];
            position[i] = perm[i];
        }
    } else {
        for (size_t i = 0; i < position.size(); ++i)
            position[i] = i;
    }
    for (size_t i = 0; i < yTrue.size(); ++i) {
        const std::ptrdiff_t t = labelIndex(sorted, yTrue[i]);
        const std::ptrdiff_t p = labelIndex(sorted, yPred[i]);
        if (t >= 0 && p >= 0)
            ++counts[position[size_t(t)]][position[size_t(p)]];
    }
    return counts;
}

std::vector<double> recallPerClass(std::span<const int64_t> yTrue, std::span<const int64_t> yPred,
                                   std::span<const int64_t> labels)
{
    const auto counts = confusionMatrix(yTrue, yPred, labels);
    // Support counts every row with the true label, even when its prediction is outside `labels`.
    std::vector<double> recall(labels.size(), 0.0);
    for (size_t k = 0; k < labels.size(); ++k) {
        const auto support = std::ranges::count(yTrue, labels[k]);
        if (support > 0)
            recall[k] = double(counts[k][k]) / double(support);
    }
    return recall;
}

double macroRecall(std::span<const int64_t> yTrue, std::span<const int64_t> yPred)
{
    const std::vector<int64_t> labels = unionLabels(yTrue, yPred);
    if (labels.empty())
        return 0.0;
    const std::vector<double> recall = recallPerClass(yTrue, yPred, labels);
    double sum = 0.0;
    for (double r : recall)
        sum += r;
    return sum / double(recall.size());
}

}  // namespace covertype::ml
