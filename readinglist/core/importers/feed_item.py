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

from readinglist.core.errors import ImportFailed


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

    def within_bounds(self) -> bool:
        """False for an item a hostile or broken service made absurd (a 1 MB title …).

        Such an item is left out of the day's list instead of failing the
        whole list, or being cached and refused later when added.
        """
        from readinglist.core.models import Author, PaperDraft
        from readinglist.core.validation import check_draft

        try:
            check_draft(
                PaperDraft(
                    title=self.title,
                    authors=tuple(Author(a) for a in self.authors),
                    abstract=self.abstract,
                    date=self.date,
                    arxiv_id=self.arxiv_id,
                    doi=self.doi,
                    primary_category=self.primary_category,
                    categories=self.categories,
                    extra=self.extra,
                )
            )
        except ImportFailed:
            return False
        return True

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedItem:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(values.get("authors", ()))
        values["categories"] = tuple(values.get("categories", ()))
        values["extra"] = dict(values.get("extra", {}))
        return cls(**values)
