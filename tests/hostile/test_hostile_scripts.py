"""Hostile page scripts, run as a user runs them: ``mpsim run page.js`` in a private ``MPSIM_HOME``.

Every case checks what the user sees: the run ends within its limit (the subprocess timeout), the
exit code, exactly one ``mpsim run:`` line on stderr per uncaught error and never a traceback, the
page data on the last stdout line, and, where the page makes requests, every byte the server sent
in the run's chunk log and no request secret in any file written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from mpsim_cli import assert_clean, assert_one_clear_line, files_holding, final_data, mpsim, snapshot
from peers import serving

from simulator.core.chunklog import read_log

# Every run gets this --timeout; a case that needs the subprocess limit to end has hung.
RUN_TIMEOUT_MS = 20000
LIMIT_S = 40


def run_page(tmp_path: Path, source: str, *args: str, limit: float = LIMIT_S) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "page.js"
    script.write_text(source, encoding="utf-8")
    before = snapshot(tmp_path)
    r = mpsim(tmp_path / "home", "run", str(script), "--timeout", str(RUN_TIMEOUT_MS), *args, timeout=limit)
    assert snapshot(tmp_path) == before  # nothing written beside the script
    return r


def console(r: subprocess.CompletedProcess[str]) -> list[str]:
    return r.stdout.splitlines()[:-1]


def logs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "home" / "recordings").rglob("*.jsonl"))


def read_bytes_in(log: Path) -> bytes:
    return b"".join(rec["data"] for rec in read_log(log).records()
                    if rec["type"] == "chunk" and rec["level"] == "read")


# -- a loopback server that counts the requests it is serving at once --------------------------------
EVENTS = [f"data: {{\"n\": {i}, \"text\": \"第{i}段\"}}\n\n".encode() for i in range(8)]


class _Counting(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    active = 0
    most = 0
    served = 0
    finished = 0  # streams written to their end: a closed connection makes a later write fail
    bodies: list[bytes] = []

    def _answer(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.active += 1
            cls.most = max(cls.most, cls.active)
        try:
            length = int(self.headers.get("Content-Length") or 0)
            cls.bodies.append(self.rfile.read(length) + str(self.headers).encode() if length else str(self.headers)
                              .encode())
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            pause = 0.05 if self.path.startswith("/slow") else 0.002
            for data in EVENTS:
                self.wfile.write(b"%X\r\n%b\r\n" % (len(data), data))
                self.wfile.flush()
                time.sleep(pause)  # the server's own pacing between writes, not a wait for a signal
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            with cls.lock:
                cls.finished += 1
        except OSError:
            pass  # the page aborted: the connection is gone
        finally:
            with cls.lock:
                cls.active -= 1
                cls.served += 1

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Counting]]]:
    handler = type("Counting", (_Counting,), {"active": 0, "most": 0, "served": 0, "finished": 0, "bodies": [],
                                              "lock": threading.Lock()})
    with serving(handler) as url:
        yield url, handler


def _fifo_script(tmp_path: Path) -> str:
    os.mkfifo(tmp_path / "fifo.js")
    return str(tmp_path / "fifo.js")


def _11_mb_script(tmp_path: Path) -> str:
    (tmp_path / "big.js").write_text("var s = '" + "a" * (11 << 20) + "';\n")
    return str(tmp_path / "big.js")


NOT_A_SCRIPT = {
    "dev-zero": (lambda t: "/dev/zero", "not a regular file"),
    "a-fifo-nobody-writes": (_fifo_script, "not a regular file"),
    "an-11-mb-script": (_11_mb_script, "over the 10 MB a script may be"),
}


@pytest.mark.parametrize("command", ["run", "check"])
@pytest.mark.parametrize("case", NOT_A_SCRIPT.values(), ids=NOT_A_SCRIPT.keys())
def test_a_script_path_that_is_no_script_is_one_clear_line(tmp_path, case, command):
    make, says = case
    r = mpsim(tmp_path / "home", command, make(tmp_path), *(["--log", str(tmp_path / "x.jsonl")]
                                                            if command == "check" else []), timeout=20)
    assert_one_clear_line(r, 2, says)


def test_a_log_named_as_the_script_itself_is_refused_and_the_script_kept(tmp_path):
    source = "wx.request({url: 'http://127.0.0.1:9/x'});\n"
    r = run_page(tmp_path, source, "-o", str(tmp_path / "page.js"))
    assert_one_clear_line(r, 2, "that is the script being run")
    assert (tmp_path / "page.js").read_text() == source


# -- runaway code: stopped, said once, the page's data kept ------------------------------------------
RUNAWAY = {
    "loop-at-top-level": ("Page({data: {a: 1}});\nconsole.log('before');\nfor (;;) {}\n",
                          "the page script ran longer", {"a": 1}),
    "loop-in-onLoad": ("Page({data: {a: 1}, onLoad() { console.log('before'); for (;;) {} }});\n",
                       "Page.onLoad ran longer", {"a": 1}),
    "loop-in-a-timer-then-the-next-timer-runs": (
        "Page({data: {n: 0}, onLoad() {\n  console.log('before');\n  setTimeout(() => { for (;;) {} }, 1);\n"
        "  setTimeout(() => this.setData({n: 2}), 30);\n}});\n", "setTimeout callback ran longer", {"n": 2}),
    "loop-in-an-interval-stops-the-interval": (
        "let n = 0;\nPage({data: {n: 0}, onLoad() { console.log('before');\n"
        "  setInterval(() => { n++; this.setData({n}); if (n === 3) for (;;) {} }, 2);\n}});\n",
        "setInterval callback ran longer", {"n": 3}),
    "loop-after-await": ("Page({data: {n: 0}, async onLoad() {\n  this.setData({n: 1}); console.log('before');\n"
                         "  await null;\n  for (;;) {}\n}});\n", "cannot be interrupted", {"n": 1}),
    "endless-then-chain": ("Page({data: {n: 1}, onLoad() { console.log('before');\n"
                           "  const f = () => Promise.resolve().then(f); f(); }});\n", "run ends here", {"n": 1}),
    "endless-async-recursion": ("Page({data: {n: 1}, onLoad() { console.log('before');\n"
                                "  const f = async () => { await null; return f(); }; f(); }});\n",
                                "run ends here", {"n": 1}),
    "blocking-atomics-wait": ("Page({data: {a: 1}, onLoad() { console.log('before');\n"
                              "  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); }});\n",
                              "Page.onLoad ran longer", {"a": 1}),
}


@pytest.mark.parametrize("case", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_code_is_stopped_with_one_clear_line_after_what_it_printed(tmp_path, case):
    source, says, data = case
    r = run_page(tmp_path, source)
    assert_one_clear_line(r, 1, "Script stopped", says)
    lines = console(r)
    # What the page printed before it got stuck comes before the message that it was stopped.
    assert lines.index("[log] before") < next(i for i, line in enumerate(lines) if "Script stopped" in line)
    assert final_data(r) == data


MEMORY = {
    "allocation-at-top-level": ("console.log('before');\nconst xs = [];\nfor (;;) xs.push(new Array(1e6).fill(7));\n",
                                {}),
    "allocation-in-a-timer-keeps-the-data-set-before": (
        "Page({data: {step: 0}, onLoad() {\n  console.log('before'); this.setData({step: 1});\n"
        "  setTimeout(() => { const xs = []; for (;;) xs.push(new Array(1e6).fill(7)); }, 1);\n}});\n", {"step": 1}),
    "allocation-in-a-promise-chain": (
        "Page({data: {step: 1}, onLoad() { console.log('before'); const xs = [];\n"
        "  const f = () => { xs.push(new Array(1e5).fill(1)); return Promise.resolve().then(f); }; f(); }});\n",
        {"step": 1}),
}


@pytest.mark.parametrize("case", MEMORY.values(), ids=MEMORY.keys())
def test_runaway_allocation_ends_the_run_with_one_clear_line(tmp_path, case):
    source, data = case
    r = run_page(tmp_path, source)
    line = assert_one_clear_line(r, 1, "Script stopped")
    assert "MB of memory" in line or "ran longer" in line, line
    assert "[log] before" in console(r)
    assert final_data(r) == data


def test_deep_recursion_is_the_pages_error_at_its_line_and_the_page_goes_on(tmp_path):
    r = run_page(tmp_path, "function down(n) { return down(n + 1) + 1; }\n"
                           "Page({data: {n: 0}, onLoad() {\n  setTimeout(() => this.setData({n: 2}), 5);\n"
                           "  down(0);\n}});\n")
    assert_one_clear_line(r, 1, "RangeError: Maximum call stack size exceeded", "page.js:1")
    assert final_data(r) == {"n": 2}


# -- page data the runtime cannot copy ---------------------------------------------------------------
def test_a_throwing_getter_in_page_data_is_the_pages_error(tmp_path):
    r = run_page(tmp_path, "Page({\n  data: {\n    get boom() { throw new Error('getter boom'); },\n  },\n});\n")
    assert_one_clear_line(r, 1, "Error: getter boom", "page.js:3")


SET_DATA_THROWS = {
    "getter": "{get boom() { throw new Error('setData boom'); }}",
    "toJSON": "{toJSON() { throw new Error('setData boom'); }}",
    "proxy-ownKeys": "new Proxy({}, {ownKeys() { throw new Error('setData boom'); }})",
}


@pytest.mark.parametrize("value", SET_DATA_THROWS.values(), ids=SET_DATA_THROWS.keys())
def test_set_data_with_a_value_json_cannot_take_throws_in_the_pages_call(tmp_path, value):
    # A device serialises setData's argument when it is called: the throw is the page's, at its line.
    r = run_page(tmp_path, "Page({data: {a: 1}, onLoad() {\n"
                           f"  try {{ this.setData({{a: 2, x: {value}}}); }}\n"
                           "  catch (e) { console.log('caught', e.message); }\n"
                           f"  this.setData({{x: {value}}});\n}}}});\n")
    assert "[log] caught setData boom" in console(r)
    assert_one_clear_line(r, 1, "Error: setData boom", "Page.onLoad")
    assert final_data(r)["a"] == 1


def test_cyclic_set_data_is_kept_and_the_page_goes_on(tmp_path):
    r = run_page(tmp_path, "Page({data: {}, onLoad() {\n  const o = {name: 'x', list: []};\n"
                           "  o.self = o; o.list.push(o);\n  this.setData({o}); console.log('after');\n}});\n")
    assert_clean(r)
    assert "[log] after" in console(r)
    assert final_data(r)["o"]["name"] == "x"


def test_a_20_mb_set_data_arrives_whole(tmp_path):
    r = run_page(tmp_path, "Page({data: {}, onLoad() {\n"
                           "  this.setData({big: 'x'.repeat(20 * 1024 * 1024) + 'end'});\n}});\n")
    assert_clean(r)
    big = final_data(r)["big"]
    assert len(big) == 20 * 1024 * 1024 + 3 and big.endswith("end")


def test_set_data_with_functions_symbols_bigint_and_nan_follows_json(tmp_path):
    r = run_page(tmp_path, "Page({data: {a: 1}, onLoad() {\n"
                           "  this.setData({f() { return 1; }, s: Symbol('q'), n: NaN, inf: -Infinity, b: 10n,\n"
                           "                list: [() => 1, Symbol('r'), 2], d: new Date(0)});\n"
                           "  console.log('after');\n}});\n")
    assert "Traceback" not in r.stderr
    data = final_data(r)
    assert "f" not in data and "s" not in data
    assert data["n"] is None and data["inf"] is None
    assert data["list"] == [None, None, 2] and data["d"] == "1970-01-01T00:00:00.000Z"
    assert "[log] after" in console(r)


BUILT_INS = {
    "JSON-stringify-replaced": ("JSON.stringify = () => { throw new Error('mine'); };", 0, {"a": [1, 2]}),
    "toJSON-on-every-array": ("Array.prototype.toJSON = function () { return 'A'; };", 0, {"a": "A"}),
    "toJSON-on-every-object-for-good": (
        "Object.defineProperty(Object.prototype, 'toJSON', {value: () => 'h', configurable: false});", 1,
        "the page changed the runtime's reports"),
    "array-push-replaced": ("Array.prototype.push = () => { throw new Error('no push'); };", 1,
                            "mpsim runtime error"),
}


@pytest.mark.parametrize("case", BUILT_INS.values(), ids=BUILT_INS.keys())
def test_a_page_that_changes_built_ins_the_runtime_uses_goes_on_or_gets_one_clear_line(tmp_path, case):
    # The runtime shares the page's global, as the base library does on a device.
    change, code, then = case
    r = run_page(tmp_path, f"Page({{data: {{a: 1}}, onLoad() {{\n  {change}\n"
                           "  this.setData({a: [1, 2]}); console.log('still here');\n}});\n")
    if code == 0:
        assert_clean(r)
        assert "[log] still here" in console(r) and final_data(r) == then
    else:
        assert_one_clear_line(r, 1, then)
        assert isinstance(final_data(r), dict)


# -- console.log of what cannot be printed -----------------------------------------------------------
CONSOLE = {
    "cyclic": ("const o = {a: 1}; o.o = o; console.log(o);", "[Circular]"),
    "proxy-whose-traps-throw": ("console.log(new Proxy({}, {get() { throw 1; }, ownKeys() { throw 2; },\n"
                                "  getPrototypeOf() { throw 3; }, has() { throw 4; }}));", None),
    "toString-that-throws": ("console.log({toString() { throw new Error('ts'); }}, String(1));", None),
    "toPrimitive-that-throws": ("console.log({[Symbol.toPrimitive]() { throw new Error('tp'); }});", None),
    "getter-that-throws": ("console.log({get x() { throw new Error('gx'); }});", None),
    "null-prototype-bigint-symbol": ("console.log(Object.create(null), 10n, Symbol('s'));", "10n Symbol(s)"),
    "error-whose-message-throws": ("const e = new Error('m'); Object.defineProperty(e, 'message', "
                                   "{get() { throw 5; }}); console.error(e);", None),
}


@pytest.mark.parametrize("case", CONSOLE.values(), ids=CONSOLE.keys())
def test_console_log_of_a_hostile_value_prints_a_line_and_the_script_goes_on(tmp_path, case):
    source, shows = case
    r = run_page(tmp_path, f"{source}\nconsole.log('next');\n")
    assert_clean(r)
    lines = console(r)
    assert lines[-1] == "[log] next", lines
    if shows is not None:
        assert shows in lines[0]


def test_console_log_of_5_mb_is_printed_whole(tmp_path):
    r = run_page(tmp_path, "console.log('y'.repeat(5e6) + '|');\nconsole.log('next');\n")
    assert_clean(r)
    assert console(r) == ["[log] " + "y" * 5_000_000 + "|", "[log] next"]


# Runs mpsim with its stdout counted, not kept, and prints "<bytes printed> <mpsim's peak RSS in bytes>".
_MEASURE = """
import resource, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
printed = 0
while chunk := p.stdout.read(1 << 20):
    printed += len(chunk)
