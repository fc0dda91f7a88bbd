// The tuning config's parameters as an editable table, with validation problems marked per cell.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>

#include <vector>

#include "tuning/tuningspec.h"

namespace covertype::ui {

class ParameterTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        TypeColumn,
        MinColumn,
        MaxColumn,
        ValuesColumn,
        ScaleColumn,
        ColumnCount
    };

    explicit ParameterTableModel(QObject *parent = nullptr);

    [[nodiscard]] const std::vector<ParameterSpec> &params() const { return m_params; }
    /// Replaces every row (no paramsEdited: the caller already knows).
    void setParams(std::vector<ParameterSpec> params);

    /// Marks cells with problems: key (row, column), value the message. Other cells are cleared.
    void setProblems(const QHash<QPair<int, int>, QString> &problems);
    [[nodiscard]] QString problemAt(int row, int column) const;

    /// Appends a DOUBLE parameter with a unique placeholder name; returns its row.
    int appendParameter();

    /// The API spellings the type and scale combos offer, in enum order.
    [[nodiscard]] static QStringList typeNames();
    [[nodiscard]] static QStringList scaleNames();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

signals:
    /// The user changed, added or removed a parameter.
    void paramsEdited();

private:
    [[nodiscard]] bool cellApplies(const ParameterSpec &p, int column) const;
    [[nodiscard]] QString cellText(const ParameterSpec &p, int column) const;

    std::vector<ParameterSpec> m_params;
    QHash<QPair<int, int>, QString> m_problems;
};

}  // namespace covertype::ui
