"""``readinglist import FILE|-``: bring papers in from a file or standard input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.importers import IMPORT_TABLE
from readinglist.core.services.reports import ImportReport


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import a .bib file, an export, or pasted text (FILE, or - for stdin)",
        description="Import papers from FILE, or from standard input with '-'. "
        "The kind of input is detected from its content: "
        + "; ".join(f"{f.label} ({', '.join(f.patterns)})" for f in IMPORT_TABLE)
        + ". BibTeX keys are kept. Pasted text may hold arXiv ids and URLs, DOIs, "
        "BibTeX entries or a copied list of titles with abstracts; identifiers are "
        "looked up on arXiv and doi.org. New papers go to the inbox.",
    )
    p.add_argument("file", metavar="FILE|-")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    # Committed first (listed by status, tag and year at once), then made
    # full-text searchable with its own progress line: a big import indexes
    # on every core while it is written, and an interrupted one is finished
    # by the next command.
    indexing, service.indexing.auto_index = service.indexing.auto_index, False
    shown: list[ImportReport] = []

    def committed(report: ImportReport) -> None:
        _show(report)
        shown.append(report)

    try:
        if args.file == "-":
            report = service.imports.text(sys.stdin.read(), progress=ctx.progress("importing"))
        else:
            report = service.imports.file(
                Path(args.file), progress=ctx.progress("importing"),
                index_progress=ctx.progress("indexing"), committed=committed,
            )
    finally:
        service.indexing.auto_index = indexing
    if not shown:
        _show(report)
    if indexing:
        service.indexing.sync_after_commit(progress=ctx.progress("indexing"))
    return 0


def _show(report: ImportReport) -> None:
    print(f"Imported: {report.summary()}.", flush=True)
    for line in report.details():
        print(f"  {line}")
    for line in report.skipped:
        print(f"  skipped {line}", file=sys.stderr)
