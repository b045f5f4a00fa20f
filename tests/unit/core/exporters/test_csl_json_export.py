"""CSL-JSON out: the CSL type of each kind of work, en-dash pages, editors, ISBN,
place, series, edition, dates, all valid against the official CSL data schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bibcheck import draft

from readinglist.core.models import Author

SCHEMA = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "csl" / "csl-data.schema.json"


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"the official CSL schema is not at {SCHEMA} (shared corpus missing)")
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))


def _one(library, d):
    pid = library.papers.add(d).paper_id
    [item] = json.loads(library.exports.text("csl-json", [pid]))
    return item


@pytest.mark.parametrize(
    ("entry_type", "csl_type"),
    [
        ("article", "article-journal"),
        ("inproceedings", "paper-conference"),
        ("incollection", "chapter"),
        ("book", "book"),
        ("phdthesis", "thesis"),
        ("mastersthesis", "thesis"),
        ("techreport", "report"),
        ("online", "webpage"),
        ("software", "software"),
        ("dataset", "dataset"),
        ("unpublished", "manuscript"),
        ("journal-article", "article-journal"),  # Crossref's name
        ("article-newspaper", "article-newspaper"),  # a CSL type BibTeX has no word for
        ("book_section", "chapter"),  # Mendeley's
    ],
)
def test_each_kind_of_work_keeps_its_csl_type(library, entry_type, csl_type):
    item = _one(library, draft("A Work", "Jane Doe", year=2020, entry_type=entry_type))
    assert item["type"] == csl_type


def test_a_thesis_is_a_thesis_with_its_university_and_genre(library):
    item = _one(library, draft("T", "Jane Doe", year=2019, entry_type="mastersthesis",
                               venue="University of Somewhere", extra={"address": "Springfield"}))
    assert (item["type"], item["genre"]) == ("thesis", "Master's thesis")
    assert item["publisher"] == "University of Somewhere"
    assert item["publisher-place"] == "Springfield"
    assert "container-title" not in item


def test_a_chapter_with_editors_series_isbn_edition_and_en_dash_pages(library):
    item = _one(library, draft(
        "Visual research", Author("Anna van den Berg", "van den Berg", "Anna"), year=2004,
        entry_type="incollection", venue="Seeing is believing?", publisher="Emerald",
        pages="1--7", extra={"editor": "Pole, Christopher J. and {The Editors}",
                             "series": "Studies", "isbn": "978-0-7623-1021-0", "edition": "2",
                             "issn": "1042-3192"},
    ))
    assert item["page"] == "1–7"
    assert item["editor"] == [{"family": "Pole", "given": "Christopher J."},
                              {"literal": "The Editors"}]
    assert item["author"] == [{"family": "van den Berg", "given": "Anna"}]
    assert (item["container-title"], item["collection-title"]) == ("Seeing is believing?", "Studies")
    assert (item["ISBN"], item["ISSN"], item["edition"]) == ("978-0-7623-1021-0", "1042-3192", "2")


def test_editor_only_books_list_editors_not_authors(library):
    item = _one(library, draft("Handbook", "Ed Itor", year=2001, entry_type="book",
                               publisher="P", extra={"_names": "editor", "editor": "Itor, Ed"}))
    assert "author" not in item
    assert item["editor"] == [{"family": "Itor", "given": "Ed"}]


def test_dates_identifiers_and_a_preprint(library):
    item = _one(library, draft("Attention", "Ashish Vaswani", year=2017, date="2017-06-12",
                               arxiv_id="1706.03762", primary_category="cs.CL"))
    assert item["type"] == "article"  # CSL's word for a preprint
    assert item["issued"] == {"date-parts": [[2017, 6, 12]]}
    assert (item["publisher"], item["number"]) == ("arXiv", "arXiv:1706.03762")
    assert item["DOI"] == "10.48550/arXiv.1706.03762"
    undated = _one(library, draft("Old", "A B", extra={"issued": "13th cent"}))
    assert undated["issued"] == {"literal": "13th cent"}


def test_report_numbers_are_numbers_and_journal_numbers_are_issues(library):
    report = _one(library, draft("R", "A B", year=2000, entry_type="techreport", venue="NASA",
                                 number="TR-12"))
    assert (report["number"], report["publisher"]) == ("TR-12", "NASA")
    article = _one(library, draft("J", "A B", year=2000, entry_type="article", venue="Nature",
                                  number="7", volume="3", pages="5-9"))
    assert (article["issue"], article["volume"], article["page"]) == ("7", "3", "5–9")


def test_every_export_validates_against_the_official_schema(tricky):
    validator = _validator()
    service, _ = tricky
    service.papers.add(draft("Chapter", "A B", year=2004, entry_type="incollection", venue="Book",
                      publisher="P", pages="1--7",
                      extra={"editor": "Pole, C. and {Group}", "isbn": "1", "address": "X",
                             "series": "S", "edition": "2", "urldate": "2020-01-02"}))
    service.papers.add(draft("Old", "A B", extra={"issued": "13th cent"}))
    items = json.loads(service.exports.text("csl-json"))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(items)]
    assert errors == []
