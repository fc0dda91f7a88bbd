// Benchmark driver: times computeLots (BigQuery-exact split lots) on a CSV replicated k times.
// Usage: bench_split <file.csv> [k=8] [repetitions=7] [hash column]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/csvloader.h"
#include "data/csvwriter.h"
#include "split/split.h"

using namespace covertype;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <file.csv> [k=8] [repetitions=7] [hash column]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const int copies = argc > 2 ? std::max(1, std::atoi(argv[2])) : 8;
    const int repetitions = argc > 3 ? std::max(1, std::atoi(argv[3])) : 7;
    const std::string hashColumn = argc > 4 ? argv[4] : "";

    LoadOptions options;
    options.labSchema = false;
    auto loaded = loadDataset(path, options);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
        return 1;
    }
    Dataset data = std::move(*loaded);
    const Dataset once = data;
    for (int i = 1; i < copies; ++i)
        data = Dataset::concatenate(data, once);

    std::vector<double> times;
    size_t checksum = 0;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto lots = computeLots(data, 10, hashColumn);
        times.push_back(secondsSince(start));
        if (!lots) {
            std::fprintf(stderr, "%s\n", lots.error().message.c_str());
            return 1;
        }
        checksum = 0;
        for (const int32_t lot : *lots)
            checksum = checksum * 31 + size_t(lot + 1);
    }
    std::ranges::sort(times);
    const double best = times.front();
    const double median = times[times.size() / 2];

    const auto csvStart = std::chrono::steady_clock::now();
    const std::string csv = datasetToCsv(data);
    const double csvSeconds = secondsSince(csvStart);

    std::printf("rows %zu (x%d)%s%s\n", data.rowCount(), copies,
                hashColumn.empty() ? "" : ", hash column ", hashColumn.c_str());
    std::printf(
        "computeLots best %.4f s, median %.4f s, %.0f rows/s (%d repetitions, checksum "
        "%zx)\n",
        best, median, double(data.rowCount()) / best, repetitions, checksum);
    std::printf("datasetToCsv %.4f s, %zu bytes\n", csvSeconds, csv.size());
    return 0;
}
