// Tests for trainModel / evaluateModel: input checks, progress, determinism, real-data accuracy.
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "base/version.h"
#include "data/csvloader.h"
#include "testsupport.h"
#include "training/trainer.h"

using namespace covertype;
using covertype::test::intColumn;
using covertype::test::labRows;
using covertype::test::stringColumn;

namespace {

std::vector<uint32_t> rowsWithLots(size_t count, std::initializer_list<uint32_t> lots)
{
    std::vector<uint32_t> rows;
    for (uint32_t r = 0; r < count; ++r)
        if (std::find(lots.begin(), lots.end(), r % 10) != lots.end())
            rows.push_back(r);
    return rows;
}

/// The same table with Soil_Type as INT64 ("C7745" -> 7745), as a digits-only file loads.
Dataset withIntegerSoil(const Dataset &data)
{
    std::vector<Column> columns = data.columns();
    for (Column &c : columns) {
        if (c.name != "Soil_Type")
            continue;
        std::vector<int64_t> values;
        for (int32_t code : c.codes)
            values.push_back(std::stoll(c.dictionary[size_t(code)].substr(1)));
        c = intColumn("Soil_Type", values);
    }
    return Dataset(std::move(columns), data.source());
}

}  // namespace

class TestTrainer : public QObject
{
    Q_OBJECT

private slots:
    void missingLabelIsClear()
    {
        auto outcome = trainModel(labRows(90, 1, /*withLabel=*/false), TrainParams{});
        QVERIFY(!outcome.has_value());
        QCOMPARE(outcome.error().code, ErrorCode::MissingLabel);
        const QString message = QString::fromStdString(outcome.error().message);
        QVERIFY2(message.contains("training") && message.contains("Cover_Type"),
                 qPrintable(message));

        const Dataset validation = labRows(30, 2, false);
        const Dataset training = labRows(90, 1);
        auto withValidation = trainModel(training, TrainParams{}, &validation);
        QVERIFY(!withValidation.has_value());
        QCOMPARE(withValidation.error().code, ErrorCode::MissingLabel);
    }

    void rejectsBadParams_data()
    {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("maxIter");
        QTest::addColumn<double>("tol");
        QTest::addColumn<QString>("needle");
        QTest::newRow("alpha 0") << 0.0 << 10 << 1e-3 << "alpha";
        QTest::newRow("alpha < 0") << -1e-4 << 10 << 1e-3 << "alpha";
        QTest::newRow("alpha nan") << std::nan("") << 10 << 1e-3 << "alpha";
        QTest::newRow("max_iter 0") << 1e-4 << 0 << 1e-3 << "max_iter";
        QTest::newRow("tol < 0") << 1e-4 << 10 << -1.0 << "tol";
    }
    void rejectsBadParams()
    {
        QFETCH(double, alpha);
        QFETCH(int, maxIter);
        QFETCH(double, tol);
        QFETCH(QString, needle);
        TrainParams params;
        params.alpha = alpha;
        params.maxIter = maxIter;
        params.tol = tol;
        auto outcome = trainModel(labRows(90, 1), params);
        QVERIFY(!outcome.has_value());
        QCOMPARE(outcome.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(outcome.error().message).contains(needle),
                 outcome.error().message.c_str());
    }

