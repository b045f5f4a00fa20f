"""A handful of matches, scored and ranked in plain Python.

A rare word or phrase finds a few papers; on arrays that is still some
thirty numpy calls a search (look-ups, scores, deletions, the ranking, the
paper ids), each a few microseconds when the CPU's caches are warm and
about ten times that after anything else ran (in the bench, an FTS5 query:
the rare phrase took 0.25 ms against FTS5's 0.25 ms, 26 µs in a tight
loop). Here the few postings are kept as Python lists per segment and the
whole query is a short loop.

Scores are the array paths' (``vector.py``, ``sparse.py``): the same
formula term for term, added in the same order from 0.0 (a document's
alternatives in plan order, a phrase's words in order), so rankings and
ties are identical; ``tests/unit/core/test_vector_search.py`` compares
them with Whoosh's.
"""

from __future__ import annotations

from typing import Any

from readinglist.core.search.query import Node, Text
from readinglist.core.search.segment_data import Segment

# Postings (or phrase matches) a query may look at, over all segments and
# fields, to be answered here; more goes to the arrays.
SMALL_POSTINGS = 256


class SmallResults:
    """Mixed into ``VectorSearch``: uses its plan, statistics and shapes."""

    _norms: dict[str, list[float]]

    def _small(self, node: Node, segments: list[Segment], limit: int | None
               ) -> tuple[list[tuple[Segment, int]], int] | None:
        """The best ``limit`` matches as (segment, document) and the match count,
        or None when the query is not a few words and phrases matching little."""
        if not isinstance(node, Text):
            return None
        plan = self._plan(node)  # type: ignore[attr-defined]
        if not plan or any(kind not in ("term", "phrase") for kind, _, _, _ in plan):
            return None
        budget = SMALL_POSTINGS
        found: list[tuple[float, int, Segment, int]] = []
        for seg in segments:
            scores: dict[int, float] = {}
            for kind, field, terms, boost in plan:
                lists = (seg.small_postings(field, terms[0], budget) if kind == "term"
                         else seg.small_phrase(field, terms, budget))
                if lists is None:
                    return None  # too many: the arrays are faster
                docs, weights, lengths = lists
                if not docs:
                    continue
                budget -= len(docs)
                words = terms if kind == "phrase" else terms[:1]
                stats = [self._small_stats(field, w) for w in words]
                for k, d in enumerate(docs):
                    total = 0.0
                    for (scale, norm), w in zip(stats, weights, strict=True):
                        x = w[k]
                        total += x if norm is None else scale * x / (x + norm[lengths[k]])
                    if boost != 1.0:
                        total = boost * total
                    scores[d] = scores.get(d, 0.0) + total
            if scores:
                deleted = seg.deleted()
                base = seg.base
                found.extend((-s, base + d, seg, d) for d, s in scores.items()
                             if d not in deleted)
        found.sort(key=_rank)
        ranked = found if limit is None else found[:max(limit, 0)]
        return [(seg, d) for _, _, seg, d in ranked], len(found)

    def _small_stats(self, field: str, text: str) -> tuple[float, list[float] | None]:
        """A term's BM25F statistics with the length norms as a list (by length byte)."""
        scale, norm = self._term_stats(field, text)  # type: ignore[attr-defined, misc]
        if norm is None:
            return scale, None
        found = self._norms.get(field)
        if found is None:
            found = self._norms[field] = norm.tolist()  # the same for every term of a field
        return scale, found


def _rank(item: tuple[float, int, Any, int]) -> tuple[float, int]:
    """Best score first, ties by document number (as ``np.lexsort`` and Whoosh)."""
    return item[0], item[1]
