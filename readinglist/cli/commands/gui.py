"""``readinglist gui``: open the desktop app (also the default with no command)."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop app", description="Open the desktop app.")
    p.add_argument("--smoke-test", action="store_true",
                   help="open the library, wait for the first papers, print how many, and exit")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from readinglist.gui.launch import start  # Qt is loaded only for this command

    return start(ctx.library_dir, smoke_test=getattr(args, "smoke_test", False))
