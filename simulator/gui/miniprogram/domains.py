"""The project's request domains and strict mode, as ``mpsim run --domains … --strict-domains`` gives
them headless (docs/device.md, "Domain rules"): a phone sends ``wx.request`` only to the domains set
in the admin console, which the project does not hold. One list per project, kept in the window's
settings under the project's folder; an empty field falls back to the project's ``mpsim.domains``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from simulator.core.device import DomainError, DomainRules

from ..settings import Settings

SETTINGS_KEY = "project/domains"  # {project folder: {"domains": "a.com, https://b.com:8443", "strict": bool}}


def load_domains(settings: Settings, folder: str) -> tuple[str, bool]:
    """(the field's text, strict) saved for the project at ``folder``."""
    entry = settings.get_per_project(SETTINGS_KEY, folder)
    if not isinstance(entry, dict):
        return "", False
    text = entry.get("domains")
    return (text if isinstance(text, str) else ""), bool(entry.get("strict", False))


def save_domains(settings: Settings, folder: str, text: str, strict: bool) -> None:
    kept = text.strip() or strict
    settings.set_per_project(SETTINGS_KEY, folder, {"domains": text.strip(), "strict": strict} if kept else None)


def split_domains(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class DomainsView(QWidget):
    """A comma list of request domains and a Strict check box; ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestDomains")
        self.field = QLineEdit()
        self.field.setObjectName("domainsField")
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(self.tr(
            "The request domains of the admin console (开发管理 → 开发设置 → 服务器域名), comma separated. On the "
            "phone platforms a request to any other host, to http://, an IP address or localhost would fail on a "
            "phone: the console and the Network list say why (docs/device.md)."))
        self.strict = QCheckBox(self.tr("Strict"))
        self.strict.setObjectName("strictDomains")
        self.strict.setToolTip(self.tr("Fail such requests with request:fail url not in domain list, as a phone "
                                       "does; otherwise they are sent and only said"))
        label = QLabel(self.tr("Request domains"))
        label.setBuddy(self.field)
        self.message = QLabel()
        self.message.setObjectName("domainsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.field, 1)
        row.addWidget(self.strict)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.message)
        self.set_values("", False, [])
        self.field.textEdited.connect(self._on_edited)
        self.strict.toggled.connect(self._on_edited)

    def text(self) -> str:
        return self.field.text()

    def domains(self) -> list[str] | None:
        """The list a run uses; None when the field is empty (the project's own ``mpsim.domains``)."""
        return split_domains(self.field.text()) or None

    def problem(self) -> str | None:
        try:
            DomainRules.parse(split_domains(self.field.text()))
        except DomainError as exc:
            return str(exc)
        return None

    def set_values(self, text: str, strict: bool, project_domains: list[str]) -> None:
        """Show a project's saved values; ``project_domains``: what the project's files list, used when empty."""
        blocked = self.strict.blockSignals(True)
        try:
            self.field.setText(text)
            self.strict.setChecked(strict)
        finally:
            self.strict.blockSignals(blocked)
        self.field.setPlaceholderText(
            self.tr("the project's mpsim.domains: {domains}").format(domains=", ".join(project_domains))
            if project_domains else self.tr("api.example.com, https://b.example.com:8443"))
        self._check()

    def _check(self) -> None:
        problem = self.problem()
        self.message.setText(problem or "")
        self.message.setVisible(problem is not None)

    def _on_edited(self, *_args: object) -> None:
        self._check()
        self.changed.emit()
