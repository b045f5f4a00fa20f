"""``readinglist search QUERY``: ranked full-text search."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.output import paper_json, print_json, print_papers


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search the library",
        description="Search titles, authors, abstracts, tags and notes. "
        "See the README for the query language (fields, phrases, OR, NOT, year:, added:).",
    )
    p.add_argument("query", nargs="+", help="the query (several words are joined)")
    p.add_argument("--limit", type=int, default=50, help="show at most N results (default 50)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    query = " ".join(args.query)
    result = ctx.service.search(query, limit=args.limit)
    papers = ctx.service.papers.get_many(result.ids, with_notes=args.json)
    if args.json:
        print_json({"query": query, "total": result.total, "papers": [paper_json(p) for p in papers]})
    else:
        print_papers(papers)
        if result.total > len(papers):
            print(f"… {result.total - len(papers)} more (use --limit)")
    return 0
