"""How long the view takes to render a 1,000-message chat list, and to re-render it as an answer streams.

Goal (issue 9, "Speed"): a 1,000-message chat list renders in under 300 ms. Run by hand, never in CI:

    .venv/bin/python bench/view_render.py [--messages 1000] [--repeat 5]

The page is a typical chat page written for this bench: a scroll-view, one custom component per
message with a slot, a template for the avatar, a WXS formatter, class/style bindings and wx:key.
Figures, each the median of --repeat runs:
- compile: WXML (page, template, component) to the render program (Python);
- first render: all messages, data sent as JSON, vnode tree back as JSON and made Python ``Element``s;
- streamed update: ``apply({"msgs[N].text": ...})`` on the last message (one setData of a stream),
  then the whole tree again, as the headless runner does;
- in V8 only: the render function itself, without the trip through Python.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.view import ViewRenderer, compile_page  # noqa: E402

FILES = {
    "/pages/chat/chat.json": json.dumps({"usingComponents": {"chat-bubble": "/components/bubble/bubble"}}),
    "/pages/chat/chat.wxml": """
<import src="/templates/avatar.wxml"/>
<wxs module="fmt" src="/utils/fmt.wxs"/>
<scroll-view class="list" scroll-y scroll-into-view="{{lastId}}" style="height: {{height}}px">
  <chat-bubble wx:for="{{msgs}}" wx:key="id" id="m{{item.id}}" role="{{item.role}}" text="{{item.text}}"
               data-id="{{item.id}}" bindtap="onTapMessage">
    <template is="avatar" data="{{...item.user}}" slot="avatar"/>
    <text class="time">{{fmt.time(item.at)}}</text>
  </chat-bubble>
</scroll-view>
<view class="bar">
  <input value="{{draft}}" bindinput="onInput"/><button bindtap="onSend" loading="{{busy}}">发送</button>
</view>
""",
    "/templates/avatar.wxml": '<template name="avatar"><image class="avatar {{vip ? \'vip\' : \'\'}}" src="{{face}}"/>'
                              "</template>",
    "/utils/fmt.wxs": "module.exports.time = function (t) { var m = Math.floor(t / 60) % 60; "
                      "return Math.floor(t / 3600) + ':' + (m < 10 ? '0' + m : m); };",
    "/components/bubble/bubble.json": json.dumps({"component": True}),
    "/components/bubble/bubble.wxml": '<view class="bubble {{role}}"><slot name="avatar"/>'
                                      '<text class="body" user-select>{{text}}</text><slot/></view>',
}


def chat_data(n: int) -> dict:
    msgs = [{"id": i, "role": "me" if i % 2 else "bot", "at": 36000 + i * 7,
             "text": f"第 {i} 条消息：流式输出的回答 streaming answer {i} " * 3,
             "user": {"face": f"/faces/{i % 7}.png", "vip": i % 5 == 0}} for i in range(n)]
    return {"msgs": msgs, "lastId": f"m{n - 1}", "height": 600, "draft": "", "busy": False}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = chat_data(args.messages)

    compile_ms = median_ms(lambda: compile_page(FILES.get, "/pages/chat/chat"), args.repeat)
    with ViewRenderer(FILES.get, "/pages/chat/chat") as view:
        result = view.render(data)
        assert not result.warnings, result.warnings
        assert len(result.tree.find_all("chat-bubble")) == args.messages
        first_ms = median_ms(lambda: view.render(data), args.repeat)
        last = args.messages - 1
        counter = iter(range(10**9))
        update_ms = median_ms(lambda: view.apply({f"msgs[{last}].text": f"growing answer {next(counter)}"}),
                              args.repeat)
        engine = view._engine
        v8_ms = median_ms(lambda: engine.eval("__page.render(); 0"), args.repeat)

    print(f"{args.messages} messages (median of {args.repeat})")
    print(f"  compile                 {compile_ms:8.1f} ms")
    print(f"  first render, end to end{first_ms:8.1f} ms   target < 300 ms: {'ok' if first_ms < 300 else 'OVER'}")
    print(f"  streamed update + render{update_ms:8.1f} ms")
    print(f"  render in V8 only       {v8_ms:8.1f} ms")


if __name__ == "__main__":
    main()
