"""A page's WXML (with what it imports, includes and uses) to one JavaScript program.

The program is one expression, ``MpsimView.define({...})`` (``js/render.js`` defines it), holding a
render function per file, template and custom component. Rendering it with page data gives the
vnode tree described in ``docs/wxml.md``. The generated code only pushes vnodes and calls the
helpers in ``render.js``; binding expressions stay strings in a table and are compiled by the
helpers on first use, so a broken expression costs one warning, not the page.

Paths are project-absolute and POSIX (``/pages/chat/chat.wxml``); ``read`` returns a file's text or
``None`` when it does not exist.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .wxml_lexer import SourceText, WxmlError
from .wxml_parser import AttributeNode, Element, Location, TextNode, parse

__all__ = ["CompiledView", "ReadFile", "compile_page", "component_path", "dataset_key"]

ReadFile = Callable[[str], str | None]

# https://developers.weixin.qq.com/miniprogram/dev/component/ (the built-in components).
BUILTIN_TAGS = frozenset("""
view scroll-view swiper swiper-item movable-area movable-view cover-view cover-image icon text rich-text
progress button checkbox checkbox-group form input label picker picker-view picker-view-column radio
radio-group slider switch textarea navigator image video audio camera map canvas web-view ad open-data
official-account editor page-container root-portal match-media share-element keyboard-accessory
live-player live-pusher functional-page-navigator navigation-bar page-meta grid-view list-view
sticky-header sticky-section channel-video
""".split())

# bind / catch / mut-bind / capture-bind / capture-catch, with or without the colon
# (https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html).
_EVENT_ATTR = re.compile(r"^(capture-bind|capture-catch|mut-bind|bind|catch):?([A-Za-z][\w\-]*)$")
_BINDING = re.compile(r"\{\{(.*?)\}\}", re.S)
_WXS_REQUIRE = re.compile(r"""require\(\s*(['"])([^'"]+)\1\s*\)""")
_CONTROL_ATTRS = frozenset({"wx:if", "wx:elif", "wx:else", "wx:for", "wx:for-items", "wx:for-item",
                            "wx:for-index", "wx:key"})
# Words JavaScript reserves that WXML data may still be named (UI libraries' templates read
# `{{class}}`, `{{default}}`); in JavaScript they cannot be a variable.
_RESERVED_NAMES = frozenset("""
break case catch class const continue debugger default do else enum export extends finally for if
import return super switch throw try var while with
""".split())
_EXPR_TOKEN = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`"""  # strings
                         r"""|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"""  # numbers
                         r"""|(?P<name>[A-Za-z_$][\w$]*)|\s+|.""", re.S)
_ISOLATIONS = ("isolated", "apply-shared", "shared")
_ISOLATION_OPTION = re.compile(r"""\bstyleIsolation\s*:\s*(['"])(isolated|apply-shared|shared)\1""")
_GLOBAL_CLASS_OPTION = re.compile(r"\baddGlobalClass\s*:\s*true\b")
_VIRTUAL_HOST_OPTION = re.compile(r"\bvirtualHost\s*:\s*(?:true|!0)\b")
# Names after which `.` or `[` does not read a property.
_OPERATOR_WORDS = frozenset("in of typeof instanceof new void delete return".split())


def dataset_key(attribute: str) -> str:
    """``data-element-type`` -> ``elementType``; WeChat lower-cases the rest (``data-elementType`` ->
    ``elementtype``), https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html#dataset."""
    parts = attribute[5:].lower().split("-")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def expression_code(source: str, *, object_literal: bool = False) -> str:
    """A binding's source as the JavaScript that runs it. ``object_literal``: ``source`` is the
    inside of ``{...}`` (template ``data``).

    - Reading a property of nothing gives nothing, as WXML data paths do (``{{chat.messages.length}}``
      before ``onLoad`` set ``chat``): ``a.b[0]`` runs as ``a?.b?.[0]``.
    - A reserved word used as a name is read from the scope (``__scope["class"]``, the object
      ``render.js`` runs expressions with); as an object key it stays a key, and a shorthand
      ``{class}`` becomes ``"class": __scope["class"]``.
    """
    tokens = [(m.group(), m.group("name")) for m in _EXPR_TOKEN.finditer(source)]
    significant = [i for i, (text, _) in enumerate(tokens) if not text.isspace()]
    out = [text for text, _ in tokens]
    for pos, i in enumerate(significant):
        text, name = tokens[i]
        before = tokens[significant[pos - 1]] if pos else ("{" if object_literal else "", None)
        after = tokens[significant[pos + 1]][0] if pos + 1 < len(significant) else ("}" if object_literal else "")
        ends_operand = (before[1] is not None and before[1] not in _OPERATOR_WORDS) or before[0] in (")", "]")
        if text in (".", "[") and ends_operand and not (text == "." and after == "."):
            out[i] = "?." if text == "." else "?.["
            continue
        if name not in _RESERVED_NAMES:
            continue
        spread = pos >= 3 and all(tokens[significant[pos - k]][0] == "." for k in (1, 2, 3))
        if before[0] == "." and not spread:
            continue  # a property: item.class
        if before[0] in ("{", ","):
            if after == ":":
                continue  # a key: {class: 'x'}
            if after in (",", "}"):
                out[i] = f'"{text}": __scope["{text}"]'
                continue
        out[i] = f'__scope["{text}"]'
    return "".join(out)


def component_path(owner: str, ref: str) -> str:
    """Where ``usingComponents`` points: relative to the owner file, root-absolute, or an npm package."""
    if ref.startswith("/"):
        return posixpath.normpath(ref)
    if ref.startswith("."):
        return posixpath.normpath(posixpath.join(posixpath.dirname(owner), ref))
    return posixpath.normpath(f"/miniprogram_npm/{ref}" + ("" if "/" in ref else "/index"))


@dataclass
class CompiledView:
    """The program's JavaScript source, and what went wrong while compiling it (nothing fatal)."""

    source: str
    entry: str
    errors: list[WxmlError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # each custom component used: wxml path -> {"path", "scope", "styleIsolation"}
    components: dict[str, dict[str, object]] = field(default_factory=dict)


def compile_page(read: ReadFile, page: str, *, global_components: dict[str, str] | None = None) -> CompiledView:
    """Compile ``page`` (``/pages/x/x`` or ``/pages/x/x.wxml``); ``global_components`` is app.json's
    ``usingComponents`` (tag -> path), available to every page and component."""
    return _Compiler(read, global_components or {}).run(_with_ext(page, ".wxml"))


def _with_ext(path: str, ext: str) -> str:
    return path if path.endswith(ext) else path + ext


@dataclass
class _Unit:
    """One WXML file (or component) being compiled."""

    path: str
    imports: list[str] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)
    wxs: dict[str, str] = field(default_factory=dict)  # module name -> wxs module id
    components: dict[str, str] = field(default_factory=dict)  # tag -> component wxml path
    body: str = ""
    component: dict[str, object] | None = None
    # where <template is> looks names up: the file itself, or for included text the includer
    template_scope: str = ""

    def __post_init__(self) -> None:
        self.template_scope = self.template_scope or self.path


class _Compiler:
    def __init__(self, read: ReadFile, global_components: dict[str, str]) -> None:
        self.read = read
        self.global_components = global_components
        self.errors: list[WxmlError] = []
        self.warnings: list[str] = []
        self.units: dict[str, _Unit] = {}
        self.exprs: list[list[object]] = []
        self.wxs_modules: dict[str, dict[str, object]] = {}
        self.unknown_tags: set[str] = set()
        self.var = 0
        self.including: list[str] = []
        self.parsed: set[str] = set()
        self.using: dict[str, dict[str, str]] = {}  # wxml path -> its usingComponents, resolved
        self.variants: dict[str, list[dict[str, str]]] = {}

    # ----- files -------------------------------------------------------------------------------
    def run(self, entry: str) -> CompiledView:
        self._unit(entry)
        files = ",\n".join(f"{json.dumps(path)}: {self._unit_js(u)}" for path, u in self.units.items())
        wxs = json.dumps(self.wxs_modules, ensure_ascii=False)
        source = (f"MpsimView.define({{\nentry: {json.dumps(entry)},\n"
                  f"exprs: {json.dumps(self.exprs, ensure_ascii=False)},\nwxs: {wxs},\nfiles: {{\n{files}\n}}\n}})")
        components = {path: u.component for path, u in self.units.items() if u.component}
        return CompiledView(source, entry, self.errors, self.warnings, list(self.units), components)

    def _unit_js(self, u: _Unit) -> str:
        templates = ", ".join(f"{json.dumps(name)}: function (R, s, o) {{\n{code}}}"
                              for name, code in u.templates.items())
        return (f"{{imports: {json.dumps(u.imports)}, wxs: {json.dumps(u.wxs)}, "
                f"component: {json.dumps(u.component)}, templates: {{{templates}}},\n"
                f"body: function (R, s, o) {{\n{u.body}}}}}")

    def _parse(self, path: str, loc: Location | None, what: str) -> Element | None:
        text = self.read(path)
        if text is None:
            self._warn(loc, f"{what} {path} not found")
            return None
        root, errors = parse(SourceText(path, text))
        if path not in self.parsed:
            self.parsed.add(path)
            self.errors.extend(errors)
        return root

    def _unit(self, path: str, loc: Location | None = None, what: str = "page",
              component: dict[str, object] | None = None,
              using: dict[str, str] | None = None) -> tuple[str, _Unit] | None:
        """The compiled file and its key in the program's ``files``. ``using``: the components of
        the file that imports this one, which its templates' tags name too."""
        components = self._components_of(path)
        key = path
        if using and any(components.get(tag) != ref for tag, ref in using.items()):
            # A template is expanded where it is used, so its tags are that file's components
            # (https://developers.weixin.qq.com/miniprogram/dev/reference/wxml/template.html): a
            # template library imported by files with different components is compiled for each.
            components = {**using, **components}
            variants = self.variants.setdefault(path, [])
            if components not in variants:
                variants.append(components)
            key = f"{path}?using={variants.index(components) + 1}"
        if key in self.units:
            return key, self.units[key]
        root = self._parse(path, loc, what)
        if root is None:
            return None
        unit = self.units[key] = _Unit(key, component=component, components=components)
        unit.body = self._nodes(root.children, unit, "o", "s", None)
        return key, unit

    def _components_of(self, wxml: str) -> dict[str, str]:
        if wxml not in self.using:
            self.using[wxml] = self._read_components(wxml)
        return self.using[wxml]

    def _read_components(self, wxml: str) -> dict[str, str]:
        found = {tag: self._resolve_component("/app.json", ref) for tag, ref in self.global_components.items()}
        config_path = wxml[: -len(".wxml")] + ".json"
        text = self.read(config_path)
        if text is None:
            return found
        try:
            config = json.loads(text)
        except ValueError as exc:
            self.warnings.append(f"{config_path}: not valid JSON ({exc}); its usingComponents are ignored")
            return found
        using = config.get("usingComponents") if isinstance(config, dict) else None
        for tag, ref in (using or {}).items():
            if isinstance(ref, str) and ref:
                found[tag] = self._resolve_component(config_path, ref)
        return found

    def _resolve_component(self, owner: str, ref: str) -> str:
        # A bare name is a file beside the owner when there is one, else an npm package
        # (https://developers.weixin.qq.com/miniprogram/dev/devtools/npm.html).
        if not ref.startswith(("/", ".")):
            beside = _with_ext(component_path(owner, "./" + ref), ".wxml")
            if self.read(beside) is not None:
                return beside
        return _with_ext(component_path(owner, ref), ".wxml")

    def _component(self, path: str, loc: Location) -> _Unit | None:
        options = self._component_options(path)
        return self._unit(path, loc, "component", options)

    def _component_options(self, wxml: str) -> dict[str, object]:
        base = wxml[: -len(".wxml")]
        config: dict[str, object] = {}
        text = self.read(base + ".json")
        if text:
            try:
                loaded = json.loads(text)
                config = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                pass
        isolation = config.get("styleIsolation")
        if isolation not in _ISOLATIONS:
            isolation = self._isolation_in_script(base)
        if isolation not in _ISOLATIONS:
            isolation = "apply-shared" if config.get("addGlobalClass") else "isolated"
        options: dict[str, object] = {"path": base, "scope": base.strip("/").replace("/", "-"),
                                      "styleIsolation": isolation}
        if config.get("virtualHost") is True or _VIRTUAL_HOST_OPTION.search(self._script(base) or ""):
            options["virtualHost"] = True
        return options

    def _script(self, base: str) -> str | None:
        for ext in (".js", ".ts"):
            code = self.read(base + ext)
            if code is not None:
                return code
        return None

    def _isolation_in_script(self, base: str) -> str | None:
        """``options: {styleIsolation: 'shared'}`` (or ``addGlobalClass: true``) in the component's
        own script, where most components set it
        (https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/wxml-wxss.html).
        The view never runs the logic layer's JS, so the script is read, not run: the options are
        an object literal in ``Component({...})`` in practice."""
        code = self._script(base)
        if code is None:
            return None
        found = _ISOLATION_OPTION.search(code)
        if found:
            return found.group(2)
        return "apply-shared" if _GLOBAL_CLASS_OPTION.search(code) else None

    def _warn(self, loc: Location | str | None, message: str) -> None:
        self.warnings.append(f"{loc}: {message}" if loc else message)

    # ----- expressions ---------------------------------------------------------------------------
    def _expr(self, source: str, loc: Location, kind: int = 0) -> int:
        entry: list[object] = [source, f"{loc.file}:{loc.line}:{loc.col}", kind]
        code = expression_code(source, object_literal=kind == 1)
        if code != source:
            entry.append(code)  # what runs; messages quote the source as written
        self.exprs.append(entry)
        return len(self.exprs) - 1

    def _value(self, text: str | None, loc: Location, s: str, kind: int = 0) -> str:
        """JS for an attribute or text value: a literal, one raw binding, or a string of parts."""
        if text is None:
            return "true"
        parts = self._parts(text, loc, kind)
        if not parts:
            return '""'
        if len(parts) == 1:
            return json.dumps(parts[0], ensure_ascii=False) if isinstance(parts[0], str) else f"R.x({s}, {parts[0]})"
        return f"R.cat({s}, {json.dumps(parts, ensure_ascii=False)})"

    def _parts(self, text: str, loc: Location, kind: int = 0) -> list[str | int]:
        parts: list[str | int] = []
        pos = 0
        for m in _BINDING.finditer(text):
            if m.start() > pos:
                parts.append(text[pos: m.start()])
            before = text[: m.start()]
            newlines = before.count("\n")
            line = loc.line + newlines
            col = (len(before) - before.rfind("\n")) if newlines else loc.col + len(before)
            parts.append(self._expr(m.group(1), Location(loc.file, line, col), kind))
            pos = m.end()
        if pos < len(text):
            parts.append(text[pos:])
        return parts

    def _new_var(self, prefix: str) -> str:
        self.var += 1
        return f"{prefix}{self.var}"

    # ----- nodes ---------------------------------------------------------------------------------
    def _nodes(self, nodes: list[Element | TextNode], unit: _Unit, o: str, s: str, parent: Element | None) -> str:
        code: list[str] = []
        chain_open = False
        keep_space = parent is not None and parent.tag == "text"
        for node in nodes:
            if isinstance(node, TextNode):
                if not keep_space and not node.value.strip():
                    continue
                chain_open = False
                code.append(f"R.text({o}, {self._value(node.value, node.loc, s)});\n")
                continue
            if node.has("wx:if") and not node.has("wx:for"):
                cond = node.attr("wx:if")
                code.append(f"if ({self._value(cond.value, cond.value_loc, s)}) {{\n")
                code.append(self._element(node, unit, o, s))
                code.append("}\n")
                chain_open = True
            elif node.has("wx:elif") or node.has("wx:else"):
                name = "wx:elif" if node.has("wx:elif") else "wx:else"
                if not chain_open:
                    self.errors.append(WxmlError(node.loc.file, node.loc.line, node.loc.col,
                                                 f"{name} without a wx:if before it"))
                    continue
                if name == "wx:elif":
                    cond = node.attr("wx:elif")
                    code.append(f"else if ({self._value(cond.value, cond.value_loc, s)}) {{\n")
                else:
                    code.append("else {\n")
                    chain_open = False
                code.append(self._element(node, unit, o, s))
                code.append("}\n")
            else:
                chain_open = False
                code.append(self._element(node, unit, o, s))
        return "".join(code)

    def _element(self, el: Element, unit: _Unit, o: str, s: str) -> str:
        for_attr = el.attr("wx:for") or el.attr("wx:for-items")
        if for_attr is None:
            return self._element_once(el, unit, o, s)
        item = el.attr("wx:for-item")
        index = el.attr("wx:for-index")
        key = el.attr("wx:key")
        inner_s = self._new_var("s")
        body = self._element_once(el, unit, o, inner_s)
        cond = el.attr("wx:if")
        if cond is not None:  # wx:for comes first: the condition sees each item
            body = f"if ({self._value(cond.value, cond.value_loc, inner_s)}) {{\n{body}}}\n"
        key_js = "null"
        if key is not None and key.value:
            key_js = (f"function ({inner_s}) {{ return {self._value(key.value, key.value_loc, inner_s)}; }}"
                      if "{{" in key.value else json.dumps(key.value))
        return (f"R.each({o}, {s}, {self._value(for_attr.value, for_attr.value_loc, s)}, "
                f"{json.dumps(item.value if item and item.value else 'item')}, "
                f"{json.dumps(index.value if index and index.value else 'index')}, {key_js}, "
                f"function ({inner_s}) {{\n{body}}});\n")

    def _element_once(self, el: Element, unit: _Unit, o: str, s: str) -> str:
        tag = el.tag
        if tag == "block":
            return self._nodes(el.children, unit, o, s, el)
        if tag == "import":
            return self._import(el, unit)
        if tag == "include":
            return self._include(el, unit, o, s)
        if tag == "wxs":
            self._wxs(el, unit)
            return ""
        if tag == "template":
            return self._template(el, unit, o, s)
        if tag == "slot":
            name = el.attr("name")
            name_js = self._value(name.value, name.value_loc, s) if name else '""'
            return f"R.slot({o}, {name_js});\n"
        component = unit.components.get(tag)
        if component is None and tag not in BUILTIN_TAGS and tag not in self.unknown_tags:
            self.unknown_tags.add(tag)
            self._warn(el.loc, f"unknown tag <{tag}> is shown as a block")
        n = self._new_var("n")
        loc = json.dumps(f"{el.loc.file}:{el.loc.line}:{el.loc.col}")
        code = [f"var {n} = R.el({o}, {json.dumps(tag)}, {loc});\n"]
        for attr in el.attrs:
            if attr.name in _CONTROL_ATTRS:
                continue
            code.append(self._attribute(n, attr, s))
        if component is not None:
            target = self._component(component, el.loc)
            if target is not None:
                slot = self._nodes(el.children, unit, "c", s, el)
                code.append(f"R.mount({n}, {json.dumps(component)}, function (c) {{\n{slot}}});\n")
                return "".join(code)
        code.append(self._nodes(el.children, unit, f"{n}.children", s, el))
        return "".join(code)

    def _attribute(self, n: str, attr: AttributeNode, s: str) -> str:
        value = self._value(attr.value, attr.value_loc, s)
        event = _EVENT_ATTR.match(attr.name)
        if event:
            return f"R.on({n}, {json.dumps(event.group(2))}, {json.dumps(event.group(1))}, {value});\n"
        return f"R.set({n}, {json.dumps(attr.name)}, {value});\n"

    # ----- imports, includes, templates, wxs -------------------------------------------------------
    def _src(self, el: Element, unit: _Unit, ext: str) -> str | None:
        src = el.attr("src")
        if src is None or not src.value:
            self.errors.append(WxmlError(el.loc.file, el.loc.line, el.loc.col, f"<{el.tag}> needs a src"))
            return None
        base = "/" if src.value.startswith("/") else posixpath.dirname(unit.path)
        return _with_ext(posixpath.normpath(posixpath.join(base, src.value.lstrip("/"))), ext)

    def _import(self, el: Element, unit: _Unit) -> str:
        path = self._src(el, unit, ".wxml")
        if path is None or path == unit.path:
            return ""
        imported = self._unit(path, el.loc, "import", using=unit.components)
        if imported is not None:
            unit.imports.append(imported[0])
        return ""

    def _include(self, el: Element, unit: _Unit, o: str, s: str) -> str:
        path = self._src(el, unit, ".wxml")
        if path is None:
            return ""
        if path in self.including or path == unit.path:
            self._warn(el.loc, f"{path} includes itself; the inner include is left out")
            return ""
        root = self._parse(path, el.loc, "include")
        if root is None:
            return ""
        # <include> copies everything but <template> and <wxs> definitions
        # (https://developers.weixin.qq.com/miniprogram/dev/reference/wxml/import.html#include).
        kept = [n for n in root.children
                if not (isinstance(n, Element) and (n.tag == "wxs" or (n.tag == "template" and n.has("name"))))]
        self.including.append(path)
        try:
            return self._nodes(kept, _Unit(path, unit.imports, unit.templates, unit.wxs, unit.components,
                                             template_scope=unit.template_scope), o, s, None)
        finally:
            self.including.pop()

    def _template(self, el: Element, unit: _Unit, o: str, s: str) -> str:
        name = el.attr("name")
        if name is not None and name.value:
            unit.templates[name.value] = self._nodes(el.children, unit, "o", "s", None)
            return ""
        is_attr = el.attr("is")
        if is_attr is None or not is_attr.value:
            self.errors.append(WxmlError(el.loc.file, el.loc.line, el.loc.col, "<template> needs a name or is"))
            return ""
        data = el.attr("data")
        # data="{{a, ...b}}" is the inside of an object literal (kind 1)
        data_js = self._value(data.value, data.value_loc, s, 1) if data and data.value else "{}"
        loc = json.dumps(f"{el.loc.file}:{el.loc.line}:{el.loc.col}")
        return (f"R.tpl({o}, {json.dumps(unit.template_scope)}, {self._value(is_attr.value, is_attr.value_loc, s)}, "
                f"{data_js}, {loc});\n")

    def _wxs(self, el: Element, unit: _Unit) -> None:
        module = el.attr("module")
        if module is None or not module.value:
            self.errors.append(WxmlError(el.loc.file, el.loc.line, el.loc.col, "<wxs> needs a module name"))
            return
        if el.has("src"):
            path = self._src(el, unit, ".wxs")
            if path is None or not self._wxs_file(path, el.loc):
                return
            unit.wxs[module.value] = path
            return
        code = "".join(c.value for c in el.children if isinstance(c, TextNode))
        module_id = f"{unit.path}#{module.value}"
        start = el.children[0].loc if el.children else el.loc
        self._wxs_source(module_id, code, start, posixpath.dirname(unit.path))
        unit.wxs[module.value] = module_id

    def _wxs_file(self, path: str, loc: Location) -> bool:
        if path in self.wxs_modules:
            return True
        code = self.read(path)
        if code is None:
            self._warn(loc, f"wxs module {path} not found")
            return False
        self._wxs_source(path, code, Location(path, 1, 1), posixpath.dirname(path))
        return True

    def _wxs_source(self, module_id: str, code: str, loc: Location, directory: str) -> None:
        requires: dict[str, str] = {}
        self.wxs_modules[module_id] = {"code": code, "loc": f"{loc.file}:{loc.line}", "requires": requires}
        for m in _WXS_REQUIRE.finditer(code):
            ref = m.group(2)
            target = posixpath.normpath(posixpath.join("/" if ref.startswith("/") else directory, ref.lstrip("/")))
            if self._wxs_file(target, loc):
                requires[ref] = target
