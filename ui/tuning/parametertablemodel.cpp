// The tuning config's parameters as an editable table; see parametertablemodel.h.
#include "parametertablemodel.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QIcon>
#include <QStyle>

#include <algorithm>
#include <utility>

namespace covertype::ui {

namespace {

QString numberText(double v)
{
    return QString::number(v, 'g', 15);
}

// Values typed as "1, 2, 3"; empty pieces are dropped so a trailing comma while typing is harmless.
QStringList splitValues(const QString &text)
{
    QStringList out;
    for (const QString &piece : text.split(QLatin1Char(',')))
        if (const QString t = piece.trimmed(); !t.isEmpty())
            out << t;
    return out;
}

}  // namespace

ParameterTableModel::ParameterTableModel(QObject *parent) : QAbstractTableModel(parent) {}

QStringList ParameterTableModel::typeNames()
{
    // Order of covertype::ParameterType.
    return {QStringLiteral("DOUBLE"), QStringLiteral("INTEGER"), QStringLiteral("CATEGORICAL"),
            QStringLiteral("DISCRETE")};
}

QStringList ParameterTableModel::scaleNames()
{
    // Order of covertype::ScaleType.
    return {QStringLiteral("NONE"), QStringLiteral("UNIT_LINEAR_SCALE"),
            QStringLiteral("UNIT_LOG_SCALE"), QStringLiteral("UNIT_REVERSE_LOG_SCALE")};
}

void ParameterTableModel::setParams(std::vector<ParameterSpec> params)
{
    beginResetModel();
    m_params = std::move(params);
    m_problems.clear();
    endResetModel();
}

void ParameterTableModel::setProblems(const QHash<QPair<int, int>, QString> &problems)
{
    if (problems == m_problems)
        return;
    m_problems = problems;
    if (!m_params.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::BackgroundRole, Qt::DecorationRole, Qt::ToolTipRole});
}

QString ParameterTableModel::problemAt(int row, int column) const
{
    return m_problems.value({row, column});
}

int ParameterTableModel::appendParameter()
{
    QString name = tr("param%1").arg(m_params.size() + 1);
    for (int n = int(m_params.size()) + 2; std::ranges::any_of(
             m_params, [&](const ParameterSpec &p) { return p.name == name.toStdString(); });
         ++n)
        name = tr("param%1").arg(n);
    const int row = rowCount();
    beginInsertRows({}, row, row);
    ParameterSpec p;
    p.name = name.toStdString();
    p.minValue = 0;
    p.maxValue = 1;
    p.scale = ScaleType::UnitLinear;
    m_params.push_back(std::move(p));
    endInsertRows();
    emit paramsEdited();
    return row;
}

int ParameterTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_params.size());
}

int ParameterTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ParameterTableModel::cellApplies(const ParameterSpec &p, int column) const
{
    const bool ranged = p.type == ParameterType::Double || p.type == ParameterType::Integer;
    switch (column) {
        case MinColumn:
        case MaxColumn:
            return ranged;
        case ValuesColumn:
            return !ranged;
        case ScaleColumn:
            return p.type != ParameterType::Categorical;
        default:
            return true;
    }
}

QString ParameterTableModel::cellText(const ParameterSpec &p, int column) const
{
    switch (column) {
        case NameColumn:
            return QString::fromStdString(p.name);
        case TypeColumn:
            return typeNames().value(int(p.type));
        case MinColumn:
            return cellApplies(p, column) ? numberText(p.minValue) : QString();
        case MaxColumn:
            return cellApplies(p, column) ? numberText(p.maxValue) : QString();
        case ValuesColumn: {
            QStringList parts;
            if (p.type == ParameterType::Discrete)
                for (double v : p.discreteValues)
                    parts << numberText(v);
            else if (p.type == ParameterType::Categorical)
                for (const std::string &v : p.categoricalValues)
                    parts << QString::fromStdString(v);
            return parts.join(QStringLiteral(", "));
        }
        case ScaleColumn:
            return scaleNames().value(int(p.scale));
        default:
            return {};
    }
}

QVariant ParameterTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ParameterSpec &p = m_params[size_t(index.row())];
    const QString problem = m_problems.value({index.row(), index.column()});
    switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return cellText(p, index.column());
        case Qt::ToolTipRole:
            if (!problem.isEmpty())
                return problem;
            if (!cellApplies(p, index.column()))
                return tr("Not used by %1 parameters").arg(typeNames().value(int(p.type)));
            if (index.column() == ValuesColumn)
                return tr("Comma-separated values, e.g. 500, 1000");
            return {};
        case Qt::BackgroundRole:
            if (!problem.isEmpty())
                return QBrush(QColor(255, 205, 205));
            if (!cellApplies(p, index.column()))
                return QBrush(QColor(235, 235, 235));
            return {};
        case Qt::DecorationRole:
            if (!problem.isEmpty())
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return {};
        default:
            return {};
    }
}

QVariant ParameterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
        case NameColumn:
            return tr("Name");
        case TypeColumn:
            return tr("Type");
        case MinColumn:
            return tr("Min");
        case MaxColumn:
            return tr("Max");
        case ValuesColumn:
            return tr("Values");
        case ScaleColumn:
            return tr("Scale");
        default:
            return {};
    }
}

Qt::ItemFlags ParameterTableModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (cellApplies(m_params[size_t(index.row())], index.column()))
        f |= Qt::ItemIsEditable;
    return f;
}

bool ParameterTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    ParameterSpec &p = m_params[size_t(index.row())];
    if (!cellApplies(p, index.column()))
        return false;
    const QString text = value.toString().trimmed();
    switch (index.column()) {
        case NameColumn:
            p.name = text.toStdString();
            break;
        case TypeColumn: {
            const int t = typeNames().indexOf(text.toUpper());
            if (t < 0)
                return false;
            p.type = ParameterType(t);
            break;
        }
        case MinColumn:
        case MaxColumn: {
            bool ok = false;
            const double v = value.toDouble(&ok);
            if (!ok)
                return false;
            (index.column() == MinColumn ? p.minValue : p.maxValue) = v;
            break;
        }
        case ValuesColumn: {
            const QStringList parts = splitValues(text);
            if (p.type == ParameterType::Discrete) {
                std::vector<double> values;
                for (const QString &part : parts) {
                    bool ok = false;
                    values.push_back(part.toDouble(&ok));
                    if (!ok)
                        return false;
                }
                p.discreteValues = std::move(values);
            } else {
                p.categoricalValues.clear();
                for (const QString &part : parts)
                    p.categoricalValues.push_back(part.toStdString());
            }
            break;
        }
        case ScaleColumn: {
            const int s = scaleNames().indexOf(text.toUpper());
            if (s < 0)
                return false;
            p.scale = ScaleType(s);
            break;
        }
        default:
            return false;
    }
    // A type change moves which cells apply, so the whole row repaints.
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    emit paramsEdited();
    return true;
}

bool ParameterTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_params.erase(m_params.begin() + row, m_params.begin() + row + count);
    m_problems.clear();
    endRemoveRows();
    emit paramsEdited();
    return true;
}

}  // namespace covertype::ui
