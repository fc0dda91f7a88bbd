// Tests for the prediction contract: request parsing (both instance forms, every error naming
// the instance and field), the direct scanner agreeing with the JSON tree, and the responses.
#include <QTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "data/labschema.h"
#include "testsupport.h"
#include "training/prediction.h"
#include "training/trainer.h"

using namespace covertype;
using nlohmann::json;

namespace {

const char *const kRow = R"([2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Cache", "C2705"])";
const char *const kObject =
    R"({"Soil_Type": "C2703", "Wilderness_Area": "Rawah", "Elevation": 3092.5, "Aspect": 163,
        "Slope": 13, "Horizontal_Distance_To_Hydrology": 30, "Vertical_Distance_To_Hydrology": 5,
        "Horizontal_Distance_To_Roadways": 4886, "Hillshade_9am": 232, "Hillshade_Noon": 243,
        "Hillshade_3pm": 139, "Horizontal_Distance_To_Fire_Points": 1456})";

std::string body(const std::string &instances, const std::string &rest = {})
{
    return R"({"instances": [)" + instances + "]" + rest + "}";
}

Expected<PredictionRequest> parseText(const std::string &text)
{
    return parsePredictionRequest(std::string_view(text));
}

/// The same request read through the JSON tree (the reference the scanner must agree with).
Expected<PredictionRequest> parseTree(const std::string &text)
{
    return parsePredictionRequest(json::parse(text));
}

/// Every cell as text (numbers as doubles), row by row.
std::vector<std::string> cells(const Dataset &data)
{
    std::vector<std::string> out;
    for (size_t r = 0; r < data.rowCount(); ++r)
        for (const Column &c : data.columns())
            out.push_back(
                c.name + "=" +
                (c.type == ColumnType::Float64 ? std::to_string(c.doubles[r]) : c.textAt(r)));
    return out;
}

const Model &model()
{
    static const Model trained = [] {
        TrainParams params;
        params.seed = 3;
        auto outcome =
            trainModel(test::labRows(600, 1, true, 6, test::LabWilderness::LeansToClass), params);
        if (!outcome)
            qFatal("training failed: %s", outcome.error().message.c_str());
        return std::move(outcome->model);
    }();
    return trained;
}

}  // namespace

class TestPrediction : public QObject
{
    Q_OBJECT

private slots:
    void bothInstanceForms()
    {
        auto request = parseText(body(std::string(kRow) + "," + kObject));
        QVERIFY2(request, request ? "" : request.error().message.c_str());
        QCOMPARE(request->instances.rowCount(), size_t(2));
        QCOMPARE(request->instances.columnCount(), lab::kFeatureColumns.size());
        QVERIFY(!request->probabilities);
        const Dataset &d = request->instances;
        QCOMPARE(d.find("Elevation")->doubles, (ColumnVector<double>{2841, 3092.5}));
        QCOMPARE(d.find("Wilderness_Area")->textAt(0), std::string("Cache"));
        QCOMPARE(d.find("Soil_Type")->textAt(1), std::string("C2703"));
        QCOMPARE(d.find("Horizontal_Distance_To_Fire_Points")->doubles,
                 (ColumnVector<double>{1003, 1456}));
    }

