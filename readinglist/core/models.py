"""The library's vocabulary: papers, authors, notes, tags and read status.

These are plain frozen dataclasses so that every layer (storage, search,
importers, exporters, both front ends) can pass them around and compare them
without touching the database. Storage builds them; nothing else mutates them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NewType

from readinglist.core.errors import InvalidInput
from readinglist.core.names import split_name

PaperId = NewType("PaperId", int)
NoteId = NewType("NoteId", int)


class ReadStatus(enum.StrEnum):
    """Where a paper is in the reading workflow.

    ``inbox`` is new and untriaged; ``skipped`` is the explicit "not for me",
    kept so the same paper is not offered again.
    """

    INBOX = "inbox"
    QUEUED = "queued"
    READING = "reading"
    READ = "read"
    SKIPPED = "skipped"

    @classmethod
    def parse(cls, text: str) -> ReadStatus:
        """Accept the status names users type (case-insensitive, a few aliases)."""
        value = text.strip().lower()
        value = _STATUS_ALIASES.get(value, value)
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise InvalidInput(f"unknown status {text!r}; use one of: {names}") from None


_STATUS_ALIASES = {"queue": "queued", "todo": "queued", "new": "inbox", "done": "read"}


@dataclass(frozen=True, slots=True)
class Author:
    """One author as the sources give it; ``family``/``given`` when known.

    arXiv and Hugging Face give only a display name; BibTeX and Crossref give
    the parts. Keeping both lets exports say ``Family, Given`` without
    guessing twice.
    """

    name: str
    family: str = ""
    given: str = ""

    @property
    def family_name(self) -> str:
        """The family name, guessed from the display name when not given."""
        if self.family:
            return self.family
        return split_name(self.name)[0]


@dataclass(frozen=True, slots=True)
class Note:
    id: NoteId
    paper_id: PaperId
    body: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag with the number of papers under it (itself and its children)."""

    name: str
    count: int
    own_count: int
    color: str = ""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


@dataclass(frozen=True, slots=True)
class PaperDraft:
    """Metadata of a paper as an importer found it, before it has an identity.

    Only bibliographic metadata lives here; what the user owns (tags, notes,
    status, rating, key) is never part of a draft, which is how re-importing
    is kept from touching it. ``citekey`` is a *wish* (e.g. the key of a
    ``.bib`` entry) honoured only when a new paper is created.
    """

    title: str
    authors: tuple[Author, ...] = ()
    abstract: str = ""
    year: int | None = None
    date: str = ""
    arxiv_id: str = ""
    arxiv_version: int | None = None
    doi: str = ""
    venue: str = ""
    entry_type: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    url: str = ""
    pdf_url: str = ""
    code_url: str = ""
    project_url: str = ""
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    citekey: str = ""


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper in the library: a draft's metadata plus what the user owns."""

    id: PaperId
    citekey: str
    title: str
    authors: tuple[Author, ...]
    abstract: str
    year: int | None
    date: str
    arxiv_id: str
    arxiv_version: int | None
    doi: str
    venue: str
    entry_type: str
    volume: str
    number: str
    pages: str
    publisher: str
    url: str
    pdf_url: str
    code_url: str
    project_url: str
    primary_category: str
    categories: tuple[str, ...]
    sources: tuple[str, ...]
    extra: dict[str, Any]
    added: str
    modified: str
    status: ReadStatus
    rating: int
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    duplicate_of: PaperId | None = None

    @property
    def first_author(self) -> str:
        return self.authors[0].name if self.authors else ""

    @property
    def abs_url(self) -> str:
        """The landing page: the stored URL, else arXiv's, else the DOI's."""
        if self.url:
            return self.url
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return ""


# Metadata columns shared by PaperDraft and Paper, in storage order.
METADATA_FIELDS: tuple[str, ...] = (
    "title",
    "abstract",
    "year",
    "date",
    "arxiv_id",
    "arxiv_version",
    "doi",
    "venue",
    "entry_type",
    "volume",
    "number",
    "pages",
    "publisher",
    "url",
    "pdf_url",
    "code_url",
    "project_url",
    "primary_category",
)
