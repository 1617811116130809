#!/usr/bin/env python3
"""How long a byte waits between being read and being delivered, measured from chunk logs.

    python bench/idle_window.py [--seeds 5]

Records demo-server streams with the holding profiles (random, fixed:64, wire) and reads, from
each log, the read and delivered time of every byte; prints the largest wait. A profile may hold a
byte only until the network has been quiet for IDLE_WINDOW_MS (docs/delivery.md), so the largest
wait should be that window plus scheduling noise, whatever the stream's pauses.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from simulator.core.delivery import IDLE_WINDOW_MS
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask
from simulator.server.demo import DemoServer


def byte_times(log: Path) -> tuple[list[float], list[float]]:
    read: list[float] = []
    delivered: list[float] = []
    for line in log.read_text().splitlines():
        rec = json.loads(line)
        if rec["type"] == "chunk" and rec["level"] in ("read", "delivered"):
            (read if rec["level"] == "read" else delivered).extend([rec["t"]] * rec["size"])
    return read, delivered


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    server = DemoServer().start()
    tmp = tempfile.TemporaryDirectory()
    try:
        for path in ("/sse/slow?n=12", "/sse/append", "/fault/disconnect", "/ndjson"):
            for profile in ("random", "fixed:64", "wire"):
                worst, total = 0.0, 0
                for seed in range(a.seeds):
                    log = Path(tmp.name) / "w.jsonl"
                    RequestTask(RequestOptions.from_wx({"url": server.url + path}), profile=profile, seed=seed,
                                log_path=log).run()
                    read, delivered = byte_times(log)
                    assert len(read) == len(delivered), (path, profile, len(read), len(delivered))
                    total += len(read)
                    worst = max([worst, *(d - r for r, d in zip(read, delivered, strict=True))])
                print(f"{path:22} {profile:9} {total:7d} bytes  longest wait read->delivered {worst:6.1f} ms "
                      f"(window {IDLE_WINDOW_MS} ms)")
    finally:
        server.stop()
        tmp.cleanup()


if __name__ == "__main__":
    main()
