"""Checking exported .bib text the way its readers will: bibtexparser, BibTeX, LaTeX.

Shared by the unit, property and integration tests of the exporters.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import bibtexparser
import pytest
from anyascii import anyascii
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from readinglist.core.exporters.tex_commands import MATH_ARITY, MATH_SYMBOLS, TEXT_COMMANDS
from readinglist.core.exporters.tex_macros import decode_text_macros
from readinglist.core.models import Author, PaperDraft

BIBTEX = shutil.which("bibtex")
PDFLATEX = shutil.which("pdflatex")
needs_bibtex = pytest.mark.skipif(
    BIBTEX is None,
    reason="real BibTeX is not installed (apt-get install texlive-binaries texlive-base; CI has it)",
)
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None,
    reason="pdflatex is not installed (apt-get install texlive-latex-base; CI has it)",
)

# Commands the exporters write for specials, besides pylatexenc's character spellings.
ESCAPE_COMMANDS = {
    "textbackslash",
    "textbraceleft",
    "textbraceright",
    "textasciitilde",
    "textasciicircum",
    "textless",
    "textgreater",
    "textbar",
    "ensuremath",
    "&",
    "%",
    "$",
    "#",
    "_",
}

_db = get_default_latex_context_db()
_db.add_context_category(
    "readinglist-export",
    prepend=True,
    macros=[
        MacroTextSpec(name, simplify_repl=text)
        for name, text in {
            "textbraceleft": "{",
            "textbraceright": "}",
            "textless": "<",
            "textgreater": ">",
            "textbar": "|",
            "textasciicircum": "^",
            "textasciitilde": "~",
            "textbackslash": "\\",
        }.items()
    ],
)
_decoder = LatexNodes2Text(latex_context=_db, math_mode="verbatim", keep_braced_groups=False)


def decode(tex: str) -> str:
    """A field value back to plain text (what a reader of the PDF would see)."""
    text = _decoder.latex_to_text(tex).replace("\xa0", " ")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def parse(text: str) -> bibtexparser.Library:
    """Parse with bibtexparser and insist that every block parsed."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks][:3]
    return library


def fields(entry: bibtexparser.model.Entry) -> dict[str, str]:
    return {f.key.lower(): f.value for f in entry.fields}


def braces_balance(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


_MATH_RE = re.compile(r"\{\$(.*?)\$\}", re.S)
_CMD_RE = re.compile(r"\\([A-Za-z]+|.)")


def live_commands(tex: str) -> set[str]:
    """Commands in ``tex`` that an exporter is not allowed to write."""
    bad: set[str] = set()
    for math in _MATH_RE.findall(tex):
        bad |= {c for c in _CMD_RE.findall(math) if c not in MATH_ARITY and c not in MATH_SYMBOLS}
    text = _MATH_RE.sub(" ", tex)
    allowed = TEXT_COMMANDS | ESCAPE_COMMANDS | set(MATH_ARITY)
    bad |= {c for c in _CMD_RE.findall(text) if c not in allowed}
    return bad


def same_text(exported: str, original: str, *, ascii_only: bool) -> bool:
    """Does the decoded field say what the library says?

    The 7-bit profile may transliterate characters LaTeX cannot spell; then
    the two agree once both are folded to ASCII.
    """
    want = " ".join(original.split())
    got = decode(exported)
    # LaTeX escapes already in the library (\\$, \\"o) print as what they mean.
    if got in (unicodedata.normalize("NFC", want), decode_text_macros(want)):
        return True
    return ascii_only and anyascii(got).replace(" ", "") == anyascii(want).replace(" ", "")


def run_bibtex(folder: Path, bib: str, style: str = "plain") -> tuple[int, str]:
    """Run real BibTeX citing every entry; returns (exit code, its log)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, "utf-8")
    (folder / "doc.aux").write_text(
        f"\\relax\n\\citation{{*}}\n\\bibdata{{refs}}\n\\bibstyle{{{style}}}\n", "ascii"
    )
    proc = subprocess.run(
        [BIBTEX or "bibtex", "doc"],
        cwd=folder,
        capture_output=True,
        text=True,
        errors="replace",
        env={**os.environ, "max_strings": "1000000"},
        timeout=120,
    )
    log = (
        (folder / "doc.blg").read_text("utf-8", "replace") if (folder / "doc.blg").exists() else ""
    )
    return proc.returncode, proc.stdout + log


def run_pdflatex(folder: Path, preamble: str = "") -> tuple[int, str]:
    """Typeset doc.tex's bibliography (doc.bbl) with pdflatex, shell escape off."""
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n" + preamble + "\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        "ascii",
    )
    proc = subprocess.run(
        [
            PDFLATEX or "pdflatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "doc.tex",
        ],
        cwd=folder,
        capture_output=True,
        timeout=120,
    )
    log = (folder / "doc.log").read_text("latin-1") if (folder / "doc.log").exists() else ""
    return proc.returncode, log


