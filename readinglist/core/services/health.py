"""Health: ``doctor`` (database, index and export checks), backups.

Restoring a backup happens before a library is opened (opening is what fails
on a damaged file), in ``core/storage/restore.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from readinglist.core.exporters.checks import export_findings
from readinglist.core.search.verify import verify_index
from readinglist.core.services.exports import Exports
from readinglist.core.services.indexing import Indexing
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage.backups import backup_age_hours, create_backup
from readinglist.core.storage.db import Store
from readinglist.core.storage.health import (
    check_database,
    foreign_key_problems,
    group_findings,
    marked_duplicates,
    untitled_keys,
)


@dataclass(frozen=True, slots=True)
class Finding:
    level: str  # "error" | "warning"
    message: str


class Health:
    def __init__(self, store: Store, indexing: Indexing, exports: Exports) -> None:
        self._store = store
        self._indexing = indexing
        self._exports = exports

    def doctor(self, *, database_checked: bool = False) -> list[Finding]:
        """Check the database and the index; what a user should know or fix.

        The database file is checked first, without opening the library the
        normal way (opening is what fails on a damaged file); if it is damaged
        the other checks are skipped, since they would only fail on it.
        Repeated warnings are grouped into one line each.
        """
        return [Finding(level, message) for level, message in self._checks(database_checked)]

    def _checks(self, database_checked: bool) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if not database_checked:
            found = check_database(self._store.path)
            if found:
                return found
        db = self._store.db()
        found += [("error", message) for message in foreign_key_problems(db)]
        upkeep = self._indexing
        problem = upkeep.check() if not self._store.read_only else None
        if problem is None and upkeep.index.path.exists():
            with upkeep.lock:  # no writer may swap the index meanwhile
                problem = verify_index(upkeep.index.path)
            if problem is not None:
                upkeep.problem = problem
        if problem is not None:
            found.append(("error", f"search index: {problem}; run 'readinglist reindex' to rebuild it"))
        found += [("warning", f"{key} is probably a duplicate of {other}")
                  for key, other in marked_duplicates(db)]
        found += [("warning", f"{key} has no title") for key in untitled_keys(db)]
        records = (p for batch in self._exports.records(None) for p in batch)
        found.extend(export_findings(records))
        return group_findings(found)

    def backup_if_due(self, max_age_hours: float = 24.0) -> Path | None:
        """Back the database up when the newest backup is older than a day (or missing).

        Run by the app at start, so backups rotate without the user thinking
        of them; an empty library is not worth a backup.
        """
        age = backup_age_hours(self._store.path.parent)
        if (age is not None and age < max_age_hours) or papers_repo.count(self._store.db()) == 0:
            return None
        return create_backup(self._store.path, self._store.path.parent)

    def backup_now(self) -> Path:
        """A backup of the database now (``readinglist backup``); refused on a damaged one."""
        self._store.check_writable()
        return create_backup(self._store.path, self._store.path.parent)
