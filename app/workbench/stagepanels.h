// Builds the stage panels of the workbench and adds them to the main window.
#pragma once

namespace covertype::ui {
class MainWindow;
class WorkbenchSession;
}  // namespace covertype::ui

namespace covertype::app {

/// Adds Data, Split, Tuning, Runs and Deploy to `window`, all sharing `session`, and wires the
/// window's requests (a dropped config file) to the panel that handles them.
void addStagePanels(ui::MainWindow &window, ui::WorkbenchSession &session);

}  // namespace covertype::app
