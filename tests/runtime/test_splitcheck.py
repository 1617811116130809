"""Split check (PRODUCT.md F) over a stream recorded from the real demo server; `mpsim check` end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import ASSETS
from simulator.core.options import RequestOptions
from simulator.core.replay_task import Recording, make_task_factory
from simulator.core.task import RequestTask
from simulator.runtime import MiniProgram
from simulator.runtime.splitcheck import (
    SplitCheckError,
    describe_cut,
    split_check,
    trial_plan,
)

NAIVE = ASSETS / "examples" / "naive-decoder.js"
STREAMING = ASSETS / "examples" / "streaming-decoder.js"


@pytest.fixture(scope="module")
def openai_log(demo_url, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("splitcheck") / "openai.jsonl"
    options = RequestOptions.from_wx({
        "url": f"{demo_url}/v1/chat/completions", "method": "POST", "enableChunked": True,
        "data": {"model": "mpsim-demo", "stream": True, "messages": [{"role": "user", "content": "你好"}]}})
    end = RequestTask(options, log_path=path).run()
    assert end.reason == "complete"
    return path


def mpsim_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator.cli", "check", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


# -- the pure API ------------------------------------------------------------------------------------
def test_naive_decoder_is_changed_by_one_cut_inside_a_character(openai_log):
    progress: list[tuple[int, int, str]] = []
    report = split_check(NAIVE.read_text(encoding="utf-8"), openai_log, trials=20, seed=0,
                         on_progress=lambda *a: progress.append(a), script_name="naive-decoder.js")
    assert not report.ok and report.changed
    assert [p[0] for p in progress if p[1]] == list(range(1, 21))
    f = report.finding
    assert f is not None and f.minimal
    assert len(f.cuts) == 1, f.cuts  # ONE cut is enough to garble the naive decoder
    place = f.places[0]
    assert place.inside_character
    assert "-byte character '" in place.character and "(byte " in place.character
    assert place.structure.startswith("inside SSE event #") and "at offset" in place.structure
    assert f.difference.path.startswith("answer")
    assert f.difference.baseline != f.difference.changed
    # The reported cut really changes the page data, and the page data uncut is the right answer.
    body = Recording.load(openai_log).body
    uncut = MiniProgram(NAIVE.read_text(encoding="utf-8"), task_factory=make_task_factory(openai_log, cuts=[])).run()
    cut = MiniProgram(NAIVE.read_text(encoding="utf-8"), task_factory=make_task_factory(openai_log, cuts=f.cuts)).run()
    assert uncut.data == report.baseline.value and cut.data != uncut.data
    assert 0 < f.cuts[0] < len(body)
    summary = report.summary()
    assert "ONE cut" in summary and "inside the" in summary and "first difference: answer" in summary


def test_streaming_decoder_gives_the_same_page_data_under_every_recutting(openai_log):
    report = split_check(STREAMING.read_text(encoding="utf-8"), openai_log, script_name="streaming-decoder.js")
    assert report.ok and report.finding is None
    assert len(report.trials) == 50 and {t.label for t in report.trials} >= {"utf8-cut", "fixed:1", "fixed:3",
                                                                           "fixed:7", "random seed 0"}
    assert report.compared == "page data" and report.baseline.value["answer"]
    assert "50 re-cuttings, all gave the same page data" in report.summary()


def test_a_script_without_page_data_is_compared_by_its_console_output(openai_log):
    script = """
    const task = wx.request({ url: 'http://x.invalid/', enableChunked: true });
    task.onChunkReceived((res) => console.log(new Uint8Array(res.data).length > 0 ? 'got' : 'empty'));
    """
    report = split_check(script, openai_log, trials=4)
    assert report.compared == "console output"
    assert not report.ok  # the number of chunks shows in the console
    assert report.finding is not None and report.finding.difference.path.startswith("console[")


def test_trial_plan_mixes_random_seeds_with_the_special_cuttings():
    plan = trial_plan(12, seed=5)
    assert plan == trial_plan(12, seed=5)
    assert [p[0] for p in plan[:4]] == ["random seed 5", "utf8-cut", "random seed 6", "fixed:1"]
    assert [p[2] for p in plan if p[1] == "random"] == list(range(5, 11))
    assert len(trial_plan(50)) == 50


def test_describe_cut_names_the_character_and_the_event():
    body = 'data: {"a":1}\n\ndata: {"choices":[{"delta":{"content":"你好"}}]}\n\n'.encode()
    at = body.index("你".encode()) + 1
    place = describe_cut(body, at)
    assert place.character == "inside the 3-byte character '你' (byte 2 of 3)"
    assert place.structure == ('inside SSE event #2 `data: {"choices":[{"delta":{"content":"你好"}}]}` '
                               f"at offset {at - 15} of the event, inside its JSON data")
    between = describe_cut(body, 15)
    assert not between.inside_character and between.structure == "between SSE events #1 and #2"
    assert describe_cut("x😀".encode(), 3).character == "inside the 4-byte character '😀' (byte 3 of 4)"
    lines = b'{"seq":1}\n{"seq":2}\n'
    assert describe_cut(lines, 13).structure == "inside JSON line #2 `{\"seq\":2}` at offset 3 of the line"


def test_a_script_whose_result_depends_on_chance_is_refused(openai_log):
    script = """
    Page({ data: { r: 0 }, onLoad() {
      wx.request({ url: 'http://x.invalid/', enableChunked: true, success: () => this.setData({ r: Math.random() }) });
    } });
    """
    with pytest.raises(SplitCheckError, match="differs between two uncut runs"):
        split_check(script, openai_log, trials=3)


def test_a_script_that_fails_uncut_or_makes_no_request_is_refused(openai_log):
    with pytest.raises(SplitCheckError, match="fails even with the body in one chunk"):
        split_check((ASSETS / "examples" / "overwrite.js").read_text(encoding="utf-8"), openai_log, trials=3)
    with pytest.raises(SplitCheckError, match="made no wx.request"):
        split_check("Page({ data: { a: 1 } })", openai_log, trials=3)


# -- mpsim check ---------------------------------------------------------------------------------------
def test_cli_reports_the_cut_that_breaks_the_naive_decoder(openai_log):
    r = mpsim_check(NAIVE, "--log", openai_log, "--trials", "20")
    assert r.returncode == 1, r.stderr
    assert "re-cuttings changed the page data" in r.stdout
    assert "ONE cut" in r.stdout and "-byte character" in r.stdout and "inside SSE event #" in r.stdout
    assert "first difference: answer" in r.stdout
    assert r.stderr == ""  # progress only goes to a terminal


def test_cli_passes_the_streaming_decoder(openai_log):
    r = mpsim_check(STREAMING, "--log", openai_log, "--trials", "20")
    assert r.returncode == 0, r.stderr
    assert "20 re-cuttings, all gave the same page data." in r.stdout


def test_cli_bad_inputs_are_one_clear_line_and_exit_2(openai_log, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not a chunk log\n")
    cases = [
        ((STREAMING, "--log", bad), "is not a chunk log"),
        ((STREAMING, "--log", tmp_path / "missing.jsonl"), "cannot read"),
        ((tmp_path / "missing.js", "--log", openai_log), "cannot read script"),
        ((ASSETS / "examples" / "overwrite.js", "--log", openai_log), "fails even with the body in one chunk"),
        ((STREAMING, "--log", openai_log, "--trials", "0"), "--trials must be at least 1"),
    ]
    for args, message in cases:
        r = mpsim_check(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stdout == ""
        assert r.stderr.startswith("mpsim check: ") and message in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
