"""What one immutable Whoosh segment holds, decoded once into numpy arrays.

A segment never changes after its commit (edits add segments and mark
deletions), so a term's postings, a field's lengths, the paper id of each
document or a numeric field's values are decoded the first time a search
needs them and kept in a bounded cache keyed by segment id. A new
generation (an edit) reuses every array of the segments it kept; only the
new small segment and the deletion mask are new.

Decoding goes through Whoosh's own block readers (there is no public bulk
read), about a microsecond a posting: what makes the first search of a
common word slower than the next ones.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound

from readinglist.core.search.bulk_read import (
    read_blocks,
    term_info,
    unfiltered_matcher,
    unique_terms,
)

# Decoded postings kept across searches (about 12 bytes per posting, 8 more
# per position): the common words of a 100k library fit many times over.
CACHE_BYTES = 96 * 2**20
POS_BITS = 32
# Numeric fields decoded into a per-document column (``year:`` ``rating:``
# as a mask); their distinct values are few. ``added`` has about one value
# per paper: its ranges stay with Whoosh's range query.
COLUMN_FIELDS = frozenset({"year", "rating"})
MISSING = np.iinfo(np.int64).min  # a document without a value in the field
# Postings of a term kept as Python lists too (search/small.py), at most.
SMALL_LISTS = 256


class PostingCache:
    """Decoded arrays by key, least recently used out first."""

    def __init__(self, limit_bytes: int = CACHE_BYTES) -> None:
        self.limit = limit_bytes
        self.size = 0
        self._items: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]
        value = build()
        nbytes = _nbytes(value)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, nbytes)
                self.size += nbytes
            while self.size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value

    def peek(self, key: tuple[Any, ...]) -> Any:
        """The value kept under ``key``, or None (nothing is built)."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def _nbytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 100
    if isinstance(value, list):
        if value and isinstance(value[0], list):  # a phrase's weights, word by word
            return sum(_nbytes(v) for v in value) + 100
        return 60 * len(value) + 100
    if isinstance(value, tuple):
        return sum(_nbytes(v) for v in value) + 50
    return 100


