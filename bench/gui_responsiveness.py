#!/usr/bin/env python3
"""GUI responsiveness: stream N SSE events into the real window and watch the event loop.

Measures, against the same stream:

- headless: ``RequestTask(...).run()`` with a ``StreamAnalysis`` monitor (no Qt), with and without
  a chunk log (the GUI always records one);
- GUI: the real ``MainController`` window (offscreen unless ``--show``), Send clicked, until
  ``finished``, then the last headless recording opened (replayed at once): total ingest time,
  and the gaps between heartbeats of a 10 ms ``QTimer`` (the longest gap is how long the event
  loop was blocked or starved), also without the time the OS kept the GUI thread waiting for a CPU
  (``loop_gaps.py``: on a shared machine that alone can exceed 50 ms).

Goals (docs/product.md, Speed; issue 3): no heartbeat gap over 50 ms; ingest within 2x headless
`mpsim record` of the same stream (which, like the GUI, records a chunk log).

The stream is the shared bench server's ``/gpt?n=N`` (``/work/shared/bench/stream_server.py``, or
``--bench-server PATH``); without it, the demo server's ``/sse/fast?n=N``.

    PYTHONPATH=. .venv/bin/python bench/gui_responsiveness.py [--n 20000] [--runs 3] [--profile random]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_BENCH_SERVER = Path("/work/shared/bench/stream_server.py")


class StreamSource:
    """The bench server in a subprocess, or the demo server in this process."""

    def __init__(self, n: int, bench_server: Path | None) -> None:
        self._proc: subprocess.Popen | None = None
        self._demo = None
        if bench_server is not None and bench_server.exists():
            port_file = Path(tempfile.mkdtemp(prefix="mpsim-bench-")) / "port"
            self._proc = subprocess.Popen(
                [sys.executable, str(bench_server), "--port-file", str(port_file), "--max-requests", "1000",
                 "--max-seconds", "600"], stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > deadline or self._proc.poll() is not None:
                    raise SystemExit(f"the bench server {bench_server} did not start")
                time.sleep(0.02)
            self.url = f"http://127.0.0.1:{int(port_file.read_text())}/gpt?n={n}"
            self.name = f"shared bench server /gpt?n={n}"
        else:
            from simulator.server.demo import DemoServer

            self._demo = DemoServer().start()
            self.url = f"{self._demo.url}/sse/fast?n={n}"
            self.name = f"demo server /sse/fast?n={n}"

    def close(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(5)
        if self._demo is not None:
            self._demo.stop()


def headless(url: str, profile: str, *, log: bool) -> tuple[float, int, Path | None]:
    from simulator.core.analysis import StreamAnalysis
    from simulator.core.options import RequestOptions
    from simulator.core.paths import new_recording_path
    from simulator.core.task import RequestTask

    analysis = StreamAnalysis()
    log_path = new_recording_path("bench-headless") if log else None
    task = RequestTask(RequestOptions.from_wx({"url": url}), profile=profile, monitors=[analysis],
                       log_path=log_path)
    t0 = time.perf_counter()
    end = task.run()
    elapsed = time.perf_counter() - t0
    if end.reason != "complete":
        raise SystemExit(f"headless run failed: {end.err_msg} {end.detail}")
    return elapsed, analysis.event_count, log_path


def gui_run(main, url: str, profile: str) -> dict:  # noqa: ANN001
    """Send ``url`` from the request bar."""
    window = main.window
    window.request_bar.url.setCurrentText(url)
    window.request_bar.method.setCurrentText("GET")
    window.request_details.body.setPlainText("")
    window.request_bar.profile.setCurrentText(profile)
    return watch(main, window.request_bar.send_button.click)


def replay_run(main, log_path: Path) -> dict:  # noqa: ANN001
    """Open a recording (File > Open): the window replays it at once, its whole body a backlog."""
    return watch(main, lambda: main.logs.open_log(log_path))


def watch(main, start, timeout_s: float = 300.0) -> dict:  # noqa: ANN001
    """Call ``start`` and watch the event loop until the stream it shows has finished."""
    from loop_gaps import LoopGaps
    from PySide6.QtCore import QEventLoop, QTimer

    heartbeat = LoopGaps(10)
    loop = QEventLoop()
    result: dict = {}

    def on_finished(end) -> None:  # noqa: ANN001
        result["t1"] = time.perf_counter()
        result["end"] = end
        loop.quit()

    main.stream.finished.connect(on_finished)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    heartbeat.start()
    t0 = time.perf_counter()
    start()
    loop.exec()
    heartbeat.stop()
    main.stream.finished.disconnect(on_finished)
    if "end" not in result:
        raise SystemExit("the GUI run did not finish in time")
    store = main.stream.store
    return {
        "ingest": result["t1"] - t0,
        "gaps": heartbeat.figures(),
        "rows": len(store.rows),
        "events": len(store.events),
        "end": result["end"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="SSE events in the stream (default 20000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each side, medians reported (default 3)")
    ap.add_argument("--profile", default="random", help="delivery profile (default random)")
    ap.add_argument("--bench-server", type=Path, default=DEFAULT_BENCH_SERVER,
                    help="the shared stream_server.py (else the demo server is used)")
    ap.add_argument("--demo", action="store_true", help="use the demo server's /sse/fast even if the "
                                                         "bench server is there")
    ap.add_argument("--show", action="store_true", help="show the window (default: offscreen)")
    ap.add_argument("--text-mode", choices=("body", "append", "overwrite"), default="body",
                    help="the text view's mode: body (decoded body), append (with OpenAI merging), overwrite")
    args = ap.parse_args()

    if not args.show:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="mpsim-bench-home-")
    os.environ["MPSIM_HOME"] = home  # recordings and settings of the bench stay out of the user's

    from loop_gaps import GOAL_MS
    from PySide6.QtWidgets import QApplication

    from simulator.gui import create_main
    from simulator.gui.answer import TextMode

    source = StreamSource(args.n, None if args.demo else args.bench_server)
    try:
        print(f"stream: {source.name}; profile {args.profile}; text view: {args.text_mode}; "
              f"{args.runs} run(s) each")
        plain, logged = [], []
        events = 0
        recording: Path | None = None
        for _ in range(args.runs):
            t, events, _ = headless(source.url, args.profile, log=False)
            plain.append(t)
            t, _, recording = headless(source.url, args.profile, log=True)
            logged.append(t)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        main = create_main()
        main.stream.set_text_mode(TextMode(args.text_mode), merge_openai=True)
        main.window.resize(1400, 900)
        main.window.show()
        app.processEvents()
        runs = [gui_run(main, source.url, args.profile) for _ in range(args.runs)]
        replays = [replay_run(main, recording) for _ in range(args.runs)] if recording else []
        main.window.close()
    finally:
        source.close()

    h_plain, h_logged = statistics.median(plain), statistics.median(logged)
    ingest = statistics.median(r["ingest"] for r in runs)
    worst_gap = max(r["gaps"].max_ms for r in runs)
    worst_own = max(r["gaps"].own_max_ms for r in runs)
    print(f"headless (StreamAnalysis only):    {h_plain:7.3f} s  ({events} events)")
    print(f"headless (+ chunk log, as the GUI): {h_logged:7.3f} s")
    for i, r in enumerate(runs, 1):
        print(f"GUI run {i}: ingest {r['ingest']:7.3f} s, {r['rows']} chunk rows, {r['events']} events, "
              f"end {r['end'].reason}; heartbeat gaps {r['gaps']}")
    for i, r in enumerate(replays, 1):
        print(f"Opening the recording {i}: replayed in {r['ingest']:7.3f} s, {r['events']} events; "
              f"heartbeat gaps {r['gaps']}")
    # The goal compares with headless `mpsim record`, which records a chunk log as the GUI does.
    ratio = ingest / h_logged
    print(f"GUI ingest (median) {ingest:.3f} s = {ratio:.2f}x headless record (chunk log on; "
          f"{ingest / h_plain:.2f}x analysis alone); worst heartbeat gap {worst_gap:.1f} ms "
          f"({worst_own:.1f} ms without the time the OS kept the GUI thread waiting for a CPU)")
    ok_gap, ok_ratio = worst_gap <= GOAL_MS, ratio <= 2.0
    verdict = {True: "MET", False: "NOT MET"}
    print(f"goal: gap <= 50 ms {verdict[ok_gap]} (without CPU wait: {verdict[worst_own <= GOAL_MS]}); "
          f"ingest <= 2x headless record {verdict[ok_ratio]}")
    if replays:
        worst_replay = max(r["gaps"].max_ms for r in replays)
        own_replay = max(r["gaps"].own_max_ms for r in replays)
        ok_gap = ok_gap and worst_replay <= GOAL_MS
        print(f"goal, opening the recording: gap <= 50 ms {verdict[worst_replay <= GOAL_MS]} "
              f"(worst {worst_replay:.1f} ms; without CPU wait: {verdict[own_replay <= GOAL_MS]}, "
              f"{own_replay:.1f} ms)")
    return 0 if ok_gap and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
