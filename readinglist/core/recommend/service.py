"""The recommender of one library: when to retrain, and the calls the front ends make.

Training reads the database, fits, and stores the model in the library
folder; it is slow enough (seconds on a big library) that the app runs it
in a worker. The model is retrained when the library changed "enough"
since: a number of edited, added, removed or triaged papers that grows
with the library (one change for a small one, 2 % of a big one), or a
newly fetched day.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from readinglist.core.recommend import examples as examples_mod
from readinglist.core.recommend.model import InterestModel
from readinglist.core.recommend.mute import MuteRules
from readinglist.core.recommend.ranking import neighbours, rank, suggest_tags
from readinglist.core.recommend.results import Neighbour, Ranking
from readinglist.core.recommend.text import document
from readinglist.core.recommend.training import Recipe, train
from readinglist.core.storage.db import utc_now


class Recommender:
    def __init__(self, library_dir: Path, db: Any) -> None:
        """``db``: a callable giving this thread's database connection."""
        self.dir = Path(library_dir)
        self._db = db
        self._lock = threading.RLock()
        self._model: InterestModel | None = None
        self._loaded = False

    # ---- the model ---------------------------------------------------------------------

    def model(self, *, wait: bool = True) -> InterestModel | None:
        """The stored model (loaded once), without training.

        ``wait=False``: None rather than wait while a worker trains (the GUI thread's way).
        """
        if self._loaded:
            return self._model
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            if not self._loaded:
                self._model = InterestModel.load(self.dir)
                self._loaded = True
            return self._model
        finally:
            self._lock.release()

    def changes(self) -> int | None:
        """Changes since the model was trained (None: there is no model)."""
        model = self.model()
        if model is None or "trained_at" not in model.meta:
            return None
        return count_changes(self._db(), model.meta)

    def stale(self) -> bool:
        changes = self.changes()
        if changes is None:
            return True
        model = self._model
        assert model is not None
        return changes >= max(1, int(model.meta.get("positives", 0)) // 50)

    def train(self, *, recipe: Recipe = Recipe()) -> InterestModel | None:
        """Retrain now from the database and store the result (None: nothing to learn from)."""
        with self._lock:
            db: Database = self._db()
            stamp = utc_now()
            baseline = _since(db, stamp)  # rows already stamped this second are in the training
            counts = library_counts(db)
            model = train(examples_mod.collect(db), recipe)
            if model is not None:
                model.meta.update(trained_at=stamp, baseline=baseline, **counts)
                model.save(self.dir)
            else:
                (self.dir / "recommend" / "model.npz").unlink(missing_ok=True)
            self._model, self._loaded = model, True
            return model

    def fresh_model(self) -> InterestModel | None:
        """The model, retrained first if the library changed enough."""
        with self._lock:
            if self.stale():
                return self.train()
            return self._model

    # ---- uses ----------------------------------------------------------------------------

    def rank(self, items: Sequence[Any], rules: MuteRules) -> Ranking:
        return rank(self.fresh_model(), items, rules)

    def similar(self, *, title: str, abstract: str, arxiv_id: str = "",
                paper_id: int | None = None, limit: int = 8) -> list[Neighbour]:
        model = self.fresh_model()
        if model is None:
            return []
        row = model.vocab.transform([document(title, abstract)])
        return neighbours(model, row, arxiv_id=arxiv_id, paper_id=paper_id, limit=limit)

    def suggest_tags(self, title: str, abstract: str, *, limit: int = 3) -> list[str]:
        return self.suggest_tags_many([(title, abstract)], limit=limit)

    def suggest_tags_many(self, texts: Sequence[tuple[str, str]], *, limit: int = 3,
                          exclude: Sequence[int] = ()) -> list[str]:
        """Tags of the papers nearest to these (title, abstract) pairs, most voted first.

        Uses the stored model as it is (suggestions must come at once, so no retraining);
        ``exclude``: library ids not to count as neighbours (the papers being tagged).
        """
        model = self.model(wait=False)  # never wait for a training worker
        if model is None or not texts:
            return []
        tags: dict[int, list[str]] = {}
        for pid, name in self._db().execute(
            "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id"
        ):
            if pid not in exclude:
                tags.setdefault(pid, []).append(name)
        rows = model.vocab.transform(document(t, a) for t, a in texts[:50])
        votes: dict[str, int] = {}
        for n in range(rows.shape[0]):
            for rank, tag in enumerate(suggest_tags(model, rows[n], tags, limit=limit)):
                votes[tag] = votes.get(tag, 0) + (limit - rank)
        ranked = sorted(votes.items(), key=lambda tv: (-tv[1], tv[0]))
        return [t for t, _ in ranked[:limit]]


def library_counts(db: Database) -> dict[str, int]:
    papers = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    seq = db.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()
    return {"library_count": int(papers), "change_seq": int(seq[0]) if seq else 0}


def _since(db: Database, stamp: str) -> list[int]:
    """Papers edited, papers triaged and days fetched at or after ``stamp`` (a second)."""
    return [int(db.execute(sql, [stamp]).fetchone()[0]) for sql in (
        "SELECT count(*) FROM papers WHERE modified >= ?",
        "SELECT count(*) FROM daily_triage WHERE changed >= ?",
        "SELECT count(DISTINCT day) FROM daily_cache WHERE fetched >= ?",
    )]


def count_changes(db: Database, meta: dict[str, Any]) -> int:
    """Timestamps have whole seconds: what was stamped in the training's own second and
    already counted then (``baseline``) is not a change."""
    now = _since(db, str(meta["trained_at"]))
    base = list(meta.get("baseline", [0, 0, 0]))
    edited, triaged, fetched = (max(0, n - b) for n, b in zip(now, base, strict=True))
    counts = library_counts(db)
    removed = max(0, int(meta.get("library_count", counts["library_count"]))
                  - counts["library_count"])
    # Each write to papers bumps change_seq: this catches a re-edit within the same second.
    writes = max(0, counts["change_seq"] - int(meta.get("change_seq", counts["change_seq"])))
    return max(edited, writes) + triaged + removed + 20 * fetched
