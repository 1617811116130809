"""The view layer, Qt-free: WXML lexer, parser and compiler, WXSS to CSS, and the rendered element
tree that selectors and events work on (docs/product.md J; the logic/view contract is in docs/wxml.md)."""

from .page import phone_page_html
from .render import RenderResult, ViewRenderer, base_css, dom_js, folder_reader, js_value, render_js
from .tree import Delivery, Element, SelectorError, event_path, input_event, split_selector_text, tap_event
from .wxml_compiler import CompiledView, compile_page
from .wxml_lexer import WxmlError

__all__ = [
    "CompiledView",
    "Delivery",
    "Element",
    "RenderResult",
    "SelectorError",
    "ViewRenderer",
    "WxmlError",
    "base_css",
    "compile_page",
    "dom_js",
    "event_path",
    "folder_reader",
    "input_event",
    "js_value",
    "phone_page_html",
    "render_js",
    "split_selector_text",
    "tap_event",
]