    void scannerAgreesWithJsonTree_data()
    {
        QTest::addColumn<QByteArray>("text");
        const std::string row = kRow;
        QTest::newRow("list") << QByteArray::fromStdString(body(row));
        QTest::newRow("object") << QByteArray::fromStdString(body(kObject));
        QTest::newRow("many") << QByteArray::fromStdString(body(row + "," + kObject + "," + row));
        QTest::newRow("whitespace")
            << QByteArray::fromStdString("\r\n\t { \"instances\" :\n[ " + row + " ] \n}\n ");
        QTest::newRow("escapes") << QByteArray(
            "{\"instances\": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, \"Ra\\u0077ah\", "
            "\"C\\/27\\\"05\\\\\"]]}");
        QTest::newRow("non-ASCII") << QByteArray(
            "{\"instances\": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, \"Raw\xC3\xA4h\", "
            "\"\\u00e9t\\u00e9\"]]}");
        QTest::newRow("integer categories") << QByteArray(
            R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3, 18446744073709551615]]})");
        QTest::newRow("negative integer category")
            << QByteArray(R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -3, "-0"]]})");
        QTest::newRow("number forms") << QByteArray(
            R"({"instances": [[-0, 2.5e3, 1E-2, -1.25, 0.0, 1e-400, 7, 8, 9, 12345678901234567890, "a", "b"]]})");
        QTest::newRow("integer minus zero") << QByteArray(
            R"({"instances": [[2841, 45, -0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", "C4758"]]})");
        QTest::newRow("label and key order") << QByteArray(
            R"({"instances": [{"Cover_Type": {"x": [1, 2]}, "Soil_Type": "C2705", "Wilderness_Area": "Cache",
                "Horizontal_Distance_To_Fire_Points": 1, "Hillshade_3pm": 2, "Hillshade_Noon": 3,
                "Hillshade_9am": 4, "Horizontal_Distance_To_Roadways": 5,
                "Vertical_Distance_To_Hydrology": 6, "Horizontal_Distance_To_Hydrology": 7,
                "Slope": 8, "Aspect": 9, "Elevation": 10}]})");
        QTest::newRow("other fields") << QByteArray::fromStdString(
            R"({"signature_name": "x", "meta": {"a": [true, false, null, {"b": "c"}]}, "instances": [)" +
            row + "]}");
        QTest::newRow("parameters") << QByteArray::fromStdString(
            body(row, R"(, "parameters": {"top_k": [1, {"x": null}], "probabilities": true})"));
        QTest::newRow("probabilities false")
            << QByteArray::fromStdString(body(row, R"(, "parameters": {"probabilities": false})"));
        QTest::newRow("repeated instances")
            << QByteArray::fromStdString(R"({"instances": [[1]], "instances": [)" + row + "]}");
        QTest::newRow("repeated field") << QByteArray(
            R"({"instances": [{"Soil_Type": "C2705", "Wilderness_Area": "Cache", "Elevation": 1,
                "Horizontal_Distance_To_Fire_Points": 1, "Hillshade_3pm": 2, "Hillshade_Noon": 3,
                "Hillshade_9am": 4, "Horizontal_Distance_To_Roadways": 5,
                "Vertical_Distance_To_Hydrology": 6, "Horizontal_Distance_To_Hydrology": 7,
                "Slope": 8, "Aspect": 9, "Elevation": 10}]})");
        QTest::newRow("byte order mark") << QByteArray::fromStdString("\xEF\xBB\xBF" + body(row));
    }

    void scannerAgreesWithJsonTree()
    {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const auto fast = parseText(s);
        QVERIFY2(fast, fast ? "" : fast.error().message.c_str());
        const auto tree = parseTree(s);
        QVERIFY2(tree, tree ? "" : tree.error().message.c_str());
        QCOMPARE(fast->probabilities, tree->probabilities);
        QCOMPARE(fast->instances.rowCount(), tree->instances.rowCount());
        QCOMPARE(cells(fast->instances), cells(tree->instances));
        QCOMPARE(fast->instances.schema(), tree->instances.schema());
        // The same zeros too: the tree reads an integer -0 as 0 (a fuzzer finding).
        for (size_t c = 0; c < fast->instances.columnCount(); ++c) {
            const Column &a = fast->instances.column(c);
            const Column &b = tree->instances.column(c);
            for (size_t r = 0; r < a.doubles.size() && r < b.doubles.size(); ++r)
                QVERIFY2(std::signbit(a.doubles[r]) == std::signbit(b.doubles[r]),
                         qPrintable(QStringLiteral("column %1 row %2").arg(c).arg(r)));
        }
    }

    void errorsNameInstanceAndField_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const std::string row = kRow;
        QTest::newRow("malformed")
            << QByteArray(R"({"instances": [[1, 2,)") << "malformed JSON at byte";
        QTest::newRow("trailing garbage")
            << QByteArray::fromStdString(body(row) + " x") << "malformed JSON at byte";
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << "the request body must be a JSON object, found array";
        QTest::newRow("no instances")
            << QByteArray(R"({"inputs": []})") << "the request body has no \"instances\" field";
        QTest::newRow("instances not a list") << QByteArray(R"({"instances": {"a": 1}})")
                                              << "\"instances\" must be an array, found object";
        QTest::newRow("no instance")
            << QByteArray(R"({"instances": []})") << "instances: no instances";
        QTest::newRow("arity") << QByteArray::fromStdString(body(row + ", [1, 2, 3]"))
                               << "instances: instance 1: expected 12 values in table order "
                                  "(Elevation ... Soil_Type), got 3";
        QTest::newRow("number as string")
            << QByteArray::fromStdString(body(
                   row +
                   R"(, [2841, "45", 0, 644, 282, 1376, 218, 237, 156, 1003, "Cache", "C2705"])"))
            << "instances: instance 1: field 1 'Aspect': expected a number, got a string \"45\"";
        QTest::newRow("category as boolean")
            << QByteArray(R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, true, "C2705"]]})")
            << "instances: instance 0: field 10 'Wilderness_Area': expected a string, got a "
               "boolean true";
        QTest::newRow("category as float")
            << QByteArray(R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "Cache", 2.5]]})")
            << "instance 0: field 11 'Soil_Type': expected a string, got a number 2.5";
        QTest::newRow("null")
            << QByteArray(R"({"instances": [[null, 2, 3, 4, 5, 6, 7, 8, 9, 10, "Cache", "C1"]]})")
            << "instance 0: field 0 'Elevation': expected a number, got null";
        QTest::newRow("number overflow")
            << QByteArray(R"({"instances": [[1e999, 2, 3, 4, 5, 6, 7, 8, 9, 10, "Cache", "C1"]]})")
            << "malformed JSON: [json.exception.out_of_range.406] number overflow parsing "
               "'1e999'";
        QTest::newRow("unknown column")
            << QByteArray::fromStdString(body(row + R"(, {"Elevation": 1, "Colour": "red"})"))
            << "instances: instance 1: unknown column 'Colour'";
        QTest::newRow("missing field") << QByteArray(R"({"instances": [{"Elevation": 1}]})")
                                       << "instances: instance 0: missing field 'Aspect'";
        QTest::newRow("object field type")
            << QByteArray::fromStdString(
                   body(std::string(kObject).replace(std::string(kObject).find("163"), 3, "[]")))
            << "instances: instance 0: field 'Aspect': expected a number, got a list []";
        QTest::newRow("scalar instance") << QByteArray(R"({"instances": [5]})")
                                         << "instances: instance 0: expected a list of 12 "
                                            "values or an object keyed by column name, got a "
                                            "number";
        QTest::newRow("parameters not an object")
            << QByteArray::fromStdString(body(row, R"(, "parameters": [])"))
            << "\"parameters\" must be an object, found array";
        QTest::newRow("probabilities not a boolean")
            << QByteArray::fromStdString(body(row, R"(, "parameters": {"probabilities": 1})"))
            << "\"parameters.probabilities\" must be true or false, found number";
    }

    void errorsNameInstanceAndField()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const std::string s = text.toStdString();
        const auto request = parseText(s);
        QVERIFY(!request);
        QVERIFY(request.error().code == ErrorCode::InvalidArgument ||
                request.error().code == ErrorCode::Parse);
        QVERIFY2(QString::fromStdString(request.error().message).contains(expected),
                 request.error().message.c_str());
        // Valid JSON: the message is exactly the JSON tree's.
        const json document = json::parse(s, nullptr, false);
        if (!document.is_discarded()) {
            const auto tree = parsePredictionRequest(document);
            QVERIFY(!tree);
            QCOMPARE(request.error().message, tree.error().message);
        }
    }

    void deepNestingIsRefused()
    {
        // A body nested this deep would overflow the stack when an error message prints it.
        for (const std::string &inner :
             {std::string(200'000, '['), std::string(200'000, '[') + std::string(200'000, ']')}) {
            const std::string text =
                R"({"instances": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "a", )" + inner + "]]}";
            const auto request = parseText(text);
            QVERIFY(!request);
            QVERIFY2(
                request.error().message.find("nests deeper than 64 levels") != std::string::npos,
                request.error().message.c_str());
        }
        QVERIFY(parseText(R"({"instances": [)" + std::string(kRow) +
                          R"(], "meta": [[[[[[[[[[1]]]]]]]]]]})"));
    }

    void predictions()
    {
        const auto request = parseText(body(std::string(kRow) + "," + kObject));
        QVERIFY(request);
        const auto expected = model().predict(request->instances);
        QVERIFY(expected);
        const auto response = predictionResponse(model(), *request);
        QVERIFY(response);
        QCOMPARE(response->dump(), json({{"predictions", *expected}}).dump());
        const auto text = predictionResponseText(model(), *request);
        QVERIFY(text);
        QCOMPARE(*text, response->dump());
    }

    void probabilities()
    {
        const auto request = parseText(body(std::string(kRow) + "," + kObject + "," + kRow,
                                            R"(, "parameters": {"probabilities": true})"));
        QVERIFY(request);
        QVERIFY(request->probabilities);
        const auto labels = model().predict(request->instances);
        QVERIFY(labels);
        const auto response = predictionResponse(model(), *request);
        QVERIFY(response);
        const json &predictions = (*response)["predictions"];
        QCOMPARE(predictions.size(), size_t(3));
        for (size_t i = 0; i < predictions.size(); ++i) {
            const json &p = predictions[i];
            QCOMPARE(p["label"].get<int64_t>(), (*labels)[i]);
            double sum = 0;
            std::string best;
            for (const auto &[cls, value] : p["probabilities"].items()) {
                sum += value.get<double>();
                if (best.empty() || value.get<double>() > p["probabilities"][best].get<double>())
                    best = cls;
            }
            QCOMPARE(p["probabilities"].size(), model().classes().size());
            QVERIFY(std::abs(sum - 1.0) < 1e-9);
            QCOMPARE(best, std::to_string((*labels)[i]));
        }
        const auto text = predictionResponseText(model(), *request);
        QVERIFY(text);
        QVERIFY(json::parse(*text) == *response);  // the same numbers, bit for bit
        QCOMPARE(*text, response->dump());         // written the same way
    }

    void numbersWrittenLikeTheJsonTree()
    {
        // Extreme inputs saturate the classes: probabilities of exactly 1 and 0 and tiny ones
        // written with exponents, all as the JSON tree writes them.
        std::string instances;
        for (int i = -2; i <= 40; ++i) {
            if (!instances.empty())
                instances += ",";
            const double elevation = i < 0 ? 1e6 * (i + 1.5) : 1500.0 + 100.0 * i;
            instances += "[" + std::to_string(elevation) + "," + std::to_string(i % 9) +
                         R"(, 45, 90, 1000, -40, 0, 255, 0, 255, "Rawah", "C2702"])";
        }
        const auto request =
            parseText(body(instances, R"(, "parameters": {"probabilities": true})"));
        QVERIFY(request);
        const auto response = predictionResponse(model(), *request);
        QVERIFY(response);
        const auto text = predictionResponseText(model(), *request);
        QVERIFY(text);
        QCOMPARE(*text, response->dump());
        const std::string dumped = response->dump();
        QVERIFY2(dumped.find("e-") != std::string::npos, dumped.c_str());  // exponents were hit
    }

    void everyDigitLikeTheJsonTree()
    {
        // 14,000 probabilities: for a few of them the shortest round-trip digits (std::to_chars)
        // are not the JSON tree's (Grisu2), and the text writer must still write the tree's
        // (found by tests/fuzz/fuzz_predict; a body in tests/fuzz/regressions/predict/).
        std::string instances;
        for (int elevation = 1800; elevation < 3800; ++elevation)
            instances += std::string(instances.empty() ? "" : ",") + "[" +
                         std::to_string(elevation) +
                         R"(, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Cache", "C2705"])";
        const auto request =
            parseText(body(instances, R"(, "parameters": {"probabilities": true})"));
        QVERIFY(request);
        const auto response = predictionResponse(model(), *request);
        QVERIFY(response);
        const auto text = predictionResponseText(model(), *request);
        QVERIFY(text);
        QCOMPARE(*text, response->dump());
    }
};

QTEST_GUILESS_MAIN(TestPrediction)
#include "tst_prediction.moc"
