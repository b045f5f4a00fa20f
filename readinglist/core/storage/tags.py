"""Tags and their links to papers.

Tags are hierarchical by name: ``ml/nlp`` sits under ``ml``. Only the tags a
user applied are stored; parents are implied by the names, and a parent's
count is the number of distinct papers carrying it or any tag below it,
computed by SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.models import PaperId, TagCount
from readinglist.core.storage.db import WriteTxn
from readinglist.core.storage.papers import chunks

MAX_TAG_LENGTH = 200


def normalize_tag(name: str) -> str:
    """The stored spelling: trimmed, single spaces, no empty ``/`` segments."""
    parts = [" ".join(p.split()) for p in name.split("/")]
    tag = "/".join(p for p in parts if p)
    if not tag:
        raise InvalidInput(f"{name!r} is not a tag name")
    if "," in tag:
        raise InvalidInput(f"tag {tag!r}: a tag name cannot contain a comma")
    if len(tag) > MAX_TAG_LENGTH:
        raise InvalidInput(f"a tag name can have at most {MAX_TAG_LENGTH} characters")
    return tag


def ancestors(tag: str) -> list[str]:
    """``a/b/c`` → ``["a", "a/b", "a/b/c"]``: what a search for a parent matches."""
    parts = tag.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _like_prefix(tag: str) -> str:
    escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "/%"


def tag_id(db: Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def ensure_tag(txn: WriteTxn, name: str) -> int:
    existing = tag_id(txn.db, name)
    if existing is not None:
        return existing
    cursor = txn.db.execute("INSERT INTO tags (name) VALUES (?)", [name])
    return int(cursor.lastrowid or 0)


def add_tags(txn: WriteTxn, paper_ids: Sequence[int], names: Iterable[str]) -> list[PaperId]:
    """Link tags to papers; returns the papers that gained at least one tag."""
    changed: set[int] = set()
    for name in names:
        tid = ensure_tag(txn, name)
        for part in chunks(list(paper_ids)):
            rows = txn.db.execute(
                f"INSERT INTO paper_tags (paper_id, tag_id) "
                f"SELECT id, ? FROM papers WHERE id IN ({', '.join('?' * len(part))}) "
                f"ON CONFLICT DO NOTHING RETURNING paper_id",
                [tid, *part],
            ).fetchall()
            changed.update(r[0] for r in rows)
    result = [PaperId(p) for p in paper_ids if p in changed]
    txn.touch(result)
    return result


def remove_tags(
    txn: WriteTxn, paper_ids: Sequence[int], names: Iterable[str]
) -> list[PaperId]:
    changed: set[int] = set()
    for name in names:
        tid = tag_id(txn.db, name)
        if tid is None:
            continue
        for part in chunks(list(paper_ids)):
            rows = txn.db.execute(
                f"DELETE FROM paper_tags WHERE tag_id = ? "
                f"AND paper_id IN ({', '.join('?' * len(part))}) RETURNING paper_id",
                [tid, *part],
            ).fetchall()
            changed.update(r[0] for r in rows)
    result = [PaperId(p) for p in paper_ids if p in changed]
    txn.touch(result)
    prune_unused(txn)
    return result


def prune_unused(txn: WriteTxn) -> None:
    """Forget tags no paper carries, unless they have a colour worth keeping."""
    txn.db.execute(
        "DELETE FROM tags WHERE color = '' AND NOT EXISTS "
        "(SELECT 1 FROM paper_tags pt WHERE pt.tag_id = tags.id)"
    )


def subtree(db: Database, name: str) -> list[tuple[int, str]]:
    """The tag ``name`` and every tag below it, as ``(id, name)``."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT id, name FROM tags WHERE name = ? OR name LIKE ? ESCAPE '\\'",
            [name, _like_prefix(name)],
        )
    ]


def papers_under(db: Database, name: str) -> list[PaperId]:
    """Papers carrying ``name`` or any tag below it."""
    return [
        PaperId(r[0])
        for r in db.execute(
            "SELECT DISTINCT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE t.name = ? OR t.name LIKE ? ESCAPE '\\'",
            [name, _like_prefix(name)],
        )
    ]


def rename_tag(txn: WriteTxn, old: str, new: str) -> list[PaperId]:
    """Rename ``old`` and its children; merge into ``new`` where it exists."""
    tags = subtree(txn.db, old)
    if not tags:
        raise NotFound(f"no tag named {old!r}")
    if new.lower().startswith(old.lower() + "/"):
        raise InvalidInput(f"cannot move tag {old!r} under itself")
    affected = papers_under(txn.db, old)
    for tid, name in sorted(tags, key=lambda t: -len(t[1])):
        target = new + name[len(old) :]
        target_id = tag_id(txn.db, target)
        if target_id is not None and target_id != tid:
            txn.db.execute(
                "INSERT INTO paper_tags (paper_id, tag_id) SELECT paper_id, ? FROM paper_tags "
                "WHERE tag_id = ? ON CONFLICT DO NOTHING",
                [target_id, tid],
            )
            txn.db.execute(
                "UPDATE tags SET color = ? WHERE id = ? AND color = ''",
                [_color(txn.db, tid), target_id],
            )
            txn.db.execute("DELETE FROM tags WHERE id = ?", [tid])
        else:
            txn.db.execute("UPDATE tags SET name = ? WHERE id = ?", [target, tid])
    txn.touch(affected)
    return affected


