"""A faster Whoosh segment writer: postings grouped by term, written a block at a time.

Whoosh's ``SegmentWriter`` makes a tuple per posting (field, term, document,
weight, value), sorts all of them, spills sorted runs to disk past its
memory limit and merges them back posting by posting; then its field writer
takes the postings one at a time, reading each document's field length back
from disk (an ``os.path.exists`` per posting). A py-spy profile of a 10k
rebuild put 63 % of the time there (issue 13).

Here postings are grouped by term as they arrive (documents come in order,
so each term's list is already sorted): arrays of document numbers and
weights, and the encoded values (positions) in a list. Past the memory
limit the pool spills a run of whole terms, and merging runs merges terms,
not postings. The segment is then written term by term in Whoosh's W3
format, a block of 128 postings at a time, so every Whoosh reader, and
``vector.py``, reads it unchanged; a test reads every term back and
compares it with what Whoosh's own writer stores. Two choices differ from
Whoosh's writer (its readers take both): rare terms are inlined in the
term table, and small blocks are not compressed.
"""

from __future__ import annotations

import heapq
import marshal
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.compat import dumps
from whoosh.filedb.filetables import _lengths as _HASH_LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from readinglist.core.search.analysis import (
    FastPositions,
    FoldingAnalyzer,
    single_encodings,
    single_position,
)

_BYTE_LENGTH: list[int | None] = [None] + [byte_to_length(b) for b in range(1, 256)]
# Bytes a posting and a new term cost in the pool (arrays, list slot, the
# dict entry and the term's three containers; measured), for the spill limit.
_POSTING_BYTES = 20
_TERM_BYTES = 560
# A term in at most this many documents (ids, keys, rare words: most terms)
# keeps its postings in the term table, not in a block of the postings file.
INLINE_POSTINGS = 2
# Blocks smaller than this are written uncompressed (zlib's set-up costs more
# than it saves on a few postings, when writing and when reading).
COMPRESS_MIN = 512
_ZLIB_WBITS = 12
# Terms per marshalled chunk of a spilled run.
_RUN_CHUNK = 512


class _Term:
    """One term's postings: document numbers, weights and encoded values (b"" for none)."""

    __slots__ = ("docs", "weights", "values")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


