"""Golden files: the exact text each exporter writes for the test library.

Any change to the output shows up here as a diff to review. After an
intended change, regenerate with ``READINGLIST_UPDATE_GOLDEN=1 pytest
tests/unit/core/exporters/test_golden.py`` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("fmt", "abstracts", "name"),
    [
        ("bibtex", False, "library.bib"),
        ("bibtex", True, "library-abstracts.bib"),
        ("biblatex", True, "library-biblatex.bib"),
        ("csl-json", False, "library.csl.json"),
    ],
)
def test_export_matches_the_golden_file(tricky, fmt, abstracts, name):
    service, _ = tricky
    text = service.exports.text(fmt, abstracts=abstracts)
    path = GOLDEN / name
    if os.environ.get("READINGLIST_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8")
