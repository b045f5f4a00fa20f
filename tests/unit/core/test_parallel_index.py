"""Bulk adds and rebuilds index on every core, with the same results.

Whoosh's multi-process writer gives each child process its own segment;
``PARALLEL_MIN_DOCS`` is lowered so a small library takes that path.
"""

from __future__ import annotations

import pytest

import readinglist.core.search.index as index_mod
from bench.generate import generate
from readinglist.core.library import LibraryService


@pytest.fixture
def parallel(monkeypatch):
    monkeypatch.setattr(index_mod, "PARALLEL_MIN_DOCS", 50)
    monkeypatch.setattr(index_mod, "CHILD_BATCH", 40)
    monkeypatch.setattr(index_mod, "writer_procs",
                        lambda docs: 2 if docs >= index_mod.PARALLEL_MIN_DOCS else 1)
    import readinglist.core.services.indexing as indexing_mod
    monkeypatch.setattr(indexing_mod, "writer_procs", index_mod.writer_procs)


QUERIES = ["model", "language model", '"graph attention"', "dist*", "learning -model",
           "transformer OR diffusion"]


def test_a_parallel_bulk_add_finds_what_one_process_finds(tmp_path, parallel):
    lib = generate(240, corpus="realistic")
    one = LibraryService(tmp_path / "one")
    one.indexing.ensure()  # a library in use: its index exists, a bulk add drains into it
    index_mod_min = index_mod.PARALLEL_MIN_DOCS
    index_mod.PARALLEL_MIN_DOCS = 10**9  # this library: one process
    try:
        one.papers.add_many(lib.drafts)
    finally:
        index_mod.PARALLEL_MIN_DOCS = index_mod_min
    two = LibraryService(tmp_path / "two")
    two.indexing.ensure()
    two.papers.add_many(lib.drafts)
    assert two.index.segment_count() >= 2  # the children wrote their own segments
    for query in QUERIES:
        a, b = one.search(query, limit=None), two.search(query, limit=None)
        assert set(a.ids) == set(b.ids) and a.total == b.total > 0, query
    assert two.indexing.check() is None  # the index agrees with the database
    # A rebuild on two processes, then an edit, are seen by the next search.
    assert two.indexing.rebuild() == 240
    pid = two.search("model").ids[0]
    two.tags.add([pid], ["parallel/checked"])
    assert two.search("tag:parallel/checked model").ids == [pid]
    one.close()
    two.close()