def delete_tag(txn: WriteTxn, name: str) -> list[PaperId]:
    """Remove ``name`` and the tags below it from every paper."""
    tags = subtree(txn.db, name)
    if not tags:
        raise NotFound(f"no tag named {name!r}")
    affected = papers_under(txn.db, name)
    for tid, _ in tags:
        txn.db.execute("DELETE FROM tags WHERE id = ?", [tid])
    txn.touch(affected)
    return affected


def _color(db: Database, tid: int) -> str:
    row = db.execute("SELECT color FROM tags WHERE id = ?", [tid]).fetchone()
    return row[0] if row else ""


def set_color(txn: WriteTxn, name: str, color: str) -> None:
    tid = tag_id(txn.db, name)
    if tid is None:
        if not subtree(txn.db, name):
            raise NotFound(f"no tag named {name!r}")
        tid = ensure_tag(txn, name)  # a parent known only through its children
    txn.db.execute("UPDATE tags SET color = ? WHERE id = ?", [color, tid])


def tag_counts(db: Database) -> list[TagCount]:
    """Every tag and implied parent, sorted by name, with subtree counts.

    Two queries whatever the number of papers: own counts per tag, then the
    distinct papers under each parent, with the tag → ancestor pairs passed in
    as a VALUES table (tags are few; links can be hundreds of thousands).
    """
    own: dict[str, tuple[str, int, str]] = {}
    ids: dict[str, int] = {}
    for tid, name, color, n in db.execute(
        "SELECT t.id, t.name, t.color, count(pt.paper_id) FROM tags t "
        "LEFT JOIN paper_tags pt ON pt.tag_id = t.id GROUP BY t.id"
    ):
        own[name.lower()] = (name, n, color)
        ids[name.lower()] = tid
    names: dict[str, str] = {}
    for name, _, _ in own.values():
        for parent in ancestors(name):
            names.setdefault(parent.lower(), parent)
    parents = {key.rsplit("/", 1)[0] for key in names if "/" in key}
    ancestry = [
        (tid, a.lower())
        for key, tid in ids.items()
        for a in ancestors(own[key][0])
        if a.lower() in parents
    ]
    totals: dict[str, int] = {}
    for start in range(0, len(ancestry), 8000):
        part = ancestry[start : start + 8000]
        values = ", ".join("(?, ?)" for _ in part)
        rows = db.execute(
            f"WITH anc(tag_id, ancestor) AS (VALUES {values}) "
            "SELECT a.ancestor, count(DISTINCT pt.paper_id) FROM anc a "
            "JOIN paper_tags pt ON pt.tag_id = a.tag_id GROUP BY a.ancestor",
            [x for pair in part for x in pair],
        )
        for ancestor, n in rows:
            totals[ancestor] = max(n, totals.get(ancestor, 0))
    out: list[TagCount] = []
    for key in sorted(names):
        name, own_count, color = own.get(key, (names[key], 0, ""))
        total = totals.get(key, own_count) if key in parents else own_count
        out.append(TagCount(name=name, count=total, own_count=own_count, color=color))
    return out


def all_tag_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")]


def fill_color(txn: WriteTxn, name: str, color: str) -> None:
    """Give a tag ``color`` unless it already has one (an import never repaints a tag)."""
    tid = tag_id(txn.db, name)
    if tid is not None and color:
        txn.db.execute("UPDATE tags SET color = ? WHERE id = ? AND color = ''", [color, tid])


def rows_by_name(db: Database) -> dict[str, list[str]]:
    """lower-cased name -> [name, colour] of every tag."""
    return {r[0].lower(): [r[0], r[1]] for r in db.execute("SELECT name, color FROM tags")}


def put_row(txn: WriteTxn, key: str, row: Sequence[str] | None) -> None:
    """Make the tag spelt ``key`` be ``row`` (name, colour) again; None: it did not exist,
    so drop it unless papers carry it now (undo of a change that created it)."""
    db = txn.db
    current = db.execute("SELECT id, name, color FROM tags WHERE name = ?", [key]).fetchone()
    if row is None:
        if current is not None and not db.execute(
            "SELECT 1 FROM paper_tags WHERE tag_id = ?", [current[0]]
        ).fetchone():
            db.execute("DELETE FROM tags WHERE id = ?", [current[0]])
        return
    name, color = row
    if current is None:
        if color:
            db.execute("INSERT INTO tags (name, color) VALUES (?, ?)", [name, color])
    elif current[2] != color or current[1] != name:
        db.execute("UPDATE tags SET name = ?, color = ? WHERE id = ?", [name, color, current[0]])