p.wait()
print(printed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def test_a_page_that_logs_megabytes_a_second_does_not_grow_the_runs_memory(tmp_path):
    script = tmp_path / "page.js"
    script.write_text("Page({data: {}, onLoad() {\n  setInterval(() => {\n"
                      "    for (let i = 0; i < 1000; i++) console.log('y'.repeat(1000));\n  }, 0);\n}});\n")
    measured = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "simulator", "run", str(script),
                               "--timeout", "5000"], capture_output=True, text=True, timeout=LIMIT_S,
                              env={**os.environ, "MPSIM_HOME": str(tmp_path / "home")})
    printed, peak = map(int, measured.stdout.split())
    assert printed > 20 << 20  # tens of megabytes of console lines went to the terminal...
    assert peak < (100 << 20) + printed // 2  # ...and were not kept (they were: 130 MB + 1.3 x printed)


# -- what is thrown ------------------------------------------------------------------------------------
THROWN = {
    "a-proxy-whose-traps-throw": ("throw new Proxy({}, {get() { throw new Error('trap'); },\n"
                                  "  getPrototypeOf() { throw new Error('trap'); }});", "Error"),
    "a-string": ("throw 'plain words';", "plain words"),
    "an-error-of-5-mb-with-newlines": ("throw new Error('E'.repeat(5e6) + '\\nsecond line');",
                                       "characters, the console has them all"),
    "an-unhandled-rejection": ("Promise.reject(new Error('nope'));", "Uncaught (in promise)"),
}


