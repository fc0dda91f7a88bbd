// covertype split: BigQuery-exact hash lots; export the three CSVs, print lots, or print SQL.
#include <cstdio>
#include <string>

#include "base/text.h"
#include "cliutil.h"
#include "cloud/gcspaths.h"
#include "commands.h"
#include "split/split.h"

namespace covertype::cli {

namespace {

void printSummary(const SplitSummary &summary, const std::string &outDir)
{
    std::printf("Split of %s (%zu rows, %s)\n", summary.sourcePath.c_str(), summary.sourceRows,
                summary.sourceFingerprint.c_str());
    std::printf("Lots: MOD(ABS(FARM_FINGERPRINT(%s)), %d)\n",
                summary.spec.hashColumn.empty()
                    ? "TO_JSON_STRING(cover)"
                    : ("CAST(" + summary.spec.hashColumn + " AS STRING)").c_str(),
                summary.spec.numLots);
    const auto line = [&](const char *name, const std::vector<int> &lots, const SplitCounts &c) {
        std::printf("  %-10s lots %-12s %7zu rows  -> %s/datasets/%s/data.csv\n", name,
                    SplitSpec::formatLots(lots).c_str(), c.rows, outDir.c_str(), name);
    };
    line("training", summary.spec.training, summary.training);
    line("validation", summary.spec.validation, summary.validation);
    line("testing", summary.spec.testing, summary.testing);
    std::printf("  %zu rows in no split\n", summary.unassignedRows);
    std::printf("Wrote %s/split.json\n", outDir.c_str());
}

}  // namespace

int runSplit(const Args &args)
{
    CommandLine cmd(
        "split",
        "--data FILE [--num-lots N] [--training L] [--validation L] [--testing L]\n"
        "                       [--hash-column COL] (--out DIR | --print-lots | --sql --table "
        "NAME)",
        "Assigns every row to lot MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(row))), N) exactly as\n"
        "BigQuery does, and exports the course layout DIR/datasets/{training,validation,testing}/\n"
        "data.csv plus DIR/split.json. Lots L: '1,2,3,4', '1-4' or '<8'. Course defaults: 10 "
        "lots,\n"
        "training 1,2,3,4, validation 8, testing 9.",
        withSplitOptions(
            {{"data", "FILE", "table to split (lab CSV or UCI covtype.data)"},
             {"schema", "FILE", "BigQuery JSON schema giving column types (else inferred)"},
             {"out", "DIR", "write the three CSVs and split.json under DIR (local or gs://)"},
             {"print-lots", "", "print one lot per data row, in file order, and nothing else"},
             {"sql", "", "print the three BigQuery queries (needs --table)"},
             {"table", "NAME", "source table for --sql, e.g. covertype_dataset.covertype"}}));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    const int modes = int(cmd.has("out")) + int(cmd.has("print_lots")) + int(cmd.has("sql"));
    if (modes != 1)
        return reportError({ErrorCode::Usage,
                            "covertype split: give exactly one of --out DIR, --print-lots, --sql"});
    auto spec = splitSpecFromOptions(
        cmd, cmd.has("print_lots") ? SplitUse::NumberLots : SplitUse::AssignLots);
    if (!spec)
        return reportError(spec.error());

    if (cmd.has("sql")) {
        auto table = cmd.required("table");
        if (!table)
            return reportError(table.error());
        for (const char *which : {"training", "validation", "testing"}) {
            auto sql = splitSql(*table, *spec, which);
            if (!sql)
                return reportError(sql.error());
            std::printf("-- %s\n%s;\n\n", which, sql->c_str());
        }
        return kExitOk;
    }

    auto data = loadDataOption(cmd);
    if (!data)
        return reportError(data.error());

    if (cmd.has("print_lots")) {
        auto lots = computeLots(*data, spec->numLots, spec->hashColumn);
        if (!lots)
            return reportError(lots.error());
        std::string out;
        out.reserve(lots->size() * 3);
        for (int32_t lot : *lots) {
            if (lot < 0)
                out += "NULL\n";
            else
                out += std::to_string(lot) + '\n';
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return kExitOk;
    }

    const std::string outDir = cmd.value("out");
    OutputStaging outputs;
    auto localDir = outputs.localDirectory(outDir);
    if (!localDir)
        return reportError(localDir.error());
    auto summary = exportSplit(*data, *spec, *localDir);
    if (!summary)
        return reportError(summary.error());
    if (auto published = outputs.publish(); !published)
        return reportError(published.error());
    printSummary(*summary, outDir);
    return kExitOk;
}

}  // namespace covertype::cli
