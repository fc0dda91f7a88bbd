// Tests for the Vertex AI price table and the two tuning modes' time and cost estimates.
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "costs/pricetable.h"
#include "costs/tuningestimate.h"
#include "testsupport.h"
#include "training/trainer.h"

using namespace covertype;
using nlohmann::json;

namespace {

/// A small valid table: m4 (4 vCPUs, 0.19/h) and m2 (2 vCPUs, 0.10/h) in test-region.
json fixture()
{
    return json::parse(R"({
      "format": "covertype-vertex-prices/1",
      "as_of": "2026-12-05",
      "currency": "USD",
      "source": "written for the test",
      "overheads": {"vm_start_seconds": 240, "vm_start_billed_seconds": 240,
                    "billing_increment_seconds": 1},
      "machines": {"m4": {"vcpus": 4}, "m2": {"vcpus": 2, "memory_gb": 8}, "p2": {"vcpus": 2}},
      "regions": {
        "test-region": {"training": {"m4": {"hourly": 0.19}, "m2": {"hourly": 0.10}},
                        "prediction": {"p2": {"hourly": 0.05}}},
        "other-region": {"training": {"m4": {"hourly": 0.25}}}
      }
    })");
}

PriceTable table(const json &doc = fixture())
{
    auto t = parsePriceTable(doc.dump(), "f.json");
    if (!t)
        qFatal("fixture does not parse: %s", t.error().message.c_str());
    return *t;
}

TuningSpec spec(int trials, int parallel)
{
    TuningSpec s;
    s.maxTrials = trials;
    s.maxParallelTrials = parallel;
    return s;
}

/// Restores an environment variable when the test ends.
struct EnvGuard
{
    explicit EnvGuard(const char *variable)
        : name(variable), old(qgetenv(variable)), had(qEnvironmentVariableIsSet(variable))
    {
    }
    ~EnvGuard()
    {
        if (had)
            qputenv(name, old);
        else
            qunsetenv(name);
    }
    const char *name;
    QByteArray old;
    bool had;
};

}  // namespace

class TestTuningEstimate : public QObject
{
    Q_OBJECT

private slots:
    void parsesFixture()
    {
        const PriceTable t = table();
        QCOMPARE(t.asOf, std::string("2026-12-05"));
        QCOMPARE(t.currency, std::string("USD"));
        QCOMPARE(t.overheads.startSeconds, 240.0);
        QCOMPARE(t.overheads.billingIncrementSeconds, 1);
        auto m4 = t.training("test-region", "m4");
        QVERIFY(m4);
        QCOMPARE(m4->vcpus, 4);
        QCOMPARE(m4->hourly, 0.19);
        auto p2 = t.prediction("test-region", "p2");
        QVERIFY(p2);
        QCOMPARE(p2->hourly, 0.05);
        QVERIFY(!t.training("test-region", "p2"));  // prediction prices are not training prices
    }

