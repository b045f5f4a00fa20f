"""What a segment's files hold, read in bulk instead of a term or block at a time.

Whoosh reads postings through ``W3LeafMatcher``, a block of 128 at a time,
with a Python generator undoing the delta encoding of every document
number: about a microsecond a posting, 50 ms for a word in half of a
50,000-paper segment, paid by the first search of that word after start.
The same bytes are read here in one call per term: the blocks are walked
from one buffer, each block's pickled tuple is loaded once, and the
document numbers are undone by one ``cumsum`` over the whole list.

The format is W3 (``whoosh.codec.whoosh3``), written by Whoosh's own
``W3PostingsWriter`` and by ``segment_writer.py``: the magic ``W3Bl``, then
blocks of ``int length`` (negative for the last block), a pickled header
``(count, last id, max weight, compression, min length, max length)`` and
the pickled (optionally zlib-compressed) data ``(id deltas, weights,
values)``. Anything else (an inlined term, another codec) returns None and
the caller reads it through Whoosh's matcher.

``unique_terms`` reads a field's whole term table the same way: the paper
id of every document comes from the ``pid`` terms (one per paper), and
walking them through Whoosh's term iterator cost 4.5 µs a term, 0.45 s on
the first search of a 100,000-paper library.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

_INT = struct.Struct("!i")  # whoosh.system.pack_int
_MAGIC_SIZE = len(WHOOSH3_HEADER_MAGIC)


def term_info(leaf: Any, field: str, text: str | bytes) -> Any | None:
    """The term's ``W3TermInfo`` in the segment, or None if it is not there."""
    try:
        tbytes = leaf._text_to_bytes(field, text)  # noqa: SLF001
        return leaf._terms.term_info(field, tbytes)  # noqa: SLF001
    except (TermNotFound, KeyError, ValueError):
        return None


def unfiltered_matcher(leaf: Any, field: str, text: str | bytes) -> Any:
    """Whoosh's matcher of the term, deleted documents included.

    ``leaf.postings`` wraps it in a filter that has already stepped past
    the deleted documents at the start of the list.
    """
    terms = getattr(leaf, "_terms", None)
    if terms is None:
        m = leaf.postings(field, text)
        return m.child if isinstance(m, FilterMatcher) else m
    tbytes = leaf._text_to_bytes(field, text)  # noqa: SLF001
    return terms.matcher(field, tbytes, leaf.schema[field].format)


def read_blocks(leaf: Any, info: Any, *, values: bool
                ) -> tuple[np.ndarray, np.ndarray, list[Any] | None] | None:
    """Document numbers (int64), weights (float64) and, if asked, the raw values
    of a term's block-stored postings (deleted documents included).

    None when the postings are not in W3 blocks (inlined in the term info,
    or a reader of another codec): read those through Whoosh's matcher.
    """
    terms = getattr(leaf, "_terms", None)
    if not isinstance(terms, W3TermsReader) or info.is_inlined():
        return None
    offset, length = info.extent()
    if isinstance(length, tuple):
        length = length[0]  # WORKAROUND: W3TermInfo.from_bytes keeps unpack's tuple
    raw = terms._postfile.get(offset, length)  # noqa: SLF001
    if raw[:_MAGIC_SIZE] != WHOOSH3_HEADER_MAGIC:
        return None
    buffer = io.BytesIO(raw)
    load = pickle.load
    loads = pickle.loads
    unpack_int = _INT.unpack_from
    deltas: list[int] = []
    weights: list[float] = []
    out_values: list[Any] | None = [] if values else None
    firsts: list[int] = []  # where each block starts in ``deltas``
    carry: list[int] = []  # the last id of the block before it
    last_id = 0
    pos = _MAGIC_SIZE
    end = len(raw)
    while pos < end:
        size = unpack_int(raw, pos)[0]
        final = size < 0
        nextpos = pos + _INT.size + abs(size)
        buffer.seek(pos + _INT.size)
        count, _maxid, _maxweight, compression, _, _ = load(buffer)
        data = raw[buffer.tell():nextpos]
        if compression:
            data = zlib.decompress(data)
        block_ids, block_weights, block_values = loads(data)
        # Delta encoding restarts at 0 in every block: the block's first
        # delta is its first id; made relative to the previous block's last
        # id, one cumsum over all blocks gives every id.
        firsts.append(len(deltas))
        carry.append(last_id)
        deltas.extend(block_ids)
        last_id = sum(block_ids)
        # As W3LeafMatcher._read_weights: no weights means 1.0 each, one
        # number means that number each, through an array("f") (float32).
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend(array("f", [block_weights]) * count)
        else:
            weights.extend(block_weights)
        if out_values is not None:
            out_values.extend(_block_values(block_values, count))
        pos = nextpos
        if final:
            break
    ids = np.array(deltas, dtype=np.int64)
    ids[firsts] -= np.array(carry, dtype=np.int64)
    np.cumsum(ids, out=ids)
    return ids, np.array(weights, dtype=np.float64), out_values


