"""The trained model of the user's interests, and how it is kept on disk.

Two files in ``<library>/recommend/``: ``model.npz`` (numbers: idf, the
linear weights, the tf-idf rows of the library and of the fetched days,
the tag centroids) and ``model.json`` (words: the vocabulary, titles, keys,
tag names, when it was trained). Both carry the same token, so a pair
torn by a crash between the two renames reads as "no model" and is
retrained, never mixed.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from readinglist.core.recommend.vectors import Vocabulary, prune

FOLDER = "recommend"
FORMAT = 1
PRUNE = 40  # terms per paper compared when looking for the nearest papers
KNN = 3  # neighbours averaged for the "like papers you kept" part of the score


@dataclass
class PaperRows:
    """tf-idf rows with what is needed to name each row to the user."""

    matrix: sp.csr_matrix
    keys: list[str]  # citation key (library) or arXiv id (fetched days)
    titles: list[str]
    arxiv_ids: list[str]
    ids: np.ndarray  # library paper id, or -1
    labels: list[str]  # "Vaswani 2017" / "2025-09-23": a short handle for the why-line

    def __len__(self) -> int:
        return self.matrix.shape[0]


@dataclass
class InterestModel:
    vocab: Vocabulary
    weights: np.ndarray  # float32 per term
    bias: float
    alpha: float  # weight of the nearest-neighbour part of the score
    library: PaperRows
    library_weight: np.ndarray  # > 0: a positive (how strong); 0: a negative (status skipped)
    tag_names: list[str]
    tag_centroids: sp.csr_matrix  # unit rows, one per tag with enough papers
    seen: PaperRows  # fetched days' papers that are not in the library
    seen_skipped: np.ndarray  # bool per seen row
    bands: np.ndarray  # score thresholds: strong, good, fair
    meta: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ---- scoring ----------------------------------------------------------------------

    def linear(self, rows: sp.csr_matrix) -> np.ndarray:
        return np.asarray(rows @ self.weights, dtype=np.float64).ravel() + self.bias

    def score(self, rows: sp.csr_matrix, *, kept_sims: np.ndarray | None = None,
              nearest: np.ndarray | None = None) -> np.ndarray:
        """The "For you" score: the linear model plus closeness to kept minus skipped papers.

        ``kept_sims``: the rows' similarities to the kept papers, and ``nearest``: each row's
        nearest columns (best first), if the caller has them already.
        """
        score = self.linear(rows)
        if self.alpha and rows.shape[0]:
            sims = self.kept_sims(rows) if kept_sims is None else kept_sims
            if nearest is not None and nearest.shape[1] >= min(KNN, sims.shape[1]) > 0:
                close = np.take_along_axis(sims, nearest[:, :KNN], axis=1).mean(axis=1)
            else:
                close = top_mean(sims, KNN)
            score += self.alpha * close
            if self.seen_skipped.any():
                skipped = _dense(prune(rows, PRUNE) @ self._transposed("skipped"))
                score -= self.alpha * 0.5 * top_mean(skipped, KNN)
        return score

    @property
    def kept_rows(self) -> np.ndarray:
        """Library rows of the kept papers (not those set to "skipped")."""
        rows = self._cache.get("kept_rows")
        if rows is None:
            rows = self._cache["kept_rows"] = np.flatnonzero(self.library_weight > 0)
        return rows

    def kept_sims(self, rows: sp.csr_matrix) -> np.ndarray:
        return _dense(prune(rows, PRUNE) @ self._transposed("kept"))

    def library_sims(self, rows: sp.csr_matrix) -> np.ndarray:
        return _dense(prune(rows, PRUNE) @ self._transposed("library"))

    def seen_sims(self, rows: sp.csr_matrix) -> np.ndarray:
        return _dense(prune(rows, PRUNE) @ self._transposed("seen"))

    def _transposed(self, name: str) -> sp.csr_matrix:
        """The pruned rows of the library (or the fetched days, or the skipped papers),
        transposed once: what every similarity lookup multiplies by."""
        cached = self._cache.get(name)
        if cached is None:
            source = {"library": lambda: self.library.matrix, "seen": lambda: self.seen.matrix,
                      "kept": lambda: self.library.matrix[self.kept_rows],
                      "skipped": lambda: self.seen.matrix[self.seen_skipped]}[name]()
            cached = prune(source, PRUNE).T.tocsr()
            self._cache[name] = cached
        return cached

    def tag_sims(self, rows: sp.csr_matrix) -> np.ndarray:
        return _dense(rows @ self.tag_centroids.T)

    def band(self, score: float) -> int:
        """3 strong, 2 good, 1 fair, 0 weak (thresholds from the training papers)."""
        return int(sum(score >= t for t in self.bands))

    # ---- disk -----------------------------------------------------------------------------

    def save(self, library_dir: Path) -> None:
        folder = library_dir / FOLDER
        folder.mkdir(exist_ok=True)
        token = secrets.token_hex(8)
        arrays: dict[str, np.ndarray] = {
            "idf": self.vocab.idf, "weights": self.weights,
            "scalars": np.asarray([self.bias, self.alpha], dtype=np.float64),
            "library_weight": self.library_weight, "seen_skipped": self.seen_skipped,
            "bands": self.bands, "library_ids": self.library.ids, "seen_ids": self.seen.ids,
        }
        for name, matrix in (("library", self.library.matrix), ("seen", self.seen.matrix),
                             ("tags", self.tag_centroids)):
            arrays[f"{name}_data"] = matrix.data
            arrays[f"{name}_indices"] = matrix.indices
            arrays[f"{name}_indptr"] = matrix.indptr
        text = {
            "format": FORMAT, "token": token, "terms": self.vocab.terms, "tags": self.tag_names,
            "meta": self.meta,
            **{f"{name}_{part}": getattr(rows, part)
               for name, rows in (("library", self.library), ("seen", self.seen))
               for part in ("keys", "titles", "arxiv_ids", "labels")},
        }
        arrays["token"] = np.frombuffer(token.encode("ascii"), dtype=np.uint8)
        tmp = folder / "model.npz.tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, folder / "model.npz")
        tmp_json = folder / "model.json.tmp"
        tmp_json.write_text(json.dumps(text, ensure_ascii=False), "utf-8")
        os.replace(tmp_json, folder / "model.json")

    @classmethod
    def load(cls, library_dir: Path) -> InterestModel | None:
        """The stored model, or None if there is none (or it is torn, or from another format)."""
        folder = library_dir / FOLDER
        try:
            text = json.loads((folder / "model.json").read_text("utf-8"))
            with np.load(folder / "model.npz", allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except (OSError, ValueError, KeyError):
            return None
        if text.get("format") != FORMAT or bytes(arrays["token"]).decode() != text.get("token"):
            return None
        vocab = Vocabulary(list(text["terms"]), arrays["idf"])

        def matrix(name: str, rows: int) -> sp.csr_matrix:
            return sp.csr_matrix((arrays[f"{name}_data"], arrays[f"{name}_indices"],
                                  arrays[f"{name}_indptr"]), shape=(rows, vocab.size))

        def paper_rows(name: str) -> PaperRows:
            ids = arrays[f"{name}_ids"]
            return PaperRows(matrix(name, len(ids)), *(list(text[f"{name}_{part}"]) for part in
                                                       ("keys", "titles", "arxiv_ids")),
                             ids, list(text[f"{name}_labels"]))

        bias, alpha = (float(v) for v in arrays["scalars"])
        return cls(vocab, arrays["weights"], bias, alpha, paper_rows("library"),
                   arrays["library_weight"], list(text["tags"]),
                   matrix("tags", len(text["tags"])), paper_rows("seen"),
                   arrays["seen_skipped"].astype(bool), arrays["bands"], dict(text["meta"]))


def top_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Per row, the mean of the ``k`` largest values (0 for no columns)."""
    if sims.shape[1] == 0:
        return np.zeros(sims.shape[0])
    k = min(k, sims.shape[1])
    part = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
    return part.mean(axis=1)


def _dense(product: Any) -> np.ndarray:
    return np.asarray(product.toarray() if sp.issparse(product) else product, dtype=np.float32)
