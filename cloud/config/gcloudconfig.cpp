// gcloud's configuration files are INI files: [section] lines and `key = value` lines.
#include "config/gcloudconfig.h"

#include <cstdlib>
#include <fstream>

namespace covertype::cloud {

namespace {

std::string trimmed(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

std::string gcloudConfigDirectory()
{
    if (std::string dir = environment("CLOUDSDK_CONFIG"); !dir.empty())
        return dir;
    return environment("HOME") + "/.config/gcloud";
}

std::string GcloudConfiguration::get(const std::string &section, const std::string &key) const
{
    const auto it = properties.find(section + "/" + key);
    return it == properties.end() ? std::string() : it->second;
}

GcloudConfiguration readActiveGcloudConfiguration()
{
    const std::string dir = gcloudConfigDirectory();
    GcloudConfiguration config;
    config.name = environment("CLOUDSDK_ACTIVE_CONFIG_NAME");
    if (config.name.empty()) {
        std::ifstream active(dir + "/active_config");
        std::string line;
        if (active && std::getline(active, line))
            config.name = trimmed(line);
    }
    if (config.name.empty())
        config.name = "default";
    config.file = dir + "/configurations/config_" + config.name;

    std::ifstream in(config.file);
    std::string line, section;
    int lines = 0;
    while (in && std::getline(in, line) && ++lines <= 10'000) {
        line = trimmed(line);
        if (line.empty() || line[0] == '#' || line[0] == ';')
            continue;
        if (line.front() == '[' && line.back() == ']') {
            section = trimmed(line.substr(1, line.size() - 2));
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string::npos || section.empty())
            continue;
        config.properties[section + "/" + trimmed(line.substr(0, eq))] =
            trimmed(line.substr(eq + 1));
    }
    return config;
}

}  // namespace covertype::cloud
