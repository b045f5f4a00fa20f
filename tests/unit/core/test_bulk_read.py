"""Postings read a whole list at a time are the postings Whoosh's matcher reads.

``search/bulk_read.py`` walks a term's W3 blocks itself (one buffer,
one ``cumsum`` for the document numbers) instead of Whoosh's block reader,
so the first search of a common word after start does not pay a
microsecond a posting. Every search result rests on it: for segments
written by Whoosh's own writer (every block compressed) and by ours (rare
terms inlined, small blocks left plain), every term of every field must
give the same documents, weights and values, deleted documents included.
"""

from __future__ import annotations

import random

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

from readinglist.core.search import segment_data
from readinglist.core.search.bulk_read import read_blocks, term_info, unique_terms
from readinglist.core.search.schema import make_schema
from readinglist.core.search.segment_writer import FastSegmentWriter

# A few very common words (many blocks), some rare ones (inlined), weights
# that differ per posting (repeated words) and Unicode.
COMMON = ["graph", "model", "the", "network", "learning"]
RARE = ["Müller", "naïve", "王伟", "résumé", "zyzzyva", "GPT-4"]


def _docs(n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)

    def text(k: int) -> str:
        words = [rng.choice(COMMON) for _ in range(rng.randint(1, k))]
        if rng.random() < 0.05:
            words.append(rng.choice(RARE))
        return " ".join(words)

    return [{"pid": str(i + 1), "title": text(6), "abstract": text(60),
             "authors": "; ".join(text(2) for _ in range(rng.randint(0, 2))),
             "tags": ",".join(rng.sample(["ml", "ml/nlp", "reading-group"], rng.randint(0, 2))),
             "status": rng.choice(["inbox", "read"]), "rating": rng.randint(0, 5),
             "year": rng.choice([1999, 2020, 2024]), "added": 28_000_000 + i}
            for i in range(n)]


def _matcher_postings(leaf, field, tbytes):
    """Whoosh's own reading of the postings, deleted documents included."""
    m = leaf._terms.matcher(field, tbytes, leaf.schema[field].format)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


@pytest.mark.parametrize("writer_class", [SegmentWriter, FastSegmentWriter])
def test_every_term_reads_as_whooshs_matcher_reads_it(tmp_path, writer_class):
    ix = windex.create_in(str(tmp_path), make_schema())
    writer = writer_class(ix, compound=False)
    for doc in _docs(700, seed=3):
        writer.add_document(**doc)
    writer.commit()
    writer = ix.writer()  # deletions: read back too (dropped later by the live mask)
    for pid in range(1, 700, 7):
        writer.delete_by_term("pid", str(pid))
    writer.commit(merge=False)
    schema = make_schema()
    read_in_blocks = 0
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        assert leaf.has_deletions()
        for field, tbytes in leaf.all_terms():
            expected = _matcher_postings(leaf, field, tbytes)
            positions = schema[field].format.supports("positions")
            ids, weights, values = segment_data._read(leaf, field, tbytes, values=positions)
            assert ids.tolist() == [d for d, _, _ in expected], (field, tbytes)
            assert weights.tolist() == [w for _, w, _ in expected], (field, tbytes)
            if positions:
                assert list(values) == [v for _, _, v in expected], (field, tbytes)
            read_in_blocks += read_blocks(leaf, term_info(leaf, field, tbytes),
                                          values=False) is not None
    # The common words took the block path (several blocks each), not the fallback.
    assert read_in_blocks >= len(COMMON) * 2


def test_a_term_not_in_the_segment_has_no_postings(tmp_path):
    ix = windex.create_in(str(tmp_path), make_schema())
    writer = FastSegmentWriter(ix, compound=False)
    for doc in _docs(20, seed=4):
        writer.add_document(**doc)
    writer.commit()
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        ids, weights, _ = segment_data._read(leaf, "abstract", "nosuchword", values=False)
        assert not len(ids) and not len(weights)
        assert term_info(leaf, "nosuchfield", "graph") is None


@pytest.mark.parametrize("writer_class", [SegmentWriter, FastSegmentWriter])
def test_paper_ids_read_at_once_are_the_term_tables(tmp_path, writer_class):
    """Every document's paper id, from the pid terms read in bulk, as Whoosh lists them."""
    ix = windex.create_in(str(tmp_path), make_schema())
    writer = writer_class(ix, compound=False)
    docs = _docs(300, seed=5)
    for k, doc in enumerate(docs):  # ids of every width, as a library grows
        doc["pid"] = str([0, 4, 99, 1000, 123456, 9_000_001][k % 6] * 1000 + k)
        writer.add_document(**doc)
    writer.add_document(**{**docs[0], "pid": docs[0]["pid"]})  # the same paper twice
    writer.commit()
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        docs_at, values, shared = unique_terms(leaf, "pid")
        expected = {}
        for text, info in leaf.iter_field("pid"):
            if info.doc_frequency() == 1:
                expected[info.min_id()] = int(text)
        assert dict(zip(docs_at.tolist(), values.tolist(), strict=True)) == expected
        assert shared == [docs[0]["pid"].encode()]
        assert unique_terms(leaf, "nosuchfield")[0].size == 0
