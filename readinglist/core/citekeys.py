"""Citation keys: Better BibTeX's default formula, folded to safe ASCII.

``auth.lower + shorttitle(3,3) + year``: the first author's family name in
lower case, the first three title words that are not skip words with their
first letter capitalised, then the year, e.g. ``vaswaniAttentionAllYou2017``.
A clash gets ``a``, ``b``, … (compared case-insensitively, as BibTeX does).

A key is generated once, when a paper enters the library, and then pinned:
nothing but the user changes it. That is the whole point of keeping the
formula here and calling it from exactly one place (``LibraryService``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from anyascii import anyascii

from readinglist.core.errors import InvalidInput
from readinglist.core.models import Author

# Better BibTeX's default skip words (content/Preferences/preferences.yaml).
SKIP_WORDS = frozenset(
    """a ab aboard about above across after against al along amid among an and anti
    around as at before behind below beneath beside besides between beyond but by d da
    das de del dell dello dei degli della delle dem den der des despite die do down du
    during ein eine einem einen einer eines el en et except for from gli i il in inside
    into is l la las le les like lo los near nor of off on onto or over past per plus
    round save since so some sur than the through to toward towards un una unas under
    underneath une unlike uno unos until up upon versus via von while with within
    without yet zu zum""".split()
)

# Characters BibTeX (or its styles) cannot take in a key, plus whitespace.
_UNSAFE_KEY_CHARS = set('\\"#%\'(),={}~@[] \t\r\n$&^`|;<>?!*')
_KEY_ALLOWED_RE = re.compile(r"[^A-Za-z0-9_\-:.+/]")
_TAG_RE = re.compile(r"</?(?:i|b|sc|nc|code|sup|sub|span)(?:\s[^>]*)?>", re.IGNORECASE)
_LATEX_CMD_RE = re.compile(r"\\[A-Za-z]+\*?")
_WORD_PUNCT_RE = re.compile(r"[^\w]+", re.UNICODE)
MAX_KEY_LENGTH = 100


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII (``Müller`` → ``Muller``, ``王`` → ``Wang``); never U+FFFD."""
    return anyascii(unicodedata.normalize("NFC", text))


def _clean_latex(text: str) -> str:
    text = _TAG_RE.sub("", text)
    text = _LATEX_CMD_RE.sub(" ", text)
    return text.replace("$", " ").replace("{", "").replace("}", "").replace('"', "")


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def title_words(title: str) -> list[str]:
    """Title words as Better BibTeX's ``shorttitle`` sees them (skip words dropped)."""
    text = _clean_latex(title).replace("/", " ").replace(":", " ")
    words: list[str] = []
    for raw in text.split():
        # "Self-Attention" -> "SelfAttention": dashes inside words are deleted.
        word = _WORD_PUNCT_RE.sub("", raw.replace("-", "").replace("\u2010", ""))
        word = word.replace("_", "")
        if not word:
            continue
        if len(word) == 1 and not (word.isdigit() or _is_cjk(word)):
            continue
        if word.lower() in SKIP_WORDS:
            continue
        words.append(word)
    return words


def short_title(title: str, n: int = 3) -> str:
    """The first ``n`` title words, each with its first letter capitalised."""
    picked = [ascii_fold(w) for w in title_words(title)[:n]]
    return "".join(w[:1].upper() + w[1:] for w in picked if w)


def _sanitize(key: str) -> str:
    key = ascii_fold(key)
    key = "".join(ch for ch in key if ch not in _UNSAFE_KEY_CHARS)
    return _KEY_ALLOWED_RE.sub("", key)[:MAX_KEY_LENGTH]


def base_citekey(authors: Sequence[Author], title: str, year: int | None) -> str:
    """The key the formula gives, before clash suffixes."""
    auth = ""
    if authors:
        auth = _sanitize(authors[0].family_name.replace(" ", "")).lower()
    key = f"{auth}{_sanitize(short_title(title))}{year if year else ''}"
    return key or "untitled"


def suffixes() -> Callable[[int], str]:
    """``a``, ``b``, …, ``z``, ``aa``, ``ab``, … (Better BibTeX's ``excelColumn``)."""

    def column(n: int) -> str:
        out = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            out = chr(ord("a") + rem) + out
        return out

    return column


def unique_citekey(base: str, is_taken: Callable[[str], bool]) -> str:
    """``base`` itself if free, else the first free ``base`` + suffix."""
    if not is_taken(base):
        return base
    column = suffixes()
    n = 1
    while True:
        candidate = base + column(n)
        if not is_taken(candidate):
            return candidate
        n += 1


# What LaTeX and BibTeX cannot take in a key (\cite reads it as a macro argument,
# BibTeX ends a key at white space or a comma). Anything else printable ASCII is
# kept as the source wrote it: O'Hara_1999, He.Zhang.Ren.ea.2016*1, long keys.
_LATEX_UNUSABLE = frozenset(',{}()\\"#%~=')


def is_valid_citekey(key: str) -> bool:
    """Can BibTeX and LaTeX use ``key`` as it is (printable ASCII, no white space, no
    ``, { } ( ) \\ " # % ~ =``)? Keys from other tools are kept when they can."""
    return bool(key) and key.isascii() and key.isprintable() and not (
        _LATEX_UNUSABLE.intersection(key) or any(ch.isspace() for ch in key)
    )


def sanitize_citekey(key: str) -> str:
    """``key`` with everything BibTeX cannot take folded or removed (may be empty)."""
    return _sanitize(key)


def usable_citekey(key: str) -> str:
    """An imported key as close to the source as LaTeX allows (``Müller 2020`` →
    ``Muller2020``); empty when nothing usable is left."""
    folded = ascii_fold(key.strip())
    return "".join(
        ch for ch in folded if ch.isprintable() and not ch.isspace() and ch not in _LATEX_UNUSABLE
    )


def validate_citekey(key: str) -> str:
    """A user-chosen key, checked: BibTeX and LaTeX must accept it and it must be ASCII."""
    key = key.strip()
    if not key:
        raise InvalidInput("a citation key cannot be empty")
    if not is_valid_citekey(key):
        bad = sorted({ch for ch in key if ch in _LATEX_UNUSABLE or ch.isspace() or not (33 <= ord(ch) < 127)})
        shown = " ".join(repr(ch) for ch in bad)
        raise InvalidInput(f"citation key {key!r} contains characters BibTeX cannot use: {shown}")
    return key
