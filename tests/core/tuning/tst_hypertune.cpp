// Tests for the cloudml-hypertune metric file writer.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "tuning/hypertune.h"

using namespace covertype;

class TestHypertune : public QObject
{
    Q_OBJECT

private slots:
    void pythonRepr_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("repr");
        QTest::newRow("one") << 1.0 << "1.0";
        QTest::newRow("hundred") << 100.0 << "100.0";
        QTest::newRow("accuracy") << 0.7123456789 << "0.7123456789";
        QTest::newRow("third") << 1.0 / 3.0 << "0.3333333333333333";
        QTest::newRow("1e-4 fixed") << 0.0001 << "0.0001";
        QTest::newRow("1e-5 exp") << 0.00001 << "1e-05";
        QTest::newRow("small") << 1.25e-7 << "1.25e-07";
        QTest::newRow("big fixed") << 1e15 << "1000000000000000.0";
        QTest::newRow("1e16 exp") << 1e16 << "1e+16";
        QTest::newRow("1.5e16") << 1.5e16 << "1.5e+16";
        QTest::newRow("negative") << -2.5 << "-2.5";
        QTest::newRow("zero") << 0.0 << "0.0";
        QTest::newRow("timestamp") << 1525851440.123456 << "1525851440.123456";
    }

    void pythonRepr()
    {
        QFETCH(double, value);
        QFETCH(QString, repr);
        QCOMPARE(QString::fromStdString(pythonFloatRepr(value)), repr);
    }

    void fileFormat()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/output.metrics");
        HypertuneReporter reporter(path.toStdString(), "3");
        QVERIFY(reporter.report("accuracy", 0.7125, std::nullopt, 1525851440.123456));
        QVERIFY(reporter.report("accuracy", 0.75, 1000, 1525851441.5));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(),
                 QByteArray("{\"accuracy\": \"0.7125\", \"global_step\": \"0\", \"timestamp\": "
                            "1525851440.123456, \"trial\": \"3\"}\n"
                            "{\"accuracy\": \"0.75\", \"global_step\": \"1000\", \"timestamp\": "
                            "1525851441.5, \"trial\": \"3\"}\n"));
    }

    void defaultTagAndLimit()
    {
        QTemporaryDir dir;
        HypertuneReporter reporter(dir.filePath("m").toStdString(), "0");
        for (int i = 0; i < 105; ++i)
            QVERIFY(reporter.report("", double(i), std::nullopt, 1.0));
        QCOMPARE(reporter.records().size(), size_t(100));
        QVERIFY(reporter.records().front().find("\"training/hptuning/metric\": \"5.0\"") !=
                std::string::npos);
    }

    void environment()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("env.metrics");
        qputenv("CLOUD_ML_HP_METRIC_FILE", path.toUtf8());
        qputenv("CLOUD_ML_TRIAL_ID", "17");
        HypertuneReporter reporter;
        QCOMPARE(QString::fromStdString(reporter.path()), path);
        QVERIFY(reporter.report("accuracy", 0.5));
        QVERIFY(reporter.records().front().find("\"trial\": \"17\"") != std::string::npos);
        qunsetenv("CLOUD_ML_HP_METRIC_FILE");
        qunsetenv("CLOUD_ML_TRIAL_ID");
    }

    void unwritablePath()
    {
        HypertuneReporter reporter("/proc/nonexistent/dir/m", "0");
        const auto r = reporter.report("accuracy", 0.5);
        QVERIFY(!r);
        QVERIFY(r.error().message.find("/proc/nonexistent/dir") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHypertune)
#include "tst_hypertune.moc"
