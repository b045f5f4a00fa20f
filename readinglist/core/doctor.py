"""``doctor``: every check of a library, from the file's integrity to export warnings.

The database file is checked first, without opening the library the normal
way (opening is what fails on a damaged file); if it is damaged the other
checks are skipped, since they would only fail on it. The search index is
read segment by segment (see :mod:`readinglist.core.search.verify`).
Repeated warnings are grouped into one line each.
"""

from __future__ import annotations

from typing import Any

from readinglist.core.exporters.checks import export_findings
from readinglist.core.search.verify import verify_index
from readinglist.core.storage.health import check_database, group_findings


def run_checks(service: Any, *, database_checked: bool = False) -> list[tuple[str, str]]:
    """(level, message) findings; ``service`` is the LibraryService (not imported: no cycle)."""
    found: list[tuple[str, str]] = []
    if not database_checked:
        found = check_database(service.store.path)
        if found:
            return found
    db = service.store.db()
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        found.append(("error", f"database: row {rowid} of {table} points to a missing {parent}"))
    problem = service.check_index() if not service.store.read_only else None
    if problem is None and service.index.path.exists():
        with service._index_lock:  # noqa: SLF001 - no writer may swap the index meanwhile
            problem = verify_index(service.index.path)
        if problem is not None:
            service.index_problem = problem
    if problem is not None:
        found.append(("error", f"search index: {problem}; run 'readinglist reindex' to rebuild it"))
    for key, other_key in db.execute(
        "SELECT p.citekey, o.citekey FROM papers p JOIN papers o ON o.id = p.duplicate_of"
    ):
        found.append(("warning", f"{key} is probably a duplicate of {other_key}"))
    for (key,) in db.execute("SELECT citekey FROM papers WHERE trim(title) = ''"):
        found.append(("warning", f"{key} has no title"))
    records = (p for batch in service.exports.records(None) for p in batch)
    found.extend(export_findings(records))
    return group_findings(found)
