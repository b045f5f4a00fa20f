"""``readinglist note KEY [TEXT|-]``: add a Markdown note, or list a paper's notes."""

from __future__ import annotations

import argparse
import sys

from readinglist.cli.commands.show import KEY_HELP
from readinglist.cli.context import Context
from readinglist.cli.terminal import terminal_safe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "note",
        help="add a note to a paper (or list its notes)",
        description="Add a Markdown note to a paper: the text as arguments, or '-' to "
        "read it from standard input. Without text, print the paper's notes.",
    )
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("text", metavar="TEXT|-", nargs="*")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    paper = ctx.service.papers.resolve(args.key)
    if not args.text:
        if not paper.notes:
            print(f"{paper.citekey} has no notes.")
        for note in paper.notes:
            print(terminal_safe(f"--- note {note.id} ({note.modified}) ---\n{note.body}"))
        return 0
    body = sys.stdin.read() if args.text == ["-"] else " ".join(args.text)
    note = ctx.service.notes.add(paper.id, body)
    print(f"Added note {note.id} to {paper.citekey}.")
    return 0
