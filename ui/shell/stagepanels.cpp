// Builds the stage panels of the workbench; see stagepanels.h.
#include "shell/stagepanels.h"

#include <QAction>
#include <QIcon>
#include <QMenu>
#include <QMessageBox>

#include "data/datapanel.h"
#include "deploy/deploypanel.h"
#include "runs/runspanel.h"
#include "shell/mainwindow.h"
#include "shell/workbenchsession.h"
#include "split/splitpanel.h"
#include "tuning/tuningconfigpanel.h"

namespace covertype::ui {

void addStagePanels(MainWindow &window, WorkbenchSession &session)
{
    const auto icon = [](const char *name) {
        return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
    };
    auto *data = new DataPanel(&session);
    auto *split = new SplitPanel(&session);
    auto *tuning = new TuningConfigPanel(&session);
    auto *runs = new RunsPanel(&session);
    auto *deploy = new DeployPanel(&session);
    window.addStage(QStringLiteral("data"), MainWindow::tr("Data"), icon("data"), data);
    window.addStage(QStringLiteral("split"), MainWindow::tr("Split"), icon("split"), split);
    window.addStage(QStringLiteral("tuning"), MainWindow::tr("Tuning"), icon("tuning"), tuning);
    window.addStage(QStringLiteral("runs"), MainWindow::tr("Runs"), icon("runs"), runs);
    window.addStage(QStringLiteral("deploy"), MainWindow::tr("Deploy"), icon("deploy"), deploy);

    // The config file commands live in the File menu; the panel does the work.
    QMenu *file = window.fileMenu();
    QAction *quit = file->actions().constLast();
    file->insertAction(quit, tuning->saveAction());
    file->insertAction(quit, tuning->saveAsAction());
    file->insertSeparator(quit);
    QObject::connect(&window, &MainWindow::tuningConfigRequested, tuning,
                     [&window, tuning](const QString &path) {
                         if (tuning->openFile(path))
                             window.showStage(QStringLiteral("tuning"));
                     });
    window.addCloseGuard([&window, tuning] {
        if (!tuning->isModified())
            return true;
        window.showStage(QStringLiteral("tuning"));
        const auto answer = QMessageBox::question(
            &window, MainWindow::tr("Unsaved Tuning Config"),
            MainWindow::tr("The tuning config has changes that are not saved. Save them?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Save) {
            tuning->saveAction()->trigger();
            return !tuning->isModified();
        }
        return answer == QMessageBox::Discard;
    });
}

}  // namespace covertype::ui
