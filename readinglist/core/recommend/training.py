"""Fitting the model: tf-idf, a weighted logistic regression, tag centroids, score bands.

Why logistic regression rather than arxiv-sanity-lite's linear SVM: the
examples here carry weights (a paper read and rated 5 counts more than one
merely added; a paper the user never got to counts less than one skipped),
and a smooth loss fitted by L-BFGS takes them directly and converges in a
few dozen sparse passes. The score adds closeness to the nearest kept
papers (and subtracts closeness to skipped ones), which keeps a small,
narrow interest from being averaged away by a large one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit
from threadpoolctl import threadpool_limits

from readinglist.core.recommend import vectors
from readinglist.core.recommend.examples import Examples, LibraryPaper, positive_weight
from readinglist.core.recommend.model import KNN, InterestModel, PaperRows, top_mean
from readinglist.core.recommend.text import document, terms


BAND_SAMPLE = 1500


@dataclass(frozen=True)
class Recipe:
    implicit_weight: float = 0.3  # a paper shown and not added, against one skipped
    l2: float = 1e-4
    alpha: float = 2.0
    min_tag_papers: int = 5
    max_iter: int = 120


def train(examples: Examples, recipe: Recipe = Recipe()) -> InterestModel | None:
    """A model of what the user keeps; None if the library has nothing to learn from."""
    started = time.perf_counter()
    weights = np.asarray([positive_weight(p) for p in examples.library], dtype=np.float64)
    if not (weights > 0).any():
        return None
    lib_terms = [terms(document(p.title, p.abstract)) for p in examples.library]
    seen_terms = [terms(document(s.title, s.abstract)) for s in examples.seen]
    vocab = vectors.fit([*lib_terms, *seen_terms])
    library = vocab.transform_terms(lib_terms)
    seen = vocab.transform_terms(seen_terms)
    skipped = np.asarray([s.skipped for s in examples.seen], dtype=bool)
    passed = np.asarray([s.passed_over and not s.skipped for s in examples.seen], dtype=bool)

    negatives = [library[weights == 0], seen[skipped], seen[passed]]
    neg_weight = np.concatenate([
        np.ones(int((weights == 0).sum()) + int(skipped.sum())),
        np.full(int(passed.sum()), recipe.implicit_weight),
    ])
    positives = library[weights > 0]
    if neg_weight.size:
        w, b = fit_logistic(sp.vstack([positives, *negatives]).tocsr(),
                            np.concatenate([np.ones(positives.shape[0]), -np.ones(neg_weight.size)]),
                            np.concatenate([weights[weights > 0], neg_weight]),
                            recipe.l2, recipe.max_iter)
    else:  # nothing seen or skipped yet: likeness to the library alone
        w, b = _centroid(positives, weights[weights > 0]) * 4.0, -1.0
    tag_names, centroids = tag_centroids(examples.library, library, weights,
                                         recipe.min_tag_papers)
    model = InterestModel(
        vocab=vocab, weights=w.astype(np.float32), bias=float(b), alpha=recipe.alpha,
        library=PaperRows(library, [p.citekey for p in examples.library],
                          [p.title for p in examples.library],
                          [p.arxiv_id for p in examples.library],
                          np.asarray([p.id for p in examples.library], dtype=np.int64),
                          [_label(p) for p in examples.library]),
        library_weight=weights.astype(np.float32),
        tag_names=tag_names, tag_centroids=centroids,
        seen=PaperRows(seen, [s.arxiv_id for s in examples.seen],
                       [s.title for s in examples.seen], [s.arxiv_id for s in examples.seen],
                       np.full(len(examples.seen), -1, dtype=np.int64),
                       [s.day for s in examples.seen]),
        seen_skipped=skipped, bands=np.zeros(3),
    )
    if passed.sum() >= 20:
        model.bands = _bands(model, seen[passed | skipped], [80, 95, 99])
    else:  # no day worked through yet: the fetched papers, some of them good ones
        model.bands = _bands(model, seen, [60, 85, 95])
    model.meta = {
        "papers": len(examples.library), "positives": int((weights > 0).sum()),
        "skipped": int(skipped.sum()) + int((weights == 0).sum()),
        "seen": len(examples.seen), "terms": vocab.size, "tags": len(tag_names),
        "seconds": round(time.perf_counter() - started, 3),
        # Tags as they were when trained, for the why-line's "closest tag" (ids as text: JSON).
        "tags_of": {str(p.id): list(p.tags) for n, p in enumerate(examples.library)
                    if p.tags and weights[n] > 0},
        "tag_sizes": _tag_sizes(examples.library, weights),
    }
    return model


def fit_logistic(x: sp.csr_matrix, y: np.ndarray, c: np.ndarray, l2: float,
                 max_iter: int) -> tuple[np.ndarray, float]:
    """Weighted, class-balanced, L2-regularised logistic regression by L-BFGS."""
    c = c.astype(np.float64).copy()
    for label in (1, -1):  # each class carries half of the total weight
        mask = y == label
        if c[mask].sum() > 0:
            c[mask] *= 0.5 / c[mask].sum()
    d = x.shape[1]
    xt = x.T.tocsr()

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:d], wb[d]
        yz = y * (x @ w + b)
        value = float(c @ np.logaddexp(0.0, -yz) + 0.5 * l2 * (w @ w))
        g = -c * y * expit(-yz)
        grad = np.empty(d + 1)
        grad[:d] = xt @ g + l2 * w
        grad[d] = g.sum()
        return value, grad

    # One BLAS thread: the vectors are long but the work per call is small, and threads
    # that wait for busy cores cost far more than they save (measured: 15x on a loaded machine).
    with threadpool_limits(limits=1):
        result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                          options={"maxiter": max_iter})
    return result.x[:d], float(result.x[d])


def tag_centroids(papers: Sequence[LibraryPaper], rows: sp.csr_matrix, weights: np.ndarray,
                  min_papers: int) -> tuple[list[str], sp.csr_matrix]:
    """One unit vector per tag with at least ``min_papers`` kept papers."""
    members: dict[str, list[int]] = {}
    for n, paper in enumerate(papers):
        if weights[n] > 0:
            for tag in paper.tags:
                members.setdefault(tag, []).append(n)
    kept = int((weights > 0).sum())
    # A tag on most of the library ("demo", "to-read") names nothing about a paper.
    broad = {t for t, rows_ in members.items() if kept >= 10 and len(rows_) > 0.6 * kept}
    names = sorted(t for t, rows_ in members.items()
                   if len(rows_) >= min_papers and (t not in broad or len(broad) == len(members)))
    if not names:
        return [], sp.csr_matrix((0, rows.shape[1]), dtype=np.float32)
    centroids = [_centroid(rows[members[t]], np.ones(len(members[t]))) for t in names]
    return names, sp.csr_matrix(np.vstack(centroids), dtype=np.float32)


def _tag_sizes(papers: Sequence[LibraryPaper], weights: np.ndarray) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for n, paper in enumerate(papers):
        if weights[n] > 0:
            for tag in paper.tags:
                sizes[tag] = sizes.get(tag, 0) + 1
    return sizes


def _centroid(rows: sp.csr_matrix, weights: np.ndarray) -> np.ndarray:
    mean = np.asarray(rows.T @ weights, dtype=np.float64).ravel()
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def _bands(model: InterestModel, passed: sp.csr_matrix, percents: list[int]) -> np.ndarray:
    """Thresholds: scores above most of the papers the user passed over (or was shown)."""
    if passed.shape[0] >= 20:
        if passed.shape[0] > BAND_SAMPLE:  # percentiles need a sample, not every paper
            pick = np.random.default_rng(0).choice(passed.shape[0], BAND_SAMPLE, replace=False)
            passed = passed[np.sort(pick)]
        return np.percentile(model.score(passed), percents).astype(np.float64)
    # Nothing seen yet: compare with the user's own papers, each scored against the others
    # (a new paper that looks like a typical paper of the library is a good match).
    kept = model.library.matrix[model.kept_rows[:BAND_SAMPLE]]
    sims = model.kept_sims(kept)
    np.fill_diagonal(sims, -1.0)
    scores = model.linear(kept) + model.alpha * top_mean(sims, KNN)
    return np.percentile(scores, [20, 45, 70]).astype(np.float64)


def _label(paper: LibraryPaper) -> str:
    family = paper.first_author.split(",")[0].split()[-1] if paper.first_author.strip() else ""
    return " ".join(p for p in (family, str(paper.year or "")) if p)
