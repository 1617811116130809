"""What the headless view costs a streaming run: `mpsim run tests/projects/view-chat --input --tap`
through ``PageView`` against the demo server on loopback. Run by hand, never in CI:

    .venv/bin/python bench/page_view.py [--repeat 5] [--speed 1] [--history 0]

Figures, each the median of --repeat runs:
- tap to first render: from the --tap's handler call being queued to the first render that shows
  what it set (the logic task, the coalesced setData, one render in the view's isolate);
- renders and apply cost while the answer streams: how many renders the run made (setData is
  coalesced to one render per 16 ms frame), their total and largest time;
- the whole run, with and without the view (the view's share of the run's wall-clock time).
``--history N`` puts N earlier messages on the page first (a long chat re-renders more per frame).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPSIM_HOME", tempfile.mkdtemp(prefix="mpsim-bench-"))

from simulator.runtime import MiniProgram, PageCall  # noqa: E402
from simulator.runtime.page_view import Input, PageView, Tap  # noqa: E402
from simulator.runtime.project import load_project  # noqa: E402
from simulator.server.demo import DemoServer  # noqa: E402

CHAT = ROOT / "tests" / "projects" / "view-chat"


def project_with_history(n: int, folder: Path) -> Path:
    """The chat project with n messages already on the page (set in its data, as a restored chat)."""
    if n == 0:
        return CHAT
    target = folder / "view-chat"
    shutil.copytree(CHAT, target)
    history = [{"id": f"h{i}", "role": "user" if i % 2 == 0 else "assistant", "text": f"第 {i} 条消息 message"}
               for i in range(n)]
    js = target / "pages" / "chat" / "chat.js"
    js.write_text(js.read_text(encoding="utf-8").replace("messages: [],", f"messages: {json.dumps(history)},"),
                  encoding="utf-8")
    return target


def one_run(folder: Path, url: str, with_view: bool) -> dict[str, float]:
    project = load_project(folder)
    view = PageView(project) if with_view else None
    steps = [Input("#question", "你好"), Tap("#send")] if with_view else [
        PageCall("onInput", {"detail": {"value": "你好"}}), PageCall("onSend")]
    t0 = time.perf_counter()
    result = MiniProgram(project=project, view=view, calls=steps, storage={}, maps=[("https://api.example.com", url)],
                         timeout_ms=60000).run()
    elapsed = (time.perf_counter() - t0) * 1000.0
    assert result.errors == [] and result.data["status"] == "request:ok", result.errors
    figures = {"run_ms": elapsed}
    if view is not None:
        f = view.figures
        figures.update(tap_ms=f["tap_to_render_ms"][0], renders=f["renders"], render_ms=f["render_ms"],
                       max_render_ms=f["max_render_ms"])
        view.close()
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--speed", type=float, default=1.0, help="demo server pace (1 = as for people)")
    ap.add_argument("--history", type=int, default=0, help="messages already on the page")
    args = ap.parse_args()
    server = DemoServer(speed=args.speed).start()
    with tempfile.TemporaryDirectory() as tmp:
        folder = project_with_history(args.history, Path(tmp))
        try:
            viewed = [one_run(folder, server.url, True) for _ in range(args.repeat)]
            plain = [one_run(folder, server.url, False) for _ in range(args.repeat)]
        finally:
            server.stop()

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(f"view-chat, {args.history} earlier messages, demo server speed {args.speed:g}, median of {args.repeat}")
    print(f"  --tap to first render       {med(viewed, 'tap_ms'):8.1f} ms")
    print(f"  renders during the run      {med(viewed, 'renders'):8.0f}")
    print(f"  render time, all renders    {med(viewed, 'render_ms'):8.1f} ms "
          f"(largest {med(viewed, 'max_render_ms'):.1f} ms)")
    print(f"  whole run with the view     {med(viewed, 'run_ms'):8.1f} ms")
    print(f"  whole run without a view    {med(plain, 'run_ms'):8.1f} ms")


if __name__ == "__main__":
    main()
