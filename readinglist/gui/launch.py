"""Start the desktop app: check that Qt can open a window first, then load Qt.

Both ``readinglist`` (no command, or ``gui``) and ``readinglist-gui`` come
here. Nothing in this module imports Qt at import time, so a missing system
library becomes a one-line hint (``display_check``) instead of Qt's abort.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from readinglist import __version__


def start(library_dir: Path | None, *, smoke_test: bool = False) -> int:
    from readinglist.gui.display_check import problem

    message = problem()
    if message:
        print(message, file=sys.stderr)
        return 1
    from readinglist.gui.app import run_app

    return run_app(library_dir, smoke_test=smoke_test)


def main(argv: Sequence[str] | None = None) -> int:
    """``readinglist-gui``: the app alone, for the desktop entry and the frozen build."""
    parser = argparse.ArgumentParser(prog="readinglist-gui", description="Open the Reading List desktop app.")
    parser.add_argument("--library", metavar="DIR",
                        help="library folder (default: $READINGLIST_HOME, else the user data folder)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the library, wait for the first papers, print how many, and exit")
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return start(Path(args.library).expanduser() if args.library else None, smoke_test=args.smoke_test)


if __name__ == "__main__":
    raise SystemExit(main())
