"""The fast path for plain-word queries finds what Whoosh's matchers find.

Plain words (with ``-word`` and structured filters) are ranked by
``bag_of_words`` straight from the posting blocks; everything else by
Whoosh. Both must agree on the documents and on the ranking, including
after edits (deleted documents in old segments) and across segments.
"""

from __future__ import annotations

import pytest

import readinglist.core.search.bag_of_words as bag
from bench.generate import generate
from readinglist.core.search.query import parse_query


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    from readinglist.core.library import LibraryService

    synthetic = generate(400, seed=11)
    service = LibraryService(tmp_path_factory.mktemp("bag") / "lib")
    report = service.add_many(synthetic.drafts[:300])
    by_tag: dict[str, list[int]] = {}
    for pid, paper in zip(report.added, synthetic.papers[:300], strict=True):
        for tag in paper.tags[:2]:
            by_tag.setdefault(tag, []).append(pid)
    for tag, ids in by_tag.items():  # many small commits: many segments, deletions
        service.add_tags(ids, [tag])
    noted = [(pid, p.notes[0]) for pid, p in zip(report.added, synthetic.papers, strict=False)
             if p.notes]
    for pid, body in noted[:8]:
        service.add_note(pid, body)
    service.add_many(synthetic.drafts[300:])  # a second segment
    service.set_status(report.added[:150:2], "read")
    yield service, synthetic.words
    service.close()


def whoosh_ranking(service, query):
    """Every match, ranked by Whoosh's own matchers (the fast path off)."""
    saved = bag.plan
    bag.plan = lambda node: None
    try:
        return service.index.search(parse_query(query), limit=None)
    finally:
        bag.plan = saved


POSITIVE = ["{w8}", "{w40}", "{w300}", "{w40} {w120}", "{w8} {w40} {w120}", "müller",
            "the {w40}", "nosuchwordatall", "title:{w40}", "author:müller {w40}",
            "abstract:{w120} {w8}", "note:{w40}"]
# (query, its plain words, excluded words, structured filter)
MIXED = [
    ("{w120} -{w40}", "{w120}", ["{w40}"], ""),
    ("{w40} -müller", "{w40}", ["müller"], ""),
    ("{w40} status:read", "{w40}", [], "status:read"),
    ("{w120} year:>=2020", "{w120}", [], "year:>=2020"),
    ("{w40} tag:ml", "{w40}", [], "tag:ml"),
    ("{w40} -{w8} -{w120} year:2000..2026", "{w40}", ["{w8}", "{w120}"], "year:2000..2026"),
]


def fill(service, template, words):
    return template.format(**{f"w{r}": words[r] for r in (8, 40, 120, 300)})


@pytest.mark.parametrize("template", POSITIVE)
def test_fast_path_finds_and_ranks_like_whoosh(lib, template):
    service, words = lib
    query = fill(service, template, words)
    assert bag.plan(parse_query(query)) is not None  # it really takes the fast path
    fast = service.index.search(parse_query(query), limit=25)
    reference = whoosh_ranking(service, query)
    assert fast.total == len(reference.ids)
    assert fast.ids == reference.ids[:25]


@pytest.mark.parametrize(("template", "words_part", "excluded", "filters"), MIXED)
def test_exclusions_and_filters_are_exact(lib, template, words_part, excluded, filters):
    # The reference is built from parts: Whoosh's own AndNot drops exclusions
    # in a multi-segment index (a document containing the excluded word came
    # back), so the whole query cannot serve as the reference.
    service, words = lib
    query = fill(service, template, words)
    assert bag.plan(parse_query(query)) is not None
    ranked = whoosh_ranking(service, fill(service, words_part, words)).ids
    allowed = set(service.list_ids(query=filters)) if filters else set(ranked)
    for word in excluded:
        allowed -= set(whoosh_ranking(service, fill(service, word, words)).ids)
    expected = [pid for pid in ranked if pid in allowed]
    fast = service.index.search(parse_query(query), limit=25)
    assert fast.total == len(expected)
    # Filters do not change the order of what they let through.
    assert fast.ids == expected[:25]


@pytest.mark.parametrize(("template", "positive", "negative"), [
    ('title:{w40}* -{w8}', "title:{w40}*", "{w8}"),
    ('{w40}* -{w120}', "{w40}*", "{w120}"),
    ('({w40} OR {w300}) NOT {w120}', "{w40} OR {w300}", "{w120}"),
])
def test_exclusions_are_exact_on_the_whoosh_path_too(lib, template, positive, negative):
    service, words = lib
    query = fill(service, template, words)
    assert bag.plan(parse_query(query)) is None
    expected = set(whoosh_ranking(service, fill(service, positive, words)).ids) - set(
        whoosh_ranking(service, fill(service, negative, words)).ids)
    assert set(whoosh_ranking(service, query).ids) == expected
    assert set(service.search(query, limit=None).ids) == expected


def test_other_queries_still_go_to_whoosh():
    for query in ['"graph neural"', "embed*", "title:graph*", "graph OR tree", "self-attention"]:
        node = parse_query(query)
        assert bag.plan(node) is None or query == "self-attention"


@pytest.mark.parametrize("query", ["tag:ml", "year:2020..2023", "status:read", "year:1990",
                                   "tag:ml status:read", "tag:nosuchtag"])
def test_structured_search_pages_and_counts_like_the_full_list(lib, query):
    service, _ = lib
    full = service.list_ids(query=query)
    page = service.search(query, limit=7)
    assert page.total == len(full)
    assert page.ids == full[:7]
