#!/usr/bin/python3
"""Accuracy parity: validation accuracy of `covertype train --hptune True` against scikit-learn's
course pipeline (bench/train_parity.py) for the same alpha / max_iter, over several seeds.

    /usr/bin/python3 bench/bench_parity.py COVERTYPE SPLIT_DIR [--seeds N]

Prints one JSON line per configuration: both means, their difference, and the ranges.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("covertype")
    p.add_argument("split_dir")
    p.add_argument("--seeds", type=int, default=5)
    a = p.parse_args()
    train = os.path.join(a.split_dir, "datasets/training/data.csv")
    valid = os.path.join(a.split_dir, "datasets/validation/data.csv")
    metrics = os.path.join(tempfile.mkdtemp(prefix="bench-parity-"), "output.metrics")
    env = dict(os.environ, CLOUD_ML_HP_METRIC_FILE=metrics)
    for alpha in ("0.0001", "0.0003", "0.001"):
        for max_iter in ("500", "1000"):
            ours, theirs = [], []
            for seed in range(a.seeds):
                subprocess.run([a.covertype, "train", "--job_dir", os.path.dirname(metrics),
                                "--training_dataset_path", train, "--validation_dataset_path", valid,
                                "--alpha", alpha, "--max_iter", max_iter, "--hptune", "True",
                                "--seed", str(seed)], env=env, check=True, stdout=subprocess.DEVNULL)
                with open(metrics) as f:
                    ours.append(float(json.loads(f.read().splitlines()[-1])["accuracy"]))
                out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "train_parity.py"), train,
                                      valid, "--alpha", alpha, "--max_iter", max_iter, "--seed",
                                      str(seed)], check=True, capture_output=True, text=True).stdout
                theirs.append(json.loads(out)["accuracy"])
            print(json.dumps({
                "alpha": float(alpha), "max_iter": int(max_iter), "seeds": a.seeds,
                "covertype_mean": round(statistics.mean(ours), 4),
                "sklearn_mean": round(statistics.mean(theirs), 4),
                "difference": round(statistics.mean(ours) - statistics.mean(theirs), 4),
                "covertype_range": [round(min(ours), 4), round(max(ours), 4)],
                "sklearn_range": [round(min(theirs), 4), round(max(theirs), 4)],
            }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
