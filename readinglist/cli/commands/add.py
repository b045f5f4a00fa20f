"""``readinglist add ID_OR_URL...``: add papers by arXiv id or URL, Hugging Face URL, or DOI."""

from __future__ import annotations

import argparse
import sys

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="add papers by arXiv id/URL, Hugging Face paper URL or DOI",
        description="Add papers by identifier; metadata comes from the arXiv API and doi.org. "
        "Accepts 2509.12345, 2509.12345v2, arXiv:2509.12345, hep-th/9901001, arXiv abs/pdf URLs, "
        "https://huggingface.co/papers/ID, 10.1234/abc and https://doi.org/10.1234/abc. "
        "With '-', reads identifiers from standard input. New papers go to the inbox.",
    )
    p.add_argument("ids", nargs="+", metavar="ID_OR_URL")
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help="tag the papers (repeatable)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    texts = [sys.stdin.read() if t == "-" else t for t in args.ids]
    report = ctx.service.add_identifiers(texts, tags=args.tag, progress=ctx.progress("looking up"))
    print(f"Added: {report.summary()}.")
    for line in report.skipped:
        print(f"  skipped {line}", file=sys.stderr)
    for pid in report.added:
        paper = ctx.service.get(pid)
        print(f"  {paper.citekey}  {paper.title}")
    return 1 if report.skipped and not report.paper_ids else 0
