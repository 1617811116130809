#!/usr/bin/env python3
"""The window's memory on long streams (issue 8, "The window"; docs/product.md, "The window's memory").

1. Soak: the real window (offscreen, with the mini-program panel, as ``mpsim`` opens it) sends to
   the demo server's never-ending stream at ``--rate`` bytes a second (default 1 MiB/s) for
   ``--minutes`` (default 10), sampling the process's RSS every second; then Abort, and RSS when
   the stream has ended and 10 s later.
2. Open: a chunk log of ``--gib`` GiB (default 1), written with the core's ``ChunkLogWriter`` as a
   recording is, opened with File > Open log; peak RSS (sampled every 50 ms) until it has played.
3. Long line: the demo's ``/fault/no-newline?mb=--line-mb`` (default 100: one SSE data line
   without a newline) sent from the window; peak RSS until it ends.

Goals: soak under 500 MB and back under 300 MB once ended; the 1 GiB recording under 400 MB; the
100 MB line far under the 900 MB it cost before.
Recordings go to a temporary ``MPSIM_HOME``; the recordings cap is set above what the soak writes.

    PYTHONPATH=. .venv/bin/python bench/window_soak.py [--minutes 10] [--rate 1048576] [--gib 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def write_log(path: Path, gib: float) -> int:
    """A recording of a plain-text stream of ``gib`` GiB: 64 KiB reads, delivered cut differently."""
    from simulator.core.chunklog import ChunkLogWriter
    from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

    line = "mpsim soak line: 流式输出 stays on disk, the window reads it back. 0123456789\n".encode()
    block = line * (65536 // len(line) + 1)
    block = block[:65536]
    total = int(gib * (1 << 30))
    w = ChunkLogWriter(path)
    w.on_start(RequestStart(url="http://127.0.0.1/soak", method="GET", headers=[], body=b"",
                            options={"url": "http://127.0.0.1/soak"}, profile="passthrough", seed=0,
                            platform="android", started_at=time.time()))
    w.on_response(ResponseInfo(t_ms=1.0, status=200, reason="OK", http_version="HTTP/1.1",
                               headers=[("content-type", "text/plain; charset=utf-8")],
                               url="http://127.0.0.1/soak", levels={"wire": "not observed", "read": "observed",
                                                                    "delivered": "observed"},
                               content_encoding=None))
    sent = seq = dseq = 0
    while sent < total:
        t = 1.0 + seq * 0.5
        w.on_chunk(Chunk("read", seq, t, block))
        # Delivered in two cuts of each read, as a delivery profile cuts them.
        w.on_chunk(Chunk("delivered", dseq, t, block[:40000]))
        w.on_chunk(Chunk("delivered", dseq + 1, t, block[40000:]))
        sent += len(block)
        seq += 1
        dseq += 2
    w.on_end(EndInfo(t_ms=1.0 + seq * 0.5, reason="complete", err_msg="request:ok", errno=None, detail="",
                     totals={"read": {"chunks": seq, "bytes": sent}, "delivered": {"chunks": dseq, "bytes": sent}}))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))  # the log and its body file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=int, default=1 << 20, help="bytes a second (default 1 MiB)")
    ap.add_argument("--gib", type=float, default=1.0, help="size of the recording opened (0: skip)")
    ap.add_argument("--log-dir", type=Path, help="where to write the recording (default: a temp folder)")
    ap.add_argument("--line-mb", type=float, default=100, help="MiB of the line without newline (0: skip)")
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="mpsim-soak-"))
    os.environ["MPSIM_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.gui.app import _application, create_main
    from simulator.server.demo import DemoServer

    app: QApplication = _application()
    server = DemoServer().start()
    main_ctl = create_main()
    main_ctl.settings.set("recordings/limit_mb", 1 << 20)  # the soak's own recording must stay whole
    main_ctl.window.resize(1366, 768)
    main_ctl.window.show()

    def run_for(seconds: float, sample: list[float] | None = None, every_ms: int = 1000) -> None:
        loop = QEventLoop()
        timer = QTimer()
        if sample is not None:
            timer.timeout.connect(lambda: sample.append(rss_mb()))
            timer.start(every_ms)
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        timer.stop()

    run_for(2)
    idle = rss_mb()
    print(f"window idle: {idle:.0f} MB RSS", flush=True)
    stream = main_ctl.stream
    url = f"{server.url}/fault/never-ending?rate={args.rate}"
    main_ctl.request.load_url(url)
    bar = main_ctl.window.request_bar
    # DevTools has no 60 s cap on a request (the device platforms do: core/platforms.py), and the
    # request's own timeout must outlast the soak.
    bar.platform.setCurrentIndex(bar.platform.findData("devtools"))
    bar.timeout.setValue(bar.timeout.maximum())
    main_ctl.request.send()
    samples: list[float] = []
    t0 = time.monotonic()
    minutes_total = args.minutes
    while (left := minutes_total * 60 - (time.monotonic() - t0)) > 0.5:
        run_for(min(30.0, left), samples)
        s = stream.store
        print(f"  {time.monotonic() - t0:6.0f} s: {rss_mb():6.0f} MB RSS, delivered "
              f"{s.total_bytes('delivered') / 1e6:7.1f} MB, {len(s.events):,} events, store holds "
              f"{s.held_bytes / 1e6:.1f} MB", flush=True)
    end_rss = rss_mb()
    delivered = stream.store.total_bytes("delivered")
    stream.abort()
    deadline = time.monotonic() + 10
    while stream.busy and time.monotonic() < deadline:
        run_for(0.1)
    ended = rss_mb()
    after: list[float] = []
    run_for(10, after)
    how = stream.store.end.reason if stream.store.end else "running"
    print(f"soak ({how}): {args.minutes:g} min at {args.rate / (1 << 20):g} MiB/s, {delivered / 1e6:.0f} MB delivered, "
          f"{len(stream.store.events):,} events; peak {max(samples):.0f} MB, at the end {end_rss:.0f} MB, "
          f"ended {ended:.0f} MB, 10 s after {after[-1]:.0f} MB RSS (idle window {idle:.0f} MB)", flush=True)

    if args.gib > 0:
        folder = args.log_dir or home
        log = folder / "soak-1gib.jsonl"
        t = time.monotonic()
        size = write_log(log, args.gib)
        print(f"wrote {log} ({size / 1e9:.2f} GB, {args.gib:g} GiB of body) in {time.monotonic() - t:.0f} s",
              flush=True)
        before = rss_mb()
        peak = [before]
        t = time.monotonic()
        if not main_ctl.logs.open_log(log):
            print(f"open failed: {main_ctl.window.banner.message()}")
        while stream.busy:
            run_for(0.5, peak, every_ms=50)
        run_for(2, peak, every_ms=50)
        print(f"open {args.gib:g} GiB recording: {time.monotonic() - t:.0f} s to play, RSS before {before:.0f} MB, "
              f"peak {max(peak):.0f} MB, after {rss_mb():.0f} MB; {stream.store.count('delivered'):,} delivered "
              f"chunks shown ({stream.store.end.reason if stream.store.end else 'not ended'})", flush=True)
        for part in folder.glob(log.name + "*"):
            part.unlink()

    if args.line_mb > 0:
        before = rss_mb()
        peak = [before]
        t = time.monotonic()
        main_ctl.request.load_url(f"{server.url}/fault/no-newline?mb={args.line_mb:g}")
        main_ctl.request.send()
        run_for(0.5, peak, every_ms=50)
        while stream.busy:
            run_for(0.5, peak, every_ms=50)
        run_for(2, peak, every_ms=50)
        print(f"{args.line_mb:g} MiB line without newline: {time.monotonic() - t:.0f} s, RSS before {before:.0f} MB, "
              f"peak {max(peak):.0f} MB, after {rss_mb():.0f} MB "
              f"({stream.store.end.reason if stream.store.end else 'not ended'}, "
              f"{stream.store.total_bytes('delivered') / (1 << 20):.0f} MiB delivered)", flush=True)

    main_ctl.window.close()
    server.stop()
    app.processEvents()
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