    void badFile_data()
    {
        QTest::addColumn<QString>("pointer");  // JSON pointer to change, or "" for the text
        QTest::addColumn<QString>("value");    // JSON text to put there, or "-" to remove it
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << ""
                                  << "{\"as_of\": "
                                  << "f.json: not valid JSON";
        QTest::newRow("top not object") << ""
                                        << "[1]"
                                        << "f.json: (top level): expected an object, found [1]";
        QTest::newRow("hourly text")
            << "/regions/test-region/training/m4/hourly"
            << "\"abc\""
            << "f.json: regions.test-region.training.m4.hourly: expected a number, found \"abc\"";
        QTest::newRow("hourly negative")
            << "/regions/test-region/training/m4/hourly"
            << "-1"
            << "f.json: regions.test-region.training.m4.hourly: expected a number from 0 to "
               "10000, found -1";
        QTest::newRow("hourly missing")
            << "/regions/test-region/training/m4/hourly"
            << "-"
            << "f.json: regions.test-region.training.m4.hourly: required";
        QTest::newRow("hourly misspelt")
            << "/regions/test-region/training/m4/hourely"
            << "1"
            << "f.json: regions.test-region.training.m4.hourely: unknown field";
        QTest::newRow("as_of missing") << "/as_of"
                                       << "-"
                                       << "f.json: as_of: required";
        QTest::newRow("as_of not a date")
            << "/as_of"
            << "\"2026-13-01\""
            << "f.json: as_of: expected a date YYYY-MM-DD, found \"2026-13-01\"";
        QTest::newRow("currency") << "/currency"
                                  << "\"usd\""
                                  << "f.json: currency: expected a currency code";
        QTest::newRow("source empty") << "/source"
                                      << "\"\""
                                      << "f.json: source: expected a non-empty string";
        QTest::newRow("format") << "/format"
                                << "\"v2\""
                                << "f.json: format: expected";
        QTest::newRow("unknown top field") << "/regoins"
                                           << "{}"
                                           << "f.json: regoins: unknown field";
        QTest::newRow("overheads missing") << "/overheads"
                                           << "-"
                                           << "f.json: overheads: required";
        QTest::newRow("start text")
            << "/overheads/vm_start_seconds"
            << "\"4 min\""
            << "f.json: overheads.vm_start_seconds: expected a number, found \"4 min\"";
        QTest::newRow("billed above start")
            << "/overheads/vm_start_billed_seconds"
            << "300"
            << "f.json: overheads.vm_start_billed_seconds: expected at most vm_start_seconds";
        QTest::newRow("increment zero")
            << "/overheads/billing_increment_seconds"
            << "0"
            << "f.json: overheads.billing_increment_seconds: expected a whole number from 1";
        QTest::newRow("vcpus fraction") << "/machines/m4/vcpus"
                                        << "2.5"
                                        << "f.json: machines.m4.vcpus: expected a whole number";
        QTest::newRow("vcpus zero") << "/machines/m4/vcpus"
                                    << "0"
                                    << "f.json: machines.m4.vcpus: expected a whole number";
        QTest::newRow("machines missing") << "/machines"
                                          << "-"
                                          << "f.json: machines: required";
        QTest::newRow("machine without vcpus") << "/regions/test-region/training/m8"
                                               << "{\"hourly\": 1}"
                                               << "f.json: regions.test-region.training.m8: "
                                                  "machine type not listed under \"machines\"";
        QTest::newRow("region not object") << "/regions/test-region"
                                           << "3"
                                           << "f.json: regions.test-region: expected an object";
        QTest::newRow("no regions") << "/regions"
                                    << "{}"
                                    << "f.json: regions: expected at least one region";
    }

