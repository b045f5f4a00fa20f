"""Writing a file so that a reader sees the old version or the new one, never half.

LaTeX (or latexmk watching the file) may read an automatic export at any
moment, so the text goes to a temporary file in the same folder, is flushed
to disk, and replaces the target with one ``os.replace``.
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from readinglist.core.errors import ExportFailed
from readinglist.core.storage.health import clean_export_temporaries


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would race other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def write_atomic(path: Path, chunks: Iterable[str], *, skip_unchanged: bool = False) -> bool:
    """Write ``chunks`` (UTF-8) to ``path``; False if ``skip_unchanged`` and nothing changed.

    An exception from ``chunks`` (e.g. a cancel) leaves ``path`` as it was.
    The new file keeps the permissions of the one it replaces.
    """
    path = Path(path).expanduser()
    if path.is_symlink():
        # Write through the link to its target: replacing the link itself
        # would cut it (a .bib kept in a synced folder and linked from a paper).
        path = Path(os.path.realpath(path))
    folder = path.parent
    if not folder.is_dir():
        raise ExportFailed(f"cannot write {path}: the folder {folder} does not exist")
    try:
        # The pid in the name lets the next writer remove it if this process is killed.
        clean_export_temporaries(folder, path.name)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise ExportFailed(f"cannot write {path}: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if skip_unchanged and path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            tmp.unlink()
            return False
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True
