// Table model over the trials of a tuning run: id, state, metric, epochs, time and one column per
// parameter; numeric sort keys in SortRole; CSV export.
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <vector>

#include "base/error.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

namespace covertype::ui {

class TrialsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TrialColumn,
        StateColumn,
        MetricColumn,
        EpochsColumn,
        SecondsColumn,
        FirstParameterColumn
    };
    /// Numbers for the numeric columns (trial number, metric, epochs, seconds, parameter values;
    /// an invalid QVariant where there is none, which sorts last in ascending order), text
    /// otherwise. A QSortFilterProxyModel with this sort role sorts numerically.
    static constexpr int SortRole = Qt::UserRole + 1;
    /// The trial id of any cell of the row.
    static constexpr int TrialIdRole = Qt::UserRole + 2;

    explicit TrialsTableModel(QObject *parent = nullptr);

    /// Sets the columns from the spec's parameters and metric tag; keeps the trials.
    void setSpec(const TuningSpec &spec);
    [[nodiscard]] const TuningSpec &spec() const { return m_spec; }
    /// Shows these trials instead of the current ones.
    void setTrials(const std::vector<TrialResult> &trials);
    /// Adds a trial in trial-number order, or updates the row of the one with the same id.
    void addOrUpdateTrial(const TrialResult &trial);
    void clear();
    [[nodiscard]] const std::vector<TrialResult> &trials() const { return m_trials; }

    /// Row of the trial with this id, or -1.
    [[nodiscard]] int rowOfTrial(const QString &trialId) const;
    [[nodiscard]] QString trialIdAt(int row) const;

    /// Writes every trial as CSV (header: trial_id, state, the metric tag, epochs, seconds, the
    /// parameter names; metrics and times at full precision), replacing `path` atomically.
    [[nodiscard]] Expected<void> exportCsv(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] QVariant sortKey(const TrialResult &trial, int column) const;
    [[nodiscard]] QString displayText(const TrialResult &trial, int column) const;

    TuningSpec m_spec;
    std::vector<TrialResult> m_trials;
};

}  // namespace covertype::ui
