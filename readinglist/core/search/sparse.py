"""Few matches, scored on sorted document lists instead of whole-segment arrays.

A rare word or phrase in a 50,000-document segment matches a handful of
documents; masks and score arrays over the whole segment cost several
passes over 50,000 entries a search, more than FTS5 takes for the whole
query. Here the documents a word can match come from its postings, and a
common word next to it is looked up at those documents only. The scores
are the dense path's (``vector.py``), term for term and summed in the
same order, so rankings are identical.
"""

from __future__ import annotations


import numpy as np

from readinglist.core.search.query import And, Node, Not, Text, is_structured
from readinglist.core.search.segment_data import Segment, unique_inverse, unique_sorted

# A word whose postings are under 1/SPARSE_SHARE of a segment is scored on
# its document list.
SPARSE_SHARE = 8
_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


class SparseScoring:
    """Mixed into ``VectorSearch``: uses its plan, statistics, filters and dense path."""

    def _sparse(self, node: Node, seg: Segment) -> tuple[np.ndarray, np.ndarray] | None:
        """Matches and scores as sorted document numbers, when they are few.

        A rare word or phrase in a 50,000-document segment matches a handful:
        dense masks and score arrays cost a pass over all 50,000 several
        times a search. Same scores, summed in the same order, as ``_eval``;
        None when the dense path is the one to take.
        """
        if isinstance(node, Text):
            return self._sparse_text(node, seg)
        if not isinstance(node, And):
            return None
        allowed = self._filters_of(node, seg)
        if allowed is not None and not allowed.any():
            # Filters first, as in the dense path: no word is looked up (or
            # decoded) in a segment they rule out.
            return _EMPTY_DOCS, _EMPTY_SCORES
        positives = [i for i in node.items if not isinstance(i, Not) and not is_structured(i)]
        found = [self._sparse(i, seg) for i in positives]
        lists = [f for f in found if f is not None]
        if not lists:
            return None
        docs = lists[0][0]
        for other, _ in lists[1:]:
            docs = np.intersect1d(docs, other, assume_unique=True)
        # Each word's score at those documents, summed in the dense path's order
        # (a common word next to a rare one is looked up, not scored whole).
        keep = np.ones(len(docs), dtype=bool)
        total = np.zeros(len(docs))
        for item, sparse in zip(positives, found, strict=True):
            if sparse is not None:
                total += sparse[1][np.searchsorted(sparse[0], docs)]
            elif isinstance(item, Text):
                m, sc = self._text_at(item, seg, docs)
                keep &= m
                total += sc
            else:
                return None
        if allowed is not None:
            keep &= allowed[docs]
        for item in node.items:
            if isinstance(item, Not) and not is_structured(item.item):
                keep &= ~self._eval(item.item, seg)[0][docs]
        return docs[keep], total[keep]

    def _filters_of(self, node: And, seg: Segment) -> np.ndarray | None:
        """The And's structured parts as one mask (None: it has none)."""
        allowed = None
        for item in node.items:
            if isinstance(item, Not) and is_structured(item.item):
                m = ~self._filter(item.item, seg)
            elif is_structured(item):
                m = self._filter(item, seg)
            else:
                continue
            allowed = m if allowed is None else allowed & m
        return allowed

    def _text_at(self, node: Text, seg: Segment, docs: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
        """``_text`` at the given documents only: (matches, scores) over ``docs``."""
        plan = self._plan(node)
        if plan is None:
            return np.ones(len(docs), dtype=bool), np.zeros(len(docs))
        mask = np.zeros(len(docs), dtype=bool)
        score = np.zeros(len(docs))
        for kind, field, terms, boost in plan:
            if kind == "term":
                self._term_at(field, terms[0], boost, seg, docs, mask, score)
            elif kind == "or":
                self._terms_or_at(field, terms, boost, seg, docs, mask, score)
            elif kind == "phrase":
                found = self._phrase_hits(field, terms, seg)
                if found is not None:
                    at, hit = _lookup(found[0], docs)
                    s = found[1][at[hit]]
                    mask[hit] = True
                    score[hit] += boost * s if boost != 1.0 else s
            else:
                head, expanded = terms
                if not head:
                    self._terms_or_at(field, expanded, boost, seg, docs, mask, score)
                    continue
                m = np.zeros(len(docs), dtype=bool)
                s = np.zeros(len(docs))
                self._terms_or_at(field, expanded, boost, seg, docs, m, s)
                for term in head:
                    hm = np.zeros(len(docs), dtype=bool)
                    hs = np.zeros(len(docs))
                    self._term_at(field, term, 1.0, seg, docs, hm, hs)
                    m &= hm
                    s += hs
                s[~m] = 0.0
                mask |= m
                score += s
        return mask, score

    def _scores_at(self, field: str, term: str, seg: Segment, docs: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray] | None:
        """Which of ``docs`` hold the term, and its unboosted scores there."""
        stats = self._term_stats(field, term)
        if stats is None:
            return None
        ids, weights = seg.postings(field, term)
        if not len(ids):
            return None
        at, hit = _lookup(ids, docs)
        w = weights[at[hit]]
        scale, norm = stats
        if norm is None:
            return hit, w
        return hit, scale * w / (w + norm[seg.lengths(field)[docs[hit]]])

    def _term_at(self, field: str, term: str, boost: float, seg: Segment,
                 docs: np.ndarray, mask: np.ndarray, score: np.ndarray) -> None:
        found = self._scores_at(field, term, seg, docs)
        if found is not None:
            hit, s = found
            mask[hit] = True
            score[hit] += boost * s if boost != 1.0 else s

    def _terms_or_at(self, field: str, terms: list[str], boost: float, seg: Segment,
                     docs: np.ndarray, mask: np.ndarray, score: np.ndarray) -> None:
        """``_terms_or`` at the given documents: the terms' scores added in term order."""
        acc = np.zeros(len(docs))
        for term in terms:
            found = self._scores_at(field, term, seg, docs)
            if found is not None:
                hit, s = found
                mask[hit] = True
                acc[hit] += s
        score += boost * acc

    def _sparse_text(self, node: Text, seg: Segment) -> tuple[np.ndarray, np.ndarray] | None:
        """The documents any alternative can match (a superset), then ``_text`` at those."""
        plan = self._plan(node)
        if plan is None:
            return None  # stop words: every document
        parts: list[np.ndarray] = []
        size = 0
        for kind, field, terms, _ in plan:
            if kind == "phrase":  # where the words stand together (kept per segment)
                lists = [seg.phrase_docs(field, terms)]
            elif kind == "term":
                lists = [seg.postings(field, terms[0])[0]]
            else:  # a prefix's completions (the words before it only narrow)
                lists = [seg.postings(field, t)[0] for t in (terms if kind == "or" else terms[1])]
            for ids in lists:
                size += len(ids)
                if size * SPARSE_SHARE > seg.n:
                    return None
                if len(ids):
                    parts.append(ids)
        if not parts:
            return _EMPTY_DOCS, _EMPTY_SCORES
        if all(kind in ("term", "phrase") for kind, _, _, _ in plan):
            return self._words_and_phrases(plan, seg)
        cand = parts[0] if len(parts) == 1 else unique_sorted(np.concatenate(parts))
        mask, score = self._text_at(node, seg, cand)
        return cand[mask], score[mask]

    def _words_and_phrases(self, plan: list, seg: Segment) -> tuple[np.ndarray, np.ndarray]:
        """Each alternative's own matches and scores, merged (no lookups at candidates)."""
        found: list[tuple[np.ndarray, np.ndarray]] = []
        for kind, field, terms, boost in plan:
            hits = (self._term_scores(field, terms[0], seg) if kind == "term"
                    else self._phrase_hits(field, terms, seg))
            if hits is not None:
                found.append((hits[0], boost * hits[1] if boost != 1.0 else hits[1]))
        if not found:
            return _EMPTY_DOCS, _EMPTY_SCORES
        if len(found) == 1:
            return found[0]
        docs, at = unique_inverse(np.concatenate([f[0] for f in found]))
        # bincount adds in input order: a document's alternatives are summed
        # in the order the dense path adds them, from 0.0 as it starts.
        return docs, np.bincount(at, weights=np.concatenate([f[1] for f in found]),
                                 minlength=len(docs))


def _lookup(ids: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``docs`` is in the sorted ``ids``, and whether it is there."""
    at = np.searchsorted(ids, docs)
    at[at >= len(ids)] = 0
    return at, ids[at] == docs
