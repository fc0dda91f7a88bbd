// The look and the words shared by the charts: palettes, split and state colours, translated class,
// state and metric names, axis labels with units and number formats.
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QString>

#include <cstdint>
#include <string>
#include <string_view>

#include "runs/runstore.h"
#include "tuning/tuner.h"
#include "tuning/tuningspec.h"

class QCPAxis;
class QCPColorGradient;
class QCPGraph;
class QCPScatterStyle;
class QCustomPlot;

namespace covertype::ui {

class ChartStyle
{
    Q_DECLARE_TR_FUNCTIONS(ChartStyle)

public:
    /// A qualitative palette (10 colours, then repeating) for series without a meaning of their
    /// own.
    static QColor seriesColor(int index);
    /// Training, validation, testing (then the series palette).
    static QColor splitColor(int index);
    static QColor stateColor(TrialOutcome state);
    static QColor selectionColor();
    /// The gradient metrics are coloured with: low values light, high values dark.
    static QCPColorGradient metricGradient();

    static QFont titleFont();
    static QFont captionFont();

    /// The Cover_Type name in the user's language ("Spruce/Fir", ...).
    static QString coverTypeName(int64_t label);
    /// The same with line breaks at spaces and after '/' and '-', for narrow tick labels.
    static QString wrapped(const QString &label);
    /// Labels `names` at 0, 1, ... on `axis`, each in a `slot` pixels wide: on one line, or
    /// wrapped where that does not fit; all on one rotated line when wrapping is not enough.
    static void setCategoryTicks(QCPAxis *axis, const QStringList &names, double slot);
    /// Ticks at every whole number (1, 2, ...) while they fit: trials, epochs.
    static void setIntegerTicks(QCPAxis *axis);
    /// A graph of unconnected points drawn in `style`, named for the legend and for tests.
    static QCPGraph *addPointGraph(QCustomPlot *plot, const char *objectName, const QString &name,
                                   const QCPScatterStyle &style);
    static QString trialStateName(TrialOutcome state);
    /// Translated names of run kinds ("tuning") and run or step states ("Succeeded").
    static QString runKindName(RunKind kind);
    static QString runStateName(RunState state);
    /// "Validation accuracy" for the tag "accuracy", "Validation macro recall" for "recall",
    /// otherwise the tag itself.
    static QString metricName(const std::string &metricTag);
    /// "name (unit)", or the name alone without a unit.
    static QString axisLabel(const QString &name, const QString &unit);
    /// A lab column with its unit: "Elevation (m)", "Slope (°)", "Hillshade_9am (index 0–255)".
    static QString columnAxisLabel(std::string_view column);
    /// A parameter with what its values mean: "max_iter (epochs)", "alpha (log scale)".
    static QString parameterAxisLabel(const ParameterSpec &parameter);
    /// Metrics in fixed 6 decimals, as the CLI prints them.
    static QString metricText(double value);
    /// A plain number: integers exactly, others with up to 6 significant digits.
    static QString numberText(double value);
};

}  // namespace covertype::ui
