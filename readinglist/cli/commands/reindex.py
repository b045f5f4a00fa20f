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
    p.add_argument(
        "--pending-only",
        action="store_true",
        help="only index the papers changed since the index was last updated",
    )
    p.add_argument(
        "--progress-lines",
        action="store_true",
        help="print 'progress DONE TOTAL' lines on stdout (for the desktop app)",
    )
    p.set_defaults(func=run)


def _progress_lines(done: int, total: int) -> None:
    print(f"progress {done} {total}", flush=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    start = time.perf_counter()
    progress = _progress_lines if args.progress_lines else ctx.progress("indexing")
    if args.pending_only:
        service = ctx.service
        service.indexing.ensure()  # opens the index (rebuilding it only if it is unusable)
        n = service.indexing.sync(progress=progress)
        print(f"Indexed {n} changed papers.")
        return 0
    n = ctx.service.indexing.rebuild(progress=progress)
    elapsed = time.perf_counter() - start
    rate = f" ({n / elapsed:,.0f} papers/s)" if n and elapsed > 0 else ""
    print(f"Indexed {n} papers in {elapsed:.1f} s{rate}.")
    return 0
