// The steps of a deploy as a checklist: each step as it starts, finishes, fails or is removed
// again after a failure, with what it made or why it failed.
#pragma once

#include <QListWidget>

#include "deploy/deploymenttarget.h"

namespace covertype::ui {

class DeployChecklist : public QListWidget
{
    Q_OBJECT

public:
    explicit DeployChecklist(QWidget *parent = nullptr);

    /// Adds the step, or updates it when a step of that name is listed.
    /// Returns the line shown for it.
    QString showStep(const DeployStep &step);
    /// The steps as shown, one line each ("✓ create endpoint ...: projects/...").
    [[nodiscard]] QStringList lines() const;
};

}  // namespace covertype::ui
