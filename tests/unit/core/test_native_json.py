"""The native JSON format: lossless round trips, idempotent imports, clean refusals."""

import json

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.exporters.native_json import dumps
from readinglist.core.library import LibraryService
from readinglist.core.models import Author


def _populate(library, make_draft):
    a = library.papers.add(make_draft("Attention Is All You Need", "Ashish Vaswani", year=2017,
                               arxiv_id="1706.03762v7", abstract="Transformers.",
                               categories=("cs.CL", "cs.LG"), extra={"upvotes": 12}),
                    tags=["ml/nlp", "classics"]).paper_id
    library.notes.add(a, "# Notes\n\n- multi-head")
    library.papers.set_status([a], "read")
    library.papers.set_rating([a], 5)
    b = library.papers.add(make_draft("Ünïcode Title with $x^2$", "José Núñez", doi="10.1234/ABC",
                               venue="Journal of Tests")).paper_id
    library.papers.update_metadata(b, authors=[Author("José Núñez", "Núñez Pérez", "José")])
    library.papers.add(make_draft("No identifiers at all", "Nobody Known"))
    library.saved.save("Classics", "tag:classics")
    library.tags.set_color("classics", "#aa3300")


def test_export_import_export_is_a_fixed_point(library, make_draft, tmp_path):
    _populate(library, make_draft)
    first = dumps(library.exports.native())
    with LibraryService(tmp_path / "other") as other:
        report = other.imports.native(first)
        assert len(report.added) == 3
        second = dumps(other.exports.native())
    assert second == first


def test_importing_twice_changes_nothing(library, make_draft, tmp_path):
    _populate(library, make_draft)
    text = dumps(library.exports.native())
    with LibraryService(tmp_path / "other") as other:
        other.imports.native(text)
        seq = other.indexing.change_seq()
        report = other.imports.native(text)
        assert report.added == [] and report.updated == []
        assert len(report.unchanged) == 3
        assert other.indexing.change_seq() == seq


def test_import_merges_without_losing_user_data(library, make_draft):
    pid = library.papers.add(make_draft("Attention Is All You Need", "Ashish Vaswani",
                                 arxiv_id="1706.03762"), tags=["mine"]).paper_id
    library.papers.set_status([pid], "reading")
    key = library.papers.get(pid).citekey
    doc = {"format": "readinglist", "version": 1, "papers": [{
        "citekey": "otherKey", "title": "Attention Is All You Need", "arxiv_id": "1706.03762",
        "tags": ["theirs"], "status": "read", "rating": 4,
        "notes": [{"body": "imported note", "created": "2024-01-01T00:00:00Z"}]}]}
    library.imports.native(json.dumps(doc))
    paper = library.papers.get(pid)
    assert paper.citekey == key
    assert set(paper.tags) == {"mine", "theirs"}
    assert paper.status.value == "reading"  # the user's status wins
    assert paper.rating == 4  # an unset rating is filled in
    assert [n.body for n in paper.notes] == ["imported note"]


def test_key_clash_gets_a_suffix_and_is_reported(library, make_draft):
    library.papers.add(make_draft("Something", "A B", citekey="smith2020"))
    doc = {"format": "readinglist", "version": 1,
           "papers": [{"citekey": "smith2020", "title": "Different", "doi": "10.9999/z"}]}
    report = library.imports.native(json.dumps(doc))
    assert report.key_clashes == [("smith2020", "smith2020a")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"papers": []}', "not a Reading List export"),
        ('{"format": "readinglist", "version": 99, "papers": []}', "version"),
        ('{"format": "readinglist", "version": 1, "papers": [{"title": "ok"}, {"title": 5}]}',
         "paper #2"),
        ('{"format": "readinglist", "version": 1, "papers": [{"title": "x", "status": "meh"}]}',
         "unknown status"),
        ('{"format": "readinglist", "version": 1, "papers": [{"title": "x", "added": "soon"}]}',
         "not a date"),
        ('{"format": "readinglist", "version": 1, "papers": [{"abstract": "no title"}]}',
         "no title"),
    ],
)
def test_bad_files_are_refused_and_write_nothing(library, text, message):
    with pytest.raises(ImportFailed, match=message):
        library.imports.native(text)
    assert library.papers.count() == 0