    void needsTwoClasses()
    {
        const Dataset data = labRows(90, 1);
        std::vector<uint32_t> rows;
        for (uint32_t r = 0; r < 90; r += 3)  // class 1 only
            rows.push_back(r);
        auto outcome = trainModel(data.selectRows(rows), TrainParams{});
        QVERIFY(!outcome.has_value());
        QCOMPARE(outcome.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(outcome.error().message.find("2 classes") != std::string::npos,
                 outcome.error().message.c_str());
    }

    void reportsEveryEpochAndFillsProvenance()
    {
        const Dataset training = labRows(600, 3);
        const Dataset validation = labRows(150, 4);
        TrainParams params;
        params.seed = 11;
        std::vector<EpochReport> seen;
        auto outcome = trainModel(training, params, &validation, [&](const EpochReport &r) {
            seen.push_back(r);
            return true;
        });
        QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
        QVERIFY(outcome->converged);
        QVERIFY(outcome->epochs > 5 && outcome->epochs < 1000);
        QCOMPARE(int(seen.size()), outcome->epochs);
        QCOMPARE(outcome->history.size(), seen.size());
        for (size_t i = 0; i < seen.size(); ++i) {
            QCOMPARE(seen[i].epoch, int(i) + 1);
            QVERIFY(seen[i].loss > 0 && std::isfinite(seen[i].loss));
            QVERIFY(seen[i].validationAccuracy.has_value());
            QVERIFY(*seen[i].validationAccuracy >= 0 && *seen[i].validationAccuracy <= 1);
        }
        QVERIFY(seen.back().loss < seen.front().loss);
        auto evaluation = evaluateModel(outcome->model, validation);
        QVERIFY(evaluation.has_value());
        QCOMPARE(*seen.back().validationAccuracy, evaluation->accuracy);
        QVERIFY(evaluation->accuracy > 0.8);

        const Provenance &p = outcome->model.provenance();
        QCOMPARE(p.datasetFingerprint, training.fingerprint());
        QCOMPARE(p.trainingRows, uint64_t(600));
        QCOMPARE(p.epochs, outcome->epochs);
        QCOMPARE(p.hyperparameters.seed, uint64_t(11));
        QCOMPARE(p.hyperparameters.alpha, 0.0001);
        QCOMPARE(p.hyperparameters.maxIter, 1000);
        QCOMPARE(p.programVersion, std::string(kProgramVersion));
        QVERIFY(std::regex_match(p.createdAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

        auto withoutValidation = trainModel(training, params, nullptr, [&](const EpochReport &r) {
            return !r.validationAccuracy.has_value();
        });
        QVERIFY(withoutValidation.has_value());
        QVERIFY(!withoutValidation->history.front().validationAccuracy.has_value());
    }

    void callbackCancels()
    {
        int calls = 0;
        auto outcome = trainModel(labRows(300, 5), TrainParams{}, nullptr,
                                  [&](const EpochReport &) { return ++calls < 3; });
        QVERIFY(!outcome.has_value());
        QCOMPARE(outcome.error().code, ErrorCode::Cancelled);
        QCOMPARE(calls, 3);
    }

    void deterministicForASeed()
    {
        const Dataset training = labRows(600, 6);
        TrainParams params;
        params.seed = 123;
        params.threads = 1;
        auto a = trainModel(training, params);
        params.threads = 2;
        auto b = trainModel(training, params);
        params.threads = 0;
        auto c = trainModel(training, params);
        QVERIFY(a && b && c);
        QVERIFY(a->model.classifier().coefficients() == b->model.classifier().coefficients());
        QVERIFY(a->model.classifier().coefficients() == c->model.classifier().coefficients());
        QVERIFY(a->model.classifier().intercepts() == c->model.classifier().intercepts());
        QCOMPARE(a->epochs, c->epochs);
        params.seed = 124;
        auto d = trainModel(training, params);
        QVERIFY(d.has_value());
        QVERIFY(a->model.classifier().coefficients() != d->model.classifier().coefficients());
    }

    void interceptDecayFollowsColumnTransformerDensity()
    {
        // 10 numeric + 4 areas + 6 soils: density 12/20 -> dense -> 1.0.
        auto dense = trainModel(labRows(600, 7, true, 6), TrainParams{});
        QVERIFY(dense.has_value());
        QCOMPARE(dense->model.classifier().interceptDecay(), 1.0);
        // 10 numeric + 4 areas + 40 soils: density 12/54 < 0.3 -> sparse -> 0.01.
        auto sparse = trainModel(labRows(2000, 7, true, 40), TrainParams{});
        QVERIFY(sparse.has_value());
        QCOMPARE(sparse->model.preprocessor().featureCount(), size_t(54));
        QCOMPARE(sparse->model.classifier().interceptDecay(), 0.01);
    }

    void evaluationScoresPredictions()
    {
        auto outcome = trainModel(labRows(600, 8), TrainParams{});
        QVERIFY(outcome.has_value());
        const Dataset test = labRows(300, 9);
        auto e = evaluateModel(outcome->model, test);
        QVERIFY(e.has_value());
        QCOMPARE(e->rows, size_t(300));
        QCOMPARE(e->classes, (std::vector<int64_t>{1, 2, 3}));
        int64_t total = 0, diagonal = 0;
        for (size_t i = 0; i < e->confusion.size(); ++i)
            for (size_t j = 0; j < e->confusion[i].size(); ++j) {
                total += e->confusion[i][j];
                diagonal += i == j ? e->confusion[i][j] : 0;
            }
        QCOMPARE(total, int64_t(300));
        QCOMPARE(e->accuracy, double(diagonal) / 300.0);
        QVERIFY(e->macroRecall > 0.5 && e->macroRecall <= 1.0);

        auto unlabelled = evaluateModel(outcome->model, labRows(30, 9, false));
        QVERIFY(!unlabelled.has_value());
        QCOMPARE(unlabelled.error().code, ErrorCode::MissingLabel);
    }

    void realDataMatchesCourseAccuracy()
    {
        COVERTYPE_REAL_DATA(path);
        auto data = loadDataset(path.toStdString());
        QVERIFY2(data.has_value(), data ? "" : data.error().message.c_str());
        const Dataset training = data->selectRows(rowsWithLots(data->rowCount(), {1, 2, 3, 4}));
        const Dataset validation = data->selectRows(rowsWithLots(data->rowCount(), {8}));
        const Dataset testing = data->selectRows(rowsWithLots(data->rowCount(), {9}));
        TrainParams params;  // course: alpha 1e-4 .. 1e-3, max_iter 500 / 1000
        params.seed = 1;
        QElapsedTimer timer;
        timer.start();
        auto outcome = trainModel(training, params, &validation);
        qInfo("trained on %zu rows in %lld ms, %d epochs", training.rowCount(), timer.elapsed(),
              outcome ? outcome->epochs : -1);
        QVERIFY2(outcome.has_value(), outcome ? "" : outcome.error().message.c_str());
        QVERIFY(outcome->converged);
        QVERIFY(outcome->epochs < 100);
        QCOMPARE(outcome->model.classes(), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(outcome->model.classifier().interceptDecay(), 0.01);  // sparse, as sklearn
        const double accuracy = *outcome->history.back().validationAccuracy;
        QVERIFY2(accuracy > 0.69 && accuracy < 0.73, qPrintable(QString::number(accuracy)));
        auto test = evaluateModel(outcome->model, testing);
        QVERIFY(test.has_value());
        QVERIFY2(test->accuracy > 0.68, qPrintable(QString::number(test->accuracy)));
        QVERIFY(test->macroRecall > 0.3 && test->macroRecall < test->accuracy);

        // An INT64 Soil_Type ("7745") gives the same encoding order, so the same model.
        auto integerSoil = trainModel(withIntegerSoil(training), params);
        QVERIFY2(integerSoil.has_value(), integerSoil ? "" : integerSoil.error().message.c_str());
        QVERIFY(integerSoil->model.classifier().coefficients() ==
                outcome->model.classifier().coefficients());
        QCOMPARE(integerSoil->model.featureSchema()[11].type, ColumnType::Int64);
        // ...and it still predicts text soil codes, as unseen categories.
        QVERIFY(integerSoil->model.predict(validation).has_value());
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
