// Percent-encoding and base64 against the RFC 4648 vectors and what Cloud Storage paths need.
#include <QTest>

#include "http/encoding.h"

using namespace covertype::cloud;

class TestEncoding : public QObject
{
    Q_OBJECT

private slots:
    void base64Vectors_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("padded");
        QTest::addColumn<QString>("url");
        // RFC 4648 section 10.
        QTest::newRow("empty") << ""
                               << ""
                               << "";
        QTest::newRow("f") << "f"
                           << "Zg=="
                           << "Zg";
        QTest::newRow("fo") << "fo"
                            << "Zm8="
                            << "Zm8";
        QTest::newRow("foo") << "foo"
                             << "Zm9v"
                             << "Zm9v";
        QTest::newRow("foob") << "foob"
                              << "Zm9vYg=="
                              << "Zm9vYg";
        QTest::newRow("fooba") << "fooba"
                               << "Zm9vYmE="
                               << "Zm9vYmE";
        QTest::newRow("foobar") << "foobar"
                                << "Zm9vYmFy"
                                << "Zm9vYmFy";
    }
    void base64Vectors()
    {
        QFETCH(QString, plain);
        QFETCH(QString, padded);
        QFETCH(QString, url);
        QCOMPARE(QString::fromStdString(base64(plain.toStdString())), padded);
        QCOMPARE(QString::fromStdString(base64Url(plain.toStdString())), url);
        QCOMPARE(QString::fromStdString(*decodeBase64(padded.toStdString())), plain);
        QCOMPARE(QString::fromStdString(*decodeBase64(url.toStdString())), plain);
    }

    void base64UrlAlphabet()
    {
        const std::string bytes = "\xfb\xff\xbf";
        QCOMPARE(base64(bytes), std::string("+/+/"));
        QCOMPARE(base64Url(bytes), std::string("-_-_"));
        QCOMPARE(*decodeBase64("-_-_"), bytes);
        QVERIFY(!decodeBase64("ab$d").has_value());
        QVERIFY(!decodeBase64("abcde").has_value());  // 5 characters cannot be base64
    }

    void percentEncoding()
    {
        QCOMPARE(percentEncode("datasets/training/data.csv"),
                 std::string("datasets%2Ftraining%2Fdata.csv"));
        QCOMPARE(percentEncode("a b+c~d_e-f.g"), std::string("a%20b%2Bc~d_e-f.g"));
        QCOMPARE(percentEncode("\xc3\xa9"), std::string("%C3%A9"));
        QCOMPARE(formEncode({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                             {"assertion", "a.b.c"}}),
                 std::string("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
                             "&assertion=a.b.c"));
    }
};

QTEST_GUILESS_MAIN(TestEncoding)
#include "tst_encoding.moc"
