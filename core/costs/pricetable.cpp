// Reading and checking the Vertex AI price file: every field named by its path when it is wrong.
#include "pricetable.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "base/text.h"

namespace covertype {

namespace {

using nlohmann::json;

/// The most a machine may cost per hour, and the longest overhead: past these a typo is likelier
/// than a price (the biggest CPU machines cost a few tens of dollars an hour).
constexpr double kMaxHourly = 10'000;
constexpr double kMaxOverheadSeconds = 86'400;
constexpr int kMaxVcpus = 1'024;

/// A JSON value as the user wrote it, shortened for a message.
std::string shown(const json &value)
{
    std::string text = value.dump();
    if (text.size() > 60)
        text = text.substr(0, 57) + "...";
    return text;
}

/// Walks the document and collects the first problem with its field path.
class Checker
{
public:
    explicit Checker(std::string file) : m_file(std::move(file)) {}

    [[nodiscard]] bool failed() const { return !m_error.empty(); }
    [[nodiscard]] const std::string &error() const { return m_error; }

    void problem(const std::string &path, const std::string &what)
    {
        if (m_error.empty())
            m_error = cat(m_file, ": ", path, ": ", what);
    }

    /// The object at `path`; unknown keys are refused (a misspelt field would be ignored).
    bool object(const json &value, const std::string &path, const std::set<std::string> &allowed)
    {
        if (!value.is_object()) {
            problem(path.empty() ? "(top level)" : path,
                    cat("expected an object, found ", shown(value)));
            return false;
        }
        if (allowed.empty())
            return true;
        for (const auto &[key, item] : value.items()) {
            if (!allowed.contains(key)) {
                std::string names;
                for (const std::string &name : allowed)
                    names += (names.empty() ? "" : ", ") + name;
                problem(join(path, key), cat("unknown field (expected one of ", names, ")"));
                return false;
            }
        }
        return true;
    }

    std::string text(const json &parent, const std::string &path, const char *key)
    {
        const std::string at = join(path, key);
        if (!parent.contains(key)) {
            problem(at, "required");
            return {};
        }
        const json &value = parent[key];
        if (!value.is_string() || value.get<std::string>().empty()) {
            problem(at, cat("expected a non-empty string, found ", shown(value)));
            return {};
        }
        return value.get<std::string>();
    }

    double number(const json &parent, const std::string &path, const char *key, double low,
                  double high)
    {
        const std::string at = join(path, key);
        if (!parent.contains(key)) {
            problem(at, "required");
            return 0;
        }
        const json &value = parent[key];
        if (!value.is_number()) {
            problem(at, cat("expected a number, found ", shown(value)));
            return 0;
        }
        const double v = value.get<double>();
        if (!std::isfinite(v) || v < low || v > high) {
            problem(at,
                    cat("expected a number from ", low, " to ", high, ", found ", shown(value)));
            return 0;
        }
        return v;
    }

    int integer(const json &parent, const std::string &path, const char *key, int low, int high)
    {
        const std::string at = join(path, key);
        if (!parent.contains(key)) {
            problem(at, "required");
            return 0;
        }
        const json &value = parent[key];
        if (!value.is_number_integer() || value.get<int64_t>() < low ||
            value.get<int64_t>() > high) {
            problem(at, cat("expected a whole number from ", low, " to ", high, ", found ",
                            shown(value)));
            return 0;
        }
        return int(value.get<int64_t>());
    }

    static std::string join(const std::string &path, const std::string &key)
    {
        return path.empty() ? key : path + "." + key;
    }

private:
    std::string m_file;
    std::string m_error;
};

bool isDate(const std::string &s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9')
            return false;
    const int month = std::atoi(s.substr(5, 2).c_str());
    const int day = std::atoi(s.substr(8, 2).c_str());
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool isCurrency(const std::string &s)
{
    return s.size() == 3 && std::ranges::all_of(s, [](char c) { return c >= 'A' && c <= 'Z'; });
}

void readPrices(Checker &c, const json &parent, const std::string &path, const char *key,
                const std::map<std::string, int> &vcpus, std::map<std::string, double> &out)
{
    const std::string at = Checker::join(path, key);
    if (!parent.contains(key))
        return;  // a region may have no prediction prices
    if (!c.object(parent[key], at, {}))
        return;
    for (const auto &[machine, entry] : parent[key].items()) {
        const std::string machinePath = Checker::join(at, machine);
        if (!vcpus.contains(machine)) {
            c.problem(machinePath,
                      "machine type not listed under \"machines\" (its vCPUs are needed)");
            return;
        }
        if (!c.object(entry, machinePath, {"hourly", "note"}))
            return;
        const double hourly = c.number(entry, machinePath, "hourly", 0, kMaxHourly);
        if (c.failed())
            return;
        out[machine] = hourly;
    }
}

std::string knownNames(const auto &map)
{
    std::string names;
    for (const auto &[name, value] : map)
        names += (names.empty() ? "" : ", ") + name;
    return names.empty() ? "none" : names;
}

Expected<MachinePrice> lookUp(const PriceTable &table, const std::string &region,
                              const std::string &machineType, bool training)
{
    const auto r = table.regions.find(region);
    if (r == table.regions.end())
        return fail(ErrorCode::NotFound,
                    cat(table.file, ": no prices for region '", region,
                        "' (known: ", knownNames(table.regions), "); add it to the price file"));
    const auto &prices = training ? r->second.training : r->second.prediction;
    const auto m = prices.find(machineType);
    if (m == prices.end())
        return fail(ErrorCode::NotFound,
                    cat(table.file, ": no ", training ? "training" : "prediction",
                        " price for machine type '", machineType, "' in ", region,
                        " (known: ", knownNames(prices), ")"));
    return MachinePrice{machineType, table.vcpus.at(machineType), m->second};
}

}  // namespace

Expected<MachinePrice> PriceTable::training(const std::string &region,
                                            const std::string &machineType) const
{
    return lookUp(*this, region, machineType, true);
}

Expected<MachinePrice> PriceTable::prediction(const std::string &region,
                                              const std::string &machineType) const
{
    return lookUp(*this, region, machineType, false);
}

Expected<PriceTable> parsePriceTable(std::string_view text, const std::string &file)
{
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error &e) {
        return fail(ErrorCode::Parse, cat(file, ": not valid JSON: ", e.what()));
    }
    Checker c(file);
    PriceTable table;
    table.file = file;
    if (!c.object(
            doc, "",
            {"format", "as_of", "currency", "source", "note", "overheads", "machines", "regions"}))
        return fail(ErrorCode::Parse, c.error());
    if (doc.contains("format") && doc["format"] != "covertype-vertex-prices/1")
        c.problem("format",
                  cat("expected \"covertype-vertex-prices/1\", found ", shown(doc["format"])));
    table.asOf = c.text(doc, "", "as_of");
    if (!c.failed() && !isDate(table.asOf))
        c.problem("as_of", cat("expected a date YYYY-MM-DD, found ", shown(doc["as_of"])));
    table.currency = c.text(doc, "", "currency");
    if (!c.failed() && !isCurrency(table.currency))
        c.problem("currency",
                  cat("expected a currency code such as \"USD\", found ", shown(doc["currency"])));
    table.source = c.text(doc, "", "source");
    if (c.failed())
        return fail(ErrorCode::Parse, c.error());

