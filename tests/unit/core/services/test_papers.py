"""LibraryService: identity, duplicates, re-import, and what the user owns."""

import pytest

from readinglist.core.errors import InvalidInput, InvalidQuery, NotFound
from readinglist.core.models import ReadStatus


def test_new_arxiv_version_updates_the_same_paper_and_keeps_user_data(library, make_draft):
    first = library.papers.add(make_draft("Old Title", "Ada Lovelace", arxiv_id="2501.00001v1", year=2025))
    pid = first.paper_id
    key = library.papers.get(pid).citekey
    library.tags.add([pid], ["keep/me"])
    library.notes.add(pid, "my thoughts")
    library.papers.set_status([pid], "reading")
    library.papers.set_rating([pid], 3)

    again = library.papers.add(make_draft("New Title", "Ada Lovelace", arxiv_id="arXiv:2501.00001v2",
                                   year=2025))
    assert again.paper_id == pid and again.outcome == "updated"
    paper = library.papers.get(pid)
    assert (paper.title, paper.arxiv_version) == ("New Title", 2)
    assert paper.citekey == key  # pinned, although the title changed
    assert paper.tags == ("keep/me",)
    assert [n.body for n in paper.notes] == ["my thoughts"]
    assert (paper.status, paper.rating) == (ReadStatus.READING, 3)
    assert library.papers.count() == 1


def test_older_version_never_overwrites_newer_text(library, make_draft):
    pid = library.papers.add(make_draft("V3 title", "A B", arxiv_id="2501.00002v3")).paper_id
    library.papers.add(make_draft("V1 title", "A B", arxiv_id="2501.00002v1"))
    assert library.papers.get(pid).title == "V3 title"
    assert library.papers.get(pid).arxiv_version == 3


def test_same_doi_is_the_same_paper_case_insensitively(library, make_draft):
    a = library.papers.add(make_draft("Water", "Henry Frank", doi="10.1126/Science.169.3946.635"))
    b = library.papers.add(make_draft("Water", "Henry Frank", doi="https://doi.org/10.1126/science.169.3946.635"))
    assert a.paper_id == b.paper_id and b.outcome == "unchanged"


def test_arxiv_doi_is_the_arxiv_paper(library, make_draft):
    a = library.papers.add(make_draft("X", "A B", arxiv_id="2202.01037"))
    b = library.papers.add(make_draft("X", "A B", doi="10.48550/arXiv.2202.01037"))
    assert a.paper_id == b.paper_id


def test_near_identical_title_and_first_author_is_flagged_not_merged(library, make_draft):
    a = library.papers.add(make_draft("Deep Residual Learning for Image Recognition", "Kaiming He"))
    b = library.papers.add(make_draft("Deep residual learning for image recognition.", "K. He",
                               doi="10.1109/CVPR.2016.90"))
    assert b.outcome == "added" and b.duplicate_of == a.paper_id
    assert library.papers.count() == 2
    assert any("duplicate" in f.message for f in library.health.doctor())


def test_citekeys_are_unique_and_pinned(library, make_draft):
    a = library.papers.add(make_draft("Neural Nets", "John Smith", year=2020))
    b = library.papers.add(make_draft("Neural Nets", "Jon Smith", year=2020, doi="10.1234/x"))
    assert library.papers.get(a.paper_id).citekey == "smithNeuralNets2020"
    assert library.papers.get(b.paper_id).citekey == "smithNeuralNets2020a"
    with pytest.raises(InvalidInput):
        library.papers.set_citekey(b.paper_id, "SMITHNEURALNETS2020")
    assert library.papers.set_citekey(b.paper_id, "smith2020nets") == "smith2020nets"
    assert library.papers.resolve("smith2020nets").id == b.paper_id


def test_resolve_by_every_kind_of_key(library, make_draft):
    pid = library.papers.add(make_draft("T", "A B", arxiv_id="2509.12345", doi="10.5555/abc")).paper_id
    for key in (str(pid), "2509.12345v3", "https://arxiv.org/abs/2509.12345", "10.5555/ABC",
                library.papers.get(pid).citekey):
        assert library.papers.resolve(key).id == pid
    with pytest.raises(NotFound):
        library.papers.resolve("nothing-like-this")


def test_tags_hierarchy_rename_merge_and_counts(library, make_draft):
    p1 = library.papers.add(make_draft("A", "X Y"), tags=["ml/nlp"]).paper_id
    p2 = library.papers.add(make_draft("B", "X Y"), tags=["ml/vision", "ml/nlp"]).paper_id
    p3 = library.papers.add(make_draft("C", "X Y"), tags=["language"]).paper_id
    counts = {t.name: t.count for t in library.tags.counts()}
    assert counts == {"language": 1, "ml": 2, "ml/nlp": 2, "ml/vision": 1}

    library.tags.rename("language", "ml/nlp")  # merge
    counts = {t.name: t.count for t in library.tags.counts()}
    assert counts == {"ml": 3, "ml/nlp": 3, "ml/vision": 1}

    library.tags.rename("ml", "machine-learning")
    assert library.papers.get(p2).tags == ("machine-learning/nlp", "machine-learning/vision")
    assert library.search("tag:machine-learning", limit=None).total == 3
    library.tags.remove([p1], ["machine-learning/nlp"])
    assert library.papers.get(p1).tags == ()
    assert library.papers.get(p3).tags == ("machine-learning/nlp",)


