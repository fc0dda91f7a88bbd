// Load benchmark driver: times loadDataset on a file and reports memory against the columnar size.
// Usage: bench_load FILE [REPEATS]   (prints one JSON object)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "data/csvloader.h"

namespace {

/// Current resident set size in bytes (from /proc/self/statm).
size_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * size_t(sysconf(_SC_PAGESIZE));
}

/// Peak resident set size of this process image (VmHWM). Unlike getrusage's ru_maxrss it is not
/// inherited from a parent that forked us (Python's subprocess would otherwise count pandas).
size_t peakResidentBytes()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    size_t kib = 0;
    while (status >> key) {
        if (key == "VmHWM:") {
            status >> kib;
            break;
        }
        status.ignore(1 << 16, '\n');
    }
    return kib * 1024;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_load FILE [REPEATS]\n");
        return 2;
    }
    const std::string path = argv[1];
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;

    // First load alone: peak memory of one load over the process baseline.
    const size_t baseline = residentBytes();
    size_t columnar = 0, rows = 0;
    {
        auto data = covertype::loadDataset(path);
        if (!data) {
            std::fprintf(stderr, "%s\n", data.error().message.c_str());
            return 1;
        }
        columnar = data->memoryBytes();
        rows = data->rowCount();
    }
    const size_t peak = peakResidentBytes() - baseline;

    std::vector<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto data = covertype::loadDataset(path);
        const auto t1 = std::chrono::steady_clock::now();
        if (!data)
            return 1;
        seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
    }
    std::ranges::sort(seconds);
    std::printf(
        "{\"rows\": %zu, \"best_s\": %.4f, \"median_s\": %.4f, \"columnar_bytes\": %zu, "
        "\"peak_rss_increase_bytes\": %zu, \"memory_ratio\": %.3f}\n",
        rows, seconds.front(), seconds[seconds.size() / 2], columnar, peak,
        double(peak) / double(columnar));
    return 0;
}
