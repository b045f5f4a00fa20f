"""Export formats, one row each in :data:`EXPORT_FORMATS`.

A format is a module with a ``Writer`` (``start()``, ``add(batch)``,
``finish()`` returning text, and a ``count``) plus one :class:`ExportFormat`
row below; the CLI's ``--format`` choices, the GUI's format menus and file
suffixes, automatic export and the library service all read this table.
``render(fmt, papers)`` is the plain function (the benchmark suite times it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from readinglist.core.errors import InvalidInput
from readinglist.core.exporters import bibtex, citekey_list, csl_json, native_json, ris
from readinglist.core.exporters.records import ExportPaper
from readinglist.core.models import Paper, SavedSearch, TagCount


class Writer(Protocol):
    count: int

    def start(self) -> str: ...
    def add(self, papers: Any) -> str: ...
    def finish(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """How a format is named, labelled, saved and written.

    ``reads`` is what the writer is fed: ``"records"`` (light rows read
    straight from SQLite, fast at 100,000 papers) or ``"papers"`` (whole
    papers with tags and notes, plus the library's tag colours and saved
    searches). ``order`` is how papers are sorted; ``abstracts`` says the
    format always carries abstracts (otherwise only on request).
    """

    name: str
    label: str
    suffix: str
    writer: Callable[..., Writer]
    reads: str = "records"
    order: str = "citekey"
    abstracts: bool = False
    description: str = ""


EXPORT_TABLE: tuple[ExportFormat, ...] = (
    ExportFormat("bibtex", "BibTeX (7-bit, LaTeX-escaped)", ".bib",
                 partial(bibtex.Writer, bibtex.BIBTEX),
                 description="7-bit, LaTeX-escaped, for classic BibTeX"),
    ExportFormat("biblatex", "BibLaTeX (UTF-8, for biber)", ".bib",
                 partial(bibtex.Writer, bibtex.BIBLATEX), description="UTF-8 for biber"),
    ExportFormat("csl-json", "CSL-JSON (Pandoc, Zotero)", ".json", csl_json.Writer,
                 abstracts=True, description="for Pandoc and Zotero"),
    ExportFormat("json", "Reading List JSON (everything, for backup and moving)", ".json",
                 native_json.Writer, reads="papers", order="added", abstracts=True,
                 description="the lossless Reading List format, with tags and notes"),
    ExportFormat("ris", "RIS (EndNote, Zotero, Mendeley)", ".ris", ris.Writer, reads="papers",
                 abstracts=True, description="for EndNote, Zotero, Mendeley, RefWorks; tags as keywords"),
    ExportFormat("keys", "Citation keys (one per line)", ".txt", citekey_list.Writer,
                 description="one citation key per line"),
)
FORMATS: dict[str, ExportFormat] = {f.name: f for f in EXPORT_TABLE}
EXPORT_FORMATS = tuple(FORMATS)
FILE_SUFFIXES = {f.name: f.suffix for f in EXPORT_TABLE}
FORMAT_NAMES = {f.name: f.label for f in EXPORT_TABLE}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    abstracts: bool = False
    tags: Sequence[TagCount] = field(default=())
    saved_searches: Sequence[SavedSearch] = field(default=())


def export_format(fmt: str) -> ExportFormat:
    found = FORMATS.get(fmt)
    if found is None:
        raise InvalidInput(
            f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}"
        )
    return found


def check_format(fmt: str) -> str:
    return export_format(fmt).name


def new_writer(fmt: str, options: ExportOptions | None = None) -> Writer:
    """A writer for ``fmt``; whole-paper formats also get the library's context."""
    spec = export_format(fmt)
    options = options or ExportOptions()
    abstracts = options.abstracts or spec.abstracts
    if spec.reads == "papers":
        return spec.writer(
            abstracts=abstracts, tags=options.tags, saved_searches=options.saved_searches
        )
    return spec.writer(abstracts=abstracts)


def render(fmt: str, papers: Iterable[Paper | ExportPaper], *, abstracts: bool = False) -> str:
    """The papers, in the order given, as one file of a record-reading format."""
    if export_format(fmt).reads != "records":
        raise InvalidInput(f"the {fmt} format is exported by the library service")
    writer = new_writer(fmt, ExportOptions(abstracts=abstracts))
    return writer.start() + writer.add(list(papers)) + writer.finish()


def export_file_filters() -> str:
    """A save dialog's filters: one per distinct suffix, then all files."""
    by_suffix: dict[str, list[str]] = {}
    for spec in EXPORT_TABLE:
        by_suffix.setdefault(spec.suffix, []).append(spec.label.split(" (")[0])
    parts = [f"{', '.join(names)} (*{suffix})" for suffix, names in by_suffix.items()]
    return ";;".join([*parts, "All files (*)"])
