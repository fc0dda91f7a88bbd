// Statistics, histogram and class distribution of the data table's current column.
#include "columnpanel.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

#include "charts/classdistributionchart.h"
#include "charts/histogramchart.h"
#include "charts/valuecountschart.h"
#include "data/labschema.h"

namespace covertype::ui {

namespace {

QLabel *valueLabel(const char *name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long values wrap instead of widening the panel (the table beside it would jump).
    label->setWordWrap(true);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

QString unitOf(const std::string &column)
{
    const std::string_view unit = lab::columnUnit(column);
    return QString::fromUtf8(unit.data(), qsizetype(unit.size()));
}

QString withUnit(double value, const QString &unit)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    const QString number = QLocale().toString(value, 'g', 6);
    if (unit.isEmpty())
        return number;
    // Degrees sit on the number; other units take a space.
    return unit == QStringLiteral("°") ? number + unit : number + QLatin1Char(' ') + unit;
}

}  // namespace

ColumnPanel::ColumnPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("columnPanel"));
    auto *layout = new QVBoxLayout(this);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("columnTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_scope = valueLabel("statScope", this);
    layout->addWidget(m_scope);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_type = valueLabel("statType", this);
    m_min = valueLabel("statMin", this);
    m_max = valueLabel("statMax", this);
    m_mean = valueLabel("statMean", this);
    m_stddev = valueLabel("statStd", this);
    m_distinct = valueLabel("statDistinct", this);
    m_nulls = valueLabel("statNulls", this);
    m_top = valueLabel("statTop", this);
    m_top->setWordWrap(true);
    form->addRow(tr("Type:"), m_type);
    form->addRow(tr("Minimum:"), m_min);
    form->addRow(tr("Maximum:"), m_max);
    form->addRow(tr("Mean:"), m_mean);
    form->addRow(tr("Std. deviation:"), m_stddev);
    form->addRow(tr("Distinct values:"), m_distinct);
    form->addRow(tr("NULL cells:"), m_nulls);
    form->addRow(tr("Most frequent:"), m_top);
    layout->addLayout(form);

    m_histogram = new HistogramChart(this);
    m_histogram->setObjectName(QStringLiteral("histogramChart"));
    m_histogram->setMinimumHeight(220);
    layout->addWidget(m_histogram, 1);

    m_values = new ValueCountsChart(this);
    m_values->setObjectName(QStringLiteral("valueCountsChart"));
    m_values->setMinimumHeight(220);
    layout->addWidget(m_values, 1);

    m_classes = new ClassDistributionChart(this);
    m_classes->setObjectName(QStringLiteral("classChart"));
    m_classes->setMinimumHeight(220);
    layout->addWidget(m_classes, 1);

    clear();
}

QSize ColumnPanel::sizeHint() const
{
    return {380, 600};
}

void ColumnPanel::setStatsText(const QString &type, const QString &min, const QString &max,
                               const QString &mean, const QString &stddev, const QString &distinct,
                               const QString &nulls)
{
    m_type->setText(type);
    m_min->setText(min);
    m_max->setText(max);
    m_mean->setText(mean);
    m_stddev->setText(stddev);
    m_distinct->setText(distinct);
    m_nulls->setText(nulls);
}

void ColumnPanel::clear()
{
    m_title->setText(tr("No column selected"));
    m_scope->clear();
    m_values->clear();
    m_values->hide();
    setStatsText({}, {}, {}, {}, {}, {}, {});
    m_top->clear();
    m_histogram->clear();
    m_histogram->hide();
    m_classes->clear();
    m_classes->hide();
}

void ColumnPanel::showPending(const QString &name)
{
    clear();
    m_title->setText(tr("%1 — computing statistics…").arg(name));
}

void ColumnPanel::showSummary(const ColumnSummary &summary)
{
    const ColumnStats &s = summary.stats;
    const QString name = QString::fromStdString(s.name);
    const QString unit = unitOf(s.name);
    m_title->setText(unit.isEmpty() ? name : tr("%1 (%2)").arg(name, unit));
    const QLocale locale;
    const QString scope = summary.filtered
                              ? tr("Filtered: %1 of %2 rows")
                                    .arg(locale.toString(qulonglong(summary.rows)),
                                         locale.toString(qulonglong(summary.tableRows)))
                              : tr("All %1 rows").arg(locale.toString(qulonglong(summary.rows)));
    m_scope->setText(summary.filtered ? QStringLiteral("<b>%1</b>").arg(scope) : scope);

    const QString dash = QStringLiteral("–");
    const std::string_view typeName = columnTypeName(s.type);
    setStatsText(QString::fromLatin1(typeName.data(), qsizetype(typeName.size())),
                 s.numeric ? withUnit(s.min, unit) : dash, s.numeric ? withUnit(s.max, unit) : dash,
                 s.numeric ? withUnit(s.mean, unit) : dash,
                 s.numeric ? withUnit(s.stddev, unit) : dash,
                 locale.toString(qulonglong(s.distinct)), locale.toString(qulonglong(s.nulls)));

    QStringList top;
    for (const auto &[value, count] : s.top) {
        if (top.size() == 5)
            break;
        top << tr("%1 (%2)").arg(QString::fromStdString(value), locale.toString(qulonglong(count)));
    }
    m_top->setText(top.isEmpty() ? dash : top.join(QStringLiteral(", ")));

    if (summary.histogram && summary.histogram->bins() > 0) {
        m_histogram->setTitle(tr("Distribution of %1").arg(name));
        m_histogram->setSeries(*summary.histogram);
        m_histogram->show();
    } else {
        m_histogram->clear();
        m_histogram->hide();
    }

    if (!s.numeric && !s.top.empty()) {
        m_values->setCounts(s.name, s.top, summary.rows, summary.otherValues);
        m_values->show();
    } else {
        m_values->clear();
        m_values->hide();
    }

    if (summary.classes) {
        ClassDistribution classes = *summary.classes;
        // The chart draws the names as given; the translations live in context "CoverType".
        for (std::string &className : classes.classNames)
            className = QCoreApplication::translate("CoverType", className.c_str()).toStdString();
        m_classes->setTitle(tr("Rows per cover type"));
        m_classes->setDistribution(classes,
                                   {summary.filtered ? tr("Filtered rows") : tr("All rows")});
        m_classes->show();
        // The class chart says more than a histogram of the codes 1..7.
        m_histogram->hide();
    } else {
        m_classes->clear();
        m_classes->hide();
    }
}

}  // namespace covertype::ui
