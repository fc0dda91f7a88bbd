// Chart base: title, tooltips and export.
#include "chartwidget.h"

#include <QFileInfo>
#include <QMouseEvent>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "chartstyle.h"

namespace covertype::ui {

namespace {

constexpr int kExportDpi = 96;  // lays out exports exactly as on a standard screen

Error ioError(const QString &path, const QString &why)
{
    return {ErrorCode::Io,
            ChartWidget::tr("Cannot write the chart to %1: %2").arg(path, why).toStdString()};
}

}  // namespace

ChartWidget::ChartWidget(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMouseTracking(true);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setAntialiasedElements(QCP::aePlottables | QCP::aeItems);

    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), ChartStyle::titleFont());
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_title->setVisible(false);

    connect(m_plot, &QCustomPlot::mouseMove, this, &ChartWidget::showToolTip);
    connect(m_plot, &QCustomPlot::beforeReplot, this,
            [this] { adaptToWidth(m_plot->viewport().width()); });
}

ChartWidget::~ChartWidget() = default;

void ChartWidget::setTitle(const QString &title)
{
    m_title->setText(title);
    m_title->setVisible(!title.isEmpty());
    requestReplot();
}

QString ChartWidget::title() const
{
    return m_title->text();
}

void ChartWidget::setCaption(const QString &caption)
{
    if (!m_caption) {
        if (caption.isEmpty())
            return;
        const int row = m_plot->plotLayout()->rowCount();
        m_plot->plotLayout()->insertRow(row);
        m_caption = new QCPTextElement(m_plot, caption, ChartStyle::captionFont());
        m_caption->setTextColor(QColor(0x555555));
        m_plot->plotLayout()->addElement(row, 0, m_caption);
    }
    m_caption->setText(caption);
    m_caption->setVisible(!caption.isEmpty());
}

void ChartWidget::placeLegendBelow()
{
    QCPLegend *legend = m_plot->legend;
    if (legend->layout() != m_plot->axisRect()->insetLayout())
        return;
    m_plot->axisRect()->insetLayout()->take(legend);
    // Row 0 is the title and row 1 the axis rect: the legend goes right under it, centred by
    // two empty cells that take the spare width.
    auto *row = new QCPLayoutGrid;
    m_plot->plotLayout()->insertRow(2);
    m_plot->plotLayout()->addElement(2, 0, row);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    row->addElement(0, 0, new QCPLayoutElement(m_plot));
    row->addElement(0, 1, legend);
    row->addElement(0, 2, new QCPLayoutElement(m_plot));
    row->setColumnStretchFactors({1, 0.001, 1});
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setColumnSpacing(18);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 2, 4, 8));
    legend->setVisible(true);
}

void ChartWidget::adaptToWidth(int width)
{
    // As many legend entries per row as fit.
    QCPLegend *legend = m_plot->legend;
    if (!legend->visible() || legend->itemCount() == 0 ||
        legend->layout() == m_plot->axisRect()->insetLayout())
        return;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (QCPAbstractLegendItem *item = legend->item(i))
            widest = std::max(widest, item->minimumOuterSizeHint().width());
    const int available = width - 16;
    const int columns =
        std::max(1, (available + legend->columnSpacing()) / (widest + legend->columnSpacing()));
    if (columns != legend->wrap()) {
        legend->setWrap(columns);
        legend->setFillOrder(legend->fillOrder(), true);
    }
}

void ChartWidget::requestReplot()
{
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString ChartWidget::toolTipAt(const QPointF &) const
{
    return {};
}

QSize ChartWidget::sizeHint() const
{
    return {800, 500};
}

QSize ChartWidget::minimumSizeHint() const
{
    return {360, 240};
}

void ChartWidget::showToolTip(QMouseEvent *event)
{
    const QString text = toolTipAt(event->position());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

Expected<void> ChartWidget::exportTo(const QString &path, QSize size)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") &&
        suffix != QLatin1String("svg"))
        return fail(ErrorCode::InvalidArgument,
                    tr("Cannot export the chart to %1: use a .png, .pdf or .svg file name")
                        .arg(path)
                        .toStdString());
    if (size.isEmpty())
        size = isVisible() || testAttribute(Qt::WA_Resized) ? m_plot->size() : sizeHint();

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::unexpected(ioError(path, file.errorString()));
    // Lay out for the export's width, then back for the screen.
    adaptToWidth(size.width());
    const auto restore = qScopeGuard([this] { adaptToWidth(m_plot->width()); });

    if (suffix == QLatin1String("png")) {
        const QPixmap pixmap = m_plot->toPixmap(size.width(), size.height());
        if (!pixmap.save(&file, "PNG"))
            return std::unexpected(ioError(path, tr("the image could not be encoded")));
    } else {
        std::unique_ptr<QPaintDevice> device;
        if (suffix == QLatin1String("pdf")) {
            auto pdf = std::make_unique<QPdfWriter>(&file);
            pdf->setResolution(kExportDpi);
            pdf->setPageMargins(QMarginsF(0, 0, 0, 0));
            // Points are 1/72 inch: the page is exactly `size` pixels at kExportDpi.
            pdf->setPageSize(QPageSize(QSizeF(size) * 72.0 / kExportDpi, QPageSize::Point));
            pdf->setTitle(title());
            pdf->setCreator(QCoreApplication::applicationName());
            device = std::move(pdf);
        } else {
            auto svg = std::make_unique<QSvgGenerator>();
            svg->setOutputDevice(&file);
            svg->setSize(size);
            svg->setViewBox(QRect(QPoint(0, 0), size));
            svg->setResolution(kExportDpi);
            svg->setTitle(title());
            device = std::move(svg);
        }
        QCPPainter painter;
        if (!painter.begin(device.get()))
            return std::unexpected(ioError(path, tr("the painter could not start")));
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        m_plot->toPainter(&painter, size.width(), size.height());
        painter.end();
        device.reset();  // flushes the document into the file
    }
    if (!file.commit())
        return std::unexpected(ioError(path, file.errorString()));
    return {};
}

}  // namespace covertype::ui
