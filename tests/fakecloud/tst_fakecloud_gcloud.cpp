// The fake held to a client nobody here wrote: the real Google Cloud CLI (gcloud storage cp,
// ls, cat and auth print-access-token) against it, pointed with CLOUDSDK_API_ENDPOINT_OVERRIDES_
// STORAGE and CLOUDSDK_AUTH_ACCESS_TOKEN_FILE in a throw-away CLOUDSDK_CONFIG and HOME.
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

#include "fakegooglecloud.h"
#include "testgcloud.h"

using namespace covertype::fakecloud;
using namespace covertype::fakecloud::test;

namespace {

using Run = CliRun;

std::string pattern(size_t size)
{
    std::string out(size, '\0');
    uint32_t x = 99;
    for (auto &c : out) {
        x = x * 1664525u + 1013904223u;
        c = char(x >> 24);
    }
    return out;
}

void writeFile(const QString &path, const std::string &data)
{
    std::ofstream(path.toStdString(), std::ios::binary) << data;
}

std::string readFile(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// gcloud's resumable threshold is 8 MiB: this goes through a resumable upload.
constexpr size_t kLargeBytes = 9 * 1024 * 1024 + 123;

}  // namespace

class TestFakeCloudGcloud : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<FakeGoogleCloud> m_cloud;
    QProcessEnvironment m_env;

    Run gcloud(const QStringList &args)
    {
        return runCli(QStringLiteral("gcloud"), args, m_env, m_dir.path());
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("gcloud")).isEmpty())
            QSKIP("gcloud (the Google Cloud CLI) is not on PATH");
        QVERIFY(m_dir.isValid());
        m_cloud = std::make_unique<FakeGoogleCloud>();
        m_cloud->createBucket("bkt");
        // Nothing of the user's: no credentials, configuration or proxy reaches gcloud.
        m_env = isolatedGcloudEnvironment(*m_cloud, m_dir.path());
    }

    void printAccessTokenReadsTheTokenFile()
    {
        const Run run = gcloud({"auth", "print-access-token"});
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        const std::string token = readFile(m_env.value("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE"));
        QVERIFY(token.starts_with("ya29."));
        QCOMPARE(QString::fromStdString(run.out).trimmed().toStdString(), token);
    }

    void copyListAndCat()
    {
        const std::string small = "Elevation,Cover_Type\n2596,5\n";
        const std::string large = pattern(kLargeBytes);
        writeFile(m_dir.filePath("small.csv"), small);
        writeFile(m_dir.filePath("large.bin"), large);
        m_cloud->clearRequests();

        const Run up = gcloud({"storage", "cp", "small.csv", "large.bin", "gs://bkt/run 1/"});
        QVERIFY2(up.exitCode == 0, up.err.c_str());
        QCOMPARE(m_cloud->objectData("bkt", "run 1/small.csv"), std::optional<std::string>(small));
        QVERIFY(m_cloud->objectData("bkt", "run 1/large.bin") == large);
        bool multipart = false, resumable = false;
        for (const auto &entry : m_cloud->requests()) {
            QVERIFY2(entry.authorized, entry.target.c_str());
            multipart = multipart || entry.target.find("uploadType=multipart") != std::string::npos;
            resumable =
                resumable || (entry.method == "POST" &&
                              entry.target.find("uploadType=resumable") != std::string::npos);
        }
        QVERIFY(multipart);
        QVERIFY(resumable);

        const Run ls = gcloud({"storage", "ls", "gs://bkt/run 1/"});
        QVERIFY2(ls.exitCode == 0, ls.err.c_str());
        QVERIFY2(ls.out.find("gs://bkt/run 1/small.csv") != std::string::npos, ls.out.c_str());
        QVERIFY2(ls.out.find("gs://bkt/run 1/large.bin") != std::string::npos, ls.out.c_str());

        const Run cat = gcloud({"storage", "cat", "gs://bkt/run 1/small.csv"});
        QVERIFY2(cat.exitCode == 0, cat.err.c_str());
        QCOMPARE(cat.out, small);

        // A download gcloud checks against the object's hashes.
        const Run down = gcloud({"storage", "cp", "gs://bkt/run 1/large.bin", "back.bin"});
        QVERIFY2(down.exitCode == 0, down.err.c_str());
        QVERIFY(readFile(m_dir.filePath("back.bin")) == large);
    }

    void resumableUploadResumesAfterADroppedConnection()
    {
        const std::string large = pattern(kLargeBytes);
        writeFile(m_dir.filePath("resume.bin"), large);
        m_cloud->clearRequests();
        const int64_t cut = 3 * 1024 * 1024 + 1000;
        m_cloud->addFault({.method = "PUT",
                           .pathRegex = "^/upload/storage/v1/b/bkt/o$",
                           .dropAfterBodyBytes = cut});
        const Run up = gcloud({"storage", "cp", "resume.bin", "gs://bkt/resumed.bin"});
        QVERIFY2(up.exitCode == 0, up.err.c_str());
        QVERIFY(m_cloud->objectData("bkt", "resumed.bin") == large);

        // gcloud asked where to go on and sent only the rest: the 3 MiB persisted in whole
        // 256 KiB units before the drop were not sent again.
        int64_t sentAfterDrop = 0;
        bool dropped = false;
        for (const auto &entry : m_cloud->requests()) {
            if (entry.method != "PUT")
                continue;
            if (entry.status == 0 && entry.bodyBytes == cut)
                dropped = true;
            else if (dropped)
                sentAfterDrop += entry.bodyBytes;
        }
        QVERIFY(dropped);
        QCOMPARE(sentAfterDrop, int64_t(kLargeBytes) - 3 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestFakeCloudGcloud)
#include "tst_fakecloud_gcloud.moc"
