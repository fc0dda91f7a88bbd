// Shared pieces of the subcommands.
#include "cliutil.h"

#include <unistd.h>

#include <cstdio>

namespace covertype::cli {

int reportError(const Error &error)
{
    std::fprintf(stderr, "covertype: error: %s\n", error.message.c_str());
    return error.code == ErrorCode::InvalidArgument ? kExitUsage : kExitFailure;
}

int parseOrExit(CommandLine &cmd, const std::vector<std::string> &args)
{
    if (auto ok = cmd.parse(args); !ok)
        return reportError(ok.error());
    if (cmd.helpRequested()) {
        std::fputs(cmd.help().c_str(), stdout);
        return kExitOk;
    }
    return -1;
}

Expected<Dataset> loadDataOption(const CommandLine &cmd, const std::string &option)
{
    auto path = cmd.required(option);
    if (!path)
        return std::unexpected(path.error());
    LoadOptions options;
    if (cmd.has("schema")) {
        auto fields = loadSchemaFile(cmd.value("schema"));
        if (!fields)
            return std::unexpected(fields.error());
        options.schema = std::move(*fields);
    }
    if (isatty(STDERR_FILENO)) {
        options.progress = [last = -1](double fraction) mutable {
            const int percent = int(fraction * 100);
            if (percent != last) {
                std::fprintf(stderr, "\rloading... %d%%", percent);
                last = percent;
            }
            return true;
        };
    }
    auto data = loadDataset(*path, options);
    if (options.progress)
        std::fputs("\r              \r", stderr);
    return data;
}

}  // namespace covertype::cli
