"""Finding 11 (natbib): URLs with % & # and DOIs with _ compile under plainnat without the url package."""

from __future__ import annotations

import re
import subprocess

import pytest

from readinglist.core.exporters import render
from tests.bibcheck import BIBTEX, PDFLATEX, draft, needs_pdflatex

PREAMBLES = {
    "natbib only": "\\usepackage{natbib}",
    "natbib and url": "\\usepackage{natbib}\\usepackage{url}",
    "natbib and hyperref": "\\usepackage{natbib}\\usepackage{hyperref}",
}


def _paper():
    return draft("Links that break TeX", "Ann Lee", year=2020, entry_type="article", venue="J",
                 url="https://example.org/a%20b?x=1&y=2#part_3~4",
                 doi="10.1002/(SICI)1097-4636(199605)_31:1<3::AID>3.0.CO;2-X")


@needs_pdflatex
@pytest.mark.skipif(BIBTEX is None, reason="bibtex is not installed")
@pytest.mark.parametrize("preamble", list(PREAMBLES))
def test_plainnat_typesets_urls_and_dois_with_special_characters(tmp_path, library, preamble):
    pid = library.papers.add(_paper()).paper_id
    bib = render("bibtex", library.papers.get_many([pid]))
    (tmp_path / "refs.bib").write_text(bib, "ascii")
    (tmp_path / "doc.tex").write_text(
        "\\pdfcompresslevel=0 \\pdfobjcompresslevel=0\n\\documentclass{article}\n"
        + PREAMBLES[preamble] + "\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n", "ascii")

    def latex() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error",
                               "-no-shell-escape", "doc.tex"], cwd=tmp_path, capture_output=True,
                              timeout=120)

    latex()
    subprocess.run([BIBTEX, "doc"], cwd=tmp_path, capture_output=True, timeout=120)
    done = latex()
    log = (tmp_path / "doc.log").read_text("latin-1")
    assert done.returncode == 0, log[-2000:]
    pdf = (tmp_path / "doc.pdf").read_bytes().decode("latin-1")
    shown = "".join(re.findall(r"\(((?:[^()\\]|\\.)*)\)", pdf))
    # The URL is printed as it is: not cut at the '%', no backslashes shown.
    assert "a%20b?x=1&y=2#part" in shown, shown
    assert "\\134" not in shown
