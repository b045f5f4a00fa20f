"""``readinglist export``: write the library (or part of it) to a file or stdout."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.errors import UserError
from readinglist.core.exporters.native_json import dumps

FORMATS = ("json",)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export papers",
        description="Export the whole library, a tag, or a query's results.",
    )
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--query", help="only papers matching this query")
    p.add_argument("--tag", help="only papers with this tag (or a tag below it)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def scope_ids(ctx: Context, query: str | None, tag: str | None) -> list[int] | None:
    if not query and not tag:
        return None
    result = ctx.service.search(query or "", tag=tag, limit=None)
    return ctx.service.sort_ids(result.ids, "added")


def write_output(text: str, output: str | None) -> None:
    """Write atomically: a reader never sees half a file."""
    if not output:
        sys.stdout.write(text)
        return
    path = Path(output)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None


def run(args: argparse.Namespace, ctx: Context) -> int:
    ids = scope_ids(ctx, args.query, args.tag)
    text = dumps(ctx.service.export_native(ids))
    write_output(text, args.output)
    if args.output:
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0
