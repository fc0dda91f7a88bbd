// Model prediction and the model.json artifact (see docs/model-format.md).
#include "training/model.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include "base/text.h"
#include "base/version.h"
#include "data/labschema.h"
#include "deploy/requestscanner.h"
#include "files/atomicfile.h"
#include "files/fileinput.h"

namespace covertype {

namespace {

using nlohmann::json;

/// Thrown by the readers below and caught in Model::fromJson: never leaves this file.
struct BadField
{
    ErrorCode code = ErrorCode::Corrupt;
    std::string field;
    std::string problem;
};

[[noreturn]] void bad(const std::string &field, std::string problem)
{
    throw BadField{ErrorCode::Corrupt, field, std::move(problem)};
}

std::string join(const std::string &parent, std::string_view key)
{
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string at(const std::string &parent, size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

const json &member(const json &object, std::string_view key, const std::string &parent)
{
    const std::string field = join(parent, key);
    if (!object.is_object())
        bad(parent, "must be a JSON object");
    const auto it = object.find(key);
    if (it == object.end())
        bad(field, "is missing");
    return *it;
}

const json &array(const json &value, const std::string &field)
{
    if (!value.is_array())
        bad(field, "must be an array");
    return value;
}

double finiteNumber(const json &value, const std::string &field)
{
    if (!value.is_number())
        bad(field, "must be a number");
    const double number = value.get<double>();
    if (!std::isfinite(number))
        bad(field, "must be a finite number");
    return number;
}

/// A coefficient or intercept. Training on standardised features never comes near 1e6; far
/// larger ones (a damaged or hand-made file) would sum to infinities at prediction time and
/// answer NaN probabilities, so they are refused when the model is loaded.
double boundedWeight(const json &value, const std::string &field)
{
    constexpr double kMaxWeight = 1e6;
    const double number = finiteNumber(value, field);
    if (std::abs(number) > kMaxWeight)
        bad(field, cat("is ", number, ", beyond the +-1e6 a trained model stays within"));
    return number;
}

int64_t integer(const json &value, const std::string &field, int64_t minimum,
                int64_t maximum = std::numeric_limits<int64_t>::max())
{
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX)))
        bad(field, "must be an integer");
    const int64_t number = value.get<int64_t>();
    if (number < minimum)
        bad(field,
            "must be at least " + std::to_string(minimum) + ", found " + std::to_string(number));
    if (number > maximum)
        bad(field,
            "must be at most " + std::to_string(maximum) + ", found " + std::to_string(number));
    return number;
}

/// An int field (epochs, max_iter...).
int smallInteger(const json &value, const std::string &field, int minimum)
{
    return int(integer(value, field, minimum, std::numeric_limits<int>::max()));
}

uint64_t unsignedInteger(const json &value, const std::string &field)
{
    if (value.is_number_unsigned())
        return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0)
        return uint64_t(value.get<int64_t>());
    bad(field, "must be an integer >= 0");
}

std::string string(const json &value, const std::string &field)
{
    if (!value.is_string())
        bad(field, "must be a string");
    return value.get<std::string>();
}

std::string describeError(std::string_view origin, const BadField &e)
{
    return std::string(origin) + ": field '" + e.field + "' " + e.problem;
}

std::vector<Field> readSchema(const json &doc)
{
    const json &list = array(member(doc, "schema", ""), "schema");
    if (list.size() != lab::kFeatureColumns.size())
        bad("schema", "must list the " + std::to_string(lab::kFeatureColumns.size()) +
                          " feature columns, found " + std::to_string(list.size()));
    std::vector<Field> schema;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string field = at("schema", i);
        Field f;
        f.name = string(member(list[i], "name", field), join(field, "name"));
        if (f.name != lab::kFeatureColumns[i])
            bad(join(field, "name"),
                "is '" + f.name + "', expected '" + std::string(lab::kFeatureColumns[i]) + "'");
        const std::string type = string(member(list[i], "type", field), join(field, "type"));
        const auto parsed = columnTypeFromName(type);
        if (!parsed)
            bad(join(field, "type"), "is '" + type + "', not a BigQuery type");
        f.type = *parsed;
        if (i < lab::kNumericColumns.size() && f.type != ColumnType::Int64 &&
            f.type != ColumnType::Float64)
            bad(join(field, "type"),
                "is '" + type + "'; a numeric feature must be INT64 or FLOAT64");
        schema.push_back(std::move(f));
    }
    return schema;
}

