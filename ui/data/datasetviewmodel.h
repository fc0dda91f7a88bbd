// The rows the data table shows: maps view rows to dataset rows through an index permutation
// (filter + sort from core/rowfilter) and formats cells on demand through DatasetTableModel.
#pragma once

#include <QAbstractTableModel>

#include <cstdint>
#include <memory>
#include <vector>

#include "data/dataset.h"

namespace covertype::ui {

class DatasetTableModel;

class DatasetViewModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit DatasetViewModel(QObject *parent = nullptr);

    /// Shows every row of `data` in dataset order; nullptr clears.
    void setDataset(std::shared_ptr<const Dataset> data);
    [[nodiscard]] const Dataset *dataset() const;

    /// Shows the dataset rows listed in `order` (indices into the dataset), in that order.
    void setRowOrder(std::vector<uint32_t> order);
    /// Back to every row in dataset order.
    void resetRowOrder();
    [[nodiscard]] bool hasRowOrder() const { return m_ordered; }

    /// Dataset row shown at view row `viewRow` (no bounds check beyond an assertion).
    [[nodiscard]] uint32_t datasetRow(int viewRow) const;
    /// Rows in the dataset (the "M" of "N of M rows").
    [[nodiscard]] int totalRows() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    DatasetTableModel *m_source = nullptr;
    std::vector<uint32_t> m_order;
    bool m_ordered = false;
};

}  // namespace covertype::ui
