// The run history of the store: one line per run (id, kind, state, started, trials, best metric),
// reloaded off the GUI thread; selecting a line reopens the run, two selected can be compared.
#pragma once

#include <QString>
#include <QWidget>

#include <cstdint>
#include <optional>

class QPushButton;
class QTreeWidget;
class QLabel;

namespace covertype::ui {

class RunHistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit RunHistoryView(QWidget *parent = nullptr);

    void setStorePath(const QString &path);
    /// Reads the store again (asynchronously; historyLoaded() tells when it is shown).
    void reload();
    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }
    /// Selects the line of this run (without emitting runActivated), now if it is listed, and
    /// after every reload: the highlighted line is the run the stage shows.
    void selectRun(int64_t runId);
    [[nodiscard]] std::optional<int64_t> selectedRun() const;
    /// The newest run listed (the first line), if any.
    [[nodiscard]] std::optional<int64_t> newestRun() const;

signals:
    /// The user picked a run to reopen.
    void runActivated(qint64 runId);
    /// The user asked to compare two runs (older first).
    void compareRequested(qint64 first, qint64 second);
    void historyLoaded();
    void loadFailed(const QString &message);

private:
    void updateButtons();

    QString m_storePath;
    QTreeWidget *m_tree = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_refresh = nullptr;
    QLabel *m_status = nullptr;
    int m_generation = 0;  ///< drops the results of superseded reloads
    bool m_selecting = false;
    std::optional<int64_t> m_shownRun;  ///< selected again after each reload
};

}  // namespace covertype::ui
