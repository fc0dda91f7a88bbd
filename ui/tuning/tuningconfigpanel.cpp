// The Tuning stage panel; see tuningconfigpanel.h.
#include "tuningconfigpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>
#include <utility>

#include "choicedelegate.h"
#include "parametertablemodel.h"
#include "searchspacepreview.h"
#include "shell/dialogfolders.h"
#include "shell/workbenchsession.h"

namespace covertype::ui {

namespace {

constexpr int kParseDelayMs = 300;

// The gcloud paths of problems: a parameter's field, or a field of the search settings.
const QRegularExpression paramRe(QStringLiteral(R"(params\[(\d+)\]\.(\w+))"));
const QRegularExpression fieldRe(QStringLiteral(R"(hyperparameters\.(\w+)$)"));

// Where a gcloud field name of a parameter shows in the table.
int columnOfField(const QString &field)
{
    if (field == u"parameterName")
        return ParameterTableModel::NameColumn;
    if (field == u"type")
        return ParameterTableModel::TypeColumn;
    if (field == u"minValue")
        return ParameterTableModel::MinColumn;
    if (field == u"maxValue")
        return ParameterTableModel::MaxColumn;
    if (field == u"discreteValues" || field == u"categoricalValues")
        return ParameterTableModel::ValuesColumn;
    if (field == u"scaleType")
        return ParameterTableModel::ScaleColumn;
    return ParameterTableModel::NameColumn;
}

}  // namespace

TuningConfigPanel::TuningConfigPanel(WorkbenchSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_spec(session->tuningSpec())
{
    setObjectName(QStringLiteral("tuningConfigPanel"));
    buildUi();
    m_updating = true;
    setFormFromSpec();
    m_params->setParams(m_spec.params);
    m_updating = false;
    rewriteText();
    revalidate();
}

void TuningConfigPanel::buildUi()
{
    // ---- Form
    auto *form = new QFormLayout;
    m_goal = new QComboBox(this);
    m_goal->setObjectName(QStringLiteral("goalCombo"));
    m_goal->addItems({QStringLiteral("MAXIMIZE"), QStringLiteral("MINIMIZE")});
    m_goal->setToolTip(tr("Whether the metric should be made as large or as small as possible"));
    m_metricTag = new QLineEdit(this);
    m_metricTag->setObjectName(QStringLiteral("metricTagEdit"));
    m_metricTag->setToolTip(tr("The metric the trainer reports (hyperparameterMetricTag)"));
    auto spin = [this](const char *name, int min, const QString &tip) {
        auto *s = new QSpinBox(this);
        s->setObjectName(QLatin1String(name));
        // Up to int's limit: a value from a file is shown as it is (validation says it is too
        // large), never clamped into something else.
        s->setRange(min, std::numeric_limits<int>::max());
        s->setToolTip(tip);
        return s;
    };
    // Ranges start below the valid minimum so that validation, not the widget, explains the rule.
    m_maxTrials = spin("maxTrialsSpin", 0, tr("How many trials the search runs in total"));
    m_parallelTrials = spin("parallelTrialsSpin", 0, tr("How many trials run at the same time"));
    m_maxFailed =
        spin("maxFailedSpin", 0, tr("Failed trials before the job stops (0: the service decides)"));
    m_algorithm = new QComboBox(this);
    m_algorithm->setObjectName(QStringLiteral("algorithmCombo"));
    for (auto a :
         {SearchAlgorithm::Unspecified, SearchAlgorithm::GridSearch, SearchAlgorithm::RandomSearch})
        m_algorithm->addItem(QString::fromLatin1(algorithmName(a)));
    m_algorithm->setToolTip(tr("ALGORITHM_UNSPECIFIED is Bayesian optimisation"));
    m_earlyStopping = new QCheckBox(tr("Stop unpromising trials early"), this);
    m_earlyStopping->setObjectName(QStringLiteral("earlyStoppingCheck"));
    m_resumeJob = new QLineEdit(this);
    m_resumeJob->setObjectName(QStringLiteral("resumeJobEdit"));
    m_resumeJob->setPlaceholderText(tr("(none)"));
    m_resumeJob->setToolTip(tr("Job whose trials this search continues from"));
    form->addRow(tr("&Goal:"), m_goal);
    form->addRow(tr("&Metric tag:"), m_metricTag);
    form->addRow(tr("Max &trials:"), m_maxTrials);
    form->addRow(tr("&Parallel trials:"), m_parallelTrials);
    form->addRow(tr("Max &failed trials:"), m_maxFailed);
    form->addRow(tr("&Algorithm:"), m_algorithm);
    form->addRow(tr("Early stopping:"), m_earlyStopping);
    form->addRow(tr("&Resume job ID:"), m_resumeJob);
    m_fieldWidgets = {{QStringLiteral("goal"), m_goal},
                      {QStringLiteral("hyperparameterMetricTag"), m_metricTag},
                      {QStringLiteral("maxTrials"), m_maxTrials},
                      {QStringLiteral("maxParallelTrials"), m_parallelTrials},
                      {QStringLiteral("maxFailedTrials"), m_maxFailed},
                      {QStringLiteral("algorithm"), m_algorithm},
                      {QStringLiteral("enableTrialEarlyStopping"), m_earlyStopping},
                      {QStringLiteral("resumePreviousJobId"), m_resumeJob}};

    connect(m_goal, &QComboBox::currentIndexChanged, this, &TuningConfigPanel::onFormEdited);
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &TuningConfigPanel::onFormEdited);
    connect(m_metricTag, &QLineEdit::textEdited, this, &TuningConfigPanel::onFormEdited);
    connect(m_resumeJob, &QLineEdit::textEdited, this, &TuningConfigPanel::onFormEdited);
    for (QSpinBox *s : {m_maxTrials, m_parallelTrials, m_maxFailed})
        connect(s, &QSpinBox::valueChanged, this, &TuningConfigPanel::onFormEdited);
    connect(m_earlyStopping, &QCheckBox::toggled, this, &TuningConfigPanel::onFormEdited);

    // ---- Parameter table
    m_params = new ParameterTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("parameterTable"));
    m_table->setModel(m_params);
    m_table->setItemDelegateForColumn(
        ParameterTableModel::TypeColumn,
        new ChoiceDelegate(ParameterTableModel::typeNames(), m_table));
    m_table->setItemDelegateForColumn(
        ParameterTableModel::ScaleColumn,
        new ChoiceDelegate(ParameterTableModel::scaleNames(), m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ParameterTableModel::ValuesColumn,
                                                      QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    connect(m_params, &ParameterTableModel::paramsEdited, this, &TuningConfigPanel::onFormEdited);

    auto *add = new QPushButton(tr("&Add parameter"), this);
    add->setObjectName(QStringLiteral("addParameterButton"));
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Plus));
    add->setToolTip(tr("Add a parameter to search over (Ctrl++)"));
    auto *remove = new QPushButton(tr("&Remove parameter"), this);
    remove->setObjectName(QStringLiteral("removeParameterButton"));
    remove->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    remove->setToolTip(tr("Remove the selected parameters (Ctrl+-)"));
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_params->appendParameter();
        m_table->setCurrentIndex(m_params->index(row, ParameterTableModel::NameColumn));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
            rows << i.row();
        if (rows.isEmpty() && m_table->currentIndex().isValid())
            rows << m_table->currentIndex().row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int r : rows)
            m_params->removeRow(r);
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);

    m_problems = new QListWidget(this);
    m_problems->setObjectName(QStringLiteral("problemList"));
    m_problems->setToolTip(tr("Everything that stops this config from running"));
    m_problems->setMaximumHeight(110);
    m_problems->setWordWrap(true);  // a parser's message is long: read it whole, no side scroll
    // At laptop height the parameter table keeps room for three rows before the list grows.
    m_problems->setMinimumHeight(m_problems->fontMetrics().height() * 2 + 12);
    m_problems->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() +
                              m_table->verticalHeader()->defaultSectionSize() * 3 + 4);
    connect(m_problems, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { goToProblem(item->data(Qt::UserRole).toString()); });
    connect(m_problems, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { goToProblem(item->data(Qt::UserRole).toString()); });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    auto *settings = new QGroupBox(tr("Search settings"), left);
    settings->setLayout(form);
    leftLayout->addWidget(settings);
    auto *paramsBox = new QGroupBox(tr("Parameters"), left);
    auto *paramsLayout = new QVBoxLayout(paramsBox);
    paramsLayout->addWidget(m_table, 1);
    paramsLayout->addLayout(buttons);
    leftLayout->addWidget(paramsBox, 1);
    leftLayout->addWidget(new QLabel(tr("Problems:"), left));
    leftLayout->addWidget(m_problems);

    // ---- Text view and preview
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItems(
        {tr("gcloud config.yaml"), tr("Pipeline JSON"), tr("Vertex AI studySpec JSON")});
    m_format->setToolTip(tr("The form the text below is written in"));
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        rewriteText();
        revalidate();
    });
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("specText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setToolTip(tr("Edit the config as text; the form follows when it parses"));
    m_textStatus = new QLabel(this);
    m_textStatus->setObjectName(QStringLiteral("textStatusLabel"));
    m_textStatus->setWordWrap(true);
    m_textStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parseTimer = new QTimer(this);
    m_parseTimer->setSingleShot(true);
    m_parseTimer->setInterval(kParseDelayMs);
    connect(m_parseTimer, &QTimer::timeout, this, &TuningConfigPanel::parseText);
    connect(m_text, &QPlainTextEdit::textChanged, this, &TuningConfigPanel::onTextEdited);
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    auto *formatRow = new QHBoxLayout;
    auto *formatLabel = new QLabel(tr("&Text form:"), right);
    formatLabel->setBuddy(m_format);
    formatRow->addWidget(formatLabel);
    formatRow->addWidget(m_format);
    formatRow->addStretch(1);
    formatRow->addWidget(m_fileLabel);
    rightLayout->addLayout(formatRow);
    rightLayout->addWidget(m_text, 3);
    rightLayout->addWidget(m_textStatus);
    auto *previewBox = new QGroupBox(tr("Search space"), right);
    auto *previewLayout = new QVBoxLayout(previewBox);
    m_preview = new SearchSpacePreview(previewBox);
    m_preview->setObjectName(QStringLiteral("searchSpacePreview"));
    previewLayout->addWidget(m_preview);
    rightLayout->addWidget(previewBox, 2);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(splitter);

    // ---- Actions
    m_openAction = new QAction(tr("&Open Tuning Config…"), this);
    m_openAction->setObjectName(QStringLiteral("openTuningConfigAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a config.yaml, pipeline JSON or Vertex study spec"));
    connect(m_openAction, &QAction::triggered, this, &TuningConfigPanel::openWithDialog);
    m_saveAction = new QAction(tr("&Save Tuning Config"), this);
    m_saveAction->setObjectName(QStringLiteral("saveTuningConfigAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &TuningConfigPanel::save);
    m_saveAsAction = new QAction(tr("Save Tuning Config &As…"), this);
    m_saveAsAction->setObjectName(QStringLiteral("saveTuningConfigAsAction"));
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAction, &QAction::triggered, this, &TuningConfigPanel::saveAsWithDialog);
    for (QAction *a : {m_openAction, m_saveAction, m_saveAsAction})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({m_openAction, m_saveAction, m_saveAsAction});
    setFilePath({});
}

void TuningConfigPanel::setFormFromSpec()
{
    m_goal->setCurrentIndex(m_spec.goal == Goal::Maximize ? 0 : 1);
    m_metricTag->setText(QString::fromStdString(m_spec.metricTag));
    m_maxTrials->setValue(m_spec.maxTrials);
    m_parallelTrials->setValue(m_spec.maxParallelTrials);
    m_maxFailed->setValue(m_spec.maxFailedTrials);
    m_algorithm->setCurrentIndex(int(m_spec.algorithm));
    m_earlyStopping->setChecked(m_spec.enableTrialEarlyStopping);
    m_resumeJob->setText(QString::fromStdString(m_spec.resumePreviousJobId));
}

void TuningConfigPanel::readForm()
{
    // Fields the form does not show (measurement selection, Vertex stopping) are kept as they are.
    m_spec.goal = m_goal->currentIndex() == 0 ? Goal::Maximize : Goal::Minimize;
    m_spec.metricTag = m_metricTag->text().toStdString();
    m_spec.maxTrials = m_maxTrials->value();
    m_spec.maxParallelTrials = m_parallelTrials->value();
    m_spec.maxFailedTrials = m_maxFailed->value();
    m_spec.algorithm = SearchAlgorithm(m_algorithm->currentIndex());
    m_spec.enableTrialEarlyStopping = m_earlyStopping->isChecked();
    m_spec.resumePreviousJobId = m_resumeJob->text().trimmed().toStdString();
    m_spec.params = m_params->params();
}

void TuningConfigPanel::onFormEdited()
{
    if (m_updating)
        return;
    readForm();
    rewriteText();
    revalidate();
    setModified(true);
}

void TuningConfigPanel::onTextEdited()
{
    if (!m_updating)
        m_parseTimer->start();
}

void TuningConfigPanel::parseText()
{
    TuningFormat detected = TuningFormat::GcloudYaml;
    auto parsed = parseTuningSpec(m_text->toPlainText().toStdString(), "text", detected);
    if (!parsed) {
        // The form keeps the last good config; the message says where the text went wrong, and
        // the config cannot run while the text shown is not the config.
        m_textError = QString::fromStdString(parsed.error().message);
        m_textStatus->setText(tr("Not applied: %1").arg(m_textError));
        m_textStatus->setStyleSheet(QStringLiteral("color: #b00020;"));
        revalidate();
        return;
    }
    m_textStatus->clear();
    m_textStatus->setStyleSheet({});
    const bool hadError = !std::exchange(m_textError, QString()).isEmpty();
    if (*parsed == m_spec) {
        if (hadError)
            revalidate();
        return;
    }
    m_spec = std::move(*parsed);
    m_updating = true;
    setFormFromSpec();
    m_params->setParams(m_spec.params);
    if (int(detected) != m_format->currentIndex())
        m_format->setCurrentIndex(int(detected));  // the user pasted another form: follow it
    m_updating = false;
    revalidate();
    setModified(true);
}

TuningFormat TuningConfigPanel::textFormat() const
{
    return TuningFormat(m_format->currentIndex());
}

void TuningConfigPanel::rewriteText()
{
    if (m_updating)
        return;
    m_parseTimer->stop();
    m_updating = true;
    m_text->setPlainText(QString::fromStdString(writeTuningSpec(m_spec, textFormat())));
    m_updating = false;
    m_textError.clear();  // the text is the config again
    m_textStatus->clear();
    m_textStatus->setStyleSheet({});
}

void TuningConfigPanel::revalidate()
{
    // Gcloud paths locate the cells (one spelling to map); the list uses the text's own spelling.
    const std::vector<TuningProblem> located = tuningSpecProblems(m_spec, TuningFormat::GcloudYaml);
    QHash<QPair<int, int>, QString> cells;
    QHash<QWidget *, QString> fields;
    for (const TuningProblem &p : located) {
        const QString path = QString::fromStdString(p.path);
        const QString message = QString::fromStdString(p.message);
        if (const auto m = paramRe.match(path); m.hasMatch()) {
            const QPair<int, int> key(m.captured(1).toInt(), columnOfField(m.captured(2)));
            cells[key] += (cells[key].isEmpty() ? QString() : QStringLiteral("\n")) + message;
        } else if (const auto f = fieldRe.match(path); f.hasMatch()) {
            if (QWidget *w = m_fieldWidgets.value(f.captured(1)))
                fields[w] += (fields[w].isEmpty() ? QString() : QStringLiteral("\n")) + message;
        } else if (path.endsWith(u".params")) {
            fields[m_table] += message;
        }
    }
    m_params->setProblems(cells);
    for (QWidget *w : std::as_const(m_fieldWidgets)) {
        // The field's own tooltip comes back once its problem is fixed.
        if (!w->property("baseToolTip").isValid())
            w->setProperty("baseToolTip", w->toolTip());
        w->setStyleSheet({});
        w->setToolTip(w->property("baseToolTip").toString());
    }
    m_table->setStyleSheet({});
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        it.key()->setStyleSheet(QStringLiteral("%1 { background: #ffcdcd; }")
                                    .arg(QLatin1String(it.key()->metaObject()->className())));
        it.key()->setToolTip(it.value());
    }

    const std::vector<TuningProblem> shown = tuningSpecProblems(m_spec, textFormat());
    m_problems->clear();
    if (!m_textError.isEmpty()) {
        auto *item = new QListWidgetItem(
            tr("Text: %1 (the form keeps the last config that parsed)").arg(m_textError),
            m_problems);
        item->setData(Qt::UserRole, QStringLiteral("text"));
    }
    for (size_t i = 0; i < shown.size(); ++i) {
        auto *item = new QListWidgetItem(tr("%1: %2").arg(QString::fromStdString(shown[i].path),
                                                          QString::fromStdString(shown[i].message)),
                                         m_problems);
        // Both spellings list the same problems in the same order; gcloud's locates the cell.
        if (located.size() == shown.size())
            item->setData(Qt::UserRole, QString::fromStdString(located[i].path));
        item->setToolTip(tr("Click to go to it"));
    }
    const bool valid = shown.empty() && m_textError.isEmpty();
    if (valid)
        m_problems->addItem(tr("No problems: the config can run."));
    m_session->setTuningSpec(m_spec, valid);
    m_preview->setSpec(m_spec, valid);
}

