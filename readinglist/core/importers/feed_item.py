"""One paper as a daily source lists it, before it is a library paper.

Hugging Face Daily Papers and arXiv's announcement feeds know different
things about the same paper (upvotes and AI keywords vs. announce type and
categories). Each source's parser yields :class:`FeedItem` objects; the
daily module merges them into one card per arXiv id and caches them as
JSON, so the shape is plain and round-trips through ``to_json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class FeedItem:
    source: str  # "hf" | "arxiv"
    arxiv_id: str  # base id, no version
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    version: int | None = None
    date: str = ""  # first-version date (YYYY-MM-DD) when the source says
    upvotes: int | None = None
    num_comments: int | None = None
    announce_type: str = ""  # arXiv feeds: new | cross | replace | replace-cross
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    doi: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedItem:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(values.get("authors", ()))
        values["categories"] = tuple(values.get("categories", ()))
        values["extra"] = dict(values.get("extra", {}))
        return cls(**values)