def test_bad_tag_names_are_refused_and_change_nothing(library, make_draft):
    pid = library.papers.add(make_draft("A", "X Y"), tags=["ok"]).paper_id
    for bad in ("", "  / ", "a,b"):
        with pytest.raises(InvalidInput):
            library.tags.add([pid], ["fine", bad])
    assert library.papers.get(pid).tags == ("ok",)


def test_notes_add_edit_delete_are_searchable(library, make_draft):
    pid = library.papers.add(make_draft("Paper", "X Y")).paper_id
    note = library.notes.add(pid, "zebra stripes")
    assert library.search("zebra").ids == [pid]
    library.notes.edit(note.id, "giraffe necks")
    assert library.search("zebra").ids == []
    assert library.search("giraffe").ids == [pid]
    library.notes.delete(note.id)
    assert library.search("giraffe").ids == []


def test_status_and_rating_validation(library, make_draft):
    pid = library.papers.add(make_draft("Paper", "X Y")).paper_id
    with pytest.raises(InvalidInput):
        library.papers.set_status([pid], "finished-ish")
    with pytest.raises(InvalidInput):
        library.papers.set_rating([pid], 6)
    assert library.papers.get(pid).status is ReadStatus.INBOX
    library.papers.set_status([pid], "queued")
    assert library.papers.status_counts()[ReadStatus.QUEUED] == 1


def test_remove_papers_removes_them_from_search(library, make_draft):
    pid = library.papers.add(make_draft("Unique walrus paper", "X Y"), tags=["zoo"]).paper_id
    library.papers.remove([pid])
    assert library.search("walrus").ids == []
    assert library.tags.counts() == []


def test_saved_searches(library):
    library.saved.save("To read", "status:queued")
    library.saved.save("NLP", "tag:nlp")
    assert [s.name for s in library.saved.all()] == ["To read", "NLP"]
    library.saved.save("to read", "status:reading")  # same name, new query
    assert library.saved.all()[0].query == "status:reading"
    library.saved.delete("NLP")
    assert len(library.saved.all()) == 1


def test_list_ids_sorting(library, make_draft):
    a = library.papers.add(make_draft("Beta", "X Y", year=2001)).paper_id
    b = library.papers.add(make_draft("Alpha", "X Y", year=2010)).paper_id
    assert library.papers.list_ids(sort="title", descending=False) == [b, a]
    assert library.papers.list_ids(sort="year") == [b, a]
    assert library.papers.sort_ids([a, b], "title") == [b, a]
    with pytest.raises(InvalidInput):
        library.papers.list_ids(sort="colour")


def test_paper_without_title_or_id_is_refused(library, make_draft):
    with pytest.raises(InvalidInput):
        library.papers.add(make_draft("  ", "X Y"))
    assert library.papers.count() == 0


def test_edit_tags_applies_only_the_users_change(library, make_draft):
    pid = library.papers.add(make_draft("P", "X Y"), tags=["a", "b"]).paper_id
    library.tags.add([pid], ["added-elsewhere"])
    assert library.tags.edit(pid, shown=["a", "b"], wanted=["a", "c"]) == ["a", "added-elsewhere", "c"]


def test_renaming_a_saved_search_is_one_step_and_keeps_others(library):
    library.saved.save("Old", "tag:x")
    library.saved.save("Other", "tag:y")
    library.saved.save("New", "tag:z", replacing="Old")
    assert {(s.name, s.query) for s in library.saved.all()} == {("New", "tag:z"), ("Other", "tag:y")}


def test_a_saved_search_scope_cannot_be_escaped(library, make_draft):
    inside = library.papers.add(make_draft("Alpha inside", "X Y"), tags=["scope"]).paper_id
    library.papers.add(make_draft("Alpha outside", "X Y"))
    assert library.search("alpha", within="tag:scope").ids == [inside]
    # In one string, "x) OR (alpha" would break out of the parentheses; parsed apart it cannot.
    with pytest.raises(InvalidQuery):
        library.search("x) OR (alpha", within="tag:scope")


def test_colour_for_an_implied_parent_tag(library, make_draft):
    library.papers.add(make_draft("P", "X Y"), tags=["area/sub"])
    library.tags.set_color("area", "#112233")
    assert {t.name: t.color for t in library.tags.counts()}["area"] == "#112233"
    with pytest.raises(NotFound):
        library.tags.set_color("nowhere", "#112233")


def test_daily_backup_is_made_once_a_day(library, make_draft):
    assert library.health.backup_if_due() is None  # an empty library
    library.papers.add(make_draft("P", "X Y"))
    first = library.health.backup_if_due()
    assert first is not None and first.exists()
    assert library.health.backup_if_due() is None  # not again the same day
