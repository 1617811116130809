"""The "Map remote" table: requests whose URL starts with FROM go to TO plus the rest of the URL.

One list per project, kept in the window's settings under the project's folder; the enabled rows
become the run's ``maps=`` (what ``mpsim run --map FROM=TO`` gives headless). Unmapped requests go
where the page says: real servers are the point.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..settings import Settings
from .domains import DomainsView

SETTINGS_KEY = "project/maps"  # {project folder: [[from, to, enabled], ...]}
_ON, _FROM, _TO = range(3)


@dataclass(frozen=True, slots=True)
class MapRow:
    source: str  # FROM: a URL prefix, e.g. https://api.example.com
    target: str  # TO, e.g. http://127.0.0.1:8765
    enabled: bool = True

    def problem(self) -> str | None:
        """Why the rule cannot be used, in one line (None: it can)."""
        for name, url in (("FROM", self.source), ("TO", self.target)):
            if not url.startswith(("http://", "https://")):
                return tr("{name} must start with http:// or https://: {url!r}").format(name=name, url=url)
        return None


def active_maps(rules: list[MapRow]) -> list[tuple[str, str]]:
    """The rules a run uses: enabled and well formed, as ``(FROM, TO)``."""
    return [(r.source, r.target) for r in rules if r.enabled and r.problem() is None]


def load_rules(settings: Settings, folder: str) -> list[MapRow]:
    rows = settings.get_per_project(SETTINGS_KEY, folder)
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row[:2]):
            out.append(MapRow(row[0], row[1], bool(row[2])))
    return out


def save_rules(settings: Settings, folder: str, rules: list[MapRow]) -> None:
    settings.set_per_project(SETTINGS_KEY, folder, [[r.source, r.target, r.enabled] for r in rules] or None)


class MapRemoteView(QWidget):
    """The table (on, FROM, TO) with Add and Remove; ``rulesChanged`` after every edit."""

    rulesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapRemote")
        self._filling = False
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("mapTable")
        self.table.setHorizontalHeaderLabels(["", self.tr("From (URL prefix)"), self.tr("To")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_ON, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_FROM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_TO, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Add"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.message = QLabel()
        self.message.setObjectName("mapMessage")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("Requests whose URL starts with From go to To plus the rest of the URL; "
                              "the others go where the page says."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #57606a;")
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(hint)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        self.domains = DomainsView()  # the project's request domains: where a phone would send at all
        box.addWidget(self.domains)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)

    def rules(self) -> list[MapRow]:
        out = []
        for row in range(self.table.rowCount()):
            on, src, dst = (self.table.item(row, c) for c in (_ON, _FROM, _TO))
            source = src.text().strip() if src is not None else ""
            target = dst.text().strip() if dst is not None else ""
            if source or target:
                out.append(MapRow(source, target, on is not None and on.checkState() == Qt.CheckState.Checked))
        return out

    def set_rules(self, rules: list[MapRow]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            for rule in rules:
                self._append(rule)
        finally:
            self._filling = False
        self._check()

    def add_rule(self, rule: MapRow) -> None:
        self._filling = True
        try:
            self._append(rule)
        finally:
            self._filling = False
        self._changed()

    def _append(self, rule: MapRow) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        on = QTableWidgetItem()
        on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        on.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
        self.table.setItem(row, _ON, on)
        self.table.setItem(row, _FROM, QTableWidgetItem(rule.source))
        self.table.setItem(row, _TO, QTableWidgetItem(rule.target))

    def _check(self) -> None:
        problems = [p for r in self.rules() if r.enabled and (p := r.problem())]
        self.message.setStyleSheet("color: #b71c1c;" if problems else "")
        self.message.setText(problems[0] + " " + tr("(not used)") if problems else "")

    def _changed(self) -> None:
        self._check()
        self.rulesChanged.emit()

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self._changed()

    def _on_add(self) -> None:
        self.add_rule(MapRow("https://", "http://127.0.0.1:8765", True))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, _FROM)
        self.table.editItem(self.table.item(row, _FROM))

    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self._changed()
