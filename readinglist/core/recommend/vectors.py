"""tf-idf vectors over words and word pairs, as sparse rows.

The vocabulary is fitted once per training run on the library and the
fetched days, then frozen: a day ranked tomorrow is projected onto the same
terms (words never seen before simply do not count). Rows are sublinear-tf
times idf, l2-normalised, so a dot product of two rows is their cosine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
        index: dict[str, int] = self.index  # type: ignore[attr-defined]
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for doc in docs:
            counts = Counter(c for c in (index.get(t) for t in doc) if c is not None)
            indices.extend(counts.keys())
            data.extend(counts.values())
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
             np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, self.size),
        )
        return weigh(matrix, self.idf)


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
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    min_df = 2 if n >= 20 else 1
    max_df = max(min_df, int(MAX_DF * n)) if n >= 20 else n
    kept = [(t, c) for t, c in df.items() if min_df <= c <= max_df]
    kept.sort(key=lambda tc: (-tc[1], tc[0]))
    kept = kept[:max_terms]
    kept.sort(key=lambda tc: tc[0])
    idf = np.asarray([math.log((1 + n) / (1 + c)) + 1.0 for _, c in kept], dtype=np.float32)
    return Vocabulary([t for t, _ in kept], idf)
