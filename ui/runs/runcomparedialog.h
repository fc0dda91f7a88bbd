// Two recorded runs side by side: their configs (differences highlighted), best trials and the
// metric of every trial overlaid on one chart.
#pragma once

#include <QDialog>
#include <QString>

#include <cstdint>

class QLabel;
class QTreeWidget;

namespace covertype::ui {

class ChartWidget;
struct StoredRun;

class RunCompareDialog : public QDialog
{
    Q_OBJECT

public:
    /// Loads both runs from the store off the GUI thread; loaded() tells when they are shown.
    RunCompareDialog(const QString &storePath, int64_t first, int64_t second,
                     QWidget *parent = nullptr);

    [[nodiscard]] QTreeWidget *configTable() const { return m_config; }
    [[nodiscard]] ChartWidget *chart() const { return m_chart; }
    [[nodiscard]] QString summaryText() const;

signals:
    void loaded();

private:
    void startLoading(const QString &storePath);
    void showRuns(const StoredRun &a, const StoredRun &b);

    int64_t m_first;
    int64_t m_second;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_config = nullptr;
    ChartWidget *m_chart = nullptr;
};

}  // namespace covertype::ui
