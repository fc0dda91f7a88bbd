#!/usr/bin/python3
"""Bayesian optimisation against random search on the real trainer: over N seeds, the course
config (6 trials, 3 parallel) with algorithm ALGORITHM_UNSPECIFIED (Bayesian) and RANDOM_SEARCH,
on the course split; prints the mean best-of-6 validation accuracy of each.

    /usr/bin/python3 bench/bench_search_quality.py COVERTYPE DATA.csv [--seeds 20]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CONFIG = """trainingInput:
  hyperparameters:
    goal: MAXIMIZE
    maxTrials: 6
    maxParallelTrials: 3
    hyperparameterMetricTag: accuracy
    enableTrialEarlyStopping: {stopping}
    algorithm: {algorithm}
    params:
    - parameterName: max_iter
      type: DISCRETE
      discreteValues: [500, 1000]
    - parameterName: alpha
      type: DOUBLE
      minValue: 0.0001
      maxValue: 0.001
      scaleType: UNIT_LINEAR_SCALE
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("covertype")
    p.add_argument("data")
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--early-stopping", default="True")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="bench-search-")
    store = os.path.join(work, "runs.sqlite")
    result = {"seeds": a.seeds, "early_stopping": a.early_stopping}
    bests = {}
    for algorithm in ("ALGORITHM_UNSPECIFIED", "RANDOM_SEARCH"):
        config = os.path.join(work, algorithm + ".yaml")
        with open(config, "w") as f:
            f.write(CONFIG.format(algorithm=algorithm, stopping=a.early_stopping))
        best = []
        for seed in range(a.seeds):
            out = subprocess.run([a.covertype, "tune", "--config", config, "--data", a.data,
                                  "--store", store, "--seed", str(seed), "--json"],
                                 check=True, capture_output=True, text=True).stdout
            best.append(json.loads(out)["best_trial"]["metric_value"])
        name = "bayesian" if algorithm == "ALGORITHM_UNSPECIFIED" else "random"
        bests[name] = best
        result[name + "_mean_best"] = round(statistics.mean(best), 5)
        result[name + "_min_best"] = round(min(best), 5)
    result["bayesian_minus_random"] = round(result["bayesian_mean_best"] - result["random_mean_best"], 5)
    # Both runs of a seed share the trainer's per-trial seeds, so the seeds pair up: the standard
    # error of the mean paired difference says how much of the difference is noise.
    diffs = [b - r for b, r in zip(bests["bayesian"], bests["random"])]
    if len(diffs) > 1:
        result["paired_difference_se"] = round(statistics.stdev(diffs) / len(diffs) ** 0.5, 5)
    result["bayesian_wins_ties_losses"] = [sum(d > 0 for d in diffs), sum(d == 0 for d in diffs),
                                           sum(d < 0 for d in diffs)]
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
