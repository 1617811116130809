"""What broke when real open-source chat mini-programs were tried as a newcomer would, on fixture
projects written in their styles: prettier's one-name-a-line imports, an npm UI kit installed with
npm install but never built (构建 npm), a uni-app project made in HBuilderX, a fresh clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.runtime import MiniProgram, PageCall
from simulator.runtime.page_view import Input, PageView, Tap
from simulator.runtime.project import ProjectError, collect_modules, load_project
from simulator.runtime.transform import to_commonjs
from simulator.server.demo import DEMO_ANSWER

PROJECTS = Path(__file__).parents[1] / "projects"
CHAT = PROJECTS / "trial-prettier-chat"
REMOTE = "https://llm.example.cn/compatible-mode/v1"


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_an_import_written_one_name_a_line_keeps_every_later_line_in_place():
    source = "import {\n  a,\n  b\n} from './x'\nconst broken = a.b.c\n"
    out = to_commonjs(source, "m.js")
    assert out.splitlines()[4] == "const broken = a.b.c"


def test_an_error_after_multi_line_imports_names_the_line_the_user_wrote(run_view):
    # The page's own bug: "regenerate" before any message was sent.
    result, _ = run_view(CHAT, PageCall("regenerate"))
    [error] = result.errors
    assert (error.file, error.line) == ("pages/chat/chat.js", line_of(CHAT / "pages/chat/chat.js", "last.content = "))
    assert error.message.startswith("TypeError: Cannot set properties of undefined")


@pytest.mark.parametrize("profile", ["passthrough", "random", "utf8-cut"])
def test_an_npm_component_from_unbuilt_node_modules_renders_the_streamed_answer(run_view, demo_url, profile):
    result, view = run_view(CHAT, Input("#draft", "你好"), Tap("#send"), maps=[(REMOTE, demo_url + "/v1")],
                            profile=profile, seed=3)
    assert result.errors == []
    assert [m["content"] for m in result.data["messages"]] == ["你好", DEMO_ANSWER]
    assert view.result is not None
    bubbles = view.result.tree.find_all("chat-bubble")
    assert [b.find(".body").text_content for b in bubbles] == ["你好", DEMO_ANSWER]
    assert [b.find(".who").text_content for b in bubbles] == ["我", "助手"]  # the package's own module
    assert result.data["listHeight"] == 0  # this.createSelectorQuery(): no layout headless, an empty rect
    assert not [w for w in view_warnings(view) if "bubble" in w]


def view_warnings(view: PageView) -> list[str]:
    return [w for r in [view.result] if r is not None for w in r.warnings]


def test_a_fresh_clone_without_npm_install_says_what_to_run(tmp_path):
    shutil.copytree(CHAT, tmp_path / "p", ignore=shutil.ignore_patterns("node_modules"))
    table = collect_modules(load_project(tmp_path / "p"))
    assert table.notes == ["package.json lists bubble-kit, installed nowhere (no node_modules, no miniprogram_npm): "
                           "a require of one fails until npm install (and 构建 npm in DevTools)"]


def test_a_built_miniprogram_npm_needs_no_npm_install(tmp_path):
    shutil.copytree(CHAT, tmp_path / "p", ignore=shutil.ignore_patterns("node_modules"))
    shutil.copytree(CHAT / "node_modules/bubble-kit/miniprogram_dist", tmp_path / "p/miniprogram_npm/bubble-kit")
    table = collect_modules(load_project(tmp_path / "p"))
    assert table.notes == []
    assert table.packages == {"miniprogram_npm/bubble-kit": "index.js"}


def test_an_hbuilderx_uniapp_source_folder_says_to_build_it_in_hbuilderx():
    with pytest.raises(ProjectError) as caught:
        load_project(PROJECTS / "trial-hbuilderx-source")
    message = str(caught.value)
    assert "HBuilderX" in message and "unpackage/dist/dev/mp-weixin" in message
    assert "npm run dev:mp-weixin" not in message


def test_mpsim_run_drives_the_trial_chat_end_to_end(demo_url):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "run", str(CHAT), "--map", f"{REMOTE}={demo_url}/v1",
         "--call", 'onDraft={"detail": {"value": "讲个笑话"}}', "--call", "send", "--profile", "utf8-cut"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert [m["content"] for m in data["messages"]] == ["讲个笑话", DEMO_ANSWER]
    assert "node_modules used as 构建 npm would: bubble-kit" in done.stdout + done.stderr


DEVTOOLS_DECODER = """export function createUtf8Decoder() {
  const decoder = new TextDecoder('utf-8')
  return (buffer) => decoder.decode(buffer, { stream: true })
}

