"""The array engine (``search/vector.py``) finds what Whoosh's matchers find.

Words, phrases, prefixes, OR, exclusions and structured filters are answered
from posting lists decoded into arrays; the rest by Whoosh. Both must agree
on the documents and on the ranking, including after edits (deleted
documents in old segments) and across segments.
"""

from __future__ import annotations

import pytest

import readinglist.core.search.vector as vector
from bench.generate import generate
from readinglist.core.search.query import parse_query


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    from readinglist.core.library import LibraryService

    synthetic = generate(400, seed=11)
    service = LibraryService(tmp_path_factory.mktemp("bag") / "lib")
    report = service.papers.add_many(synthetic.drafts[:300])
    by_tag: dict[str, list[int]] = {}
    for pid, paper in zip(report.added, synthetic.papers[:300], strict=True):
        for tag in paper.tags[:2]:
            by_tag.setdefault(tag, []).append(pid)
    for tag, ids in by_tag.items():  # many small commits: many segments, deletions
        service.tags.add(ids, [tag])
    noted = [(pid, p.notes[0]) for pid, p in zip(report.added, synthetic.papers, strict=False)
             if p.notes]
    for pid, body in noted[:8]:
        service.notes.add(pid, body)
    service.papers.add_many(synthetic.drafts[300:])  # a second segment
    service.papers.set_status(report.added[:150:2], "read")
    yield service, synthetic.words
    service.close()


def whoosh_ranking(service, query):
    """Every match, ranked by Whoosh's own matchers (the fast path off)."""
    vector.enabled = False
    try:
        return service.index.search(parse_query(query), limit=None)
    finally:
        vector.enabled = True


def takes_the_fast_path(service, query):
    searcher = service.index._searcher()
    engine = vector.VectorSearch(searcher, service.index.schema, service.index.postings)
    return engine.run(parse_query(query), 10) is not None


POSITIVE = ["{w8}", "{w40}", "{w300}", "{w40} {w120}", "{w8} {w40} {w120}", "müller",
            "the {w40}", "nosuchwordatall", "title:{w40}", "author:müller {w40}",
            "abstract:{w120} {w8}", "note:{w40}",
            # phrases, prefixes, OR, hyphenated words (phrases in each field)
            '"{p0} {p1}"', '"{p0} {p1} {p2}"', '"{w8} {w8}"', 'title:"{p0} {p1}"',
            '"{w40} nosuchwordatall"', '"the {w40}"', "{w8}-{w40}",
            "{w40}*", "{w8} {w120}*", "title:{w40}*", "{w8}* {w40}", "abstract:{w8} {w40}*",
            "{w40} OR {w300}", "{w8} OR {w40} OR nosuchwordatall", "({w40} OR {w300}) {w8}",
            '"{p0} {p1}" OR {w300}', "{w300} OR {w120}*", "ml", "ml/survey", "müll*", "the",
            # a word in no segment: answered without walking the segments
            "nosuchwordatall {w40}", "nosuchpfx*", "{w40} nosuchpfx*", "author:nosuchwordatall",
            "nosuchwordatall OR {w300}", "{w40} -nosuchwordatall", "the nosuchwordatall",
            # few matches (scored on document lists): words of one abstract
            "{p0} {p1}", "{p1} {p2} {w300}", "{w300} {p0}", "title:{p0} {p1}",
            "{p0} {p1} -{w300}", '"{p0} {p1}" {p2}']
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
    values = {f"w{r}": words[r] for r in (8, 40, 120, 300)}
    phrase = service.papers.get(service.papers.list_ids(sort="id")[5]).abstract.split()[3:6]
    values.update({f"p{k}": w.strip(".,").lower() for k, w in enumerate(phrase)})
    return template.format(**values)


@pytest.mark.parametrize("template", POSITIVE)
def test_fast_path_finds_and_ranks_like_whoosh(lib, template):
    service, words = lib
    query = fill(service, template, words)
    assert takes_the_fast_path(service, query)
    fast = service.index.search(parse_query(query), limit=25)
    reference = whoosh_ranking(service, query)
    assert fast.total == len(reference.ids)
    assert fast.ids == reference.ids[:25]
    assert service.index.search(parse_query(query), limit=None).ids == reference.ids


