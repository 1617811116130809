"""The code editor: line numbers, JavaScript colours, a marked line."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPaintEvent, QResizeEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from ..js_highlighter import JsHighlighter


class _LineNumberArea(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_line_numbers(event)


class CodeEditor(QPlainTextEdit):
    """A plain-text JavaScript editor with line numbers, colours and a marked line."""

    _CURRENT_LINE = QColor("#f2f6fc")
    _MARKED_LINE = QColor("#fddede")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptEditor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self.setPlaceholderText(self.tr("A page script: Page({ data: {…}, onLoad(options) { wx.request({…}) } })"))
        self.line_numbers = _LineNumberArea(self)
        self.highlighter = JsHighlighter(self.document())
        self._marked: int | None = None  # block number of the marked line (an error shown from the console)
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._update_extra_selections)
        self.textChanged.connect(self._clear_mark)
        self._update_margin()
        self._update_extra_selections()

    def line_number_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def current_column(self) -> int:
        return self.textCursor().positionInBlock() + 1

    def marked_line(self) -> int | None:
        return None if self._marked is None else self._marked + 1

    def go_to_line(self, line: int, *, mark: bool = False, col: int | None = None) -> None:
        """Put the cursor at ``line`` (1-based; at ``col``, 1-based, if given), centred; ``mark``
        tints the line."""
        block = self.document().findBlockByNumber(max(0, min(line, self.blockCount()) - 1))
        cursor = QTextCursor(block)
        if col is not None and col > 1:
            cursor.setPosition(block.position() + min(col - 1, max(0, block.length() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()
        self._marked = block.blockNumber() if mark else None
        self._update_extra_selections()
        self.line_numbers.update()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.line_numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self.line_numbers)
        try:
            rect = event.rect()
            painter.fillRect(rect, QColor("#f6f8fa"))
            painter.setFont(self.font())
            width = self.line_numbers.width() - 6
            height = self.fontMetrics().height()
            current = self.textCursor().blockNumber()
            block = self.firstVisibleBlock()
            number = block.blockNumber()
            top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
            bottom = top + round(self.blockBoundingRect(block).height())
            while block.isValid() and top <= rect.bottom():
                if block.isVisible() and bottom >= rect.top():
                    if number == self._marked:
                        painter.fillRect(0, top, self.line_numbers.width(), bottom - top, self._MARKED_LINE)
                    painter.setPen(QColor("#1f2328") if number == current else QColor("#8c959f"))
                    painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
                block = block.next()
                top = bottom
                bottom = top + round(self.blockBoundingRect(block).height())
                number += 1
        finally:
            painter.end()

    def _update_margin(self, *_args: object) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.line_numbers.scroll(0, dy)
        else:
            self.line_numbers.update(0, rect.y(), self.line_numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margin()

    def _clear_mark(self) -> None:
        if self._marked is not None:
            self._marked = None
            self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        selections = []
        for number, color in ((self.textCursor().blockNumber(), self._CURRENT_LINE), (self._marked, self._MARKED_LINE)):
            if number is None:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(color)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(self.document().findBlockByNumber(number))
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)

