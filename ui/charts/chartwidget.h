// Base of the workbench charts: a QCustomPlot with a title, hover tooltips and export to PNG, PDF
// and SVG. Subclasses draw a series that core computed; they never compute it.
#pragma once

#include <QPointF>
#include <QSize>
#include <QString>
#include <QWidget>

#include "base/error.h"

class QCustomPlot;
class QCPTextElement;
class QMouseEvent;

namespace covertype::ui {

class ChartWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ChartWidget(QWidget *parent = nullptr);
    ~ChartWidget() override;

    /// The plot, for tests and for pages that add interactions.
    [[nodiscard]] QCustomPlot *plot() const { return m_plot; }

    void setTitle(const QString &title);
    [[nodiscard]] QString title() const;

    /// Writes the chart to `path` as PNG, PDF or SVG by its extension (case-insensitive), at
    /// `size` pixels (the widget's size when empty, or its size hint when it has none). The file
    /// is replaced atomically. Errors: InvalidArgument for another extension, Io. Not const: the
    /// plot is laid out at `size` for the export, then back at the widget's size.
    [[nodiscard]] Expected<void> exportTo(const QString &path, QSize size = {});

    /// What the tooltip shows with the mouse at `pos` (pixels in plot()); empty over nothing.
    [[nodiscard]] virtual QString toolTipAt(const QPointF &pos) const;

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    /// Redraws once control returns to the event loop (coalesces live updates).
    void requestReplot();
    /// A line below the plot for legends of marks (e.g. "dashed: stopped early"); empty hides it.
    void setCaption(const QString &caption);
    /// Moves the legend into a row under the axis rect, laid out horizontally.
    void placeLegendBelow();
    /// Fits what depends on the width the plot is laid out at (`width` pixels): legend entries
    /// per row here; subclasses add e.g. tick label rotation and call this. Runs before every
    /// replot and export.
    virtual void adaptToWidth(int width);

private:
    void showToolTip(QMouseEvent *event);

    QCustomPlot *m_plot = nullptr;
    QCPTextElement *m_title = nullptr;
    QCPTextElement *m_caption = nullptr;
};

}  // namespace covertype::ui
