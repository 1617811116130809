"""Storage kept per project (storage.py) and the host ops that keep it, draw UI and copy text (host.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.core.paths import data_dir
from simulator.runtime import MiniProgram
from simulator.runtime.host import Host
from simulator.runtime.storage import ProjectStorage, StorageFileError, read_storage_file, storage_info


# -- --storage FILE.json -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "must be a JSON object of key -> value, not an array"),
        ('"token"', "must be a JSON object of key -> value, not a string"),
        ('{"a": 1,', "not valid JSON (Expecting property name enclosed in double quotes at line 1 column 9)"),
    ],
    ids=["array", "string", "broken-json"],
)
def test_a_storage_file_that_is_not_an_object_is_one_clear_line(tmp_path, text, message):
    path = tmp_path / "seed.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StorageFileError) as info:
        read_storage_file(path)
    assert str(info.value) == f"storage file {path}: {message}"
    assert "\n" not in str(info.value)


def test_a_missing_storage_file_says_so(tmp_path):
    with pytest.raises(StorageFileError, match="no such file"):
        read_storage_file(tmp_path / "nope.json")


def test_a_storage_file_with_a_bom_is_read(tmp_path):
    path = tmp_path / "seed.json"
    path.write_bytes('\ufeff{"token": "abc", "n": 1}'.encode())
    assert read_storage_file(path) == {"token": "abc", "n": 1}


# -- per project in mpsim's data folder ----------------------------------------------------------------
def test_projects_are_kept_apart_by_appid_or_by_folder(tmp_path):
    by_appid = ProjectStorage.for_project("wx1234567890abcdef")
    assert by_appid.path == data_dir() / "storage" / "wx1234567890abcdef.json"
    one, two = tmp_path / "a" / "chat", tmp_path / "b" / "chat"
    # The tourist appid is shared by every project without one: the folder tells them apart.
    assert ProjectStorage.for_project(one).path != ProjectStorage.for_project(two).path
    assert ProjectStorage.for_project("touristappid").path != by_appid.path
    assert ProjectStorage.for_project(one).path == ProjectStorage.for_project(one).path


def test_saved_items_come_back_and_only_the_user_can_read_them(tmp_path):
    store = ProjectStorage(tmp_path / "storage" / "p.json")
    assert store.load() == {}
    items = {"token": "secret", "history": [{"role": "user", "text": "你好"}],
             "when": {"__mpsim_type__": "Date", "value": "1970-01-02T00:00:00.000Z"}}
    store.save(items)
    assert store.load() == items
    assert os.stat(store.path).st_mode & 0o077 == 0
    assert [p.name for p in store.path.parent.iterdir()] == ["p.json"]  # no temporary file left


def test_sizes_agree_with_what_the_page_reports():
    src = """
    Page({ data: {}, onLoad() {
      wx.setStorageSync('text', '流式回答'.repeat(500));
      wx.setStorageSync('list', [{ role: 'user', content: 'hi' }, 3.5, null]);
      wx.setStorageSync('when', new Date(0));
      this.setData({ info: wx.getStorageInfoSync() });
    } });
    """
    info = MiniProgram(src, timeout_ms=10000).run().data["info"]
    items = {"text": "流式回答" * 500, "list": [{"role": "user", "content": "hi"}, 3.5, None],
             "when": {"__mpsim_type__": "Date", "value": "1970-01-01T00:00:00.000Z"}}
    assert info == storage_info(items)
    assert info["currentSize"] == 6  # 6,000 bytes of UTF-8 text and a little more: 6 KB


# -- host ops ---------------------------------------------------------------------------------------------
def test_storage_op_is_saved_and_shown(tmp_path):
    store = ProjectStorage(tmp_path / "p.json")
    shown: list[dict] = []
    host = Host(storage=store.path, on_storage=shown.append)  # a path, as MiniProgram's storage_path
    host.handle(["storage", {"k": 1}])
    host.handle(["storage", {"k": 2, "j": "x"}])
    assert json.loads(store.path.read_text(encoding="utf-8")) == {"k": 2, "j": "x"}
    assert shown == [{"k": 1}, {"k": 2, "j": "x"}]


def test_storage_that_cannot_be_saved_is_said_once_and_the_window_still_sees_it(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    said: list[tuple[str, str]] = []
    shown: list[dict] = []
    host = Host(storage=ProjectStorage(blocker / "p.json"), on_storage=shown.append,
                say=lambda level, text: said.append((level, text)))
    host.handle(["storage", {"k": 1}])
    host.handle(["storage", {"k": 2}])
    assert len(said) == 1 and said[0][0] == "warn" and "could not be saved" in said[0][1]
    assert shown == [{"k": 1}, {"k": 2}]


class SystemClipboard:
    """Stands for the window's clipboard: what was copied."""

    def __init__(self) -> None:
        self.copied: list[str] = []

    def get(self) -> str:
        return self.copied[-1] if self.copied else ""

    def set(self, text: str) -> None:
        self.copied.append(text)


