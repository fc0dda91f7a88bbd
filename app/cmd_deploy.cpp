// covertype deploy and covertype deployments: the local deployment registry from the command
// line, every change recorded in the run store.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "base/text.h"
#include "cliutil.h"
#include "commands.h"
#include "deploy/localregistry.h"
#include "deployrecorder.h"

namespace covertype::cli {

namespace {

const OptionSpec kRegistryOption = {"registry", "DIR",
                                    "registry directory (default: the user's data directory)"};
const OptionSpec kStoreOption = {"store", "PATH", "run store (default: the user's data directory)"};

/// A name from the command line, checked before anything happens.
Expected<void> checkNameOption(const char *command, const char *option, const char *what,
                               const std::string &value)
{
    if (auto ok = LocalRegistry::checkName(what, value); !ok)
        return fail(ErrorCode::Usage,
                    cat("covertype ", command, ": --", option, ": ", ok.error().message));
    return {};
}

nlohmann::json deploymentJson(const Deployment &d)
{
    return {{"target", d.target},     {"model", d.model},          {"version", d.version},
            {"default", d.isDefault}, {"created_at", d.createdAt}, {"model_path", d.modelPath}};
}

}  // namespace

int runDeploy(const Args &args)
{
    CommandLine cmd(
        "deploy",
        "--model FILE --version V [--name NAME] [--replace] [--default] [--registry DIR]\n"
        "                        [--store PATH] [--json]",
        "Deploys a model.json to the local registry as NAME/V, the way `gcloud ai-platform "
        "versions\ncreate` does for AI Platform: the model is validated, then copied in one "
        "atomic step, so a\nrunning `covertype serve --registry DIR` switches to it without "
        "dropping a request. The\nfirst version of a model becomes its default. The "
        "deployment is recorded in the run store.",
        {{"model", "FILE", "model.json written by covertype train, tune or pipeline run"},
         {"name", "NAME", "model name (default covertype_classifier)"},
         {"version", "V", "version name, e.g. v01 (a letter, then letters, digits, _)"},
         {"replace", "", "overwrite the version if it exists"},
         {"default", "", "make this version the default"},
         kRegistryOption,
         kStoreOption,
         {"json", "", "print the deployment as JSON"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    auto modelPath = cmd.required("model");
    if (!modelPath)
        return reportError(modelPath.error());
    auto version = cmd.required("version");
    if (!version)
        return reportError(version.error());
    const std::string name = cmd.value("name", "covertype_classifier");
    if (auto ok = checkNameOption("deploy", "name", "model", name); !ok)
        return reportError(ok.error());
    if (auto ok = checkNameOption("deploy", "version", "version", *version); !ok)
        return reportError(ok.error());
    const bool replace = cmd.has("replace");

    auto model = loadModelFile(*modelPath);
    if (!model)
        return reportError(model.error());
    const std::string root = registryRoot(cmd.value("registry"));
    LocalRegistry registry(root);
    if (!replace && registry.modelFile(name, *version))
        return reportError(
            {ErrorCode::Conflict,
             cat("version '", *version, "' of model '", name, "' is already deployed in ", root,
                 " (use --replace to overwrite it, or another --version)")});

    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());
    auto stored = storedModelFor(**store, *modelPath, *model);
    if (!stored)
        return reportError(stored.error());
    auto recordId = recordLocalDeployment(**store, stored->runId, stored->modelId, root, name,
                                          *version, DeploymentState::Deploying);
    if (!recordId)
        return reportError(recordId.error());

    auto deployed = registry.deploy(*modelPath, name, *version, replace);
    if (deployed && cmd.has("default") && !deployed->isDefault) {
        if (auto ok = registry.setDefault(name, *version); !ok)
            deployed = std::unexpected(ok.error());
        else
            deployed->isDefault = true;
    }
    if (!deployed) {
        (void)(*store)->setDeploymentState(*recordId, DeploymentState::Failed, {},
                                           deployed.error().message);
        return reportError(deployed.error());
    }
    if (auto ok = (*store)->setDeploymentState(*recordId, DeploymentState::Deployed, {}); !ok)
        return reportError(ok.error());
    auto replaced = markLocalUndeployed(**store, root, name, *version,
                                        cat("replaced by deployment ", *recordId), *recordId);
    if (!replaced)
        return reportError(replaced.error());

    if (cmd.has("json")) {
        nlohmann::json out = deploymentJson(*deployed);
        out["source"] = *modelPath;
        out["registry"] = root;
        out["deployment_id"] = *recordId;
        out["run_id"] = stored->runId;
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("deployed %s as %s/%s%s\nregistry: %s\nrecorded: deployment %lld of run %lld\n",
                    modelPath->c_str(), name.c_str(), version->c_str(),
                    deployed->isDefault ? " (default version)" : "", root.c_str(),
                    static_cast<long long>(*recordId), static_cast<long long>(stored->runId));
    }
    return kExitOk;
}

int runDeployments(const Args &args)
{
    const std::string sub = args.empty() ? std::string() : args.front();
    if (sub != "list" && sub != "set-default" && sub != "undeploy") {
        if (sub == "--help" || sub == "-h") {
            std::printf(
                "Usage: covertype deployments list [--registry DIR] [--json]\n"
                "       covertype deployments set-default NAME VERSION [--registry DIR]\n"
                "       covertype deployments undeploy NAME VERSION [--registry DIR] "
                "[--store PATH]\n\n"
                "The models and versions in the local registry (covertype deploy puts them "
                "there).\n"
                "Run 'covertype deployments <list|set-default|undeploy> --help' for the "
                "options.\n");
            return kExitOk;
        }
        return reportError({ErrorCode::Usage,
                            "covertype deployments: expected list, "
                            "set-default NAME VERSION or undeploy NAME "
                            "VERSION (covertype deployments --help)"});
    }
    Args rest(args.begin() + 1, args.end());
    std::vector<std::string> positional;
    while (!rest.empty() && !rest.front().starts_with("-")) {
        positional.push_back(rest.front());
        rest.erase(rest.begin());
    }
    const size_t expected = sub == "list" ? 0 : 2;
    const std::string command = "deployments " + sub;
    std::vector<OptionSpec> options = {kRegistryOption};
    if (sub == "list")
        options.push_back({"json", "", "print JSON"});
    if (sub == "undeploy")
        options.push_back(kStoreOption);
    CommandLine cmd(command,
                    sub == "list"       ? "[--registry DIR] [--json]"
                    : sub == "undeploy" ? "NAME VERSION [--registry DIR] [--store PATH]"
                                        : "NAME VERSION [--registry DIR]",
                    sub == "list" ? "Lists every deployed version, sorted by model then version; "
                                    "* marks a model's default."
                    : sub == "undeploy"
                        ? "Removes a version. The default version can only go when it is the "
                          "model's last one\n(then the model goes with it). The run store "
                          "records it as UNDEPLOYED."
                        : "Makes VERSION the version requests without a version are answered "
                          "by; a running\n`covertype serve --registry DIR` switches to it.",
                    options);
    if (const int rc = parseOrExit(cmd, rest); rc >= 0)
        return rc;
    if (positional.size() != expected)
        return reportError(
            {ErrorCode::Usage, expected == 0 ? cat("covertype ", command, ": unexpected argument '",
                                                   positional.front(), "'")
                                             : cat("covertype ", command,
                                                   ": give the model NAME and the VERSION "
                                                   "(covertype deployments list)")});
    const std::string root = registryRoot(cmd.value("registry"));
    LocalRegistry registry(root);

    if (sub == "list") {
        auto list = registry.list();
        if (!list)
            return reportError(list.error());
        if (cmd.has("json")) {
            nlohmann::json out = nlohmann::json::array();
            for (const Deployment &d : *list)
                out.push_back(deploymentJson(d));
            std::printf("%s\n", out.dump(2).c_str());
            return kExitOk;
        }
        if (list->empty()) {
            std::printf("(no deployments in %s)\n", root.c_str());
            return kExitOk;
        }
        size_t nameWidth = 5;
        size_t versionWidth = 7;
        for (const Deployment &d : *list) {
            nameWidth = std::max(nameWidth, d.model.size());
            versionWidth = std::max(versionWidth, d.version.size());
        }
        std::printf("%-*s  %-*s  %-7s  %-20s  %s\n", int(nameWidth), "model", int(versionWidth),
                    "version", "default", "created", "model file");
        for (const Deployment &d : *list)
            std::printf("%-*s  %-*s  %-7s  %-20s  %s\n", int(nameWidth), d.model.c_str(),
                        int(versionWidth), d.version.c_str(), d.isDefault ? "*" : "",
                        d.createdAt.c_str(), d.modelPath.c_str());
        return kExitOk;
    }

    const std::string &name = positional[0];
    const std::string &version = positional[1];
    for (const auto &[what, value] : {std::pair{"model", &name}, std::pair{"version", &version}})
        if (auto ok = LocalRegistry::checkName(what, *value); !ok)
            return reportError(
                {ErrorCode::Usage, cat("covertype ", command, ": ", ok.error().message)});
    if (sub == "set-default") {
        if (auto ok = registry.setDefault(name, version); !ok)
            return reportError(ok.error());
        std::printf("%s/%s is now the default version (registry %s)\n", name.c_str(),
                    version.c_str(), root.c_str());
        return kExitOk;
    }

    if (auto ok = registry.undeploy(name, version); !ok)
        return reportError(ok.error());
    std::printf("undeployed %s/%s from %s\n", name.c_str(), version.c_str(), root.c_str());
    auto store = openStoreOption(cmd);
    if (!store)
        return reportError(store.error());
    auto changed = markLocalUndeployed(**store, root, name, version, "undeployed");
    if (!changed)
        return reportError(changed.error());
    return kExitOk;
}

}  // namespace covertype::cli
