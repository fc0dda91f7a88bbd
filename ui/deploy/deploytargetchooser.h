// Where the Deploy stage deploys to: the local registry or a Vertex AI endpoint (an existing one,
// or a new one by name), with the hourly price of the serving machine.
#pragma once

#include <QWidget>

#include <optional>

#include "costs/pricetable.h"

class QComboBox;
class QSettings;
class QLabel;
class QLineEdit;

namespace covertype::ui {

class WorkbenchSession;

/// The destination the user chose last (`deploy/destination`, `deploy/vertexEndpoint`), chosen
/// again; the local registry when the Cloud settings no longer allow it.
void restoreDeployDestination(WorkbenchSession &session, const QSettings &settings);

class DeployTargetChooser : public QWidget
{
    Q_OBJECT

public:
    explicit DeployTargetChooser(WorkbenchSession *session, QWidget *parent = nullptr);

    /// Chooses Vertex AI (with `endpoint`, "" for each model's own) or the local registry, as
    /// the user would; false (and the reason shown) when the Cloud settings do not allow it.
    bool chooseVertex(const QString &endpoint);
    void chooseLocal();
    /// Each choice that worked is remembered (restoreDeployDestination). The reason shown when
    /// the last choice could not be made ("" otherwise).
    [[nodiscard]] QString problem() const;
    /// The serving machine's price line ("" for the local registry).
    [[nodiscard]] QString priceText() const;

private:
    void apply();
    void syncFromSession();

    WorkbenchSession *m_session;
    std::optional<PriceTable> m_prices;
    QComboBox *m_destination = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLabel *m_price = nullptr;
    QLabel *m_problem = nullptr;
};

}  // namespace covertype::ui
