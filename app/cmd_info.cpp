// covertype info: schema with inferred types, row count, statistics and class counts.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "cliutil.h"
#include "commands.h"
#include "data/columnstats.h"

namespace covertype::cli {

namespace {

nlohmann::json numberOrNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

int runInfo(const Args &args)
{
    CommandLine cmd(
        "info", "--data FILE [--schema FILE] [--json]",
        "Loads a lab-schema CSV or the UCI covtype.data (plain, gzip or zip) and prints its\n"
        "schema with BigQuery-inferred types, row count, fingerprint, column statistics and\n"
        "Cover_Type counts.",
        {{"data", "FILE", "table to describe"},
         {"schema", "FILE", "BigQuery JSON schema giving column types (else inferred)"},
         {"json", "", "print one JSON object instead of text"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto data = loadDataOption(cmd);
    if (!data)
        return reportError(data.error());

    const auto stats = computeColumnStats(*data, 3);
    const auto counts = labelCounts(*data);
    const std::string fingerprint = data->fingerprint();

    if (cmd.has("json")) {
        nlohmann::json out;
        out["source"] = data->source();
        out["rows"] = data->rowCount();
        out["fingerprint"] = fingerprint;
        out["columns"] = nlohmann::json::array();
        for (const ColumnStats &s : stats) {
            nlohmann::json c = {{"name", s.name},
                                {"type", std::string(columnTypeName(s.type))},
                                {"nulls", s.nulls},
                                {"distinct", s.distinct}};
            if (s.numeric) {
                c["min"] = numberOrNull(s.min);
                c["max"] = numberOrNull(s.max);
                c["mean"] = numberOrNull(s.mean);
                c["stddev"] = numberOrNull(s.stddev);
            }
            out["columns"].push_back(c);
        }
        nlohmann::json labels = nlohmann::json::object();
        for (const auto &[label, n] : counts)
            labels[std::to_string(label)] = n;
        out["cover_type_counts"] = counts.empty() ? nlohmann::json(nullptr) : labels;
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }

    std::printf("Source       %s\n", data->source().c_str());
    std::printf("Rows         %zu\n", data->rowCount());
    std::printf("Columns      %zu\n", data->columnCount());
    std::printf("Fingerprint  %s\n\n", fingerprint.c_str());
    std::printf("  #  %-36s %-8s %6s %9s  %s\n", "Column", "Type", "Nulls", "Distinct", "Values");
    int index = 0;
    for (const ColumnStats &s : stats) {
        std::string values;
        if (s.numeric && std::isfinite(s.min)) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "min %g  max %g  mean %.2f  sd %.2f", s.min, s.max,
                          s.mean, s.stddev);
            values = buf;
        } else {
            for (const auto &[text, n] : s.top)
                values += (values.empty() ? "" : ", ") + text + " (" + std::to_string(n) + ")";
            if (s.distinct > s.top.size())
                values += ", ...";
        }
        std::printf("%3d  %-36s %-8s %6zu %9zu  %s\n", ++index, s.name.c_str(),
                    std::string(columnTypeName(s.type)).c_str(), s.nulls, s.distinct,
                    values.c_str());
    }
    if (counts.empty()) {
        std::printf("\nNo Cover_Type column: data to score (browse, split and predict only).\n");
    } else {
        std::printf("\nCover_Type   Rows     Share\n");
        for (const auto &[label, n] : counts)
            std::printf("%10lld %7zu %8.2f%%\n", static_cast<long long>(label), n,
                        100.0 * double(n) / double(data->rowCount()));
    }
    return kExitOk;
}

}  // namespace covertype::cli
