// Table of rows and Cover_Type counts per split (training, validation, testing, unassigned).
#pragma once

#include <QAbstractTableModel>

#include <array>
#include <cstddef>
#include <cstdint>

#include "split/split.h"

namespace covertype::ui {

class SplitCountsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LotsColumn = 0, RowsColumn, ShareColumn, FirstClassColumn };
    static constexpr int kClasses = 7;
    static constexpr int kGroups = 4;  ///< training, validation, testing, unassigned

    explicit SplitCountsModel(QObject *parent = nullptr);

    /// Counts of training, validation, testing and the rows in no split, with their lot counts.
    void setCounts(const std::array<SplitCounts, kGroups> &counts,
                   const std::array<int, kGroups> &lots);
    void clear();

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    std::array<SplitCounts, kGroups> m_counts;
    std::array<int, kGroups> m_lots{};
    bool m_valid = false;
};

}  // namespace covertype::ui
