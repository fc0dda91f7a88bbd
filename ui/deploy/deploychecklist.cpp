// The deploy checklist (see deploychecklist.h).
#include "deploy/deploychecklist.h"

namespace covertype::ui {

DeployChecklist::DeployChecklist(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("deploySteps"));
    setSelectionMode(QAbstractItemView::NoSelection);
    setWordWrap(true);
    setTextElideMode(Qt::ElideMiddle);
}

QString DeployChecklist::showStep(const DeployStep &step)
{
    const QString what = QString::fromStdString(step.what);
    QListWidgetItem *item = nullptr;
    for (int i = 0; i < count() && !item; ++i)
        if (this->item(i)->data(Qt::UserRole).toString() == what)
            item = this->item(i);
    if (!item) {
        item = new QListWidgetItem(this);
        item->setData(Qt::UserRole, what);
    }
    QString mark;
    QColor color = palette().color(QPalette::Text);
    switch (step.state) {
        case DeployStep::State::Started:
            mark = QStringLiteral("…");
            break;
        case DeployStep::State::Done:
            mark = QStringLiteral("✓");
            color = QColor(0x1b, 0x7f, 0x3b);
            break;
        case DeployStep::State::Failed:
            mark = QStringLiteral("✗");
            color = QColor(0xb0, 0x00, 0x20);
            break;
        case DeployStep::State::Removed:
            mark = QStringLiteral("↩");
            break;
    }
    const QString detail = QString::fromStdString(step.detail);
    QString text = QStringLiteral("%1 %2").arg(mark, what);
    if (step.state == DeployStep::State::Removed)
        text = tr("%1 removed again: %2").arg(mark, what);
    if (!detail.isEmpty())
        text += QStringLiteral(": ") + detail;
    item->setText(text);
    item->setToolTip(text);
    item->setForeground(color);
    scrollToItem(item);
    return text;
}

QStringList DeployChecklist::lines() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out << item(i)->text();
    return out;
}

}  // namespace covertype::ui
