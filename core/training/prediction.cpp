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

/// A double the way nlohmann::json::dump writes it: shortest round-trip digits, fixed notation
/// for decimal exponents -4..15 (with ".0" on whole numbers), otherwise d.ddde+XX.
void appendJsonDouble(std::string &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char sci[40];
    const char *end =
        std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific).ptr;
    const char *p = sci;
    char buf[48];
    char *o = buf;
    if (*p == '-') {
        *o++ = '-';
        ++p;
    }
    char digits[24];
    int len = 0;
    for (; p < end && *p != 'e'; ++p)
        if (*p != '.')
            digits[len++] = *p;
    int exponent = 0;
    ++p;  // 'e'
    const bool negativeExponent = *p == '-';
    for (++p; p < end; ++p)
        exponent = exponent * 10 + (*p - '0');
    if (negativeExponent)
        exponent = -exponent;
    const int n = exponent + 1;  // the decimal point goes after the first n digits
    if (len <= n && n <= 15) {
        o = std::copy(digits, digits + len, o);
        o = std::fill_n(o, n - len, '0');
        *o++ = '.';
        *o++ = '0';
    } else if (0 < n && n <= 15) {
        o = std::copy(digits, digits + n, o);
        *o++ = '.';
        o = std::copy(digits + n, digits + len, o);
    } else if (-4 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        o = std::fill_n(o, -n, '0');
        o = std::copy(digits, digits + len, o);
    } else {
        *o++ = digits[0];
        if (len > 1) {
            *o++ = '.';
            o = std::copy(digits + 1, digits + len, o);
        }
        const int k = n - 1;
        *o++ = 'e';
        *o++ = k < 0 ? '-' : '+';
        const int magnitude = k < 0 ? -k : k;
        if (magnitude < 10)
            *o++ = '0';
        o = std::to_chars(o, buf + sizeof buf, magnitude).ptr;
    }
    out.append(buf, size_t(o - buf));
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
