// An item delegate that edits a cell by picking one of a fixed list of API names in a combo box.
#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

namespace covertype::ui {

class ChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ChoiceDelegate(QStringList choices, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;

private:
    QStringList m_choices;
};

}  // namespace covertype::ui
