#include "bigquery/coursetable.h"

#include "base/text.h"
#include "data/csvwriter.h"
#include "storage/gcsclient.h"

namespace covertype::cloud {

namespace {

BigQueryClient clientFor(const ApiClient &api, const CloudConfig &config,
                         const std::string &location, const BigQueryWorkProgress &progress)
{
    BigQueryClient bigquery(api, config.bigqueryRoot, config.project, location);
    if (progress.step)
        bigquery.setProgress(progress.step);
    return bigquery;
}

/// The table's column types as BigQuery names them.
std::vector<BigQueryField> bigQuerySchema(const Dataset &data)
{
    std::vector<BigQueryField> fields;
    for (const Field &f : data.schema())
        fields.push_back({f.name, std::string(columnTypeName(f.type))});
    return fields;
}

}  // namespace

Expected<BigQueryLoadReport> loadIntoBigQuery(const ApiClient &api, const CloudConfig &config,
                                              const Dataset &data, const BigQueryTable &table,
                                              const GcsUri &root, const std::string &location,
                                              const BigQueryWorkProgress &progress)
{
    BigQueryLoadReport report;
    report.table = table.toString();
    report.fileRows = int64_t(data.rowCount());
    const GcsUri staged = root.child("staging/" + table.table + ".csv");
    report.staged = staged.toString();
    if (progress.step)
        progress.step("uploading " + report.staged);
    GcsTransferOptions transfer;
    if (progress.transfer)
        transfer.progress = [&progress](int64_t done, int64_t total) {
            progress.transfer(done, total);
            return true;  // the api client's stop token cancels
        };
    if (auto up =
            GcsClient(api, config.storageRoot).uploadData(datasetToCsv(data), staged, transfer);
        !up)
        return std::unexpected(up.error());

    const BigQueryClient bigquery = clientFor(api, config, location, progress);
    if (auto ok = bigquery.ensureDataset(table.project, table.dataset); !ok)
        return std::unexpected(ok.error());
    auto job = bigquery.load({report.staged}, table, bigQuerySchema(data), "covertype_load");
    if (!job)
        return std::unexpected(job.error());
    report.job = job->id;
    auto rows = bigquery.tableRows(table);
    if (!rows)
        return std::unexpected(rows.error());
    report.rows = *rows;
    if (report.rows != report.fileRows)
        return fail(ErrorCode::Corrupt, cat("BigQuery holds ", report.rows, " rows of ",
                                            report.table, " but the file has ", report.fileRows));
    return report;
}

Expected<std::vector<BigQuerySplitPart>> splitInBigQuery(
    const ApiClient &api, const CloudConfig &config, const BigQueryTable &table, const GcsUri &root,
    const SplitSpec &spec, const std::string &location, const BigQueryWorkProgress &progress)
{
    const BigQueryClient bigquery = clientFor(api, config, location, progress);
    std::vector<BigQuerySplitPart> parts;
    for (const char *name : {"training", "validation", "testing"}) {
        auto sql = splitSql(table.toString(), spec, name);
        if (!sql)
            return std::unexpected(sql.error());
        BigQueryTable destination = table;
        destination.table = table.table + "_" + name;
        auto queried = bigquery.query(*sql, destination, cat("covertype_split_", name));
        if (!queried)
            return std::unexpected(queried.error());
        auto rows = bigquery.tableRows(destination);
        if (!rows)
            return std::unexpected(rows.error());
        BigQuerySplitPart part;
        part.name = name;
        part.rows = *rows;
        part.table = destination.toString();
        part.uri = root.child(cat("datasets/", name, "/data.csv")).toString();
        auto extracted = bigquery.extract(destination, part.uri, cat("covertype_extract_", name));
        if (!extracted)
            return std::unexpected(extracted.error());
        parts.push_back(std::move(part));
    }
    return parts;
}

}  // namespace covertype::cloud
