"""Hostile project folders and run options, run as a user runs them: ``mpsim run FOLDER`` in a private home.

Every case checks: the run ends within its limit (the subprocess timeout), its exit code, exactly
one ``mpsim run:`` line on stderr and never a traceback, and that nothing outside the project folder
is read: a file reached through a symbolic link, ``..`` in a page route or ``miniprogramRoot``
holds a planted secret that must appear nowhere in what the run prints.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from mpsim_cli import assert_clean, assert_one_clear_line, final_data, mpsim, snapshot

OUTSIDE_SECRET = "OUTSIDE-SECRET-4b8e1f"
LIMIT_S = 40


def make_project(folder: Path, page: str | bytes = "Page({data: {n: 1}});\n", *, app: dict | None = None,
                 files: dict[str, str | bytes] | None = None) -> Path:
    """A one-page project; ``files`` are more files by path (str written as UTF-8, bytes as they are)."""
    all_files: dict[str, str | bytes] = {"app.json": json.dumps(app or {"pages": ["pages/index/index"]}),
                                         "pages/index/index.js": page, **(files or {})}
    for name, content in all_files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def run(tmp_path: Path, folder: Path, *args: str, limit: float = LIMIT_S) -> subprocess.CompletedProcess[str]:
    before = snapshot(tmp_path)
    r = mpsim(tmp_path / "home", "run", str(folder), "--timeout", "20000", *args, timeout=limit)
    assert snapshot(tmp_path) == before  # nothing in or beside the project written
    return r


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project with a secret in a module, a page and a folder of modules."""
    folder = tmp_path / "outside"
    (folder / "lib").mkdir(parents=True)
    (folder / "secret.js").write_text(f"module.exports = '{OUTSIDE_SECRET}';\n")
    (folder / "lib" / "index.js").write_text(f"module.exports = '{OUTSIDE_SECRET}';\n")
    (folder / "x.js").write_text(f"Page({{data: {{leak: '{OUTSIDE_SECRET}'}}}});\n")
    (folder / "app.json").write_text('{"pages": ["x"]}')
    return folder


# -- size and depth ----------------------------------------------------------------------------------------
def test_an_app_json_with_10000_pages_opens_the_one_asked_for(tmp_path):
    routes = [f"pages/p{i}/p{i}" for i in range(10000)]
    folder = make_project(tmp_path / "p", app={"pages": routes},
                          files={f"{r}.js": f"Page({{data: {{route: '{r}'}}}});\n" for r in routes})
    r = run(tmp_path, folder, "--page", "pages/p9999/p9999")
    assert_clean(r)
    assert final_data(r) == {"route": "pages/p9999/p9999"}


def test_an_app_json_with_10000_missing_pages_is_one_clear_line(tmp_path):
    folder = make_project(tmp_path / "p", app={"pages": ["pages/index/index"] + [f"pages/p{i}/p{i}"
                                                                                 for i in range(10000)]})
    assert_one_clear_line(run(tmp_path, folder), 2, "pages/p0/p0", "does not exist")


def test_a_module_requiring_itself_sees_its_unfinished_exports(tmp_path):
    folder = make_project(tmp_path / "p", "const me = require('./index.js');\n"
                                          "Page({data: {seen: typeof me, keys: Object.keys(me).length}});\n")
    r = run(tmp_path, folder)
    assert_clean(r)
    assert final_data(r) == {"seen": "object", "keys": 0}


def test_two_modules_requiring_each_other_load_once_each(tmp_path):
    folder = make_project(tmp_path / "p", "const a = require('../../a.js');\nPage({data: {a: a.name, b: a.b}});\n",
                          files={"a.js": "exports.name = 'a';\nexports.b = require('./b.js').name;\n",
                                 "b.js": "const a = require('./a.js');\nexports.name = 'b saw ' + a.name;\n"})
    r = run(tmp_path, folder)
    assert_clean(r)
    assert final_data(r) == {"a": "a", "b": "b saw a"}


def require_chain(depth: int) -> dict[str, str]:
    chain = {f"m/m{i}.js": f"module.exports = require('./m{i + 1}.js') + 1;\n" for i in range(depth)}
    chain[f"m/m{depth}.js"] = "module.exports = 0;\n"
    return chain


def test_a_1000_deep_require_chain_loads(tmp_path):
    folder = make_project(tmp_path / "p", "Page({data: {depth: require('../../m/m0.js')}});\n",
                          files=require_chain(1000))
    r = run(tmp_path, folder)
    assert_clean(r)
    assert final_data(r) == {"depth": 1000}


def test_a_require_chain_deeper_than_the_stack_is_one_clear_line(tmp_path):
    folder = make_project(tmp_path / "p", "Page({data: {depth: require('../../m/m0.js')}});\n",
                          files=require_chain(4000))
    assert_one_clear_line(run(tmp_path, folder), 1, "RangeError: Maximum call stack size exceeded", "m/m")