@pytest.mark.parametrize("case", THROWN.values(), ids=THROWN.keys())
def test_whatever_is_thrown_is_one_clear_line(tmp_path, case):
    source, says = case
    r = run_page(tmp_path, f"Page({{data: {{a: 1}}, onLoad() {{ {source} }}}});\n")
    line = assert_one_clear_line(r, 1)
    assert says in line or says in r.stdout, line
    assert len(line) < 1000
    assert final_data(r) == {"a": 1}


# -- nothing outside wx ----------------------------------------------------------------------------------
ESCAPES = {
    "require-fs": ("require('fs').readFileSync('/etc/passwd')", "require is not defined"),
    "process-env": ("process.env.HOME", "process is not defined"),
    "fetch": ("fetch('http://127.0.0.1:9/')", "fetch is not defined"),
    "XMLHttpRequest": ("new XMLHttpRequest()", "XMLHttpRequest is not defined"),
    "eval-of-a-string": ("eval('1 + 1')", "eval is not supported in mini-programs"),
    "new-Function-with-code": ("new Function('a', 'return a')(1)", "new Function is not supported"),
    "function-constructor-of-a-function": ("(function () {}).constructor('return 1')()",
                                           "new Function is not supported"),
    "setTimeout-with-a-code-string": ("setTimeout('globalThis.leak = 1', 1)", None),
}


