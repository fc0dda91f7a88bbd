// End-to-end tests of the covertype command line: the course flow and its error paths.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "testsupport.h"

namespace {

using Result = covertype::test::ProcessResult;

Result run(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env);
}

/// Runs `script` (sh; $1 the CLI, $2 `data`, $3 `work`) in a mount namespace of its own, where
/// it may mount a small tmpfs to run the CLI on a disk that fills up. The script prints NO_MOUNT
/// when the mount is refused.
Result runWithSmallDisk(const QString &script, const QString &data, const QString &work)
{
    return covertype::test::runProcess(
        QStringLiteral("unshare"),
        {"-rm", "sh", "-c", script, "sh", QStringLiteral(COVERTYPE_CLI), data, work});
}

/// The machine allows neither mounts nor user namespaces (the test then skips).
bool cannotMount(const Result &r)
{
    return r.out.contains("NO_MOUNT") || (r.exitCode == 1 && r.err.contains("unshare"));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kHeader =
    "Elevation,Aspect,Slope,Horizontal_Distance_To_Hydrology,Vertical_Distance_To_Hydrology,"
    "Horizontal_Distance_To_Roadways,Hillshade_9am,Hillshade_Noon,Hillshade_3pm,"
    "Horizontal_Distance_To_Fire_Points,Wilderness_Area,Soil_Type,Cover_Type\n";

}  // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_data;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString real = covertype::test::realDataFile();
        m_data = real;
    }

    void helpEverywhere_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *c : {"info", "split", "train", "evaluate", "predict"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void helpEverywhere()
    {
        QFETCH(QString, command);
        const Result r = run({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: covertype " + command.toLatin1()));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no command") << QStringList{} << "Usage: covertype <command>";
        QTest::newRow("unknown command") << QStringList{"fly"} << "unknown command 'fly'";
        QTest::newRow("unknown option")
            << QStringList{"info", "--dta", "x"} << "unknown option --dta";
        QTest::newRow("missing value") << QStringList{"info", "--data"} << "--data needs a value";
        QTest::newRow("missing data") << QStringList{"info"} << "--data is required";
        QTest::newRow("bad alpha") << QStringList{"train", "--alpha",
                                                  "abc",   "--training_dataset_path",
                                                  "a",     "--validation_dataset_path",
                                                  "b"}
                                   << "--alpha expects a number, got 'abc'";
        QTest::newRow("bad hptune") << QStringList{"train",
                                                   "--hptune=maybe",
                                                   "--training_dataset_path",
                                                   "a",
                                                   "--validation_dataset_path",
                                                   "b"}
                                    << "--hptune expects True or False";
        QTest::newRow("overlapping lots")
            << QStringList{"split", "--sql", "--table", "d.t", "--training", "1-8"} << "lot 8";
        QTest::newRow("two modes")
            << QStringList{"split", "--data", "x", "--sql", "--print-lots"} << "exactly one of";
        QTest::newRow("bad metric")
            << QStringList{"evaluate", "--model", "m", "--data", "d", "--metric", "f1"}
            << "--metric must be accuracy or recall";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void badDataIsReported()
    {
        const QString bad = covertype::test::writeFile(
            m_dir.path(), "bad.csv",
            kHeader +
                "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
                "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,9\n");
        const Result r = run({"info", "--data", bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad.csv:3, column 13 'Cover_Type': unknown Cover_Type '9'"),
                 r.err.constData());
    }

    void printLotsNeedsNoSplitLists()
    {
        // Numbering rows by lot needs only the number of lots: no training/validation lists.
        const QString data =
            covertype::test::writeFile(m_dir.path(), "lots.csv",
                                       kHeader +
                                           "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n"
                                           "2596,51,3,258,0,510,221,232,148,6279,Rawah,C7745,5\n");
        const Result r = run({"split", "--data", data, "--num-lots", "7", "--print-lots"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lots = r.out.trimmed().split('\n');
        QCOMPARE(lots.size(), 2);
        for (const QByteArray &lot : lots)
            QVERIFY2(lot.toInt() >= 0 && lot.toInt() < 7, lot.constData());
        // Exporting still needs the lists for lots other than 10.
        const Result out =
            run({"split", "--data", data, "--num-lots", "7", "--out", m_dir.filePath("seven")});
        QCOMPARE(out.exitCode, 2);
        QVERIFY2(out.err.contains("give --training and --validation"), out.err.constData());
    }

    void sqlMatchesCourse()
    {
        const Result r = run({"split", "--sql", "--table", "covertype_dataset.covertype"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(
                     "SELECT * FROM `covertype_dataset.covertype` AS cover\n"
                     "WHERE MOD(ABS(FARM_FINGERPRINT(TO_JSON_STRING(cover))), 10) IN (1, 2, 3, 4)"),
                 r.out.constData());
    }

    void aFullDiskStillListsRuns()
    {
        // Listing and showing runs only reads: they work on a store whose disk is full (they
        // failed opening it, trying to write).
        COVERTYPE_REAL_DATA(data);
        const QString work = m_dir.filePath("fullstore");
        QDir().mkpath(work);
        const QString script = R"sh(set -u
cli=$1; data=$2; w=$3
head -n 3001 "$data" > "$w/small.csv"
cat > "$w/cfg.yaml" <<'Y'
trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 2
    maxParallelTrials: 2
    hyperparameterMetricTag: accuracy
    params:
    - parameterName: alpha
      type: DOUBLE
      minValue: 0.0001
      maxValue: 0.001
Y
mkdir -p "$w/full"
mount -t tmpfs -o size=1m tmpfs "$w/full" 2> /dev/null || { echo NO_MOUNT; exit 0; }
"$cli" tune --config "$w/cfg.yaml" --data "$w/small.csv" --store "$w/full/runs.sqlite" > /dev/null 2>&1 || { echo "tune failed"; exit 4; }
# A run whose process is gone (killed mid-run): RUNNING with a dead owner.
"$cli" tune --config "$w/cfg.yaml" --data "$w/small.csv" --store "$w/full/runs.sqlite" > /dev/null 2>&1 &
sleep 0.05; kill -9 $! 2>/dev/null; wait 2>/dev/null
dd if=/dev/zero of="$w/full/filler" bs=4k count=1000 2> /dev/null
"$cli" runs list --store "$w/full/runs.sqlite" > "$w/list.out" 2> "$w/list.err"; echo "list_rc=$?"
"$cli" runs show 1 --store "$w/full/runs.sqlite" > "$w/show.out" 2> "$w/show.err"; echo "show_rc=$?"
)sh";
        const Result r = runWithSmallDisk(script, data, work);
        if (cannotMount(r))
            QSKIP("cannot mount a small tmpfs here (needs root or user namespaces)");
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("list_rc=0") && r.out.contains("show_rc=0"),
                 (r.out + readAll(work + "/list.err")).constData());
        const QByteArray list = readAll(work + "/list.out");
        QVERIFY2(list.contains("1     tune      SUCCEEDED"), list.constData());
        QVERIFY2(readAll(work + "/show.out").contains("SUCCEEDED"), readAll(work + "/show.out"));
    }

    void trainNamesTheColumnThatDiffers()
    {
        // One 2596.5 in an INT64 column makes the validation file's Elevation FLOAT64.
        const QByteArray row1 = "2596,51,3,258,0,510,221,232,148,6279,Rawah,C7745,5\n";
        const QByteArray row2 = "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745,1\n";
        const QString training =
            covertype::test::writeFile(m_dir.path(), "types-training.csv", kHeader + row1 + row2);
        const QString validation = covertype::test::writeFile(
            m_dir.path(), "types-validation.csv",
            kHeader + "2596.5,51,3,258,0,510,221,232,148,6279,Rawah,C7745,5\n" + row2);
        const Result r =
            run({"train", "--job_dir", m_dir.filePath("types-job"), "--training_dataset_path",
                 training, "--validation_dataset_path", validation, "--alpha", "0.001",
                 "--max_iter", "5", "--hptune", "True"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("column 'Elevation' is INT64 in " + training.toUtf8() +
                                " but FLOAT64 in " + validation.toUtf8()),
                 r.err.constData());
        QVERIFY2(r.err.contains("2596.5"), r.err.constData());
    }

    void specialFilesNeverHang()
    {
        // A FIFO nobody writes to used to hang every command in open(2); a device is no data.
        const QString fifo = m_dir.filePath("no-writer.fifo");
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const auto quick = [&](const QStringList &args) {
            return covertype::test::runProcess(QStringLiteral(COVERTYPE_CLI), args, env, 20000);
        };
        Result r = quick({"info", "--data", fifo});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("empty file"), r.err.constData());
        r = quick({"config", "check", fifo});
        QCOMPARE(r.exitCode, 1);
        r = quick({"evaluate", "--model", fifo, "--data", fifo});
        QCOMPARE(r.exitCode, 1);
        r = quick({"info", "--data", "/dev/zero"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/dev/zero: it is a character device, not a regular file"),
                 r.err.constData());
        r = quick({"info", "--data", m_dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("it is a directory"), r.err.constData());
    }

    void fullDiskKeepsOldFiles()
    {
        // On a file system with no room left (a 512 KiB tmpfs, filled), training over an existing
        // model and exporting over an existing split must fail, say why, and keep the old files.
        COVERTYPE_REAL_DATA(data);
        const QString work = m_dir.filePath("fulldisk");
        QDir().mkpath(work);
        const QString script = R"sh(set -u
cli=$1; data=$2; w=$3
$cli split --data "$data" --out "$w/split" > /dev/null || { echo "split failed"; exit 3; }
head -n 3001 "$data" > "$w/small.csv"
mkdir -p "$w/full"
mount -t tmpfs -o size=512k tmpfs "$w/full" 2> /dev/null || { echo NO_MOUNT; exit 0; }
train() {
  "$cli" train --job_dir "$w/full/job" --training_dataset_path "$w/split/datasets/training/data.csv" \
    --validation_dataset_path "$w/split/datasets/validation/data.csv" --alpha "$1" --max_iter 5 \
    --hptune False
}
train 0.0001 > /dev/null || { echo "first train failed"; exit 4; }
"$cli" split --data "$w/small.csv" --out "$w/full/export" > /dev/null || { echo "first export failed"; exit 5; }
before=$(cd "$w/full" && sha256sum job/model.json export/split.json export/datasets/*/data.csv)
dd if=/dev/zero of="$w/full/filler" bs=4k count=1000 2> /dev/null
train 0.0003 > "$w/train.out" 2> "$w/train.err"; echo "train_rc=$?"
"$cli" split --data "$w/small.csv" --num-lots 4 --training 0 --validation 1 --testing 2 \
  --out "$w/full/export" > /dev/null 2> "$w/split.err"; echo "split_rc=$?"
after=$(cd "$w/full" && sha256sum job/model.json export/split.json export/datasets/*/data.csv)
[ "$before" = "$after" ] && echo "files=unchanged" || { echo "files=changed"; echo "$before"; echo "$after"; }
echo "litter=$(ls -A "$w/full/job" "$w/full/export" "$w/full/export/datasets/training" | grep -c '^\.')"
)sh";
        const Result r = runWithSmallDisk(script, data, work);
        if (cannotMount(r))
            QSKIP("cannot mount a small tmpfs here (needs root or user namespaces)");
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("train_rc=1") && r.out.contains("split_rc=1"), r.out.constData());
        QVERIFY2(r.out.contains("files=unchanged"), r.out.constData());
        QVERIFY2(r.out.contains("litter=0"), r.out.constData());
        const QByteArray trainErr = readAll(work + "/train.err");
        QVERIFY2(
            trainErr.contains("no space left on device (") && trainErr.contains("job/model.json"),
            trainErr.constData());
        QVERIFY2(!readAll(work + "/train.out").contains("wrote"), readAll(work + "/train.out"));
        const QByteArray splitErr = readAll(work + "/split.err");
        QVERIFY2(splitErr.contains("no space left on device ("), splitErr.constData());
    }

    void courseFlow()
    {
        COVERTYPE_REAL_DATA(data);
        // info
        Result r = run({"info", "--data", data, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(info["rows"].toInt(), 75000);
        QCOMPARE(info["columns"].toArray().size(), 13);
        QCOMPARE(info["columns"].toArray()[11].toObject()["type"].toString(), QString("STRING"));
        QCOMPARE(info["cover_type_counts"].toObject()["2"].toInt(), 36570);

        // split: --print-lots prints one lot per row and agrees with the exported files
        r = run({"split", "--data", data, "--print-lots"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lots = r.out.trimmed().split('\n');
        QCOMPARE(lots.size(), 75000);
        int training = 0;
        for (const QByteArray &lot : lots)
            training += (lot.toInt() >= 1 && lot.toInt() <= 4) ? 1 : 0;
        const QString out = m_dir.filePath("split");
        r = run({"split", "--data", data, "--out", out});
        QCOMPARE(r.exitCode, 0);
        const QByteArray trainingCsv = readAll(out + "/datasets/training/data.csv");
        QCOMPARE(trainingCsv.count('\n'), training + 1);
        QVERIFY(trainingCsv.startsWith(kHeader));
        QVERIFY(QFile::exists(out + "/split.json"));

        // a tuning trial, fire style, reporting through the hypertune file
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString metrics = m_dir.filePath("hypertune/output.metrics");
        env.insert("CLOUD_ML_HP_METRIC_FILE", metrics);
        env.insert("CLOUD_ML_TRIAL_ID", "4");
        r = run({"train", "--job-dir", m_dir.filePath("job"), "--training_dataset_path",
                 out + "/datasets/training/data.csv",
                 "--validation_dataset_path=" + out + "/datasets/validation/data.csv",
                 "--alpha=0.0003", "--max_iter", "500", "--hptune", "True"},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray line = readAll(metrics);
        QVERIFY2(line.startsWith("{\"accuracy\": \"0.") && line.contains("\"trial\": \"4\"}"),
                 line.constData());
        const double accuracy = line.mid(14, line.indexOf('"', 14) - 14).toDouble();
        QVERIFY2(accuracy > 0.68 && accuracy < 0.75, line.constData());
        QVERIFY(!QFile::exists(m_dir.filePath("job/model.json")));

        // final training writes model.json
        r = run({"train", "--job_dir", m_dir.filePath("job"), "--training_dataset_path",
                 out + "/datasets/training/data.csv", "--validation_dataset_path",
                 out + "/datasets/validation/data.csv", "--alpha", "0.0003", "--max_iter=500",
                 "--hptune=False"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString model = m_dir.filePath("job/model.json");
        const QJsonObject modelJson = QJsonDocument::fromJson(readAll(model)).object();
        QVERIFY(!modelJson.isEmpty());

        // evaluate on testing
        r = run({"evaluate", "--model", model, "--data", out + "/datasets/testing/data.csv",
                 "--metric", "accuracy"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject eval = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(eval["metric_name"].toString(), QString("accuracy"));
        QVERIFY(eval["metric_value"].toDouble() > 0.67);
        r = run({"evaluate", "--model", model, "--data", out + "/datasets/testing/data.csv",
                 "--metric", "recall", "--verbose"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Confusion matrix"));

        // predict: a list and an object instance
        const QString instances = covertype::test::writeFile(
            m_dir.path(), "instances.json",
            "[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, \"Commanche\", \"C4758\"]\n"
            "{\"Elevation\": 3092, \"Aspect\": 163, \"Slope\": 13, "
            "\"Horizontal_Distance_To_Hydrology\": 30, \"Vertical_Distance_To_Hydrology\": 5, "
            "\"Horizontal_Distance_To_Roadways\": 4886, \"Hillshade_9am\": 232, "
            "\"Hillshade_Noon\": 243, \"Hillshade_3pm\": 139, "
            "\"Horizontal_Distance_To_Fire_Points\": 1456, \"Wilderness_Area\": \"Rawah\", "
            "\"Soil_Type\": \"C7745\"}\n");
        r = run({"predict", "--model", model, "--json-instances", instances});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray predictions =
            QJsonDocument::fromJson(r.out).object()["predictions"].toArray();
        QCOMPARE(predictions.size(), 2);
        for (const auto &p : predictions)
            QVERIFY(p.toInt() >= 1 && p.toInt() <= 7);

        // a bad instance names its index and field
        const QString bad = covertype::test::writeFile(
            m_dir.path(), "bad.json",
            "[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, \"Commanche\", \"C4758\"]\n"
            "[2841, \"steep\", 0, 644, 282, 1376, 218, 237, 156, 1003, \"Commanche\", "
            "\"C4758\"]\n");
        r = run({"predict", "--model", model, "--json-instances", bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad.json:2 (instance 1): field 1 'Aspect': expected a number"),
                 r.err.constData());
    }

    void trainingNeedsLabel()
    {
        QByteArray header = kHeader;
        header.replace(",Cover_Type", "");
        const QString unlabeled = covertype::test::writeFile(
            m_dir.path(), "score.csv",
            header + "3092,163,13,30,5,4886,232,243,139,1456,Rawah,C7745\n");
        Result r = run({"info", "--data", unlabeled});
        QCOMPARE(r.exitCode, 0);
        r = run({"train", "--job_dir", m_dir.filePath("j2"), "--training_dataset_path", unlabeled,
                 "--validation_dataset_path", unlabeled, "--hptune", "False"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("needs the label column Cover_Type"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
