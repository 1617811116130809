"""A mini-program project folder as it is checked in: its configuration and its module sources.

``load_project(path)`` reads ``project.config.json`` (with ``project.private.config.json`` over it,
as DevTools does), ``app.json`` and every page's ``.json``, and checks what a run needs: pages that
have their ``.js``, an entry page that is one of them. ``collect_modules(project)`` gathers every
module file under the miniprogram root into a ``ModuleTable`` that the JS loader receives whole
(``to_json()``); ES modules and TypeScript are turned into CommonJS on first use
(``transform.py``). ``docs/modules.md`` is the contract with the loader: keys, shapes, and how
``require`` resolves.

WeChat documents the files read here at
https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html (app.json),
https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/page.html (page .json),
https://developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html (project.config.json)
and https://developers.weixin.qq.com/miniprogram/dev/devtools/npm.html (npm and 构建 npm).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .transform import ModuleSyntaxError, to_commonjs

__all__ = [
    "ModuleTable",
    "Project",
    "ProjectError",
    "collect_modules",
    "load_project",
    "looks_like_project",
    "view_reader",
]

PROJECT_CONFIG = "project.config.json"
PRIVATE_CONFIG = "project.private.config.json"
MODULE_SUFFIXES = (".js", ".mjs", ".ts", ".json", ".wxs")
# A module bigger than this is a bundle or a data file nobody requires by accident; reading and
# handing it to V8 would stall the load (uni-app's dev vendor.js is about 1-3 MB).
MAX_MODULE_BYTES = 10 * 1024 * 1024
# uni-app and Taro write the mp-weixin build here; DevTools opens that folder, not the source.
_BUILD_FOLDERS = ("dist/dev/mp-weixin", "dist/build/mp-weixin", "unpackage/dist/dev/mp-weixin", "dist")
# The tool's files, not the mini-program's, when miniprogramRoot is the project folder.
_NOT_MODULES = {PROJECT_CONFIG, PRIVATE_CONFIG}
_ESM_WORDS = re.compile(rb"\b(?:import|export)\b")
_ESM_STATEMENT = re.compile(r"(?m)^\s*(?:import|export)\b|[;}]\s*(?:import|export)\s*[{*\w'\"]|\bimport\s*\(")


class ProjectError(Exception):
    """The folder cannot be run as a mini-program; ``str()`` is one line saying why."""


def looks_like_project(path: str | os.PathLike[str]) -> bool:
    """A folder with ``app.json`` or ``project.config.json`` in it."""
    folder = Path(path)
    return folder.is_dir() and ((folder / "app.json").is_file() or (folder / PROJECT_CONFIG).is_file())


@dataclass
class Project:
    """What ``app.json`` and the project config say, with paths relative to the miniprogram root."""

    folder: Path
    root: Path
    appid: str | None
    app: dict[str, Any]
    config: dict[str, Any]
    pages: list[str]
    entry: str
    network_timeout_ms: int | None
    resolve_alias: dict[str, str]
    window: dict[str, Any]
    tab_bar_pages: list[str]
    using_components: dict[str, str]
    page_json: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def setting(self) -> dict[str, Any]:
        return self.config.get("setting") or {}

    def route_exists(self, route: str) -> bool:
        return _route(route) in self.pages

    def page_config(self, route: str) -> dict[str, Any]:
        """The page's window settings: ``app.json`` ``window`` with the page's ``.json`` over it."""
        route = _route(route)
        if route not in self.pages:
            raise ProjectError(f"no page '{route}' in app.json (pages: {', '.join(self.pages)})")
        own = self.page_json.get(route, {})
        merged = {**self.window, **own}
        merged["usingComponents"] = {**self.using_components, **(own.get("usingComponents") or {})}
        return merged

    def page_module(self, route: str) -> str:
        """The ``ModuleTable`` key of a page's logic file (``pages/chat/index.js``)."""
        return _route(route) + ".js"


