#!/usr/bin/python3
"""Table browsing: the Data stage's operations (bench_table, in-process) against the same with
pandas, on the same file: a page of 40 formatted rows at random scroll positions, sorting all
rows by Elevation and by Soil_Type, and the filter `Elevation 2500..3000, Cover_Type = 2`.

    /usr/bin/python3 bench/bench_table.py BENCH_TABLE_BINARY FILE.csv [--pages N]
"""
import argparse
import json
import random
import statistics
import subprocess
import sys
import time


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bench_table")
    p.add_argument("csv")
    p.add_argument("--pages", type=int, default=2000)
    a = p.parse_args()

    ours = json.loads(subprocess.run([a.bench_table, a.csv, str(a.pages)], check=True,
                                     capture_output=True, text=True).stdout)
    import pandas as pd
    df = pd.read_csv(a.csv)
    rng = random.Random(7)
    page_times = []
    for _ in range(min(a.pages, 500)):
        top = rng.randrange(max(1, len(df) - 40))
        start = time.perf_counter()
        df.iloc[top:top + 40].to_string()
        page_times.append(time.perf_counter() - start)
    sort_elevation = median_time(lambda: df.sort_values("Elevation", kind="stable"), 5)
    sort_soil = median_time(lambda: df.sort_values("Soil_Type", kind="stable"), 5)
    mask = lambda: df[df["Elevation"].between(2500, 3000) & (df["Cover_Type"] == 2)]
    filter_s = median_time(mask, 5)
    if len(mask()) != ours["filter_rows"]:
        sys.exit(f"filter rows differ: pandas {len(mask())}, covertype {ours['filter_rows']}")
    pandas_page_ms = statistics.median(page_times) * 1e3
    print(json.dumps({
        "rows": ours["rows"],
        "page_ms": {"covertype": ours["page_median_ms"], "covertype_p99": ours["page_p99_ms"],
                    "pandas_to_string": round(pandas_page_ms, 4),
                    "ratio": round(pandas_page_ms / ours["page_median_ms"], 1)},
        "sort_elevation_s": {"covertype": ours["sort_elevation_s"],
                             "pandas": round(sort_elevation, 4),
                             "ratio": round(sort_elevation / ours["sort_elevation_s"], 2)},
        "sort_soil_type_s": {"covertype": ours["sort_soil_type_s"], "pandas": round(sort_soil, 4),
                             "ratio": round(sort_soil / ours["sort_soil_type_s"], 2)},
        "filter_s": {"covertype": ours["filter_s"], "pandas": round(filter_s, 4),
                     "ratio": round(filter_s / ours["filter_s"], 2), "rows": ours["filter_rows"]},
    }))


if __name__ == "__main__":
    sys.exit(main())
