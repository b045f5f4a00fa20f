"""Errors the user should read, as opposed to bugs.

A :class:`UserError` carries a message written for the person at the
keyboard; front ends show it as one line (CLI) or a non-modal message (GUI).
Any other exception escaping the core is a bug and gets a traceback.
"""

from __future__ import annotations


class ReadingListError(Exception):
    """Root of every error the core raises on purpose."""


class UserError(ReadingListError):
    """Something about the input or the environment, explained for the user."""


class InvalidInput(UserError):
    """A value given by the user (a key, a status, a tag name …) is not valid."""


class NotFound(UserError):
    """No paper, note or saved search matches what the user asked for."""


class InvalidQuery(UserError):
    """A search query that cannot be parsed; ``position`` is 0-based."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.query = query
        self.position = position
        self.reason = message
        super().__init__(f"{message} (at position {position + 1})")

    def pointer(self) -> str:
        """The query with a caret under the problem, for terminals."""
        return f"{self.query}\n{' ' * self.position}^"


class QueryTooCostly(UserError):
    """A search that would take too long to answer (it was stopped at its deadline)."""


class ImportFailed(UserError):
    """A file, a pasted text or a service response could not be imported."""


class StorageUnavailable(UserError):
    """The database cannot be opened or written (locked, read-only, corrupt …)."""


class IndexBusy(UserError):
    """Another process holds the search index's writer lock for too long."""


class Cancelled(ReadingListError):
    """The user cancelled a long operation; nothing half-done was kept."""


class ExportFailed(UserError):
    """An export could not be written (missing folder, no permission, disk full …)."""
