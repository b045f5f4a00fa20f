"""Import formats, one row each in :data:`IMPORT_TABLE`.

A format is a module in this package with ``sniff(text) -> bool`` (is this
text mine?) and ``parse(text)``, plus one :class:`ImportFormat` row. The
CLI's wording, the GUI's file filters, and the detection of what a file or
a paste holds all read this table. Modules are imported on first use, so a
format's parsing library costs nothing until such a file comes in.

``route`` says how the library service brings a parse in: ``"records"``
(``parse`` returns :class:`Parsed`: drafts plus the records it could not
use) is what a new format wants; the native format (tags, notes, saved
searches), BibTeX (keys) and pasted text (network look-ups) have their own.
"""

from __future__ import annotations

import fnmatch
import importlib
import json
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from readinglist.core.errors import ImportFailed
from readinglist.core.models import PaperDraft


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a records format found: drafts in file order, and one line per
    record it could not use (``record 3 (line 41): no title``). ``tags``, when
    the format carries them (RIS keywords), holds each draft's tags."""

    drafts: list[PaperDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    tags: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportFormat:
    name: str
    label: str
    patterns: tuple[str, ...]
    module: str
    route: str = "records"
    fallback: bool = False  # tried last, takes any text no other format claims

    def _module(self) -> ModuleType:
        return importlib.import_module(f"readinglist.core.importers.{self.module}")

    def sniff(self, text: str) -> bool:
        return bool(self._module().sniff(text))

    def parse(self, text: str) -> Any:
        return self._module().parse(text)

    def matches_file(self, filename: str) -> bool:
        name = filename.lower()
        return any(fnmatch.fnmatch(name, p) for p in self.patterns)


IMPORT_TABLE: tuple[ImportFormat, ...] = (
    ImportFormat("json", "Reading List export (JSON)", ("*.json",), "native_json", "native"),
    ImportFormat("csl-json", "CSL-JSON (Zotero, Better BibTeX, Pandoc)", ("*.json", "*.csl.json"),
                 "csl_json"),
    ImportFormat("bibtex", "BibTeX / BibLaTeX", ("*.bib", "*.bibtex", "*.biblatex"),
                 "bibtex_file", "bibtex"),
    ImportFormat("ris", "RIS (Zotero, Mendeley, EndNote, publishers)", ("*.ris", "*.txt"), "ris"),
    ImportFormat("text", "Text with arXiv ids, DOIs, links or titles and abstracts",
                 ("*.txt", "*.md"), "paste", "paste", fallback=True),
)
FORMATS: dict[str, ImportFormat] = {f.name: f for f in IMPORT_TABLE}


def import_format(name: str) -> ImportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ImportFailed(
            f"unknown import format {name!r}; use one of: {', '.join(FORMATS)}"
        ) from None


def detect(text: str) -> ImportFormat:
    """The format of a file's or a paste's text, from its content alone.

    Specific formats are asked in table order; text none of them claims is
    pasted text, unless it is a JSON document (a JSON file of an unknown
    kind is refused rather than searched for ids).
    """
    if not text.strip():
        raise ImportFailed("nothing to import: the text is empty")
    for spec in IMPORT_TABLE:
        if not spec.fallback and spec.sniff(text):
            return spec
    if _is_json(text):
        known = " or ".join(f.label for f in IMPORT_TABLE if "*.json" in f.patterns)
        raise ImportFailed(f"this JSON file is not a {known}; nothing was imported")
    return next(f for f in IMPORT_TABLE if f.fallback)


def _is_json(text: str) -> bool:
    if text.lstrip()[:1] not in ("{", "["):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def nothing_imported(spec: ImportFormat, problems: list[str]) -> str:
    """The message when no record of a file could be used, naming the first few."""
    if not problems:
        return f"nothing to import: the {spec.label} text has no records"
    listed = "\n".join(f"  {p}" for p in problems[:20])
    more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"nothing was imported; no record could be used:\n{listed}{more}"


def file_filters() -> list[str]:
    """File-dialog filters: every readable file first, then one per format."""
    every = sorted({p for f in IMPORT_TABLE for p in f.patterns})
    return [
        f"Bibliographies and exports ({' '.join(every)})",
        *(f"{f.label} ({' '.join(f.patterns)})" for f in IMPORT_TABLE),
        "All files (*)",
    ]


def labels() -> list[str]:
    return [f.label for f in IMPORT_TABLE]
