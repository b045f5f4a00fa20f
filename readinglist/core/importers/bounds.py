"""What a record must have to be a paper, the same for every file format.

Checked before anything is written, so a record that fails is reported with
its position and the rest of the file still comes in.
"""

from __future__ import annotations

MAX_TITLE = 1_000  # characters; a longer "title" is a paragraph or a broken file


def title_problem(title: str) -> str:
    """Why a title cannot be a paper's ("" when it can)."""
    if not title.strip():
        return "it has no title"
    if len(title) > MAX_TITLE:
        return f"its title is longer than {MAX_TITLE} characters"
    if not any(ch.isalnum() for ch in title):
        return f"its title {title[:40]!r} has no letters or digits"
    return ""
