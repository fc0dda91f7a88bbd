// Tests for covertype::LocalRegistry: deploy, replace, defaults, undeploy, list, predict, and a
// reader that must never see half a version while versions are deployed and switched.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <nlohmann/json.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "base/text.h"
#include "deploy/localregistry.h"
#include "testsupport.h"
#include "training/model.h"
#include "training/trainer.h"

using namespace covertype;
using covertype::test::labRows;
using covertype::test::LabWilderness;
using nlohmann::json;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Everything under `dir`, relative, sorted (hidden entries included).
QStringList tree(const QString &dir)
{
    QStringList out;
    const QDir base(dir);
    const auto walk = [&](const auto &self, const QString &path) -> void {
        const QDir d(path);
        for (const QFileInfo &info :
             d.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name)) {
            out << base.relativeFilePath(info.absoluteFilePath());
            if (info.isDir())
                self(self, info.absoluteFilePath());
        }
    };
    walk(walk, dir);
    return out;
}

const char *message(const Expected<void> &r)
{
    return r ? "" : r.error().message.c_str();
}
template <class T>
const char *message(const Expected<T> &r)
{
    return r ? "" : r.error().message.c_str();
}

/// The first `count` rows as instances in list form (table order).
json instancesOf(const Dataset &rows, size_t count)
{
    json out = json::array();
    for (size_t r = 0; r < count; ++r) {
        json instance = json::array();
        for (std::string_view name :
             {"Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology",
              "Vertical_Distance_To_Hydrology", "Horizontal_Distance_To_Roadways", "Hillshade_9am",
              "Hillshade_Noon", "Hillshade_3pm", "Horizontal_Distance_To_Fire_Points"}) {
            instance.push_back(rows.find(name)->numberAt(r));
        }
        for (std::string_view name : {"Wilderness_Area", "Soil_Type"})
            instance.push_back(rows.find(name)->textAt(r));
        out.push_back(instance);
    }
    return out;
}

}  // namespace

