// Running the real Google Cloud CLI (gcloud, bq) against the fake in tests: an environment that
// points it at the fake and keeps everything of the user's away, and a bounded run.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <string>

#include "fakegooglecloud.h"

namespace covertype::fakecloud::test {

struct CliRun
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// The system environment without the user's credentials, configuration or proxies
/// (CLOUDSDK_*, GOOGLE_*, BOTO*, *_proxy), HOME in `dir`, and the fake's gcloudEnvironment(dir).
inline QProcessEnvironment isolatedGcloudEnvironment(FakeGoogleCloud &cloud, const QString &dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys())
        if (name.startsWith("CLOUDSDK_") || name.startsWith("GOOGLE_") || name.startsWith("BOTO") ||
            name.endsWith("_proxy", Qt::CaseInsensitive))
            env.remove(name);
    env.insert("HOME", dir);
    env.insert("NO_PROXY", "127.0.0.1,localhost");
    for (const auto &[name, value] : cloud.gcloudEnvironment(dir.toStdString()))
        env.insert(QString::fromStdString(name), QString::fromStdString(value));
    return env;
}

/// Runs `program` in `workingDirectory`; a run past 180 s is killed and reported in err.
inline CliRun runCli(const QString &program, const QStringList &args,
                     const QProcessEnvironment &env, const QString &workingDirectory)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workingDirectory);
    process.start(program, args);
    CliRun run;
    if (!process.waitForFinished(180'000)) {
        process.kill();
        process.waitForFinished();
        run.err = program.toStdString() + " did not finish in 180 s";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput().toStdString();
    run.err = process.readAllStandardError().toStdString();
    return run;
}

}  // namespace covertype::fakecloud::test
