// Prediction request parsing and response building. Request bodies are read by a direct scanner
// (requestscanner.h) into the feature columns; anything it does not accept as a valid request
// goes through the JSON tree and instancesToDataset, so every error message is theirs.
#include "training/prediction.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "base/text.h"
#include "data/instances.h"
#include "deploy/requestscanner.h"

namespace covertype {

namespace {

/// A double exactly as nlohmann::json::dump writes it: null when not finite, else through the
/// formatter dump() itself calls (Grisu2 digits; fixed notation for decimal exponents -4..15,
/// with ".0" on whole numbers; else d.ddde+XX). std::to_chars's shortest digits are the same
/// double but not always the same text (3.964357279998089e-20 against 3.9643572799980893e-20).
void appendJsonDouble(std::string &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buf[64];
    out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, value));
}

void appendInteger(std::string &out, int64_t value)
{
    char buf[24];
    out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, value).ptr - buf));
}

/// Labels, and probabilities when asked for, from one pass of the preprocessor.
struct Scores
{
    std::vector<int64_t> labels;
    Eigen::MatrixXd probabilities;
};

Expected<Scores> score(const Model &model, const PredictionRequest &request)
{
    if (model.isEmpty())
        return fail(ErrorCode::InvalidArgument, "the model is empty (not trained or loaded)");
    auto x = model.preprocessor().transform(request.instances);
    if (!x)
        return std::unexpected(x.error());
    Scores s;
    s.labels = model.classifier().predict(*x);
    if (request.probabilities)
        s.probabilities = model.classifier().predictProba(*x);
    return s;
}

}  // namespace

Expected<PredictionRequest> parsePredictionRequest(const nlohmann::json &document)
{
    if (!document.is_object())
        return fail(
            ErrorCode::InvalidArgument,
            std::string("the request body must be a JSON object, found ") + document.type_name());
    const auto instances = document.find("instances");
    if (instances == document.end())
        return fail(ErrorCode::InvalidArgument, "the request body has no \"instances\" field");
    if (!instances->is_array())
        return fail(ErrorCode::InvalidArgument,
                    std::string("\"instances\" must be an array, found ") + instances->type_name());
    PredictionRequest request;
    if (const auto parameters = document.find("parameters"); parameters != document.end()) {
        if (!parameters->is_object())
            return fail(
                ErrorCode::InvalidArgument,
                std::string("\"parameters\" must be an object, found ") + parameters->type_name());
        if (const auto p = parameters->find("probabilities"); p != parameters->end()) {
            if (!p->is_boolean())
                return fail(ErrorCode::InvalidArgument,
                            std::string("\"parameters.probabilities\" must be true or false, "
                                        "found ") +
                                p->type_name());
            request.probabilities = p->get<bool>();
        }
    }
    auto data = instancesToDataset(*instances, "instances");
    if (!data)  // a bad instance in a request body is a bad argument (prediction.h)
        return fail(ErrorCode::InvalidArgument, data.error().message);
    request.instances = std::move(*data);
    return request;
}

Expected<PredictionRequest> parsePredictionRequest(std::string_view body)
{
    PredictionRequest request;
    switch (scanPredictionRequest(body, request.instances, request.probabilities)) {
        case RequestScan::Ok:
            return request;
        case RequestScan::TooDeep:
            return fail(ErrorCode::InvalidArgument,
                        cat("the request body nests deeper than ", kMaxRequestDepth, " levels"));
        case RequestScan::Fallback:
            break;
    }
    if (nestingDepth(body, kMaxRequestDepth) > kMaxRequestDepth)
        return fail(ErrorCode::InvalidArgument,
                    cat("the request body nests deeper than ", kMaxRequestDepth, " levels"));
    nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
    if (document.is_discarded()) {
        // Parse again with exceptions on, only to get the position for the message. Numbers
        // out of the double range are reported as out_of_range, not parse_error.
        try {
            document = nlohmann::json::parse(body);
        } catch (const nlohmann::json::parse_error &e) {
            return fail(ErrorCode::InvalidArgument,
                        "malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
        } catch (const nlohmann::json::exception &e) {
            return fail(ErrorCode::InvalidArgument, std::string("malformed JSON: ") + e.what());
        }
        return fail(ErrorCode::InvalidArgument, "malformed JSON");
    }
    return parsePredictionRequest(document);
}

Expected<nlohmann::json> predictionResponse(const Model &model, const PredictionRequest &request)
{
    auto scores = score(model, request);
    if (!scores)
        return std::unexpected(scores.error());
    nlohmann::json predictions = nlohmann::json::array();
    if (!request.probabilities) {
        for (int64_t label : scores->labels)
            predictions.push_back(label);
        return nlohmann::json{{"predictions", std::move(predictions)}};
    }
    const auto &classes = model.classes();
    for (size_t i = 0; i < scores->labels.size(); ++i) {
        nlohmann::json p = nlohmann::json::object();
        for (size_t k = 0; k < classes.size(); ++k)
            p[std::to_string(classes[k])] = scores->probabilities(Eigen::Index(i), Eigen::Index(k));
        predictions.push_back({{"label", scores->labels[i]}, {"probabilities", std::move(p)}});
    }
    return nlohmann::json{{"predictions", std::move(predictions)}};
}

Expected<std::string> predictionResponseText(const Model &model, const PredictionRequest &request)
{
    auto scores = score(model, request);
    if (!scores)
        return std::unexpected(scores.error());
    std::string out = "{\"predictions\":[";
    if (!request.probabilities) {
        out.reserve(out.size() + scores->labels.size() * 3 + 2);
        for (size_t i = 0; i < scores->labels.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            appendInteger(out, scores->labels[i]);
        }
        out += "]}";
        return out;
    }
    // Keys in the order a JSON object (a sorted map) writes them: "10" before "2".
    const auto &classes = model.classes();
    std::vector<std::pair<std::string, size_t>> keys;
    for (size_t k = 0; k < classes.size(); ++k)
        keys.emplace_back(cat("\"", classes[k], "\":"), k);
    std::sort(keys.begin(), keys.end());
    out.reserve(out.size() + scores->labels.size() * (40 + classes.size() * 28));
    for (size_t i = 0; i < scores->labels.size(); ++i) {
        out += i > 0 ? ",{\"label\":" : "{\"label\":";
        appendInteger(out, scores->labels[i]);
        out += ",\"probabilities\":{";
        for (size_t j = 0; j < keys.size(); ++j) {
            if (j > 0)
                out.push_back(',');
            out += keys[j].first;
            appendJsonDouble(out,
                             scores->probabilities(Eigen::Index(i), Eigen::Index(keys[j].second)));
        }
        out += "}}";
    }
    out += "]}";
    return out;
}

}  // namespace covertype
