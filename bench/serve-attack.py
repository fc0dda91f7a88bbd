#!/usr/bin/python3
"""`covertype serve` under hostile clients: good keep-alive clients side by side with an attack mix.

    /usr/bin/python3 bench/serve-attack.py COVERTYPE [SPLIT_DIR] [--model FILE] [--duration S]
                     [--connections N] [--server-args "..."] [--good-client wrk|python]
                     [--attacks KIND,...] [--threads KIND=N] [--max-wait S] [--json FILE]

The model: --model FILE as it is, else one trained on SPLIT_DIR (covertype split --out), else one
trained on the first 5,000 rows of --data (default ../shared/data/covertype/covertype_75k.csv).

Two runs, each with a fresh `covertype serve --port P` plus --server-args (default
"--max-connections 200 --idle-timeout 15 --read-timeout 20": heads are due in 10 s, bodies in 20):

- baseline: good clients only, for --duration seconds;
- attack: the same good clients beside one process per attack kind for --duration seconds. An
  attacker starts no new connection after that, but waits (up to --max-wait s) for the server to
  answer or close the ones it has: the server must close stalled clients itself.

Good clients: N keep-alive connections posting 1 instance and N posting 100 instances (wrk, one
process per size, when installed; else Python threads), latency per request. Attacks: slowloris
(a request head, one byte a second), slow body (a head, then one body byte a second), idle
connections (nothing sent; or one request, then silence), a flood of 1,000 connections in waves
(beyond the connection cap), oversized bodies (Content-Length over the limit with and without the
body, chunked past it), smuggling (two Content-Length; Content-Length with chunked), 5 MB pipelined
bursts on one connection, garbage bytes, HTTP/1.0 without keep-alive, clients that never read
their answers.

Prints a Markdown fragment: good-request throughput, p50/p99/max latency, non-2xx and failed good
requests, the server's CPU time, RSS (VmRSS before/after, VmHWM), open descriptors before/peak/
after, its CPU while idle after the attack, and per attack kind what the server answered. Exit 1
when a good request got a non-2xx answer or failed, the server died, descriptors stayed open
after the attack, the server used CPU while idle, a smuggled request was answered, or an
attacker's connection was still open after --max-wait.
"""
import argparse
import datetime
import errno
import fcntl
import json
import os
import random
import re
import resource
import select
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data", "covertype", "covertype_75k.csv")
PREDICT = "/v1/models/covertype_classifier:predict"
FEATURES = 12
BODY_LIMIT = 1_572_864  # the server's per-request body limit (docs/serving.md)
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Attack kinds: threads (connections at once) per kind; the flood opens FLOOD_CONNECTIONS.
ATTACK_THREADS = {
    "slowloris": 20, "slow-body": 20, "idle": 20, "flood": 1, "oversized": 3, "smuggling": 2,
    "pipelined": 1, "garbage": 3, "http10": 2, "never-reads": 4,
}
FLOOD_CONNECTIONS = 1000
FLOOD_HOLD = 3.0    # seconds the flood keeps the connections it got before closing them
FLOOD_PAUSE = 2.0   # seconds between waves
RETRY_AFTER_503 = 0.1  # the other attackers pause this long after a 503 (the flood is the storm)


# --------------------------------------------------------------------------------------------
# Requests

def load_instances(csv_path, count):
    rows = []
    with open(csv_path) as f:
        next(f)
        for line in f:
            cells = line.rstrip("\r\n").split(",")[:FEATURES]
            rows.append([int(c) if c.lstrip("-").isdigit() else float(c) for c in cells[:10]]
                        + cells[10:FEATURES])
            if len(rows) == count:
                break
    return rows


def post(body, version="1.1", extra=""):
    if isinstance(body, str):
        body = body.encode()
    head = ("POST %s HTTP/%s\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n%s\r\n" % (PREDICT, version, len(body), extra))
    return head.encode() + body


STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


# --------------------------------------------------------------------------------------------
# One conversation with the server

class Outcome:
    """What the server did on one connection: the statuses it sent, how the connection ended
    ("closed": EOF, "reset", "open": still open when we stopped waiting) and when, in seconds
    from a reference moment (the first piece sent, or the connect)."""

    def __init__(self):
        self.data = bytearray()
        self.statuses = []
        self.end = None
        self.t_answer = None
        self.t_end = None
        self.note = ""


