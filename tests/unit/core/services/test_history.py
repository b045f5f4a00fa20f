"""Issue 11, finding 10: every undoable change round-trips (do, undo: the same library).

"The same" is every table a user's work lives in (papers with key, status,
rating; authors; tags with colours; notes) and the search index agreeing.
Only ``modified`` timestamps may differ.
"""

from __future__ import annotations

from collections.abc import Callable
import pytest

from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.library import LibraryService
from tests.conftest import draft


def state(lib: LibraryService) -> dict[str, object]:
    db = lib.store.db()
    cur = db.execute("SELECT * FROM papers ORDER BY id")
    names = [d[0] for d in cur.description]
    papers = [{k: v for k, v in zip(names, row, strict=True) if k != "modified"} for row in cur]
    return {
        "papers": papers,
        "authors": db.execute("SELECT * FROM authors ORDER BY paper_id, position").fetchall(),
        "tags": sorted(db.execute("SELECT name, color FROM tags").fetchall()),
        "paper_tags": sorted(db.execute(
            "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id"
        ).fetchall()),
        "notes": db.execute("SELECT id, paper_id, body, created, modified FROM notes "
                            "ORDER BY id").fetchall(),
    }


def index_agrees(lib: LibraryService) -> None:
    """Search by tag and by note word finds exactly what the database says."""
    lib.indexing.sync()
    for name in lib.tags.names():
        if " " in name:
            continue
        expected = sorted(pid for pid in lib.papers.list_ids() if name in lib.papers.get(pid).tags
                          or any(t.startswith(name + "/") for t in lib.papers.get(pid).tags))
        assert sorted(lib.search(f"tag:{name}", limit=1000).ids) == expected, name
    expected = sorted(pid for pid in lib.papers.list_ids()
                      if any("zanzibar" in n.body for n in lib.papers.get(pid).notes))
    assert sorted(lib.search("zanzibar", limit=1000).ids) == expected


@pytest.fixture
def lib(library: LibraryService) -> LibraryService:
    """Five papers with keys, statuses, ratings, coloured tags, notes and a duplicate."""
    ids = [library.papers.add(draft(f"Paper number {i}", f"Author{i} Family{i}", year=2020 + i,
                             arxiv_id=f"2501.0000{i}", abstract=f"about topic{i}")).paper_id
           for i in range(5)]
    # (with a DOI: an id-less record of the same title would be merged on import)
    dup = library.papers.add(draft("Paper number 0", "Author0 Family0", year=2020,
                            doi="10.1234/dup0")).paper_id
    assert library.papers.get(dup).duplicate_of == ids[0]
    library.tags.add(ids[:3], ["ml/vision", "demo"])
    library.tags.add(ids[2:], ["ml/nlp"])
    library.tags.set_color("ml", "#3366cc")
    library.tags.set_color("ml/nlp", "#aa0000")
    library.notes.add(ids[0], "zanzibar first thoughts")
    library.notes.add(ids[0], "second note")
    library.notes.add(ids[3], "zanzibar again")
    library.papers.set_status(ids[:2], "reading")
    library.papers.set_rating([ids[1]], 4)
    library.papers.set_citekey(ids[4], "mykey2024")
    return library


def _ids(lib: LibraryService) -> list[int]:
    return sorted(lib.papers.list_ids())


