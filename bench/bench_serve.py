#!/usr/bin/python3
"""Serving benchmark: `covertype serve --model M` against a Flask app with the course's
scikit-learn pipeline (bench/flask_serve.py), both fitted on the same training split, under the
same wrk load on loopback, plus the time to answer one 1,000-instance request.

    /usr/bin/python3 bench/bench_serve.py COVERTYPE SPLIT_DIR [--duration S] [--batches N]

SPLIT_DIR holds datasets/{training,validation}/data.csv (covertype split --out). wrk runs with
2 threads and 4 connections, each request posting one instance (a validation row), with
--latency for the distribution. Prints one JSON object per line: per server the requests/s and
p50/p99 latency, their ratio, and for the 1,000-instance request the server-side time (the
Server-Timing header both servers send) and the round trip seen by the client.
"""
import argparse
import csv
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = 12


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port, process, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("server exited with %d" % process.returncode)
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("server on port %d did not come up" % port)


def instances_from(csv_path, count):
    rows = []
    with open(csv_path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            values = [float(v) if i < 10 else v for i, v in enumerate(row[:FEATURES])]
            rows.append([int(v) if i < 10 and v == int(v) else v for i, v in enumerate(values)])
            if len(rows) == count:
                break
    return rows


def milliseconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, lua, duration):
    out = subprocess.run(["wrk", "-t2", "-c4", "-d%ds" % duration, "--latency", "-s", lua, url],
                         check=True, capture_output=True, text=True).stdout
    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "75", "90", "99"):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % pct, out)
        result["p%s_ms" % pct] = round(milliseconds(m.group(1), m.group(2)), 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    return result


def time_batches(port, path, body, count):
    """Round trips of `count` requests on one keep-alive connection (after one warm-up)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    client, server = [], []
    for i in range(count + 1):
        start = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - start) * 1000.0
        if response.status != 200:
            raise SystemExit("batch request failed: %d %s" % (response.status, data[:200]))
        timing = response.getheader("Server-Timing", "")
        m = re.search(r"dur=([\d.]+)", timing)
        if i > 0:
            client.append(elapsed)
            server.append(float(m.group(1)) if m else float("nan"))
    predictions = json.loads(data)["predictions"]
    return client, server, predictions


def summary(values):
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 3),
            "p99": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 3)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("covertype")
    p.add_argument("split_dir")
    p.add_argument("--duration", type=int, default=10, help="seconds of wrk load per server")
    p.add_argument("--batches", type=int, default=50, help="1,000-instance requests per server")
    args = p.parse_args()

    training = os.path.join(args.split_dir, "datasets", "training", "data.csv")
    validation = os.path.join(args.split_dir, "datasets", "validation", "data.csv")
    work = tempfile.mkdtemp(prefix="bench-serve-")
    devnull = subprocess.DEVNULL
    fit = ["--training_dataset_path", training, "--validation_dataset_path", validation,
           "--alpha", "0.0001", "--max_iter", "1000", "--hptune", "False"]
    subprocess.run([args.covertype, "train", "--job_dir", os.path.join(work, "covertype")] + fit,
                   check=True, stdout=devnull, stderr=devnull)
    subprocess.run([sys.executable, os.path.join(HERE, "course_train.py"),
                    "--job_dir", os.path.join(work, "sklearn")] + fit,
                   check=True, stdout=devnull, stderr=devnull)

    one = instances_from(validation, 1)
    batch = instances_from(validation, 1000)
    lua = os.path.join(work, "post.lua")
    with open(lua, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write("wrk.body = '%s'\n" % json.dumps({"instances": one}))
        f.write('wrk.headers["Content-Type"] = "application/json"\n')
    batch_body = json.dumps({"instances": batch})
    path = "/v1/models/covertype_classifier:predict"

    servers = {}
    ports = {"covertype": free_port(), "flask": free_port()}
    commands = {
        "covertype": [args.covertype, "serve", "--model",
                      os.path.join(work, "covertype", "model.json"),
                      "--port", str(ports["covertype"])],
        "flask": [sys.executable, os.path.join(HERE, "flask_serve.py"),
                  os.path.join(work, "sklearn", "model.pkl"), "--port", str(ports["flask"])],
    }
    results = {}
    batch_predictions = {}
    try:
        for name in ("covertype", "flask"):
            servers[name] = subprocess.Popen(commands[name], stdout=devnull, stderr=devnull)
            wait_healthy(ports[name], servers[name])
            url = "http://127.0.0.1:%d%s" % (ports[name], path)
            time_batches(ports[name], path, json.dumps({"instances": one}), 20)  # warm up
            single = run_wrk(url, lua, args.duration)
            client, server, predictions = time_batches(ports[name], path, batch_body,
                                                       args.batches)
            batch_predictions[name] = predictions
            results[name] = single
            print(json.dumps({"bench": "serve_single_instance", "server": name,
                              "wrk": "-t2 -c4 -d%ds" % args.duration, **single}))
            print(json.dumps({"bench": "serve_1000_instances", "server": name,
                              "requests": args.batches,
                              "server_ms": summary(server), "round_trip_ms": summary(client)}))
            servers[name].terminate()
            servers[name].wait(timeout=30)
    finally:
        for process in servers.values():
            if process.poll() is None:
                process.kill()
    agree = sum(a == b for a, b in zip(batch_predictions["covertype"], batch_predictions["flask"]))
    print(json.dumps({
        "bench": "serve_ratio",
        "requests_per_s_ratio": round(results["covertype"]["requests_per_s"] /
                                      results["flask"]["requests_per_s"], 1),
        "p99_ratio": round(results["flask"]["p99_ms"] / results["covertype"]["p99_ms"], 1),
        "prediction_agreement_1000": agree / len(batch),
    }))


if __name__ == "__main__":
    main()
