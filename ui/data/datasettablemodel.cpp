// Read-only table model over a Dataset.
#include "data/datasettablemodel.h"

#include <QBrush>
#include <QPalette>

namespace covertype::ui {

DatasetTableModel::DatasetTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void DatasetTableModel::setDataset(std::shared_ptr<const Dataset> data)
{
    beginResetModel();
    m_data = std::move(data);
    endResetModel();
}

int DatasetTableModel::rowCount(const QModelIndex &parent) const
{
    return (parent.isValid() || !m_data) ? 0 : int(m_data->rowCount());
}

int DatasetTableModel::columnCount(const QModelIndex &parent) const
{
    return (parent.isValid() || !m_data) ? 0 : int(m_data->columnCount());
}

QVariant DatasetTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_data || !index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const Column &c = m_data->column(size_t(index.column()));
    const auto row = size_t(index.row());
    switch (role) {
        case Qt::DisplayRole:
            if (c.isNull(row))
                return QStringLiteral("NULL");
            switch (c.type) {
                case ColumnType::Int64:
                    return QVariant::fromValue<qlonglong>(c.ints[row]);
                case ColumnType::Float64:
                    return c.doubles[row];
                case ColumnType::Bool:
                    return c.bools[row] != 0;
                case ColumnType::String:
                    return QString::fromStdString(c.dictionary[size_t(c.codes[row])]);
            }
            return {};
        case Qt::TextAlignmentRole:
            return c.type == ColumnType::String ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ForegroundRole:
            if (c.isNull(row))
                return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
            return {};
        default:
            return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_data || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= columnCount())
        return {};
    const Column &c = m_data->column(size_t(section));
    const QString name = QString::fromStdString(c.name);
    const QString type = QString::fromLatin1(columnTypeName(c.type).data(),
                                             qsizetype(columnTypeName(c.type).size()));
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1 (%2)").arg(name, type);
    return QStringLiteral("%1\n%2").arg(wrappedColumnName(name), type);
}

QString DatasetTableModel::wrappedColumnName(const QString &name, int width)
{
    // Long names (Horizontal_Distance_To_Hydrology) break after an underscore, so a column is
    // as wide as its values rather than its name and more columns fit on the screen.
    QStringList lines;
    QString line;
    for (const QString &word : name.split(QLatin1Char('_'))) {
        const QString piece = line.isEmpty() ? word : QStringLiteral("_") + word;
        if (!line.isEmpty() && line.size() + piece.size() > width) {
            lines << line + QLatin1Char('_');
            line = word;
        } else {
            line += piece;
        }
    }
    lines << line;
    return lines.join(QLatin1Char('\n'));
}

}  // namespace covertype::ui
