// Tests the Tuning stage panel: form <-> text sync, inline validation, open/save round trips.
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "data/csvloader.h"
#include "shell/workbenchsession.h"
#include "testsupport.h"
#include "tuning/parametertablemodel.h"
#include "tuning/searchspacepreview.h"
#include "tuning/tuningconfigpanel.h"

using namespace covertype;
using namespace covertype::ui;

class TestTuningConfigPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startsFromSessionSpec()
    {
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        QCOMPARE(panel.spec(), session.tuningSpec());
        QCOMPARE(panel.parameterModel()->rowCount(), int(session.tuningSpec().params.size()));
        QVERIFY(session.tuningSpecValid());
        QVERIFY(!panel.isModified());
    }

    void formEditRewritesText()
    {
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        QSignalSpy changed(&session, &WorkbenchSession::tuningSpecChanged);
        QSignalSpy modified(&panel, &TuningConfigPanel::modifiedChanged);
        auto *spin = panel.findChild<QSpinBox *>(QStringLiteral("maxTrialsSpin"));
        QVERIFY(spin);
        spin->setValue(17);
        auto *text = panel.findChild<QPlainTextEdit *>(QStringLiteral("specText"));
        QVERIFY(text->toPlainText().contains(QStringLiteral("maxTrials: 17")));
        QCOMPARE(session.tuningSpec().maxTrials, 17);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(modified.count(), 1);
        QVERIFY(panel.isModified());
    }

    void textEditUpdatesForm()
    {
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        auto *text = panel.findChild<QPlainTextEdit *>(QStringLiteral("specText"));
        QString yaml = text->toPlainText();
        QVERIFY(yaml.contains(QStringLiteral("0.0001")));
        yaml.replace(QStringLiteral("minValue: 0.0001"), QStringLiteral("minValue: 0.0002"));
        text->setPlainText(yaml);
        const int alpha = panel.spec().paramIndex("alpha");
        QVERIFY(alpha >= 0);
        const QModelIndex cell =
            panel.parameterModel()->index(alpha, ParameterTableModel::MinColumn);
        QTRY_COMPARE(cell.data().toString(), QStringLiteral("0.0002"));
        QCOMPARE(session.tuningSpec().params[size_t(alpha)].minValue, 0.0002);

        // Broken text names the problem and leaves the form alone.
        text->setPlainText(QStringLiteral("trainingInput: [unclosed"));
        auto *status = panel.findChild<QLabel *>(QStringLiteral("textStatusLabel"));
        QTRY_VERIFY(!status->text().isEmpty());
        QCOMPARE(cell.data().toString(), QStringLiteral("0.0002"));
        // ... and Problems says the same: the config shown cannot run until the text parses.
        auto *problems = panel.findChild<QListWidget *>(QStringLiteral("problemList"));
        QVERIFY2(problems->item(0)->text().startsWith(QStringLiteral("Text: ")),
                 qPrintable(problems->item(0)->text()));
        for (int i = 0; i < problems->count(); ++i)
            QVERIFY(!problems->item(i)->text().contains(QStringLiteral("No problems")));
        QVERIFY(!session.tuningSpecValid());
        // Text that parses again makes it runnable again.
        text->setPlainText(yaml);
        QTRY_VERIFY(session.tuningSpecValid());
        QVERIFY(problems->item(0)->text().contains(QStringLiteral("No problems")));
    }

    void clickingAProblemSelectsItsCell()
    {
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ParameterTableModel *model = panel.parameterModel();
        const int alpha = panel.spec().paramIndex("alpha");
        QVERIFY(model->setData(model->index(alpha, ParameterTableModel::ScaleColumn),
                               "UNIT_LOG_SCALE"));
        QVERIFY(model->setData(model->index(alpha, ParameterTableModel::MinColumn), 0.0));
        auto *problems = panel.findChild<QListWidget *>(QStringLiteral("problemList"));
        auto *table = panel.findChild<QTableView *>(QStringLiteral("parameterTable"));
        QVERIFY(table);
        table->setCurrentIndex(model->index(0, ParameterTableModel::NameColumn));
        QListWidgetItem *item = problems->item(0);
        QTest::mouseClick(problems->viewport(), Qt::LeftButton, {},
                          problems->visualItemRect(item).center());
        QCOMPARE(table->currentIndex(), model->index(alpha, ParameterTableModel::MinColumn));
        QVERIFY(table->hasFocus());
    }

    void openingABadFileSaysSoInADialog()
    {
        QTemporaryDir dir;
        const QString bad = test::writeFile(dir.path(), QStringLiteral("bad.yaml"),
                                            QByteArray("trainingInput: [unclosed\n"));
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        const TuningSpec before = panel.spec();
        QVERIFY(!panel.openFile(bad));
        QVERIFY(panel.spec() == before);
        auto *box = panel.findChild<QMessageBox *>(QStringLiteral("openConfigError"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("bad.yaml")), qPrintable(box->text()));
        box->accept();
    }

    void invalidCellIsFlagged()
    {
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        ParameterTableModel *model = panel.parameterModel();
        const int alpha = panel.spec().paramIndex("alpha");
        QVERIFY(model->setData(model->index(alpha, ParameterTableModel::ScaleColumn),
                               "UNIT_LOG_SCALE"));
        QVERIFY(model->setData(model->index(alpha, ParameterTableModel::MinColumn), 0.0));
        const QModelIndex cell = model->index(alpha, ParameterTableModel::MinColumn);
        QVERIFY(!cell.data(Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(cell.data(Qt::DecorationRole).isValid());
        QVERIFY(!session.tuningSpecValid());
        QCOMPARE(session.tuningSpec().params[size_t(alpha)].minValue, 0.0);
        auto *problems = panel.findChild<QListWidget *>(QStringLiteral("problemList"));
        QVERIFY(problems->count() >= 1);
        QVERIFY(problems->item(0)->text().contains(QStringLiteral("minValue")));
        // Fixing it clears the mark.
        QVERIFY(model->setData(cell, 0.0001));
        QVERIFY(!cell.data(Qt::DecorationRole).isValid());
        QVERIFY(session.tuningSpecValid());
    }

    void openSaveVertexRoundTrip()
    {
        QTemporaryDir dir;
        const QString yaml = test::writeFile(dir.path(), QStringLiteral("config.yaml"),
                                             QByteArray(test::kCourseConfigYaml));
        WorkbenchSession session;
        TuningConfigPanel panel(&session);
        QSignalSpy pathSpy(&panel, &TuningConfigPanel::filePathChanged);
        QVERIFY(panel.openFile(yaml));
        QCOMPARE(panel.filePath(), yaml);
        QCOMPARE(pathSpy.count(), 1);
        const TuningSpec opened = panel.spec();
        const QString json = dir.filePath(QStringLiteral("study.json"));
        QVERIFY(panel.saveFile(json, TuningFormat::VertexJson));
        TuningFormat detected = TuningFormat::GcloudYaml;
        auto reread = loadTuningSpec(json.toStdString(), detected);
        QVERIFY(reread);
        QCOMPARE(detected, TuningFormat::VertexJson);
        QVERIFY(*reread == opened);

        WorkbenchSession other;
        TuningConfigPanel again(&other);
        QVERIFY(again.openFile(json));
        QVERIFY(again.spec() == opened);
        auto *format = again.findChild<QComboBox *>(QStringLiteral("formatCombo"));
        QCOMPARE(format->currentIndex(), int(TuningFormat::VertexJson));

        QVERIFY(!again.openFile(dir.filePath(QStringLiteral("missing.yaml"))));
        QVERIFY(again.spec() == opened);
    }

    void gridSize()
    {
        WorkbenchSession session;
        TuningSpec spec = session.tuningSpec();
        QVERIFY(SearchSpacePreview::gridSizeText(spec).contains(QStringLiteral("infinite")));
        spec.params[size_t(spec.paramIndex("alpha"))].type = ParameterType::Discrete;
        spec.params[size_t(spec.paramIndex("alpha"))].discreteValues = {0.0001, 0.001, 0.01};
        QVERIFY(SearchSpacePreview::gridSizeText(spec).startsWith(QStringLiteral("6 ")));
        spec.algorithm = SearchAlgorithm::GridSearch;
        const auto points = SearchSpacePreview::samplePoints(spec, 50);
        QCOMPARE(points.size(), spec.params.size());
        QCOMPARE(points[0].size(), size_t(6));
    }

    void screenshotWithRealData()
    {
        COVERTYPE_REAL_DATA(file);
        WorkbenchSession session;
        auto data = loadDataset(file.toStdString());
        QVERIFY(data);
        session.setDataset(std::make_shared<const Dataset>(std::move(*data)), file);
        TuningConfigPanel panel(&session);
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *preview = panel.findChild<SearchSpacePreview *>();
        QCOMPARE(preview->stripCount(), 2);
        QTemporaryDir shots;
        QVERIFY(panel.grab().save(shots.filePath(QStringLiteral("shot-tuning.png"))));
    }
};

QTEST_MAIN(TestTuningConfigPanel)
#include "tst_tuningconfigpanel.moc"
