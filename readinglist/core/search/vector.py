"""Queries answered from posting lists held as numpy arrays.

Whoosh scores a match through a tree of matcher objects, several Python
calls per document and field: at 100,000 papers a word that is in 90 % of
them ("model", "learning") cost a quarter of a second, two such words half a
second, and a phrase of two common words 0.6 s (issue 13). Segments are
immutable, so a term's postings in a segment are decoded once into arrays
(document numbers, weights and, for phrases, positions) and kept in a
bounded cache; a query is then a handful of array operations per segment:

- words: BM25F with Whoosh's formula, statistics and field boosts, summed
  over the fields a word searches, as Whoosh's ``Or`` of ``Term`` does;
- AND / OR: intersections and unions of match masks, scores summed;
- phrases: the candidates that hold every word, then positions compared as
  sorted ``(document, position)`` keys; scored like Whoosh's ``Phrase``
  (the sum of its words' scores);
- prefixes: the same term expansion as ``compile.Compiler``;
- ``-word``/``NOT`` and structured filters (``tag:`` ``status:`` ``year:`` …):
  masks taken away or applied, without changing the scores (as before);
- the top ``limit`` by score, ties by document number as Whoosh breaks them.

Whatever this module does not cover (an ``OR`` mixing text with filters or
negations, a query of stop words only) returns ``None`` and goes to Whoosh.
``tests/unit/core/test_vector_search.py`` checks both find the same documents
in the same order.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.core.errors import QueryTooCostly
from readinglist.core.search.compile import PROSE_FIELDS, Compiler
from readinglist.core.search.plan import QueryPlan, supported
from readinglist.core.search.query import And, Match, Node, Not, Or, Range, Text, is_structured
from readinglist.core.search.small import SmallResults
from readinglist.core.search.sparse import SparseScoring
from readinglist.core.search.segment_data import (
    COLUMN_FIELDS,
    MISSING,
    PostingCache,
    Segment,
    unique_sorted,
)

__all__ = ["DEADLINE_S", "TOO_COSTLY", "PostingCache", "Unsupported", "VectorSearch", "enabled"]

B = 0.75  # Whoosh's BM25F defaults
K1 = 1.2
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# A query's whole evaluation, as the user waits for it.
DEADLINE_S = 15.0
TOO_COSTLY = ("this search takes too long; make it more specific (fewer words, "
              "longer prefixes)")

enabled = True  # tests switch the engine off to get Whoosh's own answer


class Unsupported(Exception):
    """This query is left to Whoosh's matchers."""


Result = tuple[np.ndarray, np.ndarray]  # (match mask, scores) over a segment's documents
_NO_DOCS = np.zeros(0, dtype=np.int64)
_NO_DOCS.flags.writeable = False


# Plans, statistics and query shapes kept per searcher before starting over
# (a searcher lives until the next commit; these are small, but a session
# of typing can make thousands).
MEMO_LIMIT = 4096


