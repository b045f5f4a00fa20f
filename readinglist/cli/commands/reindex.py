"""``readinglist reindex``: rebuild the search index from the database."""

from __future__ import annotations

import argparse
import time

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reindex",
        help="rebuild the search index",
        description="Rebuild the full-text search index from the database. Safe at any "
        "time; the old index serves searches until the new one is ready.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    start = time.perf_counter()
    n = ctx.service.reindex(progress=ctx.progress("indexing"))
    elapsed = time.perf_counter() - start
    rate = f" ({n / elapsed:,.0f} papers/s)" if n and elapsed > 0 else ""
    print(f"Indexed {n} papers in {elapsed:.1f} s{rate}.")
    return 0
