// The BigQuery client against the fake: a query into a table polled to DONE, an insert whose
// answer was lost counted as one job, a failed job's reason, names parsed, and a stop cancelling
// the job it waits for.
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#include "api/apiclient.h"
#include "bigquery/bigqueryclient.h"
#include "fakegooglecloud.h"

using namespace covertype;
using namespace covertype::cloud;
using covertype::fakecloud::FakeGoogleCloud;
using covertype::fakecloud::FaultRule;
using namespace std::chrono_literals;

namespace {

const char *kCsv = "id,name,score\n1,a,0.5\n2,b,1.5\n3,c,2.5\n4,d,3.5\n5,e,4.5\n";

struct Fixture
{
    FakeGoogleCloud fake;
    QTemporaryDir dir;
    std::shared_ptr<TokenProvider> tokens;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<BigQueryClient> bigquery;

    explicit Fixture(std::stop_token stop = {})
    {
        const std::string key = dir.filePath("key.json").toStdString();
        fake.writeServiceAccountKey(key);
        tokens = std::make_shared<TokenProvider>(std::move(*credentialsFromFile(key)));
        RetryPolicy policy;
        policy.initialDelay = 10ms;
        policy.maxDelay = 100ms;
        api = std::make_unique<ApiClient>(tokens, policy, stop);
        bigquery = std::make_unique<BigQueryClient>(*api, fake.baseUrl() + "/", "fake-project");
        QVERIFY(fake.createBigQueryTable("fake-project", "lab", "scores", kCsv).empty());
    }
    size_t jobInserts() const
    {
        size_t n = 0;
        for (const auto &r : fake.requests())
            n += r.method == "POST" &&
                 r.target.starts_with("/bigquery/v2/projects/fake-project/jobs");
        return n;
    }
};

const char *msg(const auto &e)
{
    return e ? "" : e.error().message.c_str();
}

}  // namespace

class TestBigQueryClient : public QObject
{
    Q_OBJECT

private slots:
    void tableNames()
    {
        auto t = parseBigQueryTable("my-project.covertype_dataset.covertype");
        QVERIFY(t.has_value());
        QCOMPARE(t->project, std::string("my-project"));
        QCOMPARE(t->dataset, std::string("covertype_dataset"));
        QCOMPARE(t->table, std::string("covertype"));
        QCOMPARE(parseBigQueryTable("my-project:lab.t")->dataset, std::string("lab"));
        QVERIFY(!parseBigQueryTable("lab.t").has_value());
        QVERIFY(!parseBigQueryTable("my-project.la b.t").has_value());
        QVERIFY(parseBigQueryTable("x.y").error().message.find("PROJECT.DATASET.TABLE") !=
                std::string::npos);
    }

    void queryIntoATable()
    {
        Fixture f;
        std::vector<std::string> states;
        f.bigquery->setProgress([&](const std::string &line) { states.push_back(line); });
        auto job = f.bigquery->query(
            "SELECT * FROM `fake-project.lab.scores` AS t WHERE "
            "MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(t))), 2) IN (0, 1)",
            {"fake-project", "lab", "copy"}, "covertype_test");
        QVERIFY2(job.has_value(), msg(job));
        QCOMPARE(job->state, std::string("DONE"));
        QVERIFY(job->id.starts_with("covertype_test_"));
        QCOMPARE(*f.bigquery->tableRows({"fake-project", "lab", "copy"}), int64_t(5));
        QVERIFY(states.size() >= 2);  // it was polled through its states
        QVERIFY(states.back().ends_with(": DONE"));
        QCOMPARE(f.jobInserts(), size_t(1));
    }

    /// The insert reached the service but its answer was lost (503 after the job was made): the
    /// retry meets 409 duplicate for the same job id and takes that job: one job, not two.
    void lostInsertAnswerIsOneJob()
    {
        Fixture f;
        FaultRule lost;
        lost.method = "POST";
        lost.pathRegex = "^/bigquery/v2/projects/fake-project/jobs$";
        lost.status = 503;
        lost.afterHandling = true;
        f.fake.addFault(lost);
        auto job = f.bigquery->query("SELECT * FROM `fake-project.lab.scores`",
                                     {"fake-project", "lab", "once"}, "covertype_test");
        QVERIFY2(job.has_value(), msg(job));
        QCOMPARE(f.jobInserts(), size_t(2));
        QCOMPARE(*f.bigquery->tableRows({"fake-project", "lab", "once"}), int64_t(5));
    }

    void failedJobSaysWhy()
    {
        Fixture f;
        auto job = f.bigquery->query("SELECT * FROM `fake-project.lab.nothing`",
                                     {"fake-project", "lab", "x"}, "covertype_test");
        QVERIFY(!job.has_value());
        QVERIFY2(job.error().message.find("nothing") != std::string::npos, msg(job));
        auto missing = f.bigquery->tableRows({"fake-project", "lab", "absent"});
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void extractAndLoad()
    {
        Fixture f;
        f.fake.createBucket("course-bucket");
        auto extracted = f.bigquery->extract({"fake-project", "lab", "scores"},
                                             "gs://course-bucket/out/scores.csv", "covertype_test");
        QVERIFY2(extracted.has_value(), msg(extracted));
        const auto csv = f.fake.objectData("course-bucket", "out/scores.csv");
        QVERIFY(csv.has_value());
        QVERIFY2(csv->starts_with("id,name,score\n"), csv->c_str());
        QVERIFY(f.bigquery->ensureDataset("fake-project", "staging").has_value());
        QVERIFY(f.bigquery->ensureDataset("fake-project", "staging").has_value());  // exists: fine
        auto loaded = f.bigquery->load(
            {"gs://course-bucket/out/scores.csv"}, {"fake-project", "staging", "scores"},
            {{"id", "INT64"}, {"name", "STRING"}, {"score", "FLOAT64"}}, "covertype_test");
        QVERIFY2(loaded.has_value(), msg(loaded));
        QCOMPARE(f.fake.bigQueryRowCount("fake-project", "staging", "scores").value_or(0),
                 size_t(5));
    }

    void stopCancelsTheJob()
    {
        std::stop_source stop;
        Fixture f(stop.get_token());
        // The fake's jobs take several polls; the first poll comes after 0.5 s, so the stop at
        // 0.3 s finds the client waiting.
        std::jthread canceller([&stop] {
            std::this_thread::sleep_for(300ms);
            stop.request_stop();
        });
        auto job = f.bigquery->query("SELECT * FROM `fake-project.lab.scores`",
                                     {"fake-project", "lab", "c"}, "covertype_test");
        QVERIFY(!job.has_value());
        QCOMPARE(job.error().code, ErrorCode::Cancelled);
        bool cancelled = false;
        for (const auto &r : f.fake.requests())
            cancelled = cancelled || r.target.find("/cancel") != std::string::npos;
        QVERIFY(cancelled);
    }
};

QTEST_GUILESS_MAIN(TestBigQueryClient)
#include "tst_bigqueryclient.moc"
