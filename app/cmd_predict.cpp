// covertype predict: Cover_Type for gcloud-style JSON instances (with a local model or a running
// server) or for a whole CSV file (batch prediction).
#include <QUrl>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "base/text.h"
#include "batchpredict.h"
#include "cliutil.h"
#include "commands.h"
#include "data/instances.h"
#include "files/fileinput.h"
#include "http/httpclient.h"
#include "training/model.h"
#include "training/prediction.h"

namespace covertype::cli {

namespace {

constexpr const char *kDefaultPredictPath = "/v1/models/covertype_classifier:predict";

/// --endpoint as a full predict URL: a bare http://host:port gets the default model's route.
Expected<std::string> predictUrl(const std::string &endpoint)
{
    QUrl url(QString::fromStdString(endpoint), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
        url.host().isEmpty())
        return fail(ErrorCode::Usage,
                    cat("covertype predict: --endpoint '", endpoint,
                        "' is not an http:// or https:// URL (e.g. http://127.0.0.1:8080 or "
                        "http://host/v1/models/NAME:predict)"));
    if (url.path().isEmpty() || url.path() == "/")
        url.setPath(QString::fromLatin1(kDefaultPredictPath));
    return url.toString().toStdString();
}

int predictWithEndpoint(const CommandLine &cmd)
{
    auto url = predictUrl(cmd.value("endpoint"));
    if (!url)
        return reportError(url.error());
    auto instancesPath = cmd.required("json_instances");
    if (!instancesPath)
        return reportError(instancesPath.error());
    auto timeout = cmd.number("timeout", 60);
    if (!timeout)
        return reportError(timeout.error());
    if (*timeout <= 0)
        return reportError({ErrorCode::Usage, "covertype predict: --timeout must be positive"});
    auto instances = readInstanceValues(*instancesPath);
    if (!instances)
        return reportError(instances.error());
    nlohmann::json body = {{"instances", std::move(*instances)}};
    if (cmd.has("probabilities"))
        body["parameters"] = {{"probabilities", true}};

    cloud::HttpClient::Options options;
    options.bearerToken = cmd.has("token") ? cmd.value("token")
                                           : qEnvironmentVariable("COVERTYPE_TOKEN").toStdString();
    options.timeoutMs = int(*timeout * 1000);
    const cloud::HttpClient client(options);
    auto reply = client.postJson(*url, body);
    if (!reply)
        return reportError(reply.error());
    if (!reply->succeeded())
        return reportError({ErrorCode::Unavailable, cat(*url, ": HTTP ", reply->status, ": ",
                                                        cloud::errorMessage(*reply))});
    auto doc = cloud::jsonBody(*reply, *url);
    if (!doc)
        return reportError(doc.error());
    std::printf("%s\n", doc->dump().c_str());
    return kExitOk;
}

int predictInstances(const Model &model, const CommandLine &cmd)
{
    auto instances = readJsonInstancesFile(cmd.value("json_instances"));
    if (!instances)
        return reportError(instances.error());
    PredictionRequest request;
    request.instances = std::move(*instances);
    request.probabilities = cmd.has("probabilities");
    auto response = predictionResponse(model, request);
    if (!response)
        return reportError(response.error());
    std::printf("%s\n", response->dump().c_str());
    return kExitOk;
}

int predictCsv(const Model &model, const CommandLine &cmd)
{
    auto out = cmd.required("out");
    if (!out)
        return reportError(out.error());
    BatchPredictOptions options;
    options.probabilities = cmd.has("probabilities");
    auto chunk = cmd.integer("chunk_bytes", int64_t(options.chunkBytes));
    if (!chunk)
        return reportError(chunk.error());
    if (*chunk < 1)
        return reportError(
            {ErrorCode::Usage, "covertype predict: --chunk-bytes must be at least 1"});
    options.chunkBytes = size_t(*chunk);
    auto summary = predictCsvFile(model, cmd.value("data"), *out, options);
    if (!summary)
        return reportError(summary.error());
    std::printf("wrote %llu predictions to %s\n", static_cast<unsigned long long>(summary->rows),
                out->c_str());
    return kExitOk;
}

}  // namespace

int runPredict(const Args &args)
{
    CommandLine cmd(
        "predict",
        "--model FILE --json-instances FILE [--probabilities]\n"
        "       covertype predict --model FILE --data FILE.csv --out FILE.csv [--probabilities]\n"
        "       covertype predict --endpoint URL --json-instances FILE [--token T] "
        "[--probabilities]",
        "Predicts Cover_Type.\n"
        "  --json-instances: a gcloud --json-instances file (one JSON instance per line: a list "
        "of\n"
        "    the 12 feature values in table order, or an object keyed by column name); prints\n"
        "    {\"predictions\": [...]}, from --model locally or from a running server "
        "(--endpoint).\n"
        "  --data/--out: batch prediction over a CSV file of any size, streamed in chunks; the\n"
        "    output is every input row plus predicted_Cover_Type (and probability_<class> with\n"
        "    --probabilities), written only when every row is done.\n"
        "--endpoint takes the full predict URL (http://host:port/v1/models/NAME:predict, or a\n"
        "Vertex AI ...:predict URL); a bare http://host:port means\n"
        "/v1/models/covertype_classifier:predict. An error reply prints the server's message\n"
        "and exits 1.",
        {{"model", "FILE", "model.json written by covertype train"},
         {"json-instances", "FILE", "instances, one JSON value per line"},
         {"data", "FILE", "batch prediction: lab-schema CSV with a header"},
         {"out", "FILE", "batch prediction: the CSV to write"},
         {"chunk-bytes", "N", "batch prediction: input bytes per chunk (default 4194304)"},
         {"endpoint", "URL", "query a running server instead of a local model"},
         {"token", "T", "bearer token for --endpoint (default: $COVERTYPE_TOKEN)"},
         {"timeout", "S", "seconds to wait for --endpoint (default 60)"},
         {"probabilities", "", "each prediction as {\"label\", \"probabilities\"}"}});
    if (const int rc = parseOrExit(cmd, args); rc >= 0)
        return rc;
    const auto usage = [](const char *text) {
        return reportError({ErrorCode::Usage,
                            cat("covertype predict: ", text, " (see covertype predict --help)")});
    };
    const bool endpoint = cmd.has("endpoint");
    const bool instances = cmd.has("json_instances");
    const bool csv = cmd.has("data");
    if (endpoint == cmd.has("model"))
        return usage("give either --model FILE or --endpoint URL");
    if (instances == csv)
        return usage("give either --json-instances FILE or --data FILE.csv --out FILE.csv");
    if (endpoint && csv)
        return usage("--endpoint takes --json-instances, not --data");
    if (csv && !cmd.has("out"))
        return usage("--data needs --out FILE.csv");
    if (!csv && (cmd.has("out") || cmd.has("chunk_bytes")))
        return usage("--out and --chunk-bytes go with --data");
    if (!endpoint && (cmd.has("token") || cmd.has("timeout")))
        return usage("--token and --timeout go with --endpoint");
    if (endpoint)
        return predictWithEndpoint(cmd);

    auto model = loadModelFile(cmd.value("model"));
    if (!model)
        return reportError(model.error());
    return csv ? predictCsv(*model, cmd) : predictInstances(*model, cmd);
}

}  // namespace covertype::cli
