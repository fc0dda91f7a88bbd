// fake-gcloud: runs the fake Google Cloud until killed, for manual runs and screenshots.
// Prints the base URL and the environment that points clients (gcloud included) at it.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "fakegooglecloud.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

void onSignal(int)
{
    g_stop = 1;
}

std::string shellQuoted(const std::string &value)
{
    std::string out = "'";
    for (const char c : value)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

int main(int argc, char **argv)
{
    using covertype::fakecloud::FakeGoogleCloud;
    std::string directory;
    std::vector<std::string> buckets;
    std::vector<std::pair<std::string, std::vector<std::string>>> containers;
    std::vector<std::pair<std::string, std::string>> programs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--dir" && i + 1 < argc) {
            directory = argv[++i];
        } else if (arg == "--bucket" && i + 1 < argc) {
            buckets.emplace_back(argv[++i]);
        } else if (arg == "--container" && i + 1 < argc && std::strchr(argv[i + 1], '=')) {
            // IMAGE=PROGRAM[,ARG...]: what stands in for the image's entrypoint.
            const std::string spec = argv[++i];
            const size_t eq = spec.find('=');
            std::vector<std::string> command;
            for (size_t from = eq + 1; from <= spec.size();) {
                const size_t comma = std::min(spec.find(',', from), spec.size());
                command.push_back(spec.substr(from, comma - from));
                from = comma + 1;
            }
            containers.emplace_back(spec.substr(0, eq), std::move(command));
        } else if (arg == "--program" && i + 1 < argc && std::strchr(argv[i + 1], '=')) {
            // PATH_IN_IMAGE=LOCAL_PROGRAM: a containerSpec.command naming it runs the local one.
            const std::string spec = argv[++i];
            programs.emplace_back(spec.substr(0, spec.find('=')), spec.substr(spec.find('=') + 1));
        } else {
            std::fprintf(stderr,
                         "usage: fake-gcloud [--dir DIR] [--bucket NAME]... "
                         "[--container IMAGE=PROGRAM[,ARG...]]... [--program PATH=PROGRAM]...\n"
                         "Runs a fake Google Cloud (OAuth token endpoint, metadata server, Cloud "
                         "Storage, BigQuery, Vertex AI) on 127.0.0.1 until killed. A --container "
                         "names the\nprogram that stands in for an image's entrypoint in Vertex AI "
                         "jobs and endpoints;\na --program, the local program for a "
                         "containerSpec.command's first word.\nDIR (default: a new directory under "
                         "/tmp) receives a service-account key, an authorized_user file, an access "
                         "token and gcloud's configuration.\n");
            return arg == "--help" || arg == "-h" ? 0 : 2;
        }
    }
    if (directory.empty()) {
        char pattern[] = "/tmp/fake-gcloud-XXXXXX";
        if (!::mkdtemp(pattern)) {
            std::perror("fake-gcloud: mkdtemp");
            return 1;
        }
        directory = pattern;
    }
    std::filesystem::create_directories(directory);

    FakeGoogleCloud cloud;
    for (const auto &bucket : buckets)
        cloud.createBucket(bucket);
    for (const auto &[image, command] : containers)
        cloud.setContainerCommand(image, command);
    for (const auto &[inImage, local] : programs)
        cloud.setContainerProgram(inImage, local);
    const std::string keyFile = directory + "/service-account.json";
    const std::string userFile = directory + "/authorized-user.json";
    cloud.writeServiceAccountKey(keyFile);
    cloud.writeAuthorizedUser(userFile);

    std::printf("fake Google Cloud at %s (project %s)\n\n", cloud.baseUrl().c_str(),
                cloud.options().projectId.c_str());
    std::printf("# for gcloud and the metadata server:\n");
    for (const auto &[name, value] : cloud.gcloudEnvironment(directory))
        std::printf("export %s=%s\n", name.c_str(), shellQuoted(value).c_str());
    std::printf("# or a service-account key (JWT grant to %s):\n", cloud.tokenUri().c_str());
    std::printf("export GOOGLE_APPLICATION_CREDENTIALS=%s\n", shellQuoted(keyFile).c_str());
    std::printf("# (authorized_user credentials: %s)\n", userFile.c_str());
    std::fflush(stdout);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    while (!g_stop)
        ::pause();
    return 0;
}
