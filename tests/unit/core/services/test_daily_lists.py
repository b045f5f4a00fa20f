"""The Daily panel's service: fetch, merge, cache, triage, add — against a local server."""

import re
import socket
from datetime import date, timedelta

import pytest

from readinglist.core import daily
from readinglist.core.errors import ImportFailed, InvalidInput
from readinglist.core.library import LibraryService
from readinglist.core.net.session import HttpClient
from readinglist.core.models import ReadStatus
from tests.conftest import FAST_NET
from tests.fakes import samples

DAY = date(2025, 9, 23)  # a Tuesday
FEED_DATE = "Tue, 23 Sep 2025 00:00:00 -0400"


@pytest.fixture
def day_served(fake):
    """A Tuesday with 120 HF papers (two pages) and an arXiv feed that overlaps them."""
    items = fake.add_hf_day(DAY, samples.hf_day(DAY, 120, seed=4))
    fake.rss_date = FEED_DATE
    top = items[0]["paper"]["id"]
    fake.add_rss(
        "cs.CL",
        top,
        "The top paper, as arXiv titles it",
        version=2,
        authors=["Ada Lovelace"],
        abstract="arXiv's abstract.",
        categories=["cs.LG", "cs.CL"],
        announce="cross",
    )
    fake.add_rss(
        "cs.CL",
        "2509.99001",
        "Replaced paper",
        authors=["A B"],
        abstract="R.",
        categories=["cs.CL"],
        announce="replace",
    )
    fake.add_rss(
        "cs.LG",
        "2509.99002",
        "Brand new paper",
        authors=["C D", "E F"],
        abstract="N.",
        categories=["cs.LG"],
        announce="new",
        doi="10.5555/new.1",
    )
    return items


def test_fetch_merges_sources_into_one_card_per_paper(online, fake, day_served):
    listing = online.daily.fetch(DAY, progress=lambda done, total: None)
    assert len(fake.requests_to("/api/daily_papers")) == 3  # pages 0 and 1, then the empty page 2
    assert [r.query["p"] for r in fake.requests_to("/api/daily_papers")] == [["0"], ["1"], ["2"]]
    assert len(fake.requests_to("/rss/cs.CL+cs.LG")) == 1  # one request for all categories
    assert len(listing.items) == 122
    upvotes = [i.upvotes for i in listing.items[:120]]
    assert upvotes == sorted(upvotes, reverse=True)
    top = listing.items[0]
    assert top.sources == ("hf", "arxiv") and top.announce_type == "cross"
    assert (
        top.title == "The top paper, as arXiv titles it"
        and top.upvotes == day_served[0]["paper"]["upvotes"]
    )
    assert top.categories == ("cs.LG", "cs.CL") and top.primary_category == "cs.LG"
    # arXiv-only papers come last, new submissions before replacements
    assert [(i.arxiv_id, i.announce_type, i.upvotes) for i in listing.items[120:]] == [
        ("2509.99002", "new", None),
        ("2509.99001", "replace", None),
    ]
    assert set(listing.fetched) == {"hf", "arxiv"} and listing.notes == ()
    assert {i.state for i in listing.items} == {"new"} and {i.paper_id for i in listing.items} == {
        None
    }


def test_a_fetched_day_browses_offline(online, fake, day_served):
    fetched = online.daily.fetch(DAY)
    before = len(fake.requests)
    cached = online.daily.cached(DAY)
    assert cached == fetched and len(fake.requests) == before
    assert online.daily.days() == [DAY]
    assert online.daily.cached(DAY - timedelta(days=1)) is None


def test_weekend_is_an_empty_day_not_an_error(online, fake):
    saturday = date(2025, 9, 27)
    fake.rss_date = "Sat, 27 Sep 2025 00:00:00 -0400"
    listing = online.daily.fetch(saturday)
    assert listing.items == [] and set(listing.fetched) == {"hf", "arxiv"}
    assert online.daily.days() == [saturday]