def _route(route: str) -> str:
    return route.split("?", 1)[0].strip().strip("/")


def _read_json(path: Path, shown_as: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(f"{shown_as}: not UTF-8 text") from None
    except OSError as exc:
        raise ProjectError(f"{shown_as}: cannot read it ({exc.strerror})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ProjectError(f"{shown_as}: JSON nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        before = text[:exc.pos].rstrip()
        # JSON has no trailing commas and no comments, the two usual hand edits that break it.
        why = ("a comma before a closing bracket" if before.endswith(",") and exc.msg == "Expecting value"
               else "comments are not allowed" if text.startswith(("//", "/*"), exc.pos) else exc.msg)
        raise ProjectError(f"{shown_as}:{exc.lineno}:{exc.colno}: broken JSON: {why}") from None


def _object(value: Any, shown_as: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProjectError(f"{shown_as} must be a JSON object")
    return value


def _shown(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


def _not_a_project(folder: Path) -> ProjectError:
    if (folder / "src" / "manifest.json").is_file() or (folder / "pages.json").is_file() or (
            folder / "src" / "pages.json").is_file():
        built = next((b for b in _BUILD_FOLDERS[:3] if (folder / b / "app.json").is_file()), None)
        where = f"open {folder / built}" if built else _how_to_build_uniapp(folder)
        return ProjectError(f"'{folder}' is a uni-app source folder with no app.json: {where} "
                            f"(the folder DevTools opens)")
    built = next((b for b in _BUILD_FOLDERS if (folder / b / "app.json").is_file()), None)
    if built:
        return ProjectError(f"'{folder}' has no app.json or {PROJECT_CONFIG}; its mini-program build "
                            f"is in {built}: open {folder / built}")
    return ProjectError(f"'{folder}' is not a mini-program project: it has no app.json and no {PROJECT_CONFIG}")


def _how_to_build_uniapp(folder: Path) -> str:
    """A CLI project (vue-cli or vite) builds with its ``dev:mp-weixin`` script; a project made in
    HBuilderX has no such script and builds from HBuilderX into ``unpackage/dist/dev/mp-weixin``
    (https://uniapp.dcloud.net.cn/quickstart-hx.html)."""
    try:
        scripts = json.loads((folder / "package.json").read_text(encoding="utf-8-sig")).get("scripts") or {}
    except (ValueError, OSError, AttributeError):
        scripts = {}
    if isinstance(scripts, dict) and "dev:mp-weixin" in scripts:
        return "build it for mp-weixin (npm run dev:mp-weixin) and open dist/dev/mp-weixin"
    return ("build it in HBuilderX (运行 → 运行到小程序模拟器 → 微信开发者工具; it has no dev:mp-weixin "
            "script for npm) and open unpackage/dist/dev/mp-weixin")


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project folder (or the folder of a given ``app.json``/``project.config.json``)."""
    folder = Path(path).expanduser().resolve()
    if folder.is_file() and folder.name in ("app.json", PROJECT_CONFIG):
        folder = folder.parent
    if not folder.is_dir():
        raise ProjectError(f"'{path}' is not a folder")
    config: dict[str, Any] = {}
    if (folder / PROJECT_CONFIG).is_file():
        config = _object(_read_json(folder / PROJECT_CONFIG, PROJECT_CONFIG), PROJECT_CONFIG)
        if (folder / PRIVATE_CONFIG).is_file():
            # DevTools applies the private file over the shared one, "setting" key by key
            # (https://developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html).
            private = _object(_read_json(folder / PRIVATE_CONFIG, PRIVATE_CONFIG), PRIVATE_CONFIG)
            setting = {**(config.get("setting") or {}), **(private.get("setting") or {})}
            config = {**config, **private, "setting": setting}
    elif not (folder / "app.json").is_file():
        raise _not_a_project(folder)
    root_name = config.get("miniprogramRoot") or ""
    if not isinstance(root_name, str):
        raise ProjectError(f"{PROJECT_CONFIG}: miniprogramRoot must be a folder name")
    root = (folder / root_name).resolve()
    if not root.is_relative_to(folder):
        raise ProjectError(f"miniprogramRoot '{root_name}' in {PROJECT_CONFIG} is outside '{folder}' (not read)")
    if not root.is_dir():
        raise ProjectError(f"miniprogramRoot '{root_name}' in {PROJECT_CONFIG} does not exist in '{folder}'")
    app_file = root / "app.json"
    app_shown = _shown(app_file, folder)
    if not app_file.is_file():
        raise ProjectError(f"'{folder}' has {PROJECT_CONFIG} but no {app_shown}")
    app = _object(_read_json(app_file, app_shown), app_shown)
    pages = _routes(app, app_shown)
    for route in pages:
        if ".." in route.split("/"):
            raise ProjectError(f"{app_shown}: page '{route}' leads outside the mini-program folder (not read)")
        if not any((root / (route + suffix)).is_file() for suffix in (".js", ".ts")):
            raise ProjectError(f"page '{route}' is in {app_shown} but {_shown(root / route, folder)}.js "
                               "does not exist")
    entry = _route(app.get("entryPagePath") or pages[0])
    if entry not in pages:
        raise ProjectError(f"{app_shown}: entryPagePath '{entry}' is not one of its pages")
    page_json = {}
    for route in pages:
        page_file = root / (route + ".json")
        if page_file.is_file():
            shown = _shown(page_file, folder)
            page_json[route] = _object(_read_json(page_file, shown), shown)
    timeout = _object(app.get("networkTimeout"), f"{app_shown} networkTimeout").get("request")
    alias = _object(app.get("resolveAlias"), f"{app_shown} resolveAlias")
    for key, value in alias.items():
        # "key 和 value 须以 /* 结尾" (app.json resolveAlias)
        if not (isinstance(value, str) and key.endswith("/*") and value.endswith("/*")):
            raise ProjectError(f"{app_shown}: resolveAlias '{key}': key and value must both end with /*")
    tab_bar = _object(app.get("tabBar"), f"{app_shown} tabBar")
    appid = config.get("appid")
    return Project(
        folder=folder,
        root=root,
        appid=appid if isinstance(appid, str) and appid and appid != "touristappid" else None,
        app=app,
        config=config,
        pages=pages,
        entry=entry,
        network_timeout_ms=int(timeout) if isinstance(timeout, int | float) and timeout > 0 else None,
        resolve_alias=dict(alias),
        window=_object(app.get("window"), f"{app_shown} window"),
        tab_bar_pages=[_route(t["pagePath"]) for t in tab_bar.get("list") or []
                       if isinstance(t, dict) and isinstance(t.get("pagePath"), str)],
        using_components=_object(app.get("usingComponents"), f"{app_shown} usingComponents"),
        page_json=page_json,
    )


def _routes(app: dict[str, Any], app_shown: str) -> list[str]:
    """Main package pages, then each subpackage's under its root (app.json ``subpackages``)."""
    main = app.get("pages")
    if not isinstance(main, list) or not main or not all(isinstance(p, str) for p in main):
        raise ProjectError(f"{app_shown}: \"pages\" must list at least one page")
    routes = [_route(p) for p in main]
    for sub in app.get("subpackages") or app.get("subPackages") or []:
        if not isinstance(sub, dict) or not isinstance(sub.get("root"), str):
            raise ProjectError(f"{app_shown}: every subpackage needs a \"root\"")
        sub_root = _route(sub["root"])
        routes.extend(f"{sub_root}/{_route(p)}" for p in sub.get("pages") or [] if isinstance(p, str))
    return list(dict.fromkeys(routes))


# -- module sources ------------------------------------------------------------------------------


@dataclass
class ModuleFile:
    path: Path  # where it is on disk
    file: str  # the user's name for it, relative to the miniprogram root (``index.ts``, not ``.js``)


@dataclass
class ModuleTable:
    """Every module the loader may require, keyed as it will be required (POSIX, root-relative)."""

    files: dict[str, ModuleFile] = field(default_factory=dict)
    # package folder key ("miniprogram_npm/dayjs") -> entry file inside it ("index.js")
    packages: dict[str, str] = field(default_factory=dict)
    alias: dict[str, str] = field(default_factory=dict)  # app.json resolveAlias
    notes: list[str] = field(default_factory=list)
    _sources: dict[str, str | ModuleSyntaxError] = field(default_factory=dict, repr=False)

    def __contains__(self, key: str) -> bool:
        return key in self.files

    def __len__(self) -> int:
        return len(self.files)

    def source(self, key: str) -> str:
        """The module's code as the loader runs it (CommonJS); raises its ``ModuleSyntaxError``."""
        if key not in self._sources:
            self._sources[key] = self._load(key)
        found = self._sources[key]
        if isinstance(found, ModuleSyntaxError):
            raise found
        return found

    def _load(self, key: str) -> str | ModuleSyntaxError:
        module = self.files[key]
        data = module.path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            return ModuleSyntaxError(module.file, line, 1, "the file is not UTF-8 text", "")
        if not module.file.endswith((".js", ".mjs", ".ts")):
            return text
        # A script with no import/export word cannot need the transform; V8 judges its syntax
        # itself, so a construct tree-sitter's grammar lacks never blocks a working file.
        if module.file.endswith(".js") and not _ESM_WORDS.search(data):
            return text
        try:
            return to_commonjs(text, module.file)
        except ModuleSyntaxError as exc:
            # The words were only in comments or strings of a script tree-sitter's grammar cannot
            # read: nothing to rewrite, so V8 runs it and reports any real error itself.
            if module.file.endswith(".js") and not _ESM_STATEMENT.search(text):
                return text
            return exc

    def unchecked_uses(self, name: str) -> list[str]:
        """``file:line`` of each module that constructs the global ``name`` (``new name``, outside a
        comment line) without ever testing ``typeof name``: code that works where the global exists
        and throws where it does not (``TextDecoder``: DevTools has one, a phone not, docs/device.md)."""
        constructed = re.compile(rb"\bnew\s+" + re.escape(name.encode()) + rb"\b")
        checked = re.compile(rb"typeof\s*\(?\s*" + re.escape(name.encode()) + rb"\b")
        places = []
        for module in self.files.values():
            if not module.file.endswith((".js", ".mjs", ".ts")):
                continue
            try:
                data = module.path.read_bytes()
            except OSError:
                continue
            if checked.search(data):
                continue
            for found in constructed.finditer(data):
                line_start = data.rfind(b"\n", 0, found.start()) + 1
                if not data[line_start:found.start()].lstrip().startswith((b"//", b"*", b"/*")):
                    line = data.count(b"\n", 0, found.start()) + 1
                    places.append(f"{module.file}:{line}")
                    break
        return places

    def to_json(self) -> dict[str, Any]:
        """``{"modules", "packages", "alias", "notes"}`` as ``docs/modules.md`` describes."""
        modules: dict[str, dict[str, Any]] = {}
        for key, module in self.files.items():
            entry: dict[str, Any] = {"file": module.file}
            try:
                text = self.source(key)
            except ModuleSyntaxError as exc:
                entry.update(error=str(exc), line=exc.line, col=exc.col, source_line=exc.source_line)
            else:
                kind = "json" if key.endswith(".json") else "wxs" if key.endswith(".wxs") else "code"
                entry[kind] = text
            modules[key] = entry
        return {"modules": modules, "packages": dict(self.packages), "alias": dict(self.alias),
                "notes": list(self.notes)}


def collect_modules(project: Project) -> ModuleTable:
    """Every ``.js .mjs .ts .json .wxs`` under the miniprogram root, plus ``node_modules`` packages
    laid out as DevTools' 构建 npm would put them when ``miniprogram_npm`` was never built."""
    table = ModuleTable(alias=dict(project.resolve_alias))
    _collect(table, project.root, "", project.root)
    for key in [k for k in table.files if "/miniprogram_npm/" in "/" + k]:
        package = _package_folder(key)
        if package and package not in table.packages:
            table.packages[package] = _entry_of(project.root / package)
    if _typescript_plugin(project):
        _prefer_ts(table, project.root)
    _emulate_npm_build(project, table)
    uncompiled = _uncompiled_styles(project.root)
    if uncompiled:
        more = f" and {len(uncompiled) - 1} more" if len(uncompiled) > 1 else ""
        table.notes.append(f"{uncompiled[0]}{more}: Less/Sass with no .wxss beside it, which DevTools compiles "
                           f"(setting.useCompilerPlugins) and mpsim does not: the phone preview draws it unstyled")
    return table


def _typescript_plugin(project: Project) -> bool:
    plugins = project.setting.get("useCompilerPlugins")
    return isinstance(plugins, list) and "typescript" in plugins


def _prefer_ts(table: ModuleTable, root: Path) -> None:
    """With DevTools' typescript compiler plugin, ``x.ts`` is the module even where an ``x.js`` sits
    beside it ("如果存在同名的 ts 和 js 文件，则优先使用 ts 文件",
    https://developers.weixin.qq.com/miniprogram/dev/devtools/compilets.html); without the plugin the
    ``.js`` (tsc output checked in) is what runs, as ``_collect`` keeps it."""
    for key, module in list(table.files.items()):
        ts = module.path.with_suffix(".ts")
        if module.file.endswith(".js") and ts.is_file():
            table.files[key] = ModuleFile(ts, module.file[:-3] + ".ts")


_PREPROCESSED_STYLES = (".less", ".scss", ".sass")


def _uncompiled_styles(root: Path) -> list[str]:
    """Root-relative ``.less``/``.scss``/``.sass`` files that have no ``.wxss`` of the same name: the
    style sheets of a project made with DevTools' TS + Less (or Sass) template
    (https://developers.weixin.qq.com/miniprogram/dev/devtools/compilets.html: "less 文件同理")."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "miniprogram_npm"))
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext in _PREPROCESSED_STYLES and stem + ".wxss" not in files:
                found.append(Path(folder, name).relative_to(root).as_posix())
    return found


def view_reader(project: Project) -> Callable[[str], str | None]:
    """``read`` for the page's view (WXML, WXSS, WXS by root-absolute path): the project's files, and
    a component of an npm package that only ``node_modules`` has (``"t-button":
    "tdesign-miniprogram/button/button"``) where 构建 npm would have put it, as ``require`` finds it."""
    from simulator.view import folder_reader

    read_root = folder_reader(project.root)
    plan = _npm_build_plan(project, lambda key: (project.root / key).is_dir())
    packages = {"/" + p.folder_key + "/": folder_reader(p.source) for p in plan.packages}

    def read(path: str) -> str | None:
        for prefix, read_package in packages.items():
            if path.startswith(prefix):
                return read_package(path[len(prefix):])
        return read_root(path)

    return read


def _collect(table: ModuleTable, folder: Path, prefix: str, root: Path, seen: set[Path] | None = None) -> None:
    # ``seen``: the real folders already walked, so a link back up the tree (a loop) is walked once.
    seen = set() if seen is None else seen
    seen.add(folder.resolve())
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "node_modules":
            continue
        if entry.is_symlink() and not _link_inside(table, Path(entry.path), prefix + entry.name, root):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            continue
        if is_dir:
            if Path(entry.path).resolve() not in seen:
                _collect(table, Path(entry.path), f"{prefix}{entry.name}/", root, seen)
            continue
        file = prefix + entry.name
        if not entry.name.endswith(MODULE_SUFFIXES) or entry.name.endswith(".d.ts") or file in _NOT_MODULES:
            continue
        size = entry.stat().st_size
        if size > MAX_MODULE_BYTES:
            table.notes.append(f"skipped {file}: {size / 1048576:.1f} MB is over the "
                               f"{MAX_MODULE_BYTES // 1048576} MB a module may be")
            continue
        # DevTools compiles index.ts to index.js, and that is the name require() uses; a .js
        # written next to it (tsc output checked in) is what runs.
        key = file[:-3] + ".js" if file.endswith(".ts") else file
        if key in table.files and file.endswith(".ts"):
            continue
        table.files[key] = ModuleFile(Path(entry.path), file)


def _link_inside(table: ModuleTable, link: Path, file: str, root: Path) -> bool:
    """A symbolic link in the project is followed only to a file or folder inside the project: a
    script must not read what lies outside it (docs/product.md, Security); the run says what it skipped."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        table.notes.append(f"skipped {file}: a symbolic link that leads nowhere (or round in a loop)")
        return False
    if not target.is_relative_to(root.resolve()):
        table.notes.append(f"skipped {file}: a symbolic link to {target}, outside the project folder (not read)")
        return False
    return True


def _package_folder(key: str) -> str | None:
    """``a/miniprogram_npm/@scope/pkg/x.js`` -> ``a/miniprogram_npm/@scope/pkg``."""
    head, _, rest = key.rpartition("miniprogram_npm/")
    parts = rest.split("/")
    take = 2 if parts[0].startswith("@") else 1
    if len(parts) <= take:
        return None
    return head + "miniprogram_npm/" + "/".join(parts[:take])


def _entry_of(package: Path) -> str:
    """The file ``require('pkg')`` loads: ``package.json`` ``main``, else ``index.js``."""
    manifest = package / "package.json"
    if manifest.is_file():
        try:
            main = json.loads(manifest.read_text(encoding="utf-8-sig")).get("main")
        except (ValueError, OSError, AttributeError):
            main = None
        if isinstance(main, str) and main.strip():
            return _with_js(PurePosixPath(main.strip()).as_posix().removeprefix("./"))
    return "index.js"


def _with_js(path: str) -> str:
    return path if path.endswith((".js", ".json", ".mjs")) else path + ".js"


def _emulate_npm_build(project: Project, table: ModuleTable) -> None:
    """Where 构建 npm was never run, use ``node_modules`` as it would: the dependencies in
    ``package.json`` (and theirs), each package's ``miniprogram`` folder (default
    ``miniprogram_dist``) if it has one, else its ``main`` file's folder, under
    ``miniprogram_npm/<pkg>/`` (https://developers.weixin.qq.com/miniprogram/dev/devtools/npm.html)."""
    plan = _npm_build_plan(project, lambda key: key in table.packages)
    for package in plan.packages:
        before = len(table.files)
        _collect(table, package.source, package.folder_key + "/", project.root)
        for key in list(table.files)[before:]:
            table.files[key].file = _relative(table.files[key].path, project.root)
        table.packages[package.folder_key] = package.entry
    table.notes.extend(plan.notes)


@dataclass
class _NpmPackage:
    name: str
    folder_key: str  # "miniprogram_npm/dayjs", where 构建 npm would put it
    source: Path  # the folder it would copy there
    entry: str  # the entry file inside it


@dataclass
class _NpmPlan:
    packages: list[_NpmPackage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _npm_build_plan(project: Project, built: Callable[[str], bool]) -> _NpmPlan:
    """What 构建 npm would copy from ``node_modules``; packages whose folder key is ``built`` (a
    ``miniprogram_npm`` already there) are left out, as a device uses the built ones."""
    plan = _NpmPlan()
    manifest, target = _npm_manifest(project)
    if manifest is None:
        return plan
    try:
        dependencies = json.loads(manifest.read_text(encoding="utf-8-sig")).get("dependencies") or {}
    except (ValueError, OSError, AttributeError):
        plan.notes.append(f"{_shown(manifest, project.folder)}: broken JSON, npm packages not read")
        return plan
    node_modules = manifest.parent / "node_modules"
    if not node_modules.is_dir():
        # A fresh clone: package.json lists packages nobody has installed yet.
        wanted = [n for n in dependencies if not built(f"{target}miniprogram_npm/{n}")]
        if wanted:
            plan.notes.append(f"{_shown(manifest, project.folder)} lists {', '.join(wanted)}, installed nowhere (no "
                              f"node_modules, no miniprogram_npm): a require of one fails until npm install "
                              f"(and 构建 npm in DevTools)")
        return plan
    missing: list[str] = []
    queue = [(name, node_modules) for name in dependencies]
    seen: set[str] = set()
    while queue:
        name, where = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        folder_key = f"{target}miniprogram_npm/{name}"
        if built(folder_key):
            continue  # built already: miniprogram_npm wins, as it does on a device
        package = where / name if (where / name / "package.json").is_file() else node_modules / name
        if not (package / "package.json").is_file():
            missing.append(name)
            continue
        try:
            info = json.loads((package / "package.json").read_text(encoding="utf-8-sig"))
        except (ValueError, OSError):
            missing.append(name)
            continue
        source, entry = _npm_layout(package, info)
        plan.packages.append(_NpmPackage(name, folder_key, source, entry))
        queue.extend((dep, package / "node_modules") for dep in info.get("dependencies") or {})
    if plan.packages:
        plan.notes.append(f"node_modules used as 构建 npm would: {', '.join(p.name for p in plan.packages)}")
    if missing:
        plan.notes.append(f"not installed in node_modules (run npm install): {', '.join(missing)}")
    return plan


def _npm_manifest(project: Project) -> tuple[Path | None, str]:
    """The ``package.json`` 构建 npm reads and the root-relative folder its ``miniprogram_npm`` goes in."""
    setting = project.setting
    if setting.get("packNpmManually"):
        for relation in setting.get("packNpmRelationList") or []:
            if not isinstance(relation, dict):
                continue
            manifest = (project.folder / str(relation.get("packageJsonPath", ""))).resolve()
            dist = (project.folder / str(relation.get("miniprogramNpmDistDir", ""))).resolve()
            if manifest.is_file() and (manifest.parent / "node_modules").is_dir():
                return manifest, _folder_key(dist, project.root)
    folders = [f for f in (project.root, project.folder) if (f / "package.json").is_file()]
    for folder in folders:
        if (folder / "node_modules").is_dir():
            return folder / "package.json", _folder_key(folder, project.root)
    if folders:  # nothing installed yet: the manifest still says what is missing
        return folders[0] / "package.json", _folder_key(folders[0], project.root)
    return None, ""


def _folder_key(folder: Path, root: Path) -> str:
    try:
        rel = folder.relative_to(root).as_posix()
    except ValueError:
        return ""  # outside the root: miniprogram_npm goes at the root
    return "" if rel == "." else rel + "/"


def _npm_layout(package: Path, info: dict[str, Any]) -> tuple[Path, str]:
    """(the folder copied into miniprogram_npm/<pkg>, the entry file inside it)."""
    main = info.get("main") if isinstance(info.get("main"), str) else "index.js"
    main = PurePosixPath(_with_js(main.strip().removeprefix("./") or "index.js"))
    built = package / str(info.get("miniprogram") or "miniprogram_dist")
    if built.is_dir():
        inside = main.as_posix().removeprefix(Path(os.path.relpath(built, package)).as_posix() + "/")
        return built, inside if (built / inside).is_file() else "index.js"
    return package / main.parent, main.name


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
