// Trials table model.
#include "runs/trialstablemodel.h"

#include <QLocale>

#include <cmath>

#include "base/text.h"
#include "charts/chartstyle.h"
#include "data/csvwriter.h"
#include "files/atomicfile.h"
#include "runs/chartseries.h"

namespace covertype::ui {

TrialsTableModel::TrialsTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void TrialsTableModel::setSpec(const TuningSpec &spec)
{
    beginResetModel();
    m_spec = spec;
    endResetModel();
}

void TrialsTableModel::setTrials(const std::vector<TrialResult> &trials)
{
    beginResetModel();
    m_trials.clear();
    for (const TrialResult &t : trials)
        upsertTrial(m_trials, t);
    endResetModel();
}

void TrialsTableModel::clear()
{
    beginResetModel();
    m_trials.clear();
    endResetModel();
}

void TrialsTableModel::addOrUpdateTrial(const TrialResult &trial)
{
    const int existing = rowOfTrial(QString::fromStdString(trial.trialId));
    if (existing >= 0) {
        m_trials[size_t(existing)] = trial;
        emit dataChanged(index(existing, 0), index(existing, columnCount() - 1));
        return;
    }
    // Where upsertTrial will put it: count the trials ordered before it.
    std::vector<TrialResult> probe = m_trials;
    const int row = int(upsertTrial(probe, trial));
    beginInsertRows({}, row, row);
    m_trials = std::move(probe);
    endInsertRows();
}

int TrialsTableModel::rowOfTrial(const QString &trialId) const
{
    const std::string id = trialId.toStdString();
    for (size_t i = 0; i < m_trials.size(); ++i)
        if (m_trials[i].trialId == id)
            return int(i);
    return -1;
}

QString TrialsTableModel::trialIdAt(int row) const
{
    if (row < 0 || size_t(row) >= m_trials.size())
        return {};
    return QString::fromStdString(m_trials[size_t(row)].trialId);
}

int TrialsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_trials.size());
}

int TrialsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstParameterColumn + int(m_spec.params.size());
}

QVariant TrialsTableModel::sortKey(const TrialResult &t, int column) const
{
    const QVariant none;  // an invalid QVariant sorts after every value
    switch (column) {
        case TrialColumn: {
            const int64_t n = trialNumber(t.trialId);
            return n > 0 ? QVariant(double(n)) : QVariant(QString::fromStdString(t.trialId));
        }
        case StateColumn:
            return ChartStyle::trialStateName(t.state);
        case MetricColumn:
            return t.objective ? QVariant(*t.objective) : none;
        case EpochsColumn:
            return QVariant(double(t.epochs));
        case SecondsColumn:
            return QVariant(t.seconds);
        default:
            break;
    }
    const auto p = size_t(column - FirstParameterColumn);
    if (p >= t.values.size())
        return none;
    const ParameterValue &v = t.values[p];
    if (const auto *text = std::get_if<std::string>(&v))
        return QString::fromStdString(*text);
    if (const auto *i = std::get_if<int64_t>(&v))
        return QVariant(double(*i));
    return QVariant(std::get<double>(v));
}

QString TrialsTableModel::displayText(const TrialResult &t, int column) const
{
    switch (column) {
        case TrialColumn:
            return QString::fromStdString(t.trialId);
        case StateColumn:
            return ChartStyle::trialStateName(t.state);
        case MetricColumn:
            return t.objective ? ChartStyle::metricText(*t.objective) : QString();
        case EpochsColumn:
            // Zero epochs: still starting, or a cloud trial (the service reports the final
            // measurement alone).
            return t.epochs == 0 ? QString() : QString::number(t.epochs);
        case SecondsColumn:
            return t.seconds >= 0.005 ? QLocale().toString(t.seconds, 'f', t.seconds < 10 ? 2 : 1)
                                      : QString();
        default:
            break;
    }
    const auto p = size_t(column - FirstParameterColumn);
    if (p >= t.values.size())
        return {};
    if (const auto *d = std::get_if<double>(&t.values[p]))  // the exact value is in the tooltip
        return QLocale().toString(*d, 'g', 6);
    return QString::fromStdString(parameterValueText(t.values[p]));
}

QVariant TrialsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrialResult &t = m_trials[size_t(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return displayText(t, column);
        case SortRole:
            return sortKey(t, column);
        case TrialIdRole:
            return QString::fromStdString(t.trialId);
        case Qt::ToolTipRole:
            if (!t.message.empty())
                return QString::fromStdString(t.message);
            if (column >= FirstParameterColumn &&
                size_t(column - FirstParameterColumn) < t.values.size())
                return QString::fromStdString(
                    parameterValueText(t.values[size_t(column - FirstParameterColumn)]));
            return {};
        case Qt::TextAlignmentRole:
            if (column == StateColumn)
                return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ForegroundRole:
            if (column == StateColumn && t.state != TrialOutcome::Succeeded)
                return ChartStyle::stateColor(t.state).darker(120);
            return {};
        default:
            return {};
    }
}

QVariant TrialsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case TrialColumn:
            return tr("Trial");
        case StateColumn:
            return tr("State");
        case MetricColumn:
            return ChartStyle::metricName(m_spec.metricTag);
        case EpochsColumn:
            return tr("Epochs");
        case SecondsColumn:
            return tr("Time (s)");
        default:
            return QString::fromStdString(
                m_spec.params[size_t(section - FirstParameterColumn)].name);
    }
}

Expected<void> TrialsTableModel::exportCsv(const QString &path) const
{
    std::string csv;
    const auto field = [&csv](std::string_view text, bool last = false) {
        appendCsvField(csv, text);
        csv.push_back(last ? '\n' : ',');
    };
    field("trial_id");
    field("state");
    field(m_spec.metricTag);
    field("epochs");
    field("seconds", m_spec.params.empty());
    for (size_t p = 0; p < m_spec.params.size(); ++p)
        field(m_spec.params[p].name, p + 1 == m_spec.params.size());
    for (const TrialResult &t : m_trials) {
        field(t.trialId);
        field(trialOutcomeName(t.state));
        field(t.objective ? cat(*t.objective) : std::string());
        field(cat(t.epochs));
        field(cat(t.seconds), m_spec.params.empty());
        for (size_t p = 0; p < m_spec.params.size(); ++p)
            field(p < t.values.size() ? parameterValueText(t.values[p]) : std::string(),
                  p + 1 == m_spec.params.size());
    }
    return writeFileAtomically(path.toStdString(), csv);
}

}  // namespace covertype::ui