def _block_values(vs: Any, count: int) -> Any:
    """A block's values as W3LeafMatcher._read_values gives them."""
    if vs is None:
        return (None,) * count
    if isinstance(vs, bytes):
        size = len(vs) // count if count else 0
        return [vs[i:i + size] for i in range(0, len(vs), size)] if size else [b""] * count
    return vs


# W3TermInfo's fixed part ("!BfIBBfII"): flags, weight, doc frequency, min
# and max length, max weight, min id, max id.
_DF_AT = 1 + 4
_MINID_AT = 1 + 4 + 4 + 1 + 1 + 4
_RECORD_HEAD = 8  # filetables' "!ii": key length, value length
_FIELD_PREFIX = 2  # the field's number, an unsigned short, starts each key
_MAX_DIGITS = 18


def unique_terms(leaf: Any, field: str) -> tuple[np.ndarray, np.ndarray, list[bytes]] | None:
    """The field's terms that are decimal numbers, read from the term table at once.

    Returns ``(documents, values, shared)``: for each term in exactly one
    document, that document (its term info's first id) and the term as a
    number; ``shared`` lists the terms in several documents (a paper whose
    old copy is deleted), which the caller reads through their postings.
    None when the table is not laid out as expected: read it term by term.
    """
    terms = getattr(leaf, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    tindex = terms._tindex  # noqa: SLF001
    fieldnum = terms._fieldmap.get(field)  # noqa: SLF001
    empty = np.zeros(0, dtype=np.int64)
    if fieldnum is None:
        return empty, empty, []
    try:
        start = tindex.closest_key_pos(struct.pack("!H", fieldnum))
        if start is None:
            return empty, empty, []
        end = tindex.closest_key_pos(struct.pack("!H", fieldnum + 1))
        end = tindex.endofdata if end is None else end
        dbfile = tindex.dbfile
        # Every key's position, in key order (OrderedHashWriter's index array).
        where = np.asarray(dbfile.get_array(tindex.indexbase, tindex.extras["indextype"],
                                            tindex.indexlen), dtype=np.int64)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    lo, hi = np.searchsorted(where, [start, end])
    at = where[lo:hi] - start  # each record, relative to the field's first
    if not len(at):
        return empty, empty, []
    raw = dbfile.get(start, end - start)
    buf = np.frombuffer(raw, dtype=np.uint8)
    # Every 4 bytes from every offset as a big-endian int: one gather a field.
    words = np.ndarray((max(0, len(raw) - 3),), dtype=">u4", buffer=raw, strides=(1,))

    def be32(offsets: np.ndarray) -> np.ndarray:
        return words[offsets].astype(np.int64)

    keylen = be32(at)
    textlen = keylen - _FIELD_PREFIX
    info = at + _RECORD_HEAD + keylen
    if (len(buf) < int(info[-1]) + _MINID_AT + 4 or textlen.min() < 1
            or textlen.max() > _MAX_DIGITS):
        return None
    text = at + _RECORD_HEAD + _FIELD_PREFIX
    values = np.zeros(len(at), dtype=np.int64)
    for k in range(int(textlen.max())):  # a digit column at a time
        inside = textlen > k
        digit = buf[np.where(inside, text + k, 0)].astype(np.int64) - 48
        if ((digit < 0) | (digit > 9))[inside].any():
            return None  # not decimal numbers
        values = np.where(inside, values * 10 + digit, values)
    df = be32(info + _DF_AT)
    once = df == 1
    shared = [bytes(buf[a + _RECORD_HEAD + _FIELD_PREFIX:a + _RECORD_HEAD + k])
              for a, k in zip(at[~once].tolist(), keylen[~once].tolist(), strict=True)]
    return be32(info[once] + _MINID_AT), values[once], shared
