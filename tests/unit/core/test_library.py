"""LibraryService: identity, duplicates, re-import, and what the user owns."""

import pytest

from readinglist.core.errors import InvalidInput, InvalidQuery, NotFound
from readinglist.core.models import ReadStatus


def test_new_arxiv_version_updates_the_same_paper_and_keeps_user_data(library, make_draft):
    first = library.add(make_draft("Old Title", "Ada Lovelace", arxiv_id="2501.00001v1", year=2025))
    pid = first.paper_id
    key = library.get(pid).citekey
    library.add_tags([pid], ["keep/me"])
    library.add_note(pid, "my thoughts")
    library.set_status([pid], "reading")
    library.set_rating([pid], 3)

    again = library.add(make_draft("New Title", "Ada Lovelace", arxiv_id="arXiv:2501.00001v2",
                                   year=2025))
    assert again.paper_id == pid and again.outcome == "updated"
    paper = library.get(pid)
    assert (paper.title, paper.arxiv_version) == ("New Title", 2)
    assert paper.citekey == key  # pinned, although the title changed
    assert paper.tags == ("keep/me",)
    assert [n.body for n in paper.notes] == ["my thoughts"]
    assert (paper.status, paper.rating) == (ReadStatus.READING, 3)
    assert library.count() == 1


def test_older_version_never_overwrites_newer_text(library, make_draft):
    pid = library.add(make_draft("V3 title", "A B", arxiv_id="2501.00002v3")).paper_id
    library.add(make_draft("V1 title", "A B", arxiv_id="2501.00002v1"))
    assert library.get(pid).title == "V3 title"
    assert library.get(pid).arxiv_version == 3


def test_same_doi_is_the_same_paper_case_insensitively(library, make_draft):
    a = library.add(make_draft("Water", "Henry Frank", doi="10.1126/Science.169.3946.635"))
    b = library.add(make_draft("Water", "Henry Frank", doi="https://doi.org/10.1126/science.169.3946.635"))
    assert a.paper_id == b.paper_id and b.outcome == "unchanged"


def test_arxiv_doi_is_the_arxiv_paper(library, make_draft):
    a = library.add(make_draft("X", "A B", arxiv_id="2202.01037"))
    b = library.add(make_draft("X", "A B", doi="10.48550/arXiv.2202.01037"))
    assert a.paper_id == b.paper_id


def test_near_identical_title_and_first_author_is_flagged_not_merged(library, make_draft):
    a = library.add(make_draft("Deep Residual Learning for Image Recognition", "Kaiming He"))
    b = library.add(make_draft("Deep residual learning for image recognition.", "K. He",
                               doi="10.1109/CVPR.2016.90"))
    assert b.outcome == "added" and b.duplicate_of == a.paper_id
    assert library.count() == 2
    assert any("duplicate" in f.message for f in library.doctor())


def test_citekeys_are_unique_and_pinned(library, make_draft):
    a = library.add(make_draft("Neural Nets", "John Smith", year=2020))
    b = library.add(make_draft("Neural Nets", "Jon Smith", year=2020, doi="10.1234/x"))
    assert library.get(a.paper_id).citekey == "smithNeuralNets2020"
    assert library.get(b.paper_id).citekey == "smithNeuralNets2020a"
    with pytest.raises(InvalidInput):
        library.set_citekey(b.paper_id, "SMITHNEURALNETS2020")
    assert library.set_citekey(b.paper_id, "smith2020nets") == "smith2020nets"
    assert library.resolve("smith2020nets").id == b.paper_id


def test_resolve_by_every_kind_of_key(library, make_draft):
    pid = library.add(make_draft("T", "A B", arxiv_id="2509.12345", doi="10.5555/abc")).paper_id
    for key in (str(pid), "2509.12345v3", "https://arxiv.org/abs/2509.12345", "10.5555/ABC",
                library.get(pid).citekey):
        assert library.resolve(key).id == pid
    with pytest.raises(NotFound):
        library.resolve("nothing-like-this")


def test_tags_hierarchy_rename_merge_and_counts(library, make_draft):
    p1 = library.add(make_draft("A", "X Y"), tags=["ml/nlp"]).paper_id
    p2 = library.add(make_draft("B", "X Y"), tags=["ml/vision", "ml/nlp"]).paper_id
    p3 = library.add(make_draft("C", "X Y"), tags=["language"]).paper_id
    counts = {t.name: t.count for t in library.tag_counts()}
    assert counts == {"language": 1, "ml": 2, "ml/nlp": 2, "ml/vision": 1}

    library.rename_tag("language", "ml/nlp")  # merge
    counts = {t.name: t.count for t in library.tag_counts()}
    assert counts == {"ml": 3, "ml/nlp": 3, "ml/vision": 1}

    library.rename_tag("ml", "machine-learning")
    assert library.get(p2).tags == ("machine-learning/nlp", "machine-learning/vision")
    assert library.search("tag:machine-learning", limit=None).total == 3
    library.remove_tags([p1], ["machine-learning/nlp"])
    assert library.get(p1).tags == ()
    assert library.get(p3).tags == ("machine-learning/nlp",)


