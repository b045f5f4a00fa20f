"""Real BibTeX and real LaTeX over our exports: no error, no warning, nothing executed.

BibTeX (plain.bst) reads the file and writes the bibliography; pdflatex
(shell escape off, default OT1 encoding, no packages) typesets it. CI
installs both (texlive-binaries, texlive-base, texlive-latex-base).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from bibcheck import (
    draft,
    needs_bibtex,
    needs_pdflatex,
    parse,
    run_bibtex,
    run_pdflatex,
    tricky_drafts,
)

from readinglist.core.exporters.tex_commands import MATH_ARITY
from readinglist.core.exporters.tex_text import ascii_char
from readinglist.core.library import LibraryService

pytestmark = pytest.mark.integration


def export_of(tmp_path: Path, drafts, fmt: str = "bibtex") -> str:
    with LibraryService(tmp_path / "lib") as service:
        service.papers.add_many(drafts)
        return service.exports.text(fmt, abstracts=True)


def assert_clean_bibtex(rc: int, log: str) -> None:
    assert rc == 0, log
    assert "Warning--" not in log and "error message" not in log, log


@needs_bibtex
def test_bibtex_reads_the_test_library_without_error_or_warning(tmp_path):
    bib = export_of(tmp_path, tricky_drafts())
    rc, log = run_bibtex(tmp_path / "run", bib)
    assert_clean_bibtex(rc, log)
    bbl = (tmp_path / "run" / "doc.bbl").read_text("ascii")
    assert bbl.count("\\bibitem") == len(tricky_drafts())


@needs_bibtex
def test_bibtex_parses_the_biblatex_profile_too(tmp_path):
    bib = export_of(tmp_path, tricky_drafts(), "biblatex")
    rc, log = run_bibtex(tmp_path / "run", bib)
    # plain.bst wants year and journal where biblatex has date and journaltitle;
    # any other complaint is a real problem.
    warnings = [line for line in log.splitlines() if line.startswith("Warning--")]
    assert all(w.startswith(("Warning--empty year", "Warning--empty journal")) for w in warnings), (
        warnings
    )
    assert "error message" not in log and rc in (0, 1), log


@needs_bibtex
@needs_pdflatex
def test_latex_typesets_the_bibliography_and_runs_nothing_from_it(tmp_path):
    bib = export_of(tmp_path, tricky_drafts())
    run = tmp_path / "run"
    assert_clean_bibtex(*run_bibtex(run, bib))
    rc, log = run_pdflatex(run)
    assert rc == 0, log[-3000:]
    assert not re.search(r"^! ", log, re.M), log[-3000:]
    assert not (run / "pwned").exists() and not (run / "evil.tex").exists()
    assert "root:" not in log  # /etc/passwd was not read in


def fuzz_titles(n: int, seed: int) -> list[str]:
    """Titles stitched from the fragments that break naive exporters."""
    pieces = [
        "BERT",
        "GPT-4",
        "ImageNet",
        "T5",
        "x",
        "A",
        "über",
        "Çelik",
        "Łódź",
        "ệ",
        "α",
        "Ω",
        "王",
        "&",
        "%",
        "#",
        "_",
        "{",
        "}",
        "~",
        "^",
        "\\",
        "$",
        "$x$",
        "$x^2_i$",
        "$\\frac{1}{2}$",
        "$\\mathbb{R}$",
        "$x^^$",
        "$\\input{a}$",
        "\\input{x}",
        "\\write18{ls}",
        "\\catcode`\\@=11",
        '\\"o',
        "{\\'e}",
        "\\&",
        "\\$",
        "\\\\",
        "and",
        "others",
        "\n",
        "\t",
        "\x00",
        "\u200b",
        "—",
        "“",
        "”",
        "<",
        ">",
        "|",
        "'",
        '"',
        "@",
        ",",
        "=",
        "and/or",
        "---",
        "--",
        "''",
    ]
    rng = random.Random(seed)
    return [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@needs_bibtex
@needs_pdflatex
def test_random_hostile_titles_and_names_always_compile(tmp_path):
    titles = fuzz_titles(250, seed=4)
    names = fuzz_titles(250, seed=5)
    drafts = [
        draft(
            "T " + t,
            n,
            f"Second {n[:10]}",
            year=2000 + i % 25,
            venue="Journal of " + n if i % 3 == 0 else "",
            abstract=n + t,
        )
        for i, (t, n) in enumerate(zip(titles, names, strict=True))
    ]
    bib = export_of(tmp_path, drafts)
    parse(bib)
    run = tmp_path / "run"
    rc, log = run_bibtex(run, bib)
    assert rc == 0 and "error message" not in log, log
    rc, log = run_pdflatex(run)
    assert rc == 0 and not re.search(r"^! ", log, re.M), log[-3000:]


@needs_bibtex
@needs_pdflatex
def test_every_latex_spelling_we_use_compiles_without_packages(tmp_path):
    """The allow-lists in tex_commands.py, checked: every character we spell, every math command."""
    spelt = [chr(cp) for cp in range(0xA0, 0x2400) if not ascii_char(chr(cp))[1]]
    chunks = ["".join(spelt[i : i + 40]) for i in range(0, len(spelt), 40)]
    math = []
    for name, arity in sorted(MATH_ARITY.items()):
        math.append(f"${'x' if arity == 0 else ''}\\{name}{'{y}' * arity}$")
    drafts = [draft(f"Chars {c}", "Ann Lee", year=2020) for c in chunks]
    drafts += [
        draft("Math " + " ".join(math[i : i + 20]), "Bob Lee", year=2020)
        for i in range(0, len(math), 20)
    ]
    bib = export_of(tmp_path, drafts)
    assert bib.count("{$") == len(math)  # all of them were kept as math
    run = tmp_path / "run"
    assert_clean_bibtex(*run_bibtex(run, bib))
    rc, log = run_pdflatex(run)
    assert rc == 0 and not re.search(r"^! ", log, re.M), log[-3000:]
