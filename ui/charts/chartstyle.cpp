// Shared chart palette, fonts and translated names.
#include "chartstyle.h"

#include <QApplication>
#include <QFontMetrics>
#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

#include <qcustomplot.h>

#include "data/labschema.h"

namespace covertype::ui {

namespace {

// The class names, marked for lupdate; the static_asserts keep them equal to core's.
constexpr std::array<const char *, 7> kCoverTypeNames = {
    QT_TRANSLATE_NOOP("CoverType", "Spruce/Fir"),
    QT_TRANSLATE_NOOP("CoverType", "Lodgepole Pine"),
    QT_TRANSLATE_NOOP("CoverType", "Ponderosa Pine"),
    QT_TRANSLATE_NOOP("CoverType", "Cottonwood/Willow"),
    QT_TRANSLATE_NOOP("CoverType", "Aspen"),
    QT_TRANSLATE_NOOP("CoverType", "Douglas-fir"),
    QT_TRANSLATE_NOOP("CoverType", "Krummholz"),
};
static_assert(std::string_view(kCoverTypeNames[0]) == lab::kCoverTypeNames[0]);
static_assert(std::string_view(kCoverTypeNames[1]) == lab::kCoverTypeNames[1]);
static_assert(std::string_view(kCoverTypeNames[2]) == lab::kCoverTypeNames[2]);
static_assert(std::string_view(kCoverTypeNames[3]) == lab::kCoverTypeNames[3]);
static_assert(std::string_view(kCoverTypeNames[4]) == lab::kCoverTypeNames[4]);
static_assert(std::string_view(kCoverTypeNames[5]) == lab::kCoverTypeNames[5]);
static_assert(std::string_view(kCoverTypeNames[6]) == lab::kCoverTypeNames[6]);

// Tableau 10: distinguishable, and readable for the common colour-vision deficiencies.
constexpr std::array<QRgb, 10> kPalette = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                           0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};

}  // namespace

QColor ChartStyle::seriesColor(int index)
{
    return QColor(kPalette[size_t(std::abs(index)) % kPalette.size()]);
}

QColor ChartStyle::splitColor(int index)
{
    return seriesColor(index);  // blue training, orange validation, green testing
}

QColor ChartStyle::stateColor(TrialOutcome state)
{
    switch (state) {
        case TrialOutcome::Succeeded:
            return QColor(0x4e79a7);
        case TrialOutcome::StoppedEarly:
            return QColor(0xf28e2b);
        case TrialOutcome::Failed:
            return QColor(0xe15759);
        case TrialOutcome::Active:
        case TrialOutcome::Cancelled:  // grey: it did not fail, it was stopped by the user
            break;
    }
    return QColor(0x9a9a9a);
}

QColor ChartStyle::selectionColor()
{
    return QColor(0x1a1a1a);
}

QCPColorGradient ChartStyle::metricGradient()
{
    // Viridis without its palest yellow (too faint on white), reversed: the best trials darkest.
    QCPColorGradient g;
    g.setColorStopAt(0.0, QColor(0x7ad151));
    g.setColorStopAt(0.25, QColor(0x22a884));
    g.setColorStopAt(0.5, QColor(0x2a788e));
    g.setColorStopAt(0.75, QColor(0x414487));
    g.setColorStopAt(1.0, QColor(0x440154));
    return g;
}

QFont ChartStyle::titleFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    f.setBold(true);
    return f;
}

QFont ChartStyle::captionFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

QString ChartStyle::coverTypeName(int64_t label)
{
    if (label >= lab::kMinCoverType && label <= lab::kMaxCoverType)
        return QCoreApplication::translate("CoverType",
                                           kCoverTypeNames[size_t(label - lab::kMinCoverType)]);
    return tr("Cover type %1").arg(label);
}

QString ChartStyle::wrapped(const QString &label)
{
    QString out = label;
    out.replace(QLatin1Char(' '), QLatin1Char('\n'));
    out.replace(QLatin1String("/"), QLatin1String("/\n"));
    out.replace(QLatin1String("-"), QLatin1String("-\n"));
    return out;
}

void ChartStyle::setIntegerTicks(QCPAxis *axis)
{
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    ticker->setTickCount(12);  // every one while they fit
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("f"));
    axis->setNumberPrecision(0);
}

