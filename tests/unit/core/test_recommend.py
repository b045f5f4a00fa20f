""""For you": ranking a fetched day by the library, reasons, mute rules, similar papers."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from readinglist.core.errors import InvalidInput
from readinglist.core.recommend.model import InterestModel
from readinglist.core.recommend.mute import MuteRules, with_rule
from readinglist.core.recommend.results import default_sort, ordered
from readinglist.core.settings import Settings
from tests.fakes import topics

DAY = date(2026, 11, 24)
MIX = {"diffusion": 4, "rl": 3, "graphs": 6, "speech": 6, "proteins": 6}


@pytest.fixture
def day_of(online, fake):
    """A library about diffusion (tagged) and a fetched day of five topics."""
    for draft, tags in topics.library_papers({"diffusion": 16, "speech": 5},
                                             tags={"diffusion": "gen/diffusion"}):
        online.papers.add(draft, tags=tags)
    items, topic_of = topics.day_items(DAY, MIX)
    fake.add_hf_day(DAY, items)
    listing = online.daily.fetch(DAY, ["hf"])
    return listing, topic_of


def test_the_matching_papers_come_first_with_the_right_tag(online, day_of):
    listing, topic_of = day_of
    ranking = online.daily.rank(listing.items)
    assert ranking.trained and default_sort(ranking) == "for-you"
    top = ranking.order[:4]
    assert [topic_of[a] for a in top] == ["diffusion"] * 4
    for arxiv_id in top:
        why = ranking.by_id[arxiv_id].why
        assert why.tag == "gen/diffusion"
        assert why.like_title and "Diffusion" in why.text() or why.words
    # upvotes alone do not know the user: the top of that order is mostly other topics
    by_upvotes = ordered(listing.items, "upvotes", ranking)
    assert [topic_of[i.arxiv_id] for i in by_upvotes[:4]].count("diffusion") < 4


def test_the_model_is_stored_in_the_library_and_retrained_after_changes(online, day_of):
    listing, _ = day_of
    online.daily.rank(listing.items)
    stored = InterestModel.load(online.dir)
    assert stored is not None and stored.meta["positives"] == 21
    assert not online.daily.recommender.stale() or online.daily.recommender.changes() is not None
    online.daily.recommender.train()
    assert not online.daily.recommender.stale()
    paper = online.papers.get_many(online.papers.list_ids())[0]
    online.tags.add([paper.id], ["extra"])
    assert online.daily.recommender.stale()


def test_a_torn_model_reads_as_none(online, day_of):
    listing, _ = day_of
    online.daily.recommender.train()
    (online.dir / "recommend" / "model.json").write_text('{"format": 1, "token": "x"}')
    assert InterestModel.load(online.dir) is None


def test_skipping_papers_lowers_similar_ones(online, day_of, fake):
    listing, topic_of = day_of
    before = online.daily.rank(listing.items)
    speech = [a for a in before.order if topic_of[a] == "speech"]
    # The user skips speech papers on an earlier day: speech drops on this one.
    earlier = DAY - timedelta(days=1)
    items, earlier_topics = topics.day_items(earlier, {"speech": 6, "diffusion": 2}, seed=11,
                                             first=30000)
    fake.add_hf_day(earlier, items)
    online.daily.fetch(earlier, ["hf"])
    online.daily.skip(earlier, [a for a, t in earlier_topics.items() if t == "speech"])
    after = online.daily.rank(listing.items)
    mean_rank = lambda r: sum(r.order.index(a) for a in speech) / len(speech)  # noqa: E731
    assert mean_rank(after) > mean_rank(before) + 2
    assert all(after.by_id[a].score < before.by_id[a].score for a in speech)


def test_mute_rules_hide_before_ranking(online, day_of):
    listing, topic_of = day_of
    victim = next(i for i in listing.items if topic_of[i.arxiv_id] == "diffusion")
    online.daily.add_mute_rule("author", victim.authors[0])
    online.daily.add_mute_rule("phrase", "oversmoothing")
    ranking = online.daily.rank(listing.items)
    assert ranking.muted[victim.arxiv_id] == f"author {victim.authors[0]}"
    assert victim.arxiv_id not in ranking.order
    hidden = {a for a, why in ranking.muted.items() if why == "phrase “oversmoothing”"}
    mentions = {i.arxiv_id for i in listing.items if i.arxiv_id != victim.arxiv_id
                and "oversmoothing" in f"{i.title} {i.abstract}".lower()}
    assert hidden == mentions and mentions
    assert len(ordered(listing.items, "list", ranking)) == len(listing.items) - len(ranking.muted)
    assert online.settings.mute_authors == [victim.authors[0]]


def test_mute_rule_kinds():
    item = SimpleNamespace(title="A Study of Speech", abstract="We study speech-to-text.",
                           authors=("José García", "Wei Zhang"), announce_type="replace-cross",
                           primary_category="cs.SD")
    assert MuteRules().reason(item) is None
    assert MuteRules(hide_cross_lists=True).reason(item) == "cross-list"
    assert MuteRules(hide_replacements=True).reason(item) == "replacement"
    assert MuteRules(categories=("CS.SD",)).reason(item) == "category cs.SD"
    assert MuteRules(authors=("jose garcia",)).reason(item) == "author José García"
    assert MuteRules(authors=("Zhang",)).reason(item) == "author Wei Zhang"
    assert MuteRules(authors=("Li Zhang",)).reason(item) is None
    assert MuteRules(phrases=("speech-to-text",)).reason(item) == "phrase “speech-to-text”"
    assert MuteRules(phrases=("peech",)).reason(item) is None  # whole words only
    settings = with_rule(Settings(), "author", "  Wei   Zhang ")
    assert settings.mute_authors == ["Wei Zhang"]
    assert with_rule(settings, "author", "wei zhang") is settings
    with pytest.raises(InvalidInput):
        with_rule(settings, "phrase", "  ")
    with pytest.raises(InvalidInput):
        with_rule(settings, "colour", "red")


def test_similar_papers_and_suggested_tags(online, day_of):
    listing, topic_of = day_of
    paper = next(p for p in online.papers.get_many(online.papers.list_ids()) if "gen/diffusion" in p.tags)
    found = online.daily.similar(paper.citekey)
    assert found and all(n.paper_id != paper.id for n in found)
    assert {n.where for n in found} == {"library", "day"}
    days = [n for n in found if n.where == "day"]
    assert all(topic_of[n.arxiv_id] == "diffusion" for n in days)
    item = next(i for i in listing.items if topic_of[i.arxiv_id] == "diffusion")
    online.daily.recommender.train()
    assert online.daily.recommender.suggest_tags(item.title, item.abstract) == ["gen/diffusion"]
    assert online.daily.similar(item.arxiv_id)[0].where in ("library", "day")


def test_an_empty_library_keeps_upvote_order(online, fake):
    items, _ = topics.day_items(DAY, MIX)
    fake.add_hf_day(DAY, items)
    listing = online.daily.fetch(DAY, ["hf"])
    ranking = online.daily.rank(listing.items)
    assert not ranking.trained and default_sort(ranking) == "upvotes"
    assert ranking.order == [i.arxiv_id for i in listing.items]