@pytest.mark.parametrize(("template", "words_part", "excluded", "filters"), MIXED)
def test_exclusions_and_filters_are_exact(lib, template, words_part, excluded, filters):
    # The reference is built from parts: Whoosh's own AndNot drops exclusions
    # in a multi-segment index (a document containing the excluded word came
    # back), so the whole query cannot serve as the reference.
    service, words = lib
    query = fill(service, template, words)
    assert takes_the_fast_path(service, query)
    ranked = whoosh_ranking(service, fill(service, words_part, words)).ids
    allowed = set(service.papers.list_ids(query=filters)) if filters else set(ranked)
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
def test_exclusions_are_exact_on_both_paths(lib, template, positive, negative):
    service, words = lib
    query = fill(service, template, words)
    expected = set(whoosh_ranking(service, fill(service, positive, words)).ids) - set(
        whoosh_ranking(service, fill(service, negative, words)).ids)
    assert set(whoosh_ranking(service, query).ids) == expected
    assert set(service.search(query, limit=None).ids) == expected


def test_what_the_engine_does_not_rank_goes_to_whoosh(lib):
    service, words = lib
    for template in ["{w40} OR tag:ml", "{w40} OR -{w8}", "-{w8}"]:
        query = fill(service, template, words)
        assert not takes_the_fast_path(service, query)
        assert set(service.search(query, limit=None).ids) == set(
            whoosh_ranking(service, query).ids)


@pytest.mark.parametrize("query", ["tag:ml", "year:2020..2023", "status:read", "year:1990",
                                   "tag:ml status:read", "tag:nosuchtag"])
def test_structured_search_pages_and_counts_like_the_full_list(lib, query):
    service, _ = lib
    full = service.papers.list_ids(query=query)
    page = service.search(query, limit=7)
    assert page.total == len(full)
    assert page.ids == full[:7]


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    """Real research words in most papers (bench/vocabulary.py), two segments, edits."""
    from readinglist.core.library import LibraryService

    synthetic = generate(300, seed=5, corpus="realistic")
    service = LibraryService(tmp_path_factory.mktemp("realistic") / "lib")
    report = service.papers.add_many(synthetic.drafts[:220])
    service.tags.add(report.added[::3], ["ml/graphs"])
    service.papers.add_many(synthetic.drafts[220:])
    service.papers.set_status(report.added[:100:2], "read")
    yield service
    service.close()


REALISTIC = ["model", "language model", "graph neural network", '"graph attention"',
             '"neural network"', '"large language models"', "dist*", "transformer OR diffusion",
             "model OR learning", "graph attention net*", "language mod*", "lea*", "gra*",
             "title:transformer", "learning model data network method",
             "graph attention", "transformer graph", "diffusion -model", "graph attention -network"]


@pytest.mark.parametrize("query", REALISTIC)
def test_common_words_rank_like_whoosh(realistic, query):
    service = realistic
    assert takes_the_fast_path(service, query)
    reference = whoosh_ranking(service, query)
    assert reference.ids  # the corpus has these words
    fast = service.index.search(parse_query(query), limit=50)
    assert fast.total == len(reference.ids)
    assert fast.ids == reference.ids[:50]


@pytest.mark.parametrize(("query", "positive", "excluded", "filters"), [
    ("learning -model", "learning", ["model"], ""),
    ("graph -network -attention", "graph", ["network", "attention"], ""),
    ("learning tag:ml", "learning", [], "tag:ml"),
    ("model year:>=2020", "model", [], "year:>=2020"),
    ("status:read language model", "language model", [], "status:read"),
])
def test_common_words_with_exclusions_and_filters(realistic, query, positive, excluded, filters):
    service = realistic
    assert takes_the_fast_path(service, query)
    ranked = whoosh_ranking(service, positive).ids
    allowed = set(service.papers.list_ids(query=filters)) if filters else set(ranked)
    for word in excluded:
        allowed -= set(whoosh_ranking(service, word).ids)
    expected = [pid for pid in ranked if pid in allowed]
    fast = service.index.search(parse_query(query), limit=30)
    assert fast.total == len(expected)
    assert fast.ids == expected[:30]


