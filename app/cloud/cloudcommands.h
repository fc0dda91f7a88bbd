// The `covertype cloud` subcommands, each taking the arguments after its name.
#pragma once

#include "commands.h"

namespace covertype::cli {

int runCloudAuth(const Args &args);
int runCloudCopy(const Args &args);
int runCloudList(const Args &args);
int runCloudRemove(const Args &args);
int runCloudBigQuery(const Args &args);
int runCloudSplit(const Args &args);
int runCloudJobs(const Args &args);
int runCloudEndpoints(const Args &args);
int runCloudPredict(const Args &args);
int runCloudDeploy(const Args &args);
int runCloudCleanup(const Args &args);
int runCloudTune(const Args &args);
int runCloudTrain(const Args &args);
int runCloudEstimate(const Args &args);

}  // namespace covertype::cli
