// Split x class counts for the split stage (see splitcountsmodel.h).
#include "splitcountsmodel.h"

#include <QBrush>
#include <QLocale>

#include "charts/chartstyle.h"

namespace covertype::ui {

SplitCountsModel::SplitCountsModel(QObject *parent) : QAbstractTableModel(parent) {}

void SplitCountsModel::setCounts(const std::array<SplitCounts, kGroups> &counts,
                                 const std::array<int, kGroups> &lots)
{
    // The shape never changes, so a dataChanged keeps the view's selection and scroll position.
    m_counts = counts;
    m_lots = lots;
    m_valid = true;
    emit dataChanged(index(0, 0), index(kGroups - 1, columnCount() - 1));
}

void SplitCountsModel::clear()
{
    m_counts = {};
    m_lots = {};
    m_valid = false;
    emit dataChanged(index(0, 0), index(kGroups - 1, columnCount() - 1));
}

int SplitCountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kGroups;
}

int SplitCountsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstClassColumn + kClasses;
}

QVariant SplitCountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &counts = m_counts[size_t(index.row())];
    size_t total = 0;
    for (const auto &c : m_counts)
        total += c.rows;
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && column >= FirstClassColumn && m_valid && counts.rows > 0 &&
        index.row() < 3 && !counts.classCounts.contains(column - FirstClassColumn + 1))
        return QBrush(Qt::red);  // a class missing from a split
    if (role == Qt::UserRole) {  // raw numbers for tests and sorting
        if (column == LotsColumn)
            return m_lots[size_t(index.row())];
        if (column == RowsColumn)
            return qulonglong(counts.rows);
        if (column == ShareColumn)
            return total ? double(counts.rows) / double(total) : 0.0;
        const auto it = counts.classCounts.find(column - FirstClassColumn + 1);
        return qulonglong(it == counts.classCounts.end() ? 0 : it->second);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (!m_valid)
        return column == LotsColumn ? QVariant(m_lots[size_t(index.row())]) : QVariant();
    const QLocale locale;
    if (column == LotsColumn)
        return m_lots[size_t(index.row())];
    if (column == RowsColumn)
        return locale.toString(qulonglong(counts.rows));
    if (column == ShareColumn)
        return total ? locale.toString(100.0 * double(counts.rows) / double(total), 'f', 1) + u'%'
                     : QString();
    const auto it = counts.classCounts.find(column - FirstClassColumn + 1);
    const size_t n = it == counts.classCounts.end() ? 0 : it->second;
    if (role == Qt::ToolTipRole)
        return tr("%1 of %2 rows (%3%)")
            .arg(locale.toString(qulonglong(n)), locale.toString(qulonglong(counts.rows)))
            .arg(counts.rows ? locale.toString(100.0 * double(n) / double(counts.rows), 'f', 1)
                             : QStringLiteral("0"));
    return locale.toString(qulonglong(n));
}

QVariant SplitCountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (orientation == Qt::Vertical) {
        switch (section) {
            case 0:
                return tr("Training");
            case 1:
                return tr("Validation");
            case 2:
                return tr("Testing");
            case 3:
                return tr("No split");
            default:
                return {};
        }
    }
    switch (section) {
        case LotsColumn:
            return tr("Lots");
        case RowsColumn:
            return tr("Rows");
        case ShareColumn:
            return role == Qt::ToolTipRole ? tr("Share of all rows") : tr("Share");
        default:
            if (section >= FirstClassColumn && section < FirstClassColumn + kClasses) {
                const QString name = ChartStyle::coverTypeName(section - FirstClassColumn + 1);
                return role == Qt::ToolTipRole ? name : ChartStyle::wrapped(name);
            }
            return {};
    }
}

}  // namespace covertype::ui
