"""Host mapping ("Map remote"): send a page's requests for a remote API to a server of the user's choice.

A rule ``FROM=TO`` sends every URL that starts with FROM to TO plus the rest of the URL, so
``https://api.example.com=http://127.0.0.1:8765`` turns ``https://api.example.com/v1/chat/completions``
into ``http://127.0.0.1:8765/v1/chat/completions``. The match is on the URL string as the page wrote
it; when several rules match, the longest FROM wins (the most specific rule). Unmapped URLs go where
the page says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HostMap", "HostMapError", "MapRule"]


class HostMapError(ValueError):
    """A rule that cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class MapRule:
    source: str  # FROM: a URL prefix
    target: str  # TO: what replaces it

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


def _check_url(text: str, what: str, rule: str) -> None:
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # "Invalid IPv6 URL" and the like
        raise HostMapError(f"--map {rule!r}: {what} {text!r} is not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HostMapError(f"--map {rule!r}: {what} {text!r} must start with http:// or https:// and name a host")


@dataclass(frozen=True, slots=True)
class HostMap:
    rules: tuple[MapRule, ...] = ()

    @classmethod
    def parse(cls, items: Iterable[str]) -> HostMap:
        """Rules from ``FROM=TO`` strings (``--map``); the first ``=`` separates them."""
        pairs = []
        for item in items:
            source, sep, target = item.partition("=")
            if not sep:
                raise HostMapError(f"--map {item!r} must look like FROM=TO, e.g. "
                                   "https://api.example.com=http://127.0.0.1:8765")
            pairs.append((source, target))
        return cls.from_pairs(pairs)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> HostMap:
        rules = []
        for source, target in pairs:
            source, target = source.strip(), target.strip()
            rule = f"{source}={target}"
            _check_url(source, "FROM", rule)
            _check_url(target, "TO", rule)
            rules.append(MapRule(source, target))
        # Longest FROM first: the most specific rule wins.
        rules.sort(key=lambda r: len(r.source), reverse=True)
        return cls(tuple(rules))

    def apply(self, url: str) -> tuple[str, MapRule | None]:
        """Where ``url`` goes, and the rule that sent it there (``None``: unmapped)."""
        for rule in self.rules:
            if url.startswith(rule.source):
                rest = url[len(rule.source):]
                if rule.target.endswith("/") and rest.startswith("/"):
                    rest = rest[1:]  # "http://h/" + "/v1" is meant as "http://h/v1"
                return rule.target + rest, rule
        return url, None

    def __bool__(self) -> bool:
        return bool(self.rules)
