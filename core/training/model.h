// The trained model artifact: fitted preprocessing + classifier + provenance, saved as model.json.
#pragma once

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "data/dataset.h"
#include "ml/features.h"
#include "ml/sgdclassifier.h"

namespace covertype {

/// Hyperparameters the classifier was trained with (SGDClassifier names in model.json).
struct Hyperparameters
{
    double alpha = 0.0001;
    int maxIter = 1000;
    double tol = 1e-3;
    int nIterNoChange = 5;
    uint64_t seed = 0;
    bool operator==(const Hyperparameters &) const = default;
};

/// Where a model came from. The trainer fills fingerprint, hyperparameters, epochs and rows;
/// the caller adds split and metrics.
struct Provenance
{
    std::string datasetFingerprint;  ///< Dataset::fingerprint() of the training rows
    nlohmann::json split = nlohmann::json::object();  ///< e.g. the split spec; any JSON value
    Hyperparameters hyperparameters;
    std::map<std::string, double> metrics;  ///< name -> finite value, e.g. "accuracy"
    int epochs = 0;
    uint64_t trainingRows = 0;
    std::string programVersion;  ///< kProgramVersion of the program that trained it
    std::string createdAt;       ///< UTC, RFC 3339 ("2024-05-01T12:00:00Z")
};

/// A fitted Covertype classifier. Empty when default-constructed (isEmpty()).
class Model
{
public:
    static constexpr std::string_view kFormat = "covertype-model";
    static constexpr int kFormatVersion = 1;

    Model() = default;
    /// `featureSchema` lists the feature columns (name + type at training time), numeric columns
    /// of `preprocessor` first, then categorical ones, in the same order.
    Model(std::vector<Field> featureSchema, ml::Preprocessor preprocessor,
          ml::SgdClassifier classifier, Provenance provenance);

    [[nodiscard]] bool isEmpty() const { return m_schema.empty(); }
    [[nodiscard]] const std::vector<Field> &featureSchema() const { return m_schema; }
    [[nodiscard]] const ml::Preprocessor &preprocessor() const { return m_preprocessor; }
    [[nodiscard]] const ml::SgdClassifier &classifier() const { return m_classifier; }
    [[nodiscard]] const std::vector<int64_t> &classes() const { return m_classifier.classes(); }
    [[nodiscard]] const Provenance &provenance() const { return m_provenance; }
    void setSplit(nlohmann::json split) { m_provenance.split = std::move(split); }
    void setMetric(const std::string &name, double value) { m_provenance.metrics[name] = value; }

    /// Predicted Cover_Type per row. `data` needs the 12 feature columns (found by name, any
    /// order, extra columns ignored); unseen categories count as no category. ErrorCode::Schema
    /// for a missing or non-numeric numeric column or a NULL numeric cell.
    [[nodiscard]] Expected<std::vector<int64_t>> predict(const Dataset &data) const;
    /// rows x classes().size(); column k is the probability of classes()[k]; rows sum to 1.
    [[nodiscard]] Expected<Eigen::MatrixXd> predictProbabilities(const Dataset &data) const;

    /// The model.json document (docs/model-format.md).
    [[nodiscard]] nlohmann::json toJson() const;
    /// Validates and reads a model.json document. `origin` names it in messages (a path).
    /// ErrorCode::Corrupt names the offending field; ErrorCode::UnsupportedVersion for a
    /// format_version newer than kFormatVersion.
    [[nodiscard]] static Expected<Model> fromJson(const nlohmann::json &document,
                                                  std::string_view origin = "model.json");

    /// Writes model.json atomically (pretty-printed).
    [[nodiscard]] Expected<void> save(const std::string &path) const;
    /// Reads and validates a model.json file (Io, Corrupt, UnsupportedVersion errors).
    [[nodiscard]] static Expected<Model> load(const std::string &path);

private:
    std::vector<Field> m_schema;
    ml::Preprocessor m_preprocessor;
    ml::SgdClassifier m_classifier;
    Provenance m_provenance;
};

/// Current UTC time in RFC 3339 form with seconds ("2024-05-01T12:00:00Z").
[[nodiscard]] std::string utcTimestamp();

}  // namespace covertype
