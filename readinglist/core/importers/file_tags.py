"""Tags that come with an imported file (RIS keywords: how Zotero and Mendeley
export their tags), added to the user's own: never replacing them."""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core.errors import InvalidInput
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage.db import WriteTxn


def usable_tags(names: Sequence[str]) -> list[str]:
    """The names that can be tags (no commas, not empty, not too long), normalised."""
    out: dict[str, None] = {}
    for name in names:
        try:
            out.setdefault(tags_repo.normalize_tag(name.replace(",", " ")))
        except InvalidInput:
            continue
    return list(out)


def add_file_tags(txn: WriteTxn, paper_id: int, names: Sequence[str]) -> bool:
    """Add a file's tags to a paper; True if it gained any."""
    usable = usable_tags(names)
    return bool(usable) and bool(tags_repo.add_tags(txn, [paper_id], usable))
