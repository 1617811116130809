"""The example scripts in assets/examples/ give what their header comments promise."""

from __future__ import annotations

import re

import pytest

from simulator import ASSETS
from simulator.runtime import run_script
from simulator.server.demo import DEMO_ANSWER

EXAMPLES = ASSETS / "examples"
PROFILES = ["passthrough", "utf8-cut", "random"]
MOJIBAKE = re.compile("[\u00c0-\u00ff]")  # UTF-8 lead bytes shown as Latin-1 characters


def run(name: str, demo_url: str, profile: str, **kw):
    return run_script(EXAMPLES / name, query={"base": demo_url}, profile=profile, timeout_ms=20000, **kw)


def test_every_example_starts_with_a_comment_saying_what_it_demonstrates():
    names = sorted(p.name for p in EXAMPLES.glob("*.js"))
    assert {"naive-decoder.js", "streaming-decoder.js", "overwrite.js", "abort-button.js"} <= set(names)
    for name in names:
        first = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"// {name}:"), name


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("platform", ["android", "devtools"])
def test_streaming_decoder_gives_the_exact_answer_under_every_profile(demo_url, profile, platform):
    result = run("streaming-decoder.js", demo_url, profile, platform=platform)
    assert result.error is None
    assert result.data["answer"] == DEMO_ANSWER
    assert result.data["status"] == "done (HTTP 200)"


@pytest.mark.parametrize("seed", range(5))
def test_streaming_decoder_survives_random_cuts_with_any_seed(demo_url, seed):
    assert run("streaming-decoder.js", demo_url, "random", seed=seed).data["answer"] == DEMO_ANSWER


def test_naive_decoder_is_right_when_chunks_do_not_cut_characters(demo_url):
    result = run("naive-decoder.js", demo_url, "passthrough")
    assert result.data["answer"] == DEMO_ANSWER
    assert result.data["fallbacks"] == 0


def test_naive_decoder_garbles_characters_cut_by_a_chunk(demo_url):
    result = run("naive-decoder.js", demo_url, "utf8-cut")
    answer = result.data["answer"]
    assert answer != DEMO_ANSWER
    assert "\ufffd" in answer or MOJIBAKE.search(answer)
    assert result.data["fallbacks"] > 0
    assert result.error is None  # it fails quietly, which is why it ships


def test_naive_decoder_garbles_under_random_cuts(demo_url):
    garbled = [run("naive-decoder.js", demo_url, "random", seed=s).data["answer"] != DEMO_ANSWER for s in range(3)]
    assert any(garbled)


@pytest.mark.parametrize("profile", PROFILES)
def test_overwrite_ends_with_the_whole_answer(demo_url, profile):
    result = run("overwrite.js", demo_url, profile)
    assert result.data["answer"] == DEMO_ANSWER
    assert result.data["updates"] > 10 and result.data["status"] == "done"


@pytest.mark.parametrize("profile", PROFILES)
def test_abort_button_stops_the_stream(demo_url, profile):
    result = run("abort-button.js", demo_url, profile)
    assert result.end_reason == "idle" and result.error is None
    d = result.data
    assert d["status"] == "aborted" and d["errMsg"] == "request:fail abort"
    assert d["chunks"] >= 3 and d["chunksAfterStop"] == 0 and d["completeCalls"] == 1


def test_examples_default_to_the_demo_server_port():
    for p in EXAMPLES.glob("*.js"):
        assert "options.base || 'http://127.0.0.1:8765'" in p.read_text(encoding="utf-8"), p.name