QCPGraph *ChartStyle::addPointGraph(QCustomPlot *plot, const char *objectName, const QString &name,
                                    const QCPScatterStyle &style)
{
    auto *g = plot->addGraph();
    g->setObjectName(QLatin1String(objectName));
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(style);
    return g;
}

void ChartStyle::setCategoryTicks(QCPAxis *axis, const QStringList &names, double slot)
{
    const QFontMetrics metrics(axis->tickLabelFont());
    const auto width = [&](const QString &label) {
        int widest = 0;
        for (const QString &line : label.split(QLatin1Char('\n')))
            widest = std::max(widest, metrics.horizontalAdvance(line));
        return widest + 6;
    };
    // Each name on one line if it fits, else wrapped; if a wrapped one still does not, all of
    // them on one rotated line.
    QStringList labels;
    bool fits = true;
    for (const QString &name : names) {
        labels << (width(name) <= slot ? name : wrapped(name));
        fits = fits && width(labels.back()) <= slot;
    }
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
    if (!ticker) {
        ticker = QSharedPointer<QCPAxisTickerText>::create();
        axis->setTicker(ticker);
    }
    ticker->clear();
    for (qsizetype i = 0; i < names.size(); ++i)
        ticker->addTick(double(i), fits ? labels[i] : names[i]);
    axis->setTickLabelRotation(fits ? 0 : -35);
}

QString ChartStyle::trialStateName(TrialOutcome state)
{
    switch (state) {
        case TrialOutcome::Active:
            return tr("Running");
        case TrialOutcome::Succeeded:
            return tr("Succeeded");
        case TrialOutcome::Failed:
            return tr("Failed");
        case TrialOutcome::StoppedEarly:
            return tr("Stopped early");
        case TrialOutcome::Cancelled:
            return tr("Cancelled");
    }
    return {};
}

QString ChartStyle::runKindName(RunKind kind)
{
    switch (kind) {
        case RunKind::Tune:
            return tr("tuning");
        case RunKind::Pipeline:
            return tr("pipeline");
        case RunKind::Train:
            return tr("training");
    }
    return {};
}

QString ChartStyle::runStateName(RunState state)
{
    switch (state) {
        case RunState::Queued:
            return tr("Queued");
        case RunState::Running:
            return tr("Running");
        case RunState::Succeeded:
            return tr("Succeeded");
        case RunState::Failed:
            return tr("Failed");
        case RunState::Cancelled:
            return tr("Cancelled");
        case RunState::Interrupted:
            return tr("Interrupted");
    }
    return {};
}

QString ChartStyle::metricName(const std::string &metricTag)
{
    if (metricTag == "accuracy")
        return tr("Validation accuracy");
    if (metricTag == "recall")
        return tr("Validation macro recall");
    return QString::fromStdString(metricTag);
}

QString ChartStyle::axisLabel(const QString &name, const QString &unit)
{
    return unit.isEmpty() ? name : tr("%1 (%2)").arg(name, unit);
}

QString ChartStyle::columnAxisLabel(std::string_view column)
{
    const QString name = QString::fromUtf8(column.data(), qsizetype(column.size()));
    const std::string_view unit = lab::columnUnit(column);
    if (!unit.empty())
        return axisLabel(name, QString::fromUtf8(unit.data(), qsizetype(unit.size())));
    if (column.starts_with("Hillshade"))
        return axisLabel(name, tr("index 0–255"));
    return name;
}

QString ChartStyle::parameterAxisLabel(const ParameterSpec &parameter)
{
    const QString name = QString::fromStdString(parameter.name);
    QStringList notes;
    if (parameter.name == "max_iter")
        notes << tr("epochs");
    if (parameter.type != ParameterType::Categorical) {
        if (parameter.scale == ScaleType::UnitLog)
            notes << tr("log scale");
        else if (parameter.scale == ScaleType::UnitReverseLog)
            notes << tr("reverse log scale");
    }
    return notes.isEmpty() ? name : axisLabel(name, notes.join(QStringLiteral(", ")));
}

QString ChartStyle::metricText(double value)
{
    return QLocale().toString(value, 'f', 6);
}

QString ChartStyle::numberText(double value)
{
    if (std::isfinite(value) && value == std::round(value) && std::abs(value) < 1e15)
        return QLocale().toString(qint64(value));
    return QLocale().toString(value, 'g', 6);
}

}  // namespace covertype::ui
