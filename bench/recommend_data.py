"""Synthetic researchers for the "For you" evaluation.

A corpus with topic structure: a shared background vocabulary (Zipf, as in
real abstracts: "model", "data" everywhere) and, per topic, its own
vocabulary (also Zipf: a few very common topic words, a long tail). A paper
is a mixture of one or two topics (Dirichlet with a small concentration),
so most papers are about one thing and some straddle two. Words are made up
(no real topic is easier than another); pairs of words appear because
topic words are drawn in short runs, as phrases are.

A user likes a mixture of 2 or 3 topics; a paper's appeal is the overlap
of its topic mixture with the user's. The crowd (Hugging Face upvotes)
likes its own mixture, so upvotes are only weakly related to any one
user's taste. On a training day the user adds the papers that appeal
(with some noise), tags them by their main topic, explicitly skips some of
the rest, and passes over the others.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field

import numpy as np

ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
          "br", "cr", "dr", "gr", "pr", "tr", "st", "sp", "ch", "th", "pl", "fl", "gl"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "ee"]
CODAS = ["", "n", "r", "s", "l", "m", "x", "nt", "rd", "st", "ng", "ck"]


def _words(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                       for _ in range(syllables))
        if word not in taken:
            taken.add(word)
            out.append(word)
    return out


def _zipf(n: int, exponent: float = 1.07) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** exponent
    return p / p.sum()


@dataclass
class Corpus:
    """Fields of related topics: a topic's words are half its own, half its field's, so
    telling a user's topic from its neighbours in the same field is the hard part."""

    fields: int = 8
    per_field: int = 5
    background_words: int = 8000
    topic_words: int = 300
    background_share: float = 0.7  # of abstract words
    seed: int = 1
    background: list[str] = field(default_factory=list)
    vocab: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        taken: set[str] = set()
        self.topics = self.fields * self.per_field
        self.background = _words(rng, self.background_words, taken)
        shared = [_words(rng, self.topic_words, taken) for _ in range(self.fields)]
        self.vocab = []
        for t in range(self.topics):
            own = _words(rng, self.topic_words, taken)
            field_words = shared[t // self.per_field]
            # interleaved: the Zipf head of a topic is half its own words, half its field's
            self.vocab.append([w for pair in zip(own, field_words, strict=True) for w in pair])
        self.topic_words *= 2
        self.p_background = _zipf(self.background_words)
        self.p_topic_start = _zipf(self.topic_words - 1, 1.0)
        self.crowd = np.random.default_rng(self.seed + 99).dirichlet(np.ones(self.topics) * 1.5)


@dataclass(frozen=True)
class Paper:
    pid: str
    title: str
    abstract: str
    mixture: np.ndarray  # topic weights
    upvotes: int
    order: int  # position in the list as announced (arXiv order: unrelated to taste)


def make_paper(corpus: Corpus, rng: np.random.Generator, pid: str, order: int) -> Paper:
    mixture = rng.dirichlet(np.ones(corpus.topics) * 0.03)
    mixture = np.where(mixture < 0.05, 0.0, mixture)
    if mixture.sum() == 0:
        mixture[rng.integers(corpus.topics)] = 1.0
    mixture /= mixture.sum()

    def text(n: int, background_share: float) -> list[str]:
        n_topic = int(rng.binomial(n, 1 - background_share))
        phrases = max(1, int(round(n_topic / 1.4)))  # topic words come in runs of 1-2 (phrases)
        topics = rng.choice(corpus.topics, size=phrases, p=mixture)
        starts = rng.choice(corpus.topic_words - 1, size=phrases, p=corpus.p_topic_start)
        runs = 1 + (rng.random(phrases) < 0.4)
        topical = [corpus.vocab[t][s + k] for t, s, r in zip(topics, starts, runs, strict=True)
                   for k in range(r)]
        background = [corpus.background[i] for i in
                      rng.choice(corpus.background_words, size=n - len(topical) if n > len(topical)
                                 else 0, p=corpus.p_background)]
        # Phrases stay together; the background words fill the gaps between them.
        pieces: list[list[str]] = [[w] for w in background]
        k = 0
        for r in runs:
            pieces.insert(int(rng.integers(0, len(pieces) + 1)), topical[k:k + r])
            k += r
        return [w for piece in pieces for w in piece][:max(n, 1)]

    title = " ".join(text(int(rng.integers(6, 12)), 0.3)).capitalize()
    abstract = " ".join(text(int(rng.integers(90, 200)), corpus.background_share)) + "."
    crowd = float(mixture @ corpus.crowd) * corpus.topics
    upvotes = int(rng.poisson(max(0.2, 8.0 * crowd * math.exp(rng.normal(0, 1.2)))))
    return Paper(pid, title, abstract, mixture, upvotes, order)


@dataclass
class User:
    interest: np.ndarray  # weights over topics, sums to 1
    threshold: float = 0.45  # appeal above which a paper is one the user wants
    taste: dict[str, float] = field(default_factory=dict)  # per-paper whim, fixed once drawn
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))

    def appeal(self, paper: Paper) -> float:
        """How much of the paper is about the user's topics, the stronger interests counting
        more, plus a personal whim per paper (not every paper on a topic appeals)."""
        if paper.pid not in self.taste:
            self.taste[paper.pid] = float(self.rng.normal(0, 0.12))
        mine = self.interest > 0
        return float(paper.mixture[mine] @ (0.5 + self.interest[mine])) + self.taste[paper.pid]

    def wants(self, paper: Paper) -> bool:
        return self.appeal(paper) >= self.threshold

    def main_topic(self, paper: Paper) -> int:
        return int(np.argmax(paper.mixture * (self.interest > 0)))


def make_user(corpus: Corpus, rng: np.random.Generator) -> User:
    k = int(rng.integers(2, 4))
    chosen = rng.choice(corpus.topics, size=k, replace=False)
    interest = np.zeros(corpus.topics)
    interest[chosen] = rng.dirichlet(np.ones(k) * 2.0)
    return User(interest, rng=np.random.default_rng(int(rng.integers(1 << 30))))


def make_day(corpus: Corpus, rng: np.random.Generator, day: int, size: int) -> list[Paper]:
    return [make_paper(corpus, rng, f"d{day:03d}.{n:04d}", n) for n in range(size)]


def days(corpus: Corpus, rng: np.random.Generator, count: int, first: int = 0) -> list[list[Paper]]:
    return [make_day(corpus, rng, first + d, int(rng.integers(80, 250))) for d in range(count)]


def flatten(groups: list[list[Paper]]) -> list[Paper]:
    return list(itertools.chain.from_iterable(groups))
