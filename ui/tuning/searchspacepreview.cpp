// Search-space preview strips; see searchspacepreview.h.
#include "searchspacepreview.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <variant>

#include "charts/chartstyle.h"
#include "tuning/searchspace.h"

namespace covertype::ui {

namespace {

constexpr int kSamples = 50;

double numeric(const ParameterSpec &p, const ParameterValue &v)
{
    if (const double *d = std::get_if<double>(&v))
        return *d;
    if (const int64_t *i = std::get_if<int64_t>(&v))
        return double(*i);
    const auto &s = std::get<std::string>(v);
    const auto it = std::ranges::find(p.categoricalValues, s);
    return double(it - p.categoricalValues.begin());
}

QString scaleText(ScaleType s)
{
    switch (s) {
        case ScaleType::UnitLog:
            return SearchSpacePreview::tr("log scale");
        case ScaleType::UnitReverseLog:
            return SearchSpacePreview::tr("reverse log scale");
        case ScaleType::UnitLinear:
            return SearchSpacePreview::tr("linear scale");
        case ScaleType::None:
            break;
    }
    return SearchSpacePreview::tr("no scale");
}

}  // namespace

SearchSpacePreview::SearchSpacePreview(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("gridSizeLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget(scroll);
    m_stripLayout = new QVBoxLayout(inner);
    m_stripLayout->setContentsMargins(0, 0, 0, 0);
    m_stripLayout->addStretch(1);
    scroll->setWidget(inner);
    layout->addWidget(scroll, 1);
}

std::vector<std::vector<double>> SearchSpacePreview::samplePoints(const TuningSpec &spec, int count)
{
    const detail::SearchSpace space(spec);
    std::vector<std::vector<double>> out(spec.params.size());
    auto add = [&](const detail::Config &c) {
        for (size_t i = 0; i < c.size() && i < out.size(); ++i)
            out[i].push_back(numeric(spec.params[i], c[i]));
    };
    if (spec.algorithm == SearchAlgorithm::GridSearch && space.size() < detail::kHuge) {
        // Spread the shown points over the whole grid: the first few only vary the last parameter.
        const uint64_t n = std::min<uint64_t>(space.size(), uint64_t(count));
        for (uint64_t i = 0; i < n; ++i)
            add(space.gridPoint(i * space.size() / n));
        return out;
    }
    // Bayesian optimisation starts from random draws too, so both show the random distribution.
    for (int i = 0; i < count; ++i) {
        std::mt19937_64 rng = detail::streamFor(1, uint64_t(i), 0);
        add(space.sample(rng));
    }
    return out;
}

QString SearchSpacePreview::gridSizeText(const TuningSpec &spec)
{
    const detail::SearchSpace space(spec);
    if (space.size() >= detail::kHuge)
        return tr("infinite (a DOUBLE parameter has a continuous range)");
    return tr("%n configuration(s)", nullptr, int(std::min<uint64_t>(space.size(), INT_MAX)));
}

void SearchSpacePreview::setSpec(const TuningSpec &spec, bool valid)
{
    for (QCustomPlot *strip : m_strips)
        delete strip;
    m_strips.clear();
    if (!valid || spec.params.empty()) {
        m_summary->setText(valid ? tr("Add a parameter to preview the search space.")
                                 : tr("Fix the problems listed to preview the search space."));
        return;
    }
    const QString algorithm = QString::fromLatin1(algorithmName(spec.algorithm));
    m_summary->setText(tr("Grid size: %1. Points: the first %2 values %3 would try.")
                           .arg(gridSizeText(spec))
                           .arg(kSamples)
                           .arg(algorithm));
    const auto points = samplePoints(spec, kSamples);
    for (size_t i = 0; i < spec.params.size(); ++i) {
        QCustomPlot *strip = makeStrip(spec.params[i], points[i]);
        m_stripLayout->insertWidget(m_stripLayout->count() - 1, strip);
        m_strips.push_back(strip);
    }
}

QCustomPlot *SearchSpacePreview::makeStrip(const ParameterSpec &p,
                                           const std::vector<double> &values)
{
    auto *plot = new QCustomPlot(this);
    plot->setMinimumHeight(90);
    plot->setMaximumHeight(110);
    plot->setToolTip(
        tr("Where %1's sampled values fall on its range").arg(QString::fromStdString(p.name)));
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0,
        new QCPTextElement(
            plot,
            tr("%1 (%2)").arg(QString::fromStdString(p.name), p.type == ParameterType::Categorical
                                                                  ? tr("categorical")
                                                                  : scaleText(p.scale)),
            ChartStyle::titleFont()));
    QCPGraph *graph = plot->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    QColor c = ChartStyle::seriesColor(0);
    c.setAlpha(140);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, c, 6));
    QVector<double> xs(values.begin(), values.end());
    QVector<double> ys(xs.size(), 0.0);
    graph->setData(xs, ys);
    plot->yAxis->setRange(-1, 1);
    plot->yAxis->setVisible(false);

    double lo = 0;
    double hi = 1;
    if (p.type == ParameterType::Categorical) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (size_t k = 0; k < p.categoricalValues.size(); ++k)
            ticker->addTick(double(k), QString::fromStdString(p.categoricalValues[k]));
        plot->xAxis->setTicker(ticker);
        lo = -0.5;
        hi = double(p.categoricalValues.size()) - 0.5;
    } else {
        if (p.type == ParameterType::Discrete && !p.discreteValues.empty()) {
            lo = p.discreteValues.front();
            hi = p.discreteValues.back();
        } else {
            lo = p.minValue;
            hi = p.maxValue;
        }
        if (p.scale == ScaleType::UnitLog && lo > 0) {
            plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
            plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        }
        const double pad = plot->xAxis->scaleType() == QCPAxis::stLogarithmic
                               ? 0
                               : std::max((hi - lo) * 0.05, 1e-12);
        if (plot->xAxis->scaleType() == QCPAxis::stLogarithmic) {
            lo /= 1.1;
            hi *= 1.1;
        }
        lo -= pad;
        hi += pad;
    }
    plot->xAxis->setRange(lo, hi);
    return plot;
}

}  // namespace covertype::ui
