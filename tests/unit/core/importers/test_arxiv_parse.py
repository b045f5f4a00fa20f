"""Parsing the arXiv API (Atom) and the announcement feed (RSS)."""

from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import arxiv_api, arxiv_rss
from tests.fakes import samples


def test_api_entry_gives_base_id_version_and_clean_text():
    entry = samples.arxiv_entry(
        "2104.12255",
        "A title\n      wrapped over lines",
        version=3,
        authors=["Quan Thoi Minh Nguyen", "Dirk Wübben"],
        summary="  Older abstracts start with spaces.\n  And break lines.",
        categories=["cs.CR", "I.2.6"],
        doi="10.1109/ICSTW55395.2022.00035",
        journal_ref="ActaAstron.56:1-50,2006",
        comment="62 pages",
    )
    [draft] = arxiv_api.parse(samples.arxiv_feed([entry], query="id_list=2104.12255"))
    assert (draft.arxiv_id, draft.arxiv_version) == ("2104.12255", 3)
    assert draft.title == "A title wrapped over lines"
    assert [a.name for a in draft.authors] == ["Quan Thoi Minh Nguyen", "Dirk Wübben"]
    assert draft.primary_category == "cs.CR" and draft.categories == ("cs.CR", "I.2.6")
    assert draft.doi == "10.1109/ICSTW55395.2022.00035"
    assert draft.date == "2025-09-22"
    assert draft.extra == {"journal_ref": "ActaAstron.56:1-50,2006", "arxiv_comment": "62 pages"}
    assert draft.sources == ("arxiv",)


def test_old_style_ids_and_a_title_of_0():
    entry = samples.arxiv_entry(
        "astro-ph/0601001", "0", authors=["Andrew Gould"], summary="S.", categories=["astro-ph"]
    )
    [draft] = arxiv_api.parse(samples.arxiv_feed([entry], query="q"))
    assert (draft.arxiv_id, draft.title) == ("astro-ph/0601001", "0")


def test_unknown_id_is_an_empty_feed_not_an_error():
    assert arxiv_api.parse(samples.arxiv_feed([], query="id_list=0000.0000")) == []


def test_error_entry_names_the_rejected_id():
    with pytest.raises(arxiv_api.ArxivRefused, match="incorrect id format for abc") as caught:
        arxiv_api.parse(samples.arxiv_error_feed("abc"))
    assert caught.value.bad_id == "abc"


def test_throttled_empty_answer_is_a_failure():
    body = '<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv Query</title></feed>'
    with pytest.raises(ImportFailed, match="empty answer"):
        arxiv_api.parse(body)


def test_truncated_xml_is_refused():
    feed = samples.arxiv_feed(
        [samples.arxiv_entry("2104.12255", "T", authors=["A"], summary="S")], query="q"
    )
    with pytest.raises(ImportFailed, match="not valid XML"):
        arxiv_api.parse(feed[: len(feed) // 2])


def test_rss_items_carry_announce_type_authors_and_abstract():
    items = [
        samples.rss_item(
            "2203.01250",
            "Mass concentration in rescaled first order integral functionals",
            version=3,
            authors=["Antonin Monteil", "Paul Pegon"],
            abstract="We consider first order local minimization problems $\\min \\int f$.",
            categories=["math.AP", "math.OC"],
            announce="replace-cross",
            doi="10.5802/jep.257",
            journal_ref="Journal de l'\\'Ecole polytechnique",
        ),
        samples.rss_item(
            "2509.00001", "New thing", authors=["A B"], abstract="New.", categories=["math.OC"]
        ),
    ]
    feed = arxiv_rss.parse(
        samples.rss_feed("math.OC", items, pub_date="Fri, 23 Aug 2024 00:00:00 -0400")
    )
    assert feed.day == date(2024, 8, 23)
    first, second = feed.items
    assert (first.arxiv_id, first.version, first.announce_type) == (
        "2203.01250",
        3,
        "replace-cross",
    )
    assert first.authors == ("Antonin Monteil", "Paul Pegon")
    assert first.abstract.startswith("We consider first order") and "Announce" not in first.abstract
    assert first.categories == ("math.AP", "math.OC") and first.primary_category == "math.AP"
    assert first.doi == "10.5802/jep.257"
    assert second.announce_type == "new"


def test_empty_weekend_feed_and_non_rss():
    feed = arxiv_rss.parse(
        samples.rss_feed("cs.CL", [], pub_date="Sat, 27 Sep 2025 00:00:00 -0400")
    )
    assert feed.items == [] and feed.day == date(2025, 9, 27)
    with pytest.raises(ImportFailed, match="not an RSS feed"):
        arxiv_rss.parse("<html><body>Not here</body></html>")
