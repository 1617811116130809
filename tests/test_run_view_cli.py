"""`mpsim run PROJECT --input SELECTOR=TEXT --tap SELECTOR --screenshot FILE.png`, end to end: a real
process, the demo server on loopback, the chat project's own page driven through its WXML."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.server.demo import DEMO_ANSWER

CHAT = Path(__file__).parent / "projects" / "view-chat"
REMOTE = "https://api.example.com"


def mpsim_run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPSIM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "simulator", "run", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize("profile", ["passthrough", "random", "utf8-cut"])
def test_input_and_tap_stream_the_answer_into_page_data(profile: str, demo_url: str, tmp_path: Path):
    proc = mpsim_run(str(CHAT), "--map", f"{REMOTE}={demo_url}", "--input", "#question=你好", "--tap", "#send",
                     "--profile", profile, "--seed", "7", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [m["text"] for m in data["messages"]] == ["你好", DEMO_ANSWER]
    assert data["status"] == "request:ok" and data["sending"] is False


def test_steps_run_in_command_line_order_with_call(demo_url: str, tmp_path: Path):
    # --call first types through the page method; the --tap then sends what was typed.
    proc = mpsim_run(str(CHAT), "--map", f"{REMOTE}={demo_url}", "--call", 'onInput={"detail":{"value":"早"}}',
                     "--tap", "#send", "--input", "#question=again", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["messages"][0]["text"] == "早"
    assert data["question"] == "again"  # typed after the answer, not sent


@pytest.mark.parametrize(("args", "message"), [
    (["--tap", "#nope"], "--tap #nope: no element matches; the page has .chat, .messages, .composer, #question"),
    (["--input", "#question"], "--input: expected SELECTOR=TEXT, got '#question'"),
    (["--tap", "#a["], "--tap '#a['"),
], ids=["nothing-matches", "input-without-text", "unreadable-selector"])
def test_a_bad_step_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path):
    proc = mpsim_run(str(CHAT), *args, home=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_view_steps_need_a_project_folder(tmp_path: Path):
    script = tmp_path / "page.js"
    script.write_text("Page({ data: {} })", encoding="utf-8")
    proc = mpsim_run(str(script), "--tap", "#send", home=tmp_path)
    assert proc.returncode == 2
    assert "need a project folder" in proc.stderr


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize(("platform", "size"), [(None, (375, 667)), ("ios", (393, 852))], ids=["default", "ios"])
def test_screenshot_saves_the_page_at_the_devices_size(platform, size, demo_url: str, tmp_path: Path):
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    shot = tmp_path / "chat.png"
    extra = ["--platform", platform] if platform else []
    proc = mpsim_run(str(CHAT), "--map", f"{REMOTE}={demo_url}", "--input", "#question=你好", "--tap", "#send",
                     "--screenshot", str(shot), *extra, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert png_size(shot) == size
    lines = proc.stdout.strip().splitlines()
    assert json.loads(lines[-1])["answer"] == DEMO_ANSWER  # the last line stays the page data
    assert f"saved to {shot}" in lines[-2]
