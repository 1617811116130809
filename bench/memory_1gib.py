#!/usr/bin/env python3
"""Peak memory of `mpsim record` on a 1 GiB stream (goal: under 300 MB), beside httpx iter_raw.

    python bench/memory_1gib.py [--mb 1024]

Starts the shared loopback stream server (../shared/bench/stream_server.py), records
/bulk?mb=N with `mpsim record`, and reads each child's peak RSS from the kernel (ru_maxrss of
the waited child, via os.wait4), so the figure is the process's own, not the benchmark's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"


def peak_rss_mb(cmd: list[str]) -> tuple[float, float, int]:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    return usage.ru_maxrss / 1024, wall, os.waitstatus_to_exitcode(status)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=1024)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port_file = os.path.join(tmp, "port")
        server = subprocess.Popen([sys.executable, str(SHARED / "stream_server.py"), "--port-file", port_file,
                                   "--max-requests", "4", "--max-seconds", "600"])
        try:
            while not os.path.exists(port_file):
                time.sleep(0.05)
            url = f"http://127.0.0.1:{Path(port_file).read_text().strip()}/bulk?mb={a.mb}&w=65536"
            log = os.path.join(tmp, "big.jsonl")
            mpsim = [sys.executable, "-m", "simulator.cli", "record", url, "-o", log]
            rss, wall, code = peak_rss_mb(mpsim)
            size = (os.path.getsize(log) + os.path.getsize(log + ".body")) / 2**20  # the log and its body file
            print(f"mpsim record {a.mb} MiB: peak RSS {rss:.0f} MB, {wall:.1f} s, exit {code}, log {size:.0f} MiB")
            rss, wall, code = peak_rss_mb([sys.executable, str(SHARED / "peers.py"), "httpx_raw", url])
            print(f"httpx iter_raw {a.mb} MiB: peak RSS {rss:.0f} MB, {wall:.1f} s, exit {code}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