class TermPool:
    """Drop-in for Whoosh's ``PostingPool`` that keeps postings grouped by term.

    Postings of one term must arrive in document order, which holds for
    every writer here: documents get increasing numbers, and a merged
    segment's postings are added reader by reader.
    """

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 64) -> None:
        self.tempstore = tempstore
        self.segment = segment
        self.limit = limitmb * 2**20
        self.size = 0
        self.fields: dict[str, dict[bytes, _Term]] = {}
        self.fieldnames: set[str] = set()
        self.runs: list[str] = []

    # ---- adding ----------------------------------------------------------

    def terms_of(self, fieldname: str) -> dict[bytes, _Term]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's posting tuple (merges and the generic paths use this)."""
        fieldname, text, docnum, weight, value = item
        if docnum < 0:
            return  # Whoosh's marker for spelling words: not postings
        terms = self.terms_of(fieldname)
        term = terms.get(text)
        if term is None:
            term = terms[text] = _Term()
            self.size += _TERM_BYTES + len(text)
        term.docs.append(docnum)
        term.weights.append(weight)
        if value:
            term.values.append(value)
            self.size += _POSTING_BYTES + len(value)
        else:
            term.values.append(b"")
            self.size += _POSTING_BYTES
        if self.size > self.limit:
            self.spill()

    def add_field(
        self, fieldname: str, docnum: int, items: Iterable[tuple], boost: float, scorable: bool,
    ) -> int:
        """Add one field of one document (``field.index()`` output); returns its length."""
        terms = self.terms_of(fieldname)
        length = 0
        added = 0
        for text, freq, weight, value in items:
            if scorable:
                length += freq
            term = terms.get(text)
            if term is None:
                term = terms[text] = _Term()
                added += _TERM_BYTES + len(text)
            term.docs.append(docnum)
            term.weights.append(weight * boost)
            if value:
                term.values.append(value)
                added += _POSTING_BYTES + len(value)
            else:
                term.values.append(b"")
                added += _POSTING_BYTES
        self.size += added
        return length

    def add_positions(self, fieldname: str, docnum: int, value: str, field: Any,
                      boost: float) -> int:
        """Add one text field of one document (a ``FastPositions`` field); returns its length.

        The same postings as ``field.index(value)`` through ``add_field``,
        made in one pass: each distinct term's first position comes from one
        dict built in C, positions are collected only for the terms that
        repeat, and a single position's encoding is reused.
        """
        kept, first = field.analyzer.kept_terms(value)
        if not kept:
            return 0
        fmt = field.format
        fb = fmt.field_boost
        terms = self.terms_of(fieldname)
        last = first + len(kept) - 1
        firsts = dict(zip(reversed(kept), range(last, first - 1, -1)))
        repeats: dict[bytes, list[int]] = {}
        if len(firsts) != len(kept):
            repeats = {t: [] for t, c in Counter(kept).items() if c > 1}
            for pos, t in enumerate(kept, first):
                at = repeats.get(t)
                if at is not None:
                    at.append(pos)
        cached = single_encodings.get
        one = 1 * fb * boost
        added = 0
        for text, pos in firsts.items():
            positions = repeats.get(text) if repeats else None
            if positions is None:
                # Shared bytes: a single position costs the list slot only.
                enc = cached(pos) or single_position(pos)
                weight = one
            else:
                enc = fmt.encode(positions)
                weight = len(positions) * fb * boost
                added += len(enc)
            term = terms.get(text)
            if term is None:
                term = terms[text] = _Term()
                added += _TERM_BYTES + len(text)
            term.docs.append(docnum)
            term.weights.append(weight)
            term.values.append(enc)
            added += _POSTING_BYTES
        self.size += added
        return len(kept) if field.scorable else 0

    # ---- spilling and reading back ---------------------------------------

    def _sorted_records(self) -> Iterator[tuple]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for text in sorted(terms):
                t = terms[text]
                yield (fieldname, text, t.docs, t.weights, t.values)

    def spill(self) -> None:
        """Write the pool's terms, sorted, to a run file and start afresh."""
        if not self.fields:
            return
        path = f"{random_name()}.terms"
        with self.tempstore.create_file(path).raw_file() as f:
            chunk: list[tuple] = []
            for fieldname, text, docs, weights, values in self._sorted_records():
                # Values joined: marshal handles one bytes object per term
                # faster than one per posting.
                chunk.append((fieldname, text, docs.tobytes(), weights.tobytes(),
                              b"".join(values), array("I", map(len, values)).tobytes()))
                if len(chunk) >= _RUN_CHUNK:
                    marshal.dump(chunk, f)
                    chunk = []
            if chunk:
                marshal.dump(chunk, f)
        self.runs.append(path)
        self.fields = {}
        self.size = 0

    def _read_run(self, path: str) -> Iterator[tuple]:
        with self.tempstore.open_file(path).raw_file() as f:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    break
                for fieldname, text, docs, weights, joined, sizes in chunk:
                    t = _Term()
                    t.docs.frombytes(docs)
                    t.weights.frombytes(weights)
                    ends = array("I")
                    ends.frombytes(sizes)
                    offsets = [0, *accumulate(ends)]
                    t.values = [joined[a:b] for a, b in zip(offsets, offsets[1:])]
                    yield (fieldname, text, t)
        self.tempstore.delete_file(path)

    def _numbered(self, number: int, path: str) -> Iterator[tuple]:
        for fieldname, text, t in self._read_run(path):
            yield fieldname, text, number, t

    def iter_terms(self) -> Iterator[tuple[str, bytes, _Term]]:
        """Every term in (field, text) order with all its postings."""
        if not self.runs:
            for fieldname, text, docs, weights, values in self._sorted_records():
                t = _Term()
                t.docs, t.weights, t.values = docs, weights, values
                yield fieldname, text, t
            return
        self.spill()
        # Runs hold consecutive ranges of documents: joining a term's parts
        # in run order keeps its postings sorted.
        merged = heapq.merge(*(self._numbered(i, path) for i, path in enumerate(self.runs)))
        current: tuple[str, bytes, _Term] | None = None
        for fieldname, text, _, t in merged:
            if current is not None and current[0] == fieldname and current[1] == text:
                acc = current[2]
                acc.docs.extend(t.docs)
                acc.weights.extend(t.weights)
                acc.values.extend(t.values)
                continue
            if current is not None:
                yield current
            current = (fieldname, text, t)
        if current is not None:
            yield current
        self.runs = []

    def iter_postings(self) -> Iterator[tuple]:
        """Whoosh's posting stream, for code that wants it (not the fast path)."""
        for fieldname, text, t in self.iter_terms():
            for docnum, weight, value in zip(t.docs, t.weights, t.values, strict=True):
                yield (fieldname, text, docnum, weight, value)

    def cleanup(self) -> None:
        for path in self.runs:
            try:
                self.tempstore.delete_file(path)
            except OSError:
                pass
        self.runs = []
        self.fields = {}