    void badFile()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, message);
        std::string text;
        if (pointer.isEmpty()) {
            text = value.toStdString();
        } else {
            json doc = fixture();
            const json::json_pointer at(pointer.toStdString());
            if (value == "-")
                doc.at(at.parent_pointer()).erase(at.back());
            else
                doc[at] = json::parse(value.toStdString());
            text = doc.dump();
        }
        auto t = parsePriceTable(text, "f.json");
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::Parse);
        QVERIFY2(QString::fromStdString(t.error().message).startsWith(message),
                 t.error().message.c_str());
    }

    void unknownRegionOrMachineListsKnownOnes()
    {
        const PriceTable t = table();
        auto region = t.training("mars-north1", "m4");
        QVERIFY(!region);
        QCOMPARE(region.error().code, ErrorCode::NotFound);
        QVERIFY2(region.error().message.find("'mars-north1' (known: other-region, test-region)") !=
                     std::string::npos,
                 region.error().message.c_str());
        auto machine = estimateTuning(spec(2, 1), t, {"other-region", "m2", 60});
        QVERIFY(!machine);
        QVERIFY2(
            machine.error().message.find("'m2' in other-region (known: m4)") != std::string::npos,
            machine.error().message.c_str());
    }

    void loadsFilesAndTheEnvironmentOverride()
    {
        QTemporaryDir dir;
        json cheap = fixture();
        cheap["as_of"] = "2020-01-02";
        const QString path =
            test::writeFile(dir.path(), "prices.json", QByteArray::fromStdString(cheap.dump()));
        const QString other =
            test::writeFile(dir.path(), "other.json", QByteArray::fromStdString(fixture().dump()));
        EnvGuard guard(kPriceFileVariable);

        qputenv(kPriceFileVariable, path.toLocal8Bit());
        auto fromEnv = loadConfiguredPriceTable();
        QVERIFY2(fromEnv, fromEnv ? "" : fromEnv.error().message.c_str());
        QCOMPARE(fromEnv->asOf, std::string("2020-01-02"));
        QCOMPARE(fromEnv->file, path.toStdString());
        auto explicitPath = loadConfiguredPriceTable(other.toStdString());  // wins over the env
        QVERIFY(explicitPath);
        QCOMPARE(explicitPath->asOf, std::string("2026-12-05"));

        qputenv(kPriceFileVariable, (dir.path() + "/missing.json").toLocal8Bit());
        auto missing = loadConfiguredPriceTable();
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::Io);
        QVERIFY(missing.error().message.find("missing.json: cannot open") != std::string::npos);
        QVERIFY(missing.error().message.find(kPriceFileVariable) != std::string::npos);
    }

    void shippedFileCoversTheDocumentedMachines()
    {
        EnvGuard guard(kPriceFileVariable);
        qunsetenv(kPriceFileVariable);
        auto t = loadConfiguredPriceTable();
        QVERIFY2(t, t ? "" : t.error().message.c_str());
        QCOMPARE(t->file, std::string("vertex-prices.json (built in)"));
        QCOMPARE(t->currency, std::string("USD"));
        QVERIFY(t->source.find("https://cloud.google.com/vertex-ai/pricing") != std::string::npos);
        QVERIFY(t->overheads.startSeconds >= 60 && t->overheads.startSeconds <= 600);
        const std::map<std::string, int> vcpus = {{"n1-standard-4", 4},   {"n1-standard-8", 8},
                                                  {"n1-standard-16", 16}, {"e2-standard-4", 4},
                                                  {"e2-standard-8", 8},   {"n1-highmem-8", 8}};
        for (const char *region : {"us-central1", "europe-west1", "asia-northeast3"}) {
            for (const auto &[machine, cpus] : vcpus) {
                auto price = t->training(region, machine);
                QVERIFY2(price, price ? "" : price.error().message.c_str());
                QCOMPARE(price->vcpus, cpus);
                QVERIFY2(price->hourly > 0.05 && price->hourly < 5, machine.c_str());
            }
            for (const char *machine : {"n1-standard-2", "n1-standard-4"}) {
                auto price = t->prediction(region, machine);
                QVERIFY2(price, price ? "" : price.error().message.c_str());
                QVERIFY(price->hourly > 0.05 && price->hourly < 1);
            }
        }
        // Prices scale with the machine: twice the vCPUs, twice the price (within a cent).
        QVERIFY(std::abs(t->training("us-central1", "n1-standard-8")->hourly -
                         2 * t->training("us-central1", "n1-standard-4")->hourly) < 0.01);
    }

    void bothModesHandComputed_data()
    {
        QTest::addColumn<int>("trials");
        QTest::addColumn<int>("parallel");
        QTest::addColumn<QString>("machine");
        QTest::addColumn<double>("trialSeconds");
        QTest::addColumn<int>("rounds");
        QTest::addColumn<double>("studyWall");
        QTest::addColumn<double>("studyBilled");
        QTest::addColumn<double>("jobWall");
        QTest::addColumn<double>("jobBilled");
        // 4 rounds of 300 s; 20 VMs x 300 s. Job: 5 trials on 4 vCPUs take 75 s a round.
        QTest::newRow("20 trials, 5 at a time")
            << 20 << 5 << "m4" << 60.0 << 4 << 1200.0 << 6000.0 << 540.0 << 540.0;
        // Parallel above trials: one round of 3, the job's 4 vCPUs are not all used.
        QTest::newRow("parallel > trials")
            << 3 << 10 << "m4" << 60.0 << 1 << 300.0 << 900.0 << 300.0 << 300.0;
        QTest::newRow("one trial")
            << 1 << 1 << "m4" << 60.0 << 1 << 300.0 << 300.0 << 300.0 << 300.0;
        // Rounds of 3, 3, 1 on 2 vCPUs: 150 + 150 + 100 s of compute.
        QTest::newRow("uneven last round")
            << 7 << 3 << "m2" << 100.0 << 3 << 1020.0 << 2380.0 << 640.0 << 640.0;
    }

    void bothModesHandComputed()
    {
        QFETCH(int, trials);
        QFETCH(int, parallel);
        QFETCH(QString, machine);
        QFETCH(double, trialSeconds);
        QFETCH(int, rounds);
        QFETCH(double, studyWall);
        QFETCH(double, studyBilled);
        QFETCH(double, jobWall);
        QFETCH(double, jobBilled);
        const PriceTable t = table();
        auto e = estimateTuning(spec(trials, parallel), t,
                                {"test-region", machine.toStdString(), trialSeconds});
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        const double hourly = machine == "m4" ? 0.19 : 0.10;
        QCOMPARE(e->rounds, rounds);
        QCOMPARE(e->parallel, std::min(trials, parallel));
        QCOMPARE(e->study.machines, trials);
        QCOMPARE(e->study.wallSeconds, studyWall);
        QCOMPARE(e->study.billedSeconds, studyBilled);
        QCOMPARE(e->study.cost, studyBilled / 3600 * hourly);
        QCOMPARE(e->job.machines, 1);
        QCOMPARE(e->job.wallSeconds, jobWall);
        QCOMPARE(e->job.billedSeconds, jobBilled);
        QCOMPARE(e->job.cost, jobBilled / 3600 * hourly);
        QVERIFY(!e->study.assumptions.empty() && !e->job.assumptions.empty());
    }

    void courseCaseInMoney()
    {
        // 20 trials, 5 parallel, 60 s/trial, 240 s start, 0.19/h: 6000 s = 1.6667 VM-h = 0.31667;
        // job mode 540 s = 0.15 VM-h = 0.0285.
        auto e = estimateTuning(spec(20, 5), table(), {"test-region", "m4", 60});
        QVERIFY(e);
        QVERIFY(std::abs(e->study.cost - 0.316667) < 1e-6);
        QVERIFY(std::abs(e->study.vmHours() - 1.666667) < 1e-6);
        QVERIFY(std::abs(e->job.cost - 0.0285) < 1e-9);
        QVERIFY(std::abs(e->job.vmHours() - 0.15) < 1e-9);
        const std::string text = formatTuningEstimate(*e);
        QVERIFY2(text.find("20 min 00 s") != std::string::npos, text.c_str());
        QVERIFY2(text.find("9 min 00 s") != std::string::npos, text.c_str());
        QVERIFY2(text.find("job mode is cheaper (0.0285 USD against 0.3167 USD); job mode is "
                           "faster (9 min 00 s against 20 min 00 s).") != std::string::npos,
                 text.c_str());
        QVERIFY(text.find("as of 2026-12-05") != std::string::npos);
        const json j = tuningEstimateJson(*e);
        QCOMPARE(j["study"]["billed_vm_seconds"].get<double>(), 6000.0);
        QCOMPARE(j["job"]["wall_seconds"].get<double>(), 540.0);
        QCOMPARE(j["currency"].get<std::string>(), std::string("USD"));
    }

    void verdictWhenEqualOrStudyFaster()
    {
        auto one = estimateTuning(spec(1, 1), table(), {"test-region", "m4", 60});
        QVERIFY(one);
        QCOMPARE(tuningEstimateVerdict(*one),
                 std::string("both modes are about as cheap (0.0158 USD); both modes are about as "
                             "fast (5 min 00 s)."));
        // Long trials, many at once on a small VM: the study's VMs finish first but cost more.
        auto wide = estimateTuning(spec(8, 8), table(), {"test-region", "m2", 3600});
        QVERIFY(wide);
        QVERIFY2(tuningEstimateVerdict(*wide).find("job mode is cheaper") != std::string::npos,
                 tuningEstimateVerdict(*wide).c_str());
        QVERIFY2(tuningEstimateVerdict(*wide).find("study mode is faster") != std::string::npos,
                 tuningEstimateVerdict(*wide).c_str());
    }

    void billingIncrementRoundsUpPerVm()
    {
        json doc = fixture();
        doc["overheads"]["vm_start_billed_seconds"] = 100;
        doc["overheads"]["billing_increment_seconds"] = 30;
        auto e = estimateTuning(spec(2, 1), table(doc), {"test-region", "m4", 61});
        QVERIFY(e);
        QCOMPARE(e->study.billedSeconds, 360.0);  // 2 x ceil(161 / 30) x 30
        QCOMPARE(e->study.wallSeconds, 602.0);    // 2 x (240 + 61)
        QCOMPARE(e->job.billedSeconds, 240.0);    // ceil((100 + 122) / 30) x 30
        QCOMPARE(e->job.wallSeconds, 362.0);
    }

    void refusesOutOfRangeInput_data()
    {
        QTest::addColumn<int>("trials");
        QTest::addColumn<int>("parallel");
        QTest::addColumn<double>("trialSeconds");
        QTest::addColumn<QString>("message");
        QTest::newRow("no trials") << 0 << 1 << 60.0 << "maxTrials must be from 1 to 10000, not 0";
        QTest::newRow("too many trials") << 10001 << 1 << 60.0 << "maxTrials must be from 1";
        QTest::newRow("no parallel") << 5 << 0 << 60.0 << "maxParallelTrials must be from 1 to 256";
        QTest::newRow("zero seconds") << 5 << 1 << 0.0 << "the time of one trial";
        QTest::newRow("negative seconds") << 5 << 1 << -1.0 << "the time of one trial";
        QTest::newRow("nan") << 5 << 1 << std::numeric_limits<double>::quiet_NaN()
                             << "the time of one trial";
        QTest::newRow("inf") << 5 << 1 << std::numeric_limits<double>::infinity()
                             << "the time of one trial";
        QTest::newRow("too long") << 5 << 1 << 2e7 << "the time of one trial";
    }

    void refusesOutOfRangeInput()
    {
        QFETCH(int, trials);
        QFETCH(int, parallel);
        QFETCH(double, trialSeconds);
        QFETCH(QString, message);
        auto e =
            estimateTuning(spec(trials, parallel), table(), {"test-region", "m4", trialSeconds});
        QVERIFY(!e);
        QCOMPARE(e.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(e.error().message).startsWith(message),
                 e.error().message.c_str());
    }

    void largestJobStaysFinite()
    {
        auto e = estimateTuning(spec(kMaxTrialsLimit, 1), table(),
                                {"test-region", "m4", kMaxTrialSeconds});
        QVERIFY(e);
        QVERIFY(std::isfinite(e->study.cost) && std::isfinite(e->job.cost));
        QCOMPARE(e->rounds, kMaxTrialsLimit);
        QCOMPARE(e->job.billedSeconds, 240.0 + kMaxTrialsLimit * kMaxTrialSeconds);
    }

    void trialTimeFromRowsAndEpochs()
    {
        auto measured = trialComputeSeconds(30149, 284);  // the calibration run itself
        QVERIFY(measured);
        QVERIFY(std::abs(*measured - (2.0 + 0.659298)) < 1e-5);
        auto simple = trialComputeSeconds(1000, 10, {1e-6, 1.0});
        QVERIFY(simple);
        QCOMPARE(*simple, 1.01);
        QVERIFY(!trialComputeSeconds(0, 10));
        QVERIFY(!trialComputeSeconds(1000, 0));
        QVERIFY(!trialComputeSeconds(1000, kMaxIterLimit + 1));
        auto huge = trialComputeSeconds(10'000'000'000, kMaxIterLimit);
        QVERIFY(!huge);
        QVERIFY2(huge.error().message.find("s per trial, more than") != std::string::npos,
                 huge.error().message.c_str());
        QVERIFY(!trialComputeSeconds(1000, 10, {0.0, 1.0}));
    }

    void maxEpochsFromTheSearch()
    {
        auto course = parseTuningSpec(test::kCourseConfigYaml, "config.yaml");
        QVERIFY(course);
        QCOMPARE(maxEpochsOf(*course), 1000);  // DISCRETE [500, 1000]
        TuningSpec s = *course;
        const int index = s.paramIndex("max_iter");
        QVERIFY(index >= 0);
        s.params[size_t(index)].type = ParameterType::Integer;
        s.params[size_t(index)].minValue = 10;
        s.params[size_t(index)].maxValue = 200;
        QCOMPARE(maxEpochsOf(s), 200);
        s.params.erase(s.params.begin() + index);
        QCOMPARE(maxEpochsOf(s), 1000);  // the trainer's default
    }
};

QTEST_GUILESS_MAIN(TestTuningEstimate)
#include "tst_tuningestimate.moc"
