"""`mpsim run` end to end: real process, real demo server, the user's own script."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from simulator import ASSETS
from simulator.core.chunklog import read_log
from simulator.server.demo import DEMO_ANSWER

ASYNC_NAIVE = r"""
// My own page: async/await, spread, optional chaining, and the community's naive decoder.
const decodeNaive = (buf) => {
  const s = String.fromCharCode(...new Uint8Array(buf));
  try { return decodeURIComponent(escape(s)); } catch (e) { return s; }
};
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
Page({
  data: { answer: '', chunks: 0 },
  async onLoad(options) {
    await wait(1);
    let pending = '';
    const task = wx.request({
      url: `${options.base}/v1/chat/completions`, method: 'POST', enableChunked: true,
      data: { stream: true, messages: [{ role: 'user', content: 'hi' }] },
      success: () => console.info('done'),
    });
    task.onChunkReceived(({ data }) => {
      pending += decodeNaive(data);
      const blocks = pending.split('\n\n');
      pending = blocks.pop();
      for (const b of blocks) {
        const payload = b.replace(/^data: /, '');
        if (payload === '[DONE]') continue;
        const delta = JSON.parse(payload)?.choices?.[0]?.delta?.content ?? '';
        this.setData({ answer: this.data.answer + delta, chunks: this.data.chunks + 1 });
      }
    });
  },
});
"""


def mpsim_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator.cli", "run", *args], capture_output=True, text=True,
                          timeout=90, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def final_data(r: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(r.stdout.rstrip("\n").split("\n")[-1])


@pytest.mark.parametrize("profile", ["passthrough", "utf8-cut", "random"])
def test_streaming_decoder_example_gets_the_answer_under_every_profile(demo_url, profile):
    r = mpsim_run(str(ASSETS / "examples" / "streaming-decoder.js"), "--query", f"base={demo_url}",
                  "--profile", profile)
    assert r.returncode == 0, r.stderr
    assert final_data(r)["answer"] == DEMO_ANSWER


def test_my_async_script_with_the_naive_decoder_is_clean_whole_and_garbled_cut(demo_url, tmp_path):
    script = tmp_path / "page.js"
    script.write_text(ASYNC_NAIVE, encoding="utf-8")
    clean = mpsim_run(str(script), "--query", f"base={demo_url}", "--profile", "wire")
    assert clean.returncode == 0, clean.stderr
    assert final_data(clean)["answer"] == DEMO_ANSWER
    assert "[info] done" in clean.stdout
    cut = mpsim_run(str(script), "--query", f"base={demo_url}", "--profile", "utf8-cut")
    garbled = final_data(cut)["answer"]
    assert garbled != DEMO_ANSWER and len(garbled) > 0


def test_requests_are_recorded_to_the_given_log(demo_url, tmp_path):
    log = tmp_path / "run.jsonl"
    r = mpsim_run(str(ASSETS / "examples" / "overwrite.js"), "--query", f"base={demo_url}", "-o", str(log))
    assert r.returncode == 0, r.stderr
    assert read_log(log).end["reason"] == "complete"


def test_an_uncaught_error_prints_message_and_line_and_exits_1(tmp_path):
    script = tmp_path / "bad.js"
    script.write_text("console.log('before');\nconst x = null;\nx.boom();\n", encoding="utf-8")
    r = mpsim_run(str(script))
    assert r.returncode == 1
    assert "[log] before" in r.stdout
    assert "TypeError" in r.stderr and "line 3" in r.stderr


def test_a_runaway_loop_is_stopped_with_a_clear_message(tmp_path):
    script = tmp_path / "loop.js"
    script.write_text("Page({ data: { n: 1 }, onLoad() { while (true) {} } });\n", encoding="utf-8")
    r = mpsim_run(str(script))
    assert r.returncode == 1
    assert "endless loop" in r.stderr
    assert final_data(r) == {"n": 1}


def test_missing_script_is_one_clear_line(tmp_path):
    r = mpsim_run(str(tmp_path / "nope.js"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot read script" in r.stderr


def test_query_reaches_onload_and_launch_options(tmp_path):
    script = tmp_path / "q.js"
    script.write_text(
        "Page({ data: {}, onLoad(o) { this.setData({ a: o.a, b: wx.getLaunchOptionsSync().query.b }); } });",
        encoding="utf-8")
    r = mpsim_run(str(script), "--query", "a=1", "--query", "b=二")
    assert final_data(r) == {"a": "1", "b": "二"}


