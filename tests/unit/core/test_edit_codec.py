"""Edits write one-document segments whose terms sit in their term infos.

(``segment_writer.py`` inlines terms of few postings; Whoosh's own writer
never did.) The small segments must merge and search like Whoosh's.
"""

from __future__ import annotations

from bench.generate import generate
from readinglist.core.library import LibraryService
from readinglist.core.search.query import parse_query
import readinglist.core.search.vector as vector


def test_an_edit_keeps_one_posting_terms_inline_and_is_found_like_before(tmp_path):
    service = LibraryService(tmp_path / "lib")
    try:
        ids = service.papers.add_many(generate(40, seed=2, corpus="realistic").drafts).added
        service.tags.add([ids[4]], ["inline/check"])
        reader = service.index._searcher().reader()
        newest = reader.leaf_readers()[-1][0]
        assert newest.doc_count() == 1
        assert newest.term_info("pid", str(ids[4])).is_inlined()
        # The segment names Whoosh's own codec as its reader: any Whoosh opens it.
        assert type(newest.segment().codec()).__module__ == "whoosh.codec.whoosh3"

        assert service.search("tag:inline/check").ids == [ids[4]]
        word = service.papers.get(ids[4]).title.split()[0]
        fast = service.search(word, limit=None).ids
        vector.enabled = False
        try:
            assert fast == service.index.search(parse_query(word), limit=None).ids
        finally:
            vector.enabled = True
        assert ids[4] in fast
    finally:
        service.close()


def test_segments_of_inline_terms_merge_and_search_like_whoosh(tmp_path):
    service = LibraryService(tmp_path / "lib")
    try:
        ids = service.papers.add_many(generate(60, seed=4, corpus="realistic").drafts).added
        for k, pid in enumerate(ids[:24]):  # 24 one-document segments: two tiers merge
            service.tags.add([pid], [f"merge/t{k % 3}"])
        service.papers.set_status(ids[:24:5], "read")
        assert service.indexing.compact()
        for query in ["model", "tag:merge/t1 learning", "status:read model", "year:>=2000 data",
                      "merge", '"language model"']:
            fast = service.search(query, limit=None).ids
            if query.startswith(("tag:", "status:", "year:")) and ":" in query.split()[-1]:
                continue
            vector.enabled = False
            try:
                assert fast == service.index.search(parse_query(query), limit=None).ids, query
            finally:
                vector.enabled = True
        assert set(service.search("tag:merge/t1", limit=None).ids) == set(ids[1:24:3])
    finally:
        service.close()
