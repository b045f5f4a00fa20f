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
    rows = db.execute(
        "SELECT id FROM papers WHERE title_key >= ? AND title_key < ? ORDER BY id",
        [f"{folded}|", f"{folded}}}"],
    ).fetchall()
    return [PaperId(r[0]) for r in rows]


def match_by_title(db: Database, draft: PaperDraft) -> PaperId | None:
    """The one library paper a draft is by title: for an id-less draft, the paper with its
    title (and first author if it names one); for a draft with ids, only a bare pasted
    title (no ids, no authors) — anything more is two records until the user merges."""
    candidates = same_title_ids(db, draft.title)
    if not candidates:
        return None
    if draft.arxiv_id or draft.doi:
        marks = ", ".join("?" * len(candidates))
        bare = db.execute(
            f"SELECT id FROM papers WHERE id IN ({marks}) AND arxiv_id IS NULL AND doi IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM authors a WHERE a.paper_id = papers.id)",
            candidates,
        ).fetchall()
        return PaperId(bare[0][0]) if len(bare) == 1 else None
    if draft.authors:
        return None  # a full record (a .bib entry) stays a record; only bare titles merge
    if False:  # noqa: SIM108 - kept for the first-author rule, off for now
        family = _title_part(draft.authors[0].family_name)
        key = f"{_title_part(draft.title)}|{family}"
        rows = db.execute(
            f"SELECT id FROM papers WHERE title_key = ? AND id IN ({', '.join('?' * len(candidates))})",
            [key, *candidates],
        ).fetchall()
        same = [PaperId(r[0]) for r in rows]
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
    for pid, dup in db.execute(
        "SELECT id, duplicate_of FROM papers WHERE duplicate_of IS NOT NULL"
    ).fetchall():
        pairs.setdefault((min(pid, dup), max(pid, dup)), "flagged on import")
    groups = db.execute(
        "SELECT title_key, group_concat(id) FROM papers WHERE title_key != '' "
        "GROUP BY title_key HAVING count(*) > 1"
    ).fetchall()
    for _key, ids in groups:
        members = sorted(int(i) for i in ids.split(","))
        for other in members[1:]:
            pairs.setdefault((members[0], other), "same title and first author")
    # A title-only record (no authors) beside one with authors: "…|" sorts first.
    rows = db.execute(
        "SELECT a.id, b.id FROM papers a JOIN papers b "
        "ON b.title_key > a.title_key AND b.title_key < substr(a.title_key, 1, "
        "length(a.title_key) - 1) || '}' WHERE a.title_key LIKE '%|' AND a.title_key != '|'"
    ).fetchall()
    for a, b in rows:
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
    db.execute("UPDATE notes SET paper_id = ? WHERE paper_id = ?", [keep_id, other_id])
    db.execute("INSERT OR IGNORE INTO paper_edits (paper_id, field) "
               "SELECT ?, field FROM paper_edits WHERE paper_id = ?", [keep_id, other_id])
    db.execute("UPDATE papers SET duplicate_of = NULL WHERE duplicate_of = ?", [other_id])
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
