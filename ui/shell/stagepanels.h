// Builds the stage panels of the workbench and adds them to the main window (the composition root
// calls it; the window tests build the same window with it).
#pragma once

namespace covertype::ui {

class MainWindow;
class WorkbenchSession;

/// Adds Data, Split, Tuning, Runs and Deploy to `window`, all sharing `session`, and wires the
/// window's requests (a dropped config file) to the panel that handles them.
void addStagePanels(MainWindow &window, WorkbenchSession &session);

}  // namespace covertype::ui
