"""Which languages a line offers and which it speaks first: part of each line's settings
(e.g. SWITCHBOARD_EVV_LANGUAGES=en,es,ru,so,zh,ar), not of its code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.calls.speech import LANGUAGES


@dataclass(frozen=True)
class LineLanguages:
    """The languages a line offers, in menu order; the first is its default."""

    offered: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.offered:
            raise ValueError("a line offers at least one language")
        if unknown := [lang for lang in self.offered if lang not in LANGUAGES]:
            raise ValueError(f"unknown languages {unknown} (known: {', '.join(LANGUAGES)})")
        if len(set(self.offered)) != len(self.offered):
            raise ValueError(f"a language is offered twice: {', '.join(self.offered)}")

    @property
    def default(self) -> str:
        return self.offered[0]

    @property
    def menu_keys(self) -> str:
        """Key N picks the Nth offered language (a menu has at most nine)."""
        return "123456789"[: len(self.offered)]

    def pick(self, preferred: str | None) -> str:
        """`preferred` when the line offers it, else the line's default."""
        return preferred if preferred in self.offered else self.default


def languages_env(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> LineLanguages:
    """A comma-separated list of language codes from setting `name`; a bad one names it."""
    raw = env.get(name, "")
    offered = tuple(lang.strip() for lang in raw.split(",") if lang.strip()) or default
    if len(offered) > 9:
        raise ValueError(f"{name}: a line's menu has at most nine languages")
    try:
        return LineLanguages(offered)
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None
