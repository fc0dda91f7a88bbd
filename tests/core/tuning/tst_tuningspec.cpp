// Tests of the tuning config: the three forms, their round trips, parse errors and validation.
#include <QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "testsupport.h"
#include "tuning/tuningspec.h"

using namespace covertype;

Q_DECLARE_METATYPE(covertype::TuningSpec)
Q_DECLARE_METATYPE(covertype::TuningFormat)
Q_DECLARE_METATYPE(covertype::ParameterValue)

namespace {

const char *const kCourseYaml = covertype::test::kCourseConfigYaml;

// HYPERTUNE_SETTINGS of the course's KFP pipeline (seeds/kfp-continuous-training-pipeline.md),
// verbatim, Python's `True` included.
const char *const kSeedPipelineJson = R"(
{
    "hyperparameters":  {
        "goal": "MAXIMIZE",
        "maxTrials": 6,
        "maxParallelTrials": 3,
        "hyperparameterMetricTag": "accuracy",
        "enableTrialEarlyStopping": True,
        "params": [
            {
                "parameterName": "max_iter",
                "type": "DISCRETE",
                "discreteValues": [500, 1000]
            },
            {
                "parameterName": "alpha",
                "type": "DOUBLE",
                "minValue": 0.0001,
                "maxValue": 0.001,
                "scaleType": "UNIT_LINEAR_SCALE"
            }
        ]
    }
}
)";

ParameterSpec discrete(std::string name, std::vector<double> values, ScaleType scale = {})
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Discrete;
    p.discreteValues = std::move(values);
    p.scale = scale;
    return p;
}

ParameterSpec numeric(std::string name, ParameterType type, double lo, double hi,
                      ScaleType scale = ScaleType::None)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = type;
    p.minValue = lo;
    p.maxValue = hi;
    p.scale = scale;
    return p;
}

ParameterSpec categorical(std::string name, std::vector<std::string> values)
{
    ParameterSpec p;
    p.name = std::move(name);
    p.type = ParameterType::Categorical;
    p.categoricalValues = std::move(values);
    return p;
}

TuningSpec courseSpec()
{
    TuningSpec s;
    s.goal = Goal::Maximize;
    s.maxTrials = 6;
    s.maxParallelTrials = 3;
    s.metricTag = "accuracy";
    s.enableTrialEarlyStopping = true;
    s.stopping = StoppingSpec::Median;
    s.params = {discrete("max_iter", {500, 1000}),
                numeric("alpha", ParameterType::Double, 0.0001, 0.001, ScaleType::UnitLinear)};
    return s;
}

/// What a form can carry of `s`: the legacy forms have no measurement selection nor stopping
/// rule (early stopping reads back as the median rule); Vertex has no resumePreviousJobId.
TuningSpec carried(TuningSpec s, TuningFormat format)
{
    if (format == TuningFormat::VertexJson) {
        s.resumePreviousJobId.clear();
        if (s.stopping == StoppingSpec::None && s.enableTrialEarlyStopping)
            s.stopping = StoppingSpec::Median;
    } else {
        s.measurementSelection = MeasurementSelection::Unspecified;
        const bool early = s.enableTrialEarlyStopping || s.stopping != StoppingSpec::None;
        s.stopping = early ? StoppingSpec::Median : StoppingSpec::None;
    }
    s.enableTrialEarlyStopping = s.stopping != StoppingSpec::None;
    return s;
}

QByteArray shown(const TuningSpec &s)
{
    TuningSpec copy = s;
    return QByteArray::fromStdString(writeTuningSpec(copy, TuningFormat::PipelineJson)) +
           QByteArray::fromStdString(cat("measurementSelection=", int(s.measurementSelection),
                                         " stopping=", int(s.stopping),
                                         " early=", s.enableTrialEarlyStopping));
}

#define COMPARE_SPECS(actual, expected) \
    QVERIFY2((actual) == (expected),    \
             ("\nactual:\n" + shown(actual) + "\nexpected:\n" + shown(expected)).constData())

/// The course config without its `trainingInput:` level.
QString bareHyperparameters()
{
    QStringList lines = QString(kCourseYaml).split('\n');
    lines.removeFirst();
    for (QString &line : lines)
        line.remove(0, 2);
    return lines.join('\n');
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

}  // namespace

class TestTuningSpec : public QObject
{
    Q_OBJECT

private slots:
    void courseConfigParses()
    {
        TuningFormat format{};
        auto spec = parseTuningSpec(kCourseYaml, "config.yaml", format);
        QVERIFY2(spec, spec ? "" : spec.error().message.c_str());
        QCOMPARE(format, TuningFormat::GcloudYaml);
        COMPARE_SPECS(*spec, courseSpec());
        QVERIFY2(validateTuningSpec(*spec), "the course config is valid");
    }

    void courseConfigWritesBackVerbatim()
    {
        QCOMPARE(qs(writeTuningSpec(courseSpec(), TuningFormat::GcloudYaml)), QString(kCourseYaml));
    }

    void seedPipelineJsonParses()
    {
        TuningFormat format{};
        auto spec = parseTuningSpec(kSeedPipelineJson, "HYPERTUNE_SETTINGS", format);
        QVERIFY2(spec, spec ? "" : spec.error().message.c_str());
        QCOMPARE(format, TuningFormat::PipelineJson);
        COMPARE_SPECS(*spec, courseSpec());
    }

