// Stage page frame (see stagescrollarea.h).
#include "shell/stagescrollarea.h"

#include <QEvent>
#include <QStyle>

namespace covertype::ui {

StageScrollArea::StageScrollArea(QWidget *page, QWidget *parent) : QScrollArea(parent)
{
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(false);
    setWidget(page);
    page->installEventFilter(this);  // its minimum changes with its content
}

void StageScrollArea::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    fitPage();
}

bool StageScrollArea::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        fitPage();
    return QScrollArea::eventFilter(watched, event);
}

void StageScrollArea::fitPage()
{
    QWidget *page = widget();
    if (!page)
        return;
    const QSize minimum = page->minimumSizeHint().expandedTo(page->minimumSize());
    QSize room = maximumViewportSize();
    // A scroll bar in one direction takes room from the other.
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    bool vertical = minimum.height() > room.height();
    const bool horizontal = minimum.width() > room.width() - (vertical ? bar : 0);
    if (horizontal && !vertical)
        vertical = minimum.height() > room.height() - bar;
    if (vertical)
        room.rwidth() -= bar;
    if (horizontal)
        room.rheight() -= bar;
    const QSize size = room.expandedTo(minimum);
    if (page->size() != size)
        page->resize(size);
}

}  // namespace covertype::ui