class TestLocalRegistry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLoggingCategory::setFilterRules(QStringLiteral("covertype.registry.info=false"));
        QVERIFY(m_dir.isValid());
        for (uint64_t seed : {1u, 2u}) {
            TrainParams params;
            params.seed = seed;
            params.maxIter = 20;
            auto outcome =
                trainModel(labRows(400, seed, true, 6, LabWilderness::LeansToClass), params);
            QVERIFY2(outcome.has_value(), message(outcome));
            const QString path = m_dir.filePath(QStringLiteral("model%1.json").arg(seed));
            QVERIFY(outcome->model.save(path.toStdString()).has_value());
            m_models << path;
        }
        QVERIFY(readAll(m_models[0]) != readAll(m_models[1]));
    }

    void defaultRootIsInAppData()
    {
        const QString root = QString::fromStdString(LocalRegistry::defaultRoot());
        QVERIFY(root.endsWith(QStringLiteral("/registry")));
        QVERIFY2(root.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
                 qPrintable(root));
    }

    void checkName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("why");
        QTest::newRow("course") << "covertype_classifier" << true << "";
        QTest::newRow("version") << "v01" << true << "";
        QTest::newRow("one letter") << "A" << true << "";
        QTest::newRow("128") << QString(128, 'a') << true << "";
        QTest::newRow("129") << QString(129, 'a') << false << "at most 128";
        QTest::newRow("empty") << "" << false << "empty";
        QTest::newRow("digit first") << "1abc" << false << "start with a letter";
        QTest::newRow("underscore first") << "_abc" << false << "start with a letter";
        QTest::newRow("dash") << "a-b" << false << "'-' is not allowed";
        QTest::newRow("dot") << "v1.0" << false << "'.' is not allowed";
        QTest::newRow("slash") << "a/b" << false << "'/' is not allowed";
        QTest::newRow("space") << "a b" << false << "not allowed";
        QTest::newRow("dotdot") << ".." << false << "start with a letter";
    }
    void checkName()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QFETCH(QString, why);
        const auto r = LocalRegistry::checkName("model", name.toStdString());
        QCOMPARE(r.has_value(), valid);
        if (!valid) {
            QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(QString::fromStdString(r.error().message).contains(why), message(r));
            QVERIFY2(r.error().message.starts_with("model name") ||
                         r.error().message.starts_with("the model name"),
                     message(r));
        }
    }

    void deployCopiesAndFirstVersionIsDefault()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        auto d = registry.deploy(m_models[0].toStdString(), "covertype_classifier", "v01", false);
        QVERIFY2(d.has_value(), message(d));
        QCOMPARE(d->target, std::string("local"));
        QCOMPARE(d->model, std::string("covertype_classifier"));
        QCOMPARE(d->version, std::string("v01"));
        QVERIFY(d->isDefault);
        QVERIFY(!d->createdAt.empty());
        const QString versionDir = root + "/covertype_classifier/versions/v01";
        QCOMPARE(QString::fromStdString(d->modelPath), versionDir + "/model.json");
        QCOMPARE(readAll(versionDir + "/model.json"), readAll(m_models[0]));
        const json record = json::parse(readAll(versionDir + "/deployment.json").toStdString());
        QCOMPARE(record["sha256"].get<std::string>(),
                 QCryptographicHash::hash(readAll(m_models[0]), QCryptographicHash::Sha256)
                     .toHex()
                     .toStdString());
        QCOMPARE(record["source"].get<std::string>(), m_models[0].toStdString());
        QCOMPARE(record["created_at"].get<std::string>(), d->createdAt);
        QCOMPARE(readAll(root + "/covertype_classifier/default"), QByteArray("v01\n"));
        QCOMPARE(registry.defaultVersion("covertype_classifier").value(), std::string("v01"));

        // a second version does not take the default
        auto second =
            registry.deploy(m_models[1].toStdString(), "covertype_classifier", "v02", false);
        QVERIFY2(second.has_value(), message(second));
        QVERIFY(!second->isDefault);
        QCOMPARE(registry.defaultVersion("covertype_classifier").value(), std::string("v01"));
        QCOMPARE(registry.modelFile("covertype_classifier", "").value(), d->modelPath);
        // no staging left-overs
        QCOMPARE(tree(root),
                 QStringList({"covertype_classifier", "covertype_classifier/default",
                              "covertype_classifier/versions", "covertype_classifier/versions/v01",
                              "covertype_classifier/versions/v01/deployment.json",
                              "covertype_classifier/versions/v01/model.json",
                              "covertype_classifier/versions/v02",
                              "covertype_classifier/versions/v02/deployment.json",
                              "covertype_classifier/versions/v02/model.json"}));
    }

    void conflictAndReplace()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        QVERIFY(registry.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        const QStringList before = tree(root);

        auto again = registry.deploy(m_models[1].toStdString(), "m", "v01", false);
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        QVERIFY2(again.error().message.find("already deployed") != std::string::npos &&
                     again.error().message.find(root.toStdString() + "/m/versions/v01") !=
                         std::string::npos,
                 message(again));
        QCOMPARE(tree(root), before);
        QCOMPARE(readAll(root + "/m/versions/v01/model.json"), readAll(m_models[0]));

        auto replaced = registry.deploy(m_models[1].toStdString(), "m", "v01", true);
        QVERIFY2(replaced.has_value(), message(replaced));
        QVERIFY(replaced->isDefault);
        QCOMPARE(readAll(root + "/m/versions/v01/model.json"), readAll(m_models[1]));
        QCOMPARE(tree(root), before);  // same files, nothing left aside
        QCOMPARE(registry.defaultVersion("m").value(), std::string("v01"));

        // replace also deploys a version that does not exist yet
        auto fresh = registry.deploy(m_models[0].toStdString(), "m", "v02", true);
        QVERIFY2(fresh.has_value(), message(fresh));
        QVERIFY(!fresh->isDefault);
    }

    void badNamesWriteNothing_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("expected");
        QTest::newRow("model") << "../escape"
                               << "v01"
                               << "model name '../escape' must start";
        QTest::newRow("version") << "m"
                                 << "1"
                                 << "version name '1' must start";
        QTest::newRow("version slash") << "m"
                                       << "v/../../x"
                                       << "version name 'v/../../x'";
        QTest::newRow("empty version") << "m"
                                       << ""
                                       << "the version name is empty";
    }
    void badNamesWriteNothing()
    {
        QFETCH(QString, model);
        QFETCH(QString, version);
        QFETCH(QString, expected);
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        auto d = registry.deploy(m_models[0].toStdString(), model.toStdString(),
                                 version.toStdString(), false);
        QVERIFY(!d.has_value());
        QCOMPARE(d.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(d.error().message).contains(expected), message(d));
        QVERIFY(!QFileInfo::exists(root));
    }

    void invalidModelRejected_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("this is not json") << int(ErrorCode::Corrupt)
                                  << "not valid JSON";
        QTest::newRow("empty") << QByteArray() << int(ErrorCode::Corrupt) << "not valid JSON";
        QTest::newRow("another document")
            << QByteArray(R"({"format": "something-else"})") << int(ErrorCode::Corrupt) << "";
        QTest::newRow("missing") << QByteArray("-") << int(ErrorCode::NotFound) << "cannot read";
    }
    void invalidModelRejected()
    {
        QFETCH(QByteArray, contents);
        QFETCH(int, code);
        QFETCH(QString, expected);
        const QString root = fresh();
        QTemporaryDir inputs;
        const QString path = contents == "-"
                                 ? inputs.filePath("absent.json")
                                 : covertype::test::writeFile(inputs.path(), "bad.json", contents);
        LocalRegistry registry(root.toStdString());
        auto d = registry.deploy(path.toStdString(), "m", "v01", false);
        QVERIFY(!d.has_value());
        QCOMPARE(int(d.error().code), code);
        QVERIFY2(QString::fromStdString(d.error().message).contains(path), message(d));
        QVERIFY2(QString::fromStdString(d.error().message).contains(expected), message(d));
        QVERIFY(!QFileInfo::exists(root));

        // a truncated model, with a good version already deployed: that one is untouched
        QVERIFY(registry.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        const QStringList before = tree(root);
        const QByteArray good = readAll(m_models[0]);
        const QString truncated =
            covertype::test::writeFile(inputs.path(), "truncated.json", good.left(good.size() / 2));
        auto r = registry.deploy(truncated.toStdString(), "m", "v01", true);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Corrupt);
        QCOMPARE(tree(root), before);
        QCOMPARE(readAll(root + "/m/versions/v01/model.json"), good);
    }

    void defaultRules()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        auto unknownModel = registry.setDefault("m", "v01");
        QVERIFY(!unknownModel);
        QCOMPARE(unknownModel.error().code, ErrorCode::NotFound);
        QVERIFY2(unknownModel.error().message.find("no model 'm'") != std::string::npos,
                 message(unknownModel));
        QCOMPARE(registry.defaultVersion("m").error().code, ErrorCode::NotFound);

        QVERIFY(registry.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "m", "v02", false).has_value());
        auto unknownVersion = registry.setDefault("m", "v03");
        QVERIFY(!unknownVersion);
        QCOMPARE(unknownVersion.error().code, ErrorCode::NotFound);
        QVERIFY2(unknownVersion.error().message.find("no version 'v03'") != std::string::npos,
                 message(unknownVersion));
        QCOMPARE(registry.defaultVersion("m").value(), std::string("v01"));
        QCOMPARE(registry.setDefault("m", "bad-name").error().code, ErrorCode::InvalidArgument);

        QVERIFY2(registry.setDefault("m", "v02").has_value(), "set default");
        QCOMPARE(registry.defaultVersion("m").value(), std::string("v02"));
        QCOMPARE(QString::fromStdString(registry.modelFile("m", "").value()),
                 root + "/m/versions/v02/model.json");
        QCOMPARE(QString::fromStdString(registry.modelFile("m", "v01").value()),
                 root + "/m/versions/v01/model.json");
        QCOMPARE(registry.modelFile("m", "v09").error().code, ErrorCode::NotFound);
        QCOMPARE(registry.modelFile("other", "").error().code, ErrorCode::NotFound);

        // a damaged default file is reported with its path
        covertype::test::writeFile(root + "/m", "default", "../../etc\n");
        auto damaged = registry.defaultVersion("m");
        QVERIFY(!damaged);
        QCOMPARE(damaged.error().code, ErrorCode::Corrupt);
        QVERIFY2(
            damaged.error().message.find(root.toStdString() + "/m/default") != std::string::npos,
            message(damaged));
    }

    void undeployRules()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        QVERIFY(registry.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "m", "v02", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "m", "v03", false).has_value());

        auto isDefault = registry.undeploy("m", "v01");
        QVERIFY(!isDefault);
        QCOMPARE(isDefault.error().code, ErrorCode::Conflict);
        QVERIFY2(isDefault.error().message.find("is the default") != std::string::npos &&
                     isDefault.error().message.find("2 other versions") != std::string::npos,
                 message(isDefault));
        QVERIFY(QFileInfo::exists(root + "/m/versions/v01/model.json"));

        QCOMPARE(registry.undeploy("m", "v09").error().code, ErrorCode::NotFound);
        QCOMPARE(registry.undeploy("x", "v01").error().code, ErrorCode::NotFound);

        QVERIFY2(registry.undeploy("m", "v02").has_value(), "undeploy v02");
        QVERIFY(!QFileInfo::exists(root + "/m/versions/v02"));
        QVERIFY2(registry.undeploy("m", "v03").has_value(), "undeploy v03");
        // now the default is the only version: it may go, and the model with it
        QVERIFY2(registry.undeploy("m", "v01").has_value(), "undeploy the last version");
        QVERIFY(!QFileInfo::exists(root + "/m"));
        QCOMPARE(tree(root), QStringList());
        QVERIFY(registry.list().value().empty());
    }

    void listIsSorted()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        QVERIFY(registry.list().has_value());  // no directory yet: empty, not an error
        QVERIFY(registry.list()->empty());
        QVERIFY(registry.deploy(m_models[0].toStdString(), "zeta", "v02", false).has_value());
        QVERIFY(registry.deploy(m_models[0].toStdString(), "zeta", "v01", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "alpha", "b", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "alpha", "a", false).has_value());
        QDir().mkpath(root + "/not-a-model/versions/x");  // ignored: not a valid name
        auto list = registry.list();
        QVERIFY2(list.has_value(), message(list));
        QStringList names;
        for (const Deployment &d : *list)
            names << QString::fromStdString(cat(d.model, "/", d.version, d.isDefault ? "*" : ""));
        QCOMPARE(names, QStringList({"alpha/a", "alpha/b*", "zeta/v01", "zeta/v02*"}));
        for (const Deployment &d : *list) {
            QCOMPARE(d.target, std::string("local"));
            QVERIFY(QFileInfo::exists(QString::fromStdString(d.modelPath)));
            QVERIFY(!d.createdAt.empty());
        }
    }

    void predict()
    {
        const QString root = fresh();
        LocalRegistry registry(root.toStdString());
        QVERIFY(registry.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        QVERIFY(registry.deploy(m_models[1].toStdString(), "m", "v02", false).has_value());
        const Dataset rows = labRows(20, 77, false);
        const json instances = instancesOf(rows, 20);
        const Model a = Model::load(m_models[0].toStdString()).value();
        const Model b = Model::load(m_models[1].toStdString()).value();

        auto answer = registry.predict("m", "", {{"instances", instances}});
        QVERIFY2(answer.has_value(), message(answer));
        const std::vector<int64_t> expected = a.predict(rows).value();
        QCOMPARE((*answer)["predictions"].get<std::vector<int64_t>>(), expected);

        // an explicit version, with probabilities
        answer = registry.predict(
            "m", "v02", {{"instances", instances}, {"parameters", {{"probabilities", true}}}});
        QVERIFY2(answer.has_value(), message(answer));
        const Eigen::MatrixXd probs = b.predictProbabilities(rows).value();
        const json first = (*answer)["predictions"][0];
        QCOMPARE(first["label"].get<int64_t>(), b.predict(rows).value()[0]);
        for (size_t k = 0; k < b.classes().size(); ++k)
            QCOMPARE(first["probabilities"][std::to_string(b.classes()[k])].get<double>(),
                     probs(0, Eigen::Index(k)));

        // replacing the version reloads the cached model
        QVERIFY(registry.deploy(m_models[1].toStdString(), "m", "v01", true).has_value());
        answer = registry.predict(
            "m", "v01", {{"instances", instances}, {"parameters", {{"probabilities", true}}}});
        QVERIFY2(answer.has_value(), message(answer));
        QVERIFY((*answer)["predictions"][0]["probabilities"] == first["probabilities"]);

        // bad requests and unknown names
        json bad = instances;
        bad[3][1] = "steep";
        auto invalid = registry.predict("m", "", {{"instances", bad}});
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(invalid.error().message.find("3") != std::string::npos &&
                     invalid.error().message.find("Aspect") != std::string::npos,
                 message(invalid));
        QCOMPARE(registry.predict("m", "", json::array()).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(registry.predict("nope", "", {{"instances", instances}}).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(registry.predict("m", "v07", {{"instances", instances}}).error().code,
                 ErrorCode::NotFound);
    }

    /// A server resolving the default and loading it, in a loop, while versions are deployed,
    /// replaced and switched: every load finds a complete, valid model. (Replacing the served
    /// version relies on RENAME_EXCHANGE, which ext4, xfs, btrfs and tmpfs support; with the
    /// two-rename fallback this test sees the short gap and fails.)
    void concurrentReaderSeesWholeVersions()
    {
        const QString root = fresh();
        LocalRegistry writer(root.toStdString());
        QVERIFY(writer.deploy(m_models[0].toStdString(), "m", "v01", false).has_value());
        const QByteArray modelA = readAll(m_models[0]);
        const QByteArray modelB = readAll(m_models[1]);

        std::atomic<bool> stop{false};
        std::atomic<int> loads{0};
        std::atomic<int> failures{0};
        std::string firstFailure;
        std::thread reader([&] {
            LocalRegistry registry(root.toStdString());  // as another process would
            while (!stop.load()) {
                auto path = registry.modelFile("m", "");
                Expected<Model> model =
                    path ? Model::load(*path) : Expected<Model>(std::unexpected(path.error()));
                if (!model) {
                    if (failures.fetch_add(1) == 0)
                        firstFailure = model.error().message;
                } else {
                    loads.fetch_add(1);
                }
            }
        });
        for (int i = 2; i <= 25; ++i) {
            const std::string version = cat("v", i < 10 ? "0" : "", i);
            const QString source = i % 2 ? m_models[0] : m_models[1];
            QVERIFY(writer.deploy(source.toStdString(), "m", version, false).has_value());
            QVERIFY(writer.setDefault("m", version).has_value());
            // replace the version being served, in place
            QVERIFY(
                writer.deploy((i % 2 ? m_models[1] : m_models[0]).toStdString(), "m", version, true)
                    .has_value());
        }
        while (loads.load() < 50 && failures.load() == 0)
            QThread::msleep(5);
        stop = true;
        reader.join();
        QVERIFY2(failures.load() == 0, firstFailure.c_str());
        QVERIFY(loads.load() >= 50);
        const QByteArray served =
            readAll(QString::fromStdString(writer.modelFile("m", "").value()));
        QVERIFY(served == modelA || served == modelB);
        QCOMPARE(tree(root + "/m").filter(QStringLiteral(".staging")), QStringList());
    }

private:
    /// A registry root that does not exist yet.
    QString fresh() { return m_dir.filePath(QStringLiteral("registry%1").arg(++m_roots)); }

    QTemporaryDir m_dir;
    QStringList m_models;
    int m_roots = 0;
};

QTEST_GUILESS_MAIN(TestLocalRegistry)
#include "tst_localregistry.moc"
