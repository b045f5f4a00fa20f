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

import bisect
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.core.errors import QueryTooCostly
from readinglist.core.search.compile import MAX_PREFIX_TERMS, PROSE_FIELDS, Compiler
from readinglist.core.search.query import (
    And,
    Everything,
    Match,
    Node,
    Not,
    Or,
    Range,
    Text,
    is_structured,
)
from readinglist.core.search.schema import FIELD_BOOSTS

B = 0.75  # Whoosh's BM25F defaults
K1 = 1.2
IDS_BOOST = 8.0
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# A query's whole evaluation, as the user waits for it.
DEADLINE_S = 15.0
TOO_COSTLY = ("this search takes too long; make it more specific (fewer words, "
              "longer prefixes)")
# Decoded postings kept across searches (about 12 bytes per posting, 8 more
# per position): the common words of a 100k library fit many times over.
CACHE_BYTES = 96 * 2**20
_POS_BITS = 32

enabled = True  # tests switch the engine off to get Whoosh's own answer


class Unsupported(Exception):
    """This query is left to Whoosh's matchers."""


class PostingCache:
    """Decoded postings by (segment, field, term, kind), least recently used out first."""

    def __init__(self, limit_bytes: int = CACHE_BYTES) -> None:
        self.limit = limit_bytes
        self.size = 0
        self._items: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]
        value = build()
        nbytes = _nbytes(value)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, nbytes)
                self.size += nbytes
            while self.size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def _nbytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 100
    if isinstance(value, list):
        return 60 * len(value) + 100
    if isinstance(value, tuple):
        return sum(_nbytes(v) for v in value) + 50
    return 100


@dataclass
class _Seg:
    """One segment during a search: its reader, first global document number, size."""

    leaf: Any
    base: int
    n: int
    key: Any


Result = tuple[np.ndarray, np.ndarray]  # (match mask, scores) over a segment's documents