ACTIONS: dict[str, Callable[[LibraryService], object]] = {
    "delete one": lambda lib: lib.papers.remove([_ids(lib)[0]]),
    "delete three": lambda lib: lib.papers.remove(_ids(lib)[:3]),
    "delete all": lambda lib: lib.papers.remove(_ids(lib)),
    "bulk status": lambda lib: lib.papers.set_status(_ids(lib), "read"),
    "rating": lambda lib: lib.papers.set_rating([_ids(lib)[1]], 0),
    "key": lambda lib: lib.papers.set_citekey(_ids(lib)[4], "other2025"),
    "bulk tag": lambda lib: lib.tags.add(_ids(lib), ["ml/new", "demo"]),
    "untag": lambda lib: lib.tags.remove(_ids(lib), ["ml/nlp"]),
    "edit tags": lambda lib: lib.tags.edit(_ids(lib)[2], shown=["ml/vision", "demo", "ml/nlp"],
                                           wanted=["ml/vision", "x/y"]),
    "rename tag": lambda lib: lib.tags.rename("ml", "machine-learning"),
    "merge tag": lambda lib: lib.tags.rename("ml/vision", "ml/nlp"),
    "delete tag": lambda lib: lib.tags.delete("ml"),
    "tag colour": lambda lib: lib.tags.set_color("ml/nlp", "#00ff00"),
    "add note": lambda lib: lib.notes.add(_ids(lib)[1], "zanzibar new"),
    "delete note": lambda lib: lib.notes.delete(lib.papers.get(_ids(lib)[0]).notes[0].id),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_undoable_change_round_trips(lib, action):
    before = state(lib)
    ACTIONS[action](lib)
    assert state(lib) != before  # the action did something
    label = lib.history.undo_label()
    assert label
    result = lib.history.undo()
    assert result.label == label
    assert state(lib) == before
    index_agrees(lib)


def test_undo_of_delete_restores_key_status_tags_notes_and_search(lib):
    ids = _ids(lib)
    pid = ids[0]
    paper = lib.papers.get(pid)
    lib.papers.remove(ids[:3])
    assert lib.history.undo_label() == "Delete 3 papers"
    assert sorted(t.paper_id for t in lib.history.trash()) == ids[:3]  # kept in the trash meanwhile
    assert lib.search("zanzibar").ids == [ids[3]]
    lib.history.undo()
    again = lib.papers.get(pid)
    assert (again.citekey, again.status, again.rating, again.tags) == (
        paper.citekey, paper.status, paper.rating, paper.tags)
    assert [n.body for n in again.notes] == [n.body for n in paper.notes]
    assert pid in lib.search("zanzibar").ids
    assert lib.history.trash() == []


def test_restoring_a_paper_added_again_merges_the_users_data(lib, make_draft):
    pid = _ids(lib)[0]
    lib.papers.remove([pid])
    again = lib.papers.add(make_draft("Paper number 0", "Author0 Family0", arxiv_id="2501.00000")).paper_id
    lib.history.undo()
    assert lib.papers.count() == 6  # no duplicate
    paper = lib.papers.get(again)
    assert set(paper.tags) == {"ml/vision", "demo"}
    assert [n.body for n in paper.notes] == ["zanzibar first thoughts", "second note"]


def test_fifty_changes_can_be_undone_in_order(lib):
    pid = _ids(lib)[2]
    seen = [lib.papers.get(pid).rating]
    for i in range(60):
        lib.papers.set_rating([pid], (seen[-1] + 1 + i % 2) % 6)
        seen.append(lib.papers.get(pid).rating)
    for k in range(1, 51):
        lib.history.undo()
        assert lib.papers.get(pid).rating == seen[60 - k], k
    expected = (f"Rate “Paper number 2” {seen[10]} ★" if seen[10]
                else "Clear the rating of “Paper number 2”")
    assert lib.history.undo_label() == expected  # the ten older changes are still there


def test_each_front_end_undoes_its_own_changes(lib, tmp_path):
    pid = _ids(lib)[0]
    cli = LibraryService(lib.dir)
    cli.undo_origin = "cli"
    try:
        cli.papers.set_status([pid], "skipped")
        lib.papers.set_rating([pid], 5)
        assert cli.history.undo_label() == "Mark “Paper number 0” as skipped"
        assert lib.history.undo_label() == "Rate “Paper number 0” 5 ★"
        cli.history.undo()
        assert lib.papers.get(pid).status.value == "reading" and lib.papers.get(pid).rating == 5
    finally:
        cli.close()


def test_undo_survives_a_restart(lib):
    pid = _ids(lib)[3]
    lib.papers.remove([pid])
    directory = lib.dir
    lib.close()
    with LibraryService(directory) as reopened:
        assert reopened.history.undo_label() == "Delete “Paper number 3”"
        reopened.history.undo()
        assert "zanzibar again" in [n.body for n in reopened.papers.get(pid).notes]


def test_nothing_to_undo_is_a_clear_error(library):
    with pytest.raises(NotFound, match="nothing to undo"):
        library.history.undo()


def test_restore_from_trash_by_id(lib):
    first, second = _ids(lib)[0], _ids(lib)[1]
    lib.papers.remove([first])
    lib.papers.remove([second])
    entry = next(t for t in lib.history.trash() if t.paper_id == first)
    assert lib.history.restore([entry.id]) == [first]
    assert lib.papers.get(first).tags
    with pytest.raises(NotFound):
        lib.history.restore([entry.id])


def test_undo_that_would_clash_is_refused_and_changes_nothing(lib):
    a, b = _ids(lib)[0], _ids(lib)[1]
    old = lib.papers.get(a).citekey
    lib.papers.set_citekey(a, "renamed2020")
    other = LibraryService(lib.dir)
    other.undo_origin = "cli"
    try:
        other.papers.set_citekey(b, old)  # the CLI takes the old key meanwhile
    finally:
        other.close()
    before = state(lib)
    with pytest.raises(InvalidInput, match="now used by another paper"):
        lib.history.undo()
    assert state(lib) == before
    assert lib.history.undo_label() == "Change the key of “Paper number 0” to renamed2020"