ml::Preprocessor readPreprocessing(const json &doc, const std::vector<Field> &schema)
{
    const json &pre = member(doc, "preprocessing", "");
    const json &numeric = array(member(pre, "numeric", "preprocessing"), "preprocessing.numeric");
    const json &categorical =
        array(member(pre, "categorical", "preprocessing"), "preprocessing.categorical");
    if (numeric.size() != lab::kNumericColumns.size())
        bad("preprocessing.numeric", "must have " + std::to_string(lab::kNumericColumns.size()) +
                                         " entries, found " + std::to_string(numeric.size()));
    if (categorical.size() != lab::kCategoricalColumns.size())
        bad("preprocessing.categorical",
            "must have " + std::to_string(lab::kCategoricalColumns.size()) + " entries, found " +
                std::to_string(categorical.size()));

    std::vector<ml::NumericScaling> scalings;
    for (size_t i = 0; i < numeric.size(); ++i) {
        const std::string field = at("preprocessing.numeric", i);
        ml::NumericScaling s;
        s.column = string(member(numeric[i], "column", field), join(field, "column"));
        if (s.column != schema[i].name)
            bad(join(field, "column"), "is '" + s.column + "', expected '" + schema[i].name + "'");
        s.mean = finiteNumber(member(numeric[i], "mean", field), join(field, "mean"));
        s.scale = finiteNumber(member(numeric[i], "scale", field), join(field, "scale"));
        if (s.scale <= 0.0)
            bad(join(field, "scale"), "must be > 0");
        scalings.push_back(std::move(s));
    }
    std::vector<ml::CategoricalEncoding> encodings;
    for (size_t i = 0; i < categorical.size(); ++i) {
        const std::string field = at("preprocessing.categorical", i);
        const Field &expected = schema[numeric.size() + i];
        ml::CategoricalEncoding e;
        e.column = string(member(categorical[i], "column", field), join(field, "column"));
        if (e.column != expected.name)
            bad(join(field, "column"), "is '" + e.column + "', expected '" + expected.name + "'");
        const std::string listField = join(field, "categories");
        const json &list = array(member(categorical[i], "categories", field), listField);
        for (size_t k = 0; k < list.size(); ++k)
            e.categories.push_back(string(list[k], at(listField, k)));
        encodings.push_back(std::move(e));
    }
    auto pre2 = ml::Preprocessor::fromParts(std::move(scalings), std::move(encodings));
    if (!pre2)
        bad("preprocessing", pre2.error().message);
    return std::move(*pre2);
}

