"""Exports: BibTeX, BibLaTeX, CSL-JSON, RIS, the native JSON format, automatic export.

A format is a row in ``core/exporters`` (``EXPORT_FORMATS``); this service
only chooses the papers, their order and where the text goes. Exports
stream: records are read in batches and written through a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from readinglist.core.atomic_write import write_atomic
from readinglist.core.exporters import (
    ExportOptions,
    check_format,
    export_format,
    native_json,
    new_writer,
)
from readinglist.core.exporters.checks import export_findings
from readinglist.core.exporters.records import ExportPaper
from readinglist.core.models import PaperId
from readinglist.core.progress import CancelFn, ProgressFn, check_cancel, report
from readinglist.core.search.query import Everything
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.papers import Papers
from readinglist.core.services.saved import SavedSearches
from readinglist.core.services.tags import Tags
from readinglist.core.storage import listing
from readinglist.core.storage.export_rows import EXPORT_BATCH, export_batches

# (query, tag) -> the ids a search finds, every one of them.
SearchIds = Callable[[str, "str | None"], list[PaperId]]


def auto_export_target(library_dir: Path, configured: str) -> Path:
    """The file a setting names: ``~`` expanded, relative paths inside the library folder."""
    path = Path(configured.strip()).expanduser()
    return path if path.is_absolute() else Path(library_dir) / path


class Exports:
    def __init__(
        self,
        ctx: LibraryContext,
        papers: Papers,
        tags: Tags,
        saved: SavedSearches,
        search_ids: SearchIds,
    ) -> None:
        self._ctx = ctx
        self._papers = papers
        self._tags = tags
        self._saved = saved
        self._search_ids = search_ids

    def scope(self, *, query: str = "", tag: str | None = None) -> list[PaperId] | None:
        """The papers a query and/or tag name; None (everything) when neither is given."""
        if not query.strip() and not tag:
            return None
        return self._search_ids(query, tag)

    def text(self, fmt: str, ids: Sequence[int] | None = None, *, abstracts: bool = False) -> str:
        """The library (``ids`` None) or some papers as text in format ``fmt``.
        ``abstracts`` adds abstracts to BibTeX and BibLaTeX entries (CSL-JSON
        and JSON always have them)."""
        check_format(fmt)
        order = self._order(fmt, ids)
        return "".join(self._chunks(fmt, order, [], abstracts=abstracts))

    def file(
        self,
        path: Path,
        fmt: str,
        ids: Sequence[int] | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        abstracts: bool = False,
    ) -> int:
        """Write an export atomically (temporary file, then rename); returns the entry count."""
        return self._file(
            Path(path), fmt, ids, progress=progress, cancel=cancel, abstracts=abstracts
        )[0]

    @property
    def auto_target(self) -> str:
        """The automatic-export path as configured (empty: automatic export is off)."""
        return self._ctx.settings.auto_export_path

    def auto_export_now(self) -> Path | None:
        """Rewrite the automatic-export file now; None if none is configured.

        Settings: ``auto_export_path`` (``~`` expanded; relative = inside the
        library folder), ``auto_export_query`` (a search, e.g. ``tag:thesis``;
        empty = everything), ``auto_export_format``. An unchanged file is not
        touched, so LaTeX watchers do not rebuild for nothing.
        """
        settings = self._ctx.settings
        if not settings.auto_export_path.strip():
            return None
        path = auto_export_target(self._ctx.dir, settings.auto_export_path)
        fmt = check_format(settings.auto_export_format)
        ids = self.scope(query=settings.auto_export_query)
        self._file(path, fmt, ids, skip_unchanged=True)
        return path

    def native(self, ids: Sequence[int] | None = None) -> dict[str, Any]:
        """The library (or ``ids``) as a native JSON document, oldest first."""
        if ids is None:
            ids = self._all_ids("added")
        return native_json.library_document(
            self._papers.get_many(ids), self._tags.counts(), self._saved.all()
        )

    def records(self, ids: list[PaperId] | None = None, *, abstracts: bool = False) -> Iterator[list[ExportPaper]]:
        """Batches of export records read straight from SQLite: the whole library in
        citation-key order when ``ids`` is None, else ``ids`` in their order."""
        with self._ctx.store.read() as db:
            yield from export_batches(db, ids, abstracts=abstracts)

    def findings(self) -> list[tuple[str, str]]:
        """(level, message) about entries an export would write badly (doctor)."""
        return list(export_findings(p for batch in self.records(None) for p in batch))

    # ---- the work -----------------------------------------------------------

    def _all_ids(self, sort: str) -> list[PaperId]:
        return listing.matching_ids(self._ctx.store.db(), Everything(), sort=sort, descending=False)

    def _order(self, fmt: str, ids: Sequence[int] | None) -> list[PaperId] | None:
        """Sorted as the format declares: by citation key (stable diffs when the
        file is under version control) or by date added (the native format).
        None means the whole library, read in key order by the exporter."""
        if export_format(fmt).order == "added":
            if ids is None:
                return self._all_ids("added")
            return self._papers.sort_ids(ids, "added")
        return None if ids is None else self._papers.sort_ids(ids, "citekey")

    def _chunks(
        self,
        fmt: str,
        ids: list[PaperId] | None,
        counter: list[int],
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        abstracts: bool = False,
    ) -> Iterator[str]:
        spec = export_format(fmt)
        if spec.reads == "papers":
            options = ExportOptions(abstracts, self._tags.counts(), self._saved.all())
            if ids is None:
                ids = self._all_ids(spec.order)
            batches: Iterable[Sequence[Any]] = (
                self._papers.get_many(ids[i : i + EXPORT_BATCH])
                for i in range(0, len(ids), EXPORT_BATCH)
            )
        else:
            options = ExportOptions(abstracts)
            batches = self.records(ids, abstracts=abstracts or spec.abstracts)
        writer = new_writer(fmt, options)
        total = self._papers.count() if ids is None else len(ids)
        yield writer.start()
        for batch in batches:
            check_cancel(cancel, "export")
            yield writer.add(batch)
            report(progress, writer.count, total)
        report(progress, writer.count, writer.count)
        counter.append(writer.count)
        yield writer.finish()

    def _file(
        self,
        path: Path,
        fmt: str,
        ids: Sequence[int] | None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        skip_unchanged: bool = False,
        abstracts: bool = False,
    ) -> tuple[int, bool]:
        check_format(fmt)
        counter: list[int] = []
        order = self._order(fmt, ids)
        chunks = self._chunks(fmt, order, counter, progress, cancel, abstracts)
        written = write_atomic(path, chunks, skip_unchanged=skip_unchanged)
        return counter[0], written
