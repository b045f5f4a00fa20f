"""A query's cost is bounded (issue 11, finding 7).

A pasted page, a generated query or a typo must give a one-line message with
a position, or a fast answer: never minutes of evaluation, a RecursionError
or an OverflowError. The fuzz test runs the parser and the search on a tiny
library with a fixed budget; the property is "a result or an InvalidQuery".
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.errors import InvalidQuery, QueryTooCostly
from readinglist.core.models import PaperDraft
from readinglist.core.search import vector
from readinglist.core.search.query import MAX_DEPTH, MAX_TERMS, parse_query


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from readinglist.core.library import LibraryService

    lib = LibraryService(tmp_path_factory.mktemp("bounds") / "lib")
    words = [f"w{i}" for i in range(300)]
    lib.papers.add_many([
        PaperDraft(title=f"graph attention {words[i]}", abstract=" ".join(words[i:i + 40]),
                   year=2000 + i % 25, arxiv_id=f"2401.{i:05d}")
        for i in range(120)
    ])
    yield lib
    lib.close()


def test_a_thousand_term_or_is_refused_with_the_position_of_the_first_extra_word():
    query = " OR ".join(f"w{i}" for i in range(1000))
    with pytest.raises(InvalidQuery) as err:
        parse_query(query)
    assert f"at most {MAX_TERMS} words" in str(err.value)
    assert err.value.position == query.index(f"w{MAX_TERMS}")


def test_a_thousand_word_phrase_is_refused_inside_the_phrase():
    query = '"' + " ".join(f"w{i}" for i in range(1000)) + '"'
    with pytest.raises(InvalidQuery) as err:
        parse_query(query)
    assert err.value.position == query.index(f"w{MAX_TERMS} ")


@pytest.mark.parametrize("query", ["(" * 2000 + "x" + ")" * 2000, "NOT " * 3000 + "x",
                                   "-" * 3000 + "x", "title:" + "(" * 100 + "x" + ")" * 100])
def test_deep_nesting_is_a_message_not_a_recursion_error(query):
    with pytest.raises(InvalidQuery) as err:
        parse_query(query)
    assert "levels deep" in str(err.value)
    assert err.value.position < 6 * (MAX_DEPTH + 2)


def test_nesting_within_the_limit_still_works(service):
    query = "(" * 10 + "graph" + ")" * 10
    assert service.search(query).total == 120
    assert parse_query("NOT NOT graph") == parse_query("graph")


@pytest.mark.parametrize(("query", "total"), [
    ("added:<9999y", 120), ("added:99999y", 120), ("added:>9999y", 0), ("added:9999-12-31", 0),
    ("added:>9999-12-31", 0), ("added:0001-01-01..9999-12-31", 120),
    ("graph added:<9999y", 120), ("graph added:9999-12-31", 0), ("added:<=0001-01-01", 0)])
def test_extreme_dates_get_a_fast_answer(service, query, total):
    assert service.search(query).total == total


def test_the_largest_allowed_queries_answer_quickly(service):
    words = [f"w{i}" for i in range(MAX_TERMS)]
    for query in (" OR ".join(words), " ".join(words), '"' + " ".join(words[:60]) + '"',
                  " OR ".join(f"w{i}*" for i in range(10, 10 + MAX_TERMS))):
        t0 = time.perf_counter()
        service.search(query)
        assert time.perf_counter() - t0 < vector.DEADLINE_S


def test_a_search_past_its_deadline_stops_with_a_message(service, monkeypatch):
    monkeypatch.setattr(vector, "DEADLINE_S", -1.0)
    for query in ("graph attention", "w1 OR -w2"):  # the array engine, then Whoosh
        with pytest.raises(QueryTooCostly, match="takes too long"):
            service.search(query)


_ALPHABET = st.sampled_from(list('abw1 ()"*:-') + ["OR ", "AND ", "NOT ", "graph ", "w1",
                                                    "title:", "tag:", "year:", "added:",
                                                    "status:", "<", ">=", "..", "9999",
                                                    "y", "é", "\u200b", "\\"])


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=60))
def test_fuzz_any_text_is_a_result_or_a_clear_query_error(service, query):
    try:
        node = parse_query(query)
    except InvalidQuery as exc:
        assert 0 <= exc.position <= len(query)
        return
    assert node is not None
    try:
        result = service.search(query, limit=20)
    except InvalidQuery:
        return
    assert 0 <= len(result.ids) <= min(20, result.total)