ml::SgdClassifier readClassifier(const json &doc, const ml::Preprocessor &pre)
{
    const std::string root = "classifier";
    const json &c = member(doc, "classifier", "");
    const std::string kind = string(member(c, "kind", root), join(root, "kind"));
    if (kind != "sgd_logistic_ovr")
        bad(join(root, "kind"), "is '" + kind + "', expected 'sgd_logistic_ovr'");

    const std::string classesField = join(root, "classes");
    const json &classList = array(member(c, "classes", root), classesField);
    std::vector<int64_t> classes;
    for (size_t i = 0; i < classList.size(); ++i) {
        classes.push_back(integer(classList[i], at(classesField, i), INT64_MIN));
        if (classes[i] < 1 || classes[i] > 7)
            bad(at(classesField, i), cat("must be a Cover_Type from 1 to 7, got ", classes[i]));
        if (i > 0 && classes[i] <= classes[i - 1])
            bad(at(classesField, i), "must be greater than the class before it");
    }
    if (classes.size() < 2)
        bad(classesField, "must hold at least 2 classes");
    const size_t problems = classes.size() == 2 ? 1 : classes.size();
    const size_t features = pre.featureCount();

    const std::string namesField = join(root, "feature_names");
    const json &names = array(member(c, "feature_names", root), namesField);
    const std::vector<std::string> expectedNames = pre.featureNames();
    if (names.size() != features)
        bad(namesField, "has " + std::to_string(names.size()) + " names, expected " +
                            std::to_string(features) + " (one per encoded feature)");
    for (size_t i = 0; i < names.size(); ++i) {
        const std::string name = string(names[i], at(namesField, i));
        if (name != expectedNames[i])
            bad(at(namesField, i), "is '" + name + "', expected '" + expectedNames[i] + "'");
    }

    const std::string coefField = join(root, "coefficients");
    const json &rows = array(member(c, "coefficients", root), coefField);
    if (rows.size() != problems)
        bad(coefField, "has " + std::to_string(rows.size()) + " rows, expected " +
                           std::to_string(problems) + " for " + std::to_string(classes.size()) +
                           " classes");
    Eigen::MatrixXd coef = Eigen::MatrixXd::Zero(Eigen::Index(problems), Eigen::Index(features));
    for (size_t k = 0; k < problems; ++k) {
        const std::string rowField = at(coefField, k);
        const json &row = array(rows[k], rowField);
        if (row.size() != features)
            bad(rowField, "has " + std::to_string(row.size()) + " values, expected " +
                              std::to_string(features) + " (one per feature)");
        for (size_t j = 0; j < features; ++j)
            coef(Eigen::Index(k), Eigen::Index(j)) = boundedWeight(row[j], at(rowField, j));
    }

    const std::string interceptField = join(root, "intercepts");
    const json &intercepts = array(member(c, "intercepts", root), interceptField);
    if (intercepts.size() != problems)
        bad(interceptField, "has " + std::to_string(intercepts.size()) + " values, expected " +
                                std::to_string(problems));
    Eigen::VectorXd b = Eigen::VectorXd::Zero(Eigen::Index(problems));
    for (size_t k = 0; k < problems; ++k)
        b(Eigen::Index(k)) = boundedWeight(intercepts[k], at(interceptField, k));

    const double decay =
        finiteNumber(member(c, "intercept_decay", root), join(root, "intercept_decay"));
    if (decay <= 0.0)
        bad(join(root, "intercept_decay"), "must be > 0");
    const json &sparse = member(c, "sparse_input", root);
    if (!sparse.is_boolean())
        bad(join(root, "sparse_input"), "must be true or false");
    const double expectedDecay = sparse.get<bool>() ? ml::kSparseInterceptDecay : 1.0;
    if (decay != expectedDecay)
        bad(join(root, "intercept_decay"),
            "must be " + json(expectedDecay).dump() + " when sparse_input is " + sparse.dump());

    auto classifier =
        ml::SgdClassifier::fromParts(std::move(classes), std::move(coef), std::move(b), decay);
    if (!classifier)
        bad(root, classifier.error().message);
    return std::move(*classifier);
}

