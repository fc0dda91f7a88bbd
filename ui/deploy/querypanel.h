// Query form of the Deploy stage: builds prediction instances from the lab schema (or raw JSON,
// or the selected rows) and shows what a deployed model answers, with class names and latency.
#pragma once

#include <QWidget>

#include <nlohmann/json.hpp>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace covertype::ui {

class WorkbenchSession;

/// Sends {"instances": [...], "parameters": {"probabilities": true}} to
/// session->deploymentTarget()->predict(model, version, ...) on a worker thread.
class QueryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit QueryPanel(WorkbenchSession *session, QWidget *parent = nullptr);

    /// The deployed model and version queried (empty version: the model's default).
    void setModel(const QString &model, const QString &version);
    [[nodiscard]] QString model() const { return m_model; }
    [[nodiscard]] QString version() const { return m_version; }

    /// The instances the form describes (one instance) or the JSON editor holds; an error
    /// message in `error` when the JSON is not an array of objects.
    [[nodiscard]] nlohmann::json instances(QString *error) const;

public slots:
    /// Sends the instances of the visible tab.
    void send();
    /// Fills the JSON editor with the session's selected rows (at most 100) and shows it.
    void useSelectedRows();

signals:
    /// A prediction answered (rows in the results table) or failed (message shown).
    void finished(bool ok);

private:
    void rebuildRanges();
    void showError(const QString &message);
    void showPredictions(const nlohmann::json &response, double milliseconds);

    WorkbenchSession *m_session;
    QString m_model = QStringLiteral("covertype_classifier");
    QString m_version;
    QLabel *m_target;
    QTabWidget *m_tabs;
    std::vector<QDoubleSpinBox *> m_numeric;  ///< lab::kNumericColumns order
    QComboBox *m_wilderness;
    QComboBox *m_soil;
    QPlainTextEdit *m_json;
    QPushButton *m_send;
    QPushButton *m_useSelected;
    QLabel *m_status;
    QTableWidget *m_results;
    bool m_busy = false;
};

}  // namespace covertype::ui
