// covertype config: check a tuning config, or convert it between the gcloud YAML, the pipeline
// JSON and the Vertex AI HyperparameterTuningJob forms.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "cliutil.h"
#include "commands.h"
#include "tuning/tuningspec.h"

namespace covertype::cli {

namespace {

constexpr const char *kUsage =
    "Usage: covertype config check FILE\n"
    "       covertype config convert --from FILE --to yaml|json|vertex\n\n"
    "Tuning configs in any of three forms: the gcloud config.yaml "
    "(trainingInput.hyperparameters),\n"
    "the pipeline's JSON ({\"hyperparameters\": ...}, Python's True accepted) and the Vertex AI\n"
    "HyperparameterTuningJob ({\"studySpec\": ..., \"maxTrialCount\": ...}).\n\n"
    "Subcommands:\n"
    "  check FILE     parse and validate; list every problem with its field path\n"
    "  convert        validate, then print the config in another form\n\n"
    "Run 'covertype config <subcommand> --help' for its options.\n";

/// Prints each problem as "FILE: path: message" on stderr (compiler style) and returns 1.
int reportProblems(const std::string &file, const std::vector<TuningProblem> &problems)
{
    for (const TuningProblem &p : problems)
        std::fprintf(stderr, "%s: %s: %s\n", file.c_str(), p.path.c_str(), p.message.c_str());
    std::fprintf(stderr, "%s: %zu problem%s\n", file.c_str(), problems.size(),
                 problems.size() == 1 ? "" : "s");
    return kExitFailure;
}

/// Loads FILE and tells its form; on failure prints why and returns nullopt.
std::optional<TuningSpec> load(const std::string &file, TuningFormat &format)
{
    auto spec = loadTuningSpec(file, format);
    if (spec)
        return std::move(*spec);
    if (spec.error().code == ErrorCode::Io)
        reportError(spec.error());
    else  // parse messages already start with "FILE:line:column:", one problem a line
        std::fprintf(stderr, "%s\n", spec.error().message.c_str());
    return std::nullopt;
}

int runCheck(const Args &args)
{
    CommandLine cmd(
        "config check", "FILE",
        "Parses FILE (any of the three forms) and checks it against the tuning service's "
        "rules\nand the trainer's parameters (alpha > 0, max_iter >= 1). Prints every "
        "problem with\nits field path and exits 1, or prints a one-line summary.",
        {});
    std::vector<std::string> options;
    std::vector<std::string> files;
    for (const std::string &a : args)
        (a.starts_with("-") && a != "-" ? options : files).push_back(a);
    if (const int rc = parseOrExit(cmd, options); rc >= 0)
        return rc;
    if (files.size() != 1)
        return reportError({ErrorCode::Usage, files.empty()
                                                  ? "covertype config check: give the FILE to check"
                                                  : "covertype config check: give one FILE"});
    const std::string &file = files.front();
    TuningFormat format{};
    auto spec = load(file, format);
    if (!spec)
        return kExitFailure;
    if (auto problems = tuningSpecProblems(*spec, format); !problems.empty())
        return reportProblems(file, problems);
    std::printf("%s: valid (%zu parameter%s, %d trial%s, algorithm %s)\n", file.c_str(),
                spec->params.size(), spec->params.size() == 1 ? "" : "s", spec->maxTrials,
                spec->maxTrials == 1 ? "" : "s", algorithmName(spec->algorithm));
    return kExitOk;
}

int runConvert(const Args &args)
{
    CommandLine cmd(
        "config convert", "--from FILE --to yaml|json|vertex",
        "Reads a tuning config in any form, validates it, and prints it to stdout as the gcloud\n"
        "config.yaml (yaml), the pipeline's hypertune_settings JSON (json) or a Vertex AI\n"
        "HyperparameterTuningJob body without trialJobSpec (vertex).",
        {{"from", "FILE", "the config to convert"}, {"to", "FORM", "yaml, json or vertex"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto file = cmd.required("from");
    if (!file)
        return reportError(file.error());
    auto to = cmd.required("to");
    if (!to)
        return reportError(to.error());
    TuningFormat target;
    if (*to == "yaml")
        target = TuningFormat::GcloudYaml;
    else if (*to == "json")
        target = TuningFormat::PipelineJson;
    else if (*to == "vertex")
        target = TuningFormat::VertexJson;
    else
        return reportError(
            {ErrorCode::Usage,
             cat("covertype config convert: --to must be yaml, json or vertex, got '", *to, "'")});

    TuningFormat format{};
    auto spec = load(*file, format);
    if (!spec)
        return kExitFailure;
    if (auto problems = tuningSpecProblems(*spec, format); !problems.empty())
        return reportProblems(*file, problems);

    // Say what the target form cannot carry rather than dropping it silently.
    if (target == TuningFormat::VertexJson && !spec->resumePreviousJobId.empty())
        std::fprintf(stderr,
                     "covertype: warning: resumePreviousJobId has no Vertex AI equivalent; "
                     "not written\n");
    if (target != TuningFormat::VertexJson) {
        if (spec->measurementSelection != MeasurementSelection::Unspecified)
            std::fprintf(stderr,
                         "covertype: warning: measurementSelectionType has no equivalent "
                         "in the legacy forms; not written\n");
        if (spec->stopping == StoppingSpec::DecayCurve)
            std::fprintf(stderr,
                         "covertype: warning: decayCurveStoppingSpec becomes "
                         "enableTrialEarlyStopping: True (the service's median rule)\n");
    }
    const std::string text = writeTuningSpec(*spec, target);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
}

}  // namespace

int runConfig(const Args &args)
{
    if (args.empty()) {
        std::fputs(kUsage, stderr);
        return kExitUsage;
    }
    const std::string &sub = args.front();
    const Args rest(args.begin() + 1, args.end());
    if (sub == "--help" || sub == "-h" || sub == "help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    if (sub == "check")
        return runCheck(rest);
    if (sub == "convert")
        return runConvert(rest);
    return reportError(
        {ErrorCode::Usage, cat("covertype config: unknown subcommand '", sub,
                               "' (check or convert; see covertype config --help)")});
}

}  // namespace covertype::cli
