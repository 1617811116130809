"""How many chunks a second the JS runtime carries through a page's onChunkReceived listener.

Goal (issue, item 1): at least 10,000 chunks/s through a trivial listener, because the split check
replays one log through a script hundreds of times. Run by hand, never in CI timing:

    .venv/bin/python bench/runtime_throughput.py [--chunks 100000]

Two sources:
- in-process: a stand-in task (``task_factory``) hands the runtime N small chunks as fast as it can,
  so the figure is the runtime's own dispatch path (inbox -> batch -> JS tasks), no network;
- demo server: ``GET /sse/fast?n=...`` from ``simulator.server.demo`` through the real core
  ``RequestTask`` with profile ``fixed:8``, so many small chunks, end to end.
Each source runs a trivial listener (counts chunks), the same listener in a project (a module
required by a Component page, issue 7: the rate must hold with modules), and the streaming-decoder
example's decoder + SSE parser (``assets/examples/streaming-decoder.js`` pointed at the stream).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.runtime import MiniProgram  # noqa: E402
from simulator.server.demo import DemoServer  # noqa: E402

TRIVIAL = """
Page({
  data: { chunks: 0, bytes: 0 },
  onLoad(options) {
    let chunks = 0, bytes = 0;
    const task = wx.request({
      url: options.url, enableChunked: true,
      complete: () => this.setData({ chunks, bytes }),
    });
    task.onChunkReceived((res) => { chunks++; bytes += res.data.byteLength; });
  },
});
"""


def streaming_decoder_for(url: str) -> str:
    """The example page, asked for ``url`` with GET instead of the OpenAI POST."""
    src = (ROOT / "assets/examples/streaming-decoder.js").read_text(encoding="utf-8")
    src = src.replace("url: `${base}/v1/chat/completions`,", "url: options.url,")
    src = src.replace("method: 'POST',", "method: 'GET',")
    if "url: options.url," not in src:
        raise SystemExit("streaming-decoder.js changed: update bench/runtime_throughput.py")
    # /sse/fast events carry plain text, not OpenAI JSON; and count the chunks for the figure.
    src = src.replace("const delta = JSON.parse(event.data).choices?.[0]?.delta?.content;",
                      "const delta = event.data;")
    src = src.replace("this.setData({ answer, events });", "this.setData({ answer, events, chunks: this.chunks });")
    return src.replace("this.task.onChunkReceived((res) => handle(decoder.decode(toBytes(res.data))));",
                       "this.task.onChunkReceived((res) => { this.chunks = (this.chunks || 0) + 1; "
                       "handle(decoder.decode(toBytes(res.data))); });")


class SyntheticTask:
    """Stands in for RequestTask: N chunks of an SSE event each, then success and complete."""

    def __init__(self, options: Any, *, chunks: int, success: Any = None, fail: Any = None,
                 complete: Any = None, **_: Any) -> None:
        self._n = chunks
        self._chunk_listeners: list[Any] = []
        self._success, self._complete = success, complete
        self._aborted = threading.Event()
        self._done = threading.Event()

    def on_headers_received(self, fn: Any) -> None:
        pass

    def on_chunk_received(self, fn: Any) -> None:
        self._chunk_listeners.append(fn)

    def abort(self) -> None:
        self._aborted.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        piece = "data: 你好，世界\n\n".encode()
        for _ in range(self._n):
            if self._aborted.is_set():
                break
            for fn in self._chunk_listeners:
                fn({"data": piece})
        if self._success:
            self._success({"data": "", "statusCode": 200, "header": {}, "cookies": [], "errMsg": "request:ok"})
        if self._complete:
            self._complete({"errMsg": "request:ok"})
        self._done.set()


# The trivial listener again, in a project: the page is a Component with a Behavior, the request and
# its listener live in a module it requires (js/modules.js), as in the chat projects of tests/projects.
PROJECT_MODULES = {
    "modules": {
        "utils/stream.js": {"file": "utils/stream.js", "code": """
exports.count = function (url, done) {
  let chunks = 0, bytes = 0;
  const task = wx.request({ url, enableChunked: true, complete: () => done(chunks, bytes) });
  task.onChunkReceived((res) => { chunks++; bytes += res.data.byteLength; });
};"""},
        "behaviors/counter.js": {"file": "behaviors/counter.js", "code": """
module.exports = Behavior({ data: { chunks: 0, bytes: 0 } });"""},
        "pages/index/index.js": {"file": "pages/index/index.js", "code": """
const stream = require('../../utils/stream');
Component({
  behaviors: [require('/behaviors/counter')],
  methods: { onLoad(options) { stream.count(options.url, (chunks, bytes) => this.setData({ chunks, bytes })); } },
});"""},
    },
}


def measure(label: str, source: str | None, query: dict[str, str], **kw: Any) -> None:
    t0 = time.perf_counter()
    result = MiniProgram(source, query=query, timeout_ms=600_000, **kw).run()
    elapsed = time.perf_counter() - t0
    chunks = result.data.get("chunks") or 0
    if result.error:
        print(f"{label}: error {result.error}")
    print(f"{label:58s} {chunks:8d} chunks {elapsed:7.2f} s {chunks / elapsed:10.0f} chunks/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=100_000, help="chunks for the in-process source")
    ap.add_argument("--events", type=int, default=20_000, help="events of /sse/fast for the server source")
    args = ap.parse_args()

    def synthetic(options: Any, **kw: Any) -> SyntheticTask:
        return SyntheticTask(options, chunks=args.chunks, **kw)

    fake = {"url": "http://in-process.invalid/stream"}
    measure("in-process, trivial listener", TRIVIAL, fake, task_factory=synthetic)
    measure("in-process, streaming-decoder example", streaming_decoder_for(fake["url"]), fake,
            task_factory=synthetic)
    measure("in-process, trivial listener in a project's module", None, fake, task_factory=synthetic,
            modules=PROJECT_MODULES, page="pages/index/index")

    with DemoServer().start() as srv:
        url = {"url": f"{srv.url}/sse/fast?n={args.events}"}
        measure("demo /sse/fast, fixed:8, trivial listener", TRIVIAL, url, profile="fixed:8")
        measure("demo /sse/fast, fixed:8, streaming-decoder example", streaming_decoder_for(url["url"]), url,
                profile="fixed:8")
        measure("demo /sse/fast, fixed:8, trivial listener in a project", None, url, profile="fixed:8",
                modules=PROJECT_MODULES, page="pages/index/index")


if __name__ == "__main__":
    main()
