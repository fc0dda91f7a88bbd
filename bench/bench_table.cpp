// Table browsing benchmark driver: what the Data stage does with a table, in-process. Loads FILE,
// then times (1) a screen page of formatted cells through the view model the table view uses
// (40 rows x all columns, at random scroll positions), (2) sorting every row by a numeric and by a
// STRING column, (3) a filter by range and value. Prints one JSON object.
// Usage: bench_table FILE [PAGES]
#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "data/csvloader.h"
#include "data/datasetviewmodel.h"
#include "data/rowfilter.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v)
{
    std::ranges::sort(v);
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p)
{
    std::ranges::sort(v);
    return v[size_t(double(v.size() - 1) * p)];
}

/// Median seconds of `repeats` runs of computeRowOrder (exits on error).
double timeRowOrder(const covertype::Dataset &data, const covertype::RowFilter &filter,
                    covertype::SortKey key, int repeats, size_t &rows)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        auto order = covertype::computeRowOrder(data, filter, key);
        times.push_back(secondsSince(start));
        if (!order) {
            std::fprintf(stderr, "%s\n", order.error().message.c_str());
            std::exit(1);
        }
        rows = order->size();
    }
    return median(times);
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_table FILE [PAGES]\n");
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int pages = argc > 2 ? std::max(1, std::atoi(argv[2])) : 2000;
    auto loaded = covertype::loadDataset(argv[1]);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
        return 1;
    }
    auto data = std::make_shared<const covertype::Dataset>(std::move(*loaded));

    // (1) Pages of formatted cells, as the view asks for them while scrolling.
    covertype::ui::DatasetViewModel model;
    model.setDataset(data);
    const int rows = model.rowCount();
    const int columns = model.columnCount();
    constexpr int kPageRows = 40;
    std::mt19937_64 random(7);
    std::vector<double> pageTimes;
    size_t characters = 0;  // keeps the formatting from being optimised away
    for (int p = 0; p < pages; ++p) {
        const int top = int(random() % uint64_t(std::max(1, rows - kPageRows)));
        const auto start = Clock::now();
        for (int r = top; r < top + kPageRows && r < rows; ++r)
            for (int c = 0; c < columns; ++c)
                characters += size_t(model.data(model.index(r, c)).toString().size());
        pageTimes.push_back(secondsSince(start));
    }

    // (2) Sorts and (3) a filter, each the median of 5.
    const int elevation = data->columnIndex("Elevation");
    const int soil = data->columnIndex("Soil_Type");
    size_t sortedRows = 0, filteredRows = 0;
    const double sortNumeric = timeRowOrder(*data, {}, {elevation, true}, 5, sortedRows);
    const double sortText = timeRowOrder(*data, {}, {soil, true}, 5, sortedRows);
    auto filter = covertype::parseRowFilter(*data, "Elevation 2500..3000, Cover_Type = 2");
    if (!filter) {
        std::fprintf(stderr, "%s\n", filter.error().message.c_str());
        return 1;
    }
    const double filtered = timeRowOrder(*data, *filter, {}, 5, filteredRows);

    std::printf(
        "{\"rows\": %d, \"columns\": %d, \"pages\": %d, \"page_rows\": %d, "
        "\"page_median_ms\": %.4f, \"page_p99_ms\": %.4f, "
        "\"sort_elevation_s\": %.4f, \"sort_soil_type_s\": %.4f, "
        "\"filter_s\": %.4f, \"filter_rows\": %zu, \"characters\": %zu}\n",
        rows, columns, pages, kPageRows, median(pageTimes) * 1e3, percentile(pageTimes, 0.99) * 1e3,
        sortNumeric, sortText, filtered, filteredRows, characters);
    return 0;
}
