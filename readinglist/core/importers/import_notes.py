"""What an import did to a file's keys, in words a user can act on.

A key that is kept says nothing. Everything else is named: a key that had
to change ("old → new" and why), an entry without a key (the key it got),
and an entry that became part of a paper already there ("merged into K
because they share DOI D"), so that no entry silently vanishes.
"""

from __future__ import annotations

from readinglist.core import citekeys
from readinglist.core.importers.bib_read import Origin
from readinglist.core.models import PaperDraft


def key_note(origin: Origin, draft: PaperDraft, outcome: str, key: str, by_id: bool) -> str:
    """The sentence for one imported entry, or "" when its key was kept as written."""
    if outcome == "added":
        if origin.keyless:
            return f"the entry at line {origin.line} has no key; it is now {key}"
        if key == origin.key:
            return ""
        why = (
            "the key is taken by another paper"
            if citekeys.is_valid_citekey(origin.key)
            else "LaTeX cannot use that key"
        )
        return f"{origin.key} → {key} (line {origin.line}: {why})"
    if by_id and key.lower() != (origin.key or "").lower():
        shared = f"arXiv id {draft.arxiv_id}" if draft.arxiv_id else f"DOI {draft.doi}"
        return f"{origin.label()} merged into {key} because they share {shared}"
    return ""
