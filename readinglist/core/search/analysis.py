"""Text analysis for the index, in one pass with a per-word cache.

The terms are exactly those of Whoosh's chain ``RegexTokenizer |
LowercaseFilter | CharsetFilter(accent_map) | StopFilter | StemFilter``
(a test compares them on arbitrary text), but a profile of a rebuild showed
the chain's five stacked generators and per-token filter calls taking about
a third of indexing time. Every step after tokenising depends only on the
word itself, so one dictionary lookup per word replaces them, and the
positions format reads the terms without building tokens at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Token
from whoosh.formats import Positions
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Whoosh's default token pattern keeps "*" inside tokens ("**bold**" would be
# one token); Markdown notes need plain word characters.
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
# Bounded so a long-running app indexing many distinct words stays small.
_CACHE_LIMIT = 200_000

_STOPPED = None  # cache value for a word the stop list drops
_MISSING = object()  # not in the cache yet
# Encoded positions of a term that occurs once, by position (most postings).
_SINGLE_LIMIT = 4096


class FoldingAnalyzer(Analyzer):
    """Words, lower-cased, accents folded, optionally stop words dropped and stemmed."""

    def __init__(self, *, stem: bool = True, stop_words: frozenset[str] | None = None,
                 minsize: int = 1) -> None:
        self.pattern = TOKEN_PATTERN
        self.stem = stem
        self.stop_words = stop_words
        self.minsize = minsize
        self._setup()

    def _setup(self) -> None:
        self._expression = re.compile(self.pattern, re.UNICODE)
        # raw word -> (folded, final term) with None for stopped words
        self._cache: dict[str, tuple[str, str | None]] = {}
        # raw word -> final term (None: stopped), and as UTF-8 for the index writer
        self._final: dict[str, str | None] = {}
        self._final_bytes: dict[str, bytes | None] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Whoosh pickles the schema into the index; the cache does not belong there.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldingAnalyzer) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.pattern, self.stem, self.minsize))

    def has_morph(self) -> bool:
        return self.stem

    def _fold(self, raw: str) -> tuple[str, str | None]:
        folded = raw.lower().translate(accent_map)
        final: str | None = folded
        if self.stop_words is not None and (
            len(folded) < self.minsize or folded in self.stop_words
        ):
            final = _STOPPED
        elif self.stem:
            final = porter_stem(folded)
        return folded, final

    def _word(self, raw: str) -> tuple[str, str | None]:
        entry = self._cache.get(raw)
        if entry is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
                self._final.clear()
            entry = self._cache[raw] = self._fold(raw)
            self._final[raw] = entry[1]
        return entry

    def _index_term(self, raw: str) -> bytes | None:
        """The term ``raw`` is indexed as, UTF-8 (its own cache: an indexing
        process needs no other, and each costs ~25 MB at 100k papers)."""
        cache = self._final_bytes
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        final = self._fold(raw)[1]
        term = cache[raw] = None if final is None else final.encode("utf-8")
        return term

    def kept_terms(self, value: str) -> tuple[list[bytes], int]:
        """The indexed terms of ``value`` in order (UTF-8), and the position of the first.

        Stopped words are left out and the words after the first kept one are
        numbered consecutively (``StopFilter(renumber=True)``), so the i-th
        kept term is at position ``first + i``.
        """
        get = self._final_bytes.get
        raws = self._expression.findall(value)
        terms = [get(raw, _MISSING) for raw in raws]
        if _MISSING in terms:
            index_term = self._index_term
            for i, t in enumerate(terms):
                if t is _MISSING:
                    terms[i] = index_term(raws[i])
        if None not in terms:
            return terms, 0
        first = next((i for i, t in enumerate(terms) if t is not None), len(terms))
        return [t for t in terms[first:] if t is not None], first

    def positions(self, value: str) -> dict[str, list[int]]:
        """Term -> positions, as the ``Positions`` format needs them for indexing."""
        get = self._final.get
        terms = [get(raw, _MISSING) for raw in self._expression.findall(value)]
        if _MISSING in terms:
            word = self._word
            raws = self._expression.findall(value)
            terms = [word(raws[i])[1] if t is _MISSING else t for i, t in enumerate(terms)]
        out: dict[str, list[int]] = {}
        # StopFilter(renumber=True): the first kept word keeps its place, the
        # following ones are numbered without the stopped words.
        first = next((i for i, t in enumerate(terms) if t is not None), len(terms))
        kept = [t for t in terms[first:] if t is not None]
        for pos, term in enumerate(kept, first):
            at = out.get(term)
            if at is None:
                out[term] = [pos]
            else:
                at.append(pos)
        return out

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            matches = ((m.group(0), m.start(), m.end()) for m in self._expression.finditer(value))
        else:
            matches = iter([(value, 0, len(value))])
        pos: int | None = None
        for i, (raw, start, end) in enumerate(matches):
            folded, final = self._word(raw)
            t.boost = 1.0
            if keeporiginal:
                t.original = raw
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            if final is None:
                if removestops:
                    continue
                t.text = folded
                t.stopped = True
                if positions:
                    t.pos = start_pos + i
                yield t
                continue
            t.text = folded if no_morph else final
            t.stopped = False
            if positions:
                pos = start_pos + i if pos is None else pos + 1
                t.pos = pos
            yield t


class FastPositions(Positions):
    """``Positions``, reading terms straight from a :class:`FoldingAnalyzer`."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
        if not isinstance(analyzer, FoldingAnalyzer) or not isinstance(value, str) \
                or kwargs.get("mode", "index") != "index" or kwargs.get("start_pos"):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        yield from self.index_items(value, analyzer, encode_terms=False)

    def index_items(self, value: str, analyzer: FoldingAnalyzer, *,
                    encode_terms: bool = True) -> list[tuple]:
        """What ``FieldType.index`` makes of ``value``: (term bytes, freq, weight, positions).

        A list instead of two stacked generators, and a term at a single
        position (most of an abstract's words) reuses that position's
        encoding: the same bytes, one ``pickle`` call less.
        """
        fb = self.field_boost
        encode = self.encode
        out = []
        for term, poslist in analyzer.positions(value).items():
            n = len(poslist)
            enc = single_position(poslist[0]) if n == 1 else encode(poslist)
            out.append((term.encode("utf-8") if encode_terms else term, n, n * fb, enc))
        return out


single_encodings: dict[int, bytes] = {}


def single_position(pos: int) -> bytes:
    """``Positions.encode([pos])``, remembered for the first few thousand positions."""
    enc = single_encodings.get(pos)
    if enc is None:
        enc = Positions.encode(None, [pos])  # type: ignore[arg-type] - uses no state
        if pos < _SINGLE_LIMIT:
            single_encodings[pos] = enc
    return enc


def text_analyzer() -> FoldingAnalyzer:
    """Prose: words, lower-cased, accents folded, stop words dropped, Porter-stemmed."""
    return FoldingAnalyzer(stem=True, stop_words=frozenset(STOP_WORDS), minsize=1)


def name_analyzer() -> FoldingAnalyzer:
    """Author names: no stemming, no stop words, accents folded so Muller finds Müller."""
    return FoldingAnalyzer(stem=False, stop_words=None)
