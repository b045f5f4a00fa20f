"""Titles and abstracts as terms: lower-cased words and adjacent word pairs.

Pairs ("language model", "graph neural") carry most of a field's meaning,
and are what a user recognises in a why-line. Stop words and the filler of
abstracts ("we propose", "results show") are dropped before pairing, and
numbers and one-letter tokens never become terms.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")

STOP_WORDS = frozenset(
    """
    a about above across after again against all almost along also although always am among an
    and another any are around as at be because been before being below between both but by can
    cannot could did do does doing done down during each either else enough even ever every few
    for from further had has have having he her here hers herself him himself his how however i
    if in into is it its itself just least less like made make makes many may me more most much
    must my myself neither no nor not now of off often on once one only or other others our ours
    ourselves out over own per rather same several she should show shows shown since so some such
    than that the their theirs them themselves then there these they this those though through
    thus to too under until up upon us very via was we well were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself
    abstract paper papers propose proposed proposes present presents presented introduce
    introduces introduced novel new approach approaches method methods result results demonstrate
    demonstrates demonstrated outperform outperforms achieve achieves achieved based using use
    used uses existing extensive experiments experimental state art significantly significant
    work works study studies task tasks problem problems first two three various different
    including include includes however furthermore moreover therefore code available github https
    http www com org arxiv et al e g i e
    """.split()
)


def singular(word: str) -> str:
    """A light plural fold ("models" -> "model", "studies" -> "study"), enough to pair forms."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


_FOLDED: dict[str, str] = {}  # token -> its term ("" for a stop word); tokens repeat a lot


def _fold(token: str) -> str:
    term = _FOLDED.get(token)
    if term is None:
        term = "" if len(token) < 2 or token in STOP_WORDS else singular(token)
        if len(_FOLDED) < 500_000:
            _FOLDED[token] = term
    return term


def terms(text: str) -> list[str]:
    """Words and adjacent pairs of content words (pairs never span a dropped word's gap)."""
    folded = anyascii(text).lower() if not text.isascii() else text.lower()
    words = [_FOLDED.get(t) or _fold(t) for t in _TOKEN.findall(folded)]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:]) if a and b]
    return [w for w in words if w] + pairs


def document(title: str, abstract: str) -> str:
    """The text a paper is judged by: the title counts twice (it is what the user reads first)."""
    title = title.strip()
    return f"{title}. {title}. {abstract.strip()}"
