// A grid of lot cells coloured by the split each lot belongs to; clicking or dragging assigns lots.
#pragma once

#include <QWidget>

#include <cstddef>
#include <vector>

namespace covertype::ui {

class LotGridWidget : public QWidget
{
    Q_OBJECT

public:
    /// Split of a lot as the grid stores it.
    enum Split { Unassigned = 0, Training = 1, Validation = 2, Testing = 3 };
    /// The grid draws at most this many lots; larger lot counts are edited as text.
    static constexpr int kMaxCells = 100;
    static constexpr int kColumns = 10;

    explicit LotGridWidget(QWidget *parent = nullptr);

    /// One Split per lot (its size is the number of lots).
    void setAssignment(const std::vector<int> &assignment);
    [[nodiscard]] const std::vector<int> &assignment() const { return m_assignment; }
    /// Rows per lot, shown in the cells; empty while they are being computed.
    void setLotRows(const std::vector<size_t> &rows);

    /// The split a click paints; -1 makes a click cycle unassigned -> training -> validation ->
    /// testing -> unassigned.
    void setPaintSplit(int split);
    [[nodiscard]] int paintSplit() const { return m_paintSplit; }

    /// Where lot `lot` is drawn (empty when it is not drawn), for tests and tooltips.
    [[nodiscard]] QRect cellRect(int lot) const;
    [[nodiscard]] int lotAt(const QPoint &pos) const;

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

signals:
    /// The user changed the split of one or more lots.
    void assignmentChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    void applyAt(const QPoint &pos);
    [[nodiscard]] int cellHeight() const;

    std::vector<int> m_assignment;
    std::vector<size_t> m_rows;
    int m_paintSplit = -1;
    int m_dragSplit = -1;  ///< the split a drag paints, fixed by the press
};

}  // namespace covertype::ui
