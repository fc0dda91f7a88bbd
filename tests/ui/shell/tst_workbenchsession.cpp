// WorkbenchSession: the course defaults and change notifications the stages rely on.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "shell/workbenchsession.h"

using covertype::ui::WorkbenchSession;

class TestWorkbenchSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startsWithTheCourseChoices()
    {
        WorkbenchSession session;
        QCOMPARE(session.tuningSpec().maxTrials, 6);
        QCOMPARE(session.tuningSpec().maxParallelTrials, 3);
        QCOMPARE(session.tuningSpec().params.size(), size_t(2));
        QVERIFY(session.tuningSpecValid());
        QCOMPARE(session.splitSpec().numLots, 10);
        QVERIFY(session.storePath().endsWith(QStringLiteral("runs.sqlite")));
        QVERIFY(!session.dataset());
    }

    void notifiesOnlyRealChanges()
    {
        WorkbenchSession session;
        QSignalSpy split(&session, &WorkbenchSession::splitSpecChanged);
        QSignalSpy run(&session, &WorkbenchSession::currentRunChanged);
        session.setSplitSpec(session.splitSpec());
        QCOMPARE(split.count(), 0);
        auto spec = session.splitSpec();
        spec.numLots = 20;
        session.setSplitSpec(spec);
        QCOMPARE(split.count(), 1);
        session.setCurrentRun(3);
        session.setCurrentRun(3);
        QCOMPARE(run.count(), 1);
        QCOMPARE(*session.currentRun(), 3);
    }
};

QTEST_MAIN(TestWorkbenchSession)
#include "tst_workbenchsession.moc"
