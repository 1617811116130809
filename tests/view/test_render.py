"""ViewRenderer: a project folder's page, setData paths as the logic layer sends them, the view's API."""

from __future__ import annotations

import subprocess
import sys

import simulator.view as view
from simulator.view import ViewRenderer, folder_reader


def test_set_data_paths_change_only_what_they_name(open_page):
    page = open_page({"/pages/index/index.wxml": '<text wx:for="{{msgs}}" wx:key="id">{{item.text}}</text>'
                                                 '<view class="st">{{status.text}}</view>'})
    page.render({"msgs": [{"id": 1, "text": "q"}, {"id": 2, "text": ""}], "status": {"text": "busy"}})
    for piece in ["你", "你好", "你好！"]:
        result = page.apply({"msgs[1].text": piece})
    result = page.apply({"status.text": "done", "msgs[2]": {"id": 3, "text": "new"}})
    assert [t.text_content for t in result.tree.find_all("text")] == ["q", "你好！", "new"]
    assert result.tree.find(".st").text_content == "done"


def test_a_project_folder_renders_and_nothing_outside_it_is_read(tmp_path):
    project = tmp_path / "project"
    (project / "pages" / "chat").mkdir(parents=True)
    (tmp_path / "secret.wxml").write_text('<template name="s"><text>secret</text></template>')
    (project / "pages" / "chat" / "chat.wxml").write_text(
        '<import src="../../../secret.wxml"/><template is="s"/><text>{{title}}</text>', encoding="utf-8")
    (project / "app.wxss").write_text("page { padding: 32rpx }")
    with ViewRenderer(folder_reader(project), "/pages/chat/chat") as page:
        result = page.render({"title": "聊天"})
        assert result.tree.text_content == "聊天"
        assert any("import /secret.wxml not found" in w for w in result.warnings)
        assert page.styles(screen_width=375).css.strip().endswith("wx-page { padding: 16px }")


def test_public_names_exist_and_importing_loads_neither_qt_nor_v8():
    assert all(hasattr(view, name) for name in view.__all__)
    code = ("import sys, simulator.view; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'py_mini_racer'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
