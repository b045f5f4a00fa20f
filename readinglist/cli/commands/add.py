"""``readinglist add ID_OR_URL...``: add papers by arXiv id or URL, Hugging Face URL, or DOI.

``add --resolve [KEY...]`` instead looks up papers the library knows only by
title (pasted lists, old .bib entries) on arXiv and fills in their ids.
"""

from __future__ import annotations

import argparse
import sys

from readinglist.cli.context import Context
from readinglist.core.errors import InvalidInput, NotFound


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="add papers by arXiv id/URL, Hugging Face paper URL or DOI",
        description="Add papers by identifier; metadata comes from the arXiv API and doi.org. "
        "Accepts 2509.12345, 2509.12345v2, arXiv:2509.12345, hep-th/9901001, arXiv abs/pdf "
        "URLs, https://huggingface.co/papers/ID, 10.1234/abc and https://doi.org/10.1234/abc. "
        "With '-', reads identifiers from standard input. New papers go to the inbox.",
    )
    p.add_argument("ids", nargs="*", metavar="ID_OR_URL")
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help="tag the papers (repeatable)"
    )
    p.add_argument(
        "--resolve",
        action="store_true",
        help="look up papers that have no arXiv id or DOI on arXiv by title "
        "(the papers named by KEY arguments, or all of them)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.resolve:
        return _resolve(args, ctx)
    if not args.ids:
        raise InvalidInput(
            "name at least one arXiv id, URL or DOI (or '-' to read them from stdin)"
        )
    texts = [sys.stdin.read() if t == "-" else t for t in args.ids]
    report = ctx.service.imports.identifiers(texts, tags=args.tag, progress=ctx.progress("looking up"))
    print(f"Added: {report.summary()}.")
    for line in report.skipped:
        print(f"  skipped {line}", file=sys.stderr)
    for pid in report.added:
        paper = ctx.service.papers.get(pid)
        print(f"  {paper.citekey}  {paper.title}")
    return 1 if report.skipped and not report.paper_ids else 0


def _resolve(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    ids = None
    if args.ids:
        ids = []
        for key in args.ids:
            found = service.papers.find(key)
            if found is None:
                raise NotFound(f"no paper matches {key!r}")
            ids.append(found)
    report = service.imports.resolve_titles(ids, progress=ctx.progress("looking up titles"))
    print(f"Resolved: {len(report.updated)} found on arXiv, {len(report.skipped)} not found.")
    for pid in report.updated:
        paper = service.papers.get(pid)
        print(f"  {paper.citekey}  arXiv:{paper.arxiv_id}  {paper.title}")
    for line in report.skipped:
        print(f"  not found: {line}", file=sys.stderr)
    if args.tag and report.updated:
        service.tags.add(report.updated, args.tag)
    return 0
