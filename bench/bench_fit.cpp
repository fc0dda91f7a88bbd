// Benchmark driver: times the trainer's SGD fit alone (data prepared once) on the course split,
// single-threaded, and reports the cost per row and epoch.
// Usage: bench_fit <training.csv> <validation.csv> [alpha=0.0003] [repetitions=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/csvloader.h"
#include "training/trainer.h"

using namespace covertype;

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <training.csv> <validation.csv> [alpha] [repetitions]\n",
                     argv[0]);
        return 2;
    }
    auto training = loadDataset(argv[1], {});
    auto validation = loadDataset(argv[2], {});
    if (!training || !validation) {
        std::fprintf(stderr, "%s\n", (!training ? training : validation).error().message.c_str());
        return 1;
    }
    auto prepared = prepareTraining(*training, &*validation);
    if (!prepared) {
        std::fprintf(stderr, "%s\n", prepared.error().message.c_str());
        return 1;
    }
    TrainParams params;
    params.alpha = argc > 3 ? std::atof(argv[3]) : 0.0003;
    params.threads = 1;
    const int repetitions = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
    std::vector<double> times;
    int epochs = 0;
    double accuracy = 0;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto outcome = trainModel(*prepared, params);
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (!outcome) {
            std::fprintf(stderr, "%s\n", outcome.error().message.c_str());
            return 1;
        }
        epochs = outcome->epochs;
        accuracy = *outcome->history.back().validationAccuracy;
    }
    std::ranges::sort(times);
    const double best = times.front();
    std::printf(
        "{\"rows\": %zu, \"epochs\": %d, \"best_s\": %.4f, \"median_s\": %.4f, "
        "\"ns_per_row_epoch\": %.1f, \"validation_accuracy\": %.6f}\n",
        prepared->x.rows, epochs, best, times[times.size() / 2],
        best * 1e9 / double(prepared->x.rows) / double(epochs), accuracy);
    return 0;
}