# Numeric filters are masks over each segment's decoded year/rating column:
# the same documents, in the same order, as Whoosh's range queries.
RANGES = ["{w40} year:2010..2015", "{w8} year:<2000", "{w8} year:>=2020", "{w8} year:1995",
          "{w40} -year:>=2010", "{w8} year:>=9000", "{w8} year:2000..2009 year:2005..2026",
          "{w8} (year:<1995 OR year:>2024)", "{w40} rating:>=1", "{w40} -rating:0",
          "{w8} year:0..9999", "{w8} -year:0..9999"]


@pytest.mark.parametrize("template", RANGES)
def test_year_and_rating_masks_match_whoosh_ranges(lib, template):
    service, words = lib
    query = fill(service, template, words)
    assert takes_the_fast_path(service, query)
    reference = whoosh_ranking(service, query).ids
    assert service.index.search(parse_query(query), limit=None).ids == reference
    page = service.index.search(parse_query(query), limit=10)
    assert page.ids == reference[:10]
    assert page.total == len(reference)


@pytest.fixture()
def fresh(tmp_path):
    """A small library of its own: these tests edit it."""
    from readinglist.core.library import LibraryService

    synthetic = generate(120, seed=3, corpus="realistic")
    service = LibraryService(tmp_path / "lib")
    ids = service.papers.add_many(synthetic.drafts).added
    yield service, ids
    service.close()


def _settle(service):
    """Age the index folder, so the searcher is trusted on its stamp alone."""
    import os
    import time

    old = time.time() - 60
    os.utime(service.index.path, (old, old))


def test_an_edit_is_seen_by_the_next_search_through_cached_searchers(fresh):
    service, ids = fresh
    assert service.search("model").total  # arrays of the big segment decoded, searcher kept
    _settle(service)
    before = service.search("model", limit=None).ids
    assert before == whoosh_ranking(service, "model").ids

    service.tags.add([ids[7]], ["fresh/tag"])  # a new segment, a deletion in the old one
    assert service.search("tag:fresh/tag model").ids == (
        [ids[7]] if ids[7] in before else [])
    assert service.search("tag:fresh").ids == [ids[7]]
    _settle(service)
    service.papers.remove([ids[3], ids[7]])
    after = service.search("model", limit=None).ids
    assert ids[3] not in after and ids[7] not in after
    assert after == whoosh_ranking(service, "model").ids
    assert service.search("tag:fresh model").ids == []

    service.papers.update_metadata(ids[10], title="Quixotic zebrafish telemetry")
    assert service.search("zebrafish").ids == [ids[10]]
    assert service.search("zebrafish year:0..9999").ids == (
        [ids[10]] if service.papers.get(ids[10]).year is not None else [])


def test_another_process_edit_is_seen_by_a_settled_searcher(fresh, tmp_path):
    from readinglist.core.library import LibraryService

    service, ids = fresh
    other = LibraryService(service.dir)  # as a second process would open it
    try:
        assert other.search("learning").total
        _settle(service)
        assert other.search("learning").total  # now served on the folder's stamp
        service.papers.update_metadata(ids[5], title="Unmistakable axolotl benchmark")
        assert other.search("axolotl").ids == [ids[5]]
        assert other.search("axolotl", limit=None).ids == whoosh_ranking(other, "axolotl").ids
    finally:
        other.close()


def test_a_word_kept_as_missing_is_found_once_another_process_adds_it(fresh):
    """What a searcher keeps between searches (a word in no segment, a phrase
    in none) is dropped with it when another process commits."""
    from readinglist.core.library import LibraryService

    service, ids = fresh
    other = LibraryService(service.dir)
    try:
        assert other.search("axolotl").total == 0
        assert other.search('"unmistakable axolotl"').total == 0
        _settle(service)
        assert other.search("axolotl").total == 0  # the same searcher, on the folder's stamp
        service.papers.update_metadata(ids[5], title="Unmistakable axolotl benchmark")
        assert other.search("axolotl").ids == [ids[5]]
        assert other.search('"unmistakable axolotl"').ids == [ids[5]]
        assert other.search("axolotl -benchmark").ids == []
    finally:
        other.close()


FIRST_SEARCHES = ["{w8}", "{w40} {w120}", '"{p0} {p1}"', "{w40}*", "{w40} OR {w300}",
                  "{w120} -{w40}", "{w40} tag:ml", "{w120} year:>=2020", "nosuchwordatall"]


