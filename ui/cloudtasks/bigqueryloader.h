// "Load into BigQuery" on the Data stage: the open table goes to the BigQuery table of the Cloud
// settings (staged as CSV under {gcsRoot}/staging/), after the user confirms that the table is
// replaced; progress, cancel, and BigQuery's row count checked against the file's. The buttons
// sit beside the table's name; the owner places statusLabel() on a line of its own.
#pragma once

#include <QWidget>

#include <functional>

#include "base/error.h"
#include "cloudsetup/bigquerywork.h"

class QLabel;

namespace covertype::ui {

class CloudTaskBar;
class WorkbenchSession;

class BigQueryLoader : public QWidget
{
    Q_OBJECT

public:
    explicit BigQueryLoader(WorkbenchSession *session, QWidget *parent = nullptr);

    /// Loads the open dataset (what the button does after its confirmation).
    void load();
    [[nodiscard]] CloudTaskBar *bar() const { return m_bar; }
    /// The step or outcome, for the owner to place on a line of its own.
    [[nodiscard]] QLabel *statusLabel() const;
    /// Replaces the Yes/No question before a load (tests answer it without a dialog).
    void setConfirm(std::function<bool(const QString &title, const QString &question)> confirm)
    {
        m_confirm = std::move(confirm);
    }

signals:
    /// A load ended; `ok` false when it failed or was cancelled (the bar says which).
    void finished(bool ok);

private:
    void updateAvailability();
    void askAndLoad();
    void showResult(const Expected<BigQueryLoadReport> &report);

    WorkbenchSession *m_session;
    CloudTaskBar *m_bar;
    std::function<bool(const QString &, const QString &)> m_confirm;
};

}  // namespace covertype::ui
