"""Our segment writer stores exactly the postings Whoosh's own writer stores.

``FastSegmentWriter`` groups postings by term and writes whole blocks; it
also keeps rare terms in the term table and leaves small blocks
uncompressed. Whatever it writes, Whoosh's readers (and so every search)
must see the same terms, documents, weights, positions and statistics as
from a segment written by Whoosh's ``SegmentWriter``: this reads both back
term by term, with a memory limit small enough to spill runs to disk.
"""

from __future__ import annotations

import random

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

import readinglist.core.search.index as index_mod
from readinglist.core.search.schema import make_schema
from readinglist.core.search.segment_writer import FastSegmentWriter, TermPool

WORDS = ["graph", "attention", "the", "of", "Müller", "naïve", "résumé", "王伟", "a.b.c",
         "running", "runs", "model", "x", "GPT-4", "2024", "**bold**"]


def _docs(n: int, seed: int) -> list[dict[str, object]]:
    """Search documents as ``schema.document`` makes them, with every field in use."""
    rng = random.Random(seed)

    def text(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, k)))

    docs = []
    for i in range(n):
        doc: dict[str, object] = {
            "pid": str(i + 1), "title": text(8) or "untitled", "abstract": text(120),
            "notes": text(30) if i % 4 == 0 else "", "venue": text(2),
            "authors": "; ".join(text(2) for _ in range(rng.randint(0, 3))),
            "tags": ",".join(rng.sample(["ml", "ml/nlp", "reading-group"], rng.randint(0, 2))),
            "ids": f"key{i} 10.1/{i}", "citekey": f"key{i}",
            "arxiv": f"2401.{i:05d}" if i % 2 else "", "doi": f"10.1/{i}" if i % 3 else "",
            "status": rng.choice(["inbox", "queued", "read"]),
            "has": " ".join(rng.sample(["note", "tag", "abstract", "doi"], rng.randint(0, 3))),
            "rating": rng.randint(0, 5),
            "added": 28_000_000 + rng.randint(0, 10**6),
        }
        if i % 5:
            doc["year"] = rng.choice([1999, 2020, 2024])
        docs.append({k: v for k, v in doc.items() if v != ""})
    return docs


def _dump(path) -> dict:
    """Every term of an index with its statistics and postings, as a reader sees them."""
    out = {}
    with windex.open_dir(str(path)).searcher() as searcher:
        reader = searcher.reader()
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            m = reader.postings(field, text)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value() or b""))
                m.next()
            out[field, text] = (info.weight(), info.doc_frequency(), info.min_length(),
                                info.max_length(), info.max_weight(), info.min_id(),
                                info.max_id(), postings)
        out["stored"] = [searcher.stored_fields(d) for d in range(reader.doc_count_all())]
        out["lengths"] = {f: reader.field_length(f) for f in reader.indexed_field_names()}
    return out


def _build(path, writer_class, docs, **kwargs) -> None:
    path.mkdir()
    ix = windex.create_in(str(path), make_schema())
    writer = writer_class(ix, compound=False, **kwargs)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()


@pytest.mark.parametrize("limitmb", [64, 1])
def test_same_postings_as_whooshs_writer(tmp_path, limitmb, monkeypatch):
    docs = _docs(400, seed=limitmb)
    spills = []
    real_spill = TermPool.spill

    def counting_spill(self):
        spills.append(len(self.fields))
        real_spill(self)

    monkeypatch.setattr(TermPool, "spill", counting_spill)
    _build(tmp_path / "whoosh", SegmentWriter, docs, limitmb=64)
    _build(tmp_path / "ours", FastSegmentWriter, docs, limitmb=limitmb)
    theirs, ours = _dump(tmp_path / "whoosh"), _dump(tmp_path / "ours")
    assert ours == theirs
    assert len(theirs) > 500  # a real vocabulary, not an empty index
    # The small limit really spilled runs to disk and merged them back.
    assert (len(spills) >= 2) == (limitmb == 1)