@pytest.mark.parametrize("warm", [False, True])
def test_the_first_search_of_a_fresh_service_finds_what_a_used_one_finds(lib, warm):
    """A new process decodes postings and paper ids on its first search (or in
    the background, warm): the same papers in the same order as a service
    that has searched for a while, and as Whoosh."""
    from readinglist.core.library import LibraryService

    service, words = lib
    for template in FIRST_SEARCHES:
        query = fill(service, template, words)
        used = service.search(query, limit=None).ids
        fresh = LibraryService(service.dir)  # nothing decoded yet
        try:
            if warm:
                fresh.indexing.check()
                fresh.finder.warm()
            assert fresh.search(query, limit=25).ids == used[:25], query
            assert fresh.search(query, limit=None).ids == used, query
        finally:
            fresh.close()
        if "-" not in query and ":" not in query:
            # Whoosh ranks filters as terms, and its AndNot is wrong across
            # segments (see above): those are checked against parts there.
            assert used == whoosh_ranking(service, query).ids, query


@pytest.fixture(scope="module")
def rare(tmp_path_factory):
    """Rare words in a few papers of a larger library, across segments and edits."""
    import dataclasses

    from readinglist.core.library import LibraryService

    synthetic = generate(200, seed=8, corpus="realistic")
    drafts = list(synthetic.drafts)
    plants = {  # paper index: (title words, abstract words), in different mixes
        3: ("zyxquon flarbit", "zyxquon zyxquon flarbit"),
        17: ("zyxquon", "flarbit ploomish"),
        42: ("", "zyxquon flarbit ploomish"),
        99: ("ploomish flarbit", "zyxquon"),
        150: ("zyxquon flarbit ploomish", ""),
        180: ("", "flarbit zyxquon"),
    }
    for k, (title, abstract) in plants.items():
        d = drafts[k]
        drafts[k] = dataclasses.replace(d, title=f"{d.title} {title}".strip(),
                                        abstract=f"{abstract} {d.abstract}".strip())
    service = LibraryService(tmp_path_factory.mktemp("rare") / "lib")
    ids = service.papers.add_many(drafts[:120]).added
    ids += service.papers.add_many(drafts[120:]).added  # a second segment
    service.tags.add([ids[3], ids[99]], ["rare/tagged"])  # deletions, a third segment
    yield service
    service.close()


@pytest.mark.parametrize("query", [
    "zyxquon", "zyxquon flarbit", "flarbit zyxquon ploomish", "zyxquon -ploomish",
    '"zyxquon flarbit"', '"zyxquon flarbit" ploomish', "zyxquon tag:rare", "title:zyxquon flarbit",
    "zyxquon flarbit year:>=2000", "zyxquon OR ploomish", "zyxquon model", "zyxquon -model",
    "zyxq*", "flarbit zyxq*", "model zyxq*", "flarbit -ploom*", "title:zyxq*", "zyxquon model data"])
def test_rare_words_scored_on_document_lists_rank_like_whoosh(rare, query):
    assert takes_the_fast_path(rare, query)
    reference = whoosh_ranking(rare, query)
    assert reference.ids or "tag:" in query or "year:" in query
    fast = rare.index.search(parse_query(query), limit=None)
    assert fast.ids == reference.ids
    assert fast.total == len(reference.ids)


@pytest.mark.parametrize("query", ["zyxquon", '"zyxquon flarbit"', "title:zyxquon", "ploomish",
                                   '"flarbit zyxquon"', "title:\"zyxquon flarbit\"", "flarbit"])
def test_few_matches_rank_the_same_in_plain_python_and_on_arrays(rare, query, monkeypatch):
    """``search/small.py`` answers these (deleted copies in an old segment,
    a word in two fields of one paper); the array paths must agree exactly,
    scores and ties included, at every limit."""
    import readinglist.core.search.small as small

    def answer():
        engine = vector.VectorSearch(rare.index._searcher(), rare.index.schema,
                                     rare.index.postings)
        return [engine.paper_ids(parse_query(query), limit) for limit in (None, 3, 1, 0)]

    in_python = answer()
    assert in_python[0][0], query
    monkeypatch.setattr(small, "SMALL_POSTINGS", 0)
    assert answer() == in_python
    assert in_python[0][0] == whoosh_ranking(rare, query).ids
