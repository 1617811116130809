"""The phone's web page for one mini-program page: built-ins' CSS, the project's WXSS, the view
runtime, the compiled page and ``js/phone.js``, as one HTML document for QtWebEngine to load.
The page's own JS never comes here: it runs in the logic engine (docs/wxml.md)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from .render import ViewRenderer, base_css, dom_js, render_js

__all__ = ["phone_page_html"]


def _script(source: str) -> str:
    # "</script" inside a script would end it early; "<\/" means the same to JavaScript.
    return "<script>\n" + source.replace("</", "<\\/") + "\n</script>"


def phone_page_html(view: ViewRenderer, *, screen_width: float = 375, host_scripts: Sequence[str] = ()) -> str:
    """The whole page; the window then calls ``__mpsimView.load(data)`` and ``setData(changes)``.

    ``host_scripts`` run last: the window's bridge that sets ``window.__mpsimViewHost``."""
    phone = resources.files(__package__).joinpath("js/phone.js").read_text(encoding="utf-8")
    styles = view.styles(screen_width)
    css = (base_css() + "\n" + styles.css).replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width={screen_width:g}, initial-scale=1\">"
        "<style>html, body { margin: 0; padding: 0; }</style>"
        f"<style>\n{css}\n</style></head>\n"
        "<body><wx-page id=\"mpsim-page\"></wx-page>\n"
        + _script(render_js()) + "\n"
        + _script(dom_js()) + "\n"
        + _script(f"window.__mpsimProgram = {view.compiled.source};") + "\n"
        + _script(phone) + "\n"
        + "".join(_script(source) + "\n" for source in host_scripts)
        + "</body></html>\n"
    )
