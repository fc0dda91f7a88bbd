// Tests for covertype::serving::ServingMetrics: counting from many threads, histogram buckets,
// and the Prometheus text exposition.
#include <QTest>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "serving/servingmetrics.h"

using namespace covertype::serving;
using namespace std::chrono_literals;

class TestServingMetrics : public QObject
{
    Q_OBJECT

private slots:
    void countsFromManyThreads()
    {
        ServingMetrics metrics;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&metrics, t] {
                for (int i = 0; i < 5000; ++i) {
                    metrics.recordRequest(t % 2 ? "predict" : "healthz", i % 10 ? 200 : 400,
                                          std::chrono::microseconds(i % 300));
                    metrics.addInstances(2);
                }
            });
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(metrics.totalRequests(), uint64_t(20000));
        QCOMPARE(metrics.requests("predict", 200), uint64_t(9000));
        QCOMPARE(metrics.requests("predict", 400), uint64_t(1000));
        QCOMPARE(metrics.requests("healthz", 200), uint64_t(9000));
        QCOMPARE(metrics.requests("healthz", 404), uint64_t(0));
        QCOMPARE(metrics.requests("metrics", 200), uint64_t(0));
        QCOMPARE(metrics.instancesPredicted(), uint64_t(40000));
    }

    void histogramIsCumulative()
    {
        ServingMetrics metrics;
        metrics.recordRequest("predict", 200, 50us);    // <= 0.1 ms
        metrics.recordRequest("predict", 200, 100us);   // on the bound: still <= 0.1 ms
        metrics.recordRequest("predict", 200, 101us);   // <= 0.25 ms
        metrics.recordRequest("predict", 200, 3ms);     // <= 5 ms
        metrics.recordRequest("predict", 200, 1000ms);  // +Inf only
        const QString text = QString::fromStdString(metrics.prometheusText());
        for (const char *line : {"covertype_request_duration_seconds_bucket{le=\"0.0001\"} 2\n",
                                 "covertype_request_duration_seconds_bucket{le=\"0.00025\"} 3\n",
                                 "covertype_request_duration_seconds_bucket{le=\"0.0025\"} 3\n",
                                 "covertype_request_duration_seconds_bucket{le=\"0.005\"} 4\n",
                                 "covertype_request_duration_seconds_bucket{le=\"0.25\"} 4\n",
                                 "covertype_request_duration_seconds_bucket{le=\"+Inf\"} 5\n",
                                 "covertype_request_duration_seconds_count 5\n",
                                 "covertype_request_duration_seconds_sum 1.003251\n"})
            QVERIFY2(text.contains(QLatin1String(line)), qPrintable(line + text));
    }

    void exposition()
    {
        ServingMetrics metrics;
        metrics.setServedModels({{"covertype_classifier", "v1", false},
                                 {"covertype_classifier", "v2", true},
                                 {"odd\"name", "v1", true}});
        metrics.recordRequest("predict", 200, 1ms);
        metrics.recordRequest("predict", 404, 1ms);
        metrics.addInstances(3);
        metrics.recordModelSwap();
        const std::string text = metrics.prometheusText();
        for (const char *line :
             {"# TYPE covertype_requests_total counter\n",
              "covertype_requests_total{route=\"predict\",code=\"200\"} 1\n",
              "covertype_requests_total{route=\"predict\",code=\"404\"} 1\n",
              "covertype_instances_predicted_total 3\n",
              "covertype_model_info{model=\"covertype_classifier\",version=\"v2\",default=\"true\"}"
              " 1\n",
              "covertype_model_info{model=\"covertype_classifier\",version=\"v1\",default="
              "\"false\"} 1\n",
              "covertype_model_info{model=\"odd\\\"name\",version=\"v1\",default=\"true\"} 1\n",
              "covertype_model_swaps_total 1\n", "covertype_model_load_failures_total 0\n"})
            QVERIFY2(text.find(line) != std::string::npos, line);
        // Every sample line belongs to a declared metric family.
        size_t pos = 0;
        while (pos < text.size()) {
            const size_t end = text.find('\n', pos);
            QVERIFY(end != std::string::npos);  // ends with a newline
            const std::string line = text.substr(pos, end - pos);
            pos = end + 1;
            if (line.starts_with('#'))
                continue;
            const std::string name = line.substr(0, line.find_first_of("{ "));
            bool declared = text.find("# TYPE " + name + " ") != std::string::npos;
            for (const std::string suffix : {"_bucket", "_sum", "_count"})
                if (name.ends_with(suffix))
                    declared = declared ||
                               text.find("# TYPE " + name.substr(0, name.size() - suffix.size()) +
                                         " histogram") != std::string::npos;
            QVERIFY2(declared, line.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestServingMetrics)
#include "tst_servingmetrics.moc"
