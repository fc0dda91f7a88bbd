// The frame of a stage page in the main window: the page fills the window, and scrolls only when
// the window is smaller than the page's minimum size (a 1280x720 laptop), never more.
#pragma once

#include <QScrollArea>

namespace covertype::ui {

/// QScrollArea's own resizing sizes a page by its preferred height for the width (which counts
/// the charts' preferred 500 pixels) and so scrolls a page that would fit. This one gives the
/// page the whole viewport, or its minimum size where that is larger.
class StageScrollArea : public QScrollArea
{
    Q_OBJECT

public:
    explicit StageScrollArea(QWidget *page, QWidget *parent = nullptr);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitPage();
};

}  // namespace covertype::ui
