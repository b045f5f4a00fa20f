"""CSL-JSON in: Zotero/Better BibTeX files, our own export, bad items reported one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from bibcheck import draft

from readinglist.core import importers
from readinglist.core.drafts import draft_of
from readinglist.core.errors import ImportFailed
from readinglist.core.importers import csl_json
from readinglist.core.models import Author

CORPUS = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "csl"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
)

THESIS = {
    "id": "doe2019",
    "type": "thesis",
    "genre": "Master's thesis",
    "title": "On <i>Drosophila</i> Wings",
    "author": [{"family": "Doe", "given": "Jane"}, {"literal": "The ACME Lab"}],
    "publisher": "University of Somewhere",
    "publisher-place": "Springfield",
    "issued": {"date-parts": [["2019", "5"]]},
    "URL": "https://example.org/thesis.pdf",
}
CHAPTER = {
    "id": "http://zotero.org/users/1/items/ABCD",
    "citation-key": "smith2004",
    "type": "chapter",
    "title": "Visual research",
    "author": [{"family": "Berg", "given": "Anna", "non-dropping-particle": "van den"}],
    "editor": [{"family": "Pole", "given": "Christopher J."}],
    "container-title": "Seeing is believing?",
    "collection-title": "Studies in qualitative methodology",
    "ISBN": "978-0-7623-1021-0",
    "edition": "2",
    "page": "1–7",
    "publisher": "Emerald",
    "issued": {"raw": "2004-03-01"},
}


def test_a_thesis_keeps_its_kind_school_place_and_month():
    [d] = csl_json.parse(json.dumps([THESIS])).drafts
    assert d.entry_type == "mastersthesis"
    assert d.title == "On Drosophila Wings"  # CSL's rich-text tags are not part of the title
    assert d.authors == (Author("Jane Doe"), Author("The ACME Lab", "The ACME Lab"))
    assert d.venue == "University of Somewhere"  # the school, where BibTeX wants it
    assert d.extra["address"] == "Springfield"
    assert (d.year, d.date) == (2019, "2019-05")
    assert d.citekey == "doe2019"


def test_a_chapter_keeps_editors_series_isbn_edition_and_the_bbt_key():
    [d] = csl_json.parse(json.dumps([CHAPTER])).drafts
    assert d.citekey == "smith2004"  # Zotero's URI id is no citation key; BBT's key is
    assert d.entry_type == "incollection"
    assert d.authors[0].family_name == "van den Berg"
    assert d.extra["editor"] == "Pole, Christopher J."
    assert d.extra["series"] == "Studies in qualitative methodology"
    assert (d.extra["isbn"], d.extra["edition"]) == ("978-0-7623-1021-0", "2")
    assert (d.venue, d.pages, d.publisher, d.date) == (
        "Seeing is believing?", "1–7", "Emerald", "2004-03-01"
    )


def test_editors_alone_are_the_names_and_marked_as_editors():
    item = {"id": "k", "type": "book", "title": "Edited", "editor": [{"family": "Ed", "given": "A"}]}
    [d] = csl_json.parse(json.dumps(item)).drafts  # a single object is accepted too
    assert [a.family_name for a in d.authors] == ["Ed"]
    assert d.extra["_names"] == "editor"


@pytest.mark.parametrize(
    ("issued", "year", "date", "words"),
    [
        ({"date-parts": [[2020, 13, 40]]}, 2020, "", ""),
        ({"date-parts": [["2011", 5, 25], ["2012", 6, 26]]}, 2011, "2011-05-25", ""),
        ({"literal": "13th cent"}, None, "", "13th cent"),
        ({"literal": "Spring 1998"}, 1998, "", "Spring 1998"),
        ({"date-parts": [[10**30]]}, None, "", ""),
        ({"date-parts": [["-0333"]]}, None, "", ""),
        ("2021-02", 2021, "2021-02", ""),
    ],
)
def test_dates_in_every_csl_spelling(issued, year, date, words):
    [d] = csl_json.parse(json.dumps([{"type": "book", "title": "T", "issued": issued}])).drafts
    assert (d.year, d.date, d.extra.get("issued", "")) == (year, date, words)


def test_a_bad_item_is_named_and_the_rest_comes_in():
    text = json.dumps([THESIS, {"id": "notitle", "type": "book"}, 42, CHAPTER])
    found = csl_json.parse(text)
    assert [d.citekey for d in found.drafts] == ["doe2019", "smith2004"]
    assert found.problems == [
        "item 2 (notitle): it has no title",
        "item 3: not a CSL item (an object with a type and a title)",
    ]


def test_arxiv_preprint_and_identifiers():
    item = {
        "id": "x", "type": "article", "title": "P", "publisher": "arXiv",
        "number": "arXiv:2301.00001", "note": "arXiv:2301.00001 [cs.CL]",
        "DOI": "10.48550/arXiv.2301.00001", "URL": "https://arxiv.org/abs/2301.00001",
    }
    [d] = csl_json.parse(json.dumps([item])).drafts
    assert (d.arxiv_id, d.primary_category, d.publisher, d.number) == ("2301.00001", "cs.CL", "", "")
    short = {"type": "article-journal", "title": "S", "DOI": "10/fqd6hj",
             "URL": "https://doi.org/10.1177/0193723504268729"}
    [d] = csl_json.parse(json.dumps([short])).drafts
    assert d.doi == "10.1177/0193723504268729"  # a short DOI: the full one from the URL
    report = {"type": "report", "title": "R", "number": "1234.5678", "publisher": "NASA"}
    [d] = csl_json.parse(json.dumps([report])).drafts
    assert (d.arxiv_id, d.number, d.venue) == ("", "1234.5678", "NASA")  # not an arXiv id


def test_detection_and_refusals():
    assert importers.detect(json.dumps([THESIS])).name == "csl-json"
    assert importers.detect(json.dumps(THESIS)).name == "csl-json"
    with pytest.raises(ImportFailed, match="CSL-JSON"):
        importers.detect('[{"foo": 1}]')


def test_import_service_reports_unusable_items_and_writes_nothing_when_none(library):
    report = library.imports.text(json.dumps([THESIS, {"type": "book"}]))
    assert len(report.added) == 1 and report.problems == ["item 2: it has no title"]
    before = library.papers.count()
    with pytest.raises(ImportFailed, match="no record could be used"):
        library.imports.text(json.dumps([{"type": "book"}, {"type": "thesis", "title": ""}]))
    assert library.papers.count() == before


def test_our_export_imports_back_unchanged(library):
    library.papers.add(draft("Attention Is All You Need", "Ashish Vaswani", "Noam Shazeer",
                      year=2017, date="2017-06-12", arxiv_id="1706.03762",
                      primary_category="cs.CL", abstract="Transformers.", sources=("arxiv",)))
    library.imports.text(json.dumps([THESIS, CHAPTER]))
    before = {p.citekey: draft_of(p) for p in library.papers.get_many(library.papers.list_ids())}
    first = library.exports.text("csl-json")
    report = library.imports.text(first)
    assert report.added == []
    for paper in library.papers.get_many(library.papers.list_ids()):
        # nothing bibliographic changed; only "csl-json" joins the arXiv paper's sources
        assert replace(draft_of(paper), sources=()) == replace(before[paper.citekey], sources=())
    other = type(library)(library.dir.parent / "other")
    try:
        other.imports.text(first)
        assert other.exports.text("csl-json") == first
    finally:
        other.close()


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("bbt-*.json")) if CORPUS.is_dir() else [])
def test_corpus_file_imports_every_item(library, name):
    text = (CORPUS / name).read_text("utf-8")
    items = json.loads(text)
    report = library.imports.text(text)
    assert report.problems == []
    assert len(report.added) == len(items)
    keys = {library.papers.get(pid).citekey for pid in report.added}
    assert keys == {i["citation-key"] for i in items}
    by_key = {i["citation-key"]: i for i in items}
    for pid in report.added:
        paper = library.papers.get(pid)
        item = by_key[paper.citekey]
        assert len(paper.authors) == len(item.get("author") or item.get("editor") or [])
        if "container-title" in item:
            assert paper.venue or paper.extra  # kept somewhere a user sees and exports
        if "ISBN" in item:
            assert paper.extra["isbn"] == item["ISBN"]


def test_titles_that_cannot_be_papers_are_reported():
    items = [{"type": "book", "title": "{"}, {"type": "book", "title": "x" * 1001},
             {"type": "book", "title": "Fine"}]
    found = csl_json.parse(json.dumps(items))
    assert [d.title for d in found.drafts] == ["Fine"]
    assert found.problems == ["item 1: its title '{' has no letters or digits",
                              "item 2: its title is longer than 1000 characters"]