def test_ui_and_clipboard_ops_reach_the_window_and_the_clipboard():
    drawn: list[tuple[str, dict]] = []
    clipboard = SystemClipboard()
    host = Host(clipboard=clipboard, on_ui=lambda kind, payload: drawn.append((kind, payload)))
    host.handle(["ui", "toast", {"title": "发送中…", "icon": "none", "duration": 1500}])
    host.handle(["clipboard", "copied answer"])
    assert drawn == [("toast", {"title": "发送中…", "icon": "none", "duration": 1500})]
    assert clipboard.copied == ["copied answer"]


def test_an_unknown_op_is_an_error_line_not_a_crash():
    said: list[tuple[str, str]] = []
    Host(say=lambda level, text: said.append((level, text))).handle(["teleport", 1])
    assert said == [("error", "mpsim runtime: unknown host op 'teleport' (ignored)")]


def test_headless_storage_folder_is_under_mpsim_home():
    # tests/conftest.py points MPSIM_HOME at a temporary folder: nothing touches the user's data.
    assert Path(os.environ["MPSIM_HOME"]) in ProjectStorage.for_project("wxabc").path.parents


# -- through a run ----------------------------------------------------------------------------------------
COUNTER_PAGE = """
Page({ data: {}, onLoad() {
  const runs = wx.getStorageSync('runs') || 0;
  wx.setStorageSync('runs', runs + 1);
  this.setData({ runs, token: wx.getStorageSync('token') });
} });
"""


def test_storage_is_kept_between_runs_of_a_project_and_seeded_from_a_file(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"token": "t-123", "runs": 5}', encoding="utf-8")
    store = ProjectStorage(tmp_path / "kept.json")
    shown: list[dict] = []

    def run_once(items: dict) -> dict:
        return MiniProgram(COUNTER_PAGE, timeout_ms=10000, storage=items, storage_path=store.path,
                           on_storage=shown.append).run().data

    assert run_once(read_storage_file(seed)) == {"runs": 5, "token": "t-123"}
    assert run_once(store.load()) == {"runs": 6, "token": "t-123"}
    assert store.load() == {"token": "t-123", "runs": 7}
    assert shown[-1] == {"token": "t-123", "runs": 7}


def test_the_storage_view_edits_storage_while_the_page_runs(tmp_path):
    src = """
    Page({ data: {}, onLoad() {
      console.log('waiting for the edit');
      const poll = setInterval(() => {
        const v = wx.getStorageSync('from-window');
        if (v) { clearInterval(poll); this.setData({ seen: v, keys: wx.getStorageInfoSync().keys }); }
      }, 5);
    } });
    """
    holder: dict[str, MiniProgram] = {}

    def on_console(level: str, text: str, line: int | None) -> None:
        if text == "waiting for the edit":
            holder["p"].remove_storage("old")
            holder["p"].set_storage("from-window", {"edited": True})

    holder["p"] = MiniProgram(src, timeout_ms=10000, storage={"old": 1}, storage_path=tmp_path / "s.json",
                              on_console=on_console)
    assert holder["p"].run().data == {"seen": {"edited": True}, "keys": ["from-window"]}
    assert ProjectStorage(tmp_path / "s.json").load() == {"from-window": {"edited": True}}


