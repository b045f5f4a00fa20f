"""A deterministic synthetic library, shaped like a researcher's.

The same seed and size always give the same papers, so runs on different
days (and the FTS5 baseline in the same run) see identical documents. Text
is drawn from a Zipf-distributed vocabulary of made-up words, so common
words are very common and the tail is long, as in real abstracts; a
separate stream of the random generator is used per concern, so adding a
field later does not reshuffle the titles.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from whoosh.analysis import STOP_WORDS

from bench.vocabulary import PHRASES, realistic_vocabulary
from bench.vocabulary import weights as realistic_weights
from readinglist.core.models import Author, PaperDraft, ReadStatus

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
CORPORA = ("synthetic", "realistic")
DEFAULT_SEED = 20261129
VOCABULARY_SIZE = 20_000
ZIPF_EXPONENT = 1.07

_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v",
           "w", "z", "br", "cr", "dr", "gr", "pr", "tr", "st", "sp", "ch", "th", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
_CODAS = ["", "n", "r", "s", "l", "m", "x", "nt", "rd", "st", "ng"]

# Names in several scripts, as real author lists have them.
_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "latin": (
        ["Anna", "José", "Lukas", "Chloé", "Mateo", "Ingrid", "Søren", "Zoë", "Ahmet",
         "Ewa", "Raúl", "Noah", "Olivia", "Tomáš", "Björn", "Amélie", "Kwame", "Priya"],
        ["Müller", "García", "Nguyen", "Smith", "Kowalski", "Dubois", "Öztürk", "Rossi",
         "Andersson", "Novák", "Fernández", "Schmidt", "Okafor", "Patel", "Jensen", "Łukasik"],
    ),
    "cyrillic": (["Иван", "Мария", "Алексей", "Ольга"], ["Иванов", "Смирнова", "Кузнецов", "Попова"]),
    "greek": (["Νίκος", "Ελένη"], ["Παπαδόπουλος", "Γεωργίου"]),
    "han": (["伟", "芳", "娜", "强"], ["王", "李", "张", "刘"]),
    "japanese": (["さくら", "健太"], ["佐藤", "鈴木"]),
    "hangul": (["민준", "서연"], ["김", "이"]),
    "arabic": (["محمد", "فاطمة"], ["الحسن", "منصور"]),
    "devanagari": (["अमित", "प्रिया"], ["शर्मा", "वर्मा"]),
}
_SCRIPT_WEIGHTS = {"latin": 70, "han": 10, "cyrillic": 5, "japanese": 4, "hangul": 4,
                   "greek": 2, "arabic": 3, "devanagari": 2}
_FAMILY_FIRST = {"han", "japanese", "hangul"}

_TAG_ROOTS = ["ml", "nlp", "cv", "robotics", "theory", "systems", "bio", "reading-group"]
_TAG_CHILDREN = ["survey", "benchmarks", "methods", "datasets", "to-cite", "ideas", "code"]
_TAG_LEAVES = ["2024", "2025", "core", "related"]

_VENUES = ["NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "CVPR", "Nature", "Journal of Machine Learning Research",
           "Transactions on Pattern Analysis", "SIGMOD", "OSDI"]
_STATUS_WEIGHTS = {ReadStatus.INBOX: 40, ReadStatus.QUEUED: 20, ReadStatus.READING: 5,
                   ReadStatus.READ: 25, ReadStatus.SKIPPED: 10}


def vocabulary(seed: int = DEFAULT_SEED, size: int = VOCABULARY_SIZE) -> list[str]:
    """Distinct made-up words, most frequent first."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.choice((1, 1, 2, 2, 2, 3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(syllables))
        if 3 <= len(word) <= 16 and word not in STOP_WORDS:
            words.setdefault(word, None)
    # Frequent words are short in every language; ties keep their random order.
    return sorted(words, key=len)


def _tag_pool(rng: random.Random) -> list[str]:
    tags = []
    for root in _TAG_ROOTS:
        tags.append(root)
        for child in rng.sample(_TAG_CHILDREN, 4):
            tags.append(f"{root}/{child}")
            if rng.random() < 0.4:
                tags.append(f"{root}/{child}/{rng.choice(_TAG_LEAVES)}")
    return tags


@dataclass(frozen=True, slots=True)
class SyntheticPaper:
    """A draft plus what the user owns (set after the bulk add)."""

    draft: PaperDraft
    tags: tuple[str, ...]
    notes: tuple[str, ...]
    status: ReadStatus


@dataclass
class SyntheticLibrary:
    seed: int
    size: int
    words: list[str]
    tags: list[str]
    papers: list[SyntheticPaper] = field(default_factory=list)
    corpus: str = "synthetic"

    @property
    def drafts(self) -> list[PaperDraft]:
        return [p.draft for p in self.papers]


