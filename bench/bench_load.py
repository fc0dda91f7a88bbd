#!/usr/bin/python3
"""Load benchmark: covertype's loader (bench_load) against pandas.read_csv on the same file,
in-process times (best and median of N), plus covertype's memory against its columnar size.

    /usr/bin/python3 bench/bench_load.py BENCH_LOAD_BINARY FILE.csv [--repeats N]
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bench_load")
    p.add_argument("csv")
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()

    import pandas as pd
    pd.read_csv(a.csv)  # warm the page cache
    ours = json.loads(subprocess.run([a.bench_load, a.csv, str(a.repeats)], check=True,
                                     capture_output=True, text=True).stdout)
    times = []
    for _ in range(a.repeats):
        start = time.perf_counter()
        df = pd.read_csv(a.csv)
        times.append(time.perf_counter() - start)
    pandas_bytes = int(df.memory_usage(deep=True).sum())
    result = {
        "rows": ours["rows"],
        "covertype_best_s": ours["best_s"], "covertype_median_s": ours["median_s"],
        "pandas_best_s": round(min(times), 4), "pandas_median_s": round(statistics.median(times), 4),
        "speedup_median": round(statistics.median(times) / ours["median_s"], 2),
        "speedup_best": round(min(times) / ours["best_s"], 2),
        "covertype_columnar_bytes": ours["columnar_bytes"],
        "covertype_peak_rss_increase_bytes": ours["peak_rss_increase_bytes"],
        "covertype_memory_ratio": ours["memory_ratio"],
        "pandas_dataframe_bytes": pandas_bytes,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