class VectorSearch(QueryPlan, SparseScoring, SmallResults):
    def __init__(self, searcher: Searcher, schema: Any, cache: PostingCache,
                 *, deadline_s: float | None = None, index_key: str = "") -> None:
        self.index_key = index_key  # which index (segment ids are unique within one)
        self.searcher = searcher
        self.schema = schema
        self.cache = cache
        self.compiler = Compiler(schema, searcher.reader())
        self.doc_count_all = searcher.doc_count_all()
        self.deadline = 0.0
        self._stats: dict[tuple[str, str], tuple[float, np.ndarray | None] | None] = {}
        self._filters: dict[int, np.ndarray] = {}
        self._memo: dict[tuple[Any, ...], list[str]] = {}
        self._shapes: dict[Node, tuple[bool, bool, Any]] = {}
        self._norms: dict[str, list[float]] = {}
        self._norm_arrays: dict[str, np.ndarray] = {}
        self._segs: list[Segment] | None = None
        self._bases: np.ndarray | None = None
        self._generation = searcher.reader().generation()
        self.restart(deadline_s)

    @classmethod
    def for_searcher(cls, searcher: Searcher, schema: Any, cache: PostingCache,
                     *, index_key: str = "") -> VectorSearch:
        """The engine kept with ``searcher``, ready for a new query.

        A searcher serves one commit of the index (one thread's, until the
        next commit), so its segments, plans and term statistics do not
        change: worked out once, not per keystroke. Set up per search, they
        were most of the cost of a search finding one paper.
        """
        engine = getattr(searcher, "_readinglist_engine", None)
        if engine is None or engine.cache is not cache or engine.index_key != index_key:
            engine = cls(searcher, schema, cache, index_key=index_key)
            searcher._readinglist_engine = engine  # noqa: SLF001 - ours, on Whoosh's object
        else:
            engine.restart()
        return engine

    def restart(self, deadline_s: float | None = None) -> None:
        """A new query: its own deadline and range filters."""
        self.deadline = time.monotonic() + (DEADLINE_S if deadline_s is None else deadline_s)
        if self._filters:
            self._filters.clear()  # keyed by node identity, and ``added:`` moves with the clock
        if len(self._memo) > MEMO_LIMIT or len(self._shapes) > MEMO_LIMIT or (
                len(self._stats) > MEMO_LIMIT):
            self._memo.clear()
            self._shapes.clear()
            self._stats.clear()

    def warm(self) -> None:
        """Decode what every search needs from each segment (paper ids, the
        deletions, the lengths of the text fields) ahead of the first query."""
        for seg in self._segments():
            self._check_time()
            seg.pids()
            seg.live()
            for field in (*PROSE_FIELDS, "authors"):
                seg.lengths(field)

    # ---- the query ---------------------------------------------------------

    def run(self, node: Node, limit: int | None) -> tuple[list[int], int] | None:
        """Global document numbers of the best ``limit`` matches and the match count."""
        found = self._ranked(node, limit)
        if found is None:
            return None
        hits, total = found
        if isinstance(hits, list):
            return [seg.base + d for seg, d in hits], total
        return hits.tolist(), total

    def paper_ids(self, node: Node, limit: int | None) -> tuple[list[int], int] | None:
        """Like :meth:`run`, with paper ids instead of document numbers."""
        found = self._ranked(node, limit)
        if found is None:
            return None
        docs, total = found
        if isinstance(docs, list):
            pids: dict[int, np.ndarray] = {}
            out = []
            for seg, d in docs:
                of = pids.get(seg.base)
                if of is None:
                    of = pids[seg.base] = seg.pids()
                out.append(int(of[d]))
            return out, total
        if not len(docs):
            return [], total
        segs = self._segments()
        if self._bases is None:
            self._bases = np.array([seg.base for seg in segs], dtype=np.int64)
        where = np.searchsorted(self._bases, docs, side="right") - 1
        first, last = int(where[0]), int(where[-1])
        if first == last and (len(where) < 3 or (where == first).all()):
            seg = segs[first]  # all in one segment (a rare word, a small library)
            return seg.pids()[docs - seg.base].tolist(), total
        out_ids = np.empty(len(docs), dtype=np.int64)
        for k in unique_sorted(where).tolist():
            seg = segs[k]
            inside = where == k
            out_ids[inside] = seg.pids()[docs[inside] - seg.base]
        return out_ids.tolist(), total

    def _ranked(self, node: Node, limit: int | None) -> tuple[Any, int] | None:
        """(segment, document) pairs from the plain-Python path when the matches
        are few (``search/small.py``), else global document numbers in an array."""
        try:
            ranked, can_match, segments = self._shape(node)
        except Unsupported:
            return None
        if not ranked:
            return None
        if not can_match:
            return _NO_DOCS, 0  # a word in no segment (the common typo case)
        small = self._small(node, segments, limit)
        if small is not None:
            return small
        return self.run_docs(node, limit)

    def _shape(self, node: Node) -> tuple[bool, bool, Any]:
        """Whether the engine ranks the query, whether it can match at all, and
        in which segments (None: any): the same for a searcher's whole life."""
        found = self._shapes.get(node)
        if found is None:
            if not supported(node):
                found = (False, False, None)
            elif not self._can_match(node):
                found = (True, False, None)
            else:
                where = self._where(node)
                segs = self._segments()
                found = (True, True, segs if where is None
                         else [segs[k] for k in sorted(where)])
            self._shapes[node] = found
        return found

    def run_docs(self, node: Node, limit: int | None) -> tuple[np.ndarray, int] | None:
        docs: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        try:
            ranked, can_match, segments = self._shape(node)
            if not ranked:
                return None
            if not can_match:
                # A word in no segment: nothing to walk (the common typo case).
                return _NO_DOCS, 0
            for seg in segments:  # only those holding the words needed
                sparse = self._sparse(node, seg)
                if sparse is not None:
                    hit, found = sparse
                    if len(hit) and seg.deleted():
                        keep = seg.live()[hit]
                        hit, found = hit[keep], found[keep]
                    if len(hit):
                        docs.append(hit + seg.base)
                        scores.append(found)
                    continue
                mask, score = self._eval(node, seg)
                if seg.deleted():
                    mask = mask & seg.live()
                hit = np.flatnonzero(mask)
                if len(hit):
                    docs.append(hit + seg.base)
                    scores.append(score[hit])
        except Unsupported:
            return None
        if not docs:
            return _NO_DOCS, 0
        if len(docs) == 1:
            all_docs, all_scores = docs[0], scores[0]
        else:
            all_docs = np.concatenate(docs)
            all_scores = np.concatenate(scores)
        total = len(all_docs)
        if limit is not None and total > limit:
            if limit <= 0:
                return np.zeros(0, dtype=np.int64), total
            kth = np.partition(all_scores, total - limit)[total - limit]
            keep = all_scores >= kth
            all_docs, all_scores = all_docs[keep], all_scores[keep]
        order = np.lexsort((all_docs, -all_scores))
        if limit is not None:
            order = order[:limit]
        return all_docs[order], total

    def _segments(self) -> list[Segment]:
        if self._segs is None:
            self._segs = list(self._each_segment())
        return self._segs

    def _each_segment(self) -> Iterator[Segment]:
        for leaf, base in self.searcher.reader().leaf_readers():
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            if segment is None:
                continue  # an empty reader
            key = (self.index_key, segment.segment_id())
            yield Segment(leaf, base, leaf.doc_count_all(), key, self.cache, self.schema,
                          self._check_time)

    def _eval(self, node: Node, seg: Segment) -> Result:
        self._check_time()
        if isinstance(node, Text):
            return self._text(node, seg)
        if isinstance(node, And):
            return self._and(node.items, seg)
        if isinstance(node, Or):
            mask = np.zeros(seg.n, dtype=bool)
            score = np.zeros(seg.n)
            for item in node.items:
                m, s = self._eval(item, seg)
                mask |= m
                score += s  # zero where an item does not match
            return mask, score
        if isinstance(node, Not):
            return self._and((node,), seg)
        if isinstance(node, Match | Range):
            return self._and((node,), seg)
        raise Unsupported(repr(node))

    def _and(self, items: tuple[Node, ...], seg: Segment) -> Result:
        """Filters first: a segment they leave empty (``tag:new word`` after an
        edit: every segment but the new one) costs no word lookups at all."""
        mask = np.ones(seg.n, dtype=bool)
        texts: list[Node] = []
        for item in items:
            if isinstance(item, Not) and is_structured(item.item):
                mask &= ~self._filter(item.item, seg)
            elif is_structured(item):
                mask &= self._filter(item, seg)
            else:
                texts.append(item)
        score = np.zeros(seg.n)
        if not mask.any():
            return mask, score
        # Positive words before exclusions: an empty match skips the rest.
        texts.sort(key=lambda i: isinstance(i, Not))
        for item in texts:
            if isinstance(item, Not):
                mask &= ~self._eval(item.item, seg)[0]
            else:
                m, s = self._eval(item, seg)
                mask &= m
                score += s
            if not mask.any():
                return mask, np.zeros(seg.n)
        score[~mask] = 0.0
        return mask, score

    # ---- text --------------------------------------------------------------

    def _text(self, node: Text, seg: Segment) -> Result:
        """Compiler.text's alternatives, summed where several match (Whoosh's Or)."""
        plan = self._plan(node)
        if plan is None:
            # Only stop words: Whoosh's Every(), which matches every document.
            return np.ones(seg.n, dtype=bool), np.zeros(seg.n)
        mask = np.zeros(seg.n, dtype=bool)
        score = np.zeros(seg.n)
        for kind, field, terms, boost in plan:
            if kind == "term":
                self._term(field, terms[0], boost, seg, mask, score)
            elif kind == "or":
                self._terms_or(field, terms, boost, seg, mask, score)
            elif kind == "phrase":
                self._phrase(field, terms, boost, seg, mask, score)
            else:
                self._prefix(field, terms, boost, seg, mask, score)
        return mask, score

    def _prefix(self, field: str, parts: tuple[list[str], list[str]], boost: float,
                seg: Segment, mask: np.ndarray, score: np.ndarray) -> None:
        """Whoosh's And([Term, ..., Or(prefix terms)]): the head words unboosted."""
        head, terms = parts
        if not head:
            self._terms_or(field, terms, boost, seg, mask, score)
            return
        m = np.zeros(seg.n, dtype=bool)
        s = np.zeros(seg.n)
        self._terms_or(field, terms, boost, seg, m, s)
        for term in head:
            hm = np.zeros(seg.n, dtype=bool)
            hs = np.zeros(seg.n)
            self._term(field, term, 1.0, seg, hm, hs)
            m &= hm
            s += hs
        s[~m] = 0.0
        mask |= m
        score += s

    def _terms_or(self, field: str, terms: list[str], boost: float, seg: Segment,
                  mask: np.ndarray, score: np.ndarray) -> None:
        """Whoosh's ``Or`` of a prefix's terms: all of them in one pass over arrays."""
        parts = []
        norm = None
        for term in terms:
            stats = self._term_stats(field, term)
            if stats is None:
                continue
            ids, weights = seg.postings(field, term)
            if len(ids):
                parts.append((ids, weights, stats[0]))
                norm = stats[1]  # the same for every term of the field
        if not parts:
            return
        ids = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        if norm is None:
            s = weights
        else:
            scale = np.repeat([p[2] for p in parts], [len(p[0]) for p in parts])
            s = scale * weights / (weights + norm[seg.lengths(field)[ids]])
        mask[ids] = True
        score += boost * np.bincount(ids, weights=s, minlength=seg.n)

    def _term(self, field: str, text: str, boost: float, seg: Segment,
              mask: np.ndarray, score: np.ndarray) -> None:
        found = self._term_scores(field, text, seg)
        if found is None:
            return
        ids, s = found
        mask[ids] = True
        score[ids] += boost * s if boost != 1.0 else s

    def _term_scores(self, field: str, text: str, seg: Segment
                     ) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's matches in the segment and their unboosted BM25F scores."""
        stats = self._term_stats(field, text)
        if stats is None:
            return None
        ids, weights = seg.postings(field, text)
        if not len(ids):
            return None
        scale, norm = stats
        if norm is None:
            return ids, weights  # Whoosh scores unscorable fields (ids) by weight alone
        lengths = seg.lengths(field)
        return ids, scale * weights / (weights + norm[lengths[ids]])

    def _phrase(self, field: str, tokens: list[str], boost: float, seg: Segment,
                mask: np.ndarray, score: np.ndarray) -> None:
        """Whoosh's Phrase: every word, at consecutive positions; the words' scores summed."""
        found = self._phrase_hits(field, tokens, seg)
        if found is None:
            return
        docs, total = found
        mask[docs] = True
        score[docs] += boost * total if boost != 1.0 else total

    def _phrase_hits(self, field: str, tokens: list[str], seg: Segment
                     ) -> tuple[np.ndarray, np.ndarray] | None:
        """The documents holding the phrase (sorted) and their unboosted scores.

        Where the words stand together is a property of the (immutable)
        segment, worked out once (``Segment.phrase_docs``); the scores depend
        on the index's statistics and are computed for those documents only.
        """
        docs = seg.phrase_docs(field, tokens)
        if not len(docs):
            return None
        posts = [seg.postings(field, t) for t in tokens]
        total = np.zeros(len(docs))
        lengths = seg.lengths(field)
        for term, (ids, weights) in zip(tokens, posts, strict=True):
            scale, norm = self._term_stats(field, term)  # type: ignore[misc]
            w = weights[np.searchsorted(ids, docs)]
            total += w if norm is None else scale * w / (w + norm[lengths[docs]])
        return docs, total

    # ---- structured filters ------------------------------------------------

    def _filter(self, node: Node, seg: Segment) -> np.ndarray:
        if isinstance(node, Match):
            ids, _ = seg.postings(node.field, node.value)
            mask = np.zeros(seg.n, dtype=bool)
            mask[ids] = True
            return mask
        if isinstance(node, Range):
            if node.field in COLUMN_FIELDS:
                return self._column_range(node, seg)
            docs = self._range_docs(node)
            lo = np.searchsorted(docs, seg.base)
            hi = np.searchsorted(docs, seg.base + seg.n)
            mask = np.zeros(seg.n, dtype=bool)
            mask[docs[lo:hi] - seg.base] = True
            return mask
        if isinstance(node, Not):
            return ~self._filter(node.item, seg)
        if isinstance(node, And):
            mask = np.ones(seg.n, dtype=bool)
            for item in node.items:
                mask &= self._filter(item, seg)
            return mask
        if isinstance(node, Or):
            mask = np.zeros(seg.n, dtype=bool)
            for item in node.items:
                mask |= self._filter(item, seg)
            return mask
        raise Unsupported(repr(node))

    def _column_range(self, node: Range, seg: Segment) -> np.ndarray:
        """``year:2020..2023`` as a comparison on the segment's decoded year column.

        The same clamping as ``Compiler.range``: bounds past what the field
        holds are open ends, a range wholly outside it matches nothing.
        """
        field = self.schema[node.field]
        low, high = node.low, node.high
        if (low is not None and low > field.max_value) or (
                high is not None and high < field.min_value):
            return np.zeros(seg.n, dtype=bool)
        values = seg.column(node.field)
        mask = values != MISSING
        if low is not None and low > field.min_value:
            mask &= values >= low
        if high is not None and high < field.max_value:
            mask &= values <= high
        return mask

    def _range_docs(self, node: Range) -> np.ndarray:
        key = id(node)
        if key not in self._filters:
            q = self.compiler.range(node)
            docs = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
            docs.sort()
            self._filters[key] = docs
        return self._filters[key]

    # ---- terms and their statistics ------------------------------------------

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTooCostly(TOO_COSTLY)

    def _term_stats(self, field: str, text: str) -> tuple[float, np.ndarray | None] | None:
        """Whole-index BM25F statistics of a term, as Whoosh's BM25F computes them."""
        key = (field, text)
        if key not in self._stats:
            self._stats[key] = self.cache.get(
                (self.index_key, self._generation, field, text, "stats"),
                lambda: self._compute_stats(field, text))
        return self._stats[key]

    def _compute_stats(self, field: str, text: str) -> tuple[float, np.ndarray | None] | None:
        top = self.searcher
        df = top.doc_frequency(field, text) if field in self.schema else 0
        if not df:
            return None
        if not self.schema[field].scorable:
            return (1.0, None)
        idf = math.log(self.doc_count_all / (df + 1)) + 1
        norm = self._norm_arrays.get(field)
        if norm is None:  # one per field (the field's average length), shared by its terms
            avgfl = top.avg_field_length(field) or 1
            norm = self._norm_arrays[field] = K1 * ((1 - B) + B * _LENGTHS / avgfl)
        return (idf * (K1 + 1), norm)
