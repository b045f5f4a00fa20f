"""The same paper twice: finding it on import, listing what slipped through, merging two.

On import, a paper with no ids (a pasted title, an old .bib entry) is the
library's paper with the same normalised title — and the same first author
when it names one — so pasting a Hugging Face page over papers added from
Daily merges into them instead of adding title-only copies. A paper *with*
ids whose title matches another paper is only flagged (``duplicate_of``):
two ids are two records until the user says otherwise.

:func:`find_duplicates` lists the pairs the user may want to merge, and
:func:`merge_papers` merges one into the other: the richer value of each
field, the union of tags, every note, the further-along status, the best
rating and the kept paper's citation key; the other paper is removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from readinglist.core.drafts import draft_of
from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.models import METADATA_FIELDS, Paper, PaperDraft, PaperId, ReadStatus
from readinglist.core.storage import duplicate_rows
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage.db import WriteTxn
from readinglist.core.text_norm import fold

# How far along the reading is: a merge keeps the further one.
_PROGRESS = {ReadStatus.SKIPPED: 0, ReadStatus.INBOX: 1, ReadStatus.QUEUED: 2,
             ReadStatus.READING: 3, ReadStatus.READ: 4}


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    keep: PaperId  # the older paper (added first)
    other: PaperId
    reason: str  # "same title and first author", "same title", "flagged on import"


def _title_part(title: str) -> str:
    return fold(title).replace(" ", "")


def same_title_ids(db: Database, title: str) -> list[PaperId]:
    """Papers whose folded title is ``title``'s (any first author), oldest first."""
    folded = _title_part(title)
    if not folded:
        return []
    # title_key is "<folded title>|<folded family>": a range scan on its index.
    return duplicate_rows.with_title(db, folded)


def match_by_title(db: Database, draft: PaperDraft) -> PaperId | None:
    """The one library paper a draft is by title: for an id-less draft, the paper with its
    title (and first author if it names one); for a draft with ids, only a bare pasted
    title (no ids, no authors) — anything more is two records until the user merges."""
    candidates = same_title_ids(db, draft.title)
    if not candidates:
        return None
    if draft.arxiv_id or draft.doi:
        bare = duplicate_rows.bare_among(db, candidates)
        return bare[0] if len(bare) == 1 else None
    if draft.authors:
        return None  # a full record (a .bib entry) stays a record; only bare titles merge
    if False:  # noqa: SIM108 - kept for the first-author rule, off for now
        family = _title_part(draft.authors[0].family_name)
        key = f"{_title_part(draft.title)}|{family}"
        same = duplicate_rows.with_title_key(db, key, candidates)
        return same[0] if len(same) == 1 else None
    return candidates[0] if len(candidates) == 1 else None


def fill_missing(current: PaperDraft, incoming: PaperDraft) -> PaperDraft:
    """``current`` with only its empty fields taken from ``incoming`` (a title-only match
    must not rewrite a good record with a pasted spelling)."""
    values: dict[str, Any] = {}
    for name in (*METADATA_FIELDS, "authors", "categories"):
        if getattr(current, name) in ("", None, ()) and getattr(incoming, name) not in ("", None, ()):
            values[name] = getattr(incoming, name)
    values["sources"] = tuple(dict.fromkeys((*current.sources, *incoming.sources)))
    values["extra"] = {**incoming.extra, **current.extra}
    return replace(current, **values)


def find_duplicates(db: Database) -> list[DuplicatePair]:
    """Pairs of papers that are probably one paper (each pair once, oldest kept)."""
    pairs: dict[tuple[int, int], str] = {}
    for pid, dup in duplicate_rows.flagged(db):
        pairs.setdefault((min(pid, dup), max(pid, dup)), "flagged on import")
    for members in duplicate_rows.same_title_key_groups(db):
        for other in members[1:]:
            pairs.setdefault((members[0], other), "same title and first author")
    # A title-only record (no authors) beside one with authors: "…|" sorts first.
    for a, b in duplicate_rows.title_only_pairs(db):
        pairs.setdefault((min(a, b), max(a, b)), "same title")
    return [DuplicatePair(PaperId(k), PaperId(o), why) for (k, o), why in sorted(pairs.items())]


