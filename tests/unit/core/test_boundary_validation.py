"""Finding 1 (and the JSON part of 6): one hostile record must not make the library unusable.

Every case is refused with one clear message before anything is written,
and the library keeps working afterwards (search, tag, reindex).
"""

from __future__ import annotations

import json

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import hf_daily
from readinglist.core.search import schema
from readinglist.core.validation import check_draft


def _doc(**paper: object) -> str:
    base = {"title": "A perfectly normal paper", "authors": ["Ada Lovelace"]}
    return json.dumps({"format": "readinglist", "version": 1, "papers": [
        {"title": "A good paper first", "arxiv_id": "2401.00001"}, {**base, **paper}]})


BAD_RECORDS = [
    ({"added": "6100-01-01T00:00:00Z"}, "'added'"),
    ({"added": "0001-01-01T00:00:00Z"}, "'added'"),
    ({"modified": "9999-12-31T23:59:59+14:00"}, "'modified'"),
    ({"added": "1969-12-31T23:59:59Z"}, "'added'"),
    ({"notes": [{"body": "x", "created": "5000-01-01"}]}, "'created'"),
    ({"year": 10**30}, "'year'"),
    ({"year": -40}, "'year'"),
    ({"year": 99999}, "'year'"),
    ({"year": 2024.5}, "'year'"),
    ({"date": "7000-01-01"}, "'date'"),
    ({"arxiv_version": 2**70}, "'arxiv_version'"),
    ({"rating": 10**40}, "'rating'"),
    ({"tags": 5}, "'tags'"),
    ({"tags": "ml"}, "'tags'"),
    ({"tags": [1, 2]}, "'tags'"),
    ({"authors": [{"name": "A", "family": 5}]}, "family"),
    ({"title": "T" * 3_000_000}, "'title'"),
    ({"notes": [{"body": "n" * 2_000_000}]}, "'note'"),
    ({"extra": {"a": {"b": {"c": {"d": {}}}} | {"deep": json.loads("[" * 60 + "]" * 60)}}},
     "nested"),
    ({"categories": ["cs.LG"] * 5000}, "'categories'"),
]


@pytest.mark.parametrize(("fields", "named"), BAD_RECORDS,
                         ids=[str(sorted(f))[:40] for f, _ in BAD_RECORDS])
def test_bad_native_record_is_refused_before_anything_is_written(library, fields, named):
    library.papers.add(check_draft_ok := _draft_ok())
    before = library.indexing.change_seq()
    with pytest.raises(ImportFailed) as err:
        library.imports.text(_doc(**fields))
    message = str(err.value)
    assert "\n" not in message and named in message and "paper #2" in message
    assert library.indexing.change_seq() == before
    assert library.papers.count() == 1
    assert library.search("normal").ids == []
    assert library.search(check_draft_ok.title).ids  # the library still searches


def _draft_ok():
    from readinglist.core.models import PaperDraft

    return PaperDraft(title="Already here before the import")


@pytest.mark.parametrize("text", [
    '{"format": "readinglist", "version": 1, "papers": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"format": "readinglist", "version": 1, "papers": [], "tags": 5}',
    '{"format": "readinglist", "version": 1, "papers": [], "saved_searches": {"a": 1}}',
    '{"format": "readinglist", "version": 1, "papers": [], "tags": [{"name": "x", "color": 3}]}',
    '{"format": "readinglist", "version": ' + "9" * 5000 + ', "papers": []}',
    '{"format": "readinglist", "version": true, "papers": []}',
])
def test_malformed_native_file_is_one_clear_error(library, text):
    with pytest.raises(ImportFailed) as err:
        library.imports.text(text)
    assert "\n" not in str(err.value) and len(str(err.value)) < 300
    assert library.papers.count() == 0


def test_plausible_extremes_are_accepted(library):
    report = library.imports.text(_doc(year=1687, added="1970-01-02T00:00:00Z",
                                      date="1687-07-05", arxiv_version=3))
    assert len(report.added) == 2
    assert library.search("normal").ids


def test_every_importer_is_checked_when_writing(library, make_draft):
    """The library re-checks drafts, so an importer that forgets cannot write absurd data."""
    with pytest.raises(ImportFailed, match="year"):
        library.papers.add_many([make_draft("fine", year=2020), make_draft("absurd", year=10**20)])
    assert library.papers.count() == 0


def test_index_holds_every_timestamp_the_database_can(library, make_draft):
    """A paper stored with a far-future ``added`` (older version, hand edit) still indexes."""
    pid = library.papers.add(make_draft("Time traveller paper")).paper_id
    with library.store.write() as txn:
        txn.db.execute("UPDATE papers SET added = '6100-01-01T00:00:00Z' WHERE id = ?", [pid])
        txn.touch([pid], modified=False)
    library.indexing.sync()
    library.tags.add([pid], ["still-works"])
    assert library.search("traveller").ids == [pid]
    assert library.search("traveller added:>2000-01-01").ids == [pid]
    assert library.indexing.rebuild() == 1
    assert schema.document(library.papers.get(pid))["added"] > 2**31


def test_absurd_dates_in_the_index_document_are_left_out(library, make_draft):
    pid = library.papers.add(make_draft("Odd stamp")).paper_id
    paper = library.papers.get(pid)
    from dataclasses import replace

    assert "added" not in schema.document(replace(paper, added="not a time"))
    assert "added" not in schema.document(replace(paper, added="99999-01-01T00:00:00Z"))


def test_daily_items_with_absurd_values_are_left_out_not_fatal():
    items = json.dumps([
        {"paper": {"id": "2509.00001", "title": "Fine", "publishedAt": "6100-01-01T00:00:00Z",
                   "upvotes": 10**30}},
        {"paper": {"id": "2509.00002", "title": "T" * 3_000_000}},
        {"paper": {"id": "2509.00003", "title": "Also fine", "upvotes": 4}},
    ])
    parsed = hf_daily.parse(items)
    assert [i.arxiv_id for i in parsed] == ["2509.00001", "2509.00003"]
    assert parsed[0].date == "" and parsed[0].upvotes is None and parsed[1].upvotes == 4


def test_check_draft_names_the_field(make_draft):
    with pytest.raises(ImportFailed, match=r"'venue' is 5,000 characters"):
        check_draft(make_draft("x", venue="v" * 5000))
