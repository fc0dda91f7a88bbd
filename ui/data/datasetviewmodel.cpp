// Index-permutation view over a Dataset for the data stage's table.
#include "datasetviewmodel.h"

#include "data/datasettablemodel.h"

namespace covertype::ui {

DatasetViewModel::DatasetViewModel(QObject *parent)
    : QAbstractTableModel(parent), m_source(new DatasetTableModel(this))
{
}

void DatasetViewModel::setDataset(std::shared_ptr<const Dataset> data)
{
    beginResetModel();
    m_source->setDataset(std::move(data));
    m_order.clear();
    m_ordered = false;
    endResetModel();
}

const Dataset *DatasetViewModel::dataset() const
{
    return m_source->dataset();
}

void DatasetViewModel::setRowOrder(std::vector<uint32_t> order)
{
    beginResetModel();
    m_order = std::move(order);
    m_ordered = true;
    endResetModel();
}

void DatasetViewModel::resetRowOrder()
{
    beginResetModel();
    m_order.clear();
    m_ordered = false;
    endResetModel();
}

uint32_t DatasetViewModel::datasetRow(int viewRow) const
{
    Q_ASSERT(viewRow >= 0 && viewRow < rowCount());
    return m_ordered ? m_order[size_t(viewRow)] : uint32_t(viewRow);
}

int DatasetViewModel::totalRows() const
{
    return m_source->rowCount();
}

int DatasetViewModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_ordered ? int(m_order.size()) : m_source->rowCount();
}

int DatasetViewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_source->columnCount();
}

QVariant DatasetViewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    return m_source->data(m_source->index(int(datasetRow(index.row())), index.column()), role);
}

QVariant DatasetViewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Row headers keep the dataset's row number, so a row can be found again after sorting.
    if (orientation == Qt::Vertical) {
        if (role != Qt::DisplayRole || section < 0 || section >= rowCount())
            return QAbstractTableModel::headerData(section, orientation, role);
        return qlonglong(datasetRow(section)) + 1;
    }
    return m_source->headerData(section, orientation, role);
}

}  // namespace covertype::ui
