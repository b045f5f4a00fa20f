"""``readinglist gui``: open the desktop app (also the default with no command)."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop app", description="Open the desktop app.")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from readinglist.gui.app import run_app  # Qt is loaded only for this command

    return run_app(ctx.library_dir)
