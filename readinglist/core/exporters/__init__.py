"""Export formats: BibTeX, BibLaTeX, CSL-JSON and the native JSON format.

``render(fmt, papers)`` is the plain function (the benchmark suite times
it); :class:`ChunkedExport` writes the same text piece by piece so a large
export can report progress and be cancelled. The native JSON format also
carries tags and saved searches, so it is built by ``LibraryService``.
"""

from __future__ import annotations

from collections.abc import Iterable

from readinglist.core.errors import InvalidInput
from readinglist.core.exporters import bibtex, csl_json
from readinglist.core.exporters.records import ExportPaper, as_records
from readinglist.core.models import Paper

EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "json")
FILE_SUFFIXES = {"bibtex": ".bib", "biblatex": ".bib", "csl-json": ".json", "json": ".json"}
FORMAT_NAMES = {
    "bibtex": "BibTeX (7-bit, LaTeX-escaped)",
    "biblatex": "BibLaTeX (UTF-8, for biber)",
    "csl-json": "CSL-JSON (Pandoc, Zotero)",
    "json": "Reading List JSON (everything, for backup and moving)",
}


def check_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}"
        )
    return fmt


class ChunkedExport:
    """A BibTeX, BibLaTeX or CSL-JSON export built from batches of papers.

    ``abstracts`` adds abstracts to BibTeX/BibLaTeX entries (CSL-JSON always
    has them: Zotero and Pandoc users see them there).
    """

    def __init__(self, fmt: str, *, abstracts: bool = False) -> None:
        if check_format(fmt) == "json":
            raise InvalidInput("the native JSON format is exported by the library service")
        self.fmt = fmt
        self.abstracts = abstracts
        self.keys = bibtex.KeyGuard()
        self.count = 0

    def start(self) -> str:
        return "[\n" if self.fmt == "csl-json" else ""

    def add(self, papers: Iterable[Paper | ExportPaper]) -> str:
        if self.fmt == "csl-json":
            parts = []
            for paper in as_records(papers):
                sep = ",\n" if self.count else ""
                parts.append(sep + csl_json.item_text(paper, self.keys(paper.citekey)))
                self.count += 1
            return "".join(parts)
        parts = [
            bibtex.entry(p, self.keys(p.citekey), self.fmt, abstracts=self.abstracts)
            for p in as_records(papers)
        ]
        self.count += len(parts)
        return "".join(parts)

    def finish(self) -> str:
        if self.fmt == "csl-json":
            return "\n]\n" if self.count else "]\n"
        return ""


def render(fmt: str, papers: Iterable[Paper | ExportPaper], *, abstracts: bool = False) -> str:
    """The papers, in the order given, as a ``bibtex``, ``biblatex`` or ``csl-json`` file."""
    export = ChunkedExport(fmt, abstracts=abstracts)
    return export.start() + export.add(papers) + export.finish()
