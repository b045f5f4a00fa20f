"""``readinglist list``: papers by status and tag, newest first."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.output import paper_json, print_json, print_papers
from readinglist.core.services.papers import SORT_NAMES
from readinglist.core.models import ReadStatus


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list papers", description="List papers, newest first.")
    p.add_argument("--tag", help="only papers with this tag (or a tag below it)")
    p.add_argument("--status", help="only papers with this read status")
    p.add_argument("--sort", choices=sorted(SORT_NAMES), default="added")
    p.add_argument("--reverse", action="store_true", help="oldest/lowest first")
    p.add_argument("--limit", type=int, default=None, help="show at most N papers")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    status = ReadStatus.parse(args.status) if args.status else None
    ids = service.papers.list_ids(status=status, tag=args.tag, sort=args.sort, descending=not args.reverse)
    shown = ids if args.limit is None else ids[: args.limit]
    papers = service.papers.get_many(shown, with_notes=args.json)
    if args.json:
        print_json({"total": len(ids), "papers": [paper_json(p) for p in papers]})
    else:
        print_papers(papers)
    return 0