def test_a_20_mb_module_is_skipped_and_the_run_says_so(tmp_path):
    folder = make_project(tmp_path / "p", "const big = require('./big.js');\nPage({data: {n: big.length}});\n",
                          files={"pages/index/big.js": "module.exports = '" + "a" * 20_000_000 + "';\n"})
    r = run(tmp_path, folder)
    assert_one_clear_line(r, 1, "./big.js", "index.js:1")
    assert "skipped pages/index/big.js: 19.1 MB is over the 10 MB a module may be" in r.stdout


# -- what a file holds ---------------------------------------------------------------------------------------
ENCODINGS = {
    "binary-named-js": ({"pages/index/index.js": "require('./bin.js');\nPage({data: {}});\n",
                         "pages/index/bin.js": bytes(range(256)) * 16}, "pages/index/bin.js:"),
    "latin-1-source": ({"pages/index/index.js": "Page({data: {s: 'caf\xe9'}});\n".encode("latin-1")},
                       "pages/index/index.js:1"),
}


@pytest.mark.parametrize("case", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_a_source_that_is_not_utf8_is_one_clear_line_naming_the_file(tmp_path, case):
    files, where = case
    folder = make_project(tmp_path / "p", files=files)
    assert_one_clear_line(run(tmp_path, folder), 1, "not UTF-8 text", where)


LINE_ENDINGS = {
    "bom": b"\xef\xbb\xbfPage({data: {n: 1},\n  onLoad() {\n    null.x;\n  }});\n",
    "crlf": b"Page({data: {n: 1},\r\n  onLoad() {\r\n    null.x;\r\n  }});\r\n",
    "cr-only": b"Page({data: {n: 1},\r  onLoad() {\r    null.x;\r  }});\r",
    "bom-and-crlf": b"\xef\xbb\xbfPage({data: {n: 1},\r\n  onLoad() {\r\n    null.x;\r\n  }});\r\n",
}


@pytest.mark.parametrize("source", LINE_ENDINGS.values(), ids=LINE_ENDINGS.keys())
def test_errors_are_at_the_right_line_whatever_the_line_endings(tmp_path, source):
    folder = make_project(tmp_path / "p", source)
    r = run(tmp_path, folder)
    assert_one_clear_line(r, 1, "Cannot read properties of null", "pages/index/index.js:3:")
    assert final_data(r) == {"n": 1}


# -- nothing outside the project is read -------------------------------------------------------------------
def assert_nothing_leaked(r: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in r.stderr + r.stdout, r.stderr
    assert OUTSIDE_SECRET not in r.stdout + r.stderr


def test_a_symlink_loop_in_the_project_is_walked_once(tmp_path):
    folder = make_project(tmp_path / "p", "Page({data: {n: require('../../lib/n.js')}});\n",
                          files={"lib/n.js": "module.exports = 7;\n"})
    (folder / "lib" / "again").symlink_to("..")
    (folder / "pages" / "index" / "up").symlink_to("../../pages")
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    r = run(tmp_path, folder)
    assert_clean(r)
    assert final_data(r) == {"n": 7}


LINKS = {
    "a-file": ("pages/index/secret.js", "secret.js", "require('./secret.js')"),
    "a-folder": ("pages/index/lib", "lib", "require('./lib/index.js')"),
}


@pytest.mark.parametrize("case", LINKS.values(), ids=LINKS.keys())
def test_a_symlink_pointing_outside_the_project_is_not_read_and_the_run_says_so(tmp_path, outside, case):
    link, target, call = case
    folder = make_project(tmp_path / "p", f"let got = 'nothing';\ntry {{ got = {call}; }}\n"
                                          "catch (e) { console.log('require failed:', e.message); }\n"
                                          "Page({data: {got}});\n")
    (folder / link).symlink_to(outside / target)
    r = run(tmp_path, folder)
    assert_nothing_leaked(r)
    assert r.returncode == 0
    assert f"skipped {link}: a symbolic link to {outside / target}, outside the project folder (not read)" in r.stdout
    assert "require failed: Cannot find module" in r.stdout
    assert final_data(r) == {"got": "nothing"}


def test_a_dangling_symlink_is_skipped_with_a_note(tmp_path):
    folder = make_project(tmp_path / "p")
    (folder / "pages" / "index" / "gone.js").symlink_to(tmp_path / "nowhere.js")
    r = run(tmp_path, folder)
    assert_clean(r)
    assert "skipped pages/index/gone.js: a symbolic link that leads nowhere" in r.stdout


def _app_json_page_outside(folder: Path) -> list[str]:
    (folder / "app.json").write_text('{"pages": ["../outside/x"]}')
    return []


def _miniprogram_root_outside(folder: Path) -> list[str]:
    (folder / "project.config.json").write_text('{"miniprogramRoot": "../outside"}')
    return []


OUT_OF_BOUNDS = {
    "page-dot-dot-etc-passwd": (lambda folder: ["--page", "../../etc/passwd"], "not a page of app.json"),
    "page-absolute": (lambda folder: ["--page", "/etc/passwd"], "not a page of app.json"),
    "page-dot-dot-to-a-page-outside": (lambda folder: ["--page", "../outside/x"], "not a page of app.json"),
    "app-json-page-outside": (_app_json_page_outside, "leads outside the mini-program folder (not read)"),
    "miniprogram-root-outside": (_miniprogram_root_outside, "is outside"),
}


@pytest.mark.parametrize("case", OUT_OF_BOUNDS.values(), ids=OUT_OF_BOUNDS.keys())
def test_a_route_or_root_leading_outside_the_project_is_refused_in_one_line(tmp_path, outside, case):
    args, says = case
    folder = make_project(tmp_path / "p")
    r = run(tmp_path, folder, *args(folder))
    assert_nothing_leaked(r)
    assert_one_clear_line(r, 2, says)


def test_a_log_named_as_a_file_of_the_project_is_refused(tmp_path):
    folder = make_project(tmp_path / "p")
    r = run(tmp_path, folder, "-o", str(folder / "app.json"))
    assert_one_clear_line(r, 2, "that is a file of the project being run")


# -- run options holding hostile input ------------------------------------------------------------------------
def _big_storage(tmp_path: Path) -> str:
    path = tmp_path / "big.json"
    with path.open("w") as f:
        f.write("{")
        f.write(",".join(f'"k{i}": "{"v" * 1000}"' for i in range(45_000)))
        f.write("}")
    return str(path)


def _fifo(tmp_path: Path) -> str:
    os.mkfifo(tmp_path / "fifo.json")
    return str(tmp_path / "fifo.json")


def _deep_json(tmp_path: Path) -> str:
    (tmp_path / "deep.json").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return str(tmp_path / "deep.json")


STORAGE = {
    "45-mb-file": (_big_storage, "more than a phone keeps"),
    "dev-zero": (lambda t: "/dev/zero", "not a regular file"),
    "a-fifo-nobody-writes": (_fifo, "not a regular file"),
    "json-nested-100000-deep": (_deep_json, "nested too deeply"),
}


@pytest.mark.parametrize("case", STORAGE.values(), ids=STORAGE.keys())
def test_a_storage_file_that_cannot_be_used_is_one_clear_line_and_the_kept_storage_stays(tmp_path, case):
    make, says = case
    folder = make_project(tmp_path / "p", "wx.setStorageSync('kept', 'yes');\nPage({data: {}});\n")
    assert_clean(run(tmp_path, folder))
    [kept] = (tmp_path / "home" / "storage").iterdir()
    before = kept.read_bytes()
    r = run(tmp_path, folder, "--storage", make(tmp_path), limit=20)
    assert_one_clear_line(r, 2, "storage file", says)
    assert kept.read_bytes() == before


MAPS = {
    "unclosed-ipv6-target": ("http://api.example.com=http://[::1", "is not a URL"),
    "unclosed-ipv6-source": ("http://[fe80::1=http://127.0.0.1:9", "is not a URL"),
    "no-scheme": ("api.example.com=127.0.0.1:9", "must start with http://"),
    "no-target": ("http://api.example.com=", "must start with http://"),
    "no-equals": ("http://api.example.com", "FROM=TO"),
}


@pytest.mark.parametrize("case", MAPS.values(), ids=MAPS.keys())
def test_a_malformed_map_is_one_clear_line(tmp_path, case):
    rule, says = case
    assert_one_clear_line(run(tmp_path, make_project(tmp_path / "p"), "--map", rule), 2, "--map", says)


def test_a_call_with_the_largest_event_a_command_line_can_carry_reaches_the_page(tmp_path):
    # One argument of a Linux command line holds at most 128 KiB (MAX_ARG_STRLEN), so a 10 MB event
    # cannot reach mpsim at all (the shell says "Argument list too long"); this is the largest that can.
    text = "字" * 40_000
    folder = make_project(tmp_path / "p", "Page({data: {n: 0},\n"
                                          "  go(e) { this.setData({n: e.detail.value.length}); }});\n")
    r = run(tmp_path, folder, "--call", "go=" + json.dumps({"detail": {"value": text}}, ensure_ascii=False))
    assert_clean(r)
    assert final_data(r) == {"n": 40_000}


def test_a_call_with_json_nested_too_deeply_is_one_clear_line(tmp_path):
    folder = make_project(tmp_path / "p", "Page({data: {}, go() {}});\n")
    r = run(tmp_path, folder, "--call", 'go={"detail": ' + "[" * 50_000 + "]" * 50_000 + "}")
    assert_one_clear_line(r, 2, "--call go", "nested too deeply")


def test_a_page_json_nested_too_deeply_is_one_clear_line(tmp_path):
    folder = make_project(tmp_path / "p", files={"pages/index/index.json": '{"a": ' + "[" * 100_000
                                                 + "]" * 100_000 + "}"})
    assert_one_clear_line(run(tmp_path, folder), 2, "pages/index/index.json", "nested too deeply")
