// Helpers shared by the tests: locating the real Covertype rows, temporary files, small Datasets.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"

namespace covertype::test {

/// Path of covertype_75k.csv, or an empty string when it is absent. Looks in $COVERTYPE_DATA_DIR,
/// then in ../shared/data/covertype beside the checkout.
QString realDataFile();

/// The first `rows` rows of the data file `path` (the cloud tests' trials read a few thousand).
Expected<std::shared_ptr<const Dataset>> firstRows(const QString &path, size_t rows);

/// Declares `const QString var` holding the real data file; QSKIPs the test when it is absent, or
/// fails it when COVERTYPE_REQUIRE_DATA=1 (as CI sets it).
#define COVERTYPE_REAL_DATA(var)                                                                  \
    const QString var = covertype::test::realDataFile();                                          \
    if (var.isEmpty()) {                                                                          \
        if (qEnvironmentVariableIntValue("COVERTYPE_REQUIRE_DATA") == 1)                          \
            QFAIL(                                                                                \
                "covertype_75k.csv not found (COVERTYPE_DATA_DIR) and COVERTYPE_REQUIRE_DATA=1"); \
        QSKIP("covertype_75k.csv not found: set COVERTYPE_DATA_DIR to run this test");            \
    }

/// False in the sanitizer build (COVERTYPE_SANITIZE, `make test-sanitize`): the code runs several
/// times slower there and ASan adds pauses of its own, so latency limits are measured and printed
/// but not asserted. Limits that only check that a timeout works stay asserted everywhere.
#ifdef COVERTYPE_SANITIZE
inline constexpr bool kAssertLatency = false;
#else
inline constexpr bool kAssertLatency = true;
#endif

/// How late a 5 ms timer fires on the GUI thread while something runs there: the window's
/// responsiveness, measured rather than assumed.
class EventLoopProbe
{
public:
    EventLoopProbe();
    void start();
    void stop();
    [[nodiscard]] size_t ticks() const { return m_lateness.size(); }
    /// Prints p50, p99 and the worst lateness of `what`; returns an error message when the p99
    /// is `limitMs` or more (never in the sanitizer build, see kAssertLatency) or when fewer
    /// than `minTicks` ticks were measured, else "".
    [[nodiscard]] QString report(const char *what, double limitMs = 50, size_t minTicks = 10);

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_lateness;
};

/// Writes `contents` to `name` inside `dir` and returns the full path.
QString writeFile(const QString &dir, const QString &name, const QByteArray &contents);

/// An INT64 column holding `values`, without NULLs.
Column intColumn(std::string_view name, std::vector<int64_t> values);

/// A FLOAT64 column holding `values`, without NULLs.
Column doubleColumn(std::string_view name, std::vector<double> values);

/// A STRING column holding `values`, dictionary-encoded in order of first appearance.
Column stringColumn(std::string_view name, const std::vector<std::string> &values);

/// How labRows draws Wilderness_Area: uniformly, or (one draw in four) the area indexed by the
/// class.
enum class LabWilderness { Uniform, LeansToClass };

/// Synthetic lab-schema rows: classes 1..3 depending on Elevation and Slope; `soils` distinct
/// Soil_Type codes; the same (rows, seed, options) always give the same table.
Dataset labRows(size_t rows, uint64_t seed, bool withLabel = true, size_t soils = 6,
                LabWilderness wilderness = LabWilderness::Uniform);

/// The course's config.yaml (course-workflow.md section 4), verbatim.
extern const char *const kCourseConfigYaml;

struct ProcessResult
{
    int exitCode = -1;  ///< -1 when the process crashed
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `args` and waits for it (fails the test run after `timeoutMs`).
ProcessResult runProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                         int timeoutMs = 300000);

}  // namespace covertype::test
