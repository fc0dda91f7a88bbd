// Locating the real Covertype rows, temporary files and small Datasets for the tests.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <numeric>

#include "data/csvloader.h"
#include "data/labschema.h"

namespace covertype::test {

QString realDataFile()
{
    QString dir = qEnvironmentVariable("COVERTYPE_DATA_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(COVERTYPE_DEFAULT_DATA_DIR);
    const QString path = QDir(dir).filePath(QStringLiteral("covertype_75k.csv"));
    return QFileInfo::exists(path) ? QFileInfo(path).absoluteFilePath() : QString();
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &contents)
{
    const QString path = QDir(dir).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write test fixture %s", qPrintable(path));
    file.write(contents);
    return path;
}

Column intColumn(std::string_view name, std::vector<int64_t> values)
{
    Column c;
    c.name = std::string(name);
    c.type = ColumnType::Int64;
    c.ints.assign(values.begin(), values.end());
    return c;
}

Column doubleColumn(std::string_view name, std::vector<double> values)
{
    Column c;
    c.name = std::string(name);
    c.type = ColumnType::Float64;
    c.doubles.assign(values.begin(), values.end());
    return c;
}

Column stringColumn(std::string_view name, const std::vector<std::string> &values)
{
    Column c;
    c.name = std::string(name);
    c.type = ColumnType::String;
    for (const std::string &v : values) {
        auto it = std::find(c.dictionary.begin(), c.dictionary.end(), v);
        if (it == c.dictionary.end()) {
            c.dictionary.push_back(v);
            it = c.dictionary.end() - 1;
        }
        c.codes.push_back(int32_t(it - c.dictionary.begin()));
    }
    return c;
}

Dataset labRows(size_t rows, uint64_t seed, bool withLabel, size_t soils, LabWilderness wilderness)
{
    uint64_t state = seed * 2654435761u + 1;
    auto next = [&](int64_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return int64_t((state >> 33) % uint64_t(bound));
    };
    const std::vector<std::string> areas = {"Rawah", "Neota", "Commanche", "Cache"};
    std::vector<std::vector<int64_t>> numeric(lab::kNumericColumns.size());
    std::vector<std::string> area, soil;
    std::vector<int64_t> label;
    for (size_t r = 0; r < rows; ++r) {
        const int64_t cls = int64_t(r % 3) + 1;
        label.push_back(cls);
        for (size_t j = 0; j < numeric.size(); ++j)
            numeric[j].push_back(next(200));
        numeric[0].back() = 2000 + 400 * cls + next(500);
        numeric[2].back() = 5 * cls + next(20);
        if (wilderness == LabWilderness::LeansToClass)
            area.push_back(areas[size_t(next(4) == 0 ? cls : next(4))]);
        else
            area.push_back(areas[size_t(next(4))]);
        soil.push_back("C" + std::to_string(lab::kSoilEluCodes[size_t(next(int64_t(soils)))]));
    }
    std::vector<Column> columns;
    for (size_t j = 0; j < numeric.size(); ++j)
        columns.push_back(intColumn(lab::kNumericColumns[j], numeric[j]));
    columns.push_back(stringColumn("Wilderness_Area", area));
    columns.push_back(stringColumn("Soil_Type", soil));
    if (withLabel)
        columns.push_back(intColumn("Cover_Type", label));
    return Dataset(std::move(columns), "synthetic.csv");
}

const char *const kCourseConfigYaml = R"(trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 6
    maxParallelTrials: 3
    hyperparameterMetricTag: accuracy
    enableTrialEarlyStopping: True
    params:
    - parameterName: max_iter
      type: DISCRETE
      discreteValues: [500, 1000]
    - parameterName: alpha
      type: DOUBLE
      minValue: 0.0001
      maxValue: 0.001
      scaleType: UNIT_LINEAR_SCALE
)";

ProcessResult runProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs))
        qFatal("%s %s did not finish", qPrintable(program), qPrintable(args.join(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

Expected<std::shared_ptr<const Dataset>> firstRows(const QString &path, size_t rows)
{
    auto data = loadDataset(path.toStdString());
    if (!data)
        return std::unexpected(data.error());
    std::vector<uint32_t> first(std::min(rows, data->rowCount()));
    std::iota(first.begin(), first.end(), 0U);
    return std::make_shared<const Dataset>(data->selectRows(first));
}

EventLoopProbe::EventLoopProbe()
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(5);
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        m_lateness.push_back(std::max(0.0, double(now - m_last) / 1e6 - 5.0));
        m_last = now;
    });
}

void EventLoopProbe::start()
{
    m_lateness.clear();
    m_last = 0;
    m_clock.start();
    m_timer.start();
}

void EventLoopProbe::stop()
{
    m_timer.stop();
}

QString EventLoopProbe::report(const char *what, double limitMs, size_t minTicks)
{
    if (m_lateness.size() < minTicks)
        return QStringLiteral("only %1 ticks of the event-loop probe").arg(m_lateness.size());
    std::vector<double> sorted = m_lateness;
    std::sort(sorted.begin(), sorted.end());
    const double p99 = sorted[size_t(double(sorted.size() - 1) * 0.99)];
    qInfo(
        "event-loop lateness during %s (%.1f s, %zu ticks of 5 ms): p50 %.2f ms, p99 %.2f ms, "
        "max %.2f ms",
        what, double(m_clock.nsecsElapsed()) / 1e9, sorted.size(), sorted[sorted.size() / 2], p99,
        sorted.back());
    if (!kAssertLatency) {
        qInfo("p99 < %.0f ms is not asserted in the sanitizer build", limitMs);
        return {};
    }
    return p99 < limitMs ? QString() : QStringLiteral("p99 lateness %1 ms").arg(p99);
}

}  // namespace covertype::test