void TuningConfigPanel::goToProblem(const QString &gcloudPath)
{
    if (gcloudPath == QLatin1String("text")) {
        m_text->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (const auto m = paramRe.match(gcloudPath); m.hasMatch()) {
        const QModelIndex cell =
            m_params->index(m.captured(1).toInt(), std::max(0, columnOfField(m.captured(2))));
        if (!cell.isValid())
            return;
        m_table->setCurrentIndex(cell);
        m_table->scrollTo(cell);
        m_table->setFocus(Qt::OtherFocusReason);
    } else if (const auto f = fieldRe.match(gcloudPath); f.hasMatch()) {
        if (QWidget *w = m_fieldWidgets.value(f.captured(1)))
            w->setFocus(Qt::OtherFocusReason);
    } else if (gcloudPath.endsWith(u".params")) {
        m_table->setFocus(Qt::OtherFocusReason);
    }
}

void TuningConfigPanel::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
    setFilePath(m_filePath);
}

void TuningConfigPanel::setFilePath(const QString &path)
{
    const bool changed = path != m_filePath;
    m_filePath = path;
    const QString name =
        path.isEmpty() ? tr("course config (unsaved)") : QFileInfo(path).fileName();
    m_fileLabel->setText(m_modified ? tr("%1 (modified)").arg(name) : name);
    m_fileLabel->setToolTip(path);
    if (changed)
        emit filePathChanged(path);
}

