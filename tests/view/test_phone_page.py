"""The phone's web page: one HTML document, and phone.js coalescing setData bursts into frames."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from simulator.runtime.engine import MiniRacerEngine
from simulator.view import dom_js, render_js
from simulator.view.page import phone_page_html

FILES = {"/pages/index/index.wxml": '<scroll-view scroll-y><text class="answer">{{answer}}</text>'
                                    '<card wx:if="{{done}}" title="{{answer}}"/></scroll-view>',
         "/pages/index/index.json": '{"usingComponents": {"card": "/card"}}',
         "/card.wxml": "<view>{{title}}</view>",
         "/pages/index/index.wxss": ".answer { font-size: 28rpx } .answer::after { content: '</style>' }"}


def test_the_page_holds_styles_runtime_and_program_and_nothing_ends_a_tag_early(open_page):
    html = phone_page_html(open_page(FILES), screen_width=414)
    assert 'content="width=414, initial-scale=1"' in html
    assert "wx-button[type=\"primary\"]" in html and ".answer { font-size: 15.456px }" in html
    assert html.count("<script>") == 4 and html.count("</script>") == 4
    assert html.count("</style>") == 2
    assert "window.__mpsimProgram = MpsimView.define(" in html


def test_set_data_bursts_render_once_per_frame_and_components_are_reported_when_they_change(open_page):
    view = open_page(FILES)
    engine = MiniRacerEngine()
    try:
        engine.eval(render_js())
        engine.eval(dom_js())
        engine.eval((Path(__file__).parent / "fake_dom.js").read_text(encoding="utf-8"))
        engine.eval(f"""var root = fakeDocument.createElement("wx-page"); fakeDocument.getElementById = () => root;
            var document = fakeDocument; var frames = []; var reports = [];
            var requestAnimationFrame = (fn) => frames.push(fn);
            var __mpsimViewHost = {{event() {{}}, rendered: (r) => reports.push(r)}};
            var __mpsimProgram = {view.compiled.source}; void 0""")
        engine.eval(resources.files("simulator.view").joinpath("js/phone.js").read_text(encoding="utf-8"))

        def run(source: str):
            return json.loads(engine.eval(f"JSON.stringify({source})"))

        run("(__mpsimView.load({answer: '', done: false}), 0)")
        for piece in ["你", "你好", "你好，世"]:
            run(f"(__mpsimView.setData({{answer: {json.dumps(piece)}}}), 0)")
        assert run("frames.length") == 1
        run("(frames.splice(0).forEach(f => f()), 0)")
        assert run("root.textContent") == "你好，世"
        run("(__mpsimView.setData({answer: '你好，世界'}), frames.splice(0).forEach(f => f()), 0)")
        assert run("reports.map(r => r.components.length)") == [0]
        run("(__mpsimView.setData({done: true}), frames.splice(0).forEach(f => f()), 0)")
        assert run("root.textContent") == "你好，世界你好，世界"
        assert run("reports.map(r => r.components.map(c => c.props.title))") == [[], ["你好，世界"]]
        assert run("__mpsimView.tree().children[0].tag") == "scroll-view"
    finally:
        engine.close()
