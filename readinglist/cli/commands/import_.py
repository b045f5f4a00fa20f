"""``readinglist import FILE|-``: bring papers in from a file or standard input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.errors import ImportFailed
from readinglist.core.importers import IMPORT_TABLE


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


def read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ImportFailed(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise ImportFailed(f"{path} is not a UTF-8 text file") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror}") from None


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    # Committed first (listed by status, tag and year at once), then made
    # full-text searchable with its own progress line: a big import indexes
    # on every core, and an interrupted one is finished by the next command.
    indexing, service.indexing.auto_index = service.indexing.auto_index, False
    try:
        # The file's text is not kept past the import (300 MB for 100k papers
        # in JSON): the indexing that follows needs none of it.
        report = service.imports.text(read_input(args.file), progress=ctx.progress("importing"))
    finally:
        service.indexing.auto_index = indexing
    print(f"Imported: {report.summary()}.", flush=True)
    for line in report.details():
        print(f"  {line}")
    for line in report.skipped:
        print(f"  skipped {line}", file=sys.stderr)
    if indexing:
        service.indexing.sync_after_commit(progress=ctx.progress("indexing"))
    return 0
