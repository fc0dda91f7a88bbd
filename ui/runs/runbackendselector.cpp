// The run backend selector and its estimates (see runbackendselector.h).
#include "runs/runbackendselector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>
#include <cmath>
#include <thread>

#include "cloudsetup/cloudprovider.h"
#include "costs/tuningestimate.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// "45 s", "12 min", "3.5 h".
QString duration(double seconds)
{
    if (seconds < 90)
        return RunBackendSelector::tr("%1 s").arg(std::max(1.0, std::round(seconds)));
    if (seconds < 5400)
        return RunBackendSelector::tr("%1 min").arg(std::round(seconds / 60));
    return RunBackendSelector::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

}  // namespace

RunBackendSelector::RunBackendSelector(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("R&un on:"), this);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("runBackend"));
    m_combo->addItem(tr("This computer"), int(Choice::Local));
    if (session->cloudProvider()) {
        m_combo->addItem(tr("Vertex AI, a job per trial"), int(Choice::VertexTrialJobs));
        m_combo->addItem(tr("Vertex AI, one job for the study"), int(Choice::VertexOneJob));
    }
    m_combo->setToolTip(
        tr("Where trials and the final training run. Vertex AI uses the Cloud settings "
           "(Ctrl+,): a job per trial starts a VM for each trial as the course's tuning job "
           "does; one job runs every trial on one VM, without a VM start per trial."));
    label->setBuddy(m_combo);
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("runEstimate"));
    m_estimate->setWordWrap(false);
    m_estimate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(label);
    row->addWidget(m_combo);
    if (auto prices = loadConfiguredPriceTable())
        m_prices = std::move(*prices);
    else
        m_pricesError = qs(prices.error().message);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        updateEstimate();
        m_session->setRunBackendLabel(m_combo->currentText());
        emit choiceChanged();
    });
    session->setRunBackendLabel(m_combo->currentText());
    connect(session, &WorkbenchSession::datasetChanged, this, &RunBackendSelector::updateEstimate);
    connect(session, &WorkbenchSession::splitSpecChanged, this,
            &RunBackendSelector::updateEstimate);
    connect(session, &WorkbenchSession::tuningSpecChanged, this,
            &RunBackendSelector::updateEstimate);
    connect(session, &WorkbenchSession::cloudSettingsChanged, this,
            &RunBackendSelector::updateEstimate);
    updateEstimate();
}

RunBackendSelector::Choice RunBackendSelector::choice() const
{
    return Choice(m_combo->currentData().toInt());
}

void RunBackendSelector::setChoice(Choice choice)
{
    const int index = m_combo->findData(int(choice));
    if (index >= 0)
        m_combo->setCurrentIndex(index);
}

RunBackend RunBackendSelector::runBackend() const
{
    return isCloud() ? RunBackend::Vertex : RunBackend::Local;
}

Expected<std::function<Expected<std::unique_ptr<TrainingBackend>>(int64_t)>>
RunBackendSelector::backendFactory() const
{
    using Factory = std::function<Expected<std::unique_ptr<TrainingBackend>>(int64_t)>;
    if (!isCloud())
        return Factory{};
    CloudProvider *provider = m_session->cloudProvider();
    if (!provider)
        return fail(ErrorCode::InvalidArgument, "this build has no cloud backend");
    const CloudSettings settings = m_session->cloudSettings();
    if (auto ok = requireForTraining(settings); !ok)
        return std::unexpected(ok.error());
    const CloudTrainingMode mode = choice() == Choice::VertexOneJob
                                       ? CloudTrainingMode::OneJob
                                       : CloudTrainingMode::TrialPerJob;
    return Factory([provider, settings, mode](int64_t runId) {
        const std::string id = std::to_string(runId);
        return provider->trainingBackend(settings, mode, "run-" + id, id);
    });
}

QString RunBackendSelector::estimateText() const
{
    return m_estimate->text();
}

void RunBackendSelector::updateEstimate()
{
    const auto data = m_session->dataset();
    const TuningSpec &spec = m_session->tuningSpec();
    if (!data || data->rowCount() == 0) {
        m_estimate->setText(tr("Open a dataset for an estimate of time and cost."));
        return;
    }
    const SplitSpec &split = m_session->splitSpec();
    const auto rows = int64_t(double(data->rowCount()) * double(split.training.size()) /
                              double(std::max(1, split.numLots)));
    auto seconds = trialComputeSeconds(std::max<int64_t>(1, rows), maxEpochsOf(spec));
    if (!seconds) {
        m_estimate->setText(tr("No estimate: %1").arg(qs(seconds.error().message)));
        return;
    }
    // This computer runs the parallel trials on its cores, one core each.
    const int cores = int(std::max(1U, std::thread::hardware_concurrency()));
    const int parallel = std::max(1, std::min({spec.maxParallelTrials, spec.maxTrials, cores}));
    const double localSeconds = *seconds * std::ceil(double(spec.maxTrials) / double(parallel));
    QStringList parts;
    parts << tr("this computer ≈ %1").arg(duration(localSeconds));
    QString tooltip;
    if (m_session->cloudProvider()) {
        const CloudSettings &cloud = m_session->cloudSettings();
        const std::string region = cloud.region.empty() ? "us-central1" : cloud.region;
        Expected<TuningEstimate> estimate =
            m_prices ? estimateTuning(spec, *m_prices, {region, cloud.trainingMachine, *seconds})
                     : Expected<TuningEstimate>(std::unexpected(
                           Error{ErrorCode::NotFound, m_pricesError.toStdString()}));
        if (estimate) {
            const auto mode = [&](const QString &name, const ModeEstimate &m) {
                return tr("%1 ≈ %2, %3 %4")
                    .arg(name, duration(m.wallSeconds))
                    .arg(m.cost, 0, 'f', 2)
                    .arg(qs(estimate->currency));
            };
            parts << mode(tr("Vertex AI, a job per trial"), estimate->study)
                  << mode(tr("one job"), estimate->job);
            tooltip = tr("Vertex AI in %1 on %2 (%3 %4/h), prices of %5 (%6): check them before "
                         "relying on them.\n%7")
                          .arg(qs(region), qs(cloud.trainingMachine))
                          .arg(estimate->machine.hourly, 0, 'f', 3)
                          .arg(qs(estimate->currency), qs(estimate->asOf), qs(estimate->priceFile),
                               qs(formatTuningEstimate(*estimate)));
        } else {
            parts << tr("Vertex AI: no estimate (%1)").arg(qs(estimate.error().message));
        }
    }
    m_estimate->setText(tr("Estimate: %1").arg(parts.join(QStringLiteral(" · "))));
    m_estimate->setToolTip(tooltip);
}

}  // namespace covertype::ui
