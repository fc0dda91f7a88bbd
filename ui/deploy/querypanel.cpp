// Query form of the Deploy stage: schema-driven instance form, raw JSON, results with latency.
#include "querypanel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "data/labschema.h"
#include "deploy/deploymenttarget.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

constexpr size_t kMaxSelectedInstances = 100;

struct PredictOutcome
{
    Expected<nlohmann::json> response = nlohmann::json();
    double milliseconds = 0;
};

nlohmann::json cellJson(const Column &column, size_t row)
{
    if (column.isNull(row))
        return nullptr;
    switch (column.type) {
        case ColumnType::Int64:
            return column.ints[row];
        case ColumnType::Float64:
            return column.doubles[row];
        case ColumnType::Bool:
            return column.bools[row] != 0;
        case ColumnType::String:
            return column.dictionary[static_cast<size_t>(column.codes[row])];
    }
    return nullptr;
}

QString coverTypeText(int64_t label)
{
    return QCoreApplication::translate("CoverType", lab::coverTypeName(label).c_str());
}

}  // namespace

QueryPanel::QueryPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    m_target = new QLabel(this);
    m_target->setObjectName(QStringLiteral("queryTarget"));

    auto *form = new QWidget(this);
    auto *formLayout = new QFormLayout(form);
    formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (std::string_view name : lab::kNumericColumns) {
        auto *spin = new QDoubleSpinBox(form);
        spin->setObjectName(QString::fromLatin1(name.data(), static_cast<int>(name.size())));
        spin->setDecimals(0);
        spin->setRange(-1e6, 1e6);
        const std::string_view unit = lab::columnUnit(name);
        if (!unit.empty())
            spin->setSuffix(QStringLiteral(" ") + QString::fromUtf8(unit.data(), unit.size()));
        m_numeric.push_back(spin);
        formLayout->addRow(QString::fromLatin1(name.data(), static_cast<int>(name.size())) + ':',
                           spin);
    }
    m_wilderness = new QComboBox(form);
    m_wilderness->setObjectName(QStringLiteral("Wilderness_Area"));
    m_soil = new QComboBox(form);
    m_soil->setObjectName(QStringLiteral("Soil_Type"));
    formLayout->addRow(tr("Wilderness_Area:"), m_wilderness);
    formLayout->addRow(tr("Soil_Type:"), m_soil);

    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("instancesJson"));
    m_json->setPlaceholderText(
        tr("[{\"Elevation\": 3092, \"Aspect\": 163, ..., \"Soil_Type\": \"C7745\"}, ...]"));
    m_json->setToolTip(tr("A JSON array of instances, each an object of the 12 feature columns"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("queryTabs"));
    m_tabs->addTab(form, tr("&Form"));
    m_tabs->addTab(m_json, tr("&JSON instances"));

    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendQuery"));
    m_send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_send->setToolTip(tr("Ask the deployed model for predictions (Ctrl+Enter)"));
    m_useSelected = new QPushButton(tr("Use selected &rows"), this);
    m_useSelected->setObjectName(QStringLiteral("useSelectedRows"));
    m_useSelected->setToolTip(tr("Put the rows selected in the Data stage into the JSON editor"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("queryStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_results = new QTableWidget(this);
    m_results->setObjectName(QStringLiteral("queryResults"));
    QStringList headers{tr("Instance"), tr("Class"), tr("Cover type")};
    for (int k = lab::kMinCoverType; k <= lab::kMaxCoverType; ++k)
        headers << tr("P(%1)").arg(k);
    m_results->setColumnCount(static_cast<int>(headers.size()));
    m_results->setHorizontalHeaderLabels(headers);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->verticalHeader()->hide();
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_useSelected);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_target);
    layout->addWidget(m_tabs, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 2);

    connect(m_send, &QPushButton::clicked, this, &QueryPanel::send);
    connect(m_useSelected, &QPushButton::clicked, this, &QueryPanel::useSelectedRows);
    connect(m_session, &WorkbenchSession::datasetChanged, this, &QueryPanel::rebuildRanges);
    connect(m_session, &WorkbenchSession::selectedRowsChanged, this, [this] {
        m_useSelected->setEnabled(!m_session->selectedRows().empty() && m_session->dataset());
    });
    m_useSelected->setEnabled(false);
    rebuildRanges();
    setModel(m_model, m_version);
}

void QueryPanel::setModel(const QString &model, const QString &version)
{
    m_model = model;
    m_version = version;
    m_target->setText(tr("Querying <b>%1</b> %2")
                          .arg(model.toHtmlEscaped(),
                               version.isEmpty() ? tr("(default version)")
                                                 : tr("version %1").arg(version.toHtmlEscaped())));
}

void QueryPanel::rebuildRanges()
{
    const auto dataset = m_session->dataset();
    for (size_t i = 0; i < lab::kNumericColumns.size(); ++i) {
        QDoubleSpinBox *spin = m_numeric[i];
        const Column *column = dataset ? dataset->find(lab::kNumericColumns[i]) : nullptr;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        if (column && column->type != ColumnType::String)
            for (size_t r = 0; r < column->size(); ++r)
                if (const double v = column->numberAt(r); !std::isnan(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        if (lo > hi) {  // no data: wide open, the model rejects nothing numeric
            spin->setRange(-1e6, 1e6);
            spin->setToolTip(tr("No dataset open: any value"));
            continue;
        }
        spin->setDecimals(column->type == ColumnType::Float64 ? 2 : 0);
        spin->setRange(lo, hi);
        spin->setValue(lo + (hi - lo) / 2);
        spin->setToolTip(tr("Observed in the data: %1 to %2").arg(lo).arg(hi));
    }
    const auto fill = [&](QComboBox *box, std::string_view name, auto fallback) {
        box->clear();
        std::set<std::string> values;
        if (const Column *column = dataset ? dataset->find(name) : nullptr)
            for (size_t r = 0; r < column->size(); ++r)
                if (!column->isNull(r))
                    values.insert(column->textAt(r));
        if (values.empty())
            values = fallback();
        for (const std::string &v : values)
            box->addItem(QString::fromStdString(v));
        box->setToolTip(dataset ? tr("Values present in the data")
                                : tr("Values of the lab schema"));
    };
    fill(m_wilderness, lab::kCategoricalColumns[0], [] {
        std::set<std::string> s;
        for (auto w : lab::kWildernessAreas)
            s.emplace(w);
        return s;
    });
    fill(m_soil, lab::kCategoricalColumns[1], [] {
        std::set<std::string> s;
        for (int code : lab::kSoilEluCodes)
            s.insert("C" + std::to_string(code));
        return s;
    });
}

nlohmann::json QueryPanel::instances(QString *error) const
{
    if (m_tabs->currentIndex() == 0) {
        nlohmann::json instance = nlohmann::json::object();
        for (size_t i = 0; i < lab::kNumericColumns.size(); ++i) {
            const double v = m_numeric[i]->value();
            if (m_numeric[i]->decimals() == 0)
                instance[std::string(lab::kNumericColumns[i])] = static_cast<int64_t>(v);
            else
                instance[std::string(lab::kNumericColumns[i])] = v;
        }
        instance[std::string(lab::kCategoricalColumns[0])] =
            m_wilderness->currentText().toStdString();
        instance[std::string(lab::kCategoricalColumns[1])] = m_soil->currentText().toStdString();
        return nlohmann::json::array({instance});
    }
    const auto parsed = nlohmann::json::parse(m_json->toPlainText().toStdString(), nullptr, false);
    if (parsed.is_discarded()) {
        *error = tr("The instances are not valid JSON.");
        return {};
    }
    // Accept a whole request body too: people paste what they send with curl.
    const nlohmann::json list =
        parsed.is_object() && parsed.contains("instances") ? parsed["instances"] : parsed;
    if (!list.is_array() || list.empty()) {
        *error = tr("The instances must be a non-empty JSON array.");
        return {};
    }
    return list;
}

void QueryPanel::useSelectedRows()
{
    const auto dataset = m_session->dataset();
    const auto &rows = m_session->selectedRows();
    if (!dataset || rows.empty())
        return;
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < kMaxSelectedInstances; ++i) {
        nlohmann::json instance = nlohmann::json::object();
        for (std::string_view name : lab::kFeatureColumns)
            if (const Column *column = dataset->find(name))
                instance[std::string(name)] = cellJson(*column, rows[i]);
        list.push_back(std::move(instance));
    }
    m_json->setPlainText(QString::fromStdString(list.dump(2)));
    m_tabs->setCurrentIndex(1);
    if (rows.size() > kMaxSelectedInstances)
        m_status->setText(tr("Using the first %1 of %2 selected rows.")
                              .arg(kMaxSelectedInstances)
                              .arg(rows.size()));
}

void QueryPanel::send()
{
    if (m_busy)
        return;
    std::shared_ptr<DeploymentTarget> target = m_session->deploymentTarget();
    if (!target) {
        showError(tr("No deployment target: the workbench has no local registry to query."));
        return;
    }
    QString error;
    nlohmann::json list = instances(&error);
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    nlohmann::json request = {{"instances", std::move(list)},
                              {"parameters", {{"probabilities", true}}}};
    m_busy = true;
    m_send->setEnabled(false);
    m_status->setText(tr("Sending…"));
    const std::string model = m_model.toStdString(), version = m_version.toStdString();
    auto future = QtConcurrent::run([target, model, version, request = std::move(request)] {
        QElapsedTimer timer;
        timer.start();
        PredictOutcome out;
        out.response = target->predict(model, version, request);
        out.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        return out;
    });
    auto *watcher = new QFutureWatcher<PredictOutcome>(this);
    connect(watcher, &QFutureWatcher<PredictOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_busy = false;
        m_send->setEnabled(true);
        const PredictOutcome out = watcher->result();
        if (!out.response)
            showError(tr("Prediction failed: %1")
                          .arg(QString::fromStdString(out.response.error().message)));
        else
            showPredictions(*out.response, out.milliseconds);
    });
    watcher->setFuture(future);
}

void QueryPanel::showError(const QString &message)
{
    m_results->setRowCount(0);  // an old answer under a new error would read as this query's
    m_status->setText(
        QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(message.toHtmlEscaped()));
    m_session->log(QtWarningMsg, message);
    emit finished(false);
}

void QueryPanel::showPredictions(const nlohmann::json &response, double milliseconds)
{
    const auto it = response.find("predictions");
    if (it == response.end() || !it->is_array()) {
        showError(tr("The answer holds no \"predictions\" array."));
        return;
    }
    m_results->setRowCount(static_cast<int>(it->size()));
    int row = 0;
    for (const nlohmann::json &p : *it) {
        const nlohmann::json label = p.is_object() ? p.value("label", nlohmann::json()) : p;
        const int64_t cls = label.is_number() ? label.get<int64_t>() : 0;
        m_results->setItem(row, 0, new QTableWidgetItem(QString::number(row)));
        m_results->setItem(row, 1, new QTableWidgetItem(QString::number(cls)));
        m_results->setItem(row, 2, new QTableWidgetItem(coverTypeText(cls)));
        if (p.is_object() && p.contains("probabilities"))
            for (int k = lab::kMinCoverType; k <= lab::kMaxCoverType; ++k) {
                const auto &probs = p["probabilities"];
                const std::string key = std::to_string(k);
                if (probs.contains(key) && probs[key].is_number())
                    m_results->setItem(
                        row, 2 + k,
                        new QTableWidgetItem(QString::number(probs[key].get<double>(), 'f', 3)));
            }
        ++row;
    }
    m_status->setText(
        tr("%n prediction(s) in %1 ms", nullptr, row).arg(QString::number(milliseconds, 'f', 1)));
    emit finished(true);
}

}  // namespace covertype::ui
