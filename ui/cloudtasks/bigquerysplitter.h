// "Split in BigQuery" on the Split stage: the split being edited runs as BigQuery query jobs on
// the table named there (a table per split, exported to {gcsRoot}/datasets/<split>/data.csv),
// and BigQuery's row counts appear beside the local preview's, a mismatch highlighted.
#pragma once

#include <QWidget>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "cloudsetup/bigquerywork.h"
#include "split/split.h"

class QTableWidget;

namespace covertype::ui {

class CloudTaskBar;
class WorkbenchSession;

class BigQuerySplitter : public QWidget
{
    Q_OBJECT

public:
    /// What a split in BigQuery runs on, read from the Split stage when the button is pressed.
    struct Request
    {
        std::string table;  ///< PROJECT.DATASET.TABLE, or DATASET.TABLE in the settings' project
        SplitSpec spec;
        /// The local preview's rows of training, validation and testing; none when no table is
        /// open or its lots are not counted yet.
        std::optional<std::array<int64_t, 3>> localRows;
    };

    BigQuerySplitter(WorkbenchSession *session, std::function<Request()> request,
                     QWidget *parent = nullptr);

    /// Runs the split (what the button does).
    void split();
    [[nodiscard]] CloudTaskBar *bar() const { return m_bar; }
    [[nodiscard]] QTableWidget *results() const { return m_results; }
    /// Whether the last split's counts differed from the local preview's.
    [[nodiscard]] bool mismatch() const { return m_mismatch; }

signals:
    /// A split ended; `ok` false when it failed or was cancelled (a mismatch is still ok: the
    /// results show it).
    void finished(bool ok);

private:
    void updateAvailability();
    void showResult(const Expected<std::vector<BigQuerySplitPart>> &parts);

    WorkbenchSession *m_session;
    std::function<Request()> m_request;
    CloudTaskBar *m_bar;
    QTableWidget *m_results;
    bool m_mismatch = false;
};

}  // namespace covertype::ui
