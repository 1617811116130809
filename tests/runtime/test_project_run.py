"""`mpsim run PROJECT --map ... --call ...` end to end: real process, the demo server on loopback,
projects as they are checked in (tests/projects/), the streamed answer in the final page data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.core.chunklog import read_log
from simulator.server.demo import DEMO_ANSWER

PROJECTS = Path(__file__).parent.parent / "projects"
REMOTE = "https://api.example.com"


def mpsim_run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPSIM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "simulator", "run", *args], capture_output=True, text=True,
                          timeout=90, env=env)


def final_data(proc: subprocess.CompletedProcess[str]) -> dict:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("project", "typing", "send", "profile"), [
    ("cjs-chat", "bindInput", "onSend", "random"),
    ("cjs-chat", "bindInput", "onSend", "utf8-cut"),
    ("esm-chat", "onInput", "sendMessage", "utf8-cut"),
    ("ts-chat", "handleInput", "sendMessage", "random"),
], ids=["commonjs-component-npm-random", "commonjs-utf8-cut", "es-modules-utf8-cut", "typescript-random"])
def test_a_chat_project_streams_its_answer_into_page_data(project: str, typing: str, send: str, profile: str,
                                                          demo_url: str, tmp_path: Path):
    log = tmp_path / "chat.jsonl"
    proc = mpsim_run(str(PROJECTS / project), "--map", f"{REMOTE}={demo_url}",
                     "--call", typing + '={"detail":{"value":"你好"}}', "--call", send,
                     "--profile", profile, "--seed", "3", "-o", str(log), home=tmp_path)
    data = final_data(proc)
    contents = [m["content"] for m in data["messages"]]
    assert contents[0] == "你好"
    assert contents[-1] == DEMO_ANSWER
    # The mapping is said once, and the log keeps both where the page asked and where it went.
    assert proc.stdout.count(f"mpsim: --map {REMOTE} -> {demo_url}") == 1
    header = read_log(log).header
    assert header["request"]["url"] == f"{demo_url}/v1/chat/completions"
    assert header["options"]["page_url"] == f"{REMOTE}/v1/chat/completions"


def test_unmapped_requests_go_where_the_page_says(tmp_path: Path):
    proc = mpsim_run(str(PROJECTS / "cjs-chat"), "--map", "https://elsewhere.example=http://127.0.0.1:9",
                     "--call", 'bindInput={"detail":{"value":"hi"}}', "--call", "onSend", "--timeout", "20000",
                     home=tmp_path)
    assert "mpsim: --map" not in proc.stdout
    # api.example.com is not reachable from the test machine: the page's own fail path runs.
    assert final_data(proc)["status"].startswith("request:fail")


SMALL = {
    "app.json": '{"pages": ["pages/a/a", "pages/b/b"], "networkTimeout": {"request": 1500}}',
    "app.js": "App({ globalData: { who: 'app' }, onLaunch() { this.globalData.launched = true } })",
    "pages/a/a.js": "const app = getApp()\nPage({ data: {}, onLoad() { this.setData({ who: app.globalData.who, "
                    "launched: app.globalData.launched, stack: getCurrentPages().length }) } })",
    "pages/b/b.js": "Page({ data: { b: true } })",
}


def test_app_js_runs_first_and_get_app_gives_its_global_data(tmp_path: Path, write_project):
    proc = mpsim_run(str(write_project(tmp_path / "p", SMALL)), home=tmp_path)
    assert final_data(proc) == {"who": "app", "launched": True, "stack": 1}


def test_network_timeout_of_app_json_is_the_default_request_timeout(tmp_path: Path, write_project):
    files = dict(SMALL)
    files["pages/a/a.js"] = ("Page({ data: {}, onLoad() { wx.request({ url: 'http://127.0.0.1:9/x', "
                             "fail: (r) => this.setData({ timeout: this.t }) }); } })")
    log = tmp_path / "t.jsonl"
    mpsim_run(str(write_project(tmp_path / "p", files)), "-o", str(log), home=tmp_path)
    assert read_log(log).header["options"]["timeout"] == 1500


@pytest.mark.parametrize(("files", "args", "says", "code"), [
    ({"readme.md": "not a project"}, [], "is not a mini-program project", 2),
    (SMALL, ["--page", "pages/zzz/zzz"], "not a page of app.json; its pages: pages/a/a, pages/b/b", 2),
    ({**SMALL, "app.json": '{"pages": ["pages/a/a",]}'}, [], "app.json", 2),
    (SMALL, ["--map", "https://api.example.com"], "must look like FROM=TO", 2),
    (SMALL, ["--storage", "STORAGE"], "must be a JSON object", 2),
    ({**SMALL, "pages/a/a.js": "const u = require('./nope')\nPage({})"},
     [], "Cannot find module './nope' from 'pages/a/a.js'", 1),
    ({**SMALL, "pages/a/a.js": "Page({\n  data: {\n}})}\n"}, [],
     "SyntaxError: unexpected '}' at pages/a/a.js:3:4: }})}", 1),
    ({**SMALL, "pages/a/a.js": "require('../../cfg')\nPage({})", "cfg.js": "\nthrow new Error('no key')"},
     [], "Error: no key (loading pages/a/a at cfg.js:2", 1),
], ids=["not-a-project", "route-not-in-app-json", "broken-app-json", "map-without-equals", "storage-not-object",
        "module-not-found", "syntax-error", "module-throws-while-loading"])
def test_bad_input_is_one_clear_line_and_never_a_traceback(files: dict[str, str], args: list[str], says: str,
                                                           code: int, tmp_path: Path, write_project):
    project = write_project(tmp_path / "p", files)
    (tmp_path / "storage.json").write_text("[1, 2]", encoding="utf-8")
    args = [str(tmp_path / "storage.json") if a == "STORAGE" else a for a in args]
    proc = mpsim_run(str(project), *args, home=tmp_path)
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr
    first = proc.stderr.strip().splitlines()[0]
    assert first.startswith("mpsim run: ") and says in first, proc.stderr


def test_unhandled_rejections_are_reported_once_each_as_a_device_logs_them():
    from simulator.runtime import MiniProgram

    src = """
    Page({
      data: {},
      onLoad() {
        Promise.reject(new Error('plain'))
        new Promise((resolve, reject) => reject('a string'))
        Promise.resolve().then(() => { throw new TypeError('in then') }).then(() => 'derived, same rejection')
        Promise.reject(new Error('caught')).catch(() => {})
        const later = Promise.reject(new Error('awaited'));
        (async () => { try { await later } catch (e) { this.setData({ awaited: e.message }) } })()
      },
    })
    """
    result = MiniProgram(src, timeout_ms=10000).run()
    uncaught = sorted(c.text.splitlines()[0] for c in result.console if c.text.startswith("Uncaught"))
    assert uncaught == ["Uncaught (in promise) 'a string' [promise]",
                        "Uncaught (in promise) Error: plain [promise]",
                        "Uncaught (in promise) TypeError: in then [promise]"]
    assert result.data == {"awaited": "awaited"}


def test_an_endless_promise_chain_ends_the_run_with_a_clear_message(tmp_path: Path):
    script = tmp_path / "endless.js"
    script.write_text("function f() { return Promise.resolve().then(f) }\nPage({ onLoad() { f() } })\n",
                      encoding="utf-8")
    proc = mpsim_run(str(script), "--timeout", "10000", home=tmp_path)
    assert proc.returncode == 1
    assert "Script stopped:" in proc.stderr and "Traceback" not in proc.stderr
