"""The engine behind the runtime: modern syntax, errors with line numbers, timeouts, memory limit."""

from __future__ import annotations

import pytest

from simulator.runtime.engine import (
    EngineWedged,
    MiniRacerEngine,
    ScriptException,
    ScriptOutOfMemory,
    ScriptTimeout,
    parse_v8_error,
)


@pytest.fixture
def engine():
    eng = MiniRacerEngine(max_memory_mb=64)
    yield eng
    eng.close()


def test_runs_the_syntax_qjsengine_rejects(engine):
    # async functions and object rest are what PySide6 6.12's QJSEngine rejects (PRODUCT.md D).
    engine.eval("""
        var out;
        class Counter { #n = 0; static zero = 0; inc() { return ++this.#n; } }
        async function main() {
          const { a, ...rest } = { a: 1, b: 2, c: 3 };
          function* gen() { yield* [1, 2, 3]; }
          const c = new Counter(); c.inc();
          const v = await Promise.resolve(rest?.b ?? 0);
          out = [a, v, { ...rest }.c, [...gen()].length, c.inc(), undefined?.x ?? 'n'].join();
        }
        main();
    """)
    assert engine.eval("out") == "1,2,3,3,2,n"


def test_a_thrown_error_reports_its_message_and_line(engine):
    with pytest.raises(ScriptException) as info:
        engine.eval("var x = 1;\nfunction f() { return null.y; }\nf();\n//# sourceURL=page.js")
    assert info.value.line == 2
    assert info.value.filename == "page.js"
    assert "TypeError" in info.value.message
    assert "page.js:2:" in info.value.stack


def test_a_syntax_error_reports_its_line(engine):
    with pytest.raises(ScriptException) as info:
        engine.eval("var a = 1;\n\nlet = = 2;\n")
    assert info.value.line == 3
    assert "SyntaxError" in info.value.message


def test_an_endless_loop_times_out_and_the_engine_goes_on(engine):
    with pytest.raises(ScriptTimeout):
        engine.eval("while (true) {}", timeout_ms=200)
    assert engine.eval("6 * 7") == 42


def test_a_runaway_allocation_hits_the_memory_limit_and_the_engine_goes_on(engine):
    with pytest.raises(ScriptOutOfMemory):
        engine.eval("var hog = []; while (true) hog.push(new Array(1e5).fill(1.5));", timeout_ms=20000)
    assert engine.eval("hog = null; 1 + 1") == 2
    # The limit was re-armed: an ordinary exception is not mistaken for out-of-memory.
    with pytest.raises(ScriptException):
        engine.eval("throw new Error('plain')")


def test_a_runaway_promise_continuation_is_detected_as_wedged(engine):
    engine.eval("Promise.resolve().then(() => { while (true) {} }); 0")
    with pytest.raises(EngineWedged):
        engine.eval("1", timeout_ms=200)
    engine.close()  # terminates the loop instead of hanging


def test_scripts_reach_nothing_outside_ecmascript(engine):
    names = ["require", "process", "fetch", "XMLHttpRequest", "WebSocket", "importScripts", "Deno", "Bun",
             "module", "exports", "__dirname", "document", "window"]
    types = engine.eval("JSON.stringify([" + ",".join(f"typeof {n}" for n in names) + "])")
    assert types == '["' + '","'.join(["undefined"] * len(names)) + '"]'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("page.js:7: ReferenceError: x is not defined\nx\n^\n", 7, "ReferenceError: x is not defined"),
        ("something odd", None, "something odd"),
    ],
    ids=["v8-format", "unknown-format"],
)
def test_parse_v8_error(text, line, message):
    err = parse_v8_error(text)
    assert (err.line, err.message) == (line, message)