void TuningConfigPanel::showError(const QString &message)
{
    m_textStatus->setText(message);
    m_textStatus->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_session->log(QtWarningMsg, message);
}

bool TuningConfigPanel::openFile(const QString &path)
{
    TuningFormat detected = TuningFormat::GcloudYaml;
    auto loaded = loadTuningSpec(path.toStdString(), detected);
    if (!loaded) {
        const QString message =
            tr("Could not open %1: %2").arg(path, QString::fromStdString(loaded.error().message));
        showError(message);
        // Said where the user is looking, not only in the status bar; the current config stays.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Open Tuning Config"), message,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("openConfigError"));
        box->setInformativeText(tr("The config in the editor is unchanged."));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_spec = std::move(*loaded);
    m_fileFormat = detected;
    m_updating = true;
    setFormFromSpec();
    m_params->setParams(m_spec.params);
    m_format->setCurrentIndex(int(detected));
    m_updating = false;
    rewriteText();
    revalidate();
    setModified(false);
    setFilePath(path);
    m_session->log(QtInfoMsg, tr("Opened tuning config %1").arg(path));
    return true;
}

bool TuningConfigPanel::saveFile(const QString &path, TuningFormat format)
{
    // Apply a pending text edit first so what is saved is what the user sees.
    if (m_parseTimer->isActive()) {
        m_parseTimer->stop();
        parseText();
    }
    QSaveFile file(path);
    const QByteArray bytes = QByteArray::fromStdString(writeTuningSpec(m_spec, format));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showError(tr("Could not save %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_fileFormat = format;
    setModified(false);
    setFilePath(path);
    m_session->log(QtInfoMsg, tr("Saved tuning config %1").arg(path));
    return true;
}

void TuningConfigPanel::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Tuning Config"),
        m_filePath.isEmpty() ? lastFolder(FileKind::Config) : QFileInfo(m_filePath).path(),
        tr("Tuning configs (*.yaml *.yml *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(FileKind::Config, path);
    openFile(path);
}

bool TuningConfigPanel::save()
{
    if (m_filePath.isEmpty())
        return saveAsWithDialog();
    return saveFile(m_filePath, m_fileFormat);
}

bool TuningConfigPanel::saveAsWithDialog()
{
    const QStringList filters = {tr("gcloud config (*.yaml *.yml)"), tr("Pipeline JSON (*.json)"),
                                 tr("Vertex AI study spec (*.json)")};
    QString selected = filters.value(int(textFormat()));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Tuning Config As"),
        m_filePath.isEmpty() ? inLastFolder(FileKind::Config, QStringLiteral("config.yaml"))
                             : m_filePath,
        filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return false;
    rememberFolder(FileKind::Config, path);
    return saveFile(path, TuningFormat(std::max<qsizetype>(0, filters.indexOf(selected))));
}

}  // namespace covertype::ui