class VectorSearch:
    def __init__(self, searcher: Searcher, schema: Any, cache: PostingCache,
                 *, deadline_s: float | None = None, index_key: str = "") -> None:
        self.index_key = index_key  # which index (segment ids are unique within one)
        self.searcher = searcher
        self.schema = schema
        self.cache = cache
        self.compiler = Compiler(schema, searcher.reader())
        self.doc_count_all = searcher.doc_count_all()
        self.deadline = time.monotonic() + (DEADLINE_S if deadline_s is None else deadline_s)
        self._stats: dict[tuple[str, str], tuple[float, np.ndarray | None] | None] = {}
        self._filters: dict[int, np.ndarray] = {}
        self._memo: dict[tuple[Any, ...], list[str]] = {}
        self._segs: list[_Seg] | None = None
        self._generation = searcher.reader().generation()

    # ---- the query ---------------------------------------------------------

    def run(self, node: Node, limit: int | None) -> tuple[list[int], int] | None:
        """Global document numbers of the best ``limit`` matches and the match count."""
        found = self.run_docs(node, limit)
        if found is None:
            return None
        return found[0].tolist(), found[1]

    def paper_ids(self, node: Node, limit: int | None) -> tuple[list[int], int] | None:
        """Like :meth:`run`, with paper ids instead of document numbers."""
        found = self.run_docs(node, limit)
        if found is None:
            return None
        docs, total = found
        if not len(docs):
            return [], total
        out = np.empty(len(docs), dtype=np.int64)
        for seg in self._segments():
            inside = (docs >= seg.base) & (docs < seg.base + seg.n)
            if inside.any():
                out[inside] = self._pids(seg)[docs[inside] - seg.base]
        return out.tolist(), total

    def run_docs(self, node: Node, limit: int | None) -> tuple[np.ndarray, int] | None:
        if not _supported(node):
            return None
        docs: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        try:
            for seg in self._segments():
                mask, score = self._eval(node, seg)
                if seg.leaf.has_deletions():
                    mask = mask & self._live(seg)
                hit = np.flatnonzero(mask)
                docs.append(hit + seg.base)
                scores.append(score[hit])
        except Unsupported:
            return None
        if not docs:
            return np.zeros(0, dtype=np.int64), 0
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

    def _segments(self) -> list[_Seg]:
        if self._segs is None:
            self._segs = list(self._each_segment())
        return self._segs

    def _each_segment(self) -> Iterator[_Seg]:
        for leaf, base in self.searcher.reader().leaf_readers():
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            if segment is None:
                continue  # an empty reader
            key = (self.index_key, segment.segment_id())
            yield _Seg(leaf, base, leaf.doc_count_all(), key)

    def _eval(self, node: Node, seg: _Seg) -> Result:
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

    def _and(self, items: tuple[Node, ...], seg: _Seg) -> Result:
        mask = np.ones(seg.n, dtype=bool)
        score = np.zeros(seg.n)
        for item in items:
            if isinstance(item, Not):
                if is_structured(item.item):
                    mask &= ~self._filter(item.item, seg)
                else:
                    mask &= ~self._eval(item.item, seg)[0]
            elif is_structured(item):
                mask &= self._filter(item, seg)
            else:
                m, s = self._eval(item, seg)
                mask &= m
                score += s
        score[~mask] = 0.0
        return mask, score

    # ---- text --------------------------------------------------------------

    def _text(self, node: Text, seg: _Seg) -> Result:
        """Compiler.text's alternatives, summed where several match (Whoosh's Or)."""
        mask = np.zeros(seg.n, dtype=bool)
        score = np.zeros(seg.n)
        if node.field:
            fields: list[tuple[str, float]] = [(node.field, 1.0)]
        else:
            fields = [(f, FIELD_BOOSTS[f]) for f in PROSE_FIELDS]
        any_field = False
        for field, boost in fields:
            any_field |= self._field_text(field, node, boost, seg, mask, score)
        if not any_field:
            # Only stop words: Whoosh's Every(), which matches every document.
            return np.ones(seg.n, dtype=bool), np.zeros(seg.n)
        if not node.field:
            self._field_text("authors", node, FIELD_BOOSTS["authors"], seg, mask, score)
            self._field_text("tags", node, FIELD_BOOSTS["tags"], seg, mask, score)
            if not node.phrase and not node.prefix:
                self._term("ids", node.text.strip().lower(), IDS_BOOST, seg, mask, score)
        return mask, score

    def _field_text(self, field: str, node: Text, boost: float, seg: _Seg,
                    mask: np.ndarray, score: np.ndarray) -> bool:
        """Add one field's match of ``node``; False if the text has no terms there."""
        if field == "tags":
            value = node.text.strip().lower()
            if node.prefix:
                self._terms_or("tags", self._prefix_terms("tags", value), boost,
                               seg, mask, score)
                return True
            if not value:
                return False
            self._term("tags", value, boost, seg, mask, score)
            return True
        tokens = self._tokens(field, node.text, node.prefix)
        if not tokens:
            return False
        if node.prefix:
            head, last = tokens[:-1], tokens[-1]
            m = np.zeros(seg.n, dtype=bool)
            s = np.zeros(seg.n)
            self._terms_or(field, self._prefix_terms(field, last), boost, seg, m, s)
            for term in head:  # Whoosh's And([Term, ..., prefix]): head terms unboosted
                hm = np.zeros(seg.n, dtype=bool)
                hs = np.zeros(seg.n)
                self._term(field, term, 1.0, seg, hm, hs)
                m &= hm
                s += hs
            s[~m] = 0.0
            mask |= m
            score += s
            return True
        if len(tokens) == 1:
            self._term(field, tokens[0], boost, seg, mask, score)
            return True
        self._phrase(field, tokens, boost, seg, mask, score)
        return True

    def _terms_or(self, field: str, terms: list[str], boost: float, seg: _Seg,
                  mask: np.ndarray, score: np.ndarray) -> None:
        """Whoosh's ``Or`` of a prefix's terms: all of them in one pass over arrays."""
        parts = []
        norm = None
        for term in terms:
            stats = self._term_stats(field, term)
            if stats is None:
                continue
            ids, weights = self._postings(seg, field, term)
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
            s = scale * weights / (weights + norm[self._lengths(seg, field)[ids]])
        mask[ids] = True
        score += boost * np.bincount(ids, weights=s, minlength=seg.n)

    def _term(self, field: str, text: str, boost: float, seg: _Seg,
              mask: np.ndarray, score: np.ndarray) -> None:
        found = self._term_scores(field, text, seg)
        if found is None:
            return
        ids, s = found
        mask[ids] = True
        score[ids] += boost * s if boost != 1.0 else s

    def _term_scores(self, field: str, text: str, seg: _Seg) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's matches in the segment and their unboosted BM25F scores."""
        stats = self._term_stats(field, text)
        if stats is None:
            return None
        ids, weights = self._postings(seg, field, text)
        if not len(ids):
            return None
        scale, norm = stats
        if norm is None:
            return ids, weights  # Whoosh scores unscorable fields (ids) by weight alone
        lengths = self._lengths(seg, field)
        return ids, scale * weights / (weights + norm[lengths[ids]])

    def _phrase(self, field: str, tokens: list[str], boost: float, seg: _Seg,
                mask: np.ndarray, score: np.ndarray) -> None:
        """Whoosh's Phrase: every word, at consecutive positions; the words' scores summed."""
        if any(self._term_stats(field, t) is None for t in tokens):
            return
        found = [self._term_scores(field, t, seg) for t in tokens]
        if any(f is None for f in found):
            return
        cand = np.ones(seg.n, dtype=bool)
        for ids, _ in found:  # type: ignore[misc]
            here = np.zeros(seg.n, dtype=bool)
            here[ids] = True
            cand &= here
        if not cand.any():
            return
        starts = self._positions(seg, field, tokens[0])
        starts = starts[cand[starts >> _POS_BITS]]
        for k, term in enumerate(tokens[1:], start=1):
            if not len(starts):
                return
            keys = self._positions(seg, field, term)
            want = starts + k
            at = np.searchsorted(keys, want)
            at[at >= len(keys)] = 0
            starts = starts[keys[at] == want] if len(keys) else starts[:0]
        docs = np.unique(starts >> _POS_BITS)
        if not len(docs):
            return
        total = np.zeros(seg.n)
        for ids, s in found:  # type: ignore[misc]
            total[ids] += s
        mask[docs] = True
        score[docs] += boost * total[docs] if boost != 1.0 else total[docs]

    # ---- structured filters ------------------------------------------------

    def _filter(self, node: Node, seg: _Seg) -> np.ndarray:
        if isinstance(node, Match):
            ids, _ = self._postings(seg, node.field, node.value)
            mask = np.zeros(seg.n, dtype=bool)
            mask[ids] = True
            return mask
        if isinstance(node, Range):
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

    def _range_docs(self, node: Range) -> np.ndarray:
        key = id(node)
        if key not in self._filters:
            q = self.compiler.range(node)
            docs = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
            docs.sort()
            self._filters[key] = docs
        return self._filters[key]

    # ---- decoded data, cached per segment ----------------------------------

    def _tokens(self, field: str, text: str, prefix: bool) -> list[str]:
        key = (field, text, prefix)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.compiler._tokens(field, text, prefix=prefix)  # noqa: SLF001
        return found

    def _prefix_terms(self, field: str, prefix: str) -> list[str]:
        """Compiler.prefix_terms, from each segment's sorted term table (cached)."""
        key = (field, prefix, "*")
        found = self._memo.get(key)
        if found is None:
            dfs: dict[str, int] = {}
            for seg in self._segments():
                terms, counts = self._term_table(seg, field)
                lo = bisect.bisect_left(terms, prefix)
                hi = bisect.bisect_left(terms, prefix + "\U0010ffff", lo)
                for t, c in zip(terms[lo:hi], counts[lo:hi].tolist(), strict=True):
                    dfs[t] = dfs.get(t, 0) + c
            expanded = sorted(dfs)
            if len(expanded) > MAX_PREFIX_TERMS:
                expanded.sort(key=lambda t: -dfs[t])  # stable: ties stay in term order
                expanded = expanded[:MAX_PREFIX_TERMS]
            found = self._memo[key] = expanded
        return found

    def _term_table(self, seg: _Seg, field: str) -> tuple[list[str], np.ndarray]:
        """The segment's terms of a field, sorted, with their document frequencies."""

        def build() -> tuple[list[str], np.ndarray]:
            terms: list[str] = []
            counts: list[int] = []
            for text, info in seg.leaf.iter_field(field):
                terms.append(text.decode("utf-8") if isinstance(text, bytes) else text)
                counts.append(info.doc_frequency())
            return terms, np.array(counts, dtype=np.int64)

        return self.cache.get((seg.key, field, "", "terms"), build)

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
        avgfl = top.avg_field_length(field) or 1
        idf = math.log(self.doc_count_all / (df + 1)) + 1
        return (idf * (K1 + 1), K1 * ((1 - B) + B * _LENGTHS / avgfl))

    def _postings(self, seg: _Seg, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        def build() -> tuple[np.ndarray, np.ndarray]:
            self._check_time()
            ids: list[Any] = []
            weights: list[Any] = []
            for block_ids, block_weights, _ in _blocks(seg.leaf, field, text, values=False):
                ids.extend(block_ids)
                weights.extend(block_weights)
            return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)

        return self.cache.get((seg.key, field, text, "p"), build)

    def _positions(self, seg: _Seg, field: str, text: str) -> np.ndarray:
        """Sorted keys ``document << 32 | position`` of every occurrence of the term."""

        def build() -> np.ndarray:
            self._check_time()
            decode = self.schema[field].format.decode_positions
            docs: list[int] = []
            positions: list[int] = []
            for block_ids, _, values in _blocks(seg.leaf, field, text, values=True):
                for d, v in zip(block_ids, values, strict=True):
                    ps = decode(v)
                    docs.extend([d] * len(ps))
                    positions.extend(ps)
            keys = (np.array(docs, dtype=np.int64) << _POS_BITS) | np.array(positions,
                                                                              dtype=np.int64)
            keys.sort()
            return keys

        return self.cache.get((seg.key, field, text, "pos"), build)

    def _lengths(self, seg: _Seg, field: str) -> np.ndarray:
        def build() -> np.ndarray:
            perdoc = seg.leaf._perdoc  # noqa: SLF001
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
            raw = b"" if column is None else bytes(column._dbfile.get(  # noqa: SLF001
                column._basepos, column._count))  # noqa: SLF001
            out = np.zeros(seg.n, dtype=np.uint8)  # no text in the field: length 0
            got = np.frombuffer(raw, dtype=np.uint8)[: seg.n]
            out[: len(got)] = got
            return out

        return self.cache.get((seg.key, field, "", "len"), build)

    def _pids(self, seg: _Seg) -> np.ndarray:
        """Paper id of every document in the segment, from the unique ``pid`` terms.

        Stored fields cost ~30 µs a hit (200 hits: 6 ms a search); a unique
        term's one posting is inlined in its term info, so one walk over the
        field's terms maps every document.
        """

        def build() -> np.ndarray:
            pids = np.full(seg.n, -1, dtype=np.int64)
            for text, info in seg.leaf.iter_field("pid"):
                inlined = getattr(info, "_inlined", None)
                if inlined is not None:
                    docs = inlined[0]
                else:
                    docs = list(seg.leaf.postings("pid", text).all_ids())
                pids[np.asarray(docs, dtype=np.int64)] = int(text)
            return pids

        return self.cache.get((seg.key, "pid", "", "pids"), build)

    def _live(self, seg: _Seg) -> np.ndarray:
        deleted = seg.leaf.deleted_docs_set
        if not isinstance(deleted, set | frozenset):
            deleted = set(deleted)

        def build() -> np.ndarray:
            live = np.ones(seg.n, dtype=bool)
            if deleted:
                live[np.fromiter(deleted, dtype=np.int64)] = False
            return live

        return self.cache.get((seg.key, "", len(deleted), "live"), build)


