// Helpers shared by the tests: locating the real Covertype rows, temporary files.
#pragma once

#include <QString>

namespace covertype::test {

/// Path of covertype_75k.csv, or an empty string when it is absent. Looks in $COVERTYPE_DATA_DIR,
/// then in ../shared/data/covertype beside the checkout.
QString realDataFile();

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

/// Writes `contents` to `name` inside `dir` and returns the full path.
QString writeFile(const QString &dir, const QString &name, const QByteArray &contents);

}  // namespace covertype::test