class _Text:
    def __init__(self, rng: random.Random, words: list[str],
                 weights: list[float] | None = None,
                 phrases: list[tuple[str, float]] = ()) -> None:
        self.rng = rng
        self.words = words
        if weights is None:
            weights = [1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(words))]
        self.cum = list(itertools.accumulate(weights))
        self.phrases = phrases

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def title(self) -> str:
        words = self.words_(self.rng.randint(7, 13))
        return " ".join(w.capitalize() if i == 0 or self.rng.random() < 0.5 else w
                        for i, w in enumerate(words))

    def paragraph(self, n: int) -> str:
        words = self.words_(n)
        for phrase, share in self.phrases:  # recurring phrases ("graph attention")
            if self.rng.random() < share:
                at = self.rng.randrange(n)
                words[at:at + 1] = phrase.split()
        n = len(words)
        out, start = [], 0
        while start < n:
            end = min(n, start + self.rng.randint(12, 28))
            sentence = words[start:end]
            sentence[0] = sentence[0].capitalize()
            out.append(" ".join(sentence) + ".")
            start = end
        return " ".join(out)

    def note(self) -> str:
        head = " ".join(self.words_(3))
        body = self.paragraph(self.rng.randint(15, 60))
        return f"## {head.capitalize()}\n\n{body}\n\n- **{self.words_(1)[0]}** matters"


def _author(rng: random.Random) -> Author:
    script = rng.choices(list(_SCRIPT_WEIGHTS), weights=list(_SCRIPT_WEIGHTS.values()))[0]
    given, family = _NAMES[script]
    g, f = rng.choice(given), rng.choice(family)
    if script in _FAMILY_FIRST:
        return Author(f"{f}{g}" if script != "hangul" else f"{f} {g}", family=f, given=g)
    return Author(f"{g} {f}")


def generate(size: int | str, seed: int = DEFAULT_SEED,
             corpus: str = "synthetic") -> SyntheticLibrary:
    """The library of ``size`` papers (1k, 10k, 100k or a number).

    ``corpus`` "synthetic": made-up words, each in a small share of papers;
    "realistic": real research words at the top, in most papers (vocabulary.py).
    """
    n = SIZES[size] if size in SIZES else int(size)
    text_rng, meta_rng, owned_rng = (random.Random(f"{seed}:{k}") for k in ("text", "meta", "own"))
    if corpus == "realistic":
        words = realistic_vocabulary(seed)
        text = _Text(text_rng, words, realistic_weights(len(words)), PHRASES)
    else:
        words = vocabulary(seed)
        text = _Text(text_rng, words)
    tags = _tag_pool(random.Random(f"{seed}:tags"))
    lib = SyntheticLibrary(seed, n, words, tags, corpus=corpus)
    statuses, status_w = list(_STATUS_WEIGHTS), list(_STATUS_WEIGHTS.values())
    for i in range(n):
        year = min(2026, 1990 + int(36 * meta_rng.random() ** 0.45))
        arxiv = ""
        # Numbers 10000-10999 are left to the fake Hugging Face days of the
        # daily-import measurement, so its papers are new to the library.
        if year >= 2015 and meta_rng.random() < 0.75 and not 10_000 <= i % 100_000 < 11_000:
            arxiv = f"{year % 100:02d}{meta_rng.randint(1, 12):02d}.{i % 100_000:05d}"
        doi = f"10.5555/bench.{seed % 1000}.{i}" if meta_rng.random() < 0.4 else ""
        if not arxiv and not doi and meta_rng.random() < 0.5:
            doi = f"10.5555/bench.{seed % 1000}.{i}"
        draft = PaperDraft(
            title=text.title(),
            authors=tuple(_author(meta_rng) for _ in range(meta_rng.randint(1, 12))),
            abstract=text.paragraph(meta_rng.randint(150, 210)),
            year=year,
            arxiv_id=arxiv,
            doi=doi,
            venue=meta_rng.choice(_VENUES) if meta_rng.random() < 0.35 else "",
            primary_category=meta_rng.choice(["cs.CL", "cs.LG", "cs.CV", "stat.ML", "cs.RO"]),
            sources=("bench",),
        )
        n_tags = owned_rng.choices(range(7), weights=[30, 25, 18, 12, 8, 4, 3])[0]
        own_tags = tuple(dict.fromkeys(owned_rng.sample(tags, n_tags)))
        notes = tuple(text.note() for _ in range(owned_rng.randint(1, 2))) \
            if owned_rng.random() < 0.2 else ()
        status = owned_rng.choices(statuses, weights=status_w)[0]
        lib.papers.append(SyntheticPaper(draft, own_tags, notes, status))
    return lib