def richer(a: Any, b: Any) -> Any:
    """The value with more in it: a non-empty one; more authors; a clearly longer text (a
    full title or abstract over a cut one) — else the kept paper's own (``a``)."""
    if a in ("", None, (), []):
        return b
    if b in ("", None, (), []):
        return a
    if isinstance(a, str) and isinstance(b, str):
        return b if len(b) > len(a) * 1.2 + 3 else a
    if isinstance(a, tuple) and isinstance(b, tuple):
        return b if len(b) > len(a) else a
    return a


def merged_draft(keep: Paper, other: Paper) -> PaperDraft:
    """The kept paper's metadata, each field the richer of the two."""
    base = draft_of(keep)
    second = draft_of(other)
    values: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        values[name] = richer(getattr(base, name), getattr(second, name))
    if values["arxiv_id"] != base.arxiv_id:
        values["arxiv_version"] = second.arxiv_version
    values["authors"] = richer(base.authors, second.authors)
    values["categories"] = tuple(dict.fromkeys((*base.categories, *second.categories)))
    values["sources"] = tuple(dict.fromkeys((*base.sources, *second.sources)))
    values["extra"] = {**second.extra, **base.extra}
    return replace(base, **values)


def merge_papers(txn: WriteTxn, keep_id: int, other_id: int) -> Paper:
    """Merge ``other_id`` into ``keep_id`` (see the module docstring); returns the kept paper."""
    if keep_id == other_id:
        raise InvalidInput("choose two different papers to merge")
    keep = papers_repo.get(txn.db, keep_id)
    other = papers_repo.get(txn.db, other_id)
    if keep is None or other is None:
        raise NotFound(f"no paper with id {other_id if keep is not None else keep_id}")
    for column in ("arxiv_id", "doi"):
        a, b = getattr(keep, column), getattr(other, column)
        if a and b and a.lower() != b.lower():
            label = "arXiv ids" if column == "arxiv_id" else "DOIs"
            raise InvalidInput(
                f"these are two different papers: their {label} differ ({a}, {b})")
    draft = merged_draft(keep, other)
    db = txn.db
    duplicate_rows.move_dependents(txn, keep_id, other_id)
    papers_repo.delete(txn, [other_id])  # frees its arXiv id and DOI for the kept paper
    papers_repo.update_metadata(txn, keep_id, draft)
    status = max((keep.status, other.status), key=lambda s: _PROGRESS.get(s, 0))
    papers_repo.set_columns(txn, [keep_id], status=status.value,
                            rating=max(keep.rating, other.rating), duplicate_of=None)
    tags_repo.add_tags(txn, [keep_id], other.tags)
    merged = papers_repo.get(db, keep_id)
    assert merged is not None
    return merged


def merge_preview(keep: Paper, other: Paper) -> dict[str, tuple[str, str, str]]:
    """field -> (kept paper's value, other's value, merged value), for the merge dialog."""
    draft = merged_draft(keep, other)

    def text(value: Any) -> str:
        if isinstance(value, tuple):
            return "; ".join(getattr(v, "name", str(v)) for v in value)
        return "" if value is None else str(value)

    out: dict[str, tuple[str, str, str]] = {}
    for name in ("title", "authors", "year", "venue", "doi", "arxiv_id", "abstract", "pages",
                 "publisher", "url"):
        a, b, m = text(getattr(keep, name)), text(getattr(other, name)), text(getattr(draft, name))
        if a or b:
            out[name] = (a, b, m)
    return out


def ordered(ids: Sequence[int]) -> tuple[int, int]:
    if len(ids) != 2:
        raise InvalidInput("select exactly two papers to merge")
    return min(ids), max(ids)