def draft(title: str, *authors: str | Author, **fields: object) -> PaperDraft:
    people = tuple(a if isinstance(a, Author) else Author(a) for a in authors)
    return PaperDraft(title=title, authors=people, **fields)  # type: ignore[arg-type]


def tricky_drafts() -> list[PaperDraft]:
    """The test library: many scripts and accents, math, specials, injection attempts."""
    return [
        draft(
            "Attention Is All You Need",
            "Ashish Vaswani",
            "Noam Shazeer",
            "Łukasz Kaiser",
            year=2017,
            date="2017-06-12",
            arxiv_id="1706.03762",
            primary_category="cs.CL",
            abstract="The dominant sequence transduction models are based on RNNs & CNNs.",
        ),
        draft(
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "Jacob Devlin",
            "Ming-Wei Chang",
            "Kenton Lee",
            "Kristina Toutanova",
            year=2019,
            doi="10.18653/v1/N19-1423",
            venue="Proceedings of NAACL-HLT 2019",
            pages="4171–4186",
            publisher="Association for Computational Linguistics",
        ),
        draft(
            "GPT-4 Technical Report",
            "OpenAI",
            year=2023,
            arxiv_id="2303.08774",
            primary_category="cs.CL",
        ),
        draft(
            "ImageNet Classification with Deep Convolutional Neural Networks",
            "Alex Krizhevsky",
            "Ilya Sutskever",
            "Geoffrey E. Hinton",
            year=2012,
            venue="Communications of the ACM",
            volume="60",
            number="6",
            pages="84-90",
            doi="10.1145/3065386",
        ),
        draft(
            "Über die Schrödinger-Gleichung für Çelik's Ångström-Modelle",
            "Jürgen Müller",
            "Zoë Çelik",
            "Anders Ångström",
            "Søren Kierkegaard",
            year=2020,
            venue="Zeitschrift für Physik",
            volume="12",
            pages="1--20",
        ),
        draft(
            "Nguyễn's Vietnamese ệ ở ữ and Polish ąęśćźżńół, Czech řčšž, Turkish ğışİ",
            "Nguyễn Văn Định",
            "Paweł Śliwiński",
            "Jiří Dvořák",
            "Ümit Yılmaz",
            year=2021,
            arxiv_id="2101.00001",
            primary_category="cs.CL",
        ),
        draft(
            "深度学习的注意力机制 and Русский текст and Ελληνικά and العربية and עברית",
            "王小明",
            "Иван Петров",
            "Γιώργος Παπαδόπουλος",
            "محمد علي",
            "山田太郎",
            year=2022,
            arxiv_id="2202.00002",
            primary_category="cs.CL",
        ),
        draft(
            "$\\omega$Test: WebView Testing with $O(n \\log n)$ Bounds and $\\alpha$-Divergence",
            "Ana García-López",
            year=2024,
            arxiv_id="2401.00003",
            primary_category="cs.SE",
            abstract="We prove a bound of $\\frac{1}{2}$ with type-I error at most $\\alpha$ "
            "and $V_{max}<17.5$, for $x \\in \\mathbb{R}^N$ and $\\sum_{i=1}^n x_i^2$.",
        ),
        draft(
            "Costs & Benefits: 100% of #1 Models_v2 with {Braces} and ~Tilde^Caret",
            "Mary O'Brien",
            "José María de la Cruz",
            "Johannes van der Waals",
            year=2018,
            arxiv_id="1801.00004",
            primary_category="cs.LG",
            abstract="Profit rose 5% & costs fell; see item #3, file a_b.txt, C:\\temp\\x.",
        ),
        draft(
            "Injection \\input{/etc/passwd} \\write18{touch pwned} \\catcode`\\@=11 "
            "\\def\\x{y} \\immediate\\openout5=evil.tex {unbalanced \\end{document}",
            "Eve \\input{hack} Mallory",
            "Bob } and {Alice",
            year=2019,
            arxiv_id="1901.00005",
            primary_category="cs.CR",
            abstract="}} \\csname end\\endcsname $\\input{x}$ $x^^$ $\\def\\a{b}$ % comment",
        ),
        draft(
            "Dollar $5 and unclosed $math and \\$ escaped and $$ empty",
            Author("Tom Smith, Jr.", "Smith, Jr.", "Tom"),
            year=2015,
            venue="Journal of Edge Cases",
            volume="1",
            pages="1",
            doi="10.1000/j.edge_case.2015<1>",
        ),
        draft(
            "A Study of T5, iPhone, X-rays and LaTeX with Q-Learning",
            "Bea Ng",
            "Google DeepMind",
            year=2016,
            venue="International Conference on Machine Learning (ICML)",
            publisher="PMLR",
        ),
        draft(
            "Research by and for Others",
            "Sam And",
            "Barnes and Noble",
            "others",
            year=2014,
            arxiv_id="hep-th/9901001",
            primary_category="hep-th",
        ),
    ]