    if (!doc.contains("overheads"))
        c.problem("overheads", "required");
    else if (const json &o = doc["overheads"];
             c.object(o, "overheads",
                      {"vm_start_seconds", "vm_start_billed_seconds", "billing_increment_seconds",
                       "note"})) {
        table.overheads.startSeconds =
            c.number(o, "overheads", "vm_start_seconds", 0, kMaxOverheadSeconds);
        table.overheads.startBilledSeconds =
            c.number(o, "overheads", "vm_start_billed_seconds", 0, kMaxOverheadSeconds);
        table.overheads.billingIncrementSeconds =
            c.integer(o, "overheads", "billing_increment_seconds", 1, 3600);
        if (!c.failed() && table.overheads.startBilledSeconds > table.overheads.startSeconds)
            c.problem("overheads.vm_start_billed_seconds",
                      cat("expected at most vm_start_seconds (", table.overheads.startSeconds,
                          "), found ", shown(o["vm_start_billed_seconds"])));
    }
    if (c.failed())
        return fail(ErrorCode::Parse, c.error());

    if (!doc.contains("machines"))
        c.problem("machines", "required");
    else if (c.object(doc["machines"], "machines", {})) {
        for (const auto &[machine, entry] : doc["machines"].items()) {
            const std::string at = Checker::join("machines", machine);
            if (!c.object(entry, at, {"vcpus", "memory_gb", "note"}))
                break;
            const int vcpus = c.integer(entry, at, "vcpus", 1, kMaxVcpus);
            if (c.failed())
                break;
            table.vcpus[machine] = vcpus;
        }
    }
    if (c.failed())
        return fail(ErrorCode::Parse, c.error());

    if (!doc.contains("regions"))
        c.problem("regions", "required");
    else if (c.object(doc["regions"], "regions", {})) {
        for (const auto &[region, entry] : doc["regions"].items()) {
            const std::string at = Checker::join("regions", region);
            if (!c.object(entry, at, {"training", "prediction", "note"}))
                break;
            PriceTable::Region prices;
            readPrices(c, entry, at, "training", table.vcpus, prices.training);
            readPrices(c, entry, at, "prediction", table.vcpus, prices.prediction);
            if (c.failed())
                break;
            table.regions[region] = std::move(prices);
        }
        if (!c.failed() && table.regions.empty())
            c.problem("regions", "expected at least one region");
    }
    if (c.failed())
        return fail(ErrorCode::Parse, c.error());
    return table;
}

Expected<PriceTable> loadPriceTable(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    cat(path, ": cannot open the price file: ", file.errorString().toStdString()));
    constexpr qint64 kMaxBytes = 4 << 20;  // a price table is a few kilobytes
    if (file.size() > kMaxBytes)
        return fail(ErrorCode::Parse,
                    cat(path, ": ", file.size(), " bytes is too large for a price file"));
    const QByteArray bytes = file.readAll();
    return parsePriceTable(std::string_view(bytes.constData(), size_t(bytes.size())), path);
}

Expected<PriceTable> loadConfiguredPriceTable(const std::string &path)
{
    if (!path.empty())
        return loadPriceTable(path);
    const QByteArray fromEnvironment = qgetenv(kPriceFileVariable);
    if (!fromEnvironment.isEmpty()) {
        auto table = loadPriceTable(fromEnvironment.toStdString());
        if (!table)
            table.error().message += cat(" (from ", kPriceFileVariable, ")");
        return table;
    }
    auto table = loadPriceTable(kBuiltInPriceFile);
    if (table)
        table->file = "vertex-prices.json (built in)";
    return table;
}

}  // namespace covertype
