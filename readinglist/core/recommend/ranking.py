"""Using the model: a day ranked with a reason per paper, similar papers, suggested tags."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from readinglist.core.recommend.model import InterestModel
from readinglist.core.recommend.mute import MuteRules
from readinglist.core.recommend.results import MIN_LIKE, MIN_TAG, Neighbour, Ranked, Ranking, Why
from readinglist.core.recommend.text import document


def rank(model: InterestModel | None, items: Sequence[Any], rules: MuteRules) -> Ranking:
    """Score and explain ``items`` (DailyItem-like: arxiv_id, title, abstract, …)."""
    muted = {i.arxiv_id: r for i in items if (r := rules.reason(i)) is not None}
    kept = [i for i in items if i.arxiv_id not in muted]
    if model is None or not kept:
        return Ranking([i.arxiv_id for i in kept], muted=muted, trained=model is not None,
                       positives=int((model.library_weight > 0).sum()) if model else 0)
    rows = model.vocab.transform(document(i.title, i.abstract) for i in kept)
    sims = model.kept_sims(rows)  # only kept papers can be "the most similar"
    nearest = _nearest(sims, NEAREST)  # the few nearest of each row, found at once
    scores = model.score(rows, kept_sims=sims, nearest=nearest)
    tags = model.tag_sims(rows) if model.tag_names else None
    positive = model.library_weight > 0
    by_id: dict[str, Ranked] = {}
    for n, item in enumerate(kept):
        band = model.band(float(scores[n]))
        why = _why(model, rows[n], sims[n], nearest[n], tags[n] if tags is not None else None,
                   item.arxiv_id, weak=band == 0)
        by_id[item.arxiv_id] = Ranked(item.arxiv_id, float(scores[n]), band, why)
    order = [kept[n].arxiv_id for n in np.argsort(-scores, kind="stable")]
    return Ranking(order, by_id, muted, True, int(positive.sum()))


NEAREST = 6


def _nearest(sims: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the ``k`` largest values, largest first."""
    k = min(k, sims.shape[1])
    if k == 0:
        return np.zeros((sims.shape[0], 0), dtype=np.int64)
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1)
    return np.take_along_axis(part, order, axis=1)


def _why(model: InterestModel, row: sp.csr_matrix, sims: np.ndarray, nearest: np.ndarray,
         tag_sims: np.ndarray | None, arxiv_id: str, *, weak: bool) -> Why:
    lib = model.library
    kept = model.kept_rows
    # the paper itself, if it is in the library already, is not "like" itself
    near = [(int(kept[n]), float(sims[n])) for n in nearest if sims[n] >= MIN_LIKE
            and not (arxiv_id and lib.arxiv_ids[kept[n]] == arxiv_id)]
    best, similarity = near[0] if near else (-1, 0.0)
    if weak and similarity < 2 * MIN_LIKE:
        return Why("", (), "", "", None, "", 0.0)  # nothing close: any "reason" would be noise
    if best >= 0:
        like = (lib.titles[best], lib.keys[best], int(lib.ids[best]), lib.labels[best],
                similarity)
    else:
        like = ("", "", None, "", 0.0)
    tag = closest_tag(model, near[:5], tag_sims)
    words = top_terms(model, row)
    if not tag and not like[0] and weak:
        words = ()  # a weak match's "best" words are noise, not a reason
    return Why(tag, words, *like)


def closest_tag(model: InterestModel, near: list[tuple[int, float]],
                tag_sims: np.ndarray | None) -> str:
    """The tag of the nearest kept papers (``near``: library row, similarity), a tag on few
    papers counting more than one on many ("ml/generative" says more than "classics");
    else the nearest tag centroid."""
    tags_of = model.meta.get("tags_of") or {}
    if tags_of and near:
        spread = model.meta.get("tag_sizes") or {}
        kept = max(1, int(model.meta.get("positives", 1)))
        votes: dict[str, float] = {}
        for n, sim in near:
            for tag in tags_of.get(str(int(model.library.ids[n])), ()):
                weight = math.log((1 + kept) / (1 + spread.get(tag, 1)))
                votes[tag] = votes.get(tag, 0.0) + sim * weight
        if votes and max(votes.values()) > 0:
            return max(sorted(votes), key=lambda t: votes[t])
    if tag_sims is not None and tag_sims.size and tag_sims.max() >= MIN_TAG:
        return model.tag_names[int(tag_sims.argmax())]
    return ""


def top_terms(model: InterestModel, row: sp.csr_matrix, limit: int = 3) -> tuple[str, ...]:
    """The terms that added most to the score; a pair hides the words it is made of."""
    contrib = row.data * model.weights[row.indices]
    chosen: list[str] = []
    for n in np.argsort(-contrib):
        if contrib[n] <= 0 or len(chosen) >= limit:
            break
        term = model.vocab.terms[row.indices[n]]
        parts = set(term.split())
        if any(term in c.split() or parts & set(c.split()) for c in chosen):
            continue
        chosen.append(term)
    return tuple(chosen)


def neighbours(model: InterestModel, row: sp.csr_matrix, *, arxiv_id: str = "",
               paper_id: int | None = None, limit: int = 8) -> list[Neighbour]:
    """The nearest papers in the library and in the fetched days, best first."""
    out: list[Neighbour] = []
    for where, rows in (("library", model.library), ("day", model.seen)):
        if not len(rows):
            continue
        sims = (model.library_sims(row) if where == "library" else model.seen_sims(row)).ravel()
        for n in np.argsort(-sims)[: limit + 2]:
            if sims[n] < MIN_LIKE / 2:
                break
            pid = int(rows.ids[n]) if rows.ids[n] >= 0 else None
            if (paper_id is not None and pid == paper_id) or (
                    arxiv_id and rows.arxiv_ids[n] == arxiv_id):
                continue
            out.append(Neighbour(where, rows.keys[n], rows.titles[n], rows.arxiv_ids[n], pid,
                                 rows.labels[n], float(sims[n])))
    out.sort(key=lambda nb: -nb.similarity)
    return out[:limit]


def suggest_tags(model: InterestModel, row: sp.csr_matrix, tags_of: dict[int, Sequence[str]],
                 *, limit: int = 3) -> list[str]:
    """Tags of the nearest library papers, weighed by closeness (strongest first)."""
    sims = model.library_sims(row).ravel()
    votes: dict[str, float] = {}
    for n in np.argsort(-sims)[:10]:
        if sims[n] < MIN_LIKE:
            break
        for tag in tags_of.get(int(model.library.ids[n]), ()):
            votes[tag] = votes.get(tag, 0.0) + float(sims[n])
    if not votes:
        return []
    best = max(votes.values())
    ranked = sorted(votes.items(), key=lambda tv: (-tv[1], tv[0]))
    return [t for t, v in ranked if v >= 0.3 * best][:limit]
