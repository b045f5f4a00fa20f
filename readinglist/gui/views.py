"""What a sidebar view is: a kind and its filter, and everything that follows from the kind.

The window, the view controller, the sidebar and the commands ask a ``View``
what it means (does it list library papers? what is it called in the status
bar? which filters does it apply?) instead of comparing kind strings, so a new
kind is one enum member plus its answers here (see docs/architecture.md).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from readinglist.core.models import ReadStatus

# The sidebar's status rows, in order, with the names the status bar uses.
STATUS_LABELS: dict[ReadStatus, str] = {
    ReadStatus.INBOX: "Inbox",
    ReadStatus.QUEUED: "Queue",
    ReadStatus.READING: "Reading",
    ReadStatus.READ: "Read",
    ReadStatus.SKIPPED: "Skipped",
}


class ViewKind(enum.Enum):
    ALL = "all"  # every paper in the library
    STATUS = "status"  # papers with one read status (value: the status)
    TAG = "tag"  # papers with a tag or a tag under it (value: the tag)
    SAVED = "saved"  # a saved search (value: its name)
    DAILY = "daily"  # the Daily papers panel (not a list of library papers)


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """A view as the service's listing and search filters."""

    within: str = ""  # a saved search's query, narrowing the words typed
    status: ReadStatus | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class View:
    """What the sidebar selection shows. Build one with the class methods
    (``View.tag("ml")``); ``value`` is the status, tag or saved search name."""

    kind: ViewKind = ViewKind.ALL
    value: str = ""

    @classmethod
    def all(cls) -> View:
        return cls(ViewKind.ALL)

    @classmethod
    def daily(cls) -> View:
        return cls(ViewKind.DAILY)

    @classmethod
    def of_status(cls, status: ReadStatus | str) -> View:
        return cls(ViewKind.STATUS, ReadStatus(status).value)

    @classmethod
    def tag(cls, name: str) -> View:
        return cls(ViewKind.TAG, name)

    @classmethod
    def saved(cls, name: str) -> View:
        return cls(ViewKind.SAVED, name)

    # ---- what the kind means ---------------------------------------------------------

    @property
    def is_daily(self) -> bool:
        """The Daily panel takes the centre and brings its own abstract pane."""
        return self.kind is ViewKind.DAILY

    @property
    def shows_papers(self) -> bool:
        """The paper table lists this view (with the search bar and detail pane)."""
        return not self.is_daily

    @property
    def names_a_row(self) -> bool:
        """The view is a sidebar row that can go away (a tag or saved search renamed,
        removed): the sidebar falls back to all papers then."""
        return self.kind in (ViewKind.TAG, ViewKind.SAVED)

    @property
    def tag_name(self) -> str | None:
        return self.value if self.kind is ViewKind.TAG else None

    @property
    def saved_name(self) -> str | None:
        return self.value if self.kind is ViewKind.SAVED else None

    @property
    def name(self) -> str:
        """How the status bar and the search scope name it ("" for all papers)."""
        if self.kind is ViewKind.STATUS:
            return STATUS_LABELS.get(ReadStatus(self.value), self.value)
        if self.kind is ViewKind.TAG:
            return f"tag “{self.value}”"
        if self.kind is ViewKind.SAVED:
            return f"“{self.value}”"
        return ""

    def filters(self, saved_query: Callable[[str], str | None]) -> ViewFilter:
        """The view as listing filters; ``saved_query(name)`` looks up a saved search
        (None when it is gone: then the view narrows nothing)."""
        if self.kind is ViewKind.STATUS:
            return ViewFilter(status=ReadStatus(self.value))
        if self.kind is ViewKind.TAG:
            return ViewFilter(tag=self.value)
        if self.kind is ViewKind.SAVED:
            return ViewFilter(within=saved_query(self.value) or "")
        return ViewFilter()

    def after_tag_rename(self, old: str, new: str) -> View:
        """The view once tag ``old`` is called ``new``: a view of it, or of a tag
        under it, follows the rename; any other view stays."""
        if self.kind is ViewKind.TAG and (self.value == old or self.value.startswith(old + "/")):
            return View.tag(new + self.value[len(old):])
        return self


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a command sends the user (``PaperCommands.navigate``): a view, and the
    search text to show with it (None keeps the words typed)."""

    view: View
    search: str | None = None