Provenance readProvenance(const json &doc)
{
    const std::string root = "provenance";
    const json &p = member(doc, "provenance", "");
    Provenance out;
    out.datasetFingerprint =
        string(member(p, "dataset_fingerprint", root), join(root, "dataset_fingerprint"));
    out.split = member(p, "split", root);
    out.trainingRows =
        unsignedInteger(member(p, "training_rows", root), join(root, "training_rows"));
    out.epochs = smallInteger(member(p, "epochs", root), join(root, "epochs"), 0);
    out.programVersion = string(member(p, "program_version", root), join(root, "program_version"));
    out.createdAt = string(member(p, "created_at", root), join(root, "created_at"));
    static const std::regex rfc3339(
        R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
    if (!std::regex_match(out.createdAt, rfc3339))
        bad(join(root, "created_at"), "is '" + out.createdAt + "', not an RFC 3339 timestamp");

    const std::string hpRoot = join(root, "hyperparameters");
    const json &hp = member(p, "hyperparameters", root);
    Hyperparameters &h = out.hyperparameters;
    h.alpha = finiteNumber(member(hp, "alpha", hpRoot), join(hpRoot, "alpha"));
    if (h.alpha <= 0.0)
        bad(join(hpRoot, "alpha"), "must be > 0");
    h.maxIter = smallInteger(member(hp, "max_iter", hpRoot), join(hpRoot, "max_iter"), 1);
    h.tol = finiteNumber(member(hp, "tol", hpRoot), join(hpRoot, "tol"));
    if (h.tol < 0.0)
        bad(join(hpRoot, "tol"), "must be >= 0");
    h.nIterNoChange =
        smallInteger(member(hp, "n_iter_no_change", hpRoot), join(hpRoot, "n_iter_no_change"), 1);
    h.seed = unsignedInteger(member(hp, "seed", hpRoot), join(hpRoot, "seed"));

    const std::string metricsField = join(root, "metrics");
    const json &metrics = member(p, "metrics", root);
    if (!metrics.is_object())
        bad(metricsField, "must be a JSON object of name -> number");
    for (const auto &[name, value] : metrics.items())
        out.metrics[name] = finiteNumber(value, join(metricsField, name));
    return out;
}

}  // namespace

Model::Model(std::vector<Field> featureSchema, ml::Preprocessor preprocessor,
             ml::SgdClassifier classifier, Provenance provenance)
    : m_schema(std::move(featureSchema)),
      m_preprocessor(std::move(preprocessor)),
      m_classifier(std::move(classifier)),
      m_provenance(std::move(provenance))
{
}

Expected<std::vector<int64_t>> Model::predict(const Dataset &data) const
{
    if (isEmpty())
        return fail(ErrorCode::InvalidArgument, "the model is empty (not trained or loaded)");
    auto x = m_preprocessor.transform(data);
    if (!x)
        return std::unexpected(x.error());
    return m_classifier.predict(*x);
}

Expected<Eigen::MatrixXd> Model::predictProbabilities(const Dataset &data) const
{
    if (isEmpty())
        return fail(ErrorCode::InvalidArgument, "the model is empty (not trained or loaded)");
    auto x = m_preprocessor.transform(data);
    if (!x)
        return std::unexpected(x.error());
    return m_classifier.predictProba(*x);
}

nlohmann::json Model::toJson() const
{
    json doc = json::object();
    doc["format"] = kFormat;
    doc["format_version"] = kFormatVersion;

    json schema = json::array();
    for (const Field &f : m_schema)
        schema.push_back({{"name", f.name}, {"type", columnTypeName(f.type)}});
    doc["schema"] = std::move(schema);

    json numeric = json::array();
    for (const ml::NumericScaling &s : m_preprocessor.numeric())
        numeric.push_back({{"column", s.column}, {"mean", s.mean}, {"scale", s.scale}});
    json categorical = json::array();
    for (const ml::CategoricalEncoding &e : m_preprocessor.categorical())
        categorical.push_back({{"column", e.column}, {"categories", e.categories}});
    doc["preprocessing"] = {{"numeric", std::move(numeric)},
                            {"categorical", std::move(categorical)}};

    const Eigen::MatrixXd &coef = m_classifier.coefficients();
    json rows = json::array();
    for (Eigen::Index k = 0; k < coef.rows(); ++k) {
        json row = json::array();
        for (Eigen::Index j = 0; j < coef.cols(); ++j)
            row.push_back(coef(k, j));
        rows.push_back(std::move(row));
    }
    json intercepts = json::array();
    for (Eigen::Index k = 0; k < m_classifier.intercepts().size(); ++k)
        intercepts.push_back(m_classifier.intercepts()(k));
    doc["classifier"] = {
        {"kind", "sgd_logistic_ovr"},
        {"classes", m_classifier.classes()},
        {"feature_names", m_preprocessor.featureNames()},
        {"coefficients", std::move(rows)},
        {"intercepts", std::move(intercepts)},
        {"intercept_decay", m_classifier.interceptDecay()},
        {"sparse_input", m_classifier.interceptDecay() == ml::kSparseInterceptDecay},
    };

    const Hyperparameters &h = m_provenance.hyperparameters;
    json metrics = json::object();
    for (const auto &[name, value] : m_provenance.metrics)
        metrics[name] = value;
    doc["provenance"] = {
        {"dataset_fingerprint", m_provenance.datasetFingerprint},
        {"split", m_provenance.split},
        {"hyperparameters",
         {{"alpha", h.alpha},
          {"max_iter", h.maxIter},
          {"tol", h.tol},
          {"n_iter_no_change", h.nIterNoChange},
          {"seed", h.seed}}},
        {"metrics", std::move(metrics)},
        {"epochs", m_provenance.epochs},
        {"training_rows", m_provenance.trainingRows},
        {"program_version", m_provenance.programVersion},
        {"created_at", m_provenance.createdAt},
    };
    return doc;
}

