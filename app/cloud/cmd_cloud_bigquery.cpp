// covertype cloud bq load / cloud split: the course table in BigQuery and the course split done
// where the course does it (a query job per split into a table, then an extract job to
// {gcs_root}/datasets/{split}/data.csv), with the row counts checked against the local preview.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "base/text.h"
#include "bigquery/bigqueryclient.h"
#include "bigquery/coursetable.h"
#include "cliutil.h"
#include "cloudcommands.h"
#include "cloudsession.h"
#include "split/splitpreview.h"

namespace covertype::cli {

namespace {

const OptionSpec kLocationOption = {"location", "LOC",
                                    "BigQuery location of the dataset and jobs (default US)"};

Expected<cloud::GcsUri> gcsRootOption(const CommandLine &cmd)
{
    auto root = cmd.required("gcs-root");
    if (!root)
        return std::unexpected(root.error());
    auto uri = cloud::parseGcsUri(*root);
    if (!uri)
        return fail(ErrorCode::Usage, "--gcs-root " + uri.error().message);
    if (!uri->object.empty() && !uri->object.ends_with('/'))
        uri->object += '/';
    return *uri;
}

Expected<cloud::BigQueryTable> tableOption(const CommandLine &cmd)
{
    auto name = cmd.required("table");
    if (!name)
        return std::unexpected(name.error());
    auto table = cloud::parseBigQueryTable(*name);
    if (!table)
        return fail(ErrorCode::Usage, "--table " + table.error().message);
    return table;
}

}  // namespace

int runCloudBigQuery(const Args &args)
{
    CommandLine cmd("cloud bq",
                    "load --data FILE --table P.D.T --gcs-root gs://B/ROOT [--location LOC] "
                    "[--json]",
                    "Creates the course table in BigQuery from a local file (lab CSV or UCI "
                    "covtype.data, plain,\ngzip or zip): the rows are written as CSV, uploaded to "
                    "ROOT/staging/TABLE.csv and loaded\nwith the file's column types (a load job; "
                    "the table is replaced). The dataset is created\nwhen missing. The row count "
                    "BigQuery reports is checked against the file's.",
                    withCloudOptions({{"data", "FILE", "the table to load (local or gs://)"},
                                      {"table", "P.D.T", "destination, PROJECT.DATASET.TABLE"},
                                      {"gcs-root", "gs://B/ROOT", "where the CSV is staged"},
                                      kLocationOption,
                                      {"json", "", "print the result as JSON"}}));
    Args options = args;
    if (options.empty() || options[0] != "load") {
        if (!options.empty() && (options[0] == "--help" || options[0] == "-h")) {
            std::fputs(cmd.help().c_str(), stdout);
            return kExitOk;
        }
        return reportError(Error{ErrorCode::Usage, "covertype cloud bq: give an action: load"});
    }
    options.erase(options.begin());
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    auto table = tableOption(cmd);
    if (!table)
        return reportError(table.error());
    auto root = gcsRootOption(cmd);
    if (!root)
        return reportError(root.error());
    auto data = loadDataOption(cmd);
    if (!data)
        return reportError(data.error());
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    TransferMeter meter("uploading " + table->table + ".csv");
    BigQueryWorkProgress progress = progressOnStderr();
    progress.transfer = [&meter](int64_t done, int64_t total) { meter(done, total); };
    auto loaded = cloud::loadIntoBigQuery((*session)->api(), (*session)->config(), *data, *table,
                                          *root, cmd.value("location", "US"), progress);
    if (!loaded)
        return reportError(loaded.error());
    if (cmd.has("json")) {
        const nlohmann::json out = {{"table", loaded->table},
                                    {"rows", loaded->rows},
                                    {"file_rows", loaded->fileRows},
                                    {"staged", loaded->staged},
                                    {"job", loaded->job}};
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("loaded %lld rows into %s (job %s, staged at %s)\n",
                    static_cast<long long>(loaded->rows), loaded->table.c_str(),
                    loaded->job.c_str(), loaded->staged.c_str());
    }
    return kExitOk;
}

int runCloudSplit(const Args &args)
{
    CommandLine cmd(
        "cloud split",
        "--table P.D.T --gcs-root gs://B/ROOT [split options] [--data FILE] [--location LOC] "
        "[--json]",
        "The course split in BigQuery: for training, validation and testing a query job\n"
        "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(row))), N) IN (lots) into the table\n"
        "P.D.T_<split>, then an extract job to ROOT/datasets/<split>/data.csv, as the course's\n"
        "pipeline does. With --data (the same table as a local file) the row counts BigQuery\n"
        "reports are compared with the local preview's, and a difference is an error.",
        withCloudOptions(
            withSplitOptions({{"table", "P.D.T", "source table, PROJECT.DATASET.TABLE"},
                              {"gcs-root", "gs://B/ROOT", "where the CSVs go"},
                              {"data", "FILE", "the same table as a local file, to compare counts"},
                              kLocationOption,
                              {"json", "", "print the result as JSON"}})));
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto table = tableOption(cmd);
    if (!table)
        return reportError(table.error());
    auto root = gcsRootOption(cmd);
    if (!root)
        return reportError(root.error());
    auto spec = splitSpecFromOptions(cmd);
    if (!spec)
        return reportError(spec.error());

    std::optional<LotTally> local;
    if (cmd.has("data")) {
        auto data = loadDataOption(cmd);
        if (!data)
            return reportError(data.error());
        auto tally = tallyLots(*data, spec->numLots, spec->hashColumn);
        if (!tally)
            return reportError(tally.error());
        local = std::move(*tally);
    }
    auto session = CloudSession::open(cmd);
    if (!session)
        return reportError(session.error());
    auto split = cloud::splitInBigQuery((*session)->api(), (*session)->config(), *table, *root,
                                        *spec, cmd.value("location", "US"), progressOnStderr());
    if (!split)
        return reportError(split.error());
    std::vector<BigQuerySplitPart> &parts = *split;
    bool mismatch = false;
    if (local)
        for (BigQuerySplitPart &part : parts) {
            const std::vector<int> &lots = part.name == "training"     ? spec->training
                                           : part.name == "validation" ? spec->validation
                                                                       : spec->testing;
            part.localRows = int64_t(countLots(*local, lots).rows);
            mismatch = mismatch || *part.localRows != part.rows;
        }
    if (cmd.has("json")) {
        nlohmann::json out = {{"source", table->toString()}, {"splits", nlohmann::json::object()}};
        for (const BigQuerySplitPart &p : parts) {
            out["splits"][p.name] = {{"rows", p.rows}, {"table", p.table}, {"uri", p.uri}};
            if (p.localRows)
                out["splits"][p.name]["local_rows"] = *p.localRows;
        }
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("%-10s %10s %10s  %s\n", "split", "BigQuery", "local", "exported to");
        for (const BigQuerySplitPart &p : parts)
            std::printf("%-10s %10lld %10s  %s%s\n", p.name.c_str(), static_cast<long long>(p.rows),
                        p.localRows ? std::to_string(*p.localRows).c_str() : "-", p.uri.c_str(),
                        p.localRows && *p.localRows != p.rows ? "  MISMATCH" : "");
    }
    if (mismatch)
        return reportError({ErrorCode::Corrupt,
                            "BigQuery's row counts differ from the local preview's (see above)"});
    return kExitOk;
}

}  // namespace covertype::cli
