#!/usr/bin/env bash
# Runs every benchmark side by side with what users would otherwise use; prints JSON lines.
# Usage: bench/run-all.sh [BUILD_DIR]   (make bench builds BUILD_DIR=build-bench in Release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build-bench}" && pwd)
data=${COVERTYPE_DATA_DIR:-$here/../../shared/data/covertype}/covertype_75k.csv
work=$(mktemp -d /tmp/covertype-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The 75k rows replicated 8 times: 600,000 rows.
{ head -n 1 "$data"; for _ in 1 2 3 4 5 6 7 8; do tail -n +2 "$data"; done; } > "$work/covertype_600k.csv"

echo "# load: 600k rows, covertype loader vs pandas.read_csv (in-process)"
/usr/bin/python3 "$here/bench_load.py" "$build/bench/bench_load" "$work/covertype_600k.csv" --repeats 7

echo "# table: the Data stage on 600k rows (page of cells, sorts, filter) vs pandas"
/usr/bin/python3 "$here/bench_table.py" "$build/bench/bench_table" "$work/covertype_600k.csv"

echo "# split: lots for 600k rows (in-process)"
"$build/bench/bench_split" "$data" 8 9

echo "# train: whole process, course arguments, covertype train vs the scikit-learn train.py"
"$build/app/covertype" split --data "$data" --out "$work/split" >/dev/null
/usr/bin/python3 "$here/bench_train.py" "$build/app/covertype" "$work/split" --rounds 7 --alpha 0.0001 --max_iter 1000 --hptune True
/usr/bin/python3 "$here/bench_train.py" "$build/app/covertype" "$work/split" --rounds 7 --alpha 0.0003 --max_iter 500 --hptune False

echo "# parity: validation accuracy, covertype vs scikit-learn, same alpha/max_iter, 5 seeds each"
/usr/bin/python3 "$here/bench_parity.py" "$build/app/covertype" "$work/split" --seeds 5

echo "# tune: whole covertype tune process, course config, vs the equivalent scikit-learn loop; then the whole pipeline"
/usr/bin/python3 "$here/bench_tune.py" "$build/app/covertype" "$data" "$here/configs/course-config.yaml" --rounds 5 --pipeline
/usr/bin/python3 "$here/bench_tune.py" "$build/app/covertype" "$work/covertype_600k.csv" "$here/configs/course-config.yaml" --rounds 2

echo "# search quality: Bayesian vs random search, best of 6 trials, 20 seeds"
/usr/bin/python3 "$here/bench_search_quality.py" "$build/app/covertype" "$data" --seeds 20

echo "# serve: covertype serve vs Flask + the scikit-learn pipeline; wrk -t2 -c4 on loopback, one instance per request, and 1,000-instance requests"
/usr/bin/python3 "$here/bench_serve.py" "$build/app/covertype" "$work/split" --duration 10 --batches 50

echo "# serve under attack: good keep-alive clients alone, then beside slowloris, slow bodies, idle connections, a connection flood, oversized bodies, smuggling, 5 MB pipelined bursts, garbage, HTTP/1.0 and clients that never read; 30 s each"
/usr/bin/python3 "$here/serve-attack.py" "$build/app/covertype" "$work/split" --duration 30
