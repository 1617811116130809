"""How long a project takes to load: read the configs, collect the modules, transform them all.

Goal (issue 7): a 200-module project loads in under 1 s. Run by hand, never in CI timing:

    .venv/bin/python bench/project_load.py [--modules 200] [--repeat 5]

The generated project (in a temporary folder) mixes the styles real projects use, each module about
100 lines: ES modules with imports and exports, CommonJS, TypeScript with interfaces, generics and
enums, and pages. Reported: ``load_project``, ``collect_modules``, ``to_json`` (which transforms every
module), their total, and the transform alone in ms per 100-line module for each style.

The candidates for the transform (issue 7): tree-sitter with its JavaScript and TypeScript grammars,
measured here; ``esbuild-py`` 0.1.6 was not measured further because its only entry point,
``transform(code)``, takes no options (no CommonJS output, no loader, no source map), so it cannot
produce what the loader runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.runtime.project import collect_modules, load_project  # noqa: E402
from simulator.runtime.transform import to_commonjs  # noqa: E402


def esm_module(i: int) -> str:
    lines = [f"import {{ helper{(i + 1) % 7} as next }} from './m{(i + 1) % 7}'",
             "import config from '../config.json'", ""]
    for k in range(12):
        lines += [f"export function step{k}(input, options = {{}}) {{",
                  f"  const value = next(input) + {k} + (options.scale ?? 1)",
                  "  return { value, text: `step ${value}`, at: Date.now() }",
                  "}", "", ""]
    lines += [f"export const helper{i % 7} = (x) => x * 2 + config.base",
              "export default { name: 'esm', steps: 12 }"]
    return "\n".join(lines[:100]) + "\n"


def cjs_module(i: int) -> str:
    lines = ["var util = require('./util')", ""]
    for k in range(14):
        lines += [f"function handler{k}(event) {{",
                  "  var detail = event && event.detail ? event.detail : {}",
                  f"  return util.merge(detail, {{ index: {k}, module: {i} }})",
                  "}", "", f"exports.handler{k} = handler{k}", ""]
    return "\n".join(lines[:100]) + "\n"


def ts_module(i: int) -> str:
    lines = ["import type { Options } from './types'", "import { Level } from './types'", "",
             "export interface Message<T = string> {", "  role: 'user' | 'assistant'", "  content: T",
             "  pending?: boolean", "}", "", f"export enum State{i} {{", "  Idle,", "  Busy = 5,", "  Done,", "}",
             ""]
    for k in range(10):
        lines += [f"export function format{k}<T extends object>(items: T[], options?: Options): string {{",
                  "  const out: string[] = []",
                  "  for (const item of items) out.push(JSON.stringify(item as unknown) + Level.Info)",
                  "  return out.join(options!.separator ?? ',')",
                  "}", "", ""]
    return "\n".join(lines[:100]) + "\n"


TYPES = ("export interface Options { separator?: string }\n"
         "export enum Level { Info = 'info', Warn = 'warn' }\n")
PAGE = """import { step0 } from '../../lib/esm/m0'
const util = require('../../lib/cjs/util')

Page({
  data: { inputValue: '', answer: '' },
  onInput(e) { this.setData({ inputValue: e.detail.value }) },
  sendMessage() {
    const task = wx.request({
      url: 'https://api.example.com/v1/chat/completions', method: 'POST', enableChunked: true,
      data: { stream: true, messages: [{ role: 'user', content: this.data.inputValue }] },
    })
    task.onChunkReceived((res) => this.setData({ answer: this.data.answer + util.text(res.data) + step0 }))
  },
})
"""


def make_project(folder: Path, modules: int) -> None:
    pages = max(1, modules // 20)
    per_style = (modules - pages - 3) // 3
    for sub in ("lib/esm", "lib/cjs", "lib/ts"):
        (folder / sub).mkdir(parents=True)
    (folder / "project.config.json").write_text(json.dumps({"appid": "wx0000000000000000"}))
    (folder / "config.json").write_text('{"base": 1}')
    (folder / "lib/cjs/util.js").write_text(
        "exports.merge = (a, b) => Object.assign({}, a, b)\nexports.text = (b) => String(b)\n")
    (folder / "lib/ts/types.ts").write_text(TYPES)
    routes = []
    for p in range(pages):
        route = f"pages/p{p}/index"
        (folder / route).parent.mkdir(parents=True)
        (folder / f"{route}.js").write_text(PAGE)
        (folder / f"{route}.json").write_text('{"navigationBarTitleText": "chat"}')
        routes.append(route)
    (folder / "app.json").write_text(json.dumps({"pages": routes, "resolveAlias": {"@/*": "/*"}}))
    (folder / "app.js").write_text("App({ globalData: {} })\n")
    for i in range(per_style):
        (folder / f"lib/esm/m{i}.js").write_text(esm_module(i))
        (folder / f"lib/cjs/c{i}.js").write_text(cjs_module(i))
        (folder / f"lib/ts/t{i}.ts").write_text(ts_module(i))


def best(values: list[float]) -> str:
    return f"{min(values) * 1000:7.1f} ms (median {statistics.median(values) * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_project(folder, args.modules)
        load, collect, export, total = [], [], [], []
        count = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            project = load_project(folder)
            t1 = time.perf_counter()
            table = collect_modules(project)
            t2 = time.perf_counter()
            table.to_json()
            t3 = time.perf_counter()
            load.append(t1 - t0)
            collect.append(t2 - t1)
            export.append(t3 - t2)
            total.append(t3 - t0)
            count = len(table)
        print(f"project: {count} modules ({args.modules} asked), best of {args.repeat}")
        print(f"  load_project      {best(load)}")
        print(f"  collect_modules   {best(collect)}")
        print(f"  to_json+transform {best(export)}")
        print(f"  total             {best(total)}   goal < 1000 ms")
    for name, source, filename in (("ES module", esm_module(3), "m.js"), ("CommonJS (plain)", cjs_module(3), "c.js"),
                                   ("TypeScript", ts_module(3), "t.ts")):
        runs = []
        for _ in range(50):
            t0 = time.perf_counter()
            to_commonjs(source, filename)
            runs.append(time.perf_counter() - t0)
        lines = source.count("\n")
        print(f"to_commonjs {name:17} {min(runs) * 1000 * 100 / lines:.2f} ms per 100 lines "
              f"(median {statistics.median(runs) * 1000 * 100 / lines:.2f})")


if __name__ == "__main__":
    main()