def converse(sock, pieces, gap=0.0, deadline=None, expect=1, after_wait=5.0,
             stop_on_answer=True, reference=None):
    """Sends `pieces` (sleeping `gap` s between them) while reading whatever comes back; stops
    sending once an answer arrives (stop_on_answer). Then waits for `expect` answers and, after
    them, up to after_wait s for the server to close. Gives up at `deadline` (monotonic)."""
    out = Outcome()
    sock.setblocking(False)
    poller = select.poll()
    fd = sock.fileno()
    start = time.monotonic()
    ref = reference if reference is not None else (start if not pieces else None)
    index, pending, next_send = 0, memoryview(b""), start
    answered_at = None
    counted = 0
    while True:
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            out.end, out.t_end = "open", now
            break
        if answered_at is not None and now - answered_at >= after_wait:
            out.end, out.t_end = "open" if after_wait > 0 else "kept", now
            break
        sending = (index < len(pieces) or len(pending) > 0) and not (stop_on_answer and counted)
        if sending and not pending and now >= next_send:
            pending = memoryview(pieces[index])
            index += 1
        events = select.POLLIN
        if sending and pending:
            events |= select.POLLOUT
        timeout = 0.5
        if sending and not pending:
            timeout = max(0.0, next_send - now)
        poller.register(fd, events)
        ready = poller.poll(timeout * 1000.0)
        now = time.monotonic()
        for _, ev in ready:
            if ev & (select.POLLIN | select.POLLERR | select.POLLHUP):
                try:
                    chunk = sock.recv(262144)
                except ConnectionResetError:
                    out.end, out.t_end = "reset", now
                    break
                except BlockingIOError:
                    chunk = None
                if chunk == b"":
                    out.end, out.t_end = "closed", now
                    break
                if chunk:
                    if out.t_answer is None:
                        out.t_answer = now
                    tail = bytes(out.data[-16:])
                    out.data += chunk
                    counted += len(STATUS.findall(tail + chunk)) - len(STATUS.findall(tail))
                    if counted >= expect and answered_at is None:
                        answered_at = now
            if ev & select.POLLOUT and pending:
                try:
                    n = sock.send(pending)
                    pending = pending[n:]
                    if not pending:
                        if ref is None:
                            ref = now
                        next_send = now + gap
                except (BrokenPipeError, ConnectionResetError):
                    out.note = "reset while sending"
                    pending = memoryview(b"")
                    index = len(pieces)
                except BlockingIOError:
                    pass
        if out.end:
            break
    out.statuses = [int(s) for s in STATUS.findall(bytes(out.data))]
    ref = ref if ref is not None else start
    out.t_answer = None if out.t_answer is None else out.t_answer - ref
    out.t_end = out.t_end - ref
    return out


def label(out, many=False):
    if many:
        statuses = {}
        for s in out.statuses:
            statuses[s] = statuses.get(s, 0) + 1
        answer = ", ".join("%d x %d" % (n, s) for s, n in sorted(statuses.items())) or "no answer"
    else:
        answer = "/".join(str(s) for s in out.statuses) or "no answer"
    end = {"closed": "closed", "reset": "reset", "open": "left open",
           "kept": "connection kept"}[out.end]
    text = "%s, %s" % (answer, end)
    if out.note:
        text += " (%s)" % out.note
    return text


# --------------------------------------------------------------------------------------------
# Attackers: each kind in its own process, one thread per connection

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = {}  # (variant, label) -> [count, answer times, end times]
        self.episodes = 0

    def add(self, variant, text, t_answer=None, t_end=None):
        with self.lock:
            self.episodes += 1
            row = self.rows.setdefault((variant, text), [0, [], []])
            row[0] += 1
            if t_answer is not None:
                row[1].append(t_answer)
            if t_end is not None:
                row[2].append(t_end)

    def add_outcome(self, variant, out, many=False):
        closed = out.t_end if out.end in ("closed", "reset") else None
        self.add(variant, label(out, many), out.t_answer, closed)

    def summary(self):
        rows = []
        for (variant, text), (count, answers, ends) in sorted(self.rows.items()):
            rows.append({"variant": variant, "answer": text, "count": count,
                         "answer_s": [round(min(answers), 2), round(max(answers), 2)] if answers else None,
                         "closed_s": [round(min(ends), 2), round(max(ends), 2)] if ends else None})
        return rows


