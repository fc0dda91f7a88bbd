// covertype: the command-line tool for the course workflow (info, split, train, evaluate, predict).
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/bigmemory.h"
#include "base/version.h"
#include "commands.h"

namespace {

struct Command
{
    const char *name;
    int (*run)(const covertype::cli::Args &);
    const char *summary;
};

constexpr Command kCommands[] = {
    {"info", covertype::cli::runInfo, "schema, types, row count, column statistics, class counts"},
    {"split", covertype::cli::runSplit, "BigQuery-exact hash split: export, lots, or SQL"},
    {"train", covertype::cli::runTrain, "train the course model (train.py arguments)"},
    {"evaluate", covertype::cli::runEvaluate,
     "accuracy or macro recall of a model on labelled data"},
    {"predict", covertype::cli::runPredict,
     "predict Cover_Type: JSON instances, a CSV file, or via a server"},
    {"config", covertype::cli::runConfig, "check or convert a tuning config: yaml, json, vertex"},
    {"tune", covertype::cli::runTune,
     "hyperparameter tuning with a config.yaml, recorded in the run store"},
    {"pipeline", covertype::cli::runPipelineCommand,
     "pipeline run: split, tune, retrain, evaluate, gated deploy"},
    {"runs", covertype::cli::runRuns, "list, show or export the recorded runs"},
    {"serve", covertype::cli::runServe, "serve predictions over HTTP (AI Platform / Vertex AI)"},
    {"deploy", covertype::cli::runDeploy, "deploy a model.json to the local registry"},
    {"deployments", covertype::cli::runDeployments,
     "list, set-default or undeploy versions in the local registry"},
    {"cloud", covertype::cli::runCloud,
     "Google Cloud: auth check, Cloud Storage cp/ls/rm (docs/cloud.md)"},
};

void printUsage(FILE *out)
{
    std::fprintf(out,
                 "Usage: covertype <command> [options]\n\n"
                 "Covertype Workbench %s: the MLOps course workflow on the UCI Covertype data.\n\n"
                 "Commands:\n",
                 covertype::kProgramVersion);
    for (const Command &c : kCommands)
        std::fprintf(out, "  %-11s %s\n", c.name, c.summary);
    std::fprintf(out, "\nRun 'covertype <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char **argv)
{
    covertype::prepareHeapForLargeData();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("covertype"));
    QCoreApplication::setOrganizationName(QStringLiteral("CovertypeWorkbench"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(covertype::kProgramVersion));
    // The library's informational logs (store migrations, ...) stay quiet unless asked for.
    if (qEnvironmentVariableIsEmpty("COVERTYPE_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("covertype.*.info=false"));

    if (argc < 2) {
        printUsage(stderr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(stdout);
        return 0;
    }
    if (name == "--version") {
        std::printf("covertype %s\n", covertype::kProgramVersion);
        return 0;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    for (const Command &c : kCommands)
        if (name == c.name)
            return c.run(args);
    std::fprintf(stderr, "covertype: error: unknown command '%s'\n\n", name.c_str());
    printUsage(stderr);
    return 2;
}