def test_merging_our_segments_keeps_every_posting(tmp_path):
    """Compaction reads our segments (inlined terms too) back into one, as Whoosh would."""
    docs = _docs(120, seed=7)
    dumps = {}
    for name, merger in (("whoosh", SegmentWriter), ("ours", FastSegmentWriter)):
        path = tmp_path / name
        path.mkdir()
        ix = windex.create_in(str(path), make_schema())
        # Ten small segments, as edits leave them, then the tiered merge.
        for start in range(0, 120, 12):
            writer = FastSegmentWriter(ix, compound=False)
            for doc in docs[start:start + 12]:
                writer.add_document(**doc)
            writer.commit(merge=False)
        before = _dump(path)
        merger(ix, compound=False).commit(mergetype=index_mod.tiered_merge)
        with ix.searcher() as searcher:
            assert len(searcher.reader().leaf_readers()) == 1
        dumps[name] = after = _dump(path)
        # Field length totals are re-summed from one-byte approximations
        # when Whoosh merges (its own writer does the same); all else is kept.
        before.pop("lengths"), after.pop("lengths")
        assert after == before and len(after) > 100
    assert dumps["ours"] == dumps["whoosh"]


def _numeric_index(path, year, rating, added) -> windex.Index:
    from whoosh import fields

    path.mkdir()
    schema = fields.Schema(pid=fields.ID(stored=True), year=year, rating=rating, added=added)
    ix = windex.create_in(str(path), schema)
    rng = random.Random(3)
    writer = FastSegmentWriter(ix, compound=False)
    for i in range(600):
        doc = {"pid": str(i), "rating": rng.randint(0, 5),
               "added": rng.choice([-5, 0, 1, 255, 256, 2**40]) + rng.randint(0, 10**7)}
        if i % 7:
            doc["year"] = rng.choice([0, 1, 1990, 2019, 2020, 2021, 2024, 9999])
        writer.add_document(**doc)
    writer.commit()
    return ix


def test_numeric_ranges_answer_as_with_whooshs_trie(tmp_path):
    """Schema 4 indexes years and ratings as plain terms and ``added`` with 8-bit
    trie levels; every range must match the same papers as Whoosh's default."""
    from whoosh import fields
    from whoosh import query as wq

    old = _numeric_index(tmp_path / "old", fields.NUMERIC(int, bits=32),
                         fields.NUMERIC(int, bits=32), fields.NUMERIC(int, bits=64))
    new_schema = make_schema()
    new = _numeric_index(tmp_path / "new", new_schema["year"], new_schema["rating"],
                         new_schema["added"])
    ranges = [("year", 2020, 2020), ("year", 2019, 2024), ("year", None, 2000),
              ("year", 2021, None), ("year", 0, 1), ("year", 10000, None),
              ("rating", 3, None), ("rating", 0, 0), ("rating", 1, 4),
              ("added", 0, 255), ("added", 256, 10**6), ("added", None, 0),
              ("added", 2**40, None), ("added", -5, 2**40 + 5000), ("added", 77, 9_999_999)]
    for field, low, high in ranges:
        q = wq.NumericRange(field, low, high)
        with old.searcher() as a, new.searcher() as b:
            theirs = {a.stored_fields(d)["pid"] for d in a.docs_for_query(q)}
            ours = {b.stored_fields(d)["pid"] for d in b.docs_for_query(q)}
        assert ours == theirs, (field, low, high)
    with new.searcher() as b:
        # One term a year instead of eight; added on 8 levels instead of 16.
        assert len(list(b.lexicon("year"))) == 8
        assert b.doc_frequency("year", new_schema["year"].to_bytes(2020)) > 0


def test_an_index_of_an_older_version_is_rebuilt(tmp_path):
    from readinglist.core.library import LibraryService
    from readinglist.core.models import PaperDraft

    service = LibraryService(tmp_path / "lib")
    service.indexing.ensure()
    service.papers.add_many([PaperDraft(title="Graph attention networks", year=2018)])
    state = service.index.path / "state.json"
    state.write_text(state.read_text("utf-8").replace('"schema": 4', '"schema": 3'), "utf-8")
    service.close()
    again = LibraryService(tmp_path / "lib")
    check = again.indexing.ensure()
    assert check.rebuilt and "schema 3" in check.message
    assert again.search("attention year:2010..2020").total == 1
    again.close()
