// Command-line options for the covertype subcommands: `--name value`, `--name=value`, python-fire
// booleans (`--hptune True`), and `-`/`_` treated alike (`--job-dir` = `--job_dir`).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"

namespace covertype::cli {

struct OptionSpec
{
    std::string name;       ///< without the leading dashes; '-' and '_' match either
    std::string valueName;  ///< e.g. "FILE"; empty for a switch (`--json`)
    std::string help;
    bool boolean = false;  ///< takes True/False (fire style) or nothing (= True)
};

class CommandLine
{
public:
    CommandLine(std::string command, std::string usage, std::string summary,
                std::vector<OptionSpec> options);

    /// Parses the arguments after the subcommand name. `--help` sets helpRequested().
    [[nodiscard]] Expected<void> parse(const std::vector<std::string> &args);

    [[nodiscard]] bool helpRequested() const { return m_help; }
    [[nodiscard]] std::string help() const;

    [[nodiscard]] bool has(const std::string &name) const;
    /// The option's value, or `fallback` when it was not given.
    [[nodiscard]] std::string value(const std::string &name,
                                    const std::string &fallback = {}) const;
    /// The value of a required option; error naming it when absent.
    [[nodiscard]] Expected<std::string> required(const std::string &name) const;
    [[nodiscard]] Expected<double> number(const std::string &name, double fallback) const;
    [[nodiscard]] Expected<int64_t> integer(const std::string &name, int64_t fallback) const;
    /// True/False in python-fire spellings (True, true, 1, False, false, 0); a bare switch is true.
    [[nodiscard]] Expected<bool> boolean(const std::string &name, bool fallback) const;

private:
    const OptionSpec *spec(const std::string &name) const;

    std::string m_command;
    std::string m_usage;
    std::string m_summary;
    std::vector<OptionSpec> m_options;
    std::map<std::string, std::string> m_values;
    bool m_help = false;
};

}  // namespace covertype::cli
