#!/usr/bin/python3
"""Tuning benchmark: `covertype tune` with the course config (6 trials, 3 parallel), whole
process, against the equivalent scikit-learn loop (bench/sklearn_tune.py) with the same trial
values, run alternately; and the whole `covertype pipeline run`.

    /usr/bin/python3 bench/bench_tune.py COVERTYPE DATA.csv CONFIG.yaml [--rounds N] [--pipeline]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("covertype")
    p.add_argument("data")
    p.add_argument("config")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--pipeline", action="store_true")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="bench-tune-")
    store = os.path.join(work, "runs.sqlite")
    split = os.path.join(work, "split")
    subprocess.run([a.covertype, "split", "--data", a.data, "--out", split], check=True,
                   stdout=subprocess.DEVNULL)
    train = os.path.join(split, "datasets/training/data.csv")
    valid = os.path.join(split, "datasets/validation/data.csv")
    tune = [a.covertype, "tune", "--config", a.config, "--data", a.data, "--store", store, "--json"]
    ours, theirs, best_ours, best_theirs = [], [], [], []
    for _ in range(a.rounds):
        start = time.perf_counter()
        out = subprocess.run(tune, check=True, capture_output=True, text=True).stdout
        ours.append(time.perf_counter() - start)
        summary = json.loads(out)
        best_ours.append(summary["best_trial"]["metric_value"])
        trials = [t["parameters"] for t in summary["trials"]]
        trials_json = os.path.join(work, "trials.json")
        with open(trials_json, "w") as f:
            json.dump(trials, f)
        start = time.perf_counter()
        out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "sklearn_tune.py"), train, valid,
                              trials_json], check=True, capture_output=True, text=True).stdout
        theirs.append(time.perf_counter() - start)
        best_theirs.append(json.loads(out)["best_accuracy"])
    result = {"data": os.path.basename(a.data), "rounds": a.rounds,
              "covertype_tune_median_s": round(statistics.median(ours), 3),
              "sklearn_loop_median_s": round(statistics.median(theirs), 3),
              "speedup": round(statistics.median(theirs) / statistics.median(ours), 1),
              "covertype_best_accuracy": round(statistics.mean(best_ours), 4),
              "sklearn_best_accuracy": round(statistics.mean(best_theirs), 4)}
    if a.pipeline:
        times = []
        for _ in range(a.rounds):
            start = time.perf_counter()
            subprocess.run([a.covertype, "pipeline", "run", "--data", a.data, "--config", a.config,
                            "--metric", "accuracy", "--threshold", "0.69", "--store", store,
                            "--json"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        result["pipeline_median_s"] = round(statistics.median(times), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