@pytest.mark.parametrize("case", ESCAPES.values(), ids=ESCAPES.keys())
def test_reaching_outside_wx_fails_with_a_clear_message(tmp_path, case):
    source, says = case
    r = run_page(tmp_path, f"let result = 'ran';\ntry {{ {source}; }} catch (e) {{ result = e.message; }}\n"
                           "setTimeout(() => console.log('result:', result, typeof leak), 5);\n")
    assert "Traceback" not in r.stderr
    last = [line for line in console(r) if line.startswith("[log] result:")]
    assert last and last[0].endswith("undefined"), console(r)
    if says is not None:
        assert says in last[0], last
    else:
        assert "code strings are not run" in r.stdout


def test_the_global_from_function_return_this_holds_nothing_beyond_wx(tmp_path):
    r = run_page(tmp_path, "const g = Function('return this')();\n"
                           "console.log(g === globalThis, typeof g.require, typeof g.process, typeof g.fetch,\n"
                           "  typeof g.XMLHttpRequest, typeof g.setTimeout, typeof g.wx);\n")
    assert_clean(r)
    assert console(r) == ["[log] true undefined undefined undefined undefined function object"]


def test_a_dynamic_import_loads_nothing_and_is_reported(tmp_path):
    r = run_page(tmp_path, "Page({data: {a: 1}, async onLoad() {\n  const m = await import('fs');\n"
                           "  this.setData({a: typeof m});\n}});\n")
    assert_one_clear_line(r, 1, "page.js:2")
    assert final_data(r) == {"a": 1}


