"""How well "For you" ranks a day, against upvotes, list order and arxiv-sanity-lite.

``python -m bench.recommend_eval`` (``make bench-rank``): for several
synthetic users and seeds (bench/recommend_data.py), each user starts with a
small library of papers they like (tagged by topic), triages N simulated
days (adds what appeals, skips some of the rest, passes over the others),
and is then tested on held-out later days. Every method ranks the same test
days in the same run:

- **For you**: this app's model (core/recommend), trained on the library,
  the adds, the skips and the passed-over papers, as the app would (the
  days to rank are fetched first, so their words are in its vocabulary, as
  arxiv-sanity-lite's tf-idf also sees every paper);
- **Upvotes**: crowd popularity (Hugging Face's order);
- **List order**: as announced (arXiv's order);
- **arxiv-sanity-lite**: its recipe from ``compute.py``/``serve.py``: tf-idf
  (uni+bigrams, sublinear tf, max_df 0.1, min_df 5, 20k features) over every
  paper, and ``LinearSVC(C=0.01, class_weight="balanced")`` with the user's
  tagged papers as positives and every other paper as negatives; both one SVM
  over all the user's tags and one SVM per tag merged by max (its e-mails).

Metrics: nDCG@10 and precision@10 against the papers the user wants (the
simulation knows), averaged over test days; the table gives mean ± standard
deviation over users × seeds. Timing: training on a 10k-paper library and
ranking a 300-paper day, through the same code the app runs.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench import recommend_data as data
from readinglist.core.recommend.examples import Examples, LibraryPaper, SeenPaper
from readinglist.core.recommend.text import document
from readinglist.core.recommend.training import Recipe, train

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "## For you: ranking a day by the user's library"
K = 10


def ndcg(relevant: Sequence[bool], k: int = K) -> float:
    gains = sum(1.0 / math.log2(n + 2) for n, r in enumerate(relevant[:k]) if r)
    ideal = sum(1.0 / math.log2(n + 2) for n in range(min(k, sum(relevant))))
    return gains / ideal if ideal else float("nan")


def precision(relevant: Sequence[bool], k: int = K) -> float:
    return sum(relevant[:k]) / k


class Simulation:
    """One user, one seed: a library, training days with decisions, test days."""

    def __init__(self, corpus: data.Corpus, seed: int, train_days: int, test_days: int,
                 library_size: int) -> None:
        rng = np.random.default_rng(seed)
        self.user = data.make_user(corpus, rng)
        old = data.flatten(data.days(corpus, rng, 30, first=900))
        liked = [p for p in old if self.user.wants(p)]
        self.library = liked[:library_size]
        self.train_days = data.days(corpus, rng, train_days, first=0)
        self.test_days = data.days(corpus, rng, test_days, first=train_days)
        self.added: list[data.Paper] = []
        self.skipped: set[str] = set()
        self.passed: list[data.Paper] = []
        for day in self.train_days:
            for paper in day:
                roll = rng.random()
                if self.user.wants(paper):
                    if roll < 0.85:
                        self.added.append(paper)
                    else:
                        self.passed.append(paper)
                elif roll < 0.02:
                    self.added.append(paper)  # a paper added on a whim: noise in the labels
                else:
                    if roll < 0.3:
                        self.skipped.add(paper.pid)
                    self.passed.append(paper)

    def tag(self, paper: data.Paper) -> str:
        return f"topic-{self.user.main_topic(paper)}"

    def examples(self) -> Examples:
        kept = [*self.library, *self.added]
        library = [LibraryPaper(n + 1, p.pid, p.title, p.abstract, p.pid, "queued", 0,
                                (self.tag(p),), "Author", 2025) for n, p in enumerate(kept)]
        seen = [SeenPaper(p.pid, p.title, p.abstract, "day", p.pid in self.skipped, True)
                for p in self.passed]
        # As in the app: the days being ranked were fetched before the model was (re)trained,
        # so their words are in the vocabulary; they are not negatives (not worked through).
        fetched = [SeenPaper(p.pid, p.title, p.abstract, "new", False, False)
                   for p in data.flatten(self.test_days)]
        return Examples(library, [*seen, *fetched])


# ---- rankers: each gets the simulation and a test day, returns the day in its order ------


def for_you(sim: Simulation, recipe: Recipe = Recipe()) -> Callable[[list[data.Paper]], list[int]]:
    model = train(sim.examples(), recipe)
    assert model is not None

    def rank(day: list[data.Paper]) -> list[int]:
        rows = model.vocab.transform(document(p.title, p.abstract) for p in day)
        return list(np.argsort(-model.score(rows), kind="stable"))
    return rank


def by_upvotes(_sim: Simulation) -> Callable[[list[data.Paper]], list[int]]:
    return lambda day: sorted(range(len(day)), key=lambda n: -day[n].upvotes)


def by_list(_sim: Simulation) -> Callable[[list[data.Paper]], list[int]]:
    return lambda day: sorted(range(len(day)), key=lambda n: day[n].order)


def arxiv_sanity(sim: Simulation, *, per_tag: bool) -> Callable[[list[data.Paper]], list[int]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    kept = [*sim.library, *sim.added]
    others = [*sim.passed, *data.flatten(sim.test_days)]  # every other paper in its database
    papers = [*kept, *others]
    vectorizer = TfidfVectorizer(
        input="content", encoding="utf-8", decode_error="replace", strip_accents="unicode",
        lowercase=True, analyzer="word", stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2),
        max_features=20000, norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True,
        max_df=0.1, min_df=5)
    x = vectorizer.fit_transform(f"{p.title} {p.abstract}" for p in papers)
    row = {p.pid: n for n, p in enumerate(papers)}
    groups: dict[str, list[int]] = {}
    for n, p in enumerate(kept):
        groups.setdefault(sim.tag(p) if per_tag else "all", []).append(n)
    scores = np.full(len(papers), -np.inf)
    for members in groups.values():
        y = np.zeros(len(papers))
        y[members] = 1
        clf = LinearSVC(class_weight="balanced", verbose=False, max_iter=10000, tol=1e-6, C=0.01)
        clf.fit(x, y)
        scores = np.maximum(scores, clf.decision_function(x))

    def rank(day: list[data.Paper]) -> list[int]:
        s = np.asarray([scores[row[p.pid]] for p in day])
        return list(np.argsort(-s, kind="stable"))
    return rank


METHODS: dict[str, Callable[[Simulation], Callable[[list[data.Paper]], list[int]]]] = {
    "For you (this app)": for_you,
    "arxiv-sanity-lite, one SVM": lambda sim: arxiv_sanity(sim, per_tag=False),
    "arxiv-sanity-lite, SVM per tag (max)": lambda sim: arxiv_sanity(sim, per_tag=True),
    "Upvotes (crowd)": by_upvotes,
    "List order (as announced)": by_list,
}


def evaluate(users: int, seeds: int, train_days: int, test_days: int,
             library_size: int) -> dict[str, dict[str, list[float]]]:
    scores: dict[str, dict[str, list[float]]] = {m: {"ndcg": [], "p": []} for m in METHODS}
    for seed in range(seeds):
        corpus = data.Corpus(seed=1000 + seed)
        for user in range(users):
            sim = Simulation(corpus, seed * 100 + user, train_days, test_days, library_size)
            for name, method in METHODS.items():
                rank = method(sim)
                n_values, p_values = [], []
                for day in sim.test_days:
                    order = rank(day)
                    relevant = [sim.user.wants(day[n]) for n in order]
                    if any(relevant):
                        n_values.append(ndcg(relevant))
                        p_values.append(precision(relevant))
                scores[name]["ndcg"].append(statistics.fmean(n_values))
                scores[name]["p"].append(statistics.fmean(p_values))
            print(f"  seed {seed} user {user}: " + ", ".join(
                f"{n.split(' (')[0].split(',')[0]} {scores[n]['ndcg'][-1]:.3f}"
                for n in METHODS), file=sys.stderr)
    return scores


def timing(library_size: int = 10_000, seen: int = 6_000, day_size: int = 300) -> dict[str, float]:
    """Training on a big library and ranking a big day, with the app's own code."""
    from readinglist.core.recommend.mute import MuteRules
    from readinglist.core.recommend.ranking import rank

    corpus = data.Corpus(seed=7)
    rng = np.random.default_rng(7)
    user = data.make_user(corpus, rng)
    papers = [data.make_paper(corpus, rng, f"lib.{n}", n) for n in range(library_size + seen)]
    library = [LibraryPaper(n + 1, p.pid, p.title, p.abstract, p.pid, "read", 0,
                            (f"topic-{user.main_topic(p)}",), "Author", 2025)
               for n, p in enumerate(papers[:library_size])]
    passed = [SeenPaper(p.pid, p.title, p.abstract, "d", n % 5 == 0, True)
              for n, p in enumerate(papers[library_size:])]
    started, cpu = time.perf_counter(), time.process_time()
    model = train(Examples(library, passed))
    trained, trained_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert model is not None
    day = data.make_day(corpus, rng, 999, day_size)

    class Item:
        def __init__(self, p: data.Paper) -> None:
            self.arxiv_id, self.title, self.abstract = p.pid, p.title, p.abstract
            self.authors, self.announce_type, self.primary_category = ("A B",), "new", "cs.LG"

    items = [Item(p) for p in day]
    rank(model, items, MuteRules())  # warm-up (first use of scipy's routines)
    runs, cpus = [], []
    for _ in range(5):
        started, cpu = time.perf_counter(), time.process_time()
        rank(model, items, MuteRules(authors=("Nobody Here",), phrases=("nothing at all",)))
        runs.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"train_s": trained, "train_cpu": trained_cpu,
            "rank_ms": statistics.median(runs) * 1000, "rank_cpu_ms": statistics.median(cpus) * 1000,
            "terms": float(model.vocab.size)}