    void vertexInt64AsStrings()
    {
        const char *asStrings = R"({
            "displayName": "covertype-tuning",
            "studySpec": {
                "metrics": [{"metricId": "accuracy", "goal": "MAXIMIZE"}],
                "parameters": [
                    {"parameterId": "max_iter",
                     "integerValueSpec": {"minValue": "10", "maxValue": "9007199254740000"}},
                    {"parameterId": "alpha", "doubleValueSpec": {"minValue": 1e-4, "maxValue": 0.001},
                     "scaleType": "UNIT_LOG_SCALE"}
                ]
            },
            "maxTrialCount": "6", "parallelTrialCount": "3", "maxFailedTrialCount": "2",
            "trialJobSpec": {"workerPoolSpecs": []}
        })";
        const char *asNumbers = R"({
            "studySpec": {
                "metrics": [{"metricId": "accuracy", "goal": "MAXIMIZE"}],
                "parameters": [
                    {"parameterId": "max_iter",
                     "integerValueSpec": {"minValue": 10, "maxValue": 9007199254740000}},
                    {"parameterId": "alpha", "doubleValueSpec": {"minValue": 0.0001, "maxValue": 0.001},
                     "scaleType": "UNIT_LOG_SCALE"}
                ]
            },
            "maxTrialCount": 6, "parallelTrialCount": 3, "maxFailedTrialCount": 2
        })";
        TuningFormat format{};
        auto a = parseTuningSpec(asStrings, "job.json", format);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(format, TuningFormat::VertexJson);
        auto b = parseTuningSpec(asNumbers, "job.json");
        QVERIFY2(b, b ? "" : b.error().message.c_str());
        COMPARE_SPECS(*a, *b);
        QCOMPARE(a->maxTrials, 6);
        QCOMPARE(a->maxParallelTrials, 3);
        QCOMPARE(a->maxFailedTrials, 2);
        QCOMPARE(a->params[0].type, ParameterType::Integer);
        QCOMPARE(a->params[0].maxValue, 9007199254740000.0);
        QCOMPARE(a->params[1].scale, ScaleType::UnitLog);
        QVERIFY(!a->enableTrialEarlyStopping);
    }

    void vertexWritesInt64AsStrings()
    {
        TuningSpec s = courseSpec();
        s.params[0] = numeric("max_iter", ParameterType::Integer, 10, 2000);
        const auto j = nlohmann::json::parse(writeTuningSpec(s, TuningFormat::VertexJson));
        const auto &spec = j["studySpec"]["parameters"][0]["integerValueSpec"];
        QCOMPARE(qs(spec["minValue"].get<std::string>()), QString("10"));
        QCOMPARE(qs(spec["maxValue"].get<std::string>()), QString("2000"));
        QVERIFY(j["maxTrialCount"].is_number_integer());  // int32 in the API
        QCOMPARE(j["maxTrialCount"].get<int>(), 6);
        QCOMPARE(qs(j["studySpec"]["metrics"][0]["metricId"].get<std::string>()),
                 QString("accuracy"));
        QVERIFY(j["studySpec"].contains("medianAutomatedStoppingSpec"));
        QVERIFY(!j.contains("resumePreviousJobId"));
    }

    void pipelineJsonIsStrictJson()
    {
        const std::string text = writeTuningSpec(courseSpec(), TuningFormat::PipelineJson);
        const auto j = nlohmann::json::parse(text);  // throws (fails the test) on Python's True
        QVERIFY(j["hyperparameters"]["enableTrialEarlyStopping"].is_boolean());
        QVERIFY(j["hyperparameters"]["params"][0]["discreteValues"][0].is_number_integer());
        QCOMPARE(j["hyperparameters"]["params"][1]["minValue"].get<double>(), 0.0001);
    }

    void roundTrip_data()
    {
        QTest::addColumn<TuningSpec>("spec");
        QTest::addColumn<TuningFormat>("format");

        std::vector<std::pair<const char *, TuningSpec>> specs;
        specs.emplace_back("course", courseSpec());
        {
            TuningSpec s;
            s.goal = Goal::Minimize;
            s.maxTrials = 20;
            s.maxParallelTrials = 4;
            s.maxFailedTrials = 2;
            s.algorithm = SearchAlgorithm::RandomSearch;
            s.params = {numeric("max_iter", ParameterType::Integer, 1, 5000, ScaleType::UnitLog),
                        discrete("alpha", {2.5e-300, 1e-05, 0.0003, 0.1, 1e300},
                                 ScaleType::UnitReverseLog)};
            specs.emplace_back("defaults, integer, log scales", s);
        }
        {
            TuningSpec s = courseSpec();
            s.algorithm = SearchAlgorithm::GridSearch;
            s.enableTrialEarlyStopping = false;
            s.stopping = StoppingSpec::None;
            s.params[1] = discrete("alpha", {0.0001, 0.001});
            specs.emplace_back("grid", s);
        }
        {
            TuningSpec s = courseSpec();
            s.measurementSelection = MeasurementSelection::Best;
            s.stopping = StoppingSpec::DecayCurve;
            specs.emplace_back("vertex-only fields", s);
        }
        {
            TuningSpec s = courseSpec();
            s.resumePreviousJobId = "123";
            s.metricTag = "val accuracy: top-1 # \"quoted\"";
            s.algorithm = SearchAlgorithm::RandomSearch;
            s.measurementSelection = MeasurementSelection::Last;
            s.params.push_back(categorical("solver", {"true", "1", "a b", "x: y", "null", "",
                                                      "\xc3\xbcn\xc3\xaf", "[x]", "~"}));
            s.params.push_back(
                numeric("True", ParameterType::Double, -1.5, 1.7976931348623157e308));
            specs.emplace_back("strings that need quoting", s);
        }
        {
            TuningSpec s;
            s.params = {};
            s.metricTag = "";
            s.maxTrials = 0;
            s.params.push_back(discrete("x", {}));
            s.params.push_back(categorical("y", {}));
            specs.emplace_back("empty lists (invalid, still carried)", s);
        }
        for (const auto &[name, spec] : specs) {
            for (auto [format, formatName] : {std::pair{TuningFormat::GcloudYaml, "yaml"},
                                              std::pair{TuningFormat::PipelineJson, "json"},
                                              std::pair{TuningFormat::VertexJson, "vertex"}})
                QTest::addRow("%s, %s", name, formatName) << spec << format;
        }
    }

    void roundTrip()
    {
        QFETCH(TuningSpec, spec);
        QFETCH(TuningFormat, format);
        const std::string text = writeTuningSpec(spec, format);
        TuningFormat detected{};
        auto back = parseTuningSpec(text, "written", detected);
        QVERIFY2(back, (back ? std::string() : back.error().message + "\n" + text).c_str());
        QCOMPARE(detected, format);
        COMPARE_SPECS(*back, carried(spec, format));
        // Writing again gives the same text.
        QCOMPARE(qs(writeTuningSpec(*back, format)), qs(text));
    }

    void courseConfigInEveryForm_data()
    {
        QTest::addColumn<TuningFormat>("format");
        QTest::newRow("yaml") << TuningFormat::GcloudYaml;
        QTest::newRow("json") << TuningFormat::PipelineJson;
        QTest::newRow("vertex") << TuningFormat::VertexJson;
    }

    void courseConfigInEveryForm()
    {
        QFETCH(TuningFormat, format);
        auto course = parseTuningSpec(kCourseYaml, "config.yaml");
        QVERIFY(course);
        auto back = parseTuningSpec(writeTuningSpec(*course, format), "converted");
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        COMPARE_SPECS(*back, courseSpec());
    }

    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TuningSpec>("expected");
        QTest::addColumn<TuningFormat>("format");

        const TuningSpec course = courseSpec();
        QTest::newRow("bare hyperparameters YAML")
            << bareHyperparameters() << course << TuningFormat::GcloudYaml;
        QTest::newRow("gcloud job fields ignored")
            << QString("jobId: covertype_1\nlabels: {team: ml}\n") +
                   QString(kCourseYaml)
                       .replace("trainingInput:\n",
                                "trainingInput:\n  scaleTier: BASIC\n  region: "
                                "us-central1\n  args: [--hptune, 'True']\n")
            << course << TuningFormat::GcloudYaml;
        QTest::newRow("json true, exponent, nulls")
            << R"({"hyperparameters": {"goal": "MAXIMIZE", "maxTrials": 6.0, "maxParallelTrials": 3,
                 "maxFailedTrials": null, "resumePreviousJobId": null,
                 "hyperparameterMetricTag": "accuracy", "enableTrialEarlyStopping": true,
                 "params": [{"parameterName": "max_iter", "type": "DISCRETE",
                             "discreteValues": [500.0, 1e3]},
                            {"parameterName": "alpha", "type": "DOUBLE", "minValue": 1e-4,
                             "maxValue": 1E-3, "scaleType": "UNIT_LINEAR_SCALE"}]}})"
            << course << TuningFormat::PipelineJson;
        TuningSpec defaults;
        defaults.params = {numeric("alpha", ParameterType::Double, 0.1, 1)};
        QTest::newRow("defaults")
            << "hyperparameters:\n  params:\n  - {parameterName: alpha, type: DOUBLE, minValue: "
               "0.1, maxValue: 1, scaleType: NONE}\n"
            << defaults << TuningFormat::GcloudYaml;
        TuningSpec vertex = defaults;
        vertex.goal = Goal::Minimize;
        vertex.metricTag = "loss";
        vertex.stopping = StoppingSpec::DecayCurve;
        vertex.enableTrialEarlyStopping = true;
        vertex.measurementSelection = MeasurementSelection::Last;
        QTest::newRow("vertex, output-only fields ignored")
            << R"({"name": "projects/1/locations/us-central1/hyperparameterTuningJobs/2",
                 "state": "JOB_STATE_SUCCEEDED", "trials": [{"id": "1"}],
                 "studySpec": {"metrics": [{"metricId": "loss", "goal": "MINIMIZE"}],
                   "parameters": [{"parameterId": "alpha", "scaleType": "SCALE_TYPE_UNSPECIFIED",
                                   "doubleValueSpec": {"minValue": 0.1, "maxValue": 1}}],
                   "measurementSelectionType": "LAST_MEASUREMENT",
                   "decayCurveStoppingSpec": {}}})"
            << vertex << TuningFormat::VertexJson;
    }

    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(TuningSpec, expected);
        QFETCH(TuningFormat, format);
        TuningFormat detected{};
        auto spec = parseTuningSpec(text.toStdString(), "cfg", detected);
        QVERIFY2(spec, spec ? "" : spec.error().message.c_str());
        QCOMPARE(detected, format);
        COMPARE_SPECS(*spec, expected);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");

        const QString hp = "trainingInput:\n  hyperparameters:\n";
        const auto json = [](const QString &params, const QString &more = {}) {
            return QString(R"({"hyperparameters": {"maxTrials": 2%1, "params": [%2]}})")
                .arg(more, params);
        };
        const QString alpha =
            R"({"parameterName": "alpha", "type": "DOUBLE", "minValue": 0.1, "maxValue": 1%1})";
        const auto vertex = [](const QString &study, const QString &more = {}) {
            return QString(R"({"studySpec": {%1}%2})").arg(study, more);
        };
        const QString vparam = R"("parameters": [{"parameterId": "alpha", %1}])";

        QTest::newRow("unknown field")
            << hp + "    goal: MAXIMIZE\n    maxTrail: 6\n"
            << QStringList{"cfg:4:5: trainingInput.hyperparameters.maxTrail: unknown field",
                           "known: goal, params, maxTrials"};
        QTest::newRow("unknown parameter field")
            << json(alpha.arg(R"(, "scale": "UNIT_LOG_SCALE")"))
            << QStringList{"hyperparameters.params[0].scale: unknown field",
                           "known: parameterName, type, minValue"};
        QTest::newRow("unknown trainingInput field")
            << "trainingInput:\n  hyperparamters: {}\n"
            << QStringList{"cfg:2:3: trainingInput.hyperparamters: unknown field",
                           "trainingInput.hyperparameters: required"};
        QTest::newRow("minValue is text")
            << json(
                   R"({"parameterName": "alpha", "type": "DOUBLE", "minValue": "a", "maxValue": 1})")
            << QStringList{
                   "hyperparameters.params[0].minValue: expected a number, got string \"a\""};
        QTest::newRow("quoted number is text")
            << hp + "    maxTrials: \"6\"\n"
            << QStringList{
                   "cfg:3:16: trainingInput.hyperparameters.maxTrials: expected an integer, "
                   "got string \"6\""};
        QTest::newRow("fractional count")
            << hp + "    maxParallelTrials: 2.5\n"
            << QStringList{"maxParallelTrials: expected an integer, got number 2.5"};
        QTest::newRow("count out of range")
            << hp + "    maxTrials: 99999999999\n"
            << QStringList{"maxTrials: integer out of range: 99999999999"};
        QTest::newRow("yes is not a boolean")
            << hp + "    enableTrialEarlyStopping: yes\n"
            << QStringList{"enableTrialEarlyStopping: expected true or false, got string \"yes\""};
        QTest::newRow("params not a list")
            << hp + "    params: {}\n"
            << QStringList{"trainingInput.hyperparameters.params: expected a list, got a mapping"};
        QTest::newRow("param not a mapping")
            << hp + "    params: [alpha]\n"
            << QStringList{"params[0]: expected a mapping, got string \"alpha\""};
        QTest::newRow("category not text")
            << hp + "    params:\n    - {parameterName: s, type: CATEGORICAL, categoricalValues: "
                    "[a, 1]}\n"
            << QStringList{
                   "cfg:4:68: trainingInput.hyperparameters.params[0].categoricalValues[1]: "
                   "expected text, got number 1"};
        QTest::newRow("discrete value not a number")
            << hp + "    params:\n    - {parameterName: max_iter, type: DISCRETE, discreteValues: "
                    "[5, x]}\n"
            << QStringList{"params[0].discreteValues[1]: expected a number, got string \"x\""};
        QTest::newRow("bad goal")
            << hp + "    goal: MAXIMISE\n"
            << QStringList{"goal: unknown value string \"MAXIMISE\" (allowed: MAXIMIZE, MINIMIZE)"};
        QTest::newRow("bad type")
            << json(R"({"parameterName": "alpha", "type": "FLOAT"})")
            << QStringList{
                   "params[0].type: unknown value string \"FLOAT\" (allowed: DOUBLE, INTEGER, "
                   "CATEGORICAL, DISCRETE)"};
        QTest::newRow("bad scale")
            << json(alpha.arg(R"(, "scaleType": "LOG")"))
            << QStringList{
                   "params[0].scaleType: unknown value string \"LOG\" (allowed: NONE, "
                   "SCALE_TYPE_UNSPECIFIED, UNIT_LINEAR_SCALE, UNIT_LOG_SCALE, "
                   "UNIT_REVERSE_LOG_SCALE)"};
        QTest::newRow("bad algorithm")
            << hp + "    algorithm: BAYESIAN\n"
            << QStringList{
                   "algorithm: unknown value string \"BAYESIAN\" (allowed: "
                   "ALGORITHM_UNSPECIFIED, GRID_SEARCH, RANDOM_SEARCH)"};
        QTest::newRow("bad measurement selection")
            << vertex(R"("measurementSelectionType": "LAST")")
            << QStringList{
                   "studySpec.measurementSelectionType: unknown value string \"LAST\" "
                   "(allowed: MEASUREMENT_SELECTION_TYPE_UNSPECIFIED, LAST_MEASUREMENT, "
                   "BEST_MEASUREMENT)"};
        QTest::newRow("malformed YAML") << hp + "    goal: MAXIMIZE\n   maxTrials: 6\n"
                                        << QStringList{"cfg:4:", "malformed YAML"};
        QTest::newRow("malformed JSON") << "{\n  \"hyperparameters\": {\n    \"goal\": "
                                           "\"MAXIMIZE\"\n    \"maxTrials\": 6\n  }\n}\n"
                                        << QStringList{"cfg:4:", "malformed JSON"};
        QTest::newRow("unclosed JSON") << "{\"hyperparameters\": {\"params\": [1, 2}}"
                                       << QStringList{"cfg:1:", "malformed JSON"};
        QTest::newRow("stray comma")
            << "{\"hyperparameters\": {\n  \"goal\": \"MAXIMIZE\",,\n}}"
            << QStringList{"cfg:2:22: hyperparameters: a field without a name (a stray comma?)"};
        QTest::newRow("empty trainingInput")
            << "trainingInput:\n"
            << QStringList{"cfg:1:1: trainingInput: expected a mapping, got null"};
        QTest::newRow("empty studySpec")
            << "{\"studySpec\": null, \"maxTrialCount\": 2}"
            << QStringList{"cfg:1:2: studySpec: expected a mapping, got null"};
        QTest::newRow("empty") << "" << QStringList{"cfg: not a tuning config", "got nothing"};
        QTest::newRow("a list") << "[1, 2]" << QStringList{"not a tuning config", "got a list"};
        QTest::newRow("other config")
            << "scaleTier: BASIC\nregion: us-central1\n"
            << QStringList{"not a tuning config", "found scaleTier, region"};
        QTest::newRow("duplicate field")
            << R"({"hyperparameters": {"goal": "MAXIMIZE", "goal": "MINIMIZE"}})"
            << QStringList{"cfg:1:42: hyperparameters.goal: duplicate field"};
        QTest::newRow("missing parameterName")
            << json(R"({"type": "DOUBLE", "minValue": 0.1, "maxValue": 1})")
            << QStringList{"hyperparameters.params[0].parameterName: required"};
        QTest::newRow("missing type")
            << json(R"({"parameterName": "alpha"})")
            << QStringList{
                   "hyperparameters.params[0].type: required (DOUBLE, INTEGER, CATEGORICAL "
                   "or DISCRETE)"};
        QTest::newRow("missing bounds")
            << json(R"({"parameterName": "alpha", "type": "DOUBLE", "minValue": 0.1})")
            << QStringList{"hyperparameters.params[0].maxValue: required for a DOUBLE parameter"};
        QTest::newRow("several problems at once")
            << json(R"({"parameterName": 5, "type": "DOUBLE", "minValue": 0.1, "maxValue": true})",
                    R"(, "goal": "UP")")
            << QStringList{
                   "hyperparameters.goal: unknown value",
                   "hyperparameters.params[0].parameterName: expected text, got number 5",
                   "hyperparameters.params[0].maxValue: expected a number, got boolean true"};
        QTest::newRow("vertex: two value specs")
            << vertex(vparam.arg(R"("doubleValueSpec": {"minValue": 0.1, "maxValue": 1},
                                    "integerValueSpec": {"minValue": "1", "maxValue": "2"})"))
            << QStringList{
                   "studySpec.parameters[0].integerValueSpec: give one value spec, not both "
                   "doubleValueSpec and integerValueSpec"};
        QTest::newRow("vertex: no value spec")
            << vertex(vparam.arg(R"("scaleType": "UNIT_LINEAR_SCALE")"))
            << QStringList{
                   "studySpec.parameters[0]: needs one of doubleValueSpec, integerValueSpec, "
                   "categoricalValueSpec, discreteValueSpec"};
        QTest::newRow("vertex: missing bound")
            << vertex(vparam.arg(R"("integerValueSpec": {"minValue": "1"})"))
            << QStringList{"studySpec.parameters[0].integerValueSpec.maxValue: required"};
        QTest::newRow("vertex: int64 string not an integer")
            << vertex(vparam.arg(R"("integerValueSpec": {"minValue": "1.5", "maxValue": "2"})"))
            << QStringList{
                   "studySpec.parameters[0].integerValueSpec.minValue: expected an integer "
                   "(a number or a string like \"6\"), got string \"1.5\""};
        QTest::newRow("vertex: count not a number")
            << vertex("", R"(, "maxTrialCount": "six")")
            << QStringList{
                   "maxTrialCount: expected an integer (a number or a string like \"6\"), got "
                   "string \"six\""};
        QTest::newRow("vertex: two metrics")
            << vertex(
                   R"("metrics": [{"metricId": "a", "goal": "MAXIMIZE"}, {"metricId": "b", "goal": "MINIMIZE"}])")
            << QStringList{"studySpec.metrics: one metric is supported, got 2"};
        QTest::newRow("vertex: metric without id")
            << vertex(R"("metrics": [{"goal": "MAXIMIZE"}])")
            << QStringList{"studySpec.metrics[0].metricId: required"};
        QTest::newRow("vertex: two stopping specs")
            << vertex(R"("medianAutomatedStoppingSpec": {}, "decayCurveStoppingSpec": {})")
            << QStringList{"studySpec.decayCurveStoppingSpec: give one stopping spec, not both"};
        QTest::newRow("vertex: stopping option")
            << vertex(R"("medianAutomatedStoppingSpec": {"useElapsedDuration": true})")
            << QStringList{
                   "studySpec.medianAutomatedStoppingSpec.useElapsedDuration: unknown field "
                   "(this object takes none)"};
        QTest::newRow("vertex: unknown studySpec field")
            << vertex(R"("studyStoppingConfig": {})")
            << QStringList{
                   "studySpec.studyStoppingConfig: unknown field (known: metrics, parameters, "
                   "algorithm, measurementSelectionType, medianAutomatedStoppingSpec, "
                   "decayCurveStoppingSpec)"};
        QTest::newRow("vertex: unknown top-level field")
            << vertex("", R"(, "maxTrials": 6)")
            << QStringList{"maxTrials: unknown field (known: studySpec, maxTrialCount"};
        QTest::newRow("maxTrials past int32")
            << hp + "    maxTrials: 3000000000\n"
            << QStringList{
                   "cfg:3:16: trainingInput.hyperparameters.maxTrials: integer out of "
                   "range: 3000000000"};
        QTest::newRow("vertex: parallelTrialCount past int32")
            << vertex("", R"(, "parallelTrialCount": "9999999999")")
            << QStringList{"parallelTrialCount: integer out of range: 9999999999"};
        QTest::newRow("vertex: categorical values not a list")
            << vertex(vparam.arg(R"("categoricalValueSpec": {"values": "a"})"))
            << QStringList{
                   "studySpec.parameters[0].categoricalValueSpec.values: expected a list, got "
                   "string \"a\""};
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        auto spec = parseTuningSpec(text.toStdString(), "cfg");
        QVERIFY(!spec);
        const QString message = qs(spec.error().message);
        for (const QString &e : expected)
            QVERIFY2(message.contains(e), qPrintable("missing '" + e + "' in:\n" + message));
    }

    // Text that is not UTF-8 (a Latin-1 file, a stray byte) is a parse error naming the field:
    // it used to parse, and writing the config (convert, the run store) then threw from the JSON
    // writer and ended the program (found by tests/fuzz; inputs in tests/fuzz/regressions/).
    void textMustBeUtf8_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("gcloud metric tag, Latin-1")
            << QByteArray(
                   "trainingInput:\n  hyperparameters:\n"
                   "    hyperparameterMetricTag: pr\xe9"
                   "cision\n")
            << "trainingInput.hyperparameters.hyperparameterMetricTag";
        QTest::newRow("pipeline category, truncated sequence")
            << QByteArray(
                   "{\"hyperparameters\": {\"params\": [{\"parameterName\": \"alpha\", "
                   "\"type\": \"CATEGORICAL\", \"categoricalValues\": [\"a\xd0\"]}]}}")
            << "hyperparameters.params[0].categoricalValues[0]";
        QTest::newRow("vertex parameter id, surrogate")
            << QByteArray(
                   "{\"studySpec\": {\"parameters\": [{\"parameterId\": \"\xed\xa0\x80\", "
                   "\"doubleValueSpec\": {\"minValue\": 0.1, \"maxValue\": 1}}]}}")
            << "studySpec.parameters[0].parameterId";
        QTest::newRow("vertex metric id, overlong slash")
            << QByteArray(
                   "{\"studySpec\": {\"metrics\": [{\"metricId\": \"a\xc0\xaf"
                   "b\"}]}}")
            << "studySpec.metrics[0].metricId";
    }

    void textMustBeUtf8()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, path);
        const auto spec =
            parseTuningSpec(std::string_view(text.constData(), size_t(text.size())), "cfg");
        QVERIFY(!spec);
        const QString message = qs(spec.error().message);
        QVERIFY2(message.contains(path + ": is not UTF-8 text"), qPrintable(message));
    }

    void deepNestingIsRefusedBeforeParsing()
    {
        // A million brackets: refused at the 65th, with its line and column, in every form.
        const std::string deepJson = "{\"studySpec\": " + std::string(1'000'000, '[');
        auto spec = parseTuningSpec(deepJson, "cfg");
        QVERIFY(!spec);
        QCOMPARE(qs(spec.error().message),
                 QString("cfg:1:78: malformed JSON: nested deeper than 64 levels (a tuning "
                         "config is a few levels deep)"));
        const std::string deepYaml =
            "# [[[[ brackets in a comment do not count\n"
            "trainingInput:\n  hyperparameters: " +
            std::string(100, '{');
        spec = parseTuningSpec(deepYaml, "cfg");
        QVERIFY(!spec);
        QVERIFY2(qs(spec.error().message).startsWith("cfg:3:84: malformed YAML: nested deeper"),
                 spec.error().message.c_str());
        // Quoted brackets are text.
        const std::string quoted = "trainingInput:\n  jobId: '" + std::string(100, '[') + "'\n";
        spec = parseTuningSpec(quoted, "cfg");
        QVERIFY(!spec);
        QVERIFY2(qs(spec.error().message).indexOf("nested deeper") < 0,
                 spec.error().message.c_str());
    }

    void validation_data()
    {
        QTest::addColumn<TuningSpec>("spec");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const TuningSpec base = courseSpec();
        const auto with = [&](auto &&change) {
            TuningSpec s = base;
            change(s);
            return s;
        };

        QTest::newRow("grid with DOUBLE")
            << with([](TuningSpec &s) { s.algorithm = SearchAlgorithm::GridSearch; })
            << "hyperparameters.params[1].type"
            << "GRID_SEARCH cannot search a DOUBLE parameter";
        QTest::newRow("log scale, min 0") << with([](TuningSpec &s) {
            s.params[1].scale = ScaleType::UnitLog;
            s.params[1].minValue = 0;
        }) << "hyperparameters.params[1].minValue"
                                          << "UNIT_LOG_SCALE needs minValue > 0, got 0";
        QTest::newRow("reverse log scale, negative min")
            << with([](TuningSpec &s) {
                   s.params[0] = numeric("max_iter", ParameterType::Integer, -5, 10,
                                         ScaleType::UnitReverseLog);
               })
            << "hyperparameters.params[0].minValue"
            << "UNIT_REVERSE_LOG_SCALE needs minValue > 0";
        QTest::newRow("log scale, discrete value 0") << with([](TuningSpec &s) {
            s.params[1] = discrete("alpha", {0, 1}, ScaleType::UnitLog);
        }) << "hyperparameters.params[1].discreteValues[0]"
                                                     << "UNIT_LOG_SCALE needs every value > 0";
        QTest::newRow("min > max") << with([](TuningSpec &s) { s.params[1].minValue = 0.01; })
                                   << "hyperparameters.params[1].minValue"
                                   << "minValue 0.01 is greater than maxValue 0.001";
        QTest::newRow("INTEGER min not whole")
            << with([](TuningSpec &s) {
                   s.params[0] = numeric("max_iter", ParameterType::Integer, 1.5, 100);
               })
            << "hyperparameters.params[0].minValue"
            << "INTEGER parameter needs whole-number bounds, got 1.5";
        QTest::newRow("INTEGER max not whole") << with([](TuningSpec &s) {
            s.params[0] = numeric("max_iter", ParameterType::Integer, 1, 100.25);
        }) << "hyperparameters.params[0].maxValue"
                                               << "whole-number bounds, got 100.25";
        QTest::newRow("maxTrials past the limit")
            << with([](TuningSpec &s) { s.maxTrials = 1000000000; }) << "hyperparameters.maxTrials"
            << "must be between 1 and 10000, got 1000000000";
        QTest::newRow("maxParallelTrials past the limit") << with([](TuningSpec &s) {
            s.maxTrials = 10000;
            s.maxParallelTrials = 1000000000;
        }) << "hyperparameters.maxParallelTrials"
                                                          << "must be between 1 and 256";
        QTest::newRow("INTEGER max_iter past the trainer's limit")
            << with([](TuningSpec &s) {
                   s.params[0] = numeric("max_iter", ParameterType::Integer, 1, 3000000000.0);
               })
            << "hyperparameters.params[0].maxValue"
            << "max_iter must be at most 1000000 (the trainer's limit), got 3000000000";
        QTest::newRow("DISCRETE max_iter past the trainer's limit")
            << with([](TuningSpec &s) {
                   s.params[0] = discrete("max_iter", {10, 2e6});
               })
            << "hyperparameters.params[0].discreteValues[1]"
            << "whole numbers from 1 to 1000000, got 2000000";
        QTest::newRow("bound not finite") << with([](TuningSpec &s) {
            s.params[1].maxValue = std::numeric_limits<double>::infinity();
        }) << "hyperparameters.params[1].maxValue"
                                          << "must be a finite number, got inf";
        QTest::newRow("discrete empty")
            << with([](TuningSpec &s) { s.params[0].discreteValues.clear(); })
            << "hyperparameters.params[0].discreteValues"
            << "needs at least one value";
        QTest::newRow("discrete repeated") << with([](TuningSpec &s) {
            s.params[0].discreteValues = {500, 1000, 1000};
        }) << "hyperparameters.params[0].discreteValues[2]"
                                           << "strictly increasing: 1000 follows 1000";
        QTest::newRow("discrete decreasing") << with([](TuningSpec &s) {
            s.params[0].discreteValues = {1000, 500};
        }) << "hyperparameters.params[0].discreteValues[1]"
                                             << "strictly increasing: 500 follows 1000";
        QTest::newRow("more than 1000 discrete values") << with([](TuningSpec &s) {
            s.params[0].discreteValues.clear();
            for (int v = 1; v <= 1001; ++v)
                s.params[0].discreteValues.push_back(v);
        }) << "hyperparameters.params[0].discreteValues"
                                                        << "at most 1000 values, got 1001";
        QTest::newRow("categorical empty")
            << with([](TuningSpec &s) { s.params.push_back(categorical("max_iter", {})); })
            << "hyperparameters.params[2].categoricalValues"
            << "needs at least one value";
        QTest::newRow("categorical duplicates") << with([](TuningSpec &s) {
            s.params.push_back(categorical("solver", {"a", "b", "a"}));
        }) << "hyperparameters.params[2].categoricalValues[2]"
                                                << "duplicate value 'a'";
        QTest::newRow("categorical with scale") << with([](TuningSpec &s) {
            s.params.push_back(categorical("solver", {"a"}));
            s.params[2].scale = ScaleType::UnitLinear;
        }) << "hyperparameters.params[2].scaleType"
                                                << "takes no scaleType";
        QTest::newRow("more parallel than trials")
            << with([](TuningSpec &s) { s.maxParallelTrials = 7; })
            << "hyperparameters.maxParallelTrials"
            << "7 parallel trials exceed the 6 trials";
        QTest::newRow("no trials")
            << with([](TuningSpec &s) { s.maxTrials = 0; }) << "hyperparameters.maxTrials"
            << "must be between 1 and 10000, got 0";
        QTest::newRow("no parallel trials") << with([](TuningSpec &s) { s.maxParallelTrials = 0; })
                                            << "hyperparameters.maxParallelTrials"
                                            << "must be between 1 and 256, got 0";
        QTest::newRow("negative failed trials")
            << with([](TuningSpec &s) { s.maxFailedTrials = -1; })
            << "hyperparameters.maxFailedTrials"
            << "must not be negative, got -1";
        QTest::newRow("empty metric tag") << with([](TuningSpec &s) { s.metricTag.clear(); })
                                          << "hyperparameters.hyperparameterMetricTag"
                                          << "must not be empty";
        QTest::newRow("no parameters")
            << with([](TuningSpec &s) { s.params.clear(); }) << "hyperparameters.params"
            << "no parameters to tune";
        QTest::newRow("duplicate names")
            << with([](TuningSpec &s) { s.params[1] = discrete("max_iter", {10}); })
            << "hyperparameters.params[1].parameterName"
            << "duplicate parameter 'max_iter' (also hyperparameters.params[0].parameterName)";
        QTest::newRow("empty name") << with([](TuningSpec &s) { s.params[1].name.clear(); })
                                    << "hyperparameters.params[1].parameterName"
                                    << "must not be empty";
        QTest::newRow("unknown parameter")
            << with([](TuningSpec &s) { s.params[1].name = "eta0"; })
            << "hyperparameters.params[1].parameterName"
            << "unknown parameter 'eta0': the trainer accepts alpha and max_iter";
        QTest::newRow("alpha INTEGER") << with([](TuningSpec &s) {
            s.params[1] = numeric("alpha", ParameterType::Integer, 1, 2);
        }) << "hyperparameters.params[1].type"
                                       << "alpha must be DOUBLE or DISCRETE, not INTEGER";
        QTest::newRow("alpha from 0") << with([](TuningSpec &s) { s.params[1].minValue = 0; })
                                      << "hyperparameters.params[1].minValue"
                                      << "alpha must be > 0, got 0";
        QTest::newRow("alpha discrete 0") << with([](TuningSpec &s) {
            s.params[1] = discrete("alpha", {0, 0.001});
        }) << "hyperparameters.params[1].discreteValues[0]"
                                          << "alpha values must be > 0, got 0";
        QTest::newRow("max_iter DOUBLE") << with([](TuningSpec &s) {
            s.params[0] = numeric("max_iter", ParameterType::Double, 1, 2);
        }) << "hyperparameters.params[0].type"
                                         << "max_iter must be INTEGER or DISCRETE, not DOUBLE";
        QTest::newRow("max_iter INTEGER from 0") << with([](TuningSpec &s) {
            s.params[0] = numeric("max_iter", ParameterType::Integer, 0, 9);
        }) << "hyperparameters.params[0].minValue"
                                                 << "max_iter must be at least 1, got 0";
        QTest::newRow("max_iter discrete fraction")
            << with([](TuningSpec &s) {
                   s.params[0].discreteValues = {500, 1000.5};
               })
            << "hyperparameters.params[0].discreteValues[1]"
            << "max_iter values must be whole numbers from 1 to 1000000, got 1000.5";
        QTest::newRow("bounds on DISCRETE") << with([](TuningSpec &s) { s.params[0].maxValue = 5; })
                                            << "hyperparameters.params[0].minValue"
                                            << "a DISCRETE parameter takes no minValue/maxValue";
        QTest::newRow("discrete values on DOUBLE")
            << with([](TuningSpec &s) { s.params[1].discreteValues = {0.5}; })
            << "hyperparameters.params[1].discreteValues"
            << "a DOUBLE parameter takes no discrete values";
        QTest::newRow("categories on DISCRETE")
            << with([](TuningSpec &s) { s.params[0].categoricalValues = {"a"}; })
            << "hyperparameters.params[0].categoricalValues"
            << "a DISCRETE parameter takes no categorical values";
    }

    void validation()
    {
        QFETCH(TuningSpec, spec);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const auto ok = validateTuningSpec(spec);
        QVERIFY(!ok);
        QCOMPARE(ok.error().code, ErrorCode::InvalidArgument);
        // One line per problem, "path: message".
        const QStringList lines = qs(ok.error().message).split('\n');
        const bool found = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
            return line.startsWith(path + ": ") && line.contains(expected);
        });
        QVERIFY2(found, qPrintable("no line '" + path + ": ..." + expected + "' in:\n" +
                                   qs(ok.error().message)));
    }

    void validSpecs_data()
    {
        QTest::addColumn<TuningSpec>("spec");
        QTest::newRow("course") << courseSpec();
        TuningSpec s = courseSpec();
        s.metricTag = "recall";  // any tag is allowed; the trainer reports under `accuracy`
        s.algorithm = SearchAlgorithm::GridSearch;
        s.params = {numeric("max_iter", ParameterType::Integer, 1, 100, ScaleType::UnitLog),
                    discrete("alpha", {1e-05, 0.0001}, ScaleType::UnitLog)};
        s.maxParallelTrials = 6;
        QTest::newRow("grid, integer, other metric") << s;
    }

    void validSpecs()
    {
        QFETCH(TuningSpec, spec);
        const auto ok = validateTuningSpec(spec);
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
        for (auto f :
             {TuningFormat::GcloudYaml, TuningFormat::PipelineJson, TuningFormat::VertexJson})
            QVERIFY(tuningSpecProblems(spec, f).empty());
    }

    void validationListsEveryProblem()
    {
        TuningSpec s = courseSpec();
        s.maxTrials = 0;
        s.algorithm = SearchAlgorithm::GridSearch;
        s.params[0].name = "eta0";
        const auto problems = tuningSpecProblems(s, TuningFormat::PipelineJson);
        QCOMPARE(int(problems.size()), 3);
        QCOMPARE(qs(problems[0].path), QString("hyperparameters.maxTrials"));
        QCOMPARE(qs(problems[1].path), QString("hyperparameters.params[0].parameterName"));
        QCOMPARE(qs(problems[2].path), QString("hyperparameters.params[1].type"));
        const auto ok = validateTuningSpec(s);
        QVERIFY(!ok);
        QCOMPARE(qs(ok.error().message).count('\n'), 2);
    }

    void validationPathsPerForm_data()
    {
        QTest::addColumn<TuningSpec>("spec");
        QTest::addColumn<TuningFormat>("format");
        QTest::addColumn<QString>("path");
        TuningSpec minMax = courseSpec();
        minMax.params[1].minValue = 1;
        QTest::newRow("yaml") << minMax << TuningFormat::GcloudYaml
                              << "trainingInput.hyperparameters.params[1].minValue";
        QTest::newRow("vertex double") << minMax << TuningFormat::VertexJson
                                       << "studySpec.parameters[1].doubleValueSpec.minValue";
        TuningSpec integer = courseSpec();
        integer.params[0] = numeric("max_iter", ParameterType::Integer, 1, 10.5);
        QTest::newRow("vertex integer") << integer << TuningFormat::VertexJson
                                        << "studySpec.parameters[0].integerValueSpec.maxValue";
        TuningSpec trials = courseSpec();
        trials.maxParallelTrials = 9;
        QTest::newRow("vertex count") << trials << TuningFormat::VertexJson << "parallelTrialCount";
        TuningSpec values = courseSpec();
        values.params[0].discreteValues = {1000, 500};
        QTest::newRow("vertex discrete") << values << TuningFormat::VertexJson
                                         << "studySpec.parameters[0].discreteValueSpec.values[1]";
        TuningSpec name = courseSpec();
        name.params[1].name = "eta0";
        QTest::newRow("vertex name")
            << name << TuningFormat::VertexJson << "studySpec.parameters[1].parameterId";
    }

    void validationPathsPerForm()
    {
        QFETCH(TuningSpec, spec);
        QFETCH(TuningFormat, format);
        QFETCH(QString, path);
        const auto problems = tuningSpecProblems(spec, format);
        QCOMPARE(int(problems.size()), 1);
        QCOMPARE(qs(problems[0].path), path);
    }

    void parameterValueText_data()
    {
        QTest::addColumn<ParameterValue>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("0.0003") << ParameterValue(0.0003) << "0.0003";
        QTest::newRow("1e-4") << ParameterValue(1e-4) << "0.0001";
        QTest::newRow("1e-5") << ParameterValue(1e-5) << "1e-05";
        QTest::newRow("1.5e-7") << ParameterValue(1.5e-7) << "1.5e-07";
        QTest::newRow("0.1 + 0.2") << ParameterValue(0.1 + 0.2) << "0.30000000000000004";
        QTest::newRow("500.0 for max_iter") << ParameterValue(500.0) << "500";
        QTest::newRow("negative") << ParameterValue(-2.5) << "-2.5";
        QTest::newRow("large fraction") << ParameterValue(123456789.125) << "123456789.125";
        QTest::newRow("1e16") << ParameterValue(1e16) << "1e+16";
        QTest::newRow("2.5e20") << ParameterValue(2.5e20) << "2.5e+20";
        QTest::newRow("1e-100") << ParameterValue(1e-100) << "1e-100";
        QTest::newRow("int64") << ParameterValue(int64_t(1000)) << "1000";
        QTest::newRow("text") << ParameterValue(std::string("adam")) << "adam";
    }

    void parameterValueText()
    {
        QFETCH(ParameterValue, value);
        QFETCH(QString, text);
        QCOMPARE(qs(covertype::parameterValueText(value)), text);
    }

    void paramIndex()
    {
        const TuningSpec s = courseSpec();
        QCOMPARE(s.paramIndex("max_iter"), 0);
        QCOMPARE(s.paramIndex("alpha"), 1);
        QCOMPARE(s.paramIndex("eta0"), -1);
        QCOMPARE(s.paramIndex(""), -1);
    }

    void loadFromFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = covertype::test::writeFile(dir.path(), "config.yaml", kCourseYaml);
        auto spec = loadTuningSpec(path.toStdString());
        QVERIFY2(spec, spec ? "" : spec.error().message.c_str());
        COMPARE_SPECS(*spec, courseSpec());

        const std::string missing = (dir.path() + "/missing.yaml").toStdString();
        auto none = loadTuningSpec(missing);
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Io);
        QVERIFY(qs(none.error().message).contains(qs(missing)));

        const QString bad = covertype::test::writeFile(dir.path(), "bad.json",
                                                       "{\"hyperparameters\": {\"goal\": 1}}");
        auto wrong = loadTuningSpec(bad.toStdString());
        QVERIFY(!wrong);
        QVERIFY(qs(wrong.error().message).startsWith(bad + ":1:30: hyperparameters.goal"));
    }
};

QTEST_GUILESS_MAIN(TestTuningSpec)
#include "tst_tuningspec.moc"
