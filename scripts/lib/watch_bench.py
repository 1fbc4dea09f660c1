"""Times changes from `docker-pass set` to those watching them.

Usage: watch_bench.py DOCKER_PASS DIR CHANGES
- to the event: `docker-pass watch --json bench/*` runs throughout; each set
  is timed from its start and from its return to the line with its ID;
- to the restart: `docker-pass run --watch` runs a shell that writes the
  value it was started with to a file; each set is timed from its return to
  the file holding the new value.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time


def percentiles(name, samples):
    samples = sorted(samples)
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] * 1000
    print(f"  {name}: p50 {pick(0.5):.2f} ms, p90 {pick(0.9):.2f} ms, p99 {pick(0.99):.2f} ms ({len(samples)} changes)")


def main():
    docker_pass, work, changes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    subprocess.run([docker_pass, "set", "bench/watched=v0"], check=True, stdout=subprocess.DEVNULL)
    watch = subprocess.Popen([docker_pass, "watch", "--json", "bench/*"], stdout=subprocess.PIPE, text=True)
    lines = queue.Queue()

    def read():
        for line in watch.stdout:
            lines.put((time.monotonic(), json.loads(line)))

    threading.Thread(target=read, daemon=True).start()
    while lines.get(timeout=10)[1]["kind"] != "synced":
        pass
    from_start, from_return = [], []
    for n in range(1, changes + 1):
        started = time.monotonic()
        subprocess.run([docker_pass, "set", f"bench/watched=v{n}"], check=True, stdout=subprocess.DEVNULL)
        returned = time.monotonic()
        while True:
            seen, event = lines.get(timeout=10)
            if event.get("id") == "bench/watched" and event["kind"] in ("updated", "created"):
                break
        from_start.append(seen - started)
        from_return.append(max(0.0, seen - returned))
    watch.terminate()
    watch.wait()
    percentiles("set started -> watch event", from_start)
    percentiles("set returned -> watch event", from_return)

    seen_file = os.path.join(work, "seen")
    script = f"echo \"$VALUE\" > '{seen_file}.tmp' && mv '{seen_file}.tmp' '{seen_file}'; exec sleep 1000"
    env = dict(os.environ, VALUE="se://bench/watched")
    run = subprocess.Popen([docker_pass, "run", "--watch", "--", "sh", "-c", script], env=env)

    def wait_for(value):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with open(seen_file) as f:
                    if f.read().strip() == value:
                        return time.monotonic()
            except FileNotFoundError:
                pass
            time.sleep(0.0005)
        raise SystemExit(f"run --watch never restarted with {value}")

    wait_for(f"v{changes}")
    restarts = []
    for n in range(changes + 1, changes + 1 + max(10, changes // 10)):
        subprocess.run([docker_pass, "set", f"bench/watched=v{n}"], check=True, stdout=subprocess.DEVNULL)
        returned = time.monotonic()
        restarts.append(wait_for(f"v{n}") - returned)
    run.terminate()
    run.wait()
    percentiles("set returned -> run --watch restarted with the value", restarts)


main()
