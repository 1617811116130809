"""The require loader (js/modules.js) over hand-written module tables: resolution, caching, cycles,
and errors that name the user's file, line and column."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.runtime import MiniProgram, RunResult

PAGE = "pages/index/index"


def run_modules(files: dict[str, Any], *, packages: dict[str, str] | None = None,
                alias: dict[str, str] | None = None, **kw: Any) -> RunResult:
    modules: dict[str, Any] = {}
    for path, entry in files.items():
        if isinstance(entry, dict):
            modules[path] = entry
        elif path.endswith(".json"):
            modules[path] = {"json": entry, "file": path}
        else:
            modules[path] = {"code": entry, "file": path}
    table = {"modules": modules, "packages": packages or {}, "alias": alias or {}}
    kw.setdefault("timeout_ms", 10000)
    return MiniProgram(modules=table, page=kw.pop("page", PAGE), **kw).run()


def page_setting(expr: str) -> str:
    return f"Page({{ data: {{}}, onLoad() {{ this.setData({{ v: {expr} }}) }} }})"


def where_required(spec: str, files: dict[str, Any], **kw: Any) -> str:
    """What ``require(spec).where`` is on the page, beside ``files`` (each exports where it is)."""
    result = run_modules({f"{PAGE}.js": page_setting(f"require({spec!r}).where"), **files}, **kw)
    assert result.errors == []
    return result.data["v"]


@pytest.mark.parametrize(("spec", "found"), [
    ("./near", "pages/index/near.js"),
    ("../../utils/util.js", "utils/util.js"),
    ("../../utils/util", "utils/util.js"),
    ("/utils/util", "utils/util.js"),
    ("/lib", "lib/index.js"),
    ("../../config.json", "config.json"),
    ("dayjs", "miniprogram_npm/dayjs/dayjs.min.js"),
    ("dayjs/plugin/utc", "miniprogram_npm/dayjs/plugin/utc.js"),
    ("@scope/pkg", "miniprogram_npm/@scope/pkg/index.js"),
    ("pagepkg", "pages/miniprogram_npm/pagepkg/index.js"),
    ("@/utils/util", "utils/util.js"),
], ids=["relative", "up-with-ext", "up-no-ext", "root", "folder-index", "json", "npm-main", "npm-subpath",
        "npm-scoped", "npm-nearest-folder-up", "resolveAlias"])
def test_require_resolves_as_the_base_library_does(spec: str, found: str):
    files = {
        "pages/index/near.js": "exports.where = 'pages/index/near.js'",
        "utils/util.js": "exports.where = 'utils/util.js'",
        "lib/index.js": "exports.where = 'lib/index.js'",
        "config.json": '{"where": "config.json"}',
        "miniprogram_npm/dayjs/dayjs.min.js": "module.exports = { where: 'miniprogram_npm/dayjs/dayjs.min.js' }",
        "miniprogram_npm/dayjs/plugin/utc.js": "exports.where = 'miniprogram_npm/dayjs/plugin/utc.js'",
        "miniprogram_npm/@scope/pkg/index.js": "exports.where = 'miniprogram_npm/@scope/pkg/index.js'",
        "pages/miniprogram_npm/pagepkg/index.js": "exports.where = 'pages/miniprogram_npm/pagepkg/index.js'",
        "miniprogram_npm/pagepkg/index.js": "exports.where = 'the root copy, farther away'",
    }
    assert where_required(spec, files, packages={"miniprogram_npm/dayjs": "dayjs.min.js"}, alias={"@/*": "/*"}) == found


def test_a_module_runs_once_and_a_cycle_sees_partial_exports():
    files = {
        f"{PAGE}.js": page_setting("[require('/a').seen, require('/a').count(), require('./../../a.js').count()]"),
        "a.js": "let n = 0; exports.early = 1; const b = require('./b'); exports.seen = b.seenOfA;"
                "exports.count = () => ++n; global.loadsOfA = (global.loadsOfA || 0) + 1;",
        "b.js": "exports.seenOfA = Object.keys(require('./a')).join(',');",
    }
    result = run_modules(files)
    assert result.data == {"v": ["early", 1, 2]}


def test_global_is_one_object_shared_by_modules_and_not_the_engine_global():
    files = {
        f"{PAGE}.js": "require('/setter'); Page({ onLoad() { this.setData({ shared: global.token, "
                      "leaked: typeof globalThis.token, hasObject: global.Object === Object }) } })",
        "setter.js": "global.token = 'abc'",
    }
    assert run_modules(files).data == {"shared": "abc", "leaked": "undefined", "hasObject": True}


def test_module_not_found_names_the_requiring_file_and_where_it_looked():
    files = {f"{PAGE}.js": "const x = require('./missing'); Page({})"}
    result = run_modules(files)
    assert len(result.errors) == 1
    message = result.errors[0].message
    assert "Cannot find module './missing' from 'pages/index/index.js'" in message
    assert "pages/index/missing.js" in message and "pages/index/missing/index.js" in message
    assert (result.errors[0].file, result.errors[0].line) == ("pages/index/index.js", 1)


def test_a_syntax_error_found_by_the_transformer_names_file_line_col_and_the_line():
    files = {
        f"{PAGE}.js": "\nconst u = require('../../utils/bad')\nPage({})",
        "utils/bad.js": {"error": "utils/bad.ts:3:7: SyntaxError: unexpected '}'", "file": "utils/bad.ts",
                         "line": 3, "col": 7, "source_line": "  x = }"},
    }
    result = run_modules(files)
    err = result.errors[0]
    assert err.message == "SyntaxError: unexpected '}' at utils/bad.ts:3:7: x = }"
    assert "\n" not in str(err)


@pytest.mark.parametrize(("spec", "module", "source", "message", "line"), [
    ("/twice", "twice.js", "// fine so far\nlet a = 1;\nlet a = 2;\n",
     "SyntaxError: Identifier 'a' has already been declared at twice.js:3: let a = 2;", 3),
    ("../../config/env", "config/env.js", "const base = 'x';\nmodule.exports = base.missing.deeper;\n",
     "TypeError: Cannot read properties of undefined (reading 'deeper')", 2),
], ids=["syntax-error-only-v8-finds", "throws-while-loading"])
def test_an_error_in_a_required_module_is_reported_at_its_own_line(spec: str, module: str, source: str, message: str,
                                                                   line: int):
    files = {f"{PAGE}.js": f"const m = require({spec!r})\nPage({{}})", module: source}
    result = run_modules(files)
    assert len(result.errors) == 1
    err = result.errors[0]
    assert err.message == message
    assert (err.file, err.line) == (module, line)
    assert err.where == f"loading {PAGE}"


def test_console_lines_carry_the_file_line_and_column_also_on_a_modules_first_line():
    seen = []
    files = {
        f"{PAGE}.js": "require('/log'); Page({ onLoad() {\n  console.warn('from page') } })",
        "log.js": "console.log('first line')",
    }
    result = run_modules(files, on_console_line=seen.append)
    lines = {c.text: (c.file, c.line, c.col) for c in result.console}
    assert lines["first line"] == ("log.js", 1, 9)
    assert lines["from page"] == (f"{PAGE}.js", 2, 11)
    assert [c.text for c in seen][:2] == ["first line", "from page"]


def test_require_plugin_names_the_plugin():
    files = {f"{PAGE}.js": "const p = requirePlugin('chatbot'); Page({})"}
    result = run_modules(files)
    assert "requirePlugin('chatbot')" in result.errors[0].message


def test_esm_helpers_give_live_bindings_and_default_interop():
    files = {
        f"{PAGE}.js": page_setting("[__esm.importDefault(require('/cjs')).k, require('/esm').count, "
                                   "(require('/esm').bump(), require('/esm').count), "
                                   "__esm.importStar(require('/cjs')).default.k, "
                                   "Object.keys(require('/star')).sort()]"),
        "cjs.js": "module.exports = { k: 'cjs' }",
        "esm.js": "let count = 0; function bump() { count++ }\n"
                  "__esm.define(exports, { count: () => count, bump: () => bump });",
        "star.js": "__esm.exportStar(require('./esm'), exports); __esm.define(exports, { own: () => 1 });",
    }
    result = run_modules(files)
    assert result.errors == []
    assert result.data == {"v": ["cjs", 0, 1, "cjs", ["bump", "count", "own"]]}


# docs/modules.md section 3, rule by rule, where the cases above do not reach.
@pytest.mark.parametrize(("spec", "found"), [
    ("common.js", "pages/index/common.js"),
    ("..", "pages/index.js"),  # relative as in Node; read as a package name it found the page itself
    ("@ui/button", "components/ui/button.js"),
    ("@/components/ui/button", "components/ui/button.js"),
    ("chat-sse", "miniprogram_npm/chat-sse/lib/main.js"),
    ("nomain", "miniprogram_npm/nomain/index.js"),
], ids=["bare-name-relative-as-the-require-doc", "dot-dot-is-relative", "longest-alias-wins", "root-alias",
        "package-entry-as-listed", "package-without-entry-index"])
def test_require_follows_each_rule_of_the_modules_doc(spec: str, found: str):
    files = {
        "pages/index/common.js": "exports.where = 'pages/index/common.js'",
        "pages/index.js": "exports.where = 'pages/index.js'",
        "components/ui/button.js": "exports.where = 'components/ui/button.js'",
        "ui/button.js": "exports.where = 'the shorter alias'",
        "miniprogram_npm/chat-sse/lib/main.js": "exports.where = 'miniprogram_npm/chat-sse/lib/main.js'",
        "miniprogram_npm/nomain/index.js": "exports.where = 'miniprogram_npm/nomain/index.js'",
    }
    assert where_required(spec, files, packages={"miniprogram_npm/chat-sse": "lib/main.js"},
                          alias={"@/*": "/*", "@ui/*": "components/ui/*", "@*": "ui/*"}) == found


@pytest.mark.parametrize("spec", ["../../config", "../../../outside"], ids=["json-needs-its-extension",
                                                                          "above-the-root"])
def test_require_does_not_find_what_the_modules_doc_rules_out(spec: str):
    files = {f"{PAGE}.js": page_setting(f"require({spec!r})"), "config.json": '{"a": 1}', "outside.js": ""}
    result = run_modules(files)
    assert len(result.errors) == 1
    assert f"Cannot find module '{spec}' from '{PAGE}.js'" in result.errors[0].message