# -- requests: many at once, abort storms, listeners that remove listeners --------------------------------
def requests_page(url: str, n: int, path: str, counts: str, options: str, then: str = "") -> str:
    """A page that makes ``n`` requests at once; the last to complete sets its ``seen`` counts as the data."""
    return (f"const seen = {{complete: 0, {counts}}};\nPage({{data: {{}}, onLoad() {{\n"
            f"  for (let i = 0; i < {n}; i++) {{\n"
            f"    const task = wx.request({{url: '{url}/{path}?i=' + i, enableChunked: true, {options},\n"
            f"      complete: () => {{ if (++seen.complete === {n}) this.setData(seen); }}}});\n{then}  }}\n}}}});\n")


def test_2000_requests_at_once_run_10_at_a_time_and_all_complete(tmp_path, server):
    url, counting = server
    r = run_page(tmp_path, requests_page(url, 2000, "s", "success: 0", "success: () => seen.success++"), limit=240)
    assert_clean(r)
    assert final_data(r) == {"complete": 2000, "success": 2000}
    # wx.request doc: at most 10 requests at a time (docs/device.md, "Limits").
    assert counting.served == 2000 and counting.most <= 10, (counting.served, counting.most)
    recorded = logs(tmp_path)
    assert len(recorded) == 2000
    assert all(read_bytes_in(log) == b"".join(EVENTS) for log in recorded)


