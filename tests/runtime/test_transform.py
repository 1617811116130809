"""ES modules and TypeScript become CommonJS in place: run in V8, errors at the original line and column."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.runtime.engine import MiniRacerEngine
from simulator.runtime.transform import ModuleSyntaxError, to_commonjs

# The test loader follows docs/modules.md (the runtime has its own).
LOADER = (Path(__file__).parents[1] / "projects" / "loader.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine() -> Iterator[MiniRacerEngine]:
    e = MiniRacerEngine()
    yield e
    e.close()


def run(engine: MiniRacerEngine, files: dict[str, str], expression: str) -> object:
    """Transform ``files``, load ``main.js`` and return ``expression`` (JSON) or the error's stack."""
    modules = {}
    for path, source in files.items():
        if path.endswith(".json"):
            modules[path] = {"json": source, "file": path}
            continue
        code = to_commonjs(source, path)
        assert code.count("\n") == source.count("\n"), f"{path} lost or gained lines"
        modules[path.replace(".ts", ".js")] = {"code": code, "file": path.replace(".ts", ".js")}
    engine.eval(LOADER + "; __load(" + json.dumps({"modules": modules, "packages": {}}) + "); 0")
    code = ("(function () { try { var main = __require('main.js'); return JSON.stringify(" + expression
            + "); } catch (e) { return JSON.stringify({error: String(e.stack)}); } })()")
    return json.loads(str(engine.eval(code)))


@pytest.mark.parametrize("source", [
    "// utils/format.js 格式化\nconst pad = (n) => String(n).padStart(2, '0')\nmodule.exports = { pad }\n",
    "Page({ data: { text: '' }, onLoad() { this.setData({ text: `a${1}` }) } })",
    "const re = /import x from 'y'/; const s = 'export default 1'\n",
], ids=["commonjs-with-chinese", "page-on-one-line", "module-words-in-strings"])
def test_a_module_without_imports_or_exports_is_left_byte_identical(source):
    assert to_commonjs(source, "pages/index/index.js") == source


def test_default_named_namespace_and_side_effect_imports_work(engine):
    files = {
        "main.js": ("import fmt, { pad as p, VERSION } from './utils/format'\n"
                    "import * as api from './api.js'\n"
                    "import './setup'\n"
                    "export const text = fmt(p(7)) + ' ' + VERSION + ' ' + api.base + ' ' + globalThis.setupRan\n"),
        "utils/format.js": ("export const pad = (n) => String(n).padStart(2, '0')\n"
                            "export const VERSION = '1.2'\n"
                            "export default function format(s) { return '[' + s + ']' }\n"),
        "api.js": "module.exports = { base: 'https://api.example.com' }\n",
        "setup.js": "globalThis.setupRan = 'yes'\n",
    }
    assert run(engine, files, "main.text") == "[07] 1.2 https://api.example.com yes"


def test_default_import_of_a_commonjs_module_is_its_module_exports(engine):
    files = {"main.js": "import request from './request'\nexport const kind = typeof request.get\n",
             "request.js": "module.exports = { get() {} }\n"}
    assert run(engine, files, "main.kind") == "function"


def test_a_json_file_can_be_imported(engine):
    files = {"main.js": "import config from './config.json'\nexport const host = config.host\n",
             "config.json": '{"host": "api.example.com"}'}
    assert run(engine, files, "main.host") == "api.example.com"


@pytest.mark.parametrize("module, value", [
    ("export default { name: 'chat' }\n", {"name": "chat"}),
    ("export default function () { return 'fn' }\n", "fn"),
    ("export default async function send() {}\nexport const sync = send.name\n", "send"),
    ("export default class {\n  hello() { return 'class' }\n}\n", "class"),
], ids=["object", "anonymous-function", "named-function", "anonymous-class"])
def test_export_default_forms(engine, module, value):
    files = {"main.js": "import d from './d'\nimport * as ns from './d'\n"
                        "export const out = typeof d === 'function' && d.prototype && d.prototype.hello ? "
                        "new d().hello() : ns.sync || (typeof d === 'function' ? d() : d)\n",
             "d.js": module}
    assert run(engine, files, "main.out") == value


def test_named_exports_are_live_bindings_and_mark_the_module(engine):
    files = {"main.js": "import * as counter from './counter'\n"
                        "counter.increment(); counter.increment()\n"
                        "export const seen = counter.count\n",
             "counter.js": "export let count = 0\nexport function increment() { count += 1 }\n"}
    assert run(engine, files, "[main.seen, __require('counter.js').__esModule, Object.keys(main)]") == [
        2, True, ["seen"]]


