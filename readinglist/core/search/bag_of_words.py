"""Fast ranking for the queries people type most: plain words, AND-ed.

Whoosh scores a match through a tree of matcher objects, several Python
calls per document and field; py-spy on the 10k benchmark put ~2.5 µs on
every matching document, so a common word (90% of a 100k library) cost a
quarter of a second. For plain words, optionally with ``-word`` exclusions
and structured filters (``status:`` ``year:`` ``tag:`` …), this module reads
the posting blocks directly and scores them with the same BM25F formula,
field boosts and statistics Whoosh uses, in tight loops over whole blocks.
Anything else (phrases, prefixes, fields, OR) goes to Whoosh as before; the
results are the same documents (``tests/unit/core/test_bag_of_words.py``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from readinglist.core.search.query import And, Match, Node, Not, Range, Text, is_structured
from readinglist.core.search.schema import FIELD_BOOSTS

B = 0.75  # Whoosh's BM25F defaults
K1 = 1.2
# The fields a plain word searches, as compile.Compiler.text does.
WORD_FIELDS = ("title", "abstract", "notes", "venue", "authors")
IDS_BOOST = 8.0
_LENGTHS = [byte_to_length(b) for b in range(256)]


@dataclass(frozen=True, slots=True)
class Plan:
    words: list[Text]
    excluded: list[Text]
    filters: list[Node]


def plan(node: Node) -> Plan | None:
    """The query as plain words + exclusions + structured filters, if it is one."""
    items = list(node.items) if isinstance(node, And) else [node]
    words, excluded, filters = [], [], []
    for item in items:
        if _plain(item):
            words.append(item)
        elif isinstance(item, Not) and _plain(item.item):
            excluded.append(item.item)
        elif is_structured(item) and isinstance(item, Match | Range | Not | And):
            filters.append(item)
        else:
            return None
    return Plan(words, excluded, filters) if words else None


def _plain(node: Node) -> bool:
    return isinstance(node, Text) and not node.phrase and not node.prefix and (
        not node.field or node.field in WORD_FIELDS)


class BagOfWords:
    """Runs a :class:`Plan` on a searcher; ``None`` when a word needs Whoosh after all."""

    def __init__(self, searcher: Searcher, schema: Any) -> None:
        self.searcher = searcher
        self.schema = schema
        self.doc_count_all = searcher.doc_count_all()
        self._term_stats: dict[tuple[str, str], tuple[float, list[float] | None] | None] = {}

    def terms(self, word: Text) -> list[tuple[str, str, float]] | None:
        """(field, term, boost) alternatives for a word; None if it is a phrase somewhere."""
        if word.field:
            if word.field not in WORD_FIELDS:
                return None
            tokens = [t.text for t in self.schema[word.field].analyzer(word.text, mode="query")]
            if len(tokens) > 1:
                return None
            return [(word.field, tokens[0], 1.0)] if tokens else []
        out: list[tuple[str, str, float]] = []
        any_prose = False
        for field in WORD_FIELDS:
            tokens = [t.text for t in self.schema[field].analyzer(word.text, mode="query")]
            if len(tokens) > 1:
                return None  # "self-attention" is a phrase: Whoosh's business
            if tokens:
                any_prose = any_prose or field != "authors"
                out.append((field, tokens[0], FIELD_BOOSTS[field]))
        if not any_prose:
            return []  # a stop word: matches everything, as compile.Compiler.text says
        value = word.text.strip().lower()
        if value:
            out.append(("tags", value, FIELD_BOOSTS["tags"]))
            out.append(("ids", value, IDS_BOOST))
        return out

    def run(self, p: Plan, limit: int, filter_docs: set[int] | None) -> tuple[list[int], int] | None:
        word_terms = []
        for word in p.words:
            terms = self.terms(word)
            if terms is None:
                return None
            if terms:
                word_terms.append(terms)
        excluded_terms = []
        for word in p.excluded:
            terms = self.terms(word)
            if terms is None:
                return None
            excluded_terms.extend(terms)
        if not word_terms:
            return None  # only stop words: Whoosh's Every() semantics
        word_terms.sort(key=lambda terms: sum(
            self.searcher.doc_frequency(f, t) for f, t, _ in terms))
        best: list[tuple[float, int]] = []
        total = 0
        reader = self.searcher.reader()
        for leaf, base in reader.leaf_readers():
            scores = self._segment(leaf, base, word_terms, excluded_terms, filter_docs)
            total += len(scores)
            best.extend((s, base + d) for d, s in _top(scores, limit))
        best.sort(key=lambda r: (-r[0], r[1]))
        return [d for _, d in best[:limit]], total

    def _segment(
        self,
        leaf: Any,
        base: int,
        word_terms: list[list[tuple[str, str, float]]],
        excluded_terms: list[tuple[str, str, float]],
        filter_docs: set[int] | None,
    ) -> dict[int, float]:
        # The rarest word first; the others only add to its candidates, so a
        # common word costs lookups, not a dictionary of every document.
        ordered = word_terms  # rarest first (run() sorts them)
        scores: dict[int, float] = {}
        for field, text, boost in ordered[0]:
            self._accumulate(leaf, field, text, boost, scores, None)
        for terms in ordered[1:]:
            if not scores:
                return {}
            extra: dict[int, float] = {}
            for field, text, boost in terms:
                self._accumulate(leaf, field, text, boost, extra, scores)
            scores = {d: s + extra[d] for d, s in scores.items() if d in extra}
        if not scores:
            return {}
        if leaf.has_deletions():
            for d in leaf.deleted_docs_set:
                scores.pop(d, None)
        for field, text, _ in excluded_terms:
            for ids, _w in _blocks(leaf, field, text):
                for d in ids:
                    scores.pop(d, None)
        if filter_docs is not None:
            scores = {d: s for d, s in scores.items() if base + d in filter_docs}
        return scores

    def _stats(self, field: str, text: str) -> tuple[float, list[float] | None] | None:
        """Whole-index BM25F statistics of a term (computed once per search, not per segment)."""
        key = (field, text)
        if key not in self._term_stats:
            top = self.searcher
            df = top.doc_frequency(field, text)
            if not df:
                self._term_stats[key] = None
            elif not self.schema[field].scorable:
                self._term_stats[key] = (1.0, None)
            else:
                avgfl = top.avg_field_length(field) or 1
                self._term_stats[key] = (
                    (math.log(self.doc_count_all / (df + 1)) + 1) * (K1 + 1),
                    [K1 * ((1 - B) + B * n / avgfl) for n in _LENGTHS],
                )
        return self._term_stats[key]

    def _accumulate(self, leaf: Any, field: str, text: str, boost: float,
                    acc: dict[int, float], only: dict[int, float] | None) -> None:
        """Add a term's scores to ``acc`` (for the documents in ``only``, if given)."""
        stats = self._stats(field, text)
        if stats is None or (field, text) not in leaf:
            return
        scale, norm = stats
        get = acc.get
        if norm is None:
            # Whoosh's BM25F scores unscorable fields (ids) by their weight alone.
            for ids, weights in _blocks(leaf, field, text):
                for d, w in zip(ids, weights, strict=True):
                    if only is None or d in only:
                        acc[d] = get(d, 0.0) + boost * w
            return
        scale *= boost
        lengths = _length_bytes(leaf, field)
        if only is None:
            for ids, weights in _blocks(leaf, field, text):
                for d, w in zip(ids, weights, strict=True):
                    acc[d] = get(d, 0.0) + scale * w / (w + norm[lengths[d]])
        else:
            for ids, weights in _blocks(leaf, field, text):
                for d, w in zip(ids, weights, strict=True):
                    if d in only:
                        acc[d] = get(d, 0.0) + scale * w / (w + norm[lengths[d]])

def _top(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (doc, score), ties by document number as Whoosh breaks them."""
    if len(scores) > limit:
        threshold = heapq.nlargest(limit, scores.values())[-1]
        return [(d, s) for d, s in scores.items() if s >= threshold]
    return list(scores.items())


def _blocks(leaf: Any, field: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings in this segment, a block of ids and weights at a time."""
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
            yield m._ids, m._weights  # noqa: SLF001
            m._next_block()  # noqa: SLF001
        return
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    yield ids, weights


def _length_bytes(leaf: Any, field: str) -> bytes:
    """The segment's length byte for every document in ``field`` (one read, cached)."""
    cache = leaf.__dict__.setdefault("_rl_lengths", {})
    found = cache.get(field)
    if found is None:
        perdoc = leaf._perdoc  # noqa: SLF001
        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
        found = b"" if column is None else column._dbfile.get(  # noqa: SLF001
            column._basepos, column._count  # noqa: SLF001
        )
        # Documents past the column's end have no text in the field: length 0.
        found = bytes(found) + bytes(max(0, leaf.doc_count_all() - len(found)))
        cache[field] = found
    return found
