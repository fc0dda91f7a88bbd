#!/usr/bin/python3
"""Whole-process training benchmark: `covertype train` against the course's scikit-learn trainer
(bench/course_train.py) with the same arguments on the same CSVs, run alternately.

    /usr/bin/python3 bench/bench_train.py COVERTYPE SPLIT_DIR [--rounds N] [--alpha A] [--max_iter M]

SPLIT_DIR holds datasets/{training,validation}/data.csv (covertype split --out). Prints one JSON
object with the median wall times, their ratio and both validation accuracies.
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


def read_metric(path):
    with open(path) as f:
        return float(json.loads(f.read().splitlines()[-1])["accuracy"])


def timed(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("covertype")
    p.add_argument("split_dir")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--alpha", default="0.0001")
    p.add_argument("--max_iter", default="1000")
    p.add_argument("--hptune", default="True")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="bench-train-")
    train = os.path.join(a.split_dir, "datasets/training/data.csv")
    valid = os.path.join(a.split_dir, "datasets/validation/data.csv")
    common = ["--job_dir", os.path.join(work, "job"), "--training_dataset_path", train,
              "--validation_dataset_path", valid, "--alpha=" + a.alpha, "--max_iter", a.max_iter,
              "--hptune", a.hptune]
    ours = [a.covertype, "train"] + common
    theirs = ["/usr/bin/python3", os.path.join(HERE, "course_train.py")] + common
    env_ours = dict(os.environ, CLOUD_ML_HP_METRIC_FILE=os.path.join(work, "ours.metrics"))
    env_theirs = dict(os.environ, CLOUD_ML_HP_METRIC_FILE=os.path.join(work, "theirs.metrics"))

    times_ours, times_theirs, acc_ours, acc_theirs = [], [], [], []
    timed(ours, env_ours)  # warm the page cache for both
    timed(theirs, env_theirs)
    for _ in range(a.rounds):
        times_ours.append(timed(ours, env_ours))
        if a.hptune == "True":
            acc_ours.append(read_metric(env_ours["CLOUD_ML_HP_METRIC_FILE"]))
        times_theirs.append(timed(theirs, env_theirs))
        if a.hptune == "True":
            acc_theirs.append(read_metric(env_theirs["CLOUD_ML_HP_METRIC_FILE"]))
    result = {
        "hptune": a.hptune, "alpha": float(a.alpha), "max_iter": int(a.max_iter), "rounds": a.rounds,
        "covertype_median_s": round(statistics.median(times_ours), 4),
        "sklearn_median_s": round(statistics.median(times_theirs), 4),
        "speedup": round(statistics.median(times_theirs) / statistics.median(times_ours), 2),
    }
    if acc_ours:
        result["covertype_accuracy_mean"] = round(statistics.mean(acc_ours), 4)
        result["sklearn_accuracy_mean"] = round(statistics.mean(acc_theirs), 4)
        result["sklearn_accuracy_range"] = [round(min(acc_theirs), 4), round(max(acc_theirs), 4)]
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
