"""``readinglist export``: write the library (or part of it) to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.exporters import EXPORT_FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export papers (BibTeX, BibLaTeX, CSL-JSON, JSON)",
        description="Export the whole library, a tag, or a query's results. "
        "bibtex: 7-bit, LaTeX-escaped, for classic BibTeX; biblatex: UTF-8 for biber; "
        "csl-json: for Pandoc and Zotero; json: the lossless Reading List format. "
        "BibTeX, BibLaTeX and CSL-JSON entries are sorted by citation key.",
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
    ids = service.export_scope(query=args.query or "", tag=args.tag)
    if not args.output or args.output == "-":  # "-o -" is stdout, as everywhere
        sys.stdout.write(service.export_text(args.format, ids, abstracts=args.abstracts))
        return 0
    count = service.export_file(
        Path(args.output),
        args.format,
        ids,
        progress=ctx.progress("Exporting"),
        abstracts=args.abstracts,
    )
    noun = "paper" if count == 1 else "papers"
    print(f"Wrote {count} {noun} to {args.output}.", file=sys.stderr)
    return 0