Expected<Model> Model::fromJson(const nlohmann::json &doc, std::string_view origin)
{
    try {
        if (!doc.is_object())
            return fail(ErrorCode::Corrupt,
                        std::string(origin) + ": not a covertype model (expected a JSON object)");
        const auto format = doc.find("format");
        if (format == doc.end() || !format->is_string() || *format != kFormat)
            return fail(ErrorCode::Corrupt,
                        std::string(origin) + ": not a covertype model (field 'format' must be '" +
                            std::string(kFormat) + "')");
        const int64_t version = integer(member(doc, "format_version", ""), "format_version", 1);
        if (version > kFormatVersion)
            return fail(ErrorCode::UnsupportedVersion,
                        std::string(origin) + ": field 'format_version' is " +
                            std::to_string(version) + ", newer than this program reads (" +
                            std::to_string(kFormatVersion) + "); update Covertype Workbench");
        std::vector<Field> schema = readSchema(doc);
        ml::Preprocessor pre = readPreprocessing(doc, schema);
        ml::SgdClassifier classifier = readClassifier(doc, pre);
        Provenance provenance = readProvenance(doc);
        return Model(std::move(schema), std::move(pre), std::move(classifier),
                     std::move(provenance));
    } catch (const BadField &e) {
        return fail(e.code, describeError(origin, e));
    } catch (const std::exception &e) {
        return fail(ErrorCode::Corrupt, std::string(origin) + ": invalid model: " + e.what());
    }
}

Expected<void> Model::save(const std::string &path) const
{
    if (isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    "cannot save an empty model (not trained or loaded) to " + path);
    std::string text;
    try {
        text = toJson().dump(2) + "\n";
    } catch (const nlohmann::json::exception &e) {
        return fail(ErrorCode::InvalidArgument,
                    "cannot save the model to " + path + ": " + e.what());
    }
    return writeFileAtomically(path, text);
}

Expected<Model> Model::load(const std::string &path)
{
    auto read = readWholeFile(path);
    if (!read)
        return std::unexpected(read.error());
    const std::string text = std::move(*read);
    // A model is three levels deep; a file of brackets would cost memory per level.
    constexpr int kMaxDepth = 32;
    if (nestingDepth(text, kMaxDepth) > kMaxDepth)
        return fail(ErrorCode::Corrupt, cat(path, ": not a model file: its JSON nests deeper than ",
                                            kMaxDepth, " levels"));
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception &e) {
        return fail(ErrorCode::Corrupt,
                    path + ": not valid JSON (truncated or damaged model file?): " + e.what());
    }
    return fromJson(doc, path);
}

std::string utcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

}  // namespace covertype