def test_the_page_reads_and_writes_the_windows_clipboard():
    src = """
    Page({ data: {}, async onLoad() {
      const before = (await wx.getClipboardData()).data;
      await wx.setClipboardData({ data: '答案：42' });
      this.setData({ before, after: (await wx.getClipboardData()).data });
    } });
    """
    clipboard = SystemClipboard()
    clipboard.set("copied in another app")
    result = MiniProgram(src, timeout_ms=10000, clipboard=clipboard).run()
    assert result.data == {"before": "copied in another app", "after": "答案：42"}
    assert clipboard.copied == ["copied in another app", "答案：42"]


# -- mpsim run PROJECT --storage ----------------------------------------------------------------------
CHAT_PROJECT = {
    "project.config.json": '{"appid": "wxstoragetest0001", "projectname": "storage-chat"}',
    "app.json": '{"pages": ["pages/chat/index"]}',
    "app.js": "App({ globalData: {} });",
    "pages/chat/index.js": """
Page({
  data: {},
  onLoad() {
    const history = wx.getStorageSync('history') || [];
    history.push('question ' + (history.length + 1));
    wx.setStorageSync('history', history);
    wx.showToast({ title: '已保存', icon: 'none' });
    this.setData({ history, appId: wx.getAccountInfoSync().miniProgram.appId, token: wx.getStorageSync('token') });
  },
});
""",
}


def mpsim_run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator.cli", "run", *args], capture_output=True, text=True,
                          timeout=90, env={**os.environ, "PYTHONIOENCODING": "utf-8", "MPSIM_HOME": str(home)})


def test_mpsim_run_keeps_a_projects_storage_in_the_data_folder(tmp_path):
    project, home = tmp_path / "chat", tmp_path / "home"
    for name, text in CHAT_PROJECT.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    seed = tmp_path / "seed.json"
    seed.write_text('{"token": "t-1", "history": ["from the seed"]}', encoding="utf-8")

    first = mpsim_run(home, str(project), "--storage", str(seed))
    assert first.returncode == 0, first.stderr
    assert "[wx.showToast] 已保存" in first.stdout
    assert json.loads(first.stdout.strip().splitlines()[-1]) == {
        "history": ["from the seed", "question 2"], "appId": "wxstoragetest0001", "token": "t-1"}

    second = mpsim_run(home, str(project))
    assert json.loads(second.stdout.strip().splitlines()[-1])["history"] == [
        "from the seed", "question 2", "question 3"]
    kept = json.loads((home / "storage" / "wxstoragetest0001.json").read_text(encoding="utf-8"))
    assert kept == {"token": "t-1", "history": ["from the seed", "question 2", "question 3"]}


def test_mpsim_run_with_a_storage_file_that_is_not_an_object_exits_2_with_one_line(tmp_path):
    project = tmp_path / "chat"
    for name, text in CHAT_PROJECT.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    seed = tmp_path / "seed.json"
    seed.write_text('["not", "an", "object"]', encoding="utf-8")
    r = mpsim_run(tmp_path / "home", str(project), "--storage", str(seed))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"mpsim run: storage file {seed}: must be a JSON object of "
                                             "key -> value, not an array"]


HISTORY_PAGE = """
Page({ data: { history: [] },
  onLoad() { this.setData({ history: wx.getStorageSync('history') || [] }); },
  onUnload() { wx.setStorageSync('history', this.data.history.concat(['turn'])); } });
"""


def test_what_a_page_saves_in_onunload_is_kept_for_the_next_run(tmp_path):
    store = ProjectStorage(tmp_path / "kept.json")

    def run_once() -> dict:
        return MiniProgram(HISTORY_PAGE, timeout_ms=10000, storage=store.load(), storage_path=store.path).run().data

    assert run_once() == {"history": []}
    assert store.load() == {"history": ["turn"]}
    assert run_once() == {"history": ["turn"]}
    assert store.load() == {"history": ["turn", "turn"]}
