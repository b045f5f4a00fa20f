"""The index follows the database: outbox, fingerprint check, self-repair."""

import shutil

from readinglist.core.library import LibraryService


def test_changes_left_in_the_outbox_are_indexed_on_next_open(tmp_path, make_draft):
    root = tmp_path / "lib"
    with LibraryService(root) as first:
        pid = first.papers.add(make_draft("Capybara studies", "X Y")).paper_id
    # A process that committed to SQLite but died before touching the index:
    with LibraryService(root, auto_index=False) as crashed:
        crashed.tags.add([pid], ["rodents"])
        crashed.notes.add(pid, "semi-aquatic")
        assert crashed.indexing.pending_changes() == 1
    with LibraryService(root) as again:
        assert again.search("capybara tag:rodents").ids == [pid]
        assert again.search("aquatic").ids == [pid]
        assert again.indexing.pending_changes() == 0


def test_deleted_index_is_rebuilt(tmp_path, make_draft):
    root = tmp_path / "lib"
    with LibraryService(root) as lib:
        pid = lib.papers.add(make_draft("Okapi behaviour", "X Y")).paper_id
    shutil.rmtree(root / "index")
    with LibraryService(root) as lib:
        check = lib.indexing.ensure()
        assert check.rebuilt
        assert lib.search("okapi").ids == [pid]


def test_corrupt_index_is_rebuilt(tmp_path, make_draft):
    root = tmp_path / "lib"
    with LibraryService(root) as lib:
        pid = lib.papers.add(make_draft("Quokka smiles", "X Y")).paper_id
    for f in (root / "index").iterdir():
        if f.suffix != ".json":
            f.write_bytes(b"garbage")
    with LibraryService(root) as lib:
        assert lib.indexing.ensure().rebuilt
        assert lib.search("quokka").ids == [pid]


def test_stale_index_from_an_old_copy_is_detected(tmp_path, make_draft):
    root = tmp_path / "lib"
    with LibraryService(root) as lib:
        lib.papers.add(make_draft("First", "X Y"))
        shutil.copytree(root / "index", tmp_path / "old-index")
        pid = lib.papers.add(make_draft("Second pangolin", "X Y")).paper_id
    shutil.rmtree(root / "index")
    shutil.copytree(tmp_path / "old-index", root / "index")
    with LibraryService(root) as lib:
        assert lib.indexing.check() is not None
        lib.indexing.ensure()
        assert lib.search("pangolin").ids == [pid]
        assert lib.indexing.check() is None


def test_two_services_on_one_library_see_each_others_changes(tmp_path, make_draft):
    root = tmp_path / "lib"
    with LibraryService(root) as a, LibraryService(root) as b:
        pid = a.papers.add(make_draft("Narwhal tusks", "X Y")).paper_id
        assert b.search("narwhal").ids == [pid]
        b.tags.add([pid], ["arctic"])
        assert a.search("narwhal tag:arctic").ids == [pid]
        b.indexing.rebuild()
        assert a.search("narwhal").ids == [pid]


def test_repeated_edits_never_leave_stale_copies_in_a_long_lived_index(library, make_draft):
    pid = library.papers.add(make_draft("Axolotl regeneration", "X Y")).paper_id
    assert library.index.doc_count() == 1
    for word in ("first", "second", "third"):
        library.papers.update_metadata(pid, title=f"Axolotl {word}")
        assert library.index.doc_count() == 1
    assert library.search("regeneration").ids == []
    assert library.search("third").ids == [pid]


def test_edits_keep_the_open_searcher_exact(library, make_draft):
    # Each edit commits a new segment (and sometimes merges): the long-lived
    # searcher of a running app must see deletions, not old copies, or the
    # fingerprint check finds too many documents and rebuilds the whole index.
    pid = library.papers.add(make_draft("Axolotl regeneration", "X Y")).paper_id
    others = [library.papers.add(make_draft(f"Axolotl limb {i}", "X Y")).paper_id for i in range(12)]
    assert library.search("axolotl").total == 13
    library.papers.update_metadata(pid, title="Salamander regeneration")
    for other in others:
        library.tags.add([other], ["amphibians"])
    assert library.index.doc_count() == 13
    assert pid not in library.search("axolotl").ids
    assert library.search("salamander").ids == [pid]
    both = library.search("axolotl OR salamander").ids
    assert sorted(both) == sorted([pid, *others])
    assert not library.indexing.ensure().rebuilt


def test_idle_compaction_merges_edit_segments_and_keeps_results(library, make_draft):
    ids = [library.papers.add(make_draft(f"Wombat burrow {i}", "X Y")).paper_id for i in range(12)]
    for pid in ids[:6]:
        library.notes.add(pid, "cubic droppings")
    before = library.index.segment_count()
    assert before >= 10  # edits commit without merging, so they show at once
    assert library.indexing.compact()
    assert library.index.segment_count() < before
    assert sorted(library.search("wombat").ids) == sorted(ids)
    assert sorted(library.search("note:droppings").ids) == sorted(ids[:6])
    assert library.index.doc_count() == 12