def _supported(node: Node) -> bool:
    """Queries whose scores this module reproduces (the rest goes to Whoosh)."""
    if isinstance(node, Everything):
        return False
    if is_structured(node):
        return True  # as a filter: only inside a text query (see _positive)
    return _positive(node)


def _positive(node: Node) -> bool:
    """Scored text nodes: Text, And of them (with filters and negations), Or of them."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And):
        scored = [i for i in node.items if not isinstance(i, Not) and not is_structured(i)]
        return bool(scored) and all(_positive(i) for i in scored) and all(
            is_structured(i.item) or _textual(i.item) for i in node.items if isinstance(i, Not))
    if isinstance(node, Or):
        return all(_positive(i) for i in node.items)
    return False


def _textual(node: Node) -> bool:
    """A negated part: any mix of text, AND, OR (only its matches matter)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return all(_textual(i) or is_structured(i) for i in node.items)
    if isinstance(node, Not):
        return _textual(node.item) or is_structured(node.item)
    return False


def _blocks(leaf: Any, field: str, text: str, *, values: bool
            ) -> Iterator[tuple[Any, Any, Any]]:
    """A term's postings in a segment, a block at a time (deleted documents included)."""
    try:
        m = leaf.postings(field, text)
    except TermNotFound:
        return
    if isinstance(m, FilterMatcher):
        m = m.child  # the deletions filter: deleted documents are dropped later
    if isinstance(m, W3LeafMatcher):
        # WORKAROUND: Whoosh has no public bulk read; these are the block
        # readers its own matcher methods use.
        while not m._atend:  # noqa: SLF001
            m._read_ids()  # noqa: SLF001
            m._read_weights()  # noqa: SLF001
            if values:
                m._read_values()  # noqa: SLF001
            yield m._ids, m._weights, (m._values if values else None)  # noqa: SLF001
            m._next_block()  # noqa: SLF001
        return
    ids, weights, vals = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    yield ids, weights, (vals if values else None)
