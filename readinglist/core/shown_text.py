"""How much of a stored field is drawn: enough to read, never enough to freeze.

A title or abstract can arrive megabytes long (a broken export, a hostile
file). Qt lays out and elides every character it is given, so a 1 MB title
froze the window for 9–17 s. What is *drawn* is clipped here; what is stored,
searched and exported is never touched.
"""

from __future__ import annotations

# Characters drawn, per place; each is far beyond any real value.
CELL_CHARS = 400  # a table cell (titles, authors, tags, venues)
TOOLTIP_CHARS = 1_500
HEADER_CHARS = 1_000  # the detail pane's authors and details lines
TITLE_CHARS = 300  # the detail pane's title (real ones are under 300)
ABSTRACT_CHARS = 20_000
NOTE_PREVIEW_CHARS = 200_000  # the rendered note (the editor itself shows all of it)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with a visible mark of what was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()}… [{len(text) - limit:,} more characters not shown]"


def clip_line(text: str, limit: int = CELL_CHARS) -> str:
    """One line for a cell: clipped first, so the work stays bounded, and flattened."""
    head = text[:limit]
    if "\n" in head or "\r" in head:
        head = " ".join(head.split())
    return head + "…" if len(text) > limit else head
