"""Reading an import's file: its first characters to tell the format, or all its text.

The messages are the ones the user sees for a file that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from readinglist.core.errors import ImportFailed

# Enough of a file to tell its format (``importers.detect`` and the sniffers).
HEAD_BYTES = 64 * 1024


def _cannot_read(path: Path, exc: OSError) -> ImportFailed:
    if isinstance(exc, FileNotFoundError):
        return ImportFailed(f"no such file: {path}")
    if isinstance(exc, IsADirectoryError):
        return ImportFailed(f"{path} is a folder, not a file")
    return ImportFailed(f"cannot read {path}: {exc.strerror or exc}")


def read_text(path: Path) -> str:
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{path} is not a UTF-8 text file") from None
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def head(path: Path) -> str:
    """The file's first characters (a character cut in two at the end is dropped)."""
    try:
        with path.open("rb") as f:
            data = f.read(HEAD_BYTES)
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    return data.decode("utf-8-sig", errors="ignore")


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise _cannot_read(path, exc) from None
