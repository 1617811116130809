"""The phone preview: bezel, status bar, navigation bar and the page, with what
``wx.showToast``/``showLoading``/``showModal`` draw over it (``overlay.py``)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from .overlay import PhoneOverlay


class PhonePreview(QWidget):
    """A phone, drawn: bezel, status bar, WeChat's navigation bar with the page title and its
    capsule, and the page showing one value of the page data, wrapped as a ``<text>`` would."""

    BEZEL = 9
    RADIUS = 30
    STATUS_H = 24
    NAV_H = 40
    HOME_H = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phonePreview")
        self._title = ""
        self._nav_background = QColor("#ededed")
        self._nav_front = QColor("#1f2328")
        self.page = QPlainTextEdit()
        self.page.setObjectName("phonePage")
        self.page.setReadOnly(True)
        self.page.setUndoRedoEnabled(False)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Like a phone: break between words, and inside a word too long for the line (a URL).
        self.page.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #1f2328; }")
        self.page.document().setDocumentMargin(12)
        font = self.page.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.page.setFont(font)
        box = QVBoxLayout(self)
        box.setContentsMargins(self.BEZEL, self.BEZEL + self.STATUS_H + self.NAV_H, self.BEZEL,
                               self.BEZEL + self.HOME_H)
        box.addWidget(self.page)
        self.setMinimumSize(200, 320)
        self.setMaximumWidth(360)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._placeholder = False
        self.overlay = PhoneOverlay(self)
        self.cover_page()

    def cover_page(self) -> None:
        """Put the overlay over this phone's page (it may have been over another phone)."""
        self.overlay.cover(self, self.page.geometry)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.overlay.parentWidget() is self:
            self.overlay.follow()

    def sizeHint(self) -> QSize:
        return QSize(280, 520)

    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def title(self) -> str:
        return self._title

    def set_navigation_bar(self, background: str | None = None, front: str | None = None) -> None:
        """The bar's colours as ``window.navigationBarBackgroundColor``/``navigationBarTextStyle``
        or ``wx.setNavigationBarColor`` give them (front: ``#ffffff`` or ``#000000``)."""
        if background and QColor.isValidColorName(background):
            self._nav_background = QColor(background)
        if front in ("white", "black"):
            front = "#ffffff" if front == "white" else "#000000"
        if front and QColor.isValidColorName(front):
            self._nav_front = QColor(front)
        self.update()

    def reset_navigation_bar(self) -> None:
        self._nav_background, self._nav_front = QColor("#ededed"), QColor("#1f2328")
        self.update()

    def navigation_bar(self) -> tuple[str, str]:
        """(background, front) as ``#rrggbb``."""
        return self._nav_background.name(), self._nav_front.name()

    def text(self) -> str:
        """What the page shows ("" while it shows only a placeholder)."""
        return "" if self._placeholder else self.page.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text``; when it only grew (a typewriter answer), the new part is appended."""
        bar = self.page.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 2
        if self._placeholder:
            self._set_placeholder_style(False)
            self.page.setPlainText(text)
            return
        old = self.page.toPlainText()
        if text.startswith(old) and old:
            if len(text) > len(old):
                cursor = QTextCursor(self.page.document())
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText(text[len(old):])
        elif text != old:
            self.page.setPlainText(text)
        if follow:
            bar.setValue(bar.maximum())

    def set_placeholder(self, text: str) -> None:
        self._set_placeholder_style(True)
        self.page.setPlainText(text)

    def _set_placeholder_style(self, on: bool) -> None:
        self._placeholder = on
        color = "#8c959f" if on else "#1f2328"
        self.page.setStyleSheet(f"QPlainTextEdit {{ background: #ffffff; color: {color}; }}")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            p.setPen(QPen(QColor("#0d1117"), 1.5))
            p.setBrush(QColor("#24292f"))
            p.drawRoundedRect(outer, self.RADIUS, self.RADIUS)
            screen = outer.adjusted(self.BEZEL - 1, self.BEZEL - 1, -(self.BEZEL - 1), -(self.BEZEL - 1))
            clip = QPainterPath()
            clip.addRoundedRect(screen, self.RADIUS - self.BEZEL, self.RADIUS - self.BEZEL)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#ffffff"))
            p.drawPath(clip)
            p.setClipPath(clip)
            # Status bar: time, signal, battery.
            status = QRectF(screen.left(), screen.top(), screen.width(), self.STATUS_H)
            p.fillRect(status, self._nav_background)
            small = QFont(self.font())
            small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
            small.setBold(True)
            p.setFont(small)
            p.setPen(self._nav_front)
            p.drawText(status.adjusted(18, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       "9:41")
            cy = status.center().y()
            x = status.right() - 22
            p.setPen(QPen(self._nav_front, 1.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(x - 18, cy - 4.5, 18, 9), 2, 2)
            p.fillRect(QRectF(x - 16, cy - 2.5, 12, 5), self._nav_front)
            p.fillRect(QRectF(x + 0.5, cy - 2, 1.5, 4), self._nav_front)
            for i in range(4):
                h = 3 + i * 2
                p.fillRect(QRectF(x - 44 + i * 4, cy + 4.5 - h, 2.5, h), self._nav_front)
            # Navigation bar: the page title, centred, and the capsule (menu, close) at the right.
            nav = QRectF(screen.left(), status.bottom(), screen.width(), self.NAV_H)
            p.fillRect(nav, self._nav_background)
            title_font = QFont(self.font())
            title_font.setBold(True)
            p.setFont(title_font)
            p.setPen(self._nav_front)
            capsule = QRectF(nav.right() - 10 - 72, nav.center().y() - 13, 72, 26)
            # Centred like WeChat's title; a title too long for the middle uses the space left of the
            # capsule, elided.
            centred = nav.adjusted(capsule.width() + 14, 0, -(capsule.width() + 14), 0)
            if p.fontMetrics().horizontalAdvance(self._title) <= centred.width():
                p.drawText(centred, Qt.AlignmentFlag.AlignCenter, self._title)
            else:
                room = QRectF(nav.left() + 14, nav.top(), capsule.left() - 10 - (nav.left() + 14), nav.height())
                title = p.fontMetrics().elidedText(self._title, Qt.TextElideMode.ElideRight, int(room.width()))
                p.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
            p.setPen(QPen(QColor("#d0d7de"), 1))
            p.setBrush(QColor("#ffffff"))
            p.drawRoundedRect(capsule, 13, 13)
            p.drawLine(QPointF(capsule.center().x(), capsule.top() + 7),
                       QPointF(capsule.center().x(), capsule.bottom() - 7))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#1f2328"))
            left_c = QRectF(capsule.left(), capsule.top(), capsule.width() / 2, capsule.height()).center()
            for dx in (-6, 0, 6):
                p.drawEllipse(left_c + QPointF(dx, 0), 2.0, 2.0)
            right_c = QRectF(capsule.center().x(), capsule.top(), capsule.width() / 2, capsule.height()).center()
            p.setPen(QPen(QColor("#1f2328"), 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(right_c, 6.5, 6.5)
            p.setBrush(QColor("#1f2328"))
            p.drawEllipse(right_c, 2.5, 2.5)
            p.setPen(QPen(QColor("#d8d8d8"), 1))
            p.drawLine(nav.bottomLeft(), nav.bottomRight())
            # Home indicator.
            p.setClipping(False)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#8c959f"))
            bar_w = min(110.0, screen.width() * 0.4)
            p.drawRoundedRect(QRectF(screen.center().x() - bar_w / 2, screen.bottom() - 10, bar_w, 4), 2, 2)
        finally:
            p.end()

