// The Tuning stage: edits the hyperparameter-tuning config as a form and as text (gcloud YAML,
// pipeline JSON or Vertex studySpec JSON), validates it in place and opens/saves config files.
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

#include "tuning/tuningspec.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;
class QTableView;
class QTimer;

namespace covertype::ui {

class ParameterTableModel;
class SearchSpacePreview;
class WorkbenchSession;

class TuningConfigPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TuningConfigPanel(WorkbenchSession *session, QWidget *parent = nullptr);

    /// File > Open (Ctrl+O), Save (Ctrl+S) and Save As (Ctrl+Shift+S) for the main window's menu.
    [[nodiscard]] QAction *openAction() const { return m_openAction; }
    [[nodiscard]] QAction *saveAction() const { return m_saveAction; }
    [[nodiscard]] QAction *saveAsAction() const { return m_saveAsAction; }

    [[nodiscard]] bool isModified() const { return m_modified; }
    /// The file the config was opened from or last saved to; empty for an unsaved config.
    [[nodiscard]] const QString &filePath() const { return m_filePath; }
    [[nodiscard]] const TuningSpec &spec() const { return m_spec; }
    [[nodiscard]] ParameterTableModel *parameterModel() const { return m_params; }

    /// Loads a config in any of the three forms; on failure shows and logs why and keeps the
    /// current one.
    bool openFile(const QString &path);
    /// Writes the config in `format` atomically; becomes the current file on success.
    bool saveFile(const QString &path, TuningFormat format);

signals:
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    void buildUi();
    void setFormFromSpec();
    void readForm();
    void onFormEdited();
    void onTextEdited();
    void parseText();
    void rewriteText();
    void revalidate();
    void setModified(bool modified);
    void setFilePath(const QString &path);
    void showError(const QString &message);
    /// Moves the focus to where a problem of the list is: a parameter cell or a form field.
    void goToProblem(const QString &gcloudPath);
    [[nodiscard]] TuningFormat textFormat() const;
    void openWithDialog();
    bool save();
    bool saveAsWithDialog();

    WorkbenchSession *m_session;
    TuningSpec m_spec;
    bool m_updating = false;  // set while code (not the user) writes into the form or the text
    bool m_modified = false;
    QString m_textError;  ///< why the text does not parse ("" when it does): a problem too
    QString m_filePath;
    TuningFormat m_fileFormat = TuningFormat::GcloudYaml;

    QComboBox *m_goal = nullptr;
    QLineEdit *m_metricTag = nullptr;
    QSpinBox *m_maxTrials = nullptr;
    QSpinBox *m_parallelTrials = nullptr;
    QSpinBox *m_maxFailed = nullptr;
    QComboBox *m_algorithm = nullptr;
    QCheckBox *m_earlyStopping = nullptr;
    QLineEdit *m_resumeJob = nullptr;
    QHash<QString, QWidget *> m_fieldWidgets;  // gcloud field name -> form widget
    ParameterTableModel *m_params = nullptr;
    QTableView *m_table = nullptr;
    QListWidget *m_problems = nullptr;
    QComboBox *m_format = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_textStatus = nullptr;
    QLabel *m_fileLabel = nullptr;
    QTimer *m_parseTimer = nullptr;
    SearchSpacePreview *m_preview = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
};

}  // namespace covertype::ui
