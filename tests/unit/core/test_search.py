"""Search behaviour a user sees: ranking, phrases, prefixes, fields, filters."""

from datetime import UTC, datetime, timedelta

import pytest

from readinglist.core.errors import InvalidQuery
from readinglist.core.models import ReadStatus


@pytest.fixture
def lib(library, make_draft):
    add = library.papers.add
    ids = {}
    ids["attn"] = add(make_draft("Attention Is All You Need", "Ashish Vaswani", year=2017,
                                 arxiv_id="1706.03762",
                                 abstract="Sequence transduction with recurrent networks replaced."),
                      tags=["ml/nlp"]).paper_id
    ids["abs_only"] = add(make_draft("Sequence Models Revisited", "Jane Roe", year=2021,
                                     abstract="We revisit attention in recurrent models.")).paper_id
    ids["graph"] = add(make_draft("Graph Neural Networks: A Review", "Jie Zhou", year=2018,
                                  abstract="Graph neural networks are neural models."),
                       tags=["ml/graphs"]).paper_id
    ids["neural_graph"] = add(make_draft("Neural Networks for Graph Matching", "Ana Müller",
                                         year=2024, abstract="Matching graphs.")).paper_id
    ids["embed"] = add(make_draft("Word Embeddings Explained", "Tomas Mikolov", year=2013,
                                  abstract="Embedding words in vectors."),
                       tags=["nlp-basics"]).paper_id
    ids["survey"] = add(make_draft("Self-Attention: A Survey", "Li Wei", year=2022,
                                   abstract="A survey of self-attention methods.")).paper_id
    library.notes.add(ids["graph"], "Read the **message passing** section twice.")
    library.papers.set_status([ids["graph"]], ReadStatus.READ)
    library.papers.set_rating([ids["embed"]], 4)
    return library, ids


def search(library, q, **kw):
    return library.search(q, **kw).ids


def test_title_hit_ranks_above_abstract_only_hit(lib):
    library, ids = lib
    ranked = search(library, "attention")
    assert ranked.index(ids["attn"]) < ranked.index(ids["abs_only"])


def test_all_words_must_match(lib):
    library, ids = lib
    assert set(search(library, "graph matching")) == {ids["neural_graph"]}


def test_phrase_requires_adjacency(lib):
    library, ids = lib
    assert set(search(library, '"graph neural"')) == {ids["graph"]}
    assert ids["neural_graph"] in search(library, "graph neural")


def test_prefix_and_stemming(lib):
    library, ids = lib
    assert set(search(library, "embed*")) == {ids["embed"]}
    assert ids["embed"] in search(library, "embedding")


def test_hyphenated_word_matches_as_phrase(lib):
    library, ids = lib
    assert search(library, "self-attention") == [ids["survey"]]


def test_or_and_not(lib):
    library, ids = lib
    assert set(search(library, "embeddings OR matching")) == {ids["embed"], ids["neural_graph"]}
    with_graph = set(search(library, "graph"))
    assert set(search(library, "graph -review")) == with_graph - {ids["graph"]}
    assert set(search(library, "graph NOT review")) == with_graph - {ids["graph"]}


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("title:review", "graph"),
        ("author:vaswani", "attn"),
        ("author:muller", "neural_graph"),  # accents folded
        ("abstract:transduction", "attn"),
        ("note:passing", "graph"),
        ('note:"message passing"', "graph"),
        ("status:read", "graph"),
        ("rating:>=4", "embed"),
        ("has:note", "graph"),
        ("arxiv:1706.03762v5", "attn"),
        ("1706.03762", "attn"),
    ],
)
def test_each_field(lib, query, key):
    library, ids = lib
    assert search(library, query) == [ids[key]]


def test_field_does_not_leak_to_other_fields(lib):
    library, ids = lib
    assert search(library, "title:transduction") == []


def test_hierarchical_tags(lib):
    library, ids = lib
    assert set(search(library, "tag:ml")) == {ids["attn"], ids["graph"]}
    assert search(library, "tag:ml/nlp") == [ids["attn"]]
    assert search(library, "tag:nlp") == []  # nlp-basics is not under nlp
    assert set(search(library, "graph tag:ml")) == {ids["graph"]}


def test_year_ranges(lib):
    library, ids = lib
    assert set(search(library, "year:2017..2018")) == {ids["attn"], ids["graph"]}
    assert set(search(library, "year:>=2022")) == {ids["survey"], ids["neural_graph"]}
    assert set(search(library, "neural year:<2020")) == {ids["graph"]}


def test_added_recently(lib):
    library, ids = lib
    old = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    library.store.db().execute("UPDATE papers SET added = ? WHERE id = ?", [old, ids["embed"]])
    library.store.db().conn.commit()
    library.indexing.rebuild()
    recent = set(search(library, "added:<7d"))
    assert ids["embed"] not in recent and ids["attn"] in recent
    assert search(library, "embeddings added:>7d") == [ids["embed"]]


def test_status_filter_with_text(lib):
    library, ids = lib
    assert search(library, "graph", status=ReadStatus.READ) == [ids["graph"]]


def test_bad_query_raises_with_position(lib):
    library, _ = lib
    with pytest.raises(InvalidQuery) as info:
        library.search('title:"never closed')
    assert info.value.position == 6


def test_stop_words_alone_match_everything_not_crash(lib):
    library, _ = lib
    assert len(search(library, "the", limit=None)) == library.papers.count()


def test_stop_words_inside_a_title_query_do_not_block_the_match(lib):
    library, ids = lib
    assert library.search("attention is all you need").ids == [ids["attn"]]
    assert library.search('"attention is all you need"').ids == [ids["attn"]]