def test_bad_tag_names_are_refused_and_change_nothing(library, make_draft):
    pid = library.add(make_draft("A", "X Y"), tags=["ok"]).paper_id
    for bad in ("", "  / ", "a,b"):
        with pytest.raises(InvalidInput):
            library.add_tags([pid], ["fine", bad])
    assert library.get(pid).tags == ("ok",)


def test_notes_add_edit_delete_are_searchable(library, make_draft):
    pid = library.add(make_draft("Paper", "X Y")).paper_id
    note = library.add_note(pid, "zebra stripes")
    assert library.search("zebra").ids == [pid]
    library.edit_note(note.id, "giraffe necks")
    assert library.search("zebra").ids == []
    assert library.search("giraffe").ids == [pid]
    library.delete_note(note.id)
    assert library.search("giraffe").ids == []


def test_status_and_rating_validation(library, make_draft):
    pid = library.add(make_draft("Paper", "X Y")).paper_id
    with pytest.raises(InvalidInput):
        library.set_status([pid], "finished-ish")
    with pytest.raises(InvalidInput):
        library.set_rating([pid], 6)
    assert library.get(pid).status is ReadStatus.INBOX
    library.set_status([pid], "queued")
    assert library.status_counts()[ReadStatus.QUEUED] == 1


def test_remove_papers_removes_them_from_search(library, make_draft):
    pid = library.add(make_draft("Unique walrus paper", "X Y"), tags=["zoo"]).paper_id
    library.remove([pid])
    assert library.search("walrus").ids == []
    assert library.tag_counts() == []


def test_saved_searches(library):
    library.save_search("To read", "status:queued")
    library.save_search("NLP", "tag:nlp")
    assert [s.name for s in library.saved_searches()] == ["To read", "NLP"]
    library.save_search("to read", "status:reading")  # same name, new query
    assert library.saved_searches()[0].query == "status:reading"
    library.delete_saved_search("NLP")
    assert len(library.saved_searches()) == 1


def test_list_ids_sorting(library, make_draft):
    a = library.add(make_draft("Beta", "X Y", year=2001)).paper_id
    b = library.add(make_draft("Alpha", "X Y", year=2010)).paper_id
    assert library.list_ids(sort="title", descending=False) == [b, a]
    assert library.list_ids(sort="year") == [b, a]
    assert library.sort_ids([a, b], "title") == [b, a]
    with pytest.raises(InvalidInput):
        library.list_ids(sort="colour")


def test_paper_without_title_or_id_is_refused(library, make_draft):
    with pytest.raises(InvalidInput):
        library.add(make_draft("  ", "X Y"))
    assert library.count() == 0


def test_edit_tags_applies_only_the_users_change(library, make_draft):
    pid = library.add(make_draft("P", "X Y"), tags=["a", "b"]).paper_id
    library.add_tags([pid], ["added-elsewhere"])
    assert library.edit_tags(pid, shown=["a", "b"], wanted=["a", "c"]) == ["a", "added-elsewhere", "c"]


def test_renaming_a_saved_search_is_one_step_and_keeps_others(library):
    library.save_search("Old", "tag:x")
    library.save_search("Other", "tag:y")
    library.save_search("New", "tag:z", replacing="Old")
    assert {(s.name, s.query) for s in library.saved_searches()} == {("New", "tag:z"), ("Other", "tag:y")}


def test_a_saved_search_scope_cannot_be_escaped(library, make_draft):
    inside = library.add(make_draft("Alpha inside", "X Y"), tags=["scope"]).paper_id
    library.add(make_draft("Alpha outside", "X Y"))
    assert library.search("alpha", within="tag:scope").ids == [inside]
    # In one string, "x) OR (alpha" would break out of the parentheses; parsed apart it cannot.
    with pytest.raises(InvalidQuery):
        library.search("x) OR (alpha", within="tag:scope")


def test_colour_for_an_implied_parent_tag(library, make_draft):
    library.add(make_draft("P", "X Y"), tags=["area/sub"])
    library.set_tag_color("area", "#112233")
    assert {t.name: t.color for t in library.tag_counts()}["area"] == "#112233"
    with pytest.raises(NotFound):
        library.set_tag_color("nowhere", "#112233")


def test_daily_backup_is_made_once_a_day(library, make_draft):
    assert library.backup_if_due() is None  # an empty library
    library.add(make_draft("P", "X Y"))
    first = library.backup_if_due()
    assert first is not None and first.exists()
    assert library.backup_if_due() is None  # not again the same day
