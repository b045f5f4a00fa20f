"""tf-idf vectors over words and word pairs, as sparse rows.

The vocabulary is fitted once per training run on the library and the
fetched days, then frozen: a day ranked tomorrow is projected onto the same
terms (words never seen before simply do not count). Rows are sublinear-tf
times idf, l2-normalised, so a dot product of two rows is their cosine.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
import scipy.sparse as sp

from readinglist.core.recommend.text import terms

MAX_TERMS = 40_000
MAX_DF = 0.5  # a term in more than half of the documents says nothing about taste


@dataclass(frozen=True)
class Vocabulary:
    terms: list[str]  # column -> term
    idf: np.ndarray  # float32, one per column

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {t: n for n, t in enumerate(self.terms)})

    @property
    def size(self) -> int:
        return len(self.terms)

    def column(self, term: str) -> int | None:
        return self.index.get(term)  # type: ignore[attr-defined]

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        return self.transform_terms(terms(t) for t in texts)

    def transform_terms(self, docs: Iterable[Sequence[str]]) -> sp.csr_matrix:
        """Rows of (1 + log tf) * idf, unit length; terms outside the vocabulary do not count."""
        get = self.index.get  # type: ignore[attr-defined]
        columns: list[int] = []
        lengths: list[int] = []
        for doc in docs:
            ids = [c for c in map(get, doc) if c is not None]
            columns.extend(ids)
            lengths.append(len(ids))
        rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        counts = sp.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), (rows, np.asarray(columns, dtype=np.int32))),
            shape=(len(lengths), self.size),
        )  # duplicates are summed: term counts
        counts.sum_duplicates()
        return weigh(counts, self.idf)


def weigh(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Counts -> (1 + log tf) * idf, each row scaled to unit length."""
    matrix = counts.astype(np.float32, copy=True)
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms.astype(np.float32)) @ matrix, dtype=np.float32)


def fit(docs: Sequence[Sequence[str]], *, max_terms: int = MAX_TERMS) -> Vocabulary:
    """Choose the terms: in at least 2 documents (1 for a tiny corpus), in at most half."""
    n = len(docs)
    # Counted document by document: one Counter over a chain of every
    # document runs as a single C loop that holds the GIL throughout (4 s at
    # 20k papers), and the window froze while "similar papers" retrained.
    df: Counter[str] = Counter()
    count = df.update
    for doc in docs:
        count(set(doc))
    min_df = 2 if n >= 20 else 1
    max_df = max(min_df, int(MAX_DF * n)) if n >= 20 else n
    kept = [tc for tc in df.items() if min_df <= tc[1] <= max_df]
    if len(kept) > max_terms:
        kept = heapq.nlargest(max_terms, kept, key=itemgetter(1))
    kept.sort()
    idf = np.log((1 + n) / (1 + np.asarray([c for _, c in kept], dtype=np.float64))) + 1.0
    return Vocabulary([t for t, _ in kept], idf.astype(np.float32))


def prune(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row's ``keep`` heaviest terms only: the rows nearest-neighbour search compares.

    A sparse product costs the sum, over a query's terms, of how many rows hold each term;
    the heaviest few dozen terms carry almost all of a cosine, and make it ~4x cheaper.
    """
    matrix = matrix.tocsr(copy=True)
    for n in range(matrix.shape[0]):
        start, end = matrix.indptr[n], matrix.indptr[n + 1]
        if end - start > keep:
            data = matrix.data[start:end]
            data[np.argpartition(data, end - start - keep)[: end - start - keep]] = 0.0
    matrix.eliminate_zeros()
    return matrix