def connect(port, timeout=10.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Attack:
    def __init__(self, port, until, max_wait, instances):
        self.port, self.until, self.max_wait = port, until, max_wait
        self.rec = Recorder()
        self.one = post(json.dumps({"instances": instances[:1]}))
        self.hundred_probabilities = post(json.dumps(
            {"instances": instances[:100], "parameters": {"probabilities": True}}))

    def running(self):
        return time.monotonic() < self.until

    def deadline(self):
        return time.monotonic() + self.max_wait

    def episode(self, variant, pieces, many=False, **kw):
        s = connect(self.port)
        try:
            out = converse(s, pieces, deadline=self.deadline(), **kw)
        finally:
            s.close()
        self.rec.add_outcome(variant, out, many)
        if out.statuses[:1] == [503]:
            time.sleep(RETRY_AFTER_503)
        return out

    # Each method loops until the attack window ends; threads get an index.
    def slowloris(self, i):
        while self.running():
            self.episode("head, 1 byte/s", [bytes([b]) for b in self.one], gap=1.0)

    def slow_body(self, i):
        body = b'{"instances": [' + b" " * 2000 + b"]}"
        head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % (PREDICT, len(body))).encode()
        while self.running():
            self.episode("head, then body 1 byte/s", [head] + [bytes([b]) for b in body], gap=1.0)

    def idle(self, i):
        while self.running():
            if i % 2 == 0:
                self.episode("nothing sent", [], after_wait=self.max_wait)
            else:
                self.episode("1 request, then silence", [self.one], after_wait=self.max_wait)

    def oversized(self, i):
        big = 2 * 1024 * 1024
        while self.running():
            if i == 0:
                head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n"
                        % (PREDICT, big)).encode()
                self.episode("Content-Length 2 MiB, head only", [head])
            elif i == 1:
                head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n"
                        % (PREDICT, big)).encode()
                chunk = b"x" * 65536
                self.episode("Content-Length 2 MiB, body sent", [head] + [chunk] * (big // 65536),
                             stop_on_answer=False)
            else:
                head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        % PREDICT).encode()
                chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
                self.episode("chunked, 2 MiB in 64 KiB chunks", [head] + [chunk] * (big // 65536),
                             stop_on_answer=False)
            time.sleep(0.2)

    def smuggling(self, i):
        smuggled = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        while self.running():
            if i == 0:
                body = b"{}" + smuggled
                head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                        "Content-Length: %d\r\n\r\n" % (PREDICT, len(body))).encode()
                out = self.episode("two Content-Length (2, %d) + a request in the body" % len(body),
                                   [head + body], expect=2, after_wait=3.0)
            else:
                chunked = b"2\r\n{}\r\n0\r\n\r\n" + smuggled
                head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n" % (PREDICT, 4)).encode()
                out = self.episode("Content-Length + chunked + a request after",
                                   [head + chunked], expect=2, after_wait=3.0)
            time.sleep(0.1)

    def pipelined(self, i):
        count = 5 * 1024 * 1024 // len(self.one) + 1
        burst = self.one * count
        pieces = [burst[k:k + (1 << 20)] for k in range(0, len(burst), 1 << 20)]
        while self.running():
            self.episode("%d requests of 1 instance (%.1f MB) in one burst"
                         % (count, len(burst) / 1e6), pieces, expect=count, after_wait=0.0,
                         stop_on_answer=False, many=True)
            time.sleep(1.0)

    def garbage(self, i):
        rnd = random.Random(i)
        while self.running():
            if i == 0:
                self.episode("4 KiB random bytes", [rnd.randbytes(4096)])
            elif i == 1:
                self.episode("64 KiB random bytes", [rnd.randbytes(65536)], stop_on_answer=False)
            else:
                lines = b"".join(rnd.randbytes(rnd.randint(1, 80)).replace(b"\r", b"").replace(b"\n", b"")
                                 + b"\r\n" for _ in range(20))
                self.episode("20 random lines, then an empty line", [lines + b"\r\n"])
            time.sleep(0.1)

    def http10(self, i):
        request = post(self.one[self.one.index(b"\r\n\r\n") + 4:], version="1.0")
        while self.running():
            self.episode("POST, no keep-alive", [request])
            time.sleep(0.05)

    def never_reads(self, i):
        """Pipelines requests with 25 KB answers and never reads: the server must stop reading
        and drop the connection once its answers make no progress."""
        while self.running():
            s = connect(self.port)
            s.setblocking(False)
            sent, last_send = 0, time.monotonic()
            start = last_send
            last_inq, last_progress = -1, start
            request = memoryview(self.hundred_probabilities)
            pending = request
            buf = bytearray(4)
            end, t_end, first = None, None, None
            deadline = self.deadline()
            poller = select.poll()
            poller.register(s.fileno(), select.POLLRDHUP | select.POLLOUT)
            while True:
                now = time.monotonic()
                if now >= deadline:
                    end = "open"
                    break
                try:
                    n = s.send(pending)
                    pending = pending[n:]
                    if not pending:
                        sent += 1
                        pending = request
                    last_send = now
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    end, t_end = "reset", now
                    break
                fcntl.ioctl(s.fileno(), termios.FIONREAD, buf)
                inq = struct.unpack("i", buf)[0]
                if inq != last_inq:
                    last_inq, last_progress = inq, now
                    if first is None and inq >= 12:  # the first answer's status, left unread
                        first = STATUS.match(s.recv(16, socket.MSG_PEEK))
                ready = poller.poll(200 if now - last_send < 1.0 else 500)
                for _, ev in ready:
                    if ev & (select.POLLERR | select.POLLHUP):
                        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                        end = "reset" if err == errno.ECONNRESET else "closed"
                        t_end = time.monotonic()
                    elif ev & select.POLLRDHUP:
                        end, t_end = "closed", time.monotonic()
                if end:
                    break
                if now - last_send > 1.0:
                    poller.modify(s.fileno(), select.POLLRDHUP)  # stalled: wait for the server
            if first is None:
                try:
                    first = STATUS.match(s.recv(16, socket.MSG_PEEK))
                except OSError:
                    pass
            s.close()
            # Time: from the server's last write (when our receive queue stopped growing).
            self.rec.add("requests of 100 instances with probabilities (25 KB answers), "
                         "pipelined until the server stops reading",
                         "%s, %s" % ("first answer " + first.group(1).decode() if first
                                     else "nothing received",
                                     {"open": "left open", "closed": "closed",
                                      "reset": "reset"}[end]),
                         None, None if t_end is None else t_end - last_progress)
            if first and first.group(1) == b"503":
                time.sleep(RETRY_AFTER_503)

    def flood(self, i):
        resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
        request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        while self.running():
            socks, t0 = [], time.monotonic()
            for _ in range(FLOOD_CONNECTIONS):
                try:
                    s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                    s.setblocking(False)
                    socks.append(s)
                except OSError as e:
                    self.rec.add("connect", "connect failed: %s" % e.__class__.__name__)
            # Refused connections are answered 503 at once; wait 1 s, then ask the silent ones.
            outs = {s.fileno(): Outcome() for s in socks}
            bysock = {s.fileno(): s for s in socks}
            poller = select.poll()
            for s in socks:
                poller.register(s.fileno(), select.POLLIN)

            def pump(until):
                while time.monotonic() < until and poller_open[0] > 0:
                    for fd, ev in poller.poll(100):
                        out, s = outs[fd], bysock[fd]
                        try:
                            chunk = s.recv(65536)
                        except ConnectionResetError:
                            chunk, out.end = None, "reset"
                        except BlockingIOError:
                            continue
                        now = time.monotonic() - t0
                        if chunk:
                            out.data += chunk
                            if out.t_answer is None:
                                out.t_answer = now
                            continue
                        if chunk == b"":
                            out.end = "closed"
                        out.t_end = now
                        poller.unregister(fd)
                        poller_open[0] -= 1

            poller_open = [len(socks)]
            pump(time.monotonic() + 1.0)
            asked = set()
            for fd, out in outs.items():
                if out.end is None and not out.data:
                    try:
                        bysock[fd].send(request)
                        asked.add(fd)
                    except OSError:
                        pass
            pump(time.monotonic() + FLOOD_HOLD)
            for fd, out in outs.items():
                out.statuses = [int(s) for s in STATUS.findall(bytes(out.data))]
                closed = out.end in ("closed", "reset")
                if not closed:
                    out.end = "open"
                variant = "asked GET /healthz after 1 s of silence" if fd in asked else "sent nothing"
                text = label(out)
                if out.end == "open":
                    text = text.replace("left open", "held %g s, then closed by the client" % (1 + FLOOD_HOLD))
                self.rec.add(variant, text, out.t_answer, out.t_end if closed else None)
            for s in socks:
                s.close()
            time.sleep(FLOOD_PAUSE)