def table(scores: dict[str, dict[str, list[float]]]) -> str:
    lines = ["| method | nDCG@10 (mean ± sd) | precision@10 (mean ± sd) |",
             "| --- | --- | --- |"]
    for name, values in scores.items():
        cells = [f"{statistics.fmean(values[m]):.3f} ± {statistics.stdev(values[m]):.3f}"
                 for m in ("ndcg", "p")]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def write_results(text: str) -> None:
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else ""
    if SECTION in current:
        before, _, rest = current.partition(SECTION)
        after = rest.split("\n## ", 1)
        current = before + text + ("\n## " + after[1] if len(after) > 1 else "")
    else:
        current = current.rstrip() + "\n\n" + text
    RESULTS.write_text(current.rstrip() + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--train-days", type=int, default=10)
    parser.add_argument("--test-days", type=int, default=5)
    parser.add_argument("--library", type=int, default=30, help="papers liked before day 1")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    scores = evaluate(args.users, args.seeds, args.train_days, args.test_days, args.library)
    runs = args.users * args.seeds
    text = [SECTION, "",
            f"`make bench-rank` (bench/recommend_eval.py): {args.users} synthetic users × "
            f"{args.seeds} corpus seeds = {runs} runs; each user starts with {args.library} liked "
            f"papers, triages {args.train_days} days of 80–250 papers, and is tested on "
            f"{args.test_days} later days. Relevant = a paper the simulated user wants "
            "(topic overlap with their 2–3 interests). ± is the standard deviation over runs.", "",
            table(scores), ""]
    if not args.no_timing:
        t = timing()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        text += [f"Timing (same run, this machine, {os.cpu_count()} cores, load average "
                 f"{load:.1f}): training on a 10,000-paper library plus 6,000 fetched papers "
                 f"(the most the app reads): **{t['train_s']:.2f} s** wall, {t['train_cpu']:.2f} s "
                 f"CPU ({int(t['terms'])} terms; budget 10 s, in a worker); ranking a 300-paper "
                 f"day with why-lines and mute rules: **{t['rank_ms']:.0f} ms** wall median, "
                 f"{t['rank_cpu_ms']:.0f} ms CPU (budget 100 ms).", ""]
    text.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    out = "\n".join(text)
    print(out)
    if not args.no_write:
        write_results(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
