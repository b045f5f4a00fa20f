"""Reading every part of the search index, to find damage before a search does.

Opening an index reads only its table of contents; a postings file cut in
half is found by the first search that reaches the missing block ("Block
tag error"). ``doctor`` therefore checks each segment: every stored field,
every term's place in the postings file (a cut-off file is caught at once,
however large the index), the posting lists that end the file, and then as
many posting lists as a time budget allows (all of them in a library of a
few thousand papers). It reads, never writes.
"""

from __future__ import annotations

import gc
import time
import warnings
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.reading import SegmentReader

FULL_WALK_BUDGET_S = 10.0
TAIL_TERMS = 50


def verify_index(path: Path, budget: float = FULL_WALK_BUDGET_S) -> str | None:
    """None if the segments read; else what is damaged."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return _walk(path, time.monotonic() + budget)
        finally:
            gc.collect()


def _walk(path: Path, deadline: float) -> str | None:
    try:
        ix = windex.open_dir(str(path))
        segments = ix._segments()  # noqa: SLF001 - no public per-segment API
    except Exception as exc:  # noqa: BLE001 - Whoosh raises many kinds on damaged files
        return f"cannot open the index: {exc or type(exc).__name__}"
    for segment in segments:
        name = segment.segment_id()
        try:
            reader = SegmentReader(ix.storage, ix.schema, segment)
        except Exception as exc:  # noqa: BLE001
            return f"segment {name} cannot be opened: {exc or type(exc).__name__}"
        try:
            problem = _check_segment(ix, segment, reader, deadline)
        except Exception as exc:  # noqa: BLE001
            problem = f"{exc or type(exc).__name__}"
        finally:
            reader.close()
        if problem:
            return f"segment {name} is damaged: {problem}"
    return None


def _read_postings(reader: Any, fieldname: str, term: bytes) -> None:
    for _ in reader.postings(fieldname, term).all_ids():
        pass


def _check_segment(ix: Any, segment: Any, reader: Any, deadline: float) -> str | None:
    for _ in reader.all_stored_fields():
        pass
    terms = getattr(reader, "_terms", None)
    if terms is not None and hasattr(terms, "items"):
        size = ix.storage.file_length(segment.make_filename(".pst"))
        placed: list[tuple[int, str, bytes]] = []
        for (fieldname, term), info in terms.items():
            offset = getattr(info, "_offset", None)
            if getattr(info, "_inlined", None) is None and isinstance(offset, int):
                if offset >= size:
                    return f"its postings file is cut short ({size:,} bytes, a list starts at {offset:,})"
                placed.append((offset, fieldname, term))
        placed.sort(reverse=True)
        for _, fieldname, term in placed[:TAIL_TERMS]:
            _read_postings(reader, fieldname, term)
    for fieldname in reader.indexed_field_names():
        for term in reader.lexicon(fieldname):
            if time.monotonic() > deadline:
                return None
            _read_postings(reader, fieldname, term)
    return None
