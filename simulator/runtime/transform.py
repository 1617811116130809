"""ES modules and TypeScript turned into CommonJS in place, every line and column kept.

WeChat DevTools compiles ES modules and TypeScript to CommonJS before upload ("将 JS 编译成 ES5",
https://developers.weixin.qq.com/miniprogram/dev/devtools/codecompile.html); the base library only
has ``require``. ``to_commonjs`` does the same job, but rewrites the file *in place*: import and
export statements are replaced on their own lines, TypeScript-only syntax becomes spaces (the
type-stripping idea of ts-blank-space and Node's ``--experimental-strip-types``), and nothing adds
or removes a line. A V8 error at ``index.ts:12:5`` is therefore at line 12, column 5 of the user's
own file, with no source map. ``docs/modules.md`` is the contract with the JS loader.

Why tree-sitter (measured for issue 7): ``tree-sitter`` with the ``tree-sitter-javascript`` and
``tree-sitter-typescript`` grammars (maintained PyPI wheels, no Node) parses a 100-line module in
about 0.5 ms and gives every node's exact byte span, which is all an in-place rewrite needs;
``bench/project_load.py`` reports the whole transform per module. The other PyPI candidate,
``esbuild-py`` 0.1.6, exposes only ``transform(code)`` with no options: no CommonJS output, no
loader choice, no source map, so it cannot do this job.

What the output may use besides ``require``, ``module`` and ``exports`` is one free identifier,
``__esm``, that the loader passes into every module wrapper (contract in ``docs/modules.md``):

- ``__esm.importDefault(m)``: ``m && m.__esModule ? m.default : m``.
- ``__esm.importStar(m)``: ``m`` itself when ``m.__esModule``; otherwise an object with the own
  enumerable properties of ``m`` and ``default: m`` (cached per ``m``).
- ``__esm.exportStar(m, exports)``: for every own enumerable key of ``m`` except ``"default"``,
  ``"__esModule"`` and keys ``exports`` already has, define a configurable enumerable getter on
  ``exports`` returning ``m[key]``.
- ``__esm.define(exports, getters)``: set ``exports.__esModule = true`` and, for each key of the
  object ``getters``, define a configurable enumerable getter on ``exports`` (replacing any
  ``exportStar`` getter of that name) that calls ``getters[key]()`` -- the live binding.
- ``__esm.dynamicImport(require, specifier)``: a Promise of ``importStar(require(specifier))``,
  rejected if that throws.

Known differences from a real ES module, all documented in ``docs/modules.md``: a named import is
read once, when its import line runs (namespace imports stay live); an anonymous
``export default function`` is not hoisted; a dynamic ``import(...)`` shifts the columns after it on
its own line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import tree_sitter as ts

__all__ = ["ModuleSyntaxError", "to_commonjs"]


class ModuleSyntaxError(Exception):
    """A module the transformer cannot turn into CommonJS; ``str()`` is one line."""

    def __init__(self, filename: str, line: int, col: int, message: str, source_line: str) -> None:
        super().__init__(f"{filename}:{line}:{col}: SyntaxError: {message}")
        self.filename = filename
        self.line = line  # 1-based
        self.col = col  # 1-based, in UTF-16 code units as V8 counts them
        self.message = message
        self.source_line = source_line


@cache
def _language(typescript: bool) -> ts.Language:
    if typescript:
        import tree_sitter_typescript

        return ts.Language(tree_sitter_typescript.language_typescript())
    import tree_sitter_javascript

    return ts.Language(tree_sitter_javascript.language())


@cache
def _parser(typescript: bool) -> ts.Parser:
    return ts.Parser(_language(typescript))


# TypeScript-only syntax, found in one pass by the grammar's query engine (C) rather than by a
# Python walk over every node.
_TS_QUERY = """
(type_annotation) @blank
(type_arguments) @blank
(type_parameters) @blank
(interface_declaration) @blank
(type_alias_declaration) @blank
(ambient_declaration) @blank
(function_signature) @blank
(method_signature) @blank
(abstract_method_signature) @blank
(index_signature) @blank
(implements_clause) @blank
(accessibility_modifier) @modifier
(override_modifier) @modifier
(required_parameter "readonly" @modifier)
(optional_parameter "readonly" @modifier)
(public_field_definition "readonly" @blank)
(public_field_definition "abstract" @blank)
(public_field_definition "?" @blank)
(public_field_definition "!" @blank)
(public_field_definition "declare") @blank
(method_definition "?" @blank)
(method_definition "abstract" @blank)
(abstract_class_declaration "abstract" @blank)
(optional_parameter "?" @blank)
(variable_declarator "!" @blank)
(required_parameter pattern: (this)) @this_param
(as_expression) @cast
(satisfies_expression) @cast
(non_null_expression) @non_null
(enum_declaration) @enum
(decorator) @decorator
(internal_module) @namespace
(module) @namespace
(call_expression function: (import)) @dynamic_import
"""

_JS_QUERY = "(call_expression function: (import)) @dynamic_import"


@cache
def _names_query() -> ts.Query:
    return ts.Query(_language(True), "[(identifier) (shorthand_property_identifier)] @name")


@cache
def _query(typescript: bool) -> ts.Query:
    return ts.Query(_language(typescript), _TS_QUERY if typescript else _JS_QUERY)


# Statements that run no code of their own, so an import after them still runs "first".
_INERT = {"comment", "hashbang_comment", "import_statement", "function_declaration",
          "generator_function_declaration", "empty_statement", "interface_declaration",
          "type_alias_declaration", "ambient_declaration", "function_signature"}
_LINE_BREAKS = "\n\r\u2028\u2029"
_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")  # ECMAScript LineTerminatorSequence
_TYPE_ONLY_BODY = {"interface_declaration", "type_alias_declaration", "comment", "ambient_declaration"}


def _blank(text: str) -> str:
    """Spaces for ``text`` keeping its line breaks; astral characters count two (UTF-16, as V8)."""
    return "".join(c if c in _LINE_BREAKS else ("  " if ord(c) > 0xFFFF else " ") for c in text)


def _fit(new: str, old: str) -> str:
    """``new`` laid over ``old``: as many line breaks as ``old``, the last line's columns kept.

    A replacement longer than the first line of ``old`` runs over it; that only moves code that
    follows the statement on the same line, which real modules rarely have.
    """
    blank = _blank(old)
    breaks = _BREAK.findall(blank)
    if not breaks:
        return new + blank[len(new):]
    first = _BREAK.search(blank)
    assert first is not None
    if not _BREAK.search(new):
        # Shorter than the first line: padded to it; longer: runs over it, every break kept.
        return new + blank[min(len(new), first.start()):]
    missing = len(breaks) - len(_BREAK.findall(new))
    last_line = len(_BREAK.split(blank)[-1])
    return new + "\n" * max(missing, 0) + " " * max(last_line - len(_BREAK.split(new)[-1]), 0)


@dataclass
class _Edit:
    start: int
    end: int
    text: str | None  # None: blank the span


class _Rewriter:
    def __init__(self, source: str, filename: str, typescript: bool) -> None:
        self.source = source
        self.data = source.encode()
        self.filename = filename
        self.typescript = typescript
        self.tree = _parser(typescript).parse(self.data)
        self.blanks: list[tuple[int, int]] = []
        self.edits: list[_Edit] = []
        self.getters: dict[str, str] = {}
        self.requests: list[ts.Node] = []  # import / export-from statements, in order
        self.imports = 0
        self.hoisted: list[str] = []

    # -- helpers ---------------------------------------------------------------------------------

    def text(self, node: ts.Node | None) -> str:
        return "" if node is None else self.data[node.start_byte:node.end_byte].decode()

    def rendered(self, start: int, end: int) -> str:
        """The source between two byte offsets with the TypeScript blanks applied."""
        out, pos = [], start
        for b_start, b_end in self.blanks:
            if b_end <= pos or b_start >= end:
                continue
            b_start, b_end = max(b_start, pos), min(b_end, end)
            out.append(self.data[pos:b_start].decode())
            out.append(_blank(self.data[b_start:b_end].decode()))
            pos = b_end
        out.append(self.data[pos:end].decode())
        return "".join(out)

    def error(self, node: ts.Node, message: str) -> ModuleSyntaxError:
        row, col_bytes = node.start_point
        line_start = node.start_byte - col_bytes
        line_end = self.data.find(b"\n", line_start)
        line = self.data[line_start:line_end if line_end >= 0 else len(self.data)].decode().rstrip("\r")
        col = len(self.data[line_start:node.start_byte].decode().encode("utf-16-le")) // 2 + 1
        return ModuleSyntaxError(self.filename, row + 1, col, message, line)

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append(_Edit(start, end, _fit(new, self.rendered(start, end))))

    def blank(self, start: int, end: int) -> None:
        self.blanks.append((start, end))

    def new_import_name(self) -> str:
        self.imports += 1
        return f"__import{self.imports}"

    # -- checks ----------------------------------------------------------------------------------

    def check_syntax(self) -> None:
        root = self.tree.root_node
        if not root.has_error:
            return
        cursor = root.walk()
        while True:
            node = cursor.node
            assert node is not None
            if node.is_missing:
                raise self.error(node, f"missing '{node.type}'")
            if node.is_error:
                # The token the parser gave up on is the last one it skipped, except in a string
                # that never closes, which swallows the rest of its line.
                leaves = list(_leaves(node)) or [node]
                if leaves[0].type in ('"', "'", "`") and len(leaves) <= 2:
                    raise self.error(leaves[0], "unterminated string")
                token = self.text(leaves[-1]).split("\n")[0][:20] or "end of input"
                raise self.error(leaves[-1], f"unexpected '{token}'")
            if node.has_error and cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    raise self.error(root, "cannot parse this file")

    # -- TypeScript ------------------------------------------------------------------------------

    def strip_types(self, captures: dict[str, list[ts.Node]]) -> None:
        for node in captures.get("decorator", []):
            raise self.error(node, "decorators are not supported; compile them with tsc first")
        for node in captures.get("namespace", []):
            if node.parent is not None and node.parent.type == "ambient_declaration":
                continue
            body = node.child_by_field_name("body")
            if body is not None and any(c.type not in _TYPE_ONLY_BODY and c.is_named and not
                                        (c.type == "export_statement" and self.is_type_only_export(c))
                                        for c in body.children):
                raise self.error(node, "TypeScript namespaces with values are not supported; "
                                       "use an ES module instead")
            statement = node.parent if node.parent and node.parent.type == "expression_statement" else node
            self.blank(statement.start_byte, statement.end_byte)
        for name in ("blank", "modifier"):
            for node in captures.get(name, []):
                self.blank(node.start_byte, node.end_byte)
        for node in captures.get("this_param", []):
            after = node.next_sibling
            end = after.end_byte if after is not None and after.type == "," else node.end_byte
            self.blank(node.start_byte, end)
        for node in captures.get("cast", []):
            keyword = next(c for c in node.children if c.type in ("as", "satisfies"))
            self.blank(keyword.start_byte, node.end_byte)
        for node in captures.get("non_null", []):
            self.blank(node.end_byte - 1, node.end_byte)
        self.blanks.sort()
        self.parameter_properties(captures.get("modifier", []))
        for node in captures.get("enum", []):
            self.enum(node)

    def parameter_properties(self, modifiers: list[ts.Node]) -> None:
        """``constructor(private x: T)`` assigns ``this.x = x`` first thing (after ``super()``)."""
        by_constructor: dict[int, tuple[ts.Node, list[str]]] = {}
        for modifier in modifiers:
            param = modifier.parent
            if param is None or param.type not in ("required_parameter", "optional_parameter"):
                continue
            method = param.parent.parent if param.parent is not None else None
            if method is None or method.type != "method_definition":
                continue
            pattern = param.child_by_field_name("pattern")
            if pattern is None or pattern.type != "identifier":
                raise self.error(param, "a parameter property must be a plain name")
            entry = by_constructor.setdefault(method.start_byte, (method, []))
            if self.text(pattern) not in entry[1]:
                entry[1].append(self.text(pattern))
        for method, names in by_constructor.values():
            body = method.child_by_field_name("body")
            assert body is not None
            at = body.start_byte + 1
            for statement in body.named_children:
                call = statement.named_children[0] if statement.named_children else None
                if (statement.type == "expression_statement" and call is not None
                        and call.type == "call_expression"
                        and self.text(call.child_by_field_name("function")) == "super"):
                    at = statement.end_byte
                    break
            # The leading ';' ends a `super()` written without one.
            self.edits.append(_Edit(at, at, ";" + " ".join(f"this.{n} = {n};" for n in names)))

    def enum(self, node: ts.Node) -> None:
        """``enum E { A, B = 5 }`` as the object TypeScript emits, on the enum's own lines."""
        if node.parent is not None and node.parent.type == "ambient_declaration":
            return
        name = self.text(node.child_by_field_name("name"))
        body = node.child_by_field_name("body")
        assert body is not None
        self.replace(node.start_byte, body.start_byte + 1,
                     f"var {name} = (function ({name}) {{ var __next = 0;")
        for member in body.children:
            if member.type in ("property_identifier", "string", "enum_assignment"):
                key_node = member.child_by_field_name("name") if member.type == "enum_assignment" else member
                key = self.text(key_node)
                key = key if key_node is not None and key_node.type == "string" else f'"{key}"'
                value_node = member.child_by_field_name("value")
                value = "__next" if value_node is None else (
                    "(" + self.rendered(value_node.start_byte, value_node.end_byte) + ")")
                # A string member has no reverse mapping, a numeric one does (TypeScript handbook, Enums).
                code = (f"{name}[{key}] = {value}; if (typeof {name}[{key}] === 'number') "
                        f"{{ __next = {name}[{key}] + 1; {name}[{name}[{key}]] = {key}; }}")
                self.replace(member.start_byte, member.end_byte, code)
            elif member.type == ",":
                self.blank(member.start_byte, member.end_byte)
            elif member.type == "}":
                self.replace(member.start_byte, member.end_byte, f"return {name}; }})({name} || {{}});")

    def is_type_only_export(self, node: ts.Node) -> bool:
        if any(c.type == "type" for c in node.children):
            return True
        declaration = node.child_by_field_name("declaration")
        return declaration is not None and declaration.type in (
            "interface_declaration", "type_alias_declaration", "ambient_declaration",
            "function_signature")

    def used_as_value(self, names: set[str], skip: list[ts.Node]) -> set[str]:
        """Which of ``names`` appear outside type positions (TypeScript drops type-only imports)."""
        spans = sorted([(n.start_byte, n.end_byte) for n in skip] + self.blanks)
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        starts = [m[0] for m in merged]
        used: set[str] = set()
        for node in ts.QueryCursor(_names_query()).captures(self.tree.root_node).get("name", []):
            text = self.text(node)
            if text in names and text not in used:
                i = bisect.bisect_right(starts, node.start_byte) - 1
                if i < 0 or merged[i][1] < node.end_byte:
                    used.add(text)
        return used

    # -- ES modules ------------------------------------------------------------------------------

    def modules(self) -> None:
        root = self.tree.root_node
        for node in root.children:
            if node.type == "import_statement":
                self.requests.append(node)
            elif node.type == "export_statement":
                self.export(node)
        if not self.requests:
            return
        first_running = next((c for c in root.children if not self.inert(c)), None)
        hoist = first_running is not None and self.requests[-1].start_byte > first_running.start_byte
        unused: set[str] = set()
        if self.typescript:
            bound = {n for r in self.requests if r.type == "import_statement" for n in self.bindings(r)}
            unused = bound - self.used_as_value(bound, self.requests)
        for node in self.requests:
            code = self.request(node, unused)
            if hoist:
                self.hoisted.append(code)
                self.blank(node.start_byte, node.end_byte)
            elif code:
                self.replace(node.start_byte, node.end_byte, code)
            else:
                self.blank(node.start_byte, node.end_byte)

    def inert(self, node: ts.Node) -> bool:
        if node.type in _INERT:
            return True
        if node.type == "export_statement":
            declaration = node.child_by_field_name("declaration")
            return (node.child_by_field_name("source") is not None or self.is_type_only_export(node)
                    or declaration is None and node.child_by_field_name("value") is None
                    or declaration is not None and declaration.type in _INERT)
        if node.type == "expression_statement":  # a directive such as 'use strict'
            return len(node.named_children) == 1 and node.named_children[0].type == "string"
        return False

    def bindings(self, node: ts.Node) -> list[str]:
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return []
        names = []
        for part in clause.named_children:
            if part.type == "identifier":
                names.append(self.text(part))
            elif part.type == "namespace_import":
                names.append(self.text(part.named_children[-1]))
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type == "import_specifier" and not any(c.type == "type" for c in spec.children):
                        alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                        names.append(self.text(alias))
        return names

    def request(self, node: ts.Node, unused: set[str]) -> str:
        """The CommonJS for one import or export-from statement ('' when it imports only types)."""
        source = self.text(node.child_by_field_name("source"))
        if node.type == "export_statement":
            return self.reexport(node, source)
        if any(c.type == "type" for c in node.children):
            return ""
        require_clause = next((c for c in node.named_children if c.type == "import_require_clause"), None)
        if require_clause is not None:  # TypeScript's `import x = require('y')`
            name = self.text(require_clause.named_children[0])
            return f"var {name} = require({self.text(require_clause.child_by_field_name('source'))});"
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return f"require({source});"
        names = self.bindings(node)
        if self.typescript and all(n in unused for n in names):  # also when every specifier is `type`
            return ""
        module = self.new_import_name()
        parts = [f"{module} = require({source})"]
        for part in clause.named_children:
            if part.type == "identifier":
                parts.append(f"{self.text(part)} = __esm.importDefault({module})")
            elif part.type == "namespace_import":
                parts.append(f"{self.text(part.named_children[-1])} = __esm.importStar({module})")
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier" or any(c.type == "type" for c in spec.children):
                        continue
                    imported = self.text(spec.child_by_field_name("name"))
                    local = self.text(spec.child_by_field_name("alias") or spec.child_by_field_name("name"))
                    parts.append(f"{local} = {self.member(module, imported)}")
        return "var " + ", ".join(parts) + ";"

    @staticmethod
    def member(module: str, name: str) -> str:
        if name == "default":
            return f"__esm.importDefault({module})"
        return f"{module}[{name}]" if name[0] in "'\"" else f"{module}.{name}"

    def reexport(self, node: ts.Node, source: str) -> str:
        if any(c.type == "type" for c in node.children):
            return ""
        clause = next((c for c in node.named_children if c.type in ("export_clause", "namespace_export")), None)
        if clause is None:
            return f"__esm.exportStar(require({source}), exports);"
        module = self.new_import_name()
        if clause.type == "namespace_export":
            self.getters[self.text(clause.named_children[-1])] = f"__esm.importStar({module})"
        else:
            for spec in clause.named_children:
                if spec.type == "export_specifier" and not any(c.type == "type" for c in spec.children):
                    name = self.text(spec.child_by_field_name("name"))
                    alias = self.text(spec.child_by_field_name("alias")) or name
                    self.getters[alias] = self.member(module, name)
        return f"var {module} = require({source});"

    def export(self, node: ts.Node) -> None:
        if node.child_by_field_name("source") is not None:
            self.requests.append(node)
            return
        if self.is_type_only_export(node):
            self.blank(node.start_byte, node.end_byte)
            return
        declaration = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        default = next((c for c in node.children if c.type == "default"), None)
        if any(c.type == "=" for c in node.children):  # TypeScript's `export = x`
            self.replace(node.start_byte, node.children[1].end_byte, "module.exports =")
        elif declaration is not None:
            self.blank(node.start_byte, declaration.start_byte)
            names = self.declared_names(declaration)
            if default is not None:
                self.getters["default"] = names[0]
            else:
                self.getters.update((n, n) for n in names)
        elif value is not None:
            self.replace(node.start_byte, default.end_byte if default else value.start_byte, "var __default=")
            self.getters["default"] = "__default"
        else:
            clause = next(c for c in node.named_children if c.type == "export_clause")
            for spec in clause.named_children:
                if spec.type == "export_specifier" and not any(c.type == "type" for c in spec.children):
                    name = self.text(spec.child_by_field_name("name"))
                    alias = self.text(spec.child_by_field_name("alias")) or name
                    self.getters[alias] = name
            self.blank(node.start_byte, node.end_byte)

    def declared_names(self, declaration: ts.Node) -> list[str]:
        name = declaration.child_by_field_name("name")
        if name is not None:
            return [self.text(name)]
        names: list[str] = []
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                self.pattern_names(declarator.child_by_field_name("name"), names)
        return names

    def pattern_names(self, node: ts.Node | None, out: list[str]) -> None:
        """Every name a destructuring pattern binds (``const {a, b: [c]} = ...`` binds a and c)."""
        if node is None:
            return
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            out.append(self.text(node))
        elif node.type == "pair_pattern":
            self.pattern_names(node.child_by_field_name("value"), out)
        elif node.type in ("assignment_pattern", "object_assignment_pattern"):
            self.pattern_names(node.child_by_field_name("left"), out)
        else:
            for child in node.named_children:
                self.pattern_names(child, out)

    def dynamic_imports(self, calls: list[ts.Node]) -> None:
        for call in calls:
            arguments = call.child_by_field_name("arguments")
            assert arguments is not None
            self.replace(call.start_byte, arguments.start_byte + 1, "__esm.dynamicImport(require, ")

    # -- the header and the output ---------------------------------------------------------------

    def header(self) -> str:
        parts = []
        if self.getters:
            getters = ", ".join(f"{_js_string(k)}: () => {v}" for k, v in self.getters.items())
            parts.append(f"__esm.define(exports, {{{getters}}});")
        parts.extend(self.hoisted)
        return " ".join(p for p in parts if p)

    def header_position(self) -> tuple[int, bool]:
        """Where the header goes: the end of the first line, or else the first place that moves no
        code (the end of a later line, the start of a comment line). Hoisted imports must also come
        before any code runs; export getters are lazy and only need to come early."""
        children = self.tree.root_node.children
        limit = next((c.start_byte for c in children if not self.inert(c)), len(self.data))
        for match in re.finditer(rb"\r\n?|\n|\Z", self.data):
            end = match.start()
            line_start = max(self.data.rfind(b"\n", 0, end), self.data.rfind(b"\r", 0, end)) + 1
            if end > limit and (self.hoisted or line_start > limit):
                break
            inside = next((c for c in children if c.start_byte < end < c.end_byte or
                           c.type in ("comment", "hashbang_comment") and c.end_byte == end
                           and self.text(c).startswith(("//", "#!"))), None)
            if inside is None:
                return end, True
            if (inside.type == "comment" and inside.start_byte >= line_start
                    and not self.data[line_start:inside.start_byte].strip()):
                return line_start, False
        return limit, False

    def output(self) -> str:
        header = self.header()
        if header:
            at, end_of_line = self.header_position()
            self.edits.append(_Edit(at, at, (";" + header) if end_of_line else header + " "))
        if not self.edits and not self.blanks:
            return self.source
        spans = [(e.start, e.end, e.text) for e in self.edits]
        taken = [(s, e) for s, e, _ in spans if e > s]
        for start, end in self.blanks:
            if not any(s <= start and end <= e for s, e in taken):
                spans.append((start, end, None))
        spans.sort(key=lambda s: (s[0], s[1]))
        out, pos = [], 0
        for start, end, text in spans:
            if start < pos:  # a blank inside another blank
                if end > pos and text is None:
                    out.append(_blank(self.data[pos:end].decode()))
                    pos = end
                continue
            out.append(self.data[pos:start].decode())
            out.append(_blank(self.data[start:end].decode()) if text is None else text)
            pos = end
        out.append(self.data[pos:].decode())
        return "".join(out)


def _leaves(node: ts.Node) -> Iterator[ts.Node]:
    if not node.children:
        yield node
    for child in node.children:
        yield from _leaves(child)


def _js_string(name: str) -> str:
    return name if name[0] in "'\"" else f'"{name}"'


def to_commonjs(source: str, filename: str) -> str:
    """``source`` (a ``.js``, ``.mjs`` or ``.ts`` module) as CommonJS with every line and column kept.

    A module with no import, export or TypeScript syntax comes back unchanged. Raises
    ``ModuleSyntaxError`` for what does not parse, and for TypeScript this cannot strip
    (decorators, namespaces holding values).
    """
    typescript = filename.endswith((".ts", ".mts", ".cts"))
    rewriter = _Rewriter(source, filename, typescript)
    rewriter.check_syntax()
    captures = ts.QueryCursor(_query(typescript)).captures(rewriter.tree.root_node)
    if typescript:
        rewriter.strip_types(captures)
    rewriter.modules()
    rewriter.dynamic_imports(captures.get("dynamic_import", []))
    rewriter.blanks.sort()
    return rewriter.output()