def _field_lengths(pdr: Any, fieldname: str) -> list[int | None] | None:
    """Each document's length of ``fieldname`` as the block statistics see it."""
    reader = pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # noqa: SLF001
    if reader is None:
        return None
    count = min(reader._count, reader._doccount)  # noqa: SLF001
    raw = reader._dbfile.get(reader._basepos, count) if count else b""  # noqa: SLF001
    lengths = [_BYTE_LENGTH[b] for b in raw]
    lengths.extend([None] * (reader._doccount - count))  # noqa: SLF001
    return lengths


def _minified_weights(weights: Any) -> Any:
    """As ``W3PostingsWriter._mini_weights``: None if all 1, one number if all equal."""
    first = weights[0]
    if first == 1.0 and weights.count(first) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


def write_terms(fieldwriter: W3FieldWriter, schema: Any, pdr: Any,
                terms: Iterator[tuple[str, bytes, _Term]]) -> None:
    """Write grouped postings in Whoosh's W3 format, a block at a time.

    What ``FieldWriter.add_postings``, ``W3PostingsWriter``, ``W3TermInfo``
    and the term table (``OrderedHashWriter.add``) write, with each block's
    buffers and statistics taken at once, and two format choices Whoosh's
    readers handle but its writer does not make: a term with at most
    ``INLINE_POSTINGS`` postings is kept in the term table ("inlined"), and
    a block smaller than ``COMPRESS_MIN`` bytes is not zlib-compressed (the
    block header says so).
    """
    postfile = fieldwriter._postfile  # noqa: SLF001
    tindex = fieldwriter._tindex  # noqa: SLF001
    codec = fieldwriter._codec  # noqa: SLF001
    limit = codec._blocklimit  # noqa: SLF001
    compression = codec._compression  # noqa: SLF001
    tell, write, write_int = postfile.tell, postfile.write, postfile.write_int
    # The term table, written as OrderedHashWriter.add does.
    tfile = tindex.dbfile
    ttell, twrite = tfile.tell, tfile.write
    positions_index = tindex.index
    buckets = tindex.buckets
    hashfn = tindex.hashfn
    pack_info = W3TermInfo._struct.pack  # noqa: SLF001
    lastfield = None
    lengths: list[int | None] | None = None
    fixedsize: int | None = None
    prefix = b""
    for fieldname, text, t in terms:
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            lengths = _field_lengths(pdr, fieldname) if pdr is not None else None
            fixedsize = fieldobj.format.fixed_value_size()
            prefix = pack_ushort(fieldwriter._fieldid)  # noqa: SLF001
            lastfield = fieldname
        docs, weights, values = t.docs, t.weights, t.values
        n = len(docs)
        if n <= INLINE_POSTINGS:
            # Most terms (ids, keys, rare words): the statistics and the
            # postings go straight into the term table.
            key = prefix + text
            if lengths is not None:
                known = [x for x in map(lengths.__getitem__, docs) if x]
                minlength = min(known) if known else None
                maxlength = max(known) if known else 0
            else:
                minlength, maxlength = None, 0
            info = pack_info(True, sum(weights), n,
                             0 if minlength is None else length_to_byte(minlength),
                             length_to_byte(maxlength), max(0, max(weights)), docs[0], docs[-1])
            vs = tuple(values) if all(values) else tuple(v for v in values if v)
            info += dumps((tuple(docs), tuple(weights), vs or (b"",) * n), 2)
            if key <= tindex.lastkey:
                raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
            pos = ttell()
            positions_index.append(pos)
            twrite(_HASH_LENGTHS.pack(len(key), len(info)))
            twrite(key)
            twrite(info)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            tindex.lastkey = key
            continue
        # Whoosh keeps only non-empty values in a block.
        some_values = any(values)
        every_value = some_values and all(values)
        # W3TermInfo's statistics
        weight: float = 0
        minlength: int | None = None
        maxlength = 0
        maxweight: float = 0
        startoffset = tell() if n > INLINE_POSTINGS else 0
        inlined = None
        for start in range(0, n, limit):
            end = min(start + limit, n)
            block_docs = docs[start:end]
            block_weights = weights[start:end]
            if every_value:
                block_values = values[start:end]
            elif some_values:
                block_values = [v for v in values[start:end] if v]
            else:
                block_values = []
            block_maxweight = max(0, max(block_weights))
            if lengths is not None:
                known = list(map(lengths.__getitem__, block_docs))
                if None in known:
                    known = [x for x in known if x]
                block_min = min(known) if known else None
                block_max = max(known) if known else 0
            else:
                block_min, block_max = None, 0
            # W3TermInfo.add_block
            weight += sum(block_weights)
            if minlength is None:
                minlength = block_min
            elif block_min is not None:
                minlength = min(minlength, block_min)
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
            if n <= INLINE_POSTINGS:
                # Empty values as b"" (not None): Whoosh's ListMatcher would
                # otherwise give "" and its merges drop or reject the postings.
                inlined = (tuple(block_docs), tuple(block_weights),
                           tuple(block_values) or (b"",) * (end - start))
                break
            # W3PostingsWriter._write_block
            if not start:
                write(WHOOSH3_HEADER_MAGIC)
            prev = 0
            deltas = []
            for d in block_docs:
                deltas.append(d - prev)
                prev = d
            if fixedsize is None or fixedsize < 0:
                vs: Any = tuple(block_values)
            elif fixedsize == 0:
                vs = None
            else:
                vs = b"".join(block_values)
            data = dumps((tuple(deltas), _minified_weights(block_weights), vs), 2)
            comp = compression if len(data) >= COMPRESS_MIN else 0
            if comp:
                # A 4 KB window: zlib.compress's default 32 KB one costs ~150 us
                # a call to set up, more than compressing a block (~15 us).
                packer = zlib.compressobj(comp, zlib.DEFLATED, _ZLIB_WBITS)
                data = packer.compress(data) + packer.flush()
            head = dumps((end - start, block_docs[-1], block_maxweight, comp,
                          length_to_byte(block_min), length_to_byte(block_max)), 2)
            size = len(head) + len(data)
            write_int(-size if end == n else size)
            write(head)
            write(data)
        # W3TermInfo.to_bytes
        info = pack_info(inlined is not None, weight, n,
                         0 if minlength is None else length_to_byte(minlength),
                         length_to_byte(maxlength), maxweight, docs[0], docs[-1])
        if inlined is not None:
            info += dumps(inlined, 2)
        else:
            info += pack_long(startoffset) + pack_int(tell() - startoffset)
        # OrderedHashWriter.add
        key = prefix + text
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        pos = ttell()
        positions_index.append(pos)
        twrite(_HASH_LENGTHS.pack(len(key), len(info)))
        twrite(key)
        twrite(info)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        tindex.lastkey = key
    if lastfield is not None:
        fieldwriter.finish_field()


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with the term-grouped pool and the block-at-a-time writer."""

    def __init__(self, ix: Any, poolclass: Any = None, timeout: float = 0.0, delay: float = 0.1,
                 _lk: bool = True, limitmb: int = 64, **kwargs: Any) -> None:
        super().__init__(ix, poolclass=poolclass, timeout=timeout, delay=delay, _lk=_lk,
                         limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, handing each field's terms to the pool at once."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    if type(field.format) is FastPositions and isinstance(value, str) \
                            and isinstance(field.analyzer, FoldingAnalyzer):
                        length = pool.add_positions(fieldname, docnum, value, field, boost)
                    else:
                        length = pool.add_field(fieldname, docnum, field.index(value), boost,
                                                field.scorable)
                if field.separate_spelling() or field.vector:
                    raise NotImplementedError("spelling and vector fields: use Whoosh's writer")
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None,
                                       length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if pool.size > pool.limit:
            pool.spill()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            write_terms(self.fieldwriter, self.schema, pdr, self.pool.iter_terms())
        finally:
            self.fieldwriter.close()
            if pdr is not None:
                pdr.close()