_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, without it: numpy 2's ``unique`` imports
    ``numpy.ma`` on its first call (20 ms of the first search after start)."""
    if len(values) < 2:
        return values.copy()
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` (see ``unique_sorted``)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(values), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


@dataclass
class Segment:
    """One segment during a search: its reader, first global document number, size.

    ``key`` is the segment's identity across generations (index build and
    segment id); everything decoded from it is cached under that key.
    """

    leaf: Any
    base: int
    n: int
    key: Any
    cache: PostingCache
    schema: Any
    check_time: Callable[[], None]
    _live: np.ndarray | None = dataclass_field(default=None, init=False, repr=False)
    _deleted: frozenset[int] | None = dataclass_field(default=None, init=False, repr=False)

    def postings(self, field: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term (deleted documents included)."""

        def build() -> tuple[np.ndarray, np.ndarray]:
            self.check_time()
            ids, weights, _ = _read(self.leaf, field, text, values=False)
            return ids, weights

        return self.cache.get((self.key, field, text, "p"), build)

    def small_postings(self, field: str, text: str, most: int
                       ) -> tuple[list[int], list[list[float]], list[int]] | None:
        """A rare term's documents, weights and length bytes as Python lists
        (``search/small.py``); None if it has more than ``most`` postings."""

        def build() -> tuple[list[int], list[list[float]], list[int]] | None:
            ids, weights = self.postings(field, text)
            if len(ids) > SMALL_LISTS:
                return None
            return ids.tolist(), [weights.tolist()], self.lengths(field)[ids].tolist()

        found = self.cache.get((self.key, field, text, "small"), build)
        return None if found is None or len(found[0]) > most else found

    def small_phrase(self, field: str, tokens: list[str], most: int
                     ) -> tuple[list[int], list[list[float]], list[int]] | None:
        """Like ``small_postings`` for the documents holding the phrase: each
        word's weights there, in the phrase's order."""

        def build() -> tuple[list[int], list[list[float]], list[int]] | None:
            docs = self.phrase_docs(field, tokens)
            if len(docs) > SMALL_LISTS:
                return None
            weights = []
            for term in tokens:
                ids, w = self.postings(field, term)
                weights.append(w[np.searchsorted(ids, docs)].tolist())
            return docs.tolist(), weights, self.lengths(field)[docs].tolist()

        found = self.cache.get((self.key, field, tuple(tokens), "smallphrase"), build)
        return None if found is None or len(found[0]) > most else found

    def deleted(self) -> frozenset[int]:
        """The documents deleted from the segment (fixed for a reader)."""
        if self._deleted is None:
            self._deleted = (frozenset(self.leaf.deleted_docs_set) if self.leaf.has_deletions()
                             else frozenset())
        return self._deleted

    def has_term(self, field: str, text: str) -> bool:
        """Whether the term has postings here (deleted documents included), from
        the term table alone."""
        try:
            return (field, text) in self.leaf
        except (KeyError, TermNotFound, ValueError):
            return False

    def positions(self, field: str, text: str) -> np.ndarray:
        """Sorted keys ``document << 32 | position`` of every occurrence of the term."""

        def build() -> np.ndarray:
            self.check_time()
            decode = self.schema[field].format.decode_positions
            ids, _, values = _read(self.leaf, field, text, values=True)
            docs: list[int] = []
            positions: list[int] = []
            for d, v in zip(ids.tolist(), values or (), strict=True):
                ps = decode(v)
                docs.extend([d] * len(ps))
                positions.extend(ps)
            keys = (np.array(docs, dtype=np.int64) << POS_BITS) | np.array(positions,
                                                                             dtype=np.int64)
            keys.sort()
            return keys

        return self.cache.get((self.key, field, text, "pos"), build)

    def phrase_docs(self, field: str, tokens: list[str]) -> np.ndarray:
        """The documents (sorted) where the words stand in this order, side by side.

        Documents holding every word first (sorted-id intersections, cheap in
        the many small segments edits leave), then positions for those only.
        Kept like a posting list: a phrase typed again costs a lookup.
        """

        def build() -> np.ndarray:
            cand = self.postings(field, tokens[0])[0]
            for term in tokens[1:]:
                if not len(cand):
                    return _EMPTY_IDS
                cand = np.intersect1d(cand, self.postings(field, term)[0], assume_unique=True)
            if not len(cand):
                return _EMPTY_IDS
            starts = self._positions_at(field, tokens[0], cand)
            for k, term in enumerate(tokens[1:], start=1):
                if not len(starts):
                    return _EMPTY_IDS
                keys = self._positions_at(field, term, cand)
                want = starts + k
                at = np.searchsorted(keys, want)
                at[at >= len(keys)] = 0
                starts = starts[keys[at] == want] if len(keys) else starts[:0]
            return unique_sorted(starts >> POS_BITS)

        return self.cache.get((self.key, field, tuple(tokens), "phrase"), build)

    def _positions_at(self, field: str, text: str, docs: np.ndarray) -> np.ndarray:
        """``positions`` of the term in ``docs`` (sorted, all holding the term) only.

        A phrase of common words ("graph attention") needs the positions at
        the documents holding both, a tenth of either word's: decoding every
        position of both (a Python call each) made the first search of such
        a phrase at 100k papers 0.2 s.
        """
        whole = self.cache.peek((self.key, field, text, "pos"))
        if whole is None and len(docs) * 2 < len(self.postings(field, text)[0]):
            self.check_time()
            decode = self.schema[field].format.decode_positions
            ids, _, values = _read(self.leaf, field, text, values=True)
            assert values is not None
            keys: list[int] = []
            for d, i in zip(docs.tolist(), np.searchsorted(ids, docs).tolist(), strict=True):
                top = d << POS_BITS
                keys.extend([top | p for p in decode(values[i])])
            return np.array(keys, dtype=np.int64)  # sorted: documents, then positions, ascending
        if whole is None:
            whole = self.positions(field, text)
        here = np.zeros(self.n, dtype=bool)
        here[docs] = True
        return whole[here[whole >> POS_BITS]]

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length in the field, as the byte Whoosh stores it."""

        def build() -> np.ndarray:
            perdoc = self.leaf._perdoc  # noqa: SLF001
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
            raw = b"" if column is None else bytes(column._dbfile.get(  # noqa: SLF001
                column._basepos, column._count))  # noqa: SLF001
            out = np.zeros(self.n, dtype=np.uint8)  # no text in the field: length 0
            got = np.frombuffer(raw, dtype=np.uint8)[: self.n]
            out[: len(got)] = got
            return out

        return self.cache.get((self.key, field, "", "len"), build)

    def term_table(self, field: str) -> tuple[list[str], np.ndarray]:
        """The segment's terms of a field, sorted, with their document frequencies."""

        def build() -> tuple[list[str], np.ndarray]:
            terms: list[str] = []
            counts: list[int] = []
            for text, info in self.leaf.iter_field(field):
                terms.append(text.decode("utf-8") if isinstance(text, bytes) else text)
                counts.append(info.doc_frequency())
            return terms, np.array(counts, dtype=np.int64)

        return self.cache.get((self.key, field, "", "terms"), build)

    def pids(self) -> np.ndarray:
        """Paper id of every document in the segment, from the unique ``pid`` terms.

        Stored fields cost ~30 µs a hit (200 hits: 6 ms a search), and opening
        each pid's postings ~60 µs a paper (3 s for a 50,000-paper segment on
        the first search). A term in one document has that document as its
        term info's first id: the term table, read at once, maps them all.
        """

        def build() -> np.ndarray:
            pids = np.full(self.n, -1, dtype=np.int64)
            table = unique_terms(self.leaf, "pid")
            if table is None:
                shared = self._pids_term_by_term(pids)
            else:
                docs, values, shared = table
                pids[docs] = values
            for text in shared:
                # The same paper twice in a segment (one copy deleted).
                docs = list(self.leaf.postings("pid", text).all_ids())
                pids[np.asarray(docs, dtype=np.int64)] = int(text)
            return pids

        return self.cache.get((self.key, "pid", "", "pids"), build)

    def _pids_term_by_term(self, pids: np.ndarray) -> list[bytes | str]:
        shared: list[bytes | str] = []
        for text, info in self.leaf.iter_field("pid"):
            if info.doc_frequency() == 1 and info.min_id() is not None:
                pids[info.min_id()] = int(text)
            else:
                shared.append(text)
        return shared

    def live(self) -> np.ndarray:
        """False for the documents deleted from the segment (edited or removed papers)."""
        if self._live is None:
            self._live = self._read_live()
        return self._live

    def _read_live(self) -> np.ndarray:
        # A reader's deletions are fixed (a new commit gets a new reader).
        deleted = self.leaf.deleted_docs_set
        if not isinstance(deleted, set | frozenset):
            deleted = set(deleted)

        def build() -> np.ndarray:
            live = np.ones(self.n, dtype=bool)
            if deleted:
                live[np.fromiter(deleted, dtype=np.int64)] = False
            return live

        # Deletions only ever grow: their number identifies the set.
        return self.cache.get((self.key, "", len(deleted), "live"), build)

    def column(self, field: str) -> np.ndarray:
        """A numeric field's value per document (``MISSING`` where it has none).

        Whoosh indexes a number as several terms (the value, then coarser
        shifted copies for range queries); the exact values are the terms
        whose first byte, the shift, is 0.
        """

        def build() -> np.ndarray:
            self.check_time()
            fieldobj = self.schema[field]
            out = np.full(self.n, MISSING, dtype=np.int64)
            for (name, tbytes), _ in self.leaf.iter_from(field, b"\x00"):
                if name != field or not tbytes or tbytes[0] != 0:
                    break  # past the exact values (sorted by shift first)
                ids, _ = self.postings(field, tbytes)
                out[ids] = fieldobj.from_bytes(tbytes)
            return out

        return self.cache.get((self.key, field, "", "col"), build)


def _read(leaf: Any, field: str, text: str | bytes, *, values: bool
          ) -> tuple[np.ndarray, np.ndarray, list[Any] | None]:
    """A term's postings in a segment (deleted documents included): document
    numbers, weights and, if asked, values; empty if the term is not there."""
    info = term_info(leaf, field, text)
    if info is None:
        return _EMPTY_IDS, _EMPTY_WEIGHTS, [] if values else None
    found = read_blocks(leaf, info, values=values)
    if found is not None:
        return found
    # Inlined in the term info (one or two postings), or another codec:
    # Whoosh's matcher, without the deletions filter (dropped later).
    try:
        m = unfiltered_matcher(leaf, field, text)
    except TermNotFound:
        return _EMPTY_IDS, _EMPTY_WEIGHTS, [] if values else None
    ids, weights, vals = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    if not ids:
        return _EMPTY_IDS, _EMPTY_WEIGHTS, [] if values else None
    return (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
            vals if values else None)
