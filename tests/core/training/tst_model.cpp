// Tests for covertype::Model: prediction on Datasets and the model.json artifact.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "testsupport.h"
#include "training/model.h"
#include "training/trainer.h"

using namespace covertype;
using covertype::test::intColumn;
using covertype::test::labRows;
using covertype::test::LabWilderness;
using covertype::test::stringColumn;
using nlohmann::json;

namespace {

Model trainedModel()
{
    TrainParams params;
    params.seed = 7;
    auto outcome = trainModel(labRows(600, 1, true, 6, LabWilderness::LeansToClass), params);
    if (!outcome)
        qFatal("training failed: %s", outcome.error().message.c_str());
    Model model = std::move(outcome->model);
    model.setSplit(json{{"lots", {1, 2, 3, 4}}, {"num_lots", 10}});
    model.setMetric("accuracy", 0.75);
    return model;
}

QByteArray modelText(const Model &model)
{
    return QByteArray::fromStdString(model.toJson().dump(2));
}

}  // namespace

class TestModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void saveLoadGivesIdenticalPredictions()
    {
        const Model model = trainedModel();
        const std::string path = m_dir.filePath("a/model.json").toStdString();
        QVERIFY(model.save(path).has_value());
        auto loaded = Model::load(path);
        QVERIFY2(loaded.has_value(), loaded ? "" : loaded.error().message.c_str());

        const Dataset data = labRows(300, 99, true, 6, LabWilderness::LeansToClass);
        auto before = model.predict(data);
        auto after = loaded->predict(data);
        QVERIFY(before && after);
        QCOMPARE(*after, *before);
        auto pBefore = model.predictProbabilities(data);
        auto pAfter = loaded->predictProbabilities(data);
        QVERIFY(pBefore && pAfter);
        QVERIFY(*pBefore == *pAfter);  // bitwise: doubles round-trip through the JSON text
        QVERIFY(loaded->classifier().coefficients() == model.classifier().coefficients());
        QVERIFY(loaded->toJson() == model.toJson());

        const Provenance &p = loaded->provenance();
        QCOMPARE(p.datasetFingerprint, model.provenance().datasetFingerprint);
        QCOMPARE(p.split["num_lots"].get<int>(), 10);
        QCOMPARE(p.metrics.at("accuracy"), 0.75);
        QVERIFY(p.hyperparameters == model.provenance().hyperparameters);
        QCOMPARE(p.trainingRows, uint64_t(600));
        QVERIFY(loaded->featureSchema() == model.featureSchema());
    }

    void jsonHoldsTheDocumentedFields()
    {
        const json doc = trainedModel().toJson();
        QCOMPARE(doc["format"].get<std::string>(), std::string("covertype-model"));
        QCOMPARE(doc["format_version"].get<int>(), 1);
        QCOMPARE(doc["schema"].size(), size_t(12));
        QCOMPARE(doc["schema"][11]["name"].get<std::string>(), std::string("Soil_Type"));
        QCOMPARE(doc["schema"][11]["type"].get<std::string>(), std::string("STRING"));
        QCOMPARE(doc["schema"][0]["type"].get<std::string>(), std::string("INT64"));
        const json &c = doc["classifier"];
        QVERIFY(c["classes"] == json({1, 2, 3}));
        QCOMPARE(c["coefficients"].size(), size_t(3));
        QCOMPARE(c["coefficients"][0].size(), c["feature_names"].size());
        QCOMPARE(c["feature_names"][0].get<std::string>(), std::string("num__Elevation"));
        QCOMPARE(c["feature_names"][10].get<std::string>(),
                 std::string("cat__Wilderness_Area_Cache"));
        QCOMPARE(c["intercept_decay"].get<double>(), 1.0);  // dense: few categories
        QCOMPARE(c["sparse_input"].get<bool>(), false);
        const json &p = doc["provenance"];
        for (const char *key : {"dataset_fingerprint", "split", "hyperparameters", "metrics",
                                "epochs", "training_rows", "program_version", "created_at"})
            QVERIFY2(p.contains(key), key);
        QCOMPARE(p["hyperparameters"]["seed"].get<uint64_t>(), uint64_t(7));
        QCOMPARE(p["hyperparameters"]["max_iter"].get<int>(), 1000);
    }

    void rejectsBadFiles_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("needle");
        const int corrupt = int(ErrorCode::Corrupt);
        QTest::newRow("truncated") << 0 << corrupt << "not valid JSON";
        QTest::newRow("empty") << 1 << corrupt << "not valid JSON";
        QTest::newRow("not an object") << 2 << corrupt << "not a covertype model";
        QTest::newRow("other format") << 3 << corrupt << "field 'format'";
        QTest::newRow("newer version")
            << 4 << int(ErrorCode::UnsupportedVersion) << "field 'format_version' is 2, newer";
        QTest::newRow("missing intercepts") << 5 << corrupt << "'classifier.intercepts' is missing";
        QTest::newRow("string coefficient")
            << 6 << corrupt << "'classifier.coefficients[0][3]' must be a number";
        QTest::newRow("short row") << 7 << corrupt << "'classifier.coefficients[1]' has";
        QTest::newRow("zero scale")
            << 8 << corrupt << "'preprocessing.numeric[2].scale' must be > 0";
        QTest::newRow("unsorted classes") << 9 << corrupt << "'classifier.classes[1]'";
        QTest::newRow("duplicate category") << 10 << corrupt << "appears twice";
        QTest::newRow("metric not a number")
            << 11 << corrupt << "'provenance.metrics.accuracy' must be a number";
        QTest::newRow("bad timestamp") << 12 << corrupt << "'provenance.created_at'";
        QTest::newRow("overflowing number") << 13 << corrupt << "not valid JSON";
        QTest::newRow("missing schema column") << 14 << corrupt << "'schema' must list the 12";
        QTest::newRow("missing hyperparameter")
            << 15 << corrupt << "'provenance.hyperparameters.alpha' is missing";
        QTest::newRow("wrong feature name") << 16 << corrupt << "'classifier.feature_names[3]'";
        QTest::newRow("extra coefficient row")
            << 17 << corrupt << "'classifier.coefficients' has 4 rows";
        QTest::newRow("negative epochs")
            << 18 << corrupt << "'provenance.epochs' must be at least 0";
        QTest::newRow("decay contradicts sparse_input")
            << 19 << corrupt << "'classifier.intercept_decay' must be 0.01 when sparse_input";
        // Loaded models are served: no class the data cannot have, no coefficient whose sums
        // overflow into infinities and then NaN probabilities.
        QTest::newRow("class 8") << 20 << corrupt
                                 << "'classifier.classes[2]' must be a Cover_Type from 1 to 7";
        QTest::newRow("extreme coefficient")
            << 21 << corrupt << "'classifier.coefficients[0][2]' is 1e+308";
        QTest::newRow("extreme intercept")
            << 22 << corrupt << "'classifier.intercepts[1]' is -1e+300";
        QTest::newRow("deeply nested") << 23 << corrupt << "its JSON nests deeper than 32 levels";
    }
    void rejectsBadFiles()
    {
        QFETCH(int, variant);
        QFETCH(int, code);
        QFETCH(QString, needle);
        const Model model = trainedModel();
        json doc = model.toJson();
        QByteArray text;
        switch (variant) {
            case 0:
                text = modelText(model).left(modelText(model).size() / 2);
                break;
            case 1:
                break;
            case 2:
                text = "[1, 2]";
                break;
            case 3:
                doc["format"] = "sklearn-pickle";
                break;
            case 4:
                doc["format_version"] = 2;
                break;
            case 5:
                doc["classifier"].erase("intercepts");
                break;
            case 6:
                doc["classifier"]["coefficients"][0][3] = "0.5";
                break;
            case 7:
                doc["classifier"]["coefficients"][1].erase(0);
                break;
            case 8:
                doc["preprocessing"]["numeric"][2]["scale"] = 0.0;
                break;
            case 9:
                doc["classifier"]["classes"] = json({1, 1, 3});
                break;
            case 10: {
                json &cats = doc["preprocessing"]["categorical"][0]["categories"];
                cats[1] = cats[0];
                break;
            }
            case 11:
                doc["provenance"]["metrics"]["accuracy"] = "high";
                break;
            case 12:
                doc["provenance"]["created_at"] = "yesterday";
                break;
            case 13:
                text = modelText(model);
                text.replace("\"intercept_decay\": 1.0", "\"intercept_decay\": 1e999");
                QVERIFY(text.contains("1e999"));
                break;
            case 14:
                doc["schema"].erase(11);
                break;
            case 15:
                doc["provenance"]["hyperparameters"].erase("alpha");
                break;
            case 16:
                doc["classifier"]["feature_names"][3] = "num__Elevation";
                break;
            case 17:
                doc["classifier"]["coefficients"].push_back(doc["classifier"]["coefficients"][0]);
                break;
            case 18:
                doc["provenance"]["epochs"] = -1;
                break;
            case 19:
                doc["classifier"]["sparse_input"] = true;
                break;
            case 20:
                doc["classifier"]["classes"][2] = 8;
                break;
            case 21:
                doc["classifier"]["coefficients"][0][2] = 1e308;
                break;
            case 22:
                doc["classifier"]["intercepts"][1] = -1e300;
                break;
            case 23:
                text = QByteArray(1 << 20, '[');
                break;
        }
        if (variant >= 3 && text.isEmpty())
            text = QByteArray::fromStdString(doc.dump(2));
        const QString path =
            test::writeFile(m_dir.path(), QStringLiteral("bad%1.json").arg(variant), text);
        auto loaded = Model::load(path.toStdString());
        QVERIFY(!loaded.has_value());
        QCOMPARE(int(loaded.error().code), code);
        const QString message = QString::fromStdString(loaded.error().message);
        QVERIFY2(message.contains(needle), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));  // names the file
    }

    void missingFileIsAnIoError()
    {
        auto loaded = Model::load(m_dir.filePath("nope/model.json").toStdString());
        QVERIFY(!loaded.has_value());
        QCOMPARE(loaded.error().code, ErrorCode::Io);
    }

    void predictFindsColumnsByName()
    {
        const Model model = trainedModel();
        const Dataset data = labRows(200, 5, /*withLabel=*/false, 6, LabWilderness::LeansToClass);
        auto expected = model.predict(data);
        QVERIFY(expected.has_value());
        QCOMPARE(expected->size(), size_t(200));

        std::vector<Column> shuffled(data.columns().rbegin(), data.columns().rend());
        shuffled.push_back(intColumn("Extra", std::vector<int64_t>(200, 1)));
        auto reordered = model.predict(Dataset(shuffled, "reordered.csv"));
        QVERIFY(reordered.has_value());
        QCOMPARE(*reordered, *expected);

        std::vector<Column> missing = data.columns();
        missing.erase(missing.begin() + 11);  // Soil_Type
        auto failed = model.predict(Dataset(missing, "nosoil.csv"));
        QVERIFY(!failed.has_value());
        QCOMPARE(failed.error().code, ErrorCode::Schema);
        QVERIFY2(failed.error().message.find("Soil_Type") != std::string::npos,
                 failed.error().message.c_str());
        QVERIFY(!Model().predict(data).has_value());
    }

    void unseenCategoriesPredictWithoutError()
    {
        const Model model = trainedModel();
        std::vector<Column> columns =
            labRows(50, 8, false, 6, LabWilderness::LeansToClass).columns();
        columns[10] = stringColumn("Wilderness_Area", std::vector<std::string>(50, "Atlantis"));
        std::vector<int64_t> digits(50, 7745);  // INT64 Soil_Type: text "7745" is unseen
        columns[11] = intColumn("Soil_Type", digits);
        auto predicted = model.predict(Dataset(columns, "unseen.csv"));
        QVERIFY2(predicted.has_value(), predicted ? "" : predicted.error().message.c_str());
        QCOMPARE(predicted->size(), size_t(50));
    }

    void probabilitiesAgreeWithPredictions()
    {
        const Model model = trainedModel();
        const Dataset data = labRows(200, 11, true, 6, LabWilderness::LeansToClass);
        auto proba = model.predictProbabilities(data);
        auto predicted = model.predict(data);
        QVERIFY(proba && predicted);
        QCOMPARE(proba->cols(), Eigen::Index(3));
        for (Eigen::Index r = 0; r < proba->rows(); ++r) {
            QVERIFY(std::abs(proba->row(r).sum() - 1.0) < 1e-12);
            Eigen::Index best = 0;
            proba->row(r).maxCoeff(&best);
            QCOMPARE(model.classes()[size_t(best)], (*predicted)[size_t(r)]);
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
