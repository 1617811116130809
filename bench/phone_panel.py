#!/usr/bin/env python3
"""The window's phone while the demo's answer streams into the rendered page, end to end.

Goal (issue 9, "Speed"): the window's event loop is never blocked over 50 ms while ``setData``
streams into the page. Unlike bench/webphone.py, which feeds ``WebPhone.set_data`` from a timer,
this runs the whole window as a user does: tests/view/fixtures/web-chat opened as a project, its API
mapped to the demo server, Run, a question typed into the phone's input and send tapped with real
Chromium events; the page's own JS (on the run's thread) sets the answer once per chunk, while the
page data tree, the chunk views and the rendered page all follow it. Run by hand, never in CI:

    .venv/bin/python bench/phone_panel.py [--speed 1]    (one run a process: run it a few times)

``--speed`` divides the demo server's waits (1: about 45 setData a second, 4: about 140).
A 5 ms heartbeat timer measures how long the GUI thread went without running it, from the tap until
the page data says the answer is complete; also without the time the OS kept the thread waiting for a
CPU (``loop_gaps.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHAT = ROOT / "tests" / "view" / "fixtures" / "web-chat"
API = "https://chat.example.com"  # web-chat's app.js globalData.api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--show", action="store_true", help="on the display instead of offscreen")
    args = parser.parse_args()
    if not args.show:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MPSIM_HOME"] = tempfile.mkdtemp(prefix="mpsim-bench-")  # never the user's settings

    from loop_gaps import LoopGaps
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    from simulator.gui.app import _application, create_main
    from simulator.gui.miniprogram.map_remote import MapRow
    from simulator.server.demo import DemoServer

    app = _application()
    with DemoServer(speed=args.speed) as server:
        main_controller = create_main(str(CHAT))
        window = main_controller.window
        window.resize(1366, 768)
        window.show()
        panel = main_controller.script
        panel.view.map_remote.add_rule(MapRow(API, server.url))
        heartbeat = LoopGaps(5)
        state = {"measuring": False, "start": 0.0}

        def send() -> None:
            web = panel.view.rendered.web

            def centre(box: dict[str, float]) -> QPoint:
                return QPoint(round((box["x"] + box["width"] / 2) * web.zoom),
                              round((box["y"] + box["height"] / 2) * web.zoom))

            def typed(shown: dict) -> None:
                boxes = shown["boxes"]
                target = web.view.focusProxy()
                QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                                 centre(boxes["question"]))
                QTest.keyClicks(target, "hi")

                def tap() -> None:
                    state.update(measuring=True, start=time.perf_counter())
                    heartbeat.start()
                    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                                     centre(boxes["send"]))

                QTimer.singleShot(300, tap)

            web.snapshot(typed)

        def done() -> None:
            data = panel.page_data
            if state["measuring"] and data.get("answer") and data.get("sending") is False:
                state["measuring"] = False
                heartbeat.stop()
                chunks = main_controller.stream.chunk_model.rowCount()
                print(f"answer streamed in {time.perf_counter() - state['start']:.2f} s ({chunks} chunk rows); "
                      f"event-loop gaps {heartbeat.figures()}", flush=True)
                app.quit()

        poll = QTimer(interval=20, timeout=done)
        poll.start()
        panel.phone.pageShown.connect(lambda: QTimer.singleShot(300, send))
        QTimer.singleShot(0, panel.run)
        QTimer.singleShot(60_000, app.quit)
        app.exec()
        poll.stop()
        window.close()


if __name__ == "__main__":
    main()
