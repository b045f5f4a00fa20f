"""``readinglist export``: write the library (or part of it) to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.exporters import EXPORT_FORMATS, EXPORT_TABLE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help=f"export papers ({', '.join(EXPORT_FORMATS)})",
        description="Export the whole library, a tag, or a query's results. "
        + "; ".join(f"{f.name}: {f.description or f.label}" for f in EXPORT_TABLE)
        + ". Entries are sorted by citation key (the JSON format: by date added).",
    )
    p.add_argument(
        "--format", choices=EXPORT_FORMATS, default="bibtex", help="output format (default: bibtex)"
    )
    p.add_argument("--query", help="only papers matching this query")
    p.add_argument("--tag", help="only papers with this tag (or a tag below it)")
    p.add_argument(
        "--abstracts",
        action="store_true",
        help="include abstracts in BibTeX/BibLaTeX entries (CSL-JSON and JSON always have them)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically; a symlink is written through) instead of stdout ('-')"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    ids = service.exports.scope(query=args.query or "", tag=args.tag)
    if not args.output or args.output == "-":  # "-o -" is stdout, as everywhere
        sys.stdout.write(service.exports.text(args.format, ids, abstracts=args.abstracts))
        return 0
    count = service.exports.file(
        Path(args.output),
        args.format,
        ids,
        progress=ctx.progress("Exporting"),
        abstracts=args.abstracts,
    )
    noun = "paper" if count == 1 else "papers"
    print(f"Wrote {count} {noun} to {args.output}.", file=sys.stderr)
    return 0
