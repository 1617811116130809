#!/usr/bin/env python3
"""The phone in QtWebEngine: first render, a 1,000-message list, and a streamed answer at 100 setData/s.

Goals (issue 9, "Speed"): a 1,000-message chat list renders in under 300 ms; a streaming answer
updated by ``setData`` 100 times a second keeps the window's event-loop gaps under 50 ms.
Run by hand (offscreen unless --show), never in CI:

    .venv/bin/python bench/webphone.py [--messages 1000] [--seconds 5] [--repeat 3]

Figures:
- first render: ``show_page`` until ``page_shown`` (loaded, data rendered and painted; a ``grab``
  shows it; that is confirmed three display frames after the render, about 50 ms of the figure).
  "cold" includes starting Chromium's processes, once per app;
- 1,000 messages: the same for tests/view/fixtures/web-chat (text bubbles, flexbox, rpx,
  scroll-into-view the last) and for the bench page of bench/view_render.py (a custom component per
  message, a template, WXS, an unstyled image each);
- streaming: a 10 ms timer sends ``set_data`` of a growing answer for --seconds, while a 5 ms
  heartbeat timer measures how long the GUI thread went without running it (its longest gap is the
  longest time the window could not react); then the time until the last piece is on screen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from view_render import FILES, chat_data  # noqa: E402  (the bench page, shared)

CHAT = ROOT / "tests" / "view" / "fixtures" / "web-chat"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="a real window instead of offscreen")
    args = parser.parse_args()
    if not args.show:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from loop_gaps import GapFigures, LoopGaps
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.gui.webphone import WebPhone, prepare_web_engine
    from simulator.view import ViewRenderer, folder_reader

    prepare_web_engine()
    app = QApplication(sys.argv[:1])
    phone = WebPhone()
    phone.show()

    def wait(start, signal=None, callback_api=None) -> float:
        loop = QEventLoop()
        began = time.perf_counter()
        if signal is not None:
            signal.connect(loop.quit)
            start()
            loop.exec()
            signal.disconnect(loop.quit)
        else:
            callback_api(loop.quit)
            loop.exec()
        return (time.perf_counter() - began) * 1000

    chat = ViewRenderer(folder_reader(CHAT), "/pages/chat/chat")
    small = {"messages": [{"id": i, "role": "user" if i % 2 else "assistant", "text": f"消息 {i}"} for i in range(6)],
             "answer": "", "question": "", "note": "", "sending": False}
    cold = wait(lambda: phone.show_page(chat, small, assets=CHAT), phone.page_shown)
    warm = statistics.median(wait(lambda: phone.show_page(chat, small, assets=CHAT), phone.page_shown)
                             for _ in range(args.repeat))

    long_chat = dict(small, lastId=f"msg-{args.messages - 1}", messages=[
        {"id": i, "role": "user" if i % 2 else "assistant",
         "text": f"第 {i} 条消息：流式输出的回答 streaming answer {i} " * 3} for i in range(args.messages)])
    chat_ms = statistics.median(wait(lambda: phone.show_page(chat, long_chat, assets=CHAT), phone.page_shown)
                                for _ in range(args.repeat))

    big_view = ViewRenderer(FILES.get, "/pages/chat/chat")
    big = chat_data(args.messages)
    big_ms = statistics.median(wait(lambda: phone.show_page(big_view, big), phone.page_shown)
                               for _ in range(args.repeat))

    def stream(path: str) -> tuple[GapFigures, float, int]:
        sent = [0]

        def piece() -> None:
            sent[0] += 1
            phone.set_data({path: "流式回答 streaming answer " * (1 + sent[0] // 20) + str(sent[0])})

        heart = LoopGaps(5)
        feeder = QTimer(interval=10)
        feeder.timeout.connect(piece)
        loop = QEventLoop()
        QTimer.singleShot(int(args.seconds * 1000), loop.quit)
        heart.start()
        feeder.start()
        loop.exec()
        feeder.stop()
        heart.stop()
        settle = wait(None, callback_api=phone.when_painted)
        return heart.figures(), settle, sent[0]

    def report(name: str, gaps: GapFigures, settle: float, sent: int) -> None:
        print(f"  {name}: {sent} setData in {args.seconds:g} s ({sent / args.seconds:.0f}/s); heartbeat gaps "
              f"{gaps}  target < 50 ms: {'ok' if gaps.max_ms < 50 else 'OVER'}; "
              f"last piece on screen after {settle:.0f} ms")

    wait(lambda: phone.show_page(chat, small, assets=CHAT), phone.page_shown)
    small_stream = stream("answer")
    wait(lambda: phone.show_page(big_view, big), phone.page_shown)
    big_stream = stream(f"msgs[{args.messages - 1}].text")

    print(f"phone page in QtWebEngine ({'window' if args.show else 'offscreen'}, median of {args.repeat})")
    print(f"  first render, cold (Chromium starting) {cold:7.0f} ms")
    print(f"  first render, warm                     {warm:7.0f} ms")
    print(f"  {args.messages} messages, web-chat page      {chat_ms:7.0f} ms   target < 300 ms: "
          f"{'ok' if chat_ms < 300 else 'OVER'}")
    print(f"  {args.messages} messages, view_render page   {big_ms:7.0f} ms   target < 300 ms: "
          f"{'ok' if big_ms < 300 else 'OVER'}  (a component, an unstyled 320x240 <image> each)")
    print("streaming at 100 setData/s:")
    report("web-chat answer", *small_stream)
    report(f"last of {args.messages} messages", *big_stream)
    phone.close()
    chat.close()
    big_view.close()
    del app


if __name__ == "__main__":
    main()