def test_export_lists_and_re_exports(engine):
    files = {
        "main.js": "export * from './a'\nexport { b as bee, default as bDefault } from './b'\n"
                   "export * as c from './c'\nconst local = 1, other = 2\nexport { local as one, other }\n",
        "a.js": "export const a1 = 'a1', a2 = 'a2'\nexport default 'not re-exported by *'\n",
        "b.js": "export const b = 'b'\nexport default 'bd'\n",
        "c.js": "module.exports = { deep: true }\n",
    }
    got = run(engine, files, "[main.a1, main.a2, main.bee, main.bDefault, main.c.deep, main.one, main.other,"
                             " 'default' in main]")
    assert got == ["a1", "a2", "b", "bd", True, 1, 2, False]


def test_destructured_exports_are_all_exported(engine):
    files = {"main.js": "const cfg = { host: 'h', port: 1, list: ['x'] }\n"
                        "export const { host, port: p, list: [first] } = cfg\n"}
    assert run(engine, files, "[main.host, main.p, main.first]") == ["h", 1, "x"]


def test_an_import_used_before_its_line_is_hoisted(engine):
    files = {"main.js": "// chat page helpers\nexport const early = shout('first')\n\n"
                        "import { shout } from './shout'\n",
             "shout.js": "export const shout = (s) => s.toUpperCase()\n"}
    assert run(engine, files, "main.early") == "FIRST"


def test_dynamic_import_is_a_promise_of_the_module(engine):
    files = {"main.js": "export let loaded = null\nimport('./lazy').then((m) => { loaded = m.default })\n",
             "lazy.js": "export default 'lazy value'\n"}
    run(engine, files, "0")  # the promise settles after the first job
    assert run_again(engine, "__require('main.js').loaded") == "lazy value"


def run_again(engine: MiniRacerEngine, expression: str) -> object:
    return json.loads(str(engine.eval(f"JSON.stringify({expression})")))


def error_position(stack: str, path: str) -> tuple[int, int]:
    m = re.search(re.escape(path) + r":(\d+):(\d+)", stack)
    assert m, stack
    return int(m[1]), int(m[2])


def position_of(source: str, needle: str) -> tuple[int, int]:
    index = source.index(needle)
    line = source.count("\n", 0, index) + 1
    return line, index - (source.rfind("\n", 0, index) + 1) + 1


def test_errors_point_at_the_original_line_and_column_of_an_es_module(engine):
    source = ("import { pad } from './pad'\n"
              "import * as api from './pad'\n"
              "export function send(text) {\n"
              "  const body = { text: pad(text) }\n"
              "  return body.missing.field\n"
              "}\n"
              "export default send\n"
              "send('x')\n")
    files = {"main.js": source, "pad.js": "export const pad = (s) => s\n"}
    stack = run(engine, files, "0")["error"]
    assert error_position(stack, "main.js") == position_of(source, "field")


TS_SOURCE = """import type { Message } from './types'
import { Role, type Options } from './types'

interface Reply<T> {
  data: T
  done?: boolean
}
export enum Status { Idle, Streaming = 5, Done, Label = 'label' }

export class ChatSession<T extends object = {}> implements Reply<T> {
  data!: T
  private readonly history: Message[] = []
  declare meta: unknown
  constructor(public readonly title: string, private limit?: number) {}
  push(this: ChatSession<T>, text: string, role: Role = Role.User): number {
    this.history.push({ role, text } as Message)
    return this.history.length as number
  }
  get size(): number { return this.history!.length }
}
export const fail = <K,>(key: K): never => { throw new Error('no ' + String(key)) }
"""
TYPES_SOURCE = """export interface Message { role: Role; text: string }
export enum Role { User = 'user', Assistant = 'assistant' }
export type Options = { stream: boolean }
"""


def test_typescript_types_are_blanked_and_the_code_runs(engine):
    files = {"main.ts": TS_SOURCE, "types.ts": TYPES_SOURCE}
    got = run(engine, files, "(function () { var s = new main.ChatSession('chat', 3); s.push('hi'); "
                             "return [s.title, s.limit, s.size, main.Status.Streaming, main.Status.Done, "
                             "main.Status[6], main.Status.Label, main.Status.label, main.Status.Idle] })()")
    assert got == ["chat", 3, 1, 5, 6, "Done", "label", None, 0]


