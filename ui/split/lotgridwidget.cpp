// Painting and mouse handling of the lot grid (see lotgridwidget.h).
#include "lotgridwidget.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

#include "charts/chartstyle.h"

namespace covertype::ui {

namespace {

QColor splitFill(int split)
{
    switch (split) {
        case LotGridWidget::Training:
            return ChartStyle::splitColor(0);
        case LotGridWidget::Validation:
            return ChartStyle::splitColor(1);
        case LotGridWidget::Testing:
            return ChartStyle::splitColor(2);
        default:
            return QColor(0xd0, 0xd0, 0xd0);
    }
}

constexpr int kGap = 4;

}  // namespace

LotGridWidget::LotGridWidget(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setFocusPolicy(Qt::ClickFocus);
}

void LotGridWidget::setAssignment(const std::vector<int> &assignment)
{
    m_assignment = assignment;
    updateGeometry();
    update();
}

void LotGridWidget::setLotRows(const std::vector<size_t> &rows)
{
    m_rows = rows;
    update();
}

void LotGridWidget::setPaintSplit(int split)
{
    m_paintSplit = split;
}

int LotGridWidget::cellHeight() const
{
    return fontMetrics().height() * 2 + 10;
}

QRect LotGridWidget::cellRect(int lot) const
{
    if (lot < 0 || lot >= int(m_assignment.size()) || lot >= kMaxCells)
        return {};
    const int cellWidth = (width() - kGap * (kColumns + 1)) / kColumns;
    const int row = lot / kColumns;
    const int col = lot % kColumns;
    return QRect(kGap + col * (cellWidth + kGap), kGap + row * (cellHeight() + kGap), cellWidth,
                 cellHeight());
}

int LotGridWidget::lotAt(const QPoint &pos) const
{
    const int n = std::min(int(m_assignment.size()), kMaxCells);
    for (int lot = 0; lot < n; ++lot)
        if (cellRect(lot).contains(pos))
            return lot;
    return -1;
}

QSize LotGridWidget::sizeHint() const
{
    const int n = std::min(int(m_assignment.size()), kMaxCells);
    const int rows = std::max(1, (n + kColumns - 1) / kColumns);
    const int cellWidth = fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 12;
    return {kGap + kColumns * (cellWidth + kGap), kGap + rows * (cellHeight() + kGap)};
}

QSize LotGridWidget::minimumSizeHint() const
{
    // Narrower cells still show a lot's number and its rows ("58,100" of 581k rows in 10 lots).
    const QSize wide = sizeHint();
    const int cellWidth = fontMetrics().horizontalAdvance(QStringLiteral("00,000")) + 6;
    return {std::min(wide.width(), kGap + kColumns * (cellWidth + kGap)), wide.height()};
}

void LotGridWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int n = std::min(int(m_assignment.size()), kMaxCells);
    const QLocale locale;
    for (int lot = 0; lot < n; ++lot) {
        const QRect rect = cellRect(lot);
        const QColor fill = splitFill(m_assignment[size_t(lot)]);
        painter.setPen(fill.darker(130));
        painter.setBrush(fill);
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 4, 4);
        // Dark text on grey, white on the saturated split colours.
        painter.setPen(m_assignment[size_t(lot)] == Unassigned ? Qt::black : Qt::white);
        const QString rows = size_t(lot) < m_rows.size()
                                 ? locale.toString(qulonglong(m_rows[size_t(lot)]))
                                 : QStringLiteral("…");
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.drawText(rect.adjusted(2, 3, -2, -rect.height() / 2),
                         Qt::AlignHCenter | Qt::AlignVCenter, QString::number(lot));
        painter.setFont(font());
        painter.drawText(rect.adjusted(2, rect.height() / 2, -2, -3),
                         Qt::AlignHCenter | Qt::AlignVCenter, rows);
    }
}

void LotGridWidget::applyAt(const QPoint &pos)
{
    const int lot = lotAt(pos);
    if (lot < 0 || m_dragSplit < 0 || m_assignment[size_t(lot)] == m_dragSplit)
        return;
    m_assignment[size_t(lot)] = m_dragSplit;
    update(cellRect(lot));
    emit assignmentChanged();
}

void LotGridWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int lot = lotAt(event->position().toPoint());
    if (lot < 0)
        return;
    // The press fixes what a drag paints, so dragging over cells gives them all the same split.
    m_dragSplit = m_paintSplit >= 0 ? m_paintSplit : (m_assignment[size_t(lot)] + 1) % 4;
    applyAt(event->position().toPoint());
}

void LotGridWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        applyAt(event->position().toPoint());
}

void LotGridWidget::mouseReleaseEvent(QMouseEvent *)
{
    m_dragSplit = -1;
}

bool LotGridWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int lot = lotAt(help->pos());
        if (lot < 0) {
            QToolTip::hideText();
            return true;
        }
        static const char *const names[] = {QT_TR_NOOP("unassigned"), QT_TR_NOOP("training"),
                                            QT_TR_NOOP("validation"), QT_TR_NOOP("testing")};
        const QString rows = size_t(lot) < m_rows.size()
                                 ? QLocale().toString(qulonglong(m_rows[size_t(lot)]))
                                 : tr("counting…");
        QToolTip::showText(help->globalPos(),
                           tr("Lot %1: %2, %3 rows\nClick to change its split; drag to paint.")
                               .arg(lot)
                               .arg(tr(names[m_assignment[size_t(lot)]]), rows),
                           this, cellRect(lot));
        return true;
    }
    return QWidget::event(event);
}

}  // namespace covertype::ui
