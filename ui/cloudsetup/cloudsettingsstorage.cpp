// The Cloud settings in QSettings (see cloudsettingsstorage.h).
#include "cloudsetup/cloudsettingsstorage.h"

#include <QSettings>

#include <utility>

namespace covertype::ui {

namespace {

/// The text fields and their keys, in one place for reading and writing.
template <typename Settings>
auto textFields(Settings &s)
{
    return std::to_array<std::pair<const char *, decltype(&s.project)>>(
        {{"cloud/project", &s.project},
         {"cloud/region", &s.region},
         {"cloud/gcsRoot", &s.gcsRoot},
         {"cloud/bigQueryTable", &s.bigQueryTable},
         {"cloud/bigQueryLocation", &s.bigQueryLocation},
         {"cloud/keyFile", &s.keyFile},
         {"cloud/trainerImage", &s.trainerImage},
         {"cloud/servingImage", &s.servingImage},
         {"cloud/trainingMachine", &s.trainingMachine},
         {"cloud/servingMachine", &s.servingMachine}});
}

}  // namespace

CloudSettings readCloudSettings(const QSettings &settings, const CloudSettings &defaults)
{
    CloudSettings out = defaults;
    for (const auto &[key, field] : textFields(out)) {
        const QString value = settings.value(QLatin1String(key)).toString().trimmed();
        if (!value.isEmpty())
            *field = value.toStdString();
    }
    const QString choice = settings.value(QStringLiteral("cloud/credentials")).toString();
    if (auto c = credentialChoiceFromName(choice.toStdString()))
        out.credentials = *c;
    return out;
}

void writeCloudSettings(QSettings &settings, const CloudSettings &cloud)
{
    CloudSettings copy = cloud;
    for (const auto &[key, field] : textFields(copy))
        settings.setValue(QLatin1String(key), QString::fromStdString(*field));
    settings.setValue(QStringLiteral("cloud/credentials"),
                      QString::fromLatin1(credentialChoiceName(cloud.credentials)));
}

}  // namespace covertype::ui
