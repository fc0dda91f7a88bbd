// Read-only table model over a Dataset for the browser view; cells are formatted on demand, so
// 581k rows cost no per-cell memory.
#pragma once

#include <QAbstractTableModel>

#include <memory>

#include "data/dataset.h"

namespace covertype::ui {

class DatasetTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit DatasetTableModel(QObject *parent = nullptr);

    /// Shows `data` (shared, never copied); nullptr clears the view.
    void setDataset(std::shared_ptr<const Dataset> data);
    [[nodiscard]] const Dataset *dataset() const { return m_data.get(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// `name` broken after underscores into lines of about `width` characters.
    [[nodiscard]] static QString wrappedColumnName(const QString &name, int width = 14);

private:
    std::shared_ptr<const Dataset> m_data;
};

}  // namespace covertype::ui
