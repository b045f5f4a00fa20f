"""Citation keys, one per line: for scripts, ``\\nocite`` lists and shell pipes."""

from __future__ import annotations

from collections.abc import Iterable

from readinglist.core.exporters.bibtex import KeyGuard
from readinglist.core.exporters.records import ExportPaper, as_records
from readinglist.core.models import Paper


class Writer:
    def __init__(self, *, abstracts: bool = False) -> None:
        self.keys = KeyGuard()
        self.count = 0

    def start(self) -> str:
        return ""

    def add(self, papers: Iterable[Paper | ExportPaper]) -> str:
        keys = [self.keys(p.citekey) for p in as_records(papers)]
        self.count += len(keys)
        return "".join(f"{k}\n" for k in keys)

    def finish(self) -> str:
        return ""
