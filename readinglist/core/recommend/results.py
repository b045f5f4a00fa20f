"""What ranking gives the front ends: scores, bands, reasons, neighbours, sort orders.

Plain data without numpy, so the CLI and the GUI can import it at start-up
and pay for the numerical part only when they rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

BANDS = ("weak", "fair", "good", "strong")
MIN_LIKE = 0.08  # below this cosine the "most similar" paper is not similar enough to name
MIN_TAG = 0.1


@dataclass(frozen=True, slots=True)
class Why:
    tag: str  # the closest tag ("" if none is close)
    words: tuple[str, ...]  # the terms that pushed the score up most
    like_title: str  # the most similar paper already in the library ("" if none)
    like_key: str
    like_id: int | None
    like_label: str  # "Vaswani 2017"
    like_similarity: float

    def text(self) -> str:
        parts = []
        if self.tag:
            parts.append(self.tag)
        if self.words:
            parts.append(", ".join(self.words))
        if self.like_title:
            title = self.like_title if len(self.like_title) <= 60 else self.like_title[:57] + "…"
            label = f"{self.like_label} " if self.like_label else ""
            parts.append(f"like {label}“{title}”")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "words": list(self.words), "like": self.like_key,
                "like_title": self.like_title, "like_similarity": round(self.like_similarity, 3),
                "text": self.text()}


@dataclass(frozen=True, slots=True)
class Ranked:
    arxiv_id: str
    score: float
    band: int  # index into BANDS
    why: Why


@dataclass
class Ranking:
    """A day in "For you" order; muted papers are left out of ``order`` and say why."""

    order: list[str]  # arXiv ids, best first, unmuted only
    by_id: dict[str, Ranked] = field(default_factory=dict)
    muted: dict[str, str] = field(default_factory=dict)  # arXiv id -> reason
    trained: bool = False
    positives: int = 0


@dataclass(frozen=True, slots=True)
class Neighbour:
    where: str  # "library" | "day" (a fetched day's paper not in the library)
    key: str  # citation key, or arXiv id
    title: str
    arxiv_id: str
    paper_id: int | None
    label: str  # "Vaswani 2017", or the day it was listed
    similarity: float

    def to_json(self) -> dict[str, Any]:
        return {"where": self.where, "key": self.key, "title": self.title,
                "arxiv_id": self.arxiv_id, "paper_id": self.paper_id, "label": self.label,
                "similarity": round(self.similarity, 3)}



SORTS = ("for-you", "upvotes", "list")
FOR_YOU_MIN_PAPERS = 20  # below this many kept papers, upvotes are the better first guess


def default_sort(ranking: Ranking) -> str:
    """"for-you" once the library has enough papers to learn from, else "upvotes"."""
    return "for-you" if ranking.trained and ranking.positives >= FOR_YOU_MIN_PAPERS else "upvotes"


def ordered(items: Sequence[Any], sort: str, ranking: Ranking,
            muted: dict[str, str] | None = None) -> list[Any]:
    """The unmuted items in ``sort`` order ("list": as the sources listed them).

    ``muted`` overrides the ranking's own (the app mutes at once, without re-ranking).
    """
    hidden = ranking.muted if muted is None else muted
    shown = [i for i in items if i.arxiv_id not in hidden]
    if sort == "for-you":
        position = {a: n for n, a in enumerate(ranking.order)}
        return sorted(shown, key=lambda i: position.get(i.arxiv_id, len(position)))
    if sort == "upvotes":
        return sorted(shown, key=lambda i: -(i.upvotes if i.upvotes is not None else -1))
    return shown


def band_mark(band: int) -> str:
    return "●" * band + "○" * (3 - band)