def attacker_main(args):
    kind = args.attacker
    instances = json.loads(args.instances_json)
    attack = Attack(args.port, time.monotonic() + args.duration, args.max_wait, instances)
    method = {"slowloris": attack.slowloris, "slow-body": attack.slow_body, "idle": attack.idle,
              "flood": attack.flood, "oversized": attack.oversized, "smuggling": attack.smuggling,
              "pipelined": attack.pipelined, "garbage": attack.garbage,
              "http10": attack.http10, "never-reads": attack.never_reads}[kind]
    errors = []

    def run(i):
        try:
            method(i)
        except Exception as e:  # an attacker's own failure is reported, not hidden
            errors.append("%s: %s" % (e.__class__.__name__, e))

    threads = [threading.Thread(target=run, args=(i,), daemon=True)
               for i in range(ATTACK_THREADS[kind])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"kind": kind, "episodes": attack.rec.episodes, "rows": attack.rec.summary(),
                      "errors": errors[:5]}))


# --------------------------------------------------------------------------------------------
# Good clients

def milliseconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def start_wrk(url, lua, connections, duration):
    return subprocess.Popen(["wrk", "-t1", "-c%d" % connections, "-d%ds" % duration,
                             "--timeout", "10s", "--latency", "-s", lua, url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def parse_wrk(out):
    r = {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
         "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    m = re.search(r"Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s)\s", out)
    r["max_ms"] = milliseconds(m.group(1), m.group(2))
    for pct in ("50", "99"):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % pct, out)
        r["p%s_ms" % pct] = milliseconds(m.group(1), m.group(2))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["failed"] = sum(int(g) for g in m.groups()) if m else 0
    r["failures"] = m.group(0) if m else ""
    return r


def read_response(sock, buf):
    """One response from a keep-alive socket: (status, rest of the buffer)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    status = int(head[9:12])
    m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    length = int(m.group(1)) if m else 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return status, rest[length:], b"connection: close" in head.lower()


def good_client_main(args):
    """Python good clients (when wrk is not installed): keep-alive connections in threads."""
    request = post(open(args.good_client_body, "rb").read())
    until = time.monotonic() + args.duration
    lat, counts = [], {"requests": 0, "non_2xx": 0, "failed": 0}
    lock = threading.Lock()

    def run():
        mine, sock, buf = [], None, b""
        while time.monotonic() < until:
            try:
                if sock is None:
                    sock, buf = connect(args.port), b""
                    sock.settimeout(10)
                t = time.perf_counter()
                sock.sendall(request)
                status, buf, close = read_response(sock, buf)
                mine.append((time.perf_counter() - t) * 1000.0)
                with lock:
                    counts["requests"] += 1
                    counts["non_2xx"] += not 200 <= status < 300
                if close:
                    sock.close()
                    sock = None
            except OSError:
                with lock:
                    counts["failed"] += 1
                if sock:
                    sock.close()
                sock = None
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    print(json.dumps({**counts, "rps": counts["requests"] / args.duration, "p50_ms": pick(0.5),
                      "p99_ms": pick(0.99), "max_ms": lat[-1] if lat else float("nan"),
                      "failures": ""}))


# --------------------------------------------------------------------------------------------
# The server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid):
    values = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024.0  # MiB
    return values


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def fetch(port, path, timeout=5):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=timeout) as r:
        return r.status, r.read().decode()


def wait_healthy(port, process, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("server exited with %d" % process.returncode)
        try:
            if fetch(port, "/healthz", 1)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("server on port %d did not come up" % port)


def refusals_by_code(metrics):
    codes = {}
    for m in re.finditer(r'covertype_requests_total\{route="([^"]*)",code="(\d+)"\} (\d+)', metrics):
        codes[m.group(2)] = codes.get(m.group(2), 0) + int(m.group(3))
    return codes


def run_phase(args, work, model, instances, attack):
    port = free_port()
    log = open(os.path.join(work, "serve-%s.log" % ("attack" if attack else "baseline")), "w")
    command = [args.covertype, "serve", "--model", model, "--port", str(port)] + shlex.split(args.server_args)
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    pid = server.pid
    r = {"command": " ".join(shlex.quote(c) for c in command)}
    try:
        wait_healthy(port, server)
        one, hundred = post(json.dumps({"instances": instances[:1]})), post(json.dumps({"instances": instances[:100]}))
        s = connect(port)
        for _ in range(200):  # warm up
            s.sendall(one)
            read_response(s, b"")
        s.close()
        time.sleep(1.0)
        r["rss_before"] = proc_status(pid)["VmRSS"]
        r["fds_before"] = open_fds(pid)
        r["load_start"] = loadavg()
        cpu0 = cpu_seconds(pid)

        url = "http://127.0.0.1:%d%s" % (port, PREDICT)
        goods = {}
        for name, count in (("1 instance", 1), ("100 instances", 100)):
            body = json.dumps({"instances": instances[:count]})
            if args.good_client == "wrk":
                lua = os.path.join(work, "post%d.lua" % count)
                with open(lua, "w") as f:
                    f.write('wrk.method = "POST"\nwrk.body = %s\n' % json.dumps(body))
                    f.write('wrk.headers["Content-Type"] = "application/json"\n')
                goods[name] = start_wrk(url, lua, args.connections, args.duration)
            else:
                path = os.path.join(work, "body%d.json" % count)
                with open(path, "w") as f:
                    f.write(body)
                goods[name] = subprocess.Popen(
                    [sys.executable, os.path.abspath(__file__), "--good-client-body", path,
                     "--port", str(port), "--duration", str(args.duration),
                     "--connections", str(args.connections)],
                    stdout=subprocess.PIPE, text=True)
        t0 = time.monotonic()
        attackers = {}
        if attack:
            time.sleep(0.5)  # the good clients hold their connections before the flood
            for kind in args.attacks:
                attackers[kind] = subprocess.Popen(
                    [sys.executable, os.path.abspath(__file__), "--attacker", kind,
                     "--threads", "%s=%d" % (kind, ATTACK_THREADS[kind]),
                     "--port", str(port), "--duration", str(args.duration - 0.5),
                     "--max-wait", str(args.max_wait),
                     "--instances-json", json.dumps(instances[:100])],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak_fds, died = r["fds_before"], None
        everything = list(goods.values()) + list(attackers.values())
        while any(p.poll() is None for p in everything):
            if server.poll() is not None:
                died = server.returncode
                break
            try:
                peak_fds = max(peak_fds, open_fds(pid))
            except OSError:
                pass
            if r.get("cpu_window") is None and time.monotonic() - t0 >= args.duration:
                r["cpu_window"] = cpu_seconds(pid) - cpu0
                r["fds_end_of_window"] = open_fds(pid)
            time.sleep(0.25)
        r["hold_s"] = time.monotonic() - t0 - args.duration
        r["good"] = {}
        for name, p in goods.items():
            out = p.communicate()[0]
            r["good"][name] = parse_wrk(out) if args.good_client == "wrk" else json.loads(out)
        r["attacks"] = {}
        for kind, p in attackers.items():
            out, err = p.communicate()
            try:
                r["attacks"][kind] = json.loads(out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                r["attacks"][kind] = {"kind": kind, "episodes": 0, "rows": [],
                                      "errors": ["attacker failed: " + err.strip()[-300:]]}
        if died is not None or server.poll() is not None:
            r["died"] = server.returncode
            return r
        time.sleep(2.0)  # the clients are gone; the server's lingering closes end within 2 s
        r["cpu_total"] = cpu_seconds(pid) - cpu0
        r.setdefault("cpu_window", r["cpu_total"])
        r["fds_peak"] = peak_fds
        r["fds_after"] = open_fds(pid)
        status = proc_status(pid)
        r["rss_after"], r["rss_peak"] = status["VmRSS"], status["VmHWM"]
        c = cpu_seconds(pid)
        time.sleep(3.0)
        r["idle_cpu_ms"] = (cpu_seconds(pid) - c) * 1000.0 / 3.0  # per second
        r["load_end"] = loadavg()
        r["codes"] = refusals_by_code(fetch(port, "/metrics")[1])
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                r["died"] = "did not stop on SIGTERM"
        log.close()
    return r


# --------------------------------------------------------------------------------------------
# Report

def ms(v):
    return "%.2f" % v if v < 10 else "%.0f" % v


def span(pair):
    if not pair:
        return ""
    a, b = pair
    return "%.1f s" % a if abs(b - a) < 0.05 else "%.1f-%.1f s" % (a, b)


def report(args, base, hit, started):
    lines = []
    cpu = open("/proc/cpuinfo").read()
    model = re.search(r"model name\s*:\s*(.*)", cpu)
    lines.append("Measured %s on %d cores (%s); load average %.1f-%.1f (baseline) and %.1f-%.1f "
                 "(attack) over 1 min, this run's own clients included. Server: `%s`; good "
                 "clients: %s, %d keep-alive connections per request size, %d s."
                 % (started, os.cpu_count(), model.group(1).strip() if model else "?",
                    base["load_start"], base["load_end"], hit["load_start"], hit["load_end"],
                    "covertype serve --model M " + args.server_args,
                    "wrk -t1 --timeout 10s" if args.good_client == "wrk" else "Python threads",
                    args.connections, args.duration))
    lines.append("")
    lines.append("| | baseline | under attack |")
    lines.append("|---|---|---|")
    for name in ("1 instance", "100 instances"):
        b, h = base["good"][name], hit["good"][name]
        lines.append("| good requests/s, %s | %s | %s |" % (name, "{:,.0f}".format(b["rps"]),
                                                            "{:,.0f}".format(h["rps"])))
        lines.append("| latency p50 / p99 / max, %s (ms) | %s / %s / %s | %s / %s / %s |" % (
            name, ms(b["p50_ms"]), ms(b["p99_ms"]), ms(b["max_ms"]),
            ms(h["p50_ms"]), ms(h["p99_ms"]), ms(h["max_ms"])))

    def totals(r):
        g = r["good"].values()
        return ("{:,}".format(sum(x["requests"] for x in g)), sum(x["non_2xx"] for x in g),
                sum(x["failed"] for x in g))
    lines.append("| good requests / non-2xx / failed | %s / **%d** / **%d** | %s / **%d** / **%d** |"
                 % (totals(base) + totals(hit)))
    lines.append("| server CPU, the %d s window (share of one core) | %.1f s (%.0f %%) | %.1f s (%.0f %%) |"
                 % (args.duration, base["cpu_window"], 100 * base["cpu_window"] / args.duration,
                    hit["cpu_window"], 100 * hit["cpu_window"] / args.duration))
    lines.append("| server CPU until the attackers' last connections ended (window + %.0f s) | %.1f s | %.1f s |"
                 % (hit["hold_s"], base["cpu_total"], hit["cpu_total"]))
    lines.append("| server CPU while idle afterwards | %.0f ms/s | %.0f ms/s |"
                 % (base["idle_cpu_ms"], hit["idle_cpu_ms"]))
    lines.append("| RSS before / after / peak (VmHWM), MiB | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f |"
                 % (base["rss_before"], base["rss_after"], base["rss_peak"],
                    hit["rss_before"], hit["rss_after"], hit["rss_peak"]))
    lines.append("| open descriptors before / peak / end of window / after | %d / %d / %d / %d | %d / %d / %d / %d |"
                 % (base["fds_before"], base["fds_peak"], base.get("fds_end_of_window", base["fds_after"]),
                    base["fds_after"], hit["fds_before"], hit["fds_peak"],
                    hit.get("fds_end_of_window", hit["fds_after"]), hit["fds_after"]))
    codes = lambda r: ", ".join("%s: %s" % (k, "{:,}".format(v)) for k, v in sorted(r["codes"].items()))
    lines.append("| answers by status (server's /metrics) | %s | %s |" % (codes(base), codes(hit)))
    lines.append("")
    lines.append("Under attack, per kind (connections at once; times from the first byte sent, "
                 "or the connect when nothing was sent; for never-reads from the server's "
                 "last write):")
    lines.append("")
    lines.append("| attack | what it sends | connections | server's answer: count, answer at, closed at |")
    lines.append("|---|---|---|---|")
    for kind in args.attacks:
        threads = ATTACK_THREADS[kind]
        a = hit["attacks"].get(kind, {"rows": [], "errors": ["no result"]})
        conns = "%d in waves" % FLOOD_CONNECTIONS if kind == "flood" else str(threads)
        for row in a["rows"]:
            when = []
            if row["answer_s"]:
                when.append("answer %s" % span(row["answer_s"]))
            if row["closed_s"]:
                when.append("closed %s" % span(row["closed_s"]))
            lines.append("| %s | %s | %s | %s: **%s** (%s) |" % (
                kind, row["variant"], conns, "{:,}".format(row["count"]), row["answer"],
                "; ".join(when) or "-"))
        for e in a.get("errors", []):
            lines.append("| %s | attacker error | %s | %s |" % (kind, conns, e.replace("|", "/")))
    return "\n".join(lines)


def checks(base, hit, args):
    problems = []
    for name, r in (("baseline", base), ("attack", hit)):
        if "died" in r:
            problems.append("%s: the server died (%s)" % (name, r["died"]))
            continue
        for size, g in r["good"].items():
            if g["non_2xx"]:
                problems.append("%s: %d good %s requests got a non-2xx answer" % (name, g["non_2xx"], size))
            if g["failed"]:
                problems.append("%s: %d good %s requests failed (%s)" % (name, g["failed"], size, g["failures"]))
        if r["fds_after"] > r["fds_before"] + 4:
            problems.append("%s: %d descriptors open after, %d before" % (name, r["fds_after"], r["fds_before"]))
        if r["idle_cpu_ms"] > 100:
            problems.append("%s: the server used %.0f ms/s of CPU while idle" % (name, r["idle_cpu_ms"]))
    for kind, a in hit.get("attacks", {}).items():
        for row in a["rows"]:
            if "left open" in row["answer"] and kind != "flood":
                problems.append("attack %s (%s): %d connections still open after %g s"
                                % (kind, row["variant"], row["count"], args.max_wait))
            if kind == "smuggling" and not re.fullmatch(r"(400|503), (closed|reset).*", row["answer"]):
                problems.append("attack smuggling (%s): %d x %s" % (row["variant"], row["count"], row["answer"]))
        if a.get("errors"):
            problems.append("attacker %s: %s" % (kind, "; ".join(a["errors"])))
    return problems


def train_model(args, work):
    """(model.json, a CSV whose first rows make the requests)."""
    if args.model:
        return os.path.abspath(args.model), args.data
    devnull = subprocess.DEVNULL
    split = args.split_dir
    if not split:
        sample = os.path.join(work, "sample.csv")
        with open(args.data) as f, open(sample, "w") as out:
            for i, line in enumerate(f):
                if i > 5000:
                    break
                out.write(line)
        split = os.path.join(work, "split")
        subprocess.run([args.covertype, "split", "--data", sample, "--out", split],
                       check=True, stdout=devnull)
    training = os.path.join(split, "datasets", "training", "data.csv")
    validation = os.path.join(split, "datasets", "validation", "data.csv")
    subprocess.run([args.covertype, "train", "--job_dir", os.path.join(work, "job"),
                    "--training_dataset_path", training, "--validation_dataset_path", validation,
                    "--alpha", "0.0001", "--max_iter", "1000", "--hptune", "False"],
                   check=True, stdout=devnull, stderr=devnull)
    return os.path.join(work, "job", "model.json"), validation


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("covertype", nargs="?")
    p.add_argument("split_dir", nargs="?")
    p.add_argument("--model", help="serve this model.json instead of training one")
    p.add_argument("--data", default=DEFAULT_DATA, help="CSV to split when no SPLIT_DIR is given")
    p.add_argument("--duration", type=float, default=30, help="seconds per run (default 30)")
    p.add_argument("--connections", type=int, default=2,
                   help="good keep-alive connections per request size (default 2)")
    p.add_argument("--max-wait", type=float,
                   help="how long an attacker waits for the server to answer or close (default: "
                        "15 s past the longest of --idle-timeout, --read-timeout and the 30 s "
                        "write timeout)")
    p.add_argument("--server-args", default="--max-connections 200 --idle-timeout 15 --read-timeout 20")
    p.add_argument("--good-client", choices=("wrk", "python"),
                   help="default: wrk when installed, else Python threads")
    p.add_argument("--attacks", default=",".join(ATTACK_THREADS),
                   help="comma-separated attack kinds (default all: %(default)s)")
    p.add_argument("--threads", action="append", default=[], metavar="KIND=N",
                   help="connections at once for an attack kind (default %s)"
                   % ", ".join("%s=%d" % kv for kv in ATTACK_THREADS.items()))
    p.add_argument("--json", help="also write every figure to this file")
    p.add_argument("--attacker", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--instances-json", help=argparse.SUPPRESS)
    p.add_argument("--good-client-body", help=argparse.SUPPRESS)
    args = p.parse_args()
    for setting in args.threads:
        kind, _, n = setting.partition("=")
        if kind not in ATTACK_THREADS or not n.isdigit():
            p.error("--threads %r: expected KIND=N with KIND one of %s" % (setting, ", ".join(ATTACK_THREADS)))
        ATTACK_THREADS[kind] = int(n)
    if args.attacker:
        return attacker_main(args)
    if args.max_wait is None:
        timeouts = [30.0] + [float(v) for v in re.findall(
            r"--(?:idle|read)-timeout[ =](\S+)", args.server_args)]
        args.max_wait = max(timeouts) + 15.0
    args.attacks = [k.strip() for k in args.attacks.split(",") if k.strip()]
    for kind in args.attacks:
        if kind not in ATTACK_THREADS:
            p.error("unknown attack kind %r (known: %s)" % (kind, ", ".join(ATTACK_THREADS)))
    if args.good_client_body:
        return good_client_main(args)
    if not args.covertype:
        p.error("COVERTYPE is required")
    if args.good_client is None:
        args.good_client = "wrk" if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0 else "python"

    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    work = tempfile.mkdtemp(prefix="serve-attack-")
    model, rows = train_model(args, work)
    instances = load_instances(rows, 100)

    base = run_phase(args, work, model, instances, attack=False)
    if "died" in base:
        print("baseline: the server died (%s); its output is in %s" % (base["died"], work), file=sys.stderr)
        return 1
    hit = run_phase(args, work, model, instances, attack=True)
    if "died" in hit:
        print("attack: the server died (%s); its output is in %s" % (hit["died"], work), file=sys.stderr)
        print("reproduce: %s %s" % (sys.executable, " ".join(shlex.quote(a) for a in sys.argv)), file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(report(args, base, hit, started))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"baseline": base, "attack": hit, "started": started}, f, indent=1)
    problems = checks(base, hit, args)
    for problem in problems:
        print("serve-attack: FAILED: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
