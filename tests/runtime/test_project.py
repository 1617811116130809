"""Project folders as they are checked in: configuration, module sources, npm, and clear errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.runtime import project as project_module
from simulator.runtime.engine import MiniRacerEngine
from simulator.runtime.project import (
    ProjectError,
    collect_modules,
    load_project,
    looks_like_project,
)
from simulator.runtime.transform import ModuleSyntaxError

PROJECTS = Path(__file__).parents[1] / "projects"
LOADER = (PROJECTS / "loader.js").read_text(encoding="utf-8")
DRIVER = (PROJECTS / "driver.js").read_text(encoding="utf-8")
ANSWER = "你好！流式回答 🌊 ok"


def sse_chunks(answer: str, size: int) -> list[str]:
    """An OpenAI-style stream of ``answer`` two characters an event, cut every ``size`` bytes."""
    pieces = [answer[i:i + 2] for i in range(0, len(answer), 2)]
    events = [{"choices": [{"index": 0, "delta": {"role": "assistant"}}]}]
    events += [{"choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
    body = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events) + "data: [DONE]\n\n"
    data = body.encode()
    return [data[i:i + size].decode("latin-1") for i in range(0, len(data), size)]


@pytest.fixture
def engine() -> Iterator[MiniRacerEngine]:
    e = MiniRacerEngine()
    yield e
    e.close()


def test_looks_like_project():
    assert looks_like_project(PROJECTS / "esm-chat")
    assert looks_like_project(PROJECTS / "uniapp-dist")
    assert not looks_like_project(PROJECTS / "broken-not-project")
    assert not looks_like_project(PROJECTS / "esm-chat" / "app.js")


def test_a_project_reads_app_json_and_both_project_configs():
    p = load_project(PROJECTS / "esm-chat")
    assert p.root == p.folder == (PROJECTS / "esm-chat").resolve()
    assert p.appid == "wx5e1a3c0de5ca1a70"
    assert p.pages == ["pages/chat/chat", "pages/history/history"]
    assert p.entry == "pages/chat/chat"
    assert p.network_timeout_ms == 120000
    assert p.resolve_alias == {"@/*": "/*"}
    # project.private.config.json wins over project.config.json, setting key by key
    assert p.config["projectname"] == "esm-chat (mine)"
    assert p.setting == {"es6": True, "enhance": True, "minified": True, "urlCheck": False}


def test_page_config_is_the_app_window_with_the_page_json_over_it():
    p = load_project(PROJECTS / "esm-chat")
    config = p.page_config("/pages/chat/chat?from=share")
    assert config["navigationBarTitleText"] == "对话"
    assert config["backgroundColor"] == "#f6f6f6"
    assert p.page_config("pages/history/history")["navigationBarTitleText"] == "历史"
    with pytest.raises(ProjectError, match="no page 'pages/nope' in app.json"):
        p.page_config("pages/nope")


def test_routes_tab_bar_and_global_components():
    p = load_project(PROJECTS / "cjs-chat")
    assert p.route_exists("pages/settings/settings") and p.route_exists("/pages/index/index")
    assert not p.route_exists("pages/index/missing")
    assert p.tab_bar_pages == ["pages/index/index", "pages/settings/settings"]
    assert p.page_config("pages/index/index")["usingComponents"] == {"chat-bubble": "/components/bubble/bubble"}
    assert p.page_module("pages/index/index") == "pages/index/index.js"


def test_subpackage_pages_come_after_the_main_ones(tmp_path):
    shutil.copytree(PROJECTS / "cjs-chat", tmp_path / "p")
    app = json.loads((tmp_path / "p/app.json").read_text())
    app["subPackages"] = [{"root": "packageB/", "pages": ["pages/detail/detail"]}]
    app["entryPagePath"] = "packageB/pages/detail/detail"
    (tmp_path / "p/app.json").write_text(json.dumps(app))
    (tmp_path / "p/packageB/pages/detail").mkdir(parents=True)
    (tmp_path / "p/packageB/pages/detail/detail.js").write_text("Page({})\n")
    p = load_project(tmp_path / "p")
    assert p.pages[-1] == "packageB/pages/detail/detail"
    assert p.entry == "packageB/pages/detail/detail"
    assert "packageB/pages/detail/detail.js" in collect_modules(p)


def test_a_typescript_project_in_a_miniprogram_root_is_keyed_by_its_js_names():
    p = load_project(PROJECTS / "ts-chat")
    assert p.root == (PROJECTS / "ts-chat" / "miniprogram").resolve()
    assert p.network_timeout_ms == 90000
    table = collect_modules(p)
    assert "pages/chat/chat.js" in table and "utils/stream.js" in table
    assert table.files["pages/chat/chat.js"].file == "pages/chat/chat.ts"
    code = table.source("pages/chat/chat.js")
    assert "interface" not in code and "require('../../utils/stream')" in code
    original = (p.root / "pages/chat/chat.ts").read_text(encoding="utf-8")
    assert code.count("\n") == original.count("\n")


def test_a_uni_app_build_without_project_config_loads():
    p = load_project(PROJECTS / "uniapp-dist")
    assert p.appid is None and p.entry == "pages/index/index"
    assert {"app.js", "common/vendor.js", "pages/index/index.js"} <= set(collect_modules(p).files)


@pytest.mark.parametrize("name, message", [
    ("broken-not-project", "is not a mini-program project: it has no app.json and no project.config.json"),
    ("uniapp-source", "uni-app source folder with no app.json: build it for mp-weixin (npm run dev:mp-weixin) "
                      "and open dist/dev/mp-weixin (the folder DevTools opens)"),
    ("broken-root", "miniprogramRoot 'miniprogram/' in project.config.json does not exist"),
    ("broken-json", "app.json:4:3: broken JSON: a comma before a closing bracket"),
    ("broken-page-json", "pages/chat/chat.json:3:3: broken JSON: Expecting ',' delimiter"),
    ("broken-missing-page", "page 'pages/about/about' is in app.json but pages/about/about.js does not exist"),
])
def test_a_folder_that_cannot_run_says_why_in_one_line(name, message):
    with pytest.raises(ProjectError) as info:
        load_project(PROJECTS / name)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_uni_app_source_folder_with_a_build_points_at_it(tmp_path):
    shutil.copytree(PROJECTS / "uniapp-source", tmp_path / "src-folder")
    shutil.copytree(PROJECTS / "uniapp-dist", tmp_path / "src-folder/dist/dev/mp-weixin")
    with pytest.raises(ProjectError, match=r"open .*dist/dev/mp-weixin \(the folder DevTools opens\)"):
        load_project(tmp_path / "src-folder")


def test_entry_page_path_must_be_a_page(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages/a.js").write_text("Page({})")
    (tmp_path / "app.json").write_text('{"pages": ["pages/a"], "entryPagePath": "pages/b"}')
    with pytest.raises(ProjectError, match="entryPagePath 'pages/b' is not one of its pages"):
        load_project(tmp_path)


def test_a_syntax_error_is_kept_until_that_module_is_required():
    p = load_project(PROJECTS / "broken-syntax")
    table = collect_modules(p)
    assert "require('../../utils/format')" in table.source("pages/chat/chat.js")
    with pytest.raises(ModuleSyntaxError) as info:
        table.source("utils/format.js")
    assert str(info.value) == "utils/format.js:5:4: SyntaxError: unexpected '}'"
    entry = table.to_json()["modules"]["utils/format.js"]
    assert entry == {"file": "utils/format.js", "error": str(info.value), "line": 5, "col": 4,
                     "source_line": "  }}).join(' ')"}


def test_miniprogram_npm_packages_are_included_with_their_entry():
    table = collect_modules(load_project(PROJECTS / "cjs-chat"))
    assert table.packages == {"miniprogram_npm/text-stream": "lib/main.js"}
    assert "miniprogram_npm/text-stream/lib/decode.js" in table
    assert table.notes == []


def test_node_modules_are_laid_out_as_build_npm_would():
    table = collect_modules(load_project(PROJECTS / "npm-unbuilt"))
    assert table.packages == {
        "miniprogram_npm/chat-sse": "index.js",  # its "miniprogram": "dist" folder
        "miniprogram_npm/tiny-uid": "uid.js",  # the folder of its "main": "src/uid.js"
        "miniprogram_npm/@demo/emoji-width": "index.js",
        "miniprogram_npm/char-table": "table.js",  # a dependency of a dependency; "main": "table"
    }
    chat_sse = table.files["miniprogram_npm/chat-sse/index.js"]
    assert chat_sse.file == "node_modules/chat-sse/dist/index.js"
    assert "wx.request" in table.source("miniprogram_npm/chat-sse/index.js")
    assert not any("node-only" in k or "README" in k or "typings" in k for k in table.files)
    assert table.notes == ["node_modules used as 构建 npm would: chat-sse, tiny-uid, @demo/emoji-width, char-table"]


def test_a_dependency_not_installed_is_noted(tmp_path):
    shutil.copytree(PROJECTS / "npm-unbuilt", tmp_path / "p")
    shutil.rmtree(tmp_path / "p/node_modules/tiny-uid")
    table = collect_modules(load_project(tmp_path / "p"))
    assert "miniprogram_npm/tiny-uid" not in table.packages
    assert "not installed in node_modules (run npm install): tiny-uid" in table.notes


def test_an_oversized_file_is_skipped_with_a_note(tmp_path, monkeypatch):
    shutil.copytree(PROJECTS / "uniapp-dist", tmp_path / "p")
    (tmp_path / "p/static/big.js").write_text("var x = 1\n" * 200)
    monkeypatch.setattr(project_module, "MAX_MODULE_BYTES", 1000)
    table = collect_modules(load_project(tmp_path / "p"))
    assert "static/big.js" not in table
    assert any(n.startswith("skipped static/big.js: ") for n in table.notes)


def test_sources_are_transformed_once_and_plain_scripts_left_alone():
    table = collect_modules(load_project(PROJECTS / "uniapp-dist"))
    vendor = table.source("common/vendor.js")
    assert vendor == (PROJECTS / "uniapp-dist/common/vendor.js").read_text(encoding="utf-8")
    assert table.source("common/vendor.js") is vendor


def test_the_module_table_json_has_code_json_and_files():
    table = collect_modules(load_project(PROJECTS / "esm-chat")).to_json()
    assert table["modules"]["config.json"]["json"].startswith("{")
    assert table["modules"]["pages/chat/chat.js"]["file"] == "pages/chat/chat.js"
    assert "__esm.importDefault" in table["modules"]["pages/chat/chat.js"]["code"]
    assert "project.config.json" not in table["modules"]
    assert (table["packages"], table["alias"], table["notes"]) == ({}, {"@/*": "/*"}, [])


@pytest.mark.parametrize("name, app, page, on_input, send, answer_at", [
    ("esm-chat", "app.js", "pages/chat/chat.js", "onInput", "sendMessage", "messages.1.content"),
    ("cjs-chat", "app.js", "pages/index/index.js", "bindInput", "onSend", "messages.1.content"),
    ("ts-chat", "app.js", "pages/chat/chat.js", "handleInput", "sendMessage", "messages.1.content"),
    ("npm-unbuilt", "app.js", "pages/chat/chat.js", "onInput", "sendMessage", "answer"),
    ("uniapp-dist", "app.js", "pages/index/index.js", "onInput", "onSend", "reply"),
])
def test_each_fixture_chat_page_streams_its_answer_through_the_module_table(
        engine, name, app, page, on_input, send, answer_at):
    p = load_project(PROJECTS / name)
    table = collect_modules(p).to_json()
    engine.eval(LOADER + DRIVER + f"; __load({json.dumps(table)}); 0")
    call = (f"JSON.stringify(__chat({json.dumps(app)}, {json.dumps(page)}, {json.dumps(on_input)}, "
            f"{json.dumps(send)}, '你好', {json.dumps(sse_chunks(ANSWER, 5))}))")
    got = json.loads(str(engine.eval(call)))
    assert got["url"] == "https://api.example.com/v1/chat/completions"
    assert got["enableChunked"] is True
    assert got["sent"] and "你好" in json.dumps(got["body"], ensure_ascii=False)
    value = got["data"]
    for key in answer_at.split("."):
        value = value[int(key)] if key.isdigit() else value[key]
    assert value == ANSWER


def test_a_script_with_no_module_statement_is_left_for_v8_to_judge(tmp_path):
    shutil.copytree(PROJECTS / "uniapp-dist", tmp_path / "p")
    # "export" only in a comment: nothing to rewrite, so whatever the grammar makes of the rest, V8
    # runs the file as it is and reports its own errors.
    odd = "// export helpers for pages\nvar a = 1\nvar b = a +\n"
    (tmp_path / "p/common/odd.js").write_text(odd)
    broken_esm = "export const a = (\n"
    (tmp_path / "p/common/esm.js").write_text(broken_esm)
    table = collect_modules(load_project(tmp_path / "p"))
    assert table.source("common/odd.js") == odd
    with pytest.raises(ModuleSyntaxError, match=r"^common/esm\.js:1:18: SyntaxError: unexpected '\('$"):
        table.source("common/esm.js")


@pytest.mark.parametrize("alias", [{"@": "/"}, {"@/*": "/"}, {"@/*": 3}], ids=["no-stars", "value-without-star",
                                                                              "not-a-path"])
def test_a_resolve_alias_that_cannot_work_is_refused(tmp_path, alias):
    shutil.copytree(PROJECTS / "uniapp-dist", tmp_path / "p")
    app = json.loads((tmp_path / "p/app.json").read_text())
    (tmp_path / "p/app.json").write_text(json.dumps({**app, "resolveAlias": alias}))
    with pytest.raises(ProjectError, match="resolveAlias '@.*': key and value must both end with /\\*"):
        load_project(tmp_path / "p")


def test_build_npm_settings_can_put_package_json_outside_the_root(tmp_path):
    shutil.copytree(PROJECTS / "npm-unbuilt", tmp_path / "p")
    root = tmp_path / "p/miniprogram"
    root.mkdir()
    for name in ("app.js", "app.json", "pages"):
        (tmp_path / "p" / name).rename(root / name)
    config = {"miniprogramRoot": "miniprogram/", "setting": {"packNpmManually": True, "packNpmRelationList": [
        {"packageJsonPath": "./package.json", "miniprogramNpmDistDir": "./miniprogram/"}]}}
    (tmp_path / "p/project.config.json").write_text(json.dumps(config))
    table = collect_modules(load_project(tmp_path / "p"))
    assert table.packages["miniprogram_npm/tiny-uid"] == "uid.js"
    assert table.files["miniprogram_npm/tiny-uid/uid.js"].file == "../node_modules/tiny-uid/src/uid.js"