def test_a_future_day_is_refused_before_any_request(online, fake):
    tomorrow = daily.today_utc() + timedelta(days=1)
    with pytest.raises(InvalidInput, match="in the future"):
        online.daily.fetch(tomorrow)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"status": 200, "body": '[{"paper": {"id": "2509.0'}, "not valid JSON"),
        ({"truncate": True}, "cut off"),
        ({"status": 200, "body": '{"papers": []}'}, "a list of papers was expected"),
        ({"status": 500, "body": "oops", "times": 10}, "server problem"),
        ({"delay": 3.0, "times": 10}, "did not answer"),
    ],
)
def test_a_failed_fetch_keeps_the_cached_day_untouched(online, fake, day_served, plan, message):
    first = online.daily.fetch(DAY)
    online.daily.add(DAY, [first.items[0].arxiv_id])
    before = online.daily.cached(DAY)
    fake.plan("/api/daily_papers", **plan)
    with pytest.raises(ImportFailed, match=message):
        online.daily.fetch(DAY, ["hf"])  # the only source asked failed: an error
    assert online.daily.cached(DAY) == before
    fake.clear_plans()
    fake.plan("/api/daily_papers", **plan)
    # with arXiv answering, the day is shown and says that Hugging Face failed
    listing = online.daily.fetch(DAY)
    assert re.search(message, listing.failed["hf"]) and "arxiv" not in listing.failed
    assert [i.arxiv_id for i in listing.items] == [i.arxiv_id for i in before.items]


def test_a_failed_first_fetch_caches_nothing(online, fake, day_served):
    fake.plan("/rss/", status=200, body="<rss><channel><item><title>cut")
    with pytest.raises(ImportFailed, match="arXiv's announcement feed is not valid XML"):
        online.daily.fetch(DAY, ["arxiv"])
    assert online.daily.cached(DAY) is None and online.daily.days() == []


def test_when_every_source_fails_the_error_names_each_of_them(online, fake, day_served):
    fake.plan("/api/daily_papers", status=500, body="oops", times=10)
    fake.plan("/rss/", status=200, body="<rss><channel><item><title>cut")
    with pytest.raises(ImportFailed) as failed:
        online.daily.fetch(DAY)
    message = str(failed.value)
    assert "Hugging Face" in message and "server problem" in message
    assert "not valid XML" in message
    assert online.daily.cached(DAY) is None


def test_offline_both_sources_are_named_and_the_hint_given_once(tmp_path, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("READINGLIST_HF_URL", closed)
    monkeypatch.setenv("READINGLIST_ARXIV_RSS_URL", closed)
    with LibraryService(tmp_path / "lib") as library:
        library.http = HttpClient(FAST_NET)
        with pytest.raises(ImportFailed) as failed:
            library.daily.fetch(DAY)
    message = str(failed.value)
    assert "cannot reach Hugging Face" in message and "cannot reach arXiv" in message
    assert message.count("check your internet connection") == 1


def test_one_failed_source_still_caches_and_lists_the_other(online, fake, day_served):
    fake.plan("/rss/", status=200, body="<rss><channel><item><title>cut")
    listing = online.daily.fetch(DAY)
    assert "not valid XML" in listing.failed["arxiv"]
    assert listing.items and all(i.sources == ("hf",) for i in listing.items)
    assert set(online.daily.cached(DAY).fetched) == {"hf"}


def test_add_twice_adds_nothing_and_keeps_user_edits(online, day_served):
    listing = online.daily.fetch(DAY)
    ids = [i.arxiv_id for i in listing.items]
    report = online.daily.add(DAY, ids, tags=["daily/2025-09-23"])
    assert len(report.added) == 122
    pid = online.papers.find(ids[0])
    paper = online.papers.get(pid)
    assert paper.status is ReadStatus.QUEUED and paper.tags == ("daily/2025-09-23",)
    assert paper.sources == ("hf", "arxiv") and paper.arxiv_version == 2
    assert paper.extra["hf_upvotes"] == listing.items[0].upvotes
    assert paper.code_url == listing.items[0].extra.get("github_repo", "")
    key = paper.citekey
    online.papers.set_status([pid], "read")
    online.papers.set_rating([pid], 4)
    online.notes.add(pid, "great")
    online.tags.set(pid, ["mine"])

    again = online.daily.add(DAY, ids)
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 122)
    paper = online.papers.get(pid)
    assert (paper.status, paper.rating, paper.tags, paper.citekey) == (
        ReadStatus.READ,
        4,
        ("mine",),
        key,
    )
    assert [n.body for n in paper.notes] == ["great"]

    refreshed = online.daily.cached(DAY)
    assert {i.state for i in refreshed.items} == {"added"}
    assert refreshed.items[0].paper_id == pid


