"""What ``doctor`` says about exporting: keys, missing fields, text that cannot be kept.

The exporters never write a file that breaks LaTeX; these findings tell the
user where that needed a compromise (a paper written as ``@misc``, math
printed as text, a character transliterated) or where a style will warn
(no author, no year), and catch a damaged database (unusable or clashing
keys) before BibTeX does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from readinglist.core import citekeys
from readinglist.core.exporters.bibtex import BIBTEX, REQUIRED, KeyGuard, entry, entry_kind
from readinglist.core.exporters.records import ExportPaper, as_records
from readinglist.core.exporters.tex_text import TexNotes
from readinglist.core.models import Paper

MAX_LISTED = 20

# Where each required field can be: its own column, the venue, or extra (biblatex names too).
_FIELD_SOURCES = {
    "journal": ("venue", "journal", "journaltitle"),
    "booktitle": ("venue", "booktitle"),
    "school": ("venue", "school", "institution"),
    "institution": ("venue", "institution", "school"),
    "publisher": ("publisher",),
    "note": ("note",),
}


def missing_fields(paper: ExportPaper) -> list[str]:
    """The fields the paper's BibTeX type needs that it does not have (``doctor``)."""
    kind = entry_kind(paper).written
    extra = paper.fields if paper.extra and paper.extra != "{}" else {}
    missing = []
    for name in REQUIRED.get(kind, ()):
        places = _FIELD_SOURCES.get(name, (name,))
        if not any(
            (getattr(paper, p, "") or "").strip() if p in ("venue", "publisher")
            else str(extra.get(p, "")).strip()
            for p in places
        ):
            missing.append(name)
    return missing


_NOT_BRACE_RE = re.compile(r"[^{}]+")


def _balanced(text: str) -> bool:
    braces = _NOT_BRACE_RE.sub("", text)
    while "{}" in braces:
        braces = braces.replace("{}", "")
    return not braces


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _sample(items: list[str]) -> str:
    shown = ", ".join(items[:5])
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def export_findings(papers: Iterable[Paper | ExportPaper]) -> Iterator[tuple[str, str]]:
    """``(level, message)`` pairs, level ``"error"`` or ``"warning"``."""
    keys = KeyGuard()
    seen: dict[str, str] = {}
    transliterated: dict[str, list[str]] = {}
    math_reports = 0
    math_more = 0
    for paper in as_records(papers):
        key = paper.citekey
        written = keys(key)
        if not citekeys.is_valid_citekey(key):
            yield (
                "error",
                f"citation key {key!r} cannot be used by BibTeX; exports write it as "
                f"{written!r} until you set another (readinglist key {paper.id} NEWKEY)",
            )
        other = seen.get(key.lower())
        if other is not None:
            yield ("error", f"citation keys {other!r} and {key!r} clash (BibTeX ignores case)")
        seen.setdefault(key.lower(), key)
        if not paper.authors:
            yield ("warning", f"{key} has no authors (BibTeX styles warn about it)")
        if paper.year is None:
            yield ("warning", f"{key} has no year (BibTeX styles warn about it)")
        missing = missing_fields(paper)
        if missing:
            kind = entry_kind(paper).written
            yield (
                "warning",
                f"{key} (@{kind}) has no {' or '.join(missing)}: BibTeX styles will warn",
            )
        notes = TexNotes()
        text = entry(paper, written, BIBTEX, notes)
        if not _balanced(text):  # cannot happen unless the exporter has a bug
            yield ("error", f"{key} would not compile: its BibTeX entry has unbalanced braces")
        for math in notes.math_as_text:
            if math_reports < MAX_LISTED:
                math_reports += 1
                yield (
                    "warning",
                    f"{key}: the math ${math}$ needs LaTeX packages or is incomplete, "
                    "so it is exported as plain text",
                )
            else:
                math_more += 1
        for char in sorted(notes.transliterated):
            transliterated.setdefault(char, []).append(key)
    if math_more:
        yield ("warning", f"{math_more} more formulas are exported as plain text")
    if transliterated:
        chars = "".join(sorted(transliterated)[:30])
        affected = sorted({k for ks in transliterated.values() for k in ks}, key=str.lower)
        yield (
            "warning",
            f"{_papers(len(affected))} {'has' if len(affected) == 1 else 'have'} characters with no LaTeX spelling ({chars}), "
            f"transliterated in the BibTeX profile ({_sample(affected)}); "
            "export with --format biblatex to keep them",
        )
