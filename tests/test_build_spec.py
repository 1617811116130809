"""build.spec builds a one-folder app whose `mpsim` runs headless: --version and a real record."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("PyInstaller", reason="PyInstaller is in the [test] extra")


@pytest.fixture(scope="module")
def built_app(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    r = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build.spec")],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    exe = work / "dist" / "mpsim" / "mpsim"
    assert exe.exists()
    return exe


def test_built_app_prints_its_version(built_app):
    r = subprocess.run([str(built_app), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("mpsim ")


def test_built_app_records_the_demo_stream(built_app, demo_url, tmp_path):
    log = tmp_path / "built.jsonl"
    r = subprocess.run([str(built_app), "record", f"{demo_url}/sse/append", "-o", str(log)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("200 OK") and log.stat().st_size > 0


def test_built_app_runs_a_script_on_v8(built_app, demo_url):
    r = subprocess.run([str(built_app), "run", str(ROOT / "assets" / "examples" / "streaming-decoder.js"),
                        "--query", f"base={demo_url}"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert r.returncode == 0, r.stderr
    assert '"answer": "你好' in r.stdout


def test_built_app_opens_the_window(built_app, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MPSIM_QUIT_AFTER_MS": "1500", "MPSIM_HOME": str(tmp_path)}
    r = subprocess.run([str(built_app), "gui"], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    # closing the window saved its layout: the window really opened, with its controllers
    assert "window" in (tmp_path / "gui.ini").read_text()