def test_typescript_keeps_every_code_position(engine):
    out = to_commonjs(TS_SOURCE, "main.ts")
    for needle in ("class ChatSession", "this.history.push({ role, text }", "return this.history.length",
                   "throw new Error", "get size()"):
        assert position_of(out, needle) == position_of(TS_SOURCE, needle), needle
    for gone in ("interface", "implements", "private", "declare", "Message[]", ": number", "<K,>", " as "):
        assert gone not in out


def test_a_typescript_runtime_error_points_at_the_ts_file(engine):
    files = {"main.ts": TS_SOURCE + "fail<string>('model')\n", "types.ts": TYPES_SOURCE}
    stack = run(engine, files, "0")["error"]
    line, col = error_position(stack, "main.js")
    assert (line, col) == position_of(TS_SOURCE, "new Error('no '")


def test_a_type_only_import_is_dropped_so_a_types_module_need_not_exist():
    out = to_commonjs("import { Message } from './types'\nconst m: Message = { text: '' }\n", "a.ts")
    assert "require" not in out


def test_typescript_import_equals_require_and_export_equals(engine):
    files = {"main.ts": "import lib = require('./lib')\nexport = { got: lib.v }\n", "lib.ts": "export const v = 4\n"}
    assert run(engine, files, "main.got") == 4


@pytest.mark.parametrize("path, source, where, message", [
    ("pages/chat/index.js", "Page({\n  onSend() {\n    const x = ;\n  }\n})\n", (3, 13), "unexpected '='"),
    ("pages/chat/index.js", "Page({\n  onSend() {}\n}})\n", (3, 2), "unexpected '}'"),
    ("pages/chat/index.js", "const s = 'abc\nfoo()\n", (1, 11), "unterminated string"),
    ("pages/chat/index.js", "function a() {\n  if (x) {\n}\n", (3, 2), "missing '}'"),
    ("utils/a.js", "const n: number = 1\n", (1, 8), "unexpected ':'"),
    ("utils/a.ts", "@Component\nclass A {}\n", (1, 1), "decorators are not supported"),
    ("utils/a.ts", "namespace Api {\n  export const url = 'x'\n}\n", (1, 1), "namespaces with values"),
], ids=["stray-token", "extra-brace", "unterminated-string", "unclosed-brace", "types-in-a-js-file",
        "decorator", "namespace"])
def test_syntax_errors_name_the_file_line_and_column(path, source, where, message):
    with pytest.raises(ModuleSyntaxError) as info:
        to_commonjs(source, path)
    err = info.value
    assert (err.line, err.col) == where
    assert message in str(err)
    assert str(err).startswith(f"{path}:{where[0]}:{where[1]}: SyntaxError: ")
    assert "\n" not in str(err)
    assert err.source_line == source.split("\n")[where[0] - 1]


def test_a_namespace_of_types_only_is_blanked():
    out = to_commonjs("namespace Api {\n  export interface Reply { text: string }\n}\nconst a = 1\n", "a.ts")
    assert out.strip() == "const a = 1"


def test_more_typescript_forms_run(engine):
    source = """declare const injected: string
declare global { interface Window { x: number } }
export abstract class Shape {
  abstract area(): number
  describe(): string { return `${this.constructor.name} ${this.area()}` }
}
export class Square extends Shape {
  constructor(protected readonly side: number) {
    super()
  }
  override area(): number { return this.side ** 2 }
}
function pick(value: string): string
function pick(value: number): number
function pick(value: any): any { return value }
const enum Unit { Px = 1, Rpx }
const sizes = { small: 1 } satisfies Record<string, number>
const raw = <unknown>'3' as string
export const out = [new Square(3).describe(), pick(Unit.Rpx), sizes.small, Number(raw)]
"""
    assert run(engine, {"main.ts": source}, "main.out") == ["Square 9", 2, 1, 3]


def fixture_sources() -> list[Path]:
    projects = Path(__file__).parents[1] / "projects"
    return sorted(p for p in projects.rglob("*") if p.suffix in (".js", ".ts") and "broken" not in str(p)
                  and p.name not in ("loader.js", "driver.js") and not p.name.endswith(".d.ts"))


@pytest.mark.parametrize("path", fixture_sources(), ids=lambda p: str(p).split("projects/")[-1])
def test_every_fixture_module_keeps_its_lines(path):
    source = path.read_text(encoding="utf-8")
    out = to_commonjs(source, path.name)
    assert out.count("\n") == source.count("\n")
    if not re.search(r"\b(import|export)\b", source) and path.suffix == ".js":
        assert out == source