def test_an_abort_storm_fails_every_request_once_and_nothing_after_abort(tmp_path, server):
    url, counting = server
    page = requests_page(url, 300, "slow", "fail: 0, success: 0, chunksAfterAbort: 0",
                         "success: () => seen.success++,\n"
                         "      fail: (res) => { if (res.errMsg === 'request:fail abort') seen.fail++; }",
                         "    let aborted = false;\n"
                         "    task.onChunkReceived(() => { if (aborted) seen.chunksAfterAbort++; aborted = true;\n"
                         "      for (let k = 0; k < 50; k++) task.abort(); });\n"
                         "    if (i % 2) { task.abort(); task.abort(); aborted = true; }\n")
    r = run_page(tmp_path, page, limit=120)
    assert_clean(r)
    assert final_data(r) == {"fail": 300, "success": 0, "complete": 300, "chunksAfterAbort": 0}
    # Half were aborted at once: those still queued behind 10 are never sent (the first few may be).
    assert 150 <= len(counting.bodies) <= 155
    # abort() really closes the connection (PRODUCT.md A): no aborted stream could be written to its end.
    assert counting.finished == 0
    # Each sent request's log ends in abort and holds every byte read before it.
    assert len(logs(tmp_path)) >= 150
    for log in logs(tmp_path):
        opened = read_log(log)
        assert len(read_bytes_in(log)) == opened.end["totals"]["read"]["bytes"]
        assert opened.end["reason"] == "abort"


LISTENERS = {
    "one-removes-itself-and-a-later-one": (
        "const a = () => { calls.a++; task.offChunkReceived(a); task.offChunkReceived(c); };\n"
        "const b = () => { calls.b++; };\nconst c = () => { calls.c++; };\n"
        "task.onChunkReceived(a); task.onChunkReceived(b); task.onChunkReceived(c);\n", {"a": 1, "c": 0}),
    "off-with-no-argument-removes-every-one": (
        "task.onChunkReceived(() => { calls.a++; task.offChunkReceived(); });\n"
        "task.onChunkReceived(() => { calls.b++; });\n", {"a": 1, "b": 0}),
}


