// Tests of the fake BigQuery: the course's split queries on real rows give the lots the
// product computes (`covertype split`), extracts write the same rows the product exports, load
// jobs read the fake's Cloud Storage, jobs move through their states, and requests outside
// what the fake implements are refused as the service refuses them. Plain libcurl, and the
// real `bq` when it is installed.
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "bigquery/bigqueryservice.h"
#include "bigquery/sqlsubset.h"
#include "fakegooglecloud.h"
#include "split/split.h"
#include "testgcloud.h"
#include "testhttp.h"
#include "testsupport.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;
using nlohmann::json;

namespace {

constexpr const char *kProject = "fake-project";
constexpr const char *kSplits[] = {"training", "validation", "testing"};

struct Answer
{
    long status = 0;
    json body;
};

class Client
{
public:
    explicit Client(FakeGoogleCloud &cloud) : m_cloud(cloud), m_token(cloud.issueToken()) {}

    Answer call(const std::string &method, const std::string &path, const json &body = nullptr,
                bool withToken = true)
    {
        HttpCall c;
        c.method = method;
        c.url = m_cloud.baseUrl() + "/bigquery/v2/projects/" + kProject + path;
        if (!body.is_null()) {
            c.body = body.dump();
            c.headers = {"Content-Type: application/json"};
        }
        if (withToken)
            c.bearer = m_token;
        const HttpResult r = httpCall(c);
        Answer a;
        a.status = r.status;
        a.body = json::parse(r.body, nullptr, false);
        return a;
    }
    /// Inserts a job with this id and polls jobs.get until DONE; the states seen, in order.
    json runJob(const std::string &jobId, const json &configuration,
                std::vector<std::string> *states = nullptr)
    {
        const Answer inserted = call("POST", "/jobs",
                                     {{"jobReference", {{"projectId", kProject}, {"jobId", jobId}}},
                                      {"configuration", configuration}});
        if (inserted.status != 200)
            return inserted.body;
        json job = inserted.body;
        for (int i = 0; i < 20; ++i) {
            if (states)
                states->push_back(job["status"]["state"].get<std::string>());
            if (job["status"]["state"] == "DONE")
                return job;
            job = call("GET", "/jobs/" + jobId + "?location=US").body;
        }
        return job;
    }

private:
    FakeGoogleCloud &m_cloud;
    std::string m_token;
};

QString js(const json &value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

std::string readFile(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The header line, then the other lines as a multiset (BigQuery guarantees no row order).
std::pair<std::string, std::multiset<std::string>> csvLines(const std::string &text)
{
    std::pair<std::string, std::multiset<std::string>> out;
    std::istringstream in(text);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (first)
            out.first = line;
        else
            out.second.insert(line);
        first = false;
    }
    return out;
}

std::string reason(const json &error)
{
    return error["error"]["errors"][0]["reason"].get<std::string>();
}

/// The first `rows` data rows of the real file, with its header.
std::string headOf(const QString &path, int rows)
{
    std::ifstream in(path.toStdString());
    std::string out;
    std::string line;
    for (int i = 0; i <= rows && std::getline(in, line); ++i)
        out += line + "\n";
    return out;
}

const char *kSmallCsv =
    "Elevation,Aspect,Wilderness_Area,Cover_Type\n"
    "2596,51,Rawah,5\n"
    "2590,56,Rawah,5\n"
    "2804,139,\"Comm,anche\",2\n"
    "2785,155,Cache,2\n";

}  // namespace

class TestFakeCloudBigQuery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        QStandardPaths::setTestModeEnabled(true);
    }

    void parsesTheQueriesTheProductAndTheCourseWrite_data()
    {
        QTest::addColumn<QString>("hashColumn");
        QTest::newRow("whole row") << QString();
        QTest::newRow("one column") << QString("Elevation");
    }
    void parsesTheQueriesTheProductAndTheCourseWrite()
    {
        QFETCH(QString, hashColumn);
        covertype::SplitSpec spec;
        spec.hashColumn = hashColumn.toStdString();
        for (const char *which : kSplits) {
            const auto sql =
                covertype::splitSql("fake-project.covertype_dataset.covertype", spec, which);
            QVERIFY(sql);
            const auto parsed = bigquery::parseSelect(*sql);
            QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
            QCOMPARE(parsed->from.project, std::string("fake-project"));
            QCOMPARE(parsed->from.dataset, std::string("covertype_dataset"));
            QCOMPARE(parsed->alias, std::string("cover"));
            QCOMPARE(parsed->where.size(), size_t(1));
            QCOMPARE(parsed->where[0].modulus, int64_t(10));
            QCOMPARE(parsed->where[0].hashColumn.has_value(), !hashColumn.isEmpty());
        }
        // The lecture's variant and course-workflow.md's template, filled in.
        for (const std::string sql :
             {"SELECT * FROM `p-1.d.t` AS cover\n"
              "WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) < 8",
              "select count(*) as n from d.t where mod(abs(farm_fingerprint(to_json_string(t))), "
              "10) between 1 and 4 and MOD(ABS(FARM_FINGERPRINT(CAST(t.Slope AS STRING))), 3) = 0;",
              "SELECT Elevation, cover.Slope FROM `d.t` cover -- comment\n"
              "WHERE (MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (8))"}) {
            const auto parsed = bigquery::parseSelect(sql);
            QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        }
    }

    void queriesOutsideTheSubsetAreRefusedWithTheirPosition_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("position");
        const QString where = "WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(c))), 10) IN (1)";
        QTest::newRow("ORDER BY") << "SELECT * FROM `d.t` AS c " + where + " ORDER BY 1"
                                  << "[1:89]";
        QTest::newRow("OR") << "SELECT * FROM d.t AS c " + where + " OR TRUE"
                            << "[1:87]";
        QTest::newRow("expression") << "SELECT Elevation + 1 FROM d.t"
                                    << "[1:18]";
        QTest::newRow("other hash")
            << "SELECT * FROM d.t c\nWHERE MOD(ABS(FARM_FINGERPRINT(c)), 10) = 1"
            << "[2:32]";
        QTest::newRow("unknown alias")
            << "SELECT * FROM d.t AS c WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(x))), 10) = 1"
            << "[1:70]";
        QTest::newRow("unknown column") << "SELECT Elevation, Nope FROM d.t"
                                        << "[1:19]";
        QTest::newRow("string literal") << "SELECT * FROM d.t WHERE 'a' = 'a'"
                                        << "[1:25]";
        QTest::newRow("two statements") << "SELECT * FROM d.t; SELECT 1"
                                        << "[1:20]";
        QTest::newRow("typo") << "SELEC * FROM d.t"
                              << "[1:1]";
    }
    void queriesOutsideTheSubsetAreRefusedWithTheirPosition()
    {
        QFETCH(QString, sql);
        QFETCH(QString, position);
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        Client client(cloud);
        const Answer a = client.call("POST", "/queries",
                                     {{"query", sql.toStdString()}, {"useLegacySql", false}});
        QCOMPARE(a.status, 400L);
        QCOMPARE(reason(a.body), std::string("invalidQuery"));
        const QString message = js(a.body["error"]["message"]);
        QVERIFY2(message.endsWith(" at " + position), qPrintable(message));
        // A job with the same query is refused at insert and creates no table.
        const json job = client.runJob(
            "bad", {{"query",
                     {{"query", sql.toStdString()},
                      {"useLegacySql", false},
                      {"destinationTable",
                       {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "out"}}}}}});
        QCOMPARE(reason(job), std::string("invalidQuery"));
        QCOMPARE(cloud.bigQueryRowCount(kProject, "d", "out"), std::optional<size_t>());
    }

    void courseSplitGivesTheProductsLotsAndFiles()
    {
        COVERTYPE_REAL_DATA(dataFile);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string head = headOf(dataFile, 3000);
        const QString headFile =
            covertype::test::writeFile(dir.path(), "head.csv", QByteArray::fromStdString(head));

        // What the product says: one lot per row, and the three exported files.
        const auto lots = covertype::test::runProcess(
            COVERTYPE_CLI, {"split", "--data", headFile, "--print-lots"});
        QCOMPARE(lots.exitCode, 0);
        std::map<std::string, size_t> expected;
        for (const QByteArray &line : lots.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const int lot = line.toInt();
            if (lot >= 1 && lot <= 4)
                ++expected["training"];
            else if (lot == 8)
                ++expected["validation"];
            else if (lot == 9)
                ++expected["testing"];
        }
        QVERIFY(expected["training"] > 1000 && expected["validation"] > 200);
        const QString out = dir.filePath("local");
        const auto exported =
            covertype::test::runProcess(COVERTYPE_CLI, {"split", "--data", headFile, "--out", out});
        QCOMPARE(exported.exitCode, 0);

        // The same in the fake BigQuery: the product's queries into destination tables, then
        // extracts to the course's layout.
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        QCOMPARE(cloud.createBigQueryTable(kProject, "covertype_dataset", "covertype", head),
                 std::string());
        QCOMPARE(cloud.bigQueryRowCount(kProject, "covertype_dataset", "covertype"),
                 std::optional<size_t>(3000));
        Client client(cloud);
        for (const char *which : kSplits) {
            const auto sql = covertype::splitSql("fake-project.covertype_dataset.covertype",
                                                 covertype::SplitSpec{}, which);
            QVERIFY(sql);
            std::vector<std::string> states;
            const json query = client.runJob(std::string("split_") + which,
                                             {{"query",
                                               {{"query", *sql},
                                                {"useLegacySql", false},
                                                {"writeDisposition", "WRITE_TRUNCATE"},
                                                {"destinationTable",
                                                 {{"projectId", kProject},
                                                  {"datasetId", "covertype_dataset"},
                                                  {"tableId", which}}}}}},
                                             &states);
            QVERIFY2(!query["status"].contains("errorResult"), query.dump().c_str());
            QCOMPARE(states, (std::vector<std::string>{"PENDING", "RUNNING", "DONE"}));
            QVERIFY(
                std::stoll(js(query["statistics"]["query"]["totalBytesProcessed"]).toStdString()) >
                3000 * 8);
            QCOMPARE(cloud.bigQueryRowCount(kProject, "covertype_dataset", which),
                     std::optional<size_t>(expected[which]));
            const Answer table =
                client.call("GET", std::string("/datasets/covertype_dataset/tables/") + which);
            QCOMPARE(table.status, 200L);
            QCOMPARE(js(table.body["numRows"]), QString::number(expected[which]));
            QCOMPARE(js(table.body["schema"]["fields"][0]),
                     QString(R"({"mode":"NULLABLE","name":"Elevation","type":"INTEGER"})"));

            const std::string object = std::string("root/datasets/") + which + "/data.csv";
            const json extract = client.runJob(std::string("extract_") + which,
                                               {{"extract",
                                                 {{"sourceTable",
                                                   {{"projectId", kProject},
                                                    {"datasetId", "covertype_dataset"},
                                                    {"tableId", which}}},
                                                  {"destinationUris", {"gs://bkt/" + object}},
                                                  {"destinationFormat", "CSV"}}}});
            QVERIFY2(!extract["status"].contains("errorResult"), extract.dump().c_str());
            QCOMPARE(js(extract["statistics"]["extract"]["destinationUriFileCounts"][0]),
                     QString("1"));
            const auto written = cloud.objectData("bkt", object);
            QVERIFY(written);
            const std::string local = readFile(out + "/datasets/" + which + "/data.csv");
            // BigQuery guarantees no row order without ORDER BY (and the fake scrambles it): the
            // extracted file holds the same header and the same rows as a multiset.
            const auto remoteLines = csvLines(*written);
            const auto localLines = csvLines(local);
            QCOMPARE(remoteLines.first, localLines.first);
            QCOMPARE(remoteLines.second.size(), expected[which]);
            QVERIFY(remoteLines.second == localLines.second);
            QVERIFY(*written != local);  // the order differs: nobody may rely on it
        }
    }

    void jobsMoveThroughTheirStatesOverPolls()
    {
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        auto settings = cloud.bigQuery().settings();
        settings.pendingPolls = 2;
        settings.runningPolls = 3;
        cloud.bigQuery().setSettings(settings);
        Client client(cloud);
        std::vector<std::string> states;
        const json job = client.runJob(
            "count", {{"query", {{"query", "SELECT COUNT(*) FROM d.t"}, {"useLegacySql", false}}}},
            &states);
        QCOMPARE(states, (std::vector<std::string>{"PENDING", "PENDING", "RUNNING", "RUNNING",
                                                   "RUNNING", "DONE"}));
        QVERIFY(job["statistics"].contains("startTime"));
        QVERIFY(job["statistics"].contains("endTime"));

        // jobs.query answers jobComplete false until the job is DONE; getQueryResults polls.
        Answer a = client.call(
            "POST", "/queries",
            {{"query", "SELECT COUNT(*) AS n FROM `fake-project.d.t`"}, {"useLegacySql", false}});
        QCOMPARE(a.status, 200L);
        QVERIFY(a.body["jobComplete"] == json(false));
        const std::string id = a.body["jobReference"]["jobId"].get<std::string>();
        int polls = 0;
        while (a.body["jobComplete"] == false && polls < 10) {
            a = client.call("GET", "/queries/" + id + "?location=US");
            ++polls;
        }
        QCOMPARE(polls, 5);
        QCOMPARE(js(a.body["schema"]["fields"][0]["name"]), QString("n"));
        QCOMPARE(js(a.body["rows"][0]["f"][0]["v"]), QString("4"));
        QCOMPARE(js(a.body["totalRows"]), QString("1"));

        // Cancelling a running job ends it, stopped, with no destination written.
        const Answer inserted = client.call(
            "POST", "/jobs",
            {{"jobReference", {{"jobId", "to_cancel"}}},
             {"configuration",
              {{"query",
                {{"query", "SELECT * FROM d.t"},
                 {"useLegacySql", false},
                 {"destinationTable",
                  {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "never"}}}}}}}});
        QCOMPARE(inserted.status, 200L);
        const Answer cancelled = client.call("POST", "/jobs/to_cancel/cancel");
        QCOMPARE(cancelled.status, 200L);
        QCOMPARE(js(cancelled.body["job"]["status"]["state"]), QString("DONE"));
        QCOMPARE(js(cancelled.body["job"]["status"]["errorResult"]["reason"]), QString("stopped"));
        QCOMPARE(cloud.bigQueryRowCount(kProject, "d", "never"), std::optional<size_t>());
    }

    void aJobIdIsUsedOnce()
    {
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        Client client(cloud);
        const json body = {
            {"jobReference", {{"projectId", kProject}, {"jobId", "once-1"}}},
            {"configuration",
             {{"query", {{"query", "SELECT * FROM d.t"}, {"useLegacySql", false}}}}}};
        QCOMPARE(client.call("POST", "/jobs", body).status, 200L);
        const Answer again = client.call("POST", "/jobs", body);
        QCOMPARE(again.status, 409L);
        QCOMPARE(reason(again.body), std::string("duplicate"));
        QCOMPARE(js(again.body["error"]["message"]),
                 QString("Already Exists: Job fake-project:US.once-1"));
        // Ids BigQuery would refuse, and the job's location when asked elsewhere.
        json bad = body;
        bad["jobReference"]["jobId"] = "no spaces";
        QCOMPARE(client.call("POST", "/jobs", bad).status, 400L);
        QCOMPARE(client.call("GET", "/jobs/once-1?location=EU").status, 404L);
        QCOMPARE(client.call("GET", "/jobs/once-1").status, 200L);
    }

    void configurationsAreCheckedStrictly_data()
    {
        QTest::addColumn<QString>("configuration");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown query field")
            << R"({"query":{"query":"SELECT * FROM d.t","useLegacySql":false,"destinationTabel":{}}})"
            << "Unknown name \"destinationTabel\"";
        QTest::newRow("unknown top-level field")
            << R"({"querry":{"query":"SELECT * FROM d.t","useLegacySql":false}})"
            << "Unknown name \"querry\"";
        QTest::newRow("legacy SQL by default") << R"({"query":{"query":"SELECT * FROM d.t"}})"
                                               << "legacy SQL";
        QTest::newRow("known but not implemented")
            << R"({"query":{"query":"SELECT * FROM d.t","useLegacySql":false,"clustering":{"fields":["Slope"]}}})"
            << "does not implement job.configuration.query.clustering";
        QTest::newRow("wrong type")
            << R"({"query":{"query":"SELECT * FROM d.t","useLegacySql":"no"}})"
            << "TYPE_BOOL";
        QTest::newRow("bad disposition")
            << R"({"query":{"query":"SELECT * FROM d.t","useLegacySql":false,"writeDisposition":"WRITE_OVER"}})"
            << "writeDisposition";
        QTest::newRow("extract format")
            << R"({"extract":{"sourceTable":{"projectId":"fake-project","datasetId":"d","tableId":"t"},"destinationUris":["gs://b/x.json"],"destinationFormat":"NEWLINE_DELIMITED_JSON"}})"
            << "destinationFormat";
        QTest::newRow("load from a local path")
            << R"({"load":{"sourceUris":["/tmp/x.csv"],"destinationTable":{"projectId":"fake-project","datasetId":"d","tableId":"t"}}})"
            << "Google Cloud Storage";
    }
    void configurationsAreCheckedStrictly()
    {
        QFETCH(QString, configuration);
        QFETCH(QString, message);
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        Client client(cloud);
        const Answer a = client.call("POST", "/jobs",
                                     {{"configuration", json::parse(configuration.toStdString())}});
        QCOMPARE(a.status, 400L);
        QCOMPARE(reason(a.body), std::string("invalid"));
        QVERIFY2(js(a.body["error"]["message"]).contains(message), a.body.dump().c_str());
    }

    void loadJobsReadCloudStorage()
    {
        FakeGoogleCloud cloud;
        cloud.putObject("bkt", "in/part-1.csv", kSmallCsv);
        cloud.putObject("bkt", "in/part-2.csv",
                        "Elevation,Aspect,Wilderness_Area,Cover_Type\n3000,1,Neota,7\n");
        Client client(cloud);
        QCOMPARE(
            client.call("POST", "/datasets", {{"datasetReference", {{"datasetId", "d"}}}}).status,
            200L);
        const json dest = {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "loaded"}};
        json load = client.runJob("load_ok", {{"load",
                                               {{"sourceUris", {"gs://bkt/in/part-*.csv"}},
                                                {"destinationTable", dest},
                                                {"sourceFormat", "CSV"},
                                                {"autodetect", true}}}});
        QVERIFY2(!load["status"].contains("errorResult"), load.dump().c_str());
        QCOMPARE(js(load["statistics"]["load"]["outputRows"]), QString("5"));
        const Answer table = client.call("GET", "/datasets/d/tables/loaded");
        QCOMPARE(js(table.body["schema"]["fields"]),
                 QString(R"([{"mode":"NULLABLE","name":"Elevation","type":"INTEGER"},)"
                         R"({"mode":"NULLABLE","name":"Aspect","type":"INTEGER"},)"
                         R"({"mode":"NULLABLE","name":"Wilderness_Area","type":"STRING"},)"
                         R"({"mode":"NULLABLE","name":"Cover_Type","type":"INTEGER"}])"));
        QCOMPARE(cloud.bigQueryTableCsv(kProject, "d", "loaded"),
                 std::optional<std::string>(std::string(kSmallCsv) + "3000,1,Neota,7\n"));

        // A cell of the wrong type: the job ends DONE, errorResult set and errors[] naming the
        // object, line and column; the table keeps its rows.
        cloud.putObject("bkt", "bad.csv", "e,a\n1,2\n3,x4\n");
        load =
            client.runJob("load_bad", {{"load",
                                        {{"sourceUris", {"gs://bkt/bad.csv"}},
                                         {"destinationTable", dest},
                                         {"skipLeadingRows", 1},
                                         {"schema",
                                          {{"fields",
                                            {{{"name", "Elevation"}, {"type", "INTEGER"}},
                                             {{"name", "Aspect"}, {"type", "INT64"}},
                                             {{"name", "Wilderness_Area"}, {"type", "STRING"}},
                                             {{"name", "Cover_Type"}, {"type", "INTEGER"}}}}}}}}});
        QCOMPARE(js(load["status"]["state"]), QString("DONE"));
        QCOMPARE(js(load["status"]["errorResult"]["reason"]), QString("invalid"));
        // The schema has 4 columns, the file 2: the first row is refused.
        QVERIFY2(js(load["status"]["errors"][1]["message"]).contains("gs://bkt/bad.csv:2"),
                 load.dump().c_str());
        cloud.putObject("bkt", "bad2.csv", "Elevation,Aspect\n1,2\n3,x4\n");
        load = client.runJob("load_bad_cell",
                             {{"load",
                               {{"sourceUris", {"gs://bkt/bad2.csv"}},
                                {"destinationTable",
                                 {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "two"}}},
                                {"skipLeadingRows", 1},
                                {"schema",
                                 {{"fields",
                                   {{{"name", "e"}, {"type", "INTEGER"}},
                                    {{"name", "a"}, {"type", "INTEGER"}}}}}}}}});
        QCOMPARE(js(load["status"]["errorResult"]["reason"]), QString("invalid"));
        const QString detail = js(load["status"]["errors"][1]["message"]);
        QVERIFY2(detail.contains("gs://bkt/bad2.csv:3, column 2 'a'") && detail.contains("x4"),
                 qPrintable(detail));
        QCOMPARE(js(load["status"]["errors"][1]["location"]), QString("gs://bkt/bad2.csv"));
        QCOMPARE(cloud.bigQueryRowCount(kProject, "d", "two"), std::optional<size_t>());
        QCOMPARE(cloud.bigQueryRowCount(kProject, "d", "loaded"), std::optional<size_t>(5));

        // A missing object fails the job, not the insert.
        load = client.runJob("load_missing", {{"load",
                                               {{"sourceUris", {"gs://bkt/none.csv"}},
                                                {"destinationTable", dest},
                                                {"autodetect", true}}}});
        QCOMPARE(js(load["status"]["errorResult"]["reason"]), QString("notFound"));
    }

    void extractToAMissingBucketFailsTheJob()
    {
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        Client client(cloud);
        const json job = client.runJob(
            "x",
            {{"extract",
              {{"sourceTable", {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "t"}}},
               {"destinationUris", {"gs://nobucket/out-*.csv"}}}}});
        QCOMPARE(js(job["status"]["state"]), QString("DONE"));
        QCOMPARE(js(job["status"]["errorResult"]["reason"]), QString("notFound"));
        // With the bucket, the wildcard becomes the first shard's number; tab-separated, no
        // header.
        cloud.createBucket("nobucket");
        const json ok = client.runJob(
            "y",
            {{"extract",
              {{"sourceTable", {{"projectId", kProject}, {"datasetId", "d"}, {"tableId", "t"}}},
               {"destinationUris", {"gs://nobucket/out-*.csv"}},
               {"printHeader", false},
               {"fieldDelimiter", "\t"}}}});
        QVERIFY2(!ok["status"].contains("errorResult"), ok.dump().c_str());
        const auto data = cloud.objectData("nobucket", "out-000000000000.csv");
        QVERIFY(data);
        QVERIFY(csvLines("h\n" + *data).second ==
                (std::multiset<std::string>{"2596\t51\tRawah\t5", "2590\t56\tRawah\t5",
                                            "2804\t139\tComm,anche\t2", "2785\t155\tCache\t2"}));
    }

    void datasetsTablesAndResultPages()
    {
        FakeGoogleCloud cloud;
        Client client(cloud);
        QCOMPARE(client.call("GET", "/datasets", nullptr, false).status, 401L);
        Answer a = client.call("POST", "/datasets",
                               {{"datasetReference", {{"projectId", kProject}, {"datasetId", "d"}}},
                                {"location", "EU"}});
        QCOMPARE(a.status, 200L);
        QCOMPARE(js(a.body["id"]), QString("fake-project:d"));
        a = client.call("POST", "/datasets", {{"datasetReference", {{"datasetId", "d"}}}});
        QCOMPARE(a.status, 409L);
        QCOMPARE(reason(a.body), std::string("duplicate"));
        a = client.call("POST", "/datasets", {{"datasetReference", {{"datasetId", "bad-name"}}}});
        QCOMPARE(a.status, 400L);
        a = client.call("GET", "/datasets");
        QCOMPARE(a.body["datasets"].size(), size_t(1));
        QCOMPARE(js(a.body["datasets"][0]["location"]), QString("EU"));
        a = client.call("GET", "/datasets/nope");
        QCOMPARE(a.status, 404L);
        QCOMPARE(reason(a.body), std::string("notFound"));
        QCOMPARE(js(a.body["error"]["message"]), QString("Not found: Dataset fake-project:nope"));

        // A table in the EU: a job in the US does not find it; one in the EU does.
        std::string rows = "n,s\n";
        for (int i = 0; i < 25; ++i)
            rows += std::to_string(i) + ",v" + std::to_string(i) + "\n";
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", rows), std::string());
        a = client.call(
            "POST", "/queries",
            {{"query", "SELECT s, n FROM d.t"}, {"useLegacySql", false}, {"location", "US"}});
        QCOMPARE(a.status, 404L);
        auto settings = cloud.bigQuery().settings();
        settings.pendingPolls = 0;
        settings.runningPolls = 0;
        cloud.bigQuery().setSettings(settings);
        a = client.call(
            "POST", "/queries",
            {{"query", "SELECT s, n FROM d.t"}, {"useLegacySql", false}, {"maxResults", 10}});
        QCOMPARE(a.status, 200L);
        QVERIFY(a.body["jobComplete"] == json(true));
        QCOMPARE(js(a.body["jobReference"]["location"]), QString("EU"));
        QCOMPARE(js(a.body["totalRows"]), QString("25"));
        QCOMPARE(js(a.body["schema"]["fields"][0]["name"]), QString("s"));
        std::set<std::string> seen;
        json page = a.body;
        const std::string id = js(a.body["jobReference"]["jobId"]).toStdString();
        for (int pages = 1;; ++pages) {
            QVERIFY(page["rows"].size() <= 10);
            for (const auto &row : page["rows"])
                seen.insert(row["f"][0]["v"].get<std::string>() + "=" +
                            row["f"][1]["v"].get<std::string>());
            if (!page.contains("pageToken")) {
                QCOMPARE(pages, 3);
                break;
            }
            page = client
                       .call("GET", "/queries/" + id + "?location=EU&maxResults=10&pageToken=" +
                                        page["pageToken"].get<std::string>())
                       .body;
        }
        QCOMPARE(seen.size(), size_t(25));
        QVERIFY(seen.contains("v7=7"));
        QCOMPARE(client.call("GET", "/queries/" + id + "?location=EU&pageToken=zz").status, 400L);

        a = client.call("DELETE", "/datasets/d");
        QCOMPARE(a.status, 400L);  // it still holds a table
        QCOMPARE(client.call("DELETE", "/datasets/d/tables/t").status, 204L);
        QCOMPARE(client.call("GET", "/datasets/d/tables/t").status, 404L);
        QCOMPARE(client.call("DELETE", "/datasets/d").status, 204L);
    }

    void faultsReachBigQueryRoutes()
    {
        FakeGoogleCloud cloud;
        QCOMPARE(cloud.createBigQueryTable(kProject, "d", "t", kSmallCsv), std::string());
        cloud.addFault({.method = "POST",
                        .pathRegex = "/bigquery/v2/projects/[^/]+/jobs$",
                        .times = 1,
                        .status = 503,
                        .afterHandling = true});
        Client client(cloud);
        const json body = {
            {"jobReference", {{"jobId", "retried"}}},
            {"configuration",
             {{"query", {{"query", "SELECT * FROM d.t"}, {"useLegacySql", false}}}}}};
        // The insert succeeded but its answer was lost: the retry with the same id is a 409,
        // which tells the client its job exists.
        QCOMPARE(client.call("POST", "/jobs", body).status, 503L);
        QCOMPARE(client.call("POST", "/jobs", body).status, 409L);
        QCOMPARE(client.call("GET", "/jobs/retried").status, 200L);
    }

    void theRealBqClient()
    {
        const QString bq = QStandardPaths::findExecutable("bq");
        if (bq.isEmpty())
            QSKIP("bq (the BigQuery CLI of the Google Cloud CLI) is not on PATH");
        // bq reads its API description from a discovery document: the one the installed bq
        // carries (the fake serves none).
        const QString discovery = QFileInfo(QFileInfo(bq).canonicalFilePath())
                                      .dir()
                                      .filePath("../platform/bq/discovery_next/bigquery.json");
        if (!QFileInfo::exists(discovery))
            QSKIP("the installed bq has no discovery_next/bigquery.json");
        QTemporaryDir dir;
        FakeGoogleCloud cloud;
        cloud.createBucket("bkt");
        QCOMPARE(cloud.createBigQueryTable(kProject, "covertype_dataset", "covertype", kSmallCsv),
                 std::string());
        const QProcessEnvironment env = isolatedGcloudEnvironment(cloud, dir.path());
        // CLOUDSDK_API_ENDPOINT_OVERRIDES_BIGQUERY (.../bigquery/v2/, right for gcloud) is a
        // root URL to bq, which appends bigquery/v2/ again: bq gets the root itself.
        const QStringList common = {"--api=" + QString::fromStdString(cloud.baseUrl()),
                                    "--discovery_file=" + discovery, "--project_id=fake-project",
                                    "--quiet", "--format=json"};
        auto run = [&](const QStringList &args) {
            return covertype::test::runProcess(bq, common + args, env, 120'000);
        };

        const auto ls = run({"ls"});
        QVERIFY2(ls.exitCode == 0, ls.err.constData());
        QVERIFY2(ls.out.contains("covertype_dataset"), ls.out.constData());

        const auto query =
            run({"query", "--use_legacy_sql=false",
                 "SELECT COUNT(*) AS n FROM `fake-project.covertype_dataset.covertype` "
                 "AS cover WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), "
                 "10) < 10"});
        QVERIFY2(query.exitCode == 0, (query.out + query.err).constData());
        QVERIFY2(
            json::parse(query.out.toStdString(), nullptr, false) == json::parse(R"([{"n":"4"}])"),
            query.out.constData());

        const auto bad = run({"query", "--use_legacy_sql=false", "SELECT 1 + 1"});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2((bad.out + bad.err).contains("at [1:8]"), (bad.out + bad.err).constData());

        const auto extract = run({"extract", "covertype_dataset.covertype", "gs://bkt/x/data.csv"});
        QVERIFY2(extract.exitCode == 0, (extract.out + extract.err).constData());
        const auto extracted = cloud.objectData("bkt", "x/data.csv");
        QVERIFY(extracted);
        QVERIFY(csvLines(*extracted) == csvLines(kSmallCsv));

        const auto load = run({"load", "--source_format=CSV", "--autodetect",
                               "covertype_dataset.copy", "gs://bkt/x/data.csv"});
        QVERIFY2(load.exitCode == 0, (load.out + load.err).constData());
        const auto show = run({"show", "covertype_dataset.copy"});
        QVERIFY2(show.exitCode == 0, show.err.constData());
        const json table = json::parse(show.out.toStdString(), nullptr, false);
        QCOMPARE(js(table["numRows"]), QString("4"));
        QCOMPARE(js(table["schema"]["fields"][2]["type"]), QString("STRING"));
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudBigQuery)
#include "tst_fakecloud_bigquery.moc"
