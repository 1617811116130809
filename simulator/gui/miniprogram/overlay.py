"""What ``wx.showToast``, ``showLoading``, ``showModal`` and ``showActionSheet`` put over the page,
drawn over the phone preview (the runtime reports them as ``on_ui(kind, payload)``).

Shown, not real: the runtime has already answered the page (a modal confirms, an action sheet picks
its first item), so the overlay says so and never waits for a click. The shapes and defaults follow
the documentation:
https://developers.weixin.qq.com/miniprogram/dev/api/ui/interaction/wx.showToast.html (duration
1500 ms, icon ``success`` unless given), wx.showLoading.html (shown until ``wx.hideLoading``),
wx.showModal.html (title, content, confirmText "确定", cancelText "取消"), wx.showActionSheet.html.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ..i18n import tr

TOAST_MS = 1500  # wx.showToast's documented default duration
MODAL_MS = 4000  # how long the window shows a modal the runtime has already confirmed
_ICONS = {"success": "✓", "error": "✕", "loading": "…"}


def _text(payload: dict[str, Any], key: str, default: str = "") -> str:
    value = payload.get(key, default)
    return value if isinstance(value, str) else default if value is None else str(value)


class PhoneOverlay(QWidget):
    """Over the phone's page: one toast or loading box, and one modal or action sheet, at a time.

    Transparent to the mouse except while a modal or sheet is shown (a click dismisses it).
    ``show_ui(kind, payload)`` takes what ``on_ui`` reported; ``shown()`` says what is drawn, in
    words (what a test or a screen reader needs).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("phoneOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._toast: tuple[str, str, str] | None = None  # (kind: toast | loading, icon, title)
        self._dialog: tuple[str, str, str, list[str]] | None = None  # (kind, title, content, buttons)
        self._mask = False
        self._area: Callable[[], QRect] | None = None
        self._toast_timer = QTimer(self)
        self._toast_timer.setSingleShot(True)
        self._toast_timer.timeout.connect(self._hide_toast)
        self._dialog_timer = QTimer(self)
        self._dialog_timer.setSingleShot(True)
        self._dialog_timer.timeout.connect(self._hide_dialog)
        self.hide()

    # -- what the page asked for -------------------------------------------------------------------
    def show_ui(self, kind: str, payload: dict[str, Any]) -> bool:
        """Draw one ``on_ui`` report; False for kinds that are not drawn over the page."""
        if kind == "toast":
            icon = _text(payload, "icon", "success")
            duration = payload.get("duration", TOAST_MS)
            ms = int(duration) if isinstance(duration, int | float) and duration > 0 else TOAST_MS
            self._set_toast(("toast", _ICONS.get(icon, ""), _text(payload, "title")), bool(payload.get("mask")))
            self._toast_timer.start(ms)
        elif kind == "loading":
            self._set_toast(("loading", _ICONS["loading"], _text(payload, "title")), bool(payload.get("mask")))
            self._toast_timer.stop()  # until wx.hideLoading
        elif kind in ("hideToast", "hideLoading"):
            if self._toast is not None and self._toast[0] == ("toast" if kind == "hideToast" else "loading"):
                self._hide_toast()
        elif kind == "modal":
            buttons = [_text(payload, "confirmText", "确定")]
            if payload.get("showCancel", True) is not False:
                buttons.insert(0, _text(payload, "cancelText", "取消"))
            self._set_dialog(("modal", _text(payload, "title"), _text(payload, "content"), buttons))
        elif kind == "actionSheet":
            items = payload.get("itemList")
            items = [str(i) for i in items] if isinstance(items, list) else []
            self._set_dialog(("actionSheet", _text(payload, "alertText"), "", items))
        else:
            return False
        return True

    def cover(self, parent: QWidget, area: Callable[[], QRect]) -> None:
        """Lie over ``area()`` of ``parent`` (the text page, or the rendered page's view); the parent
        calls ``follow()`` when it resizes."""
        self._area = area
        if self.parentWidget() is not parent:
            self.setParent(parent)
        self.follow()

    def follow(self) -> None:
        if self._area is not None:
            self.setGeometry(self._area())
        self._refresh()

    def clear(self) -> None:
        self._hide_toast()
        self._hide_dialog()

    def shown(self) -> list[str]:
        """What is drawn now, e.g. ``["toast: ✓ 已发送"]``, ``["modal: 提示 — 确定删除？"]``."""
        out = []
        if self._toast is not None:
            kind, icon, title = self._toast
            out.append(f"{kind}: {(icon + ' ') if icon else ''}{title}".rstrip())
        if self._dialog is not None:
            kind, title, content, buttons = self._dialog
            text = " — ".join(p for p in (title, content) if p) or " / ".join(buttons)
            out.append(f"{kind}: {text}")
        return out

    # -- state ---------------------------------------------------------------------------------------
    def _set_toast(self, toast: tuple[str, str, str], mask: bool) -> None:
        self._toast = toast
        self._mask = mask
        self._refresh()

    def _set_dialog(self, dialog: tuple[str, str, str, list[str]]) -> None:
        self._dialog = dialog
        self._dialog_timer.start(MODAL_MS)
        self._refresh()

    def _hide_toast(self) -> None:
        self._toast_timer.stop()
        self._toast = None
        self._mask = False
        self._refresh()

    def _hide_dialog(self) -> None:
        self._dialog_timer.stop()
        self._dialog = None
        self._refresh()

    def _refresh(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, self._dialog is None)
        visible = self._toast is not None or self._dialog is not None
        if visible:
            self.raise_()
        self.setVisible(visible)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._dialog is not None:
            self._hide_dialog()
        event.accept()

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            area = QRectF(self.rect())
            if self._mask or self._dialog is not None:
                p.fillRect(area, QColor(0, 0, 0, 110))
            if self._toast is not None:
                self._paint_toast(p, area)
            if self._dialog is not None:
                if self._dialog[0] == "modal":
                    self._paint_modal(p, area)
                else:
                    self._paint_sheet(p, area)
        finally:
            p.end()

    def _paint_toast(self, p: QPainter, area: QRectF) -> None:
        _kind, icon, title = self._toast or ("", "", "")
        box = QRectF(0, 0, min(136.0, area.width() - 24), 120.0 if icon else 48.0)
        box.moveCenter(area.center())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(17, 17, 17, 205))
        p.drawRoundedRect(box, 8, 8)
        p.setPen(QColor("#ffffff"))
        font = QFont(self.font())
        if icon:
            big = QFont(font)
            big.setPointSizeF(font.pointSizeF() * 2.6)
            p.setFont(big)
            p.drawText(box.adjusted(0, 10, 0, -50), Qt.AlignmentFlag.AlignCenter, icon)
        p.setFont(font)
        text_box = box.adjusted(8, 70, -8, -8) if icon else box.adjusted(8, 0, -8, 0)
        title = p.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(text_box.width()) * 2)
        p.drawText(text_box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, title)

    def _paint_modal(self, p: QPainter, area: QRectF) -> None:
        _kind, title, content, buttons = self._dialog or ("", "", "", [])
        box = QRectF(0, 0, area.width() - 40, 150)
        box.moveCenter(area.center())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(box, 10, 10)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#1f2328"))
        p.drawText(box.adjusted(12, 12, -12, -110), Qt.AlignmentFlag.AlignCenter, title)
        p.setFont(self.font())
        p.setPen(QColor("#57606a"))
        p.drawText(box.adjusted(14, 40, -14, -60), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, content)
        note = QFont(self.font())
        note.setItalic(True)
        note.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        p.setFont(note)
        p.setPen(QColor("#8c959f"))
        p.drawText(box.adjusted(8, 88, -8, -42), Qt.AlignmentFlag.AlignCenter,
                   tr("mpsim answered: {button}").format(button=buttons[-1] if buttons else ""))
        row = QRectF(box.left(), box.bottom() - 42, box.width(), 42)
        p.setPen(QPen(QColor("#e1e4e8"), 1))
        p.drawLine(row.topLeft(), row.topRight())
        p.setFont(bold)
        width = row.width() / max(1, len(buttons))
        for i, text in enumerate(buttons):
            cell = QRectF(row.left() + i * width, row.top(), width, row.height())
            if i:
                p.setPen(QPen(QColor("#e1e4e8"), 1))
                p.drawLine(cell.topLeft(), cell.bottomLeft())
            p.setPen(QColor("#576b95") if i == len(buttons) - 1 else QColor("#1f2328"))
            p.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_sheet(self, p: QPainter, area: QRectF) -> None:
        _kind, title, _content, items = self._dialog or ("", "", "", [])
        rows = ([title] if title else []) + items + ["取消"]  # the phone's own word, as WeChat draws it
        height = 40.0 * len(rows)
        sheet = QRectF(area.left(), area.bottom() - height, area.width(), height)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#f6f6f6"))
        p.drawRect(sheet)
        for i, text in enumerate(rows):
            cell = QRectF(sheet.left(), sheet.top() + i * 40, sheet.width(), 39)
            p.fillRect(cell, QColor("#ffffff"))
            picked = bool(items) and text == items[0] and i == (1 if title else 0)
            p.setPen(QColor("#576b95") if picked else QColor("#8c959f") if title and i == 0 else QColor("#1f2328"))
            label = text + ("  " + tr("(mpsim picked)") if picked else "")
            p.drawText(cell, Qt.AlignmentFlag.AlignCenter, label)
