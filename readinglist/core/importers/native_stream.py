"""Reading a native JSON export from its file, one paper at a time.

A 100k-paper export is ~330 MB of JSON; read and parsed in one piece it held
1.3 GB. Here ijson's C parser reads the file twice: a first pass checks the
header and the syntax of the whole file, counts the papers and keeps the
small parts (tag colours, saved searches); the second hands out one
checked paper at a time. A bad paper raises :class:`ImportFailed` like
``parse_native`` does, naming it; the importer's transaction is what makes
that change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ijson

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.native_json import (
    NOT_AN_EXPORT,
    PaperRecord,
    check_header,
    paper_record,
    saved_searches,
    tag_colors,
)
from readinglist.core.models import SavedSearch
from readinglist.core.validation import load_json

# Up to this size a syntax error is reported with its line and column (the
# file is parsed again by the standard library to find them).
EXACT_ERRORS_MAX_BYTES = 32 * 2**20
_BOM = b"\xef\xbb\xbf"
_ITEM_START = frozenset({"start_map", "start_array", "string", "number", "boolean", "null"})
_MISSING = object()


@dataclass(frozen=True, slots=True)
class NativeFile:
    path: Path
    count: int
    tag_colors: dict[str, str]
    saved_searches: list[SavedSearch]

    def records(self) -> Iterator[PaperRecord]:
        """Each paper of the file, checked, in file order."""
        with _reading(self.path) as f:
            items = ijson.items(f, "papers.item", use_float=True)
            for i, item in enumerate(_guarded(items, self.path)):
                yield paper_record(item, i)


def open_native(path: Path) -> NativeFile:
    """Check the file's header and syntax; :class:`ImportFailed` says what is wrong."""
    fmt: Any = _MISSING
    version: Any = _MISSING
    small: dict[str, Any] = {}
    count = 0
    papers_kind = ""
    with _reading(path) as f:
        try:
            events = ijson.parse(f, use_float=True)
            first = next(events, None)
            if first is None or first[1] != "start_map":
                raise ImportFailed(NOT_AN_EXPORT)
            builder: ijson.ObjectBuilder | None = None
            # Millions of events at 100k papers: this loop is kept to the fewest steps.
            for prefix, event, value in events:
                if builder is not None:
                    if prefix == "":
                        builder = None  # the next key, or the end: the small value is complete
                    else:
                        builder.event(event, value)
                        continue
                if prefix == "papers.item":
                    if event in _ITEM_START:
                        count += 1
                    continue
                if prefix == "" and event == "map_key":
                    if value in ("tags", "saved_searches"):
                        builder = ijson.ObjectBuilder()
                        small[value] = builder
                    continue
                if prefix == "format":
                    fmt = value if event == "string" else event
                elif prefix == "version" and event in ("number", "string", "boolean", "null"):
                    version = value
                elif prefix == "papers" and event in _ITEM_START:
                    papers_kind = event
        except (ijson.JSONError, ValueError) as exc:
            raise _syntax_error(exc, path) from None
        except OSError as exc:
            raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from None
    check_header(None if fmt is _MISSING else fmt, None if version is _MISSING else version)
    if papers_kind != "start_array":
        raise ImportFailed("the 'papers' field must be a list")
    built = {key: b.value for key, b in small.items()}
    return NativeFile(path, count, tag_colors(built.get("tags")),
                      saved_searches(built.get("saved_searches")))


@contextmanager
def _reading(path: Path) -> Iterator[IO[bytes]]:
    try:
        f = path.open("rb")
    except FileNotFoundError:
        raise ImportFailed(f"no such file: {path}") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror}") from None
    with f:
        if f.read(3) != _BOM:
            f.seek(0)
        yield f


def _guarded(events: Iterator[Any], path: Path) -> Iterator[Any]:
    """ijson's events, with its errors (syntax, encoding) turned into one-line messages."""
    try:
        yield from events
    except (ijson.JSONError, ValueError) as exc:
        raise _syntax_error(exc, path) from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from None


def _syntax_error(exc: Exception, path: Path) -> ImportFailed:
    try:
        size = path.stat().st_size
    except OSError:
        size = EXACT_ERRORS_MAX_BYTES + 1
    if size <= EXACT_ERRORS_MAX_BYTES:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as bad:
            return ImportFailed(f"{path.name} is not a UTF-8 text file (byte {bad.start:,})")
        except OSError:
            text = ""
        try:
            load_json(text, "the file")
        except ImportFailed as precise:
            return precise
    # yajl's message is several lines with the text around the error; its first says what.
    what = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ImportFailed(f"the file is not valid JSON: {what}")
