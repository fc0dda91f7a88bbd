// Tests for gs:// URI parsing.
#include <QTest>

#include "storage/gcsuri.h"

using namespace covertype::cloud;

class TestGcsUri : public QObject
{
    Q_OBJECT

private slots:
    void valid()
    {
        const auto uri = parseGcsUri("gs://my-bucket_1.x/jobdir/hypertune/");
        QVERIFY(uri);
        QCOMPARE(uri->bucket, std::string("my-bucket_1.x"));
        QCOMPARE(uri->object, std::string("jobdir/hypertune/"));
        QCOMPARE(uri->child("model.json").toString(),
                 std::string("gs://my-bucket_1.x/jobdir/hypertune/model.json"));
        QCOMPARE(parseGcsUri("gs://abc")->child("m").toString(), std::string("gs://abc/m"));
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scheme") << "s3://bucket/x"
                                << "is not a gs:// URI";
        QTest::newRow("short") << "gs://ab/x"
                               << "3-63 characters";
        QTest::newRow("upper") << "gs://Bucket/x"
                               << "found 'B'";
        QTest::newRow("edge") << "gs://-bucket/x"
                              << "start and end";
    }

    void invalid()
    {
        QFETCH(QString, uri);
        QFETCH(QString, expected);
        const auto r = parseGcsUri(uri.toStdString());
        QVERIFY(!r);
        QVERIFY2(QString::fromStdString(r.error().message).contains(expected),
                 r.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGcsUri)
#include "tst_gcsuri.moc"
