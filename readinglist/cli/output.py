"""How papers look on a terminal and in ``--json`` output.

The JSON shape is the native export record plus ``id``; it is documented in
the README and kept stable so scripts can rely on it.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

from readinglist.cli.terminal import terminal_safe
from readinglist.core.exporters.native_json import paper_record
from readinglist.core.models import Paper


def paper_json(paper: Paper) -> dict[str, Any]:
    return {"id": paper.id, **paper_record(paper)}


def print_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def paper_line(paper: Paper) -> str:
    year = str(paper.year) if paper.year else "    "
    tags = f"  [{', '.join(paper.tags)}]" if paper.tags else ""
    line = f"{paper.citekey:<32} {year} {paper.status.value:<7} {paper.title}{tags}"
    return terminal_safe(line, multiline=False)


def print_papers(papers: Sequence[Paper], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for paper in papers:
        out.write(paper_line(paper) + "\n")


def paper_detail(paper: Paper) -> str:
    lines = [paper.title or "(untitled)", ""]

    def row(label: str, value: object) -> None:
        if value not in ("", None, (), []):
            lines.append(f"{label:<10} {value}")

    row("Authors", "; ".join(a.name for a in paper.authors))
    row("Year", paper.year)
    row("Venue", paper.venue)
    row("Key", paper.citekey)
    arxiv = f"{paper.arxiv_id}v{paper.arxiv_version}" if paper.arxiv_version else paper.arxiv_id
    row("arXiv", arxiv)
    row("DOI", paper.doi)
    row("URL", paper.abs_url)
    row("Code", paper.code_url)
    row("Status", paper.status.value)
    row("Rating", "★" * paper.rating if paper.rating else "")
    row("Tags", ", ".join(paper.tags))
    row("Added", paper.added)
    if paper.duplicate_of is not None:
        row("Note", f"probably a duplicate of paper {paper.duplicate_of}")
    if paper.abstract:
        lines += ["", *textwrap.wrap(paper.abstract, 78)]
    for note in paper.notes:
        lines += ["", f"--- note {note.id} ({note.modified}) ---", note.body]
    return terminal_safe("\n".join(lines))
