"""Mute rules: papers the user never wants to see in a day's list.

Applied before ranking, so a muted paper neither shows nor takes a place
at the top. Rules live in the library's settings (authors, phrases,
categories, cross-lists off, replacements off); each muted paper gets the
reason, so the panel can say what was hidden and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from anyascii import anyascii


class Listed(Protocol):
    title: str
    abstract: str
    authors: tuple[str, ...]
    announce_type: str
    primary_category: str


def fold(text: str) -> str:
    return " ".join(anyascii(text).lower().split())


@dataclass(frozen=True)
class MuteRules:
    authors: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    hide_cross_lists: bool = False
    hide_replacements: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> MuteRules:
        return cls(
            tuple(a for a in getattr(settings, "mute_authors", ()) if a.strip()),
            tuple(p for p in getattr(settings, "mute_phrases", ()) if p.strip()),
            tuple(c for c in getattr(settings, "mute_categories", ()) if c.strip()),
            bool(getattr(settings, "hide_cross_lists", False)),
            bool(getattr(settings, "hide_replacements", False)),
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_authors", {fold(a) for a in self.authors})
        object.__setattr__(self, "_phrases", [
            (p, re.compile(r"(?<![a-z0-9])" + re.escape(fold(p)) + r"(?![a-z0-9])"))
            for p in self.phrases
        ])
        object.__setattr__(self, "_categories", {c.strip().lower() for c in self.categories})

    @property
    def empty(self) -> bool:
        return not (self.authors or self.phrases or self.categories or self.hide_cross_lists
                    or self.hide_replacements)

    def reason(self, item: Listed) -> str | None:
        """Why ``item`` is muted ("author Jane Doe", "cross-list", …), or None."""
        kind = item.announce_type or ""
        if self.hide_cross_lists and kind in ("cross", "replace-cross"):
            return "cross-list"
        if self.hide_replacements and kind in ("replace", "replace-cross"):
            return "replacement"
        if item.primary_category and item.primary_category.lower() in self._categories:  # type: ignore[attr-defined]
            return f"category {item.primary_category}"
        muted_authors: set[str] = self._authors  # type: ignore[attr-defined]
        if muted_authors:
            for name in item.authors:
                folded = fold(name)
                family = folded.rsplit(" ", 1)[-1]
                if folded in muted_authors or family in muted_authors:
                    return f"author {name}"
        phrases = self._phrases  # type: ignore[attr-defined]
        if phrases:
            text = fold(f"{item.title} {item.abstract}")
            for phrase, pattern in phrases:
                if pattern.search(text):
                    return f"phrase “{phrase}”"
        return None


RULE_KINDS = ("author", "phrase", "category", "cross-lists", "replacements")


def with_rule(settings: Any, kind: str, value: str = "") -> Any:
    """``settings`` with one more mute rule (unchanged if the rule is there already)."""
    from dataclasses import replace

    from readinglist.core.errors import InvalidInput

    value = " ".join(value.split())
    if kind == "cross-lists":
        return replace(settings, hide_cross_lists=True)
    if kind == "replacements":
        return replace(settings, hide_replacements=True)
    name = {"author": "mute_authors", "phrase": "mute_phrases", "category": "mute_categories"}.get(kind)
    if name is None:
        raise InvalidInput(f"unknown mute rule {kind!r}; use one of {', '.join(RULE_KINDS)}")
    if not value:
        raise InvalidInput(f"a muted {kind} cannot be empty")
    current = list(getattr(settings, name))
    if fold(value) in {fold(v) for v in current}:
        return settings
    return replace(settings, **{name: [*current, value]})
