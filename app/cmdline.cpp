// Command-line option parsing for the covertype subcommands.
#include "cmdline.h"

#include <charconv>
#include <optional>

#include "base/text.h"

namespace covertype::cli {

namespace {

std::string normalised(std::string name)
{
    for (char &c : name)
        if (c == '-')
            c = '_';
    return name;
}

std::optional<bool> fireBool(std::string_view v)
{
    if (v == "True" || v == "true" || v == "TRUE" || v == "1" || v == "yes")
        return true;
    if (v == "False" || v == "false" || v == "FALSE" || v == "0" || v == "no")
        return false;
    return std::nullopt;
}

}  // namespace

CommandLine::CommandLine(std::string command, std::string usage, std::string summary,
                         std::vector<OptionSpec> options)
    : m_command(std::move(command)),
      m_usage(std::move(usage)),
      m_summary(std::move(summary)),
      m_options(std::move(options))
{
}

const OptionSpec *CommandLine::spec(const std::string &name) const
{
    for (const OptionSpec &o : m_options)
        if (normalised(o.name) == normalised(name))
            return &o;
    return nullptr;
}

Expected<void> CommandLine::parse(const std::vector<std::string> &args)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--help" || arg == "-h") {
            m_help = true;
            return {};
        }
        if (!arg.starts_with("--") || arg.size() == 2)
            return fail(ErrorCode::Usage,
                        cat("covertype ", m_command, ": unexpected argument '", arg,
                            "' (options start with --; see covertype ", m_command, " --help)"));
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        name = normalised(name);
        const OptionSpec *o = spec(name);
        if (!o)
            return fail(ErrorCode::Usage, cat("covertype ", m_command, ": unknown option ",
                                              arg.substr(0, arg.find('=')), " (see covertype ",
                                              m_command, " --help)"));
        if (m_values.contains(name))
            return fail(ErrorCode::Usage,
                        cat("covertype ", m_command, ": option --", name, " given twice"));
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (o->boolean) {
            // Fire style: `--hptune True`, or a bare `--hptune` meaning True.
            if (i + 1 < args.size() && fireBool(args[i + 1])) {
                value = args[++i];
            } else {
                value = "True";
            }
        } else if (o->valueName.empty()) {
            value = "True";
        } else {
            if (i + 1 >= args.size())
                return fail(ErrorCode::Usage, cat("covertype ", m_command, ": option --", name,
                                                  " needs a value (", o->valueName, ")"));
            value = args[++i];
        }
        if (o->valueName.empty() && !o->boolean && inlineValue && !fireBool(value))
            return fail(ErrorCode::Usage,
                        cat("covertype ", m_command, ": switch --", name, " takes no value"));
        m_values[name] = value;
    }
    return {};
}

std::string CommandLine::help() const
{
    std::string out = cat("Usage: covertype ", m_command, " ", m_usage, "\n\n", m_summary, "\n");
    if (!m_options.empty())
        out += "\nOptions:\n";
    for (const OptionSpec &o : m_options) {
        std::string left = "  --" + o.name;
        if (o.boolean)
            left += " [True|False]";
        else if (!o.valueName.empty())
            left += " " + o.valueName;
        if (left.size() < 34)
            left.resize(34, ' ');
        else
            left += "\n" + std::string(34, ' ');
        out += left + o.help + "\n";
    }
    out += "  --help                          show this help\n";
    return out;
}

bool CommandLine::has(const std::string &name) const
{
    return m_values.contains(normalised(name));
}

std::string CommandLine::value(const std::string &name, const std::string &fallback) const
{
    const auto it = m_values.find(normalised(name));
    return it == m_values.end() ? fallback : it->second;
}

Expected<std::string> CommandLine::required(const std::string &name) const
{
    const auto it = m_values.find(normalised(name));
    if (it == m_values.end() || it->second.empty())
        return fail(ErrorCode::Usage, cat("covertype ", m_command, ": --", name,
                                          " is required (see covertype ", m_command, " --help)"));
    return it->second;
}

Expected<double> CommandLine::number(const std::string &name, double fallback) const
{
    if (!has(name))
        return fallback;
    const std::string v = value(name);
    double d = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || ptr != v.data() + v.size())
        return fail(ErrorCode::Usage,
                    cat("covertype ", m_command, ": --", name, " expects a number, got '", v, "'"));
    return d;
}

Expected<int64_t> CommandLine::integer(const std::string &name, int64_t fallback) const
{
    if (!has(name))
        return fallback;
    const std::string v = value(name);
    int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || ptr != v.data() + v.size())
        return fail(ErrorCode::Usage, cat("covertype ", m_command, ": --", name,
                                          " expects an integer, got '", v, "'"));
    return n;
}

Expected<bool> CommandLine::boolean(const std::string &name, bool fallback) const
{
    if (!has(name))
        return fallback;
    const std::string v = value(name);
    if (auto b = fireBool(v))
        return *b;
    return fail(ErrorCode::Usage, cat("covertype ", m_command, ": --", name,
                                      " expects True or False, got '", v, "'"));
}

}  // namespace covertype::cli