def test_refetch_refreshes_upvotes_but_not_what_the_user_owns(online, fake, day_served):
    listing = online.daily.fetch(DAY)
    top = listing.items[0].arxiv_id
    online.daily.add(DAY, [top])
    pid = online.papers.find(top)
    online.papers.set_status([pid], "reading")
    day_served[0]["paper"]["upvotes"] += 50
    online.daily.fetch(DAY)
    report = online.daily.add(DAY, [top])
    assert report.updated == [pid]
    paper = online.papers.get(pid)
    assert paper.extra["hf_upvotes"] == listing.items[0].upvotes + 50
    assert paper.status is ReadStatus.READING


def test_skip_is_remembered_per_paper(online, fake, day_served):
    listing = online.daily.fetch(DAY)
    first, second = listing.items[0].arxiv_id, listing.items[1].arxiv_id
    online.daily.skip(DAY, [first, f"arXiv:{second}v1"])
    online.daily.add(DAY, [second])
    states = {i.arxiv_id: i.state for i in online.daily.cached(DAY).items}
    assert (states[first], states[second]) == ("skipped", "added")
    assert online.papers.find(first) is None  # skipping does not touch the library
    with pytest.raises(InvalidInput, match="not an arXiv id"):
        online.daily.skip(DAY, ["hello"])


def test_adding_an_id_that_is_not_in_the_day(online, day_served):
    online.daily.fetch(DAY)
    report = online.daily.add(DAY, ["2509.55555"])
    assert report.added == [] and report.skipped == ["2509.55555: not in the list for 2025-09-23"]
    with pytest.raises(InvalidInput, match="has not been fetched"):
        online.daily.add(DAY - timedelta(days=1), ["2509.55555"])


def test_arxiv_feed_of_another_day_keeps_the_cached_arxiv_list(online, fake, day_served):
    online.daily.fetch(DAY)
    fake.rss_date = "Wed, 24 Sep 2025 00:00:00 -0400"
    listing = online.daily.fetch(DAY)
    assert any("2025-09-24" in note for note in listing.notes)
    assert [i.arxiv_id for i in listing.items if i.sources == ("arxiv",)] == [
        "2509.99002",
        "2509.99001",
    ]


def test_one_source_only(online, fake, day_served):
    listing = online.daily.fetch(DAY, ["hf"])
    assert fake.requests_to("/rss/") == [] and set(listing.fetched) == {"hf"}
    with pytest.raises(InvalidInput, match="unknown source"):
        online.daily.fetch(DAY, ["reddit"])


def test_adding_a_whole_day_queues_it(online, day_served):
    listing = online.daily.fetch(DAY, ["hf"])
    report = online.daily.add(DAY, [i.arxiv_id for i in listing.items if "hf" in i.sources],
                              tags=["today"])
    assert len(report.added) == 120
    assert online.papers.status_counts()[ReadStatus.QUEUED] == 120


def test_cancel_stops_the_fetch_and_keeps_nothing(online, fake, day_served):
    from readinglist.core.errors import Cancelled
    from readinglist.core.progress import CancelToken

    token = CancelToken()

    def progress(done, total):
        token.cancel()  # the user gives up as soon as the first step starts

    with pytest.raises(Cancelled):
        online.daily.fetch(DAY, progress=progress, cancel=token)
    assert online.daily.cached(DAY) is None
    assert fake.requests_to("/rss/") == []
