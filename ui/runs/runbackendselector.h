// Where a run goes: this computer, Vertex AI with a job per trial, or Vertex AI with one job for
// the whole study; the estimate of time and cost of each choice is shown before Start.
#pragma once

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

#include "base/error.h"
#include "costs/pricetable.h"
#include "runs/runstore.h"
#include "tuning/trainingbackend.h"

class QComboBox;
class QLabel;

namespace covertype::ui {

class WorkbenchSession;

class RunBackendSelector : public QWidget
{
    Q_OBJECT

public:
    enum class Choice { Local, VertexTrialJobs, VertexOneJob };

    explicit RunBackendSelector(WorkbenchSession *session, QWidget *parent = nullptr);

    [[nodiscard]] Choice choice() const;
    void setChoice(Choice choice);
    [[nodiscard]] bool isCloud() const { return choice() != Choice::Local; }
    /// The run store's record of the choice.
    [[nodiscard]] RunBackend runBackend() const;
    /// The backend factory a TuningJob::Request takes (empty for local work): it opens the
    /// cloud with the session's settings on the worker thread. An error when the settings lack
    /// what the choice needs (the message names the setting).
    [[nodiscard]] Expected<std::function<Expected<std::unique_ptr<TrainingBackend>>(int64_t)>>
    backendFactory() const;
    /// The estimate line as shown (for tests and the log).
    [[nodiscard]] QString estimateText() const;
    /// The label showing the estimates, for the panel to place (it is not in this widget's
    /// layout).
    [[nodiscard]] QLabel *estimateLabel() const { return m_estimate; }

public slots:
    /// Recomputes the estimates (dataset, split, spec or settings changed).
    void updateEstimate();

signals:
    void choiceChanged();

private:
    WorkbenchSession *m_session;
    QComboBox *m_combo = nullptr;
    QLabel *m_estimate = nullptr;
    std::optional<PriceTable> m_prices;
    QString m_pricesError;
};

}  // namespace covertype::ui
