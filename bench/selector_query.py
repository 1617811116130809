#!/usr/bin/env python3
"""createSelectorQuery in the window: how long a page waits for the phone's answer.

A page of N messages (default 1,000) runs with its view on a WebPhone (``PhoneLink``); in a loop it
asks ``select('#list').boundingClientRect()`` and then ``selectAll('.m').boundingClientRect()``
(one rect per message), each timed in the page's own JS from ``exec`` to its callback: the trip
logic -> run thread -> GUI thread -> Chromium -> back as a task. Run by hand (offscreen), never in CI:

    .venv/bin/python bench/selector_query.py [--messages 1000] [--rounds 50]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE_JS = """
Page({
  data: { items: Array.from({ length: %(messages)d }, (_, i) => 'line ' + i) },
  onReady() { this.times = []; this.round(0) },
  round(n) {
    const t0 = Date.now()
    wx.createSelectorQuery().select('#list').boundingClientRect().exec(() => {
      const t1 = Date.now()
      wx.createSelectorQuery().selectAll('.m').boundingClientRect().exec(([rects]) => {
        this.times.push([t1 - t0, Date.now() - t1, rects.length])
        if (n + 1 < %(rounds)d) this.round(n + 1)
        else this.setData({ times: this.times })
      })
    })
  },
})
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.gui.webphone import PhoneLink, WebPhone, prepare_web_engine
    from simulator.runtime.program import MiniProgram
    from simulator.runtime.project import load_project

    prepare_web_engine()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pages" / "p").mkdir(parents=True)
        (root / "app.json").write_text(json.dumps({"pages": ["pages/p/p"]}), encoding="utf-8")
        (root / "pages" / "p" / "p.wxml").write_text(
            '<view id="list"><view class="m" wx:for="{{items}}" wx:key="*this">{{item}}</view></view>',
            encoding="utf-8")
        (root / "pages" / "p" / "p.js").write_text(PAGE_JS % vars(args), encoding="utf-8")
        project = load_project(root)
        phone = WebPhone()
        phone.show()
        link = PhoneLink(project, phone)
        program = MiniProgram(project=project, view=link, storage={}, timeout_ms=120_000)
        link.attach(program)
        results: list = []
        loop = QEventLoop()
        run = threading.Thread(target=lambda: (results.append(program.run()), QTimer.singleShot(0, app, loop.quit)))
        run.start()
        loop.exec()
        run.join()
        link.close()
    result = results[0]
    times = result.data.get("times") or []
    if result.end_reason != "idle" or len(times) != args.rounds:
        sys.exit(f"the page did not finish its rounds: {result.end_reason}, {len(times)} of {args.rounds}")
    one = [t[0] for t in times[1:]]  # the first round also waits for the page to load
    every = [t[1] for t in times[1:]]
    print(f"select('#list'): first {times[0][0]} ms (page loading), then median {statistics.median(one):.0f} ms, "
          f"max {max(one)} ms")
    print(f"selectAll('.m') over {times[0][2]} nodes: median {statistics.median(every):.0f} ms, max {max(every)} ms")


if __name__ == "__main__":
    main()
