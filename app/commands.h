// The covertype subcommands. Each takes the arguments after its name and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace covertype::cli {

using Args = std::vector<std::string>;

int runInfo(const Args &args);
int runSplit(const Args &args);
int runTrain(const Args &args);
int runEvaluate(const Args &args);
int runPredict(const Args &args);
int runConfig(const Args &args);
int runTune(const Args &args);
int runPipelineCommand(const Args &args);
int runRuns(const Args &args);
int runServe(const Args &args);
int runDeploy(const Args &args);
int runDeployments(const Args &args);
int runCloud(const Args &args);

}  // namespace covertype::cli
