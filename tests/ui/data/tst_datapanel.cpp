// Tests of the Data stage panel on the real 75k rows: count, header sort, filter, selection,
// column statistics; QAbstractItemModelTester over the row-order view model.
#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <algorithm>

#include "charts/classdistributionchart.h"
#include "charts/histogramchart.h"
#include "charts/valuecountschart.h"
#include "data/csvloader.h"
#include "data/datapanel.h"
#include "data/datasetviewmodel.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"

using namespace covertype;
using namespace covertype::ui;

class TestDataPanel : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const Dataset> m_data;
    QString m_path;

    static QString labelText(const QWidget &w, const char *name)
    {
        auto *label = w.findChild<QLabel *>(QLatin1String(name));
        return label ? label->text() : QStringLiteral("<missing %1>").arg(QLatin1String(name));
    }

    /// Shows the panel at a laptop-ish size and waits for its first column statistics.
    static bool showWithStatistics(DataPanel &panel, QSignalSpy &ready)
    {
        panel.resize(1280, 800);
        panel.show();
        return QTest::qWaitForWindowExposed(&panel) &&
               QTest::qWaitFor([&ready] { return !ready.isEmpty(); }, 20000);
    }

    static void clickHeader(QTableView *view, int column)
    {
        QHeaderView *header = view->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        COVERTYPE_REAL_DATA(path);
        auto loaded = loadDataset(path.toStdString());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        m_data = std::make_shared<const Dataset>(std::move(*loaded));
        m_path = path;
    }

    void showsRowCount()
    {
        WorkbenchSession session;
        DataPanel panel(&session);
        QCOMPARE(panel.model()->rowCount(), 0);
        session.setDataset(m_data, m_path);
        QCOMPARE(panel.model()->rowCount(), int(m_data->rowCount()));
        QCOMPARE(panel.model()->columnCount(), int(m_data->columnCount()));
        const QString expected = QLocale().toString(qulonglong(m_data->rowCount()));
        QVERIFY2(labelText(panel, "rowCountLabel").contains(expected),
                 qPrintable(labelText(panel, "rowCountLabel")));
        QVERIFY(labelText(panel, "sourceLabel").contains(QStringLiteral("covertype_75k.csv")));
    }

    void modelPassesTester()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy shown(&panel, &DataPanel::rowsShownChanged);
        QVERIFY(panel.applyFilter(QStringLiteral("Cover_Type = 4 and Elevation 2000..2300")));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
        panel.sortByColumn(0, Qt::DescendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 2, 10000);
        panel.clearFilter();
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 3, 10000);
        session.setDataset(nullptr, {});
        QCOMPARE(panel.model()->rowCount(), 0);
    }

    void headerClickSortsSmallestFirst()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const int elevation = m_data->columnIndex("Elevation");
        QVERIFY(elevation >= 0);
        QSignalSpy shown(&panel, &DataPanel::rowsShownChanged);
        clickHeader(panel.tableView(), elevation);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);

        const Column &column = m_data->column(size_t(elevation));
        const int64_t smallest = *std::min_element(column.ints.begin(), column.ints.end());
        const int64_t largest = *std::max_element(column.ints.begin(), column.ints.end());
        QCOMPARE(panel.model()->rowCount(), int(m_data->rowCount()));
        QCOMPARE(panel.model()->index(0, elevation).data().toLongLong(), smallest);
        for (int row = 1; row < 500; ++row)
            QVERIFY(panel.model()->index(row - 1, elevation).data().toLongLong() <=
                    panel.model()->index(row, elevation).data().toLongLong());
        // The row header keeps the dataset row number.
        const uint32_t first = panel.model()->datasetRow(0);
        QCOMPARE(column.ints[first], smallest);
        QCOMPARE(panel.model()->headerData(0, Qt::Vertical).toLongLong(), qlonglong(first) + 1);

        clickHeader(panel.tableView(), elevation);
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 2, 10000);
        QCOMPARE(panel.model()->index(0, elevation).data().toLongLong(), largest);
    }

    void filterCoverTypeTwo()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        const Column *label = m_data->find("Cover_Type");
        QVERIFY(label);
        const auto expected = size_t(std::count(label->ints.begin(), label->ints.end(), 2));
        QVERIFY(expected > 0 && expected < m_data->rowCount());

        QSignalSpy shown(&panel, &DataPanel::rowsShownChanged);
        auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QVERIFY(edit);
        edit->setText(QStringLiteral("Cover_Type = 2"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
        QCOMPARE(shown.last().at(0).toInt(), int(expected));
        QCOMPARE(panel.model()->rowCount(), int(expected));
        const int coverColumn = m_data->columnIndex("Cover_Type");
        for (int row = 0; row < panel.model()->rowCount(); row += 97)
            QCOMPARE(panel.model()->index(row, coverColumn).data().toLongLong(), 2);
        const QLocale locale;
        QCOMPARE(labelText(panel, "rowCountLabel"),
                 QStringLiteral("%1 of %2 rows")
                     .arg(locale.toString(qulonglong(expected)),
                          locale.toString(qulonglong(m_data->rowCount()))));

        auto *clear = panel.findChild<QToolButton *>(QStringLiteral("clearFilterButton"));
        QVERIFY(clear && clear->isEnabled());
        clear->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), int(m_data->rowCount()), 10000);
        QVERIFY(edit->text().isEmpty());
    }

    void badFilterKeepsRowsAndSaysWhy()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy logged(&session, &WorkbenchSession::logMessage);
        QVERIFY(!panel.applyFilter(QStringLiteral("Heigth = 3")));
        QCOMPARE(panel.model()->rowCount(), int(m_data->rowCount()));
        QVERIFY(labelText(panel, "filterMessage").contains(QStringLiteral("Heigth")));
        QCOMPARE(logged.size(), 1);
    }

    void stringFilter()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        const Column *area = m_data->find("Wilderness_Area");
        QVERIFY(area);
        size_t expected = 0;
        for (size_t row = 0; row < area->size(); ++row)
            expected += area->textAt(row) == "Rawah";
        QSignalSpy shown(&panel, &DataPanel::rowsShownChanged);
        QVERIFY(panel.applyFilter(QStringLiteral("Wilderness_Area = Rawah")));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
        QCOMPARE(panel.model()->rowCount(), int(expected));
    }

    void selectionUpdatesSession()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy shown(&panel, &DataPanel::rowsShownChanged);
        panel.sortByColumn(m_data->columnIndex("Elevation"), Qt::DescendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);

        QSignalSpy changed(&session, &WorkbenchSession::selectedRowsChanged);
        QTableView *view = panel.tableView();
        view->selectRow(3);
        view->selectionModel()->select(panel.model()->index(0, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(!changed.isEmpty());
        std::vector<uint32_t> expected{panel.model()->datasetRow(0), panel.model()->datasetRow(3)};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(session.selectedRows(), expected);

        // A new sort keeps the same dataset rows selected, wherever they move.
        shown.clear();
        panel.sortByColumn(m_data->columnIndex("Elevation"), Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
        QCOMPARE(session.selectedRows(), expected);
        std::vector<uint32_t> shownSelected;
        for (const QModelIndex &index : view->selectionModel()->selectedRows())
            shownSelected.push_back(panel.model()->datasetRow(index.row()));
        std::sort(shownSelected.begin(), shownSelected.end());
        QCOMPARE(shownSelected, expected);

        view->clearSelection();
        QVERIFY(session.selectedRows().empty());
    }

    void columnPanelShowsStats()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy ready(&panel, &DataPanel::statisticsReady);
        QVERIFY(showWithStatistics(panel, ready));

        const int elevation = m_data->columnIndex("Elevation");
        clickHeader(panel.tableView(), elevation);
        QCOMPARE(panel.currentColumn(), elevation);
        const Column &column = m_data->column(size_t(elevation));
        const int64_t smallest = *std::min_element(column.ints.begin(), column.ints.end());
        QVERIFY2(labelText(panel, "columnTitle").contains(QStringLiteral("Elevation (m)")),
                 qPrintable(labelText(panel, "columnTitle")));
        QCOMPARE(labelText(panel, "statType"), QStringLiteral("INT64"));
        QCOMPARE(labelText(panel, "statMin"),
                 QLocale().toString(double(smallest), 'g', 6) + QStringLiteral(" m"));
        QCOMPARE(labelText(panel, "statNulls"), QStringLiteral("0"));
        auto *histogram = panel.findChild<HistogramChart *>(QStringLiteral("histogramChart"));
        QVERIFY(histogram && histogram->isVisible());
        QCOMPARE(histogram->series().column, std::string("Elevation"));
        QCOMPARE(histogram->series().values, m_data->rowCount());

        // Clicking a cell of Cover_Type shows the class chart with the class names.
        const int cover = m_data->columnIndex("Cover_Type");
        panel.tableView()->setCurrentIndex(panel.model()->index(0, cover));
        QCOMPARE(panel.currentColumn(), cover);
        auto *classes = panel.findChild<ClassDistributionChart *>(QStringLiteral("classChart"));
        QVERIFY(classes && classes->isVisible());
        QCOMPARE(labelText(panel, "statDistinct"), QStringLiteral("7"));

        const QString shot = qEnvironmentVariable("COVERTYPE_DATA_SHOT");
        if (!shot.isEmpty()) {
            panel.showColumn(elevation);
            panel.tableView()->scrollTo(panel.model()->index(0, 0));
            // Charts replot on the next event loop pass.
            QTest::qWait(300);
            QVERIFY(panel.grab().save(shot));
        }
    }

    void statisticsFollowTheFilter()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy ready(&panel, &DataPanel::statisticsReady);
        QVERIFY(showWithStatistics(panel, ready));
        const QLocale locale;
        const QString all = locale.toString(qulonglong(m_data->rowCount()));
        const int cover = m_data->columnIndex("Cover_Type");
        panel.showColumn(cover);
        QCOMPARE(labelText(panel, "statDistinct"), QStringLiteral("7"));
        QVERIFY2(labelText(panel, "statScope").contains(all),
                 qPrintable(labelText(panel, "statScope")));

        // Filtered: the statistics describe the rows shown, and say so.
        const Column *label = m_data->find("Cover_Type");
        const auto twos = size_t(std::count(label->ints.begin(), label->ints.end(), 2));
        QVERIFY(panel.applyFilter(QStringLiteral("Cover_Type = 2")));
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 2, 20000);
        QCOMPARE(labelText(panel, "statDistinct"), QStringLiteral("1"));
        const QString scope = labelText(panel, "statScope");
        QVERIFY2(scope.contains("Filtered") && scope.contains(locale.toString(qulonglong(twos))) &&
                     scope.contains(all),
                 qPrintable(scope));

        // A sort alone keeps them; clearing the filter goes back to every row.
        const int before = int(ready.size());
        panel.sortByColumn(0, Qt::AscendingOrder);
        QTest::qWait(300);
        QCOMPARE(int(ready.size()), before);
        panel.clearFilter();
        QTRY_VERIFY_WITH_TIMEOUT(int(ready.size()) > before, 20000);
        QCOMPARE(labelText(panel, "statDistinct"), QStringLiteral("7"));
        QVERIFY(!labelText(panel, "statScope").contains("Filtered"));
    }

    void columnPanelKeepsItsWidth()
    {
        // Going from column to column must not move the table: the panel beside it keeps its
        // width whatever the values it lists (Soil_Type's most frequent values are long).
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy ready(&panel, &DataPanel::statisticsReady);
        QVERIFY(showWithStatistics(panel, ready));
        auto *columns = panel.findChild<QWidget *>(QStringLiteral("columnPanel"));
        QVERIFY(columns);
        panel.showColumn(m_data->columnIndex("Aspect"));
        QTest::qWait(50);
        const int width = columns->width();
        const int tableWidth = panel.tableView()->width();
        for (const char *name : {"Soil_Type", "Cover_Type", "Horizontal_Distance_To_Fire_Points",
                                 "Wilderness_Area", "Elevation"}) {
            panel.showColumn(m_data->columnIndex(name));
            QTest::qWait(50);
            QVERIFY2(columns->width() == width && panel.tableView()->width() == tableWidth,
                     qPrintable(QStringLiteral("%1: panel %2 (was %3), table %4 (was %5)")
                                    .arg(QLatin1String(name))
                                    .arg(columns->width())
                                    .arg(width)
                                    .arg(panel.tableView()->width())
                                    .arg(tableWidth)));
        }
    }

    void textColumnShowsValueCounts()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        QSignalSpy ready(&panel, &DataPanel::statisticsReady);
        QVERIFY(showWithStatistics(panel, ready));
        panel.showColumn(m_data->columnIndex("Wilderness_Area"));
        auto *values = panel.findChild<ValueCountsChart *>(QStringLiteral("valueCountsChart"));
        QVERIFY(values && values->isVisible());
        QCOMPARE(values->barCount(), 4);  // Rawah, Neota, Commanche, Cache
        QVERIFY(!panel.findChild<HistogramChart *>(QStringLiteral("histogramChart"))->isVisible());
        panel.showColumn(m_data->columnIndex("Soil_Type"));
        QVERIFY(values->isVisible());
        QVERIFY2(values->barCount() > 20, qPrintable(QString::number(values->barCount())));
        // A numeric column hides it again.
        panel.showColumn(m_data->columnIndex("Elevation"));
        QVERIFY(!values->isVisible());
    }

    void ctrlFFocusesFilter()
    {
        WorkbenchSession session;
        session.setDataset(m_data, m_path);
        DataPanel panel(&session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.tableView()->setFocus();
        QTest::keyClick(panel.tableView(), Qt::Key_F, Qt::ControlModifier);
        auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QTRY_VERIFY(edit->hasFocus());
    }
};

QTEST_MAIN(TestDataPanel)
#include "tst_datapanel.moc"