export function createEventSplitter() {
  let rest = ''
  return (text) => {
    const blocks = (rest + text).split('\\n\\n')
    rest = blocks.pop()
    return blocks.map((b) => b.replace(/^data:\\s*/, '')).filter((d) => d !== '')
  }
}
"""


@pytest.mark.parametrize("platform, answered", [("android", False), ("ios", False), ("devtools", True)])
def test_code_tried_only_in_devtools_is_told_a_phone_has_no_text_decoder(run_view, demo_url, tmp_path,
                                                                          platform, answered):
    shutil.copytree(CHAT, tmp_path / "p")
    (tmp_path / "p/utils/sse.js").write_text(DEVTOOLS_DECODER, encoding="utf-8")
    result, _ = run_view(tmp_path / "p", Input("#draft", "你好"), Tap("#send"),
                         maps=[(REMOTE, demo_url + "/v1")], platform=platform)
    notes = [c.text for c in result.console if "uses TextDecoder" in c.text]
    if answered:
        assert notes == []
        assert result.data["messages"][1]["content"] == DEMO_ANSWER
    else:
        assert notes == [f"mpsim: utils/sse.js:2 uses TextDecoder, which {platform} does not have (ReferenceError "
                         "there, as on a phone); DevTools has it: --platform devtools"]
        assert result.errors and result.errors[0].message == "ReferenceError: TextDecoder is not defined"
        assert result.data["messages"][1]["content"] == ""


def test_a_module_that_checks_for_text_decoder_first_is_not_flagged(tmp_path):
    shutil.copytree(CHAT, tmp_path / "p")
    guarded = "export const decoder = typeof TextDecoder !== 'undefined' ? new TextDecoder() : null\n"
    (tmp_path / "p/utils/guarded.js").write_text(guarded, encoding="utf-8")
    (tmp_path / "p/utils/commented.js").write_text("// const d = new TextDecoder()\n", encoding="utf-8")
    assert collect_modules(load_project(tmp_path / "p")).unchecked_uses("TextDecoder") == []


def test_half_a_character_in_the_console_or_page_data_is_written_not_a_traceback(tmp_path):
    # A page's own per-chunk decoder leaves half of an emoji when a chunk ends inside it.
    (tmp_path / "pages/p").mkdir(parents=True)
    (tmp_path / "app.json").write_text(json.dumps({"pages": ["pages/p/p"]}), encoding="utf-8")
    (tmp_path / "pages/p/p.js").write_text(
        "Page({ data: { text: '' }, onLoad() { const half = '🚀'.slice(0, 1)\n"
        "  console.log('got', half); this.setData({ text: 'a' + half }) } })\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "simulator", "run", str(tmp_path)], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "[log] got \ufffd" in lines
    assert json.loads(lines[-1]) == {"text": "a\ud83d"}


def test_a_loop_that_logs_as_it_spins_keeps_the_first_lines_and_says_the_rest_were_dropped():
    # A hand-written SSE loop that never advances on a cut event logs until the script timeout.
    source = ("Page({ onLoad() { let n = 0; while (n < 50000) console.log('line-----', n++); "
              "setTimeout(() => console.log('next callback'), 1) } })")
    result = MiniProgram(source, timeout_ms=20000).run()
    texts = [c.text for c in result.console]
    assert texts[:1000] == [f"line----- {n}" for n in range(1000)]
    assert texts[1000:] == ["mpsim: more than 1000 console lines in one callback (a loop that logs?): the rest of "
                            "its lines are dropped", "next callback"]


def test_an_uncaught_error_after_the_console_cap_is_still_shown():
    source = "Page({ onLoad() { for (let n = 0; n < 2000; n++) console.log(n); null.boom } })"
    result = MiniProgram(source, timeout_ms=20000).run()
    assert result.console[-1].text.startswith("Uncaught TypeError: Cannot read properties of null")


def test_the_method_list_of_a_page_leaves_out_what_every_page_has(tmp_path):
    done = subprocess.run([sys.executable, "-m", "simulator", "run", str(CHAT), "--call", "sendd"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2
    assert "send" in done.stderr and "regenerate" in done.stderr
    assert "createSelectorQuery" not in done.stderr and "selectComponent" not in done.stderr


@pytest.mark.parametrize("plugins, runs", [(["typescript", "less"], "ts"), ([], "js")], ids=["plugin", "tsc"])
def test_a_stale_js_beside_a_ts_page_runs_only_without_the_typescript_plugin(tmp_path, plugins, runs):
    # DevTools' typescript plugin prefers x.ts; a project compiled with tsc runs the checked-in x.js.
    shutil.copytree(PROJECTS / "ts-chat", tmp_path / "p")
    config = json.loads((tmp_path / "p/project.config.json").read_text(encoding="utf-8"))
    config["setting"]["useCompilerPlugins"] = plugins
    (tmp_path / "p/project.config.json").write_text(json.dumps(config), encoding="utf-8")
    (tmp_path / "p/miniprogram/pages/chat/chat.js").write_text("Page({ data: { from: 'js' } })\n", encoding="utf-8")
    ts = tmp_path / "p/miniprogram/pages/chat/chat.ts"
    ts.write_text(ts.read_text(encoding="utf-8").replace("data: {", "data: { from: 'ts',", 1), encoding="utf-8")
    result = MiniProgram(project=load_project(tmp_path / "p"), storage={}, timeout_ms=20000).run()
    assert result.errors == []
    assert result.data["from"] == runs


def test_less_only_style_sheets_are_noted_once(tmp_path):
    shutil.copytree(CHAT, tmp_path / "p")
    (tmp_path / "p/app.less").write_text("@c: red;\npage { color: @c; }\n", encoding="utf-8")
    (tmp_path / "p/pages/chat/chat.less").write_text(".list { .x { color: red; } }\n", encoding="utf-8")
    (tmp_path / "p/pages/chat/chat.wxss").write_text(".list { color: red; }\n", encoding="utf-8")
    notes = collect_modules(load_project(tmp_path / "p")).notes
    assert notes[-1] == ("app.less: Less/Sass with no .wxss beside it, which DevTools compiles "
                         "(setting.useCompilerPlugins) and mpsim does not: the phone preview draws it unstyled")


def test_a_uniapp_vue3_build_that_replaces_the_global_wx_loads_and_streams(demo_url):
    # Its vendor.js makes a copy of wx the global wx and hangs createPage on it; every later module's
    # wx is that copy, as in the base library where wx is a global, not a module parameter.
    folder = PROJECTS / "trial-uniapp-vue3-dist"
    project = load_project(folder)
    result = MiniProgram(project=project, storage={}, maps=[("https://llm.example.cn/v1", demo_url + "/v1")],
                         calls=[PageCall("e0", {"detail": {"value": "你好"}}), PageCall("e1")],
                         timeout_ms=30000).run()
    assert result.errors == []
    assert result.data == {"question": "你好", "answer": DEMO_ANSWER}


@pytest.mark.parametrize("profile", ["passthrough", "utf8-cut"])
def test_a_uniapp_vue3_component_module_may_declare_its_own_component_constant(run_view, demo_url, profile):
    # Each compiled component module writes `const Component = …` then wx.createComponent(Component):
    # legal where Component is a global (the base library), a SyntaxError were it a module parameter.
    result, view = run_view(PROJECTS / "trial-uniapp-vue3-dist", Input("#q", "你好"), Tap("#send"),
                            maps=[("https://llm.example.cn/v1", demo_url + "/v1")], profile=profile)
    assert result.errors == []
    assert result.data["answer"] == DEMO_ANSWER
    assert view.result is not None
    card = view.result.tree.find("answer-card")
    assert card.find(".body").text_content == DEMO_ANSWER
    assert card.find(".chars").text_content == str(len(DEMO_ANSWER.encode("utf-16-le")) // 2)  # JS length
