// covertype-workbench: the GUI composition root. Creates the session, the local deployment target,
// Google Cloud, the libcurl downloader and the stage panels, and hands them to the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

#include <memory>

#include "base/bigmemory.h"
#include "base/version.h"
#include "cloudsetup/cloudsettingsstorage.h"
#include "deploy/deploytargetchooser.h"
#include "deploy/localregistry.h"
#include "download/curldownloader.h"
#include "screenshottour.h"
#include "setup/googlecloudprovider.h"
#include "shell/mainwindow.h"
#include "shell/stagepanels.h"
#include "shell/workbenchsession.h"

namespace {

// English is the source language; any other language loads its compiled catalogue.
void installTranslations(QApplication &app)
{
    const QString chosen = QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("covertype"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

}  // namespace

int main(int argc, char **argv)
{
    covertype::prepareHeapForLargeData();
    QApplication app(argc, argv);
    // The same names as the CLI, so both use one run store and one registry.
    QApplication::setApplicationName(QStringLiteral("covertype"));
    QApplication::setOrganizationName(QStringLiteral("CovertypeWorkbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Covertype Workbench"));
    QApplication::setApplicationVersion(QString::fromLatin1(covertype::kProgramVersion));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "The Covertype course workflow in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOption(
        QStringLiteral("data"), QApplication::translate("main", "Open this data file at start."),
        QStringLiteral("FILE"));
    const QCommandLineOption storeOption(
        QStringLiteral("store"), QApplication::translate("main", "Run store (SQLite) to use."),
        QStringLiteral("PATH"));
    const QCommandLineOption registryOption(
        QStringLiteral("registry"),
        QApplication::translate("main", "Local deployment registry directory."),
        QStringLiteral("DIR"));
    const QCommandLineOption stageOption(
        QStringLiteral("stage"),
        QApplication::translate("main", "Stage to show: data, split, tuning, runs, deploy."),
        QStringLiteral("NAME"));
    const QCommandLineOption screenshotsOption(
        QStringLiteral("screenshots"),
        QApplication::translate("main",
                                "Save a screenshot of every stage to DIR and quit "
                                "(needs --data)."),
        QStringLiteral("DIR"));
    parser.addOptions({dataOption, storeOption, registryOption, stageOption, screenshotsOption});
    parser.process(app);

    covertype::ui::WorkbenchSession session;
    QDir().mkpath(QFileInfo(session.storePath()).absolutePath());
    if (parser.isSet(storeOption))
        session.setStorePath(parser.value(storeOption));
    const std::string registryRoot = parser.isSet(registryOption)
                                         ? parser.value(registryOption).toStdString()
                                         : covertype::LocalRegistry::defaultRoot();
    covertype::LocalRegistry registry(registryRoot);
    session.setDeploymentTarget(&registry);
    session.setRegistryPath(QString::fromStdString(registryRoot));

    // Google Cloud for the Cloud settings and the runs that go there; the settings the user saved
    // over what the environment and gcloud's configuration say.
    covertype::cloud::GoogleCloudProvider cloud;
    session.setCloudProvider(&cloud);
    session.setCloudSettings(covertype::ui::readCloudSettings(QSettings(), cloud.defaults()));
    covertype::ui::restoreDeployDestination(session, QSettings());

    covertype::cloud::CurlDownloader downloader;
    covertype::ui::MainWindow window(&session);
    window.setDatasetDownloader(&downloader);
    covertype::ui::addStagePanels(window, session);
    window.restoreSettings();
    if (parser.isSet(screenshotsOption)) {
        window.resize(1440, 900);
        new covertype::app::ScreenshotTour(
            window, session, parser.value(screenshotsOption),
            {QStringLiteral("data"), QStringLiteral("split"), QStringLiteral("tuning"),
             QStringLiteral("runs"), QStringLiteral("deploy")},
            parser.value(dataOption));
    }
    window.show();
    if (!parser.value(dataOption).isEmpty() && !parser.isSet(screenshotsOption))
        window.openDataset(parser.value(dataOption));
    if (parser.isSet(stageOption))
        window.showStage(parser.value(stageOption));
    return QApplication::exec();
}
