"""Export records read straight from SQLite, in batches.

Building full :class:`Paper` objects would cost more than the export itself,
so BibTeX-like formats read only the columns they write.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from sqlite_utils import Database

from readinglist.core.exporters.records import EXPORT_COLUMNS, ExportPaper
from readinglist.core.storage.listing import SORT_COLUMNS

EXPORT_BATCH = 1000
_FIRST = itemgetter(0)
_AUTHOR_PARTS = itemgetter(1, 2, 3)


def export_batches(
    db: Database, ids: Sequence[int] | None, *, abstracts: bool, batch: int = EXPORT_BATCH
) -> Iterator[list[ExportPaper]]:
    """The whole library in citation-key order when ``ids`` is None, else ``ids`` in their order."""
    columns = ", ".join(
        "year" if c == "year" else "''" if c == "abstract" and not abstracts
        else f"coalesce({c}, '')"
        for c in EXPORT_COLUMNS
    )
    if ids is None:
        # Two sequential scans beat 100 batches of IN (...) lookups by a third.
        authors = {
            pid: tuple(map(_AUTHOR_PARTS, group))
            for pid, group in groupby(
                db.execute(
                    "SELECT paper_id, name, family, given FROM authors ORDER BY paper_id, position"
                ),
                _FIRST,
            )
        }
        cursor = db.execute(
            f"SELECT id, citekey, {columns} FROM papers ORDER BY {SORT_COLUMNS['citekey']}, id"
        )
        while rows := cursor.fetchmany(batch):
            yield [ExportPaper(r[0], r[1], authors.get(r[0], ()), *r[2:]) for r in rows]
        return
    for start in range(0, len(ids), batch):
        part = list(ids[start : start + batch])
        marks = ", ".join("?" * len(part))
        rows_by_id = {
            r[0]: r
            for r in db.execute(f"SELECT id, citekey, {columns} FROM papers WHERE id IN ({marks})", part)
        }
        by_paper = {
            pid: tuple(map(_AUTHOR_PARTS, group))
            for pid, group in groupby(
                db.execute(
                    "SELECT paper_id, name, family, given FROM authors "
                    f"WHERE paper_id IN ({marks}) ORDER BY paper_id, position",
                    part,
                ),
                _FIRST,
            )
        }
        yield [
            ExportPaper(row[0], row[1], by_paper.get(pid, ()), *row[2:])
            for pid in part
            if (row := rows_by_id.get(pid)) is not None
        ]
