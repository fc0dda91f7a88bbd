// Preview of a tuning config's search space: where sampled values fall on each parameter's scale
// and how many configurations a grid search would visit.
#pragma once

#include <QString>
#include <QWidget>

#include <vector>

#include "tuning/tuningspec.h"

class QLabel;
class QVBoxLayout;
class QCustomPlot;

namespace covertype::ui {

class SearchSpacePreview : public QWidget
{
    Q_OBJECT

public:
    explicit SearchSpacePreview(QWidget *parent = nullptr);

    /// Redraws for `spec`; an invalid spec shows a hint instead of strips.
    void setSpec(const TuningSpec &spec, bool valid);

    /// The values the selected algorithm would try first (grid points spread over the grid for
    /// GRID_SEARCH, seeded random draws otherwise), per parameter: numbers, or the index of a
    /// CATEGORICAL value. `spec` must be valid.
    [[nodiscard]] static std::vector<std::vector<double>> samplePoints(const TuningSpec &spec,
                                                                       int count);
    /// "12 configurations" or "infinite (a DOUBLE parameter)"; `spec` must be valid.
    [[nodiscard]] static QString gridSizeText(const TuningSpec &spec);

    [[nodiscard]] int stripCount() const { return int(m_strips.size()); }

private:
    QCustomPlot *makeStrip(const ParameterSpec &p, const std::vector<double> &values);

    QLabel *m_summary = nullptr;
    QVBoxLayout *m_stripLayout = nullptr;
    std::vector<QCustomPlot *> m_strips;
};

}  // namespace covertype::ui
