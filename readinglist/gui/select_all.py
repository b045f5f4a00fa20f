"""Select all on a cut ranked search: "best 2,000 of 8,645 results" selected means all 8,645.

The table shows the best ``SEARCH_LIMIT`` hits; when every shown row is
selected and the search had more, every match is fetched in a worker and
bulk actions (status, tags, export, delete) wait for it (a moment) and then
reach all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class AllResults:
    def __init__(self, views: Any, model: Any, on_ready: Callable[[str], None]) -> None:
        self.views = views
        self.model = model
        self.on_ready = on_ready  # told "All N results selected" when they arrived
        self.ids: tuple[int, list[int]] | None = None  # (search generation, every match)
        self.pending = False

    def covers(self, rows: int) -> bool:
        """Do ``rows`` selected rows mean "every match" (all shown, and more exist)?"""
        count = self.model.rowCount()
        return bool(self.model.ranked and count > 0 and rows == count
                    and self.views.total > count)

    def known(self) -> list[int] | None:
        if self.ids is not None and self.ids[0] == self.views.generation:
            return list(self.ids[1])
        return None

    def gather(self) -> str:
        """Start fetching every match (once per search); returns what to show meanwhile."""
        if self.known() is not None or self.pending:
            return ""
        self.pending = True
        self.views.all_results(self._arrived)
        return f"Selecting all {self.views.total:,} results…"

    def _arrived(self, generation: int, ids: list) -> None:
        self.pending = False
        if generation != self.views.generation:
            return
        self.ids = (generation, [int(i) for i in ids])
        self.views.total = max(len(ids), self.model.rowCount())  # the exact count, now known
        self.on_ready(f"All {len(ids):,} results selected")