@pytest.mark.parametrize("case", LISTENERS.values(), ids=LISTENERS.keys())
def test_a_listener_that_removes_listeners_takes_effect_at_once(tmp_path, server, case):
    listeners, expected = case
    url, _ = server
    r = run_page(tmp_path, "const calls = {a: 0, b: 0, c: 0};\nPage({data: {}, onLoad() {\n"
                           f"const task = wx.request({{url: '{url}/slow', enableChunked: true,\n"
                           f"  complete: () => this.setData(calls)}});\n{listeners}}}}});\n")
    assert_clean(r)
    data = final_data(r)
    assert {k: data[k] for k in expected} == expected
    if "b" not in expected:
        assert data["b"] >= 2  # the one left hears every chunk


def test_an_endless_chunk_listener_is_stopped_and_the_log_keeps_every_byte(tmp_path, server):
    url, _ = server
    r = run_page(tmp_path, "Page({data: {end: ''}, onLoad() {\n"
                           f"  const task = wx.request({{url: '{url}/slow', enableChunked: true,\n"
                           "    complete: (res) => this.setData({end: res.errMsg})});\n"
                           "  task.onChunkReceived(() => { for (;;) {} });\n}});\n")
    # Stopped at every chunk, said on one line with the count.
    assert_one_clear_line(r, 1, "onChunkReceived listener ran longer")
    assert final_data(r) == {"end": "request:ok"}
    [log] = logs(tmp_path)
    assert read_bytes_in(log) == b"".join(EVENTS)


# -- secrets: the page's storage is its own, request secrets never reach a log ---------------------------
SECRET = {"storage": "STORED-TOKEN-5c1d9e", "auth": "BEARER-77aa01", "key": "APIKEY-3f9e22",
          "body": "PASSWORD-0b7c4d", "query": "QTOKEN-e81f60"}


def test_request_secrets_never_reach_a_log_while_the_pages_storage_keeps_its_own(tmp_path, server):
    url, counting = server
    project = tmp_path / "project"
    (project / "pages" / "index").mkdir(parents=True)
    (project / "app.json").write_text('{"pages": ["pages/index/index"]}')
    (project / "pages" / "index" / "index.js").write_text(
        "Page({data: {}, onLoad() {\n"
        f"  wx.setStorageSync('token', '{SECRET['storage']}');\n"
        f"  console.log('logged in with', wx.getStorageSync('token'));\n"
        f"  wx.request({{url: '{url}/s?access_token={SECRET['query']}', method: 'POST', enableChunked: true,\n"
        f"    header: {{Authorization: 'Bearer {SECRET['auth']}', 'X-Api-Key': '{SECRET['key']}'}},\n"
        f"    data: {{user: {{password: '{SECRET['body']}'}}, q: 'hi'}},\n"
        "    complete: (res) => this.setData({end: res.errMsg})});\n}});\n")
    r = mpsim(tmp_path / "home", "run", str(project), "--timeout", str(RUN_TIMEOUT_MS), timeout=LIMIT_S)
    assert_clean(r)
    assert final_data(r) == {"end": "request:ok"}
    sent = b"".join(counting.bodies)
    assert all(SECRET[k].encode() in sent for k in ("auth", "key", "body"))  # the server got them
    home = tmp_path / "home"
    # docs/chunk-log.md: the log redacts what the request carried. A page's storage is not a log: on a
    # device it is kept as the page stored it, so mpsim keeps it too, in an owner-only file.
    for name in ("auth", "key", "body", "query"):
        assert files_holding(SECRET[name], home) == [], name
    [stored] = files_holding(SECRET["storage"], home)
    assert stored.parent.name == "storage" and stored.stat().st_mode & 0o077 == 0
    # The console goes to the user's terminal, as on a device's vConsole; it is written to no file.
    assert f"[log] logged in with {SECRET['storage']}" in console(r)
