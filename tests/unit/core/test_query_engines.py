"""Structured queries have two engines (SQL and the index); they must agree."""

import pytest

from readinglist.core.search.query import is_structured, parse_query
from readinglist.core.storage import listing


QUERIES = [
    "status:read",
    "status:inbox OR status:queued",
    "tag:ml",
    "tag:ml/nlp",
    "-tag:ml",
    "NOT status:read",
    "year:2015..2020",
    "year:>=2020",
    "-year:>=2020",
    "has:note",
    "has:doi",
    "has:arxiv -has:note",
    "rating:>=3",
    "added:<7d",
    "tag:ml (year:<2016 OR status:read)",
]


@pytest.fixture
def lib(library, make_draft):
    specs = [
        ("A", 2014, ["ml/nlp"], "read", 5, "2401.00001", ""),
        ("B", 2018, ["ml/vision"], "inbox", 0, "", "10.1234/b"),
        ("C", None, [], "queued", 3, "", ""),
        ("D", 2021, ["other"], "inbox", 1, "2401.00004", "10.1234/d"),
        ("E", 2023, ["ml"], "skipped", 0, "", ""),
    ]
    for title, year, tags, status, rating, arxiv, doi in specs:
        pid = library.papers.add(make_draft(f"Paper {title}", "X Y", year=year, arxiv_id=arxiv, doi=doi),
                          tags=tags).paper_id
        library.papers.set_status([pid], status)
        library.papers.set_rating([pid], rating)
        if title in "AD":
            library.notes.add(pid, "note")
    return library


@pytest.mark.parametrize("query", QUERIES)
def test_sql_and_index_agree(lib, query):
    node = parse_query(query)
    assert is_structured(node)
    by_sql = set(listing.matching_ids(lib.store.db(), node))
    lib.indexing.ensure()
    by_index = set(lib.index.search(node, limit=None).ids)
    assert by_sql == by_index
