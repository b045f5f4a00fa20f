"""The ``readinglist`` command: argparse front end over LibraryService.

Every subcommand lives in ``commands/`` as ``register(subparsers)`` plus a
``run(args, ctx)``. Errors meant for the user (``UserError``) become one line
on stderr and exit code 1; Ctrl-C exits 130; anything else is a bug and
shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from readinglist import __version__
from readinglist.cli.commands import COMMANDS
from readinglist.cli.context import Context
from readinglist.cli.terminal import terminal_safe
from readinglist.core.library import DB_FILE
from readinglist.core.storage.db import user_error_for
from readinglist.core.errors import Cancelled, InvalidQuery, UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readinglist",
        description="Keep the papers you read: daily papers, tags, notes, search, BibTeX. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $READINGLIST_HOME, else the user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


_SEARCH_FLAGS = {"-h", "--help", "--json"}
_SEARCH_VALUES = {"--limit"}


def _search_words_first(argv: list[str]) -> list[str]:
    """Let ``readinglist search -survey graph`` mean the query, not an unknown option.

    The query language uses ``-word`` for exclusion; argparse would take it
    for an option. Known options stay options; every other word after
    ``search`` goes behind ``--``, in its original order.
    """
    try:
        at = next(i for i, a in enumerate(argv)
                  if a == "search" and (i == 0 or argv[i - 1] != "--library"))
    except StopIteration:
        return argv
    options: list[str] = []
    words: list[str] = []
    rest = iter(argv[at + 1 :])
    for token in rest:
        if token == "--":
            words.extend(rest)
            break
        if token in _SEARCH_FLAGS or token.startswith("--limit="):
            options.append(token)
        elif token in _SEARCH_VALUES:
            options.extend([token, next(rest, "")])
        else:
            words.append(token)
    return [*argv[: at + 1], *options, "--", *words]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_search_words_first(argv))
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    ctx = Context(Path(args.library) if args.library else None)
    try:
        return int(args.func(args, ctx) or 0)
    except InvalidQuery as exc:
        print(f"readinglist: invalid query: {exc}", file=sys.stderr)
        print(_indent(exc.pointer()), file=sys.stderr)
        return 1
    except Cancelled as exc:
        print(f"readinglist: {exc}", file=sys.stderr)
        return 130
    except UserError as exc:
        print(f"readinglist: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("readinglist: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # The environment (a full or read-only disk, permissions): one line, no traceback.
        where = f": {exc.filename}" if exc.filename else ""
        print(f"readinglist: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:
        # A query met a damaged page, a full disk … : one line, recorded (see storage.damage).
        error = user_error_for(exc, ctx.library_dir / DB_FILE)
        if error is None:
            raise
        print(f"readinglist: {_one_line(str(error))}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


def _one_line(text: str) -> str:
    return terminal_safe(" ".join(text.split("\n")), multiline=False)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


if __name__ == "__main__":
    raise SystemExit(main())
