"""Timing helpers for scripts/bench-store (standard library only).

    store_bench.py get SOCKET PATTERN COUNT   p50/min ms of COUNT GetSecrets on one kept-alive connection
    store_bench.py procs RUNS -- CMD_A... -- CMD_B...
                                              the two commands in turn (A B A B ...), RUNS times each:
                                              median wall ms of each and the median of the ratios A/B
"""

import http.client
import json
import socket
import statistics
import subprocess
import sys
import time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.unix_path)


def get(socket_path, pattern, count):
    conn = UnixConnection(socket_path)
    body = json.dumps({"pattern": pattern})
    headers = {"Content-Type": "application/json"}
    times = []
    found = 0
    for _ in range(count):
        start = time.perf_counter()
        conn.request("POST", "/resolver.v1.ResolverService/GetSecrets", body, headers)
        response = conn.getresponse()
        data = response.read()
        times.append(time.perf_counter() - start)
        if response.status != 200:
            sys.exit(f"GetSecrets {pattern}: HTTP {response.status}: {data[:200]!r}")
        found = len(json.loads(data)["envelopes"])
    times.sort()
    print(
        f"engine GetSecrets {pattern!r}: calls={count} envelopes={found} "
        f"p50_ms={times[len(times) // 2] * 1000:.3f} min_ms={times[0] * 1000:.3f}"
    )


def procs(runs, a, b):
    def once(cmd):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        return time.perf_counter() - start

    once(a)
    once(b)
    ta, tb, ratios = [], [], []
    for _ in range(runs):
        x, y = once(a), once(b)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    print(
        f"A {' '.join(a[-3:])}: median_ms={statistics.median(ta) * 1000:.2f}  "
        f"B {' '.join(b[-3:])}: median_ms={statistics.median(tb) * 1000:.2f}  "
        f"A/B median={statistics.median(ratios):.3f}"
    )


def main():
    if sys.argv[1] == "get":
        get(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "procs":
        rest = sys.argv[3:]
        first = rest.index("--")
        second = rest.index("--", first + 1)
        procs(int(sys.argv[2]), rest[first + 1 : second], rest[second + 1 :])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
