"""What we export as .bib comes back unchanged when imported again."""

import pytest

from readinglist.core.library import LibraryService

TITLES = [
    "Sets {a, b} and maps",
    "x^2 and ~tilde and back\\slash",
    "Costs $5 & 10% of #1_a",
    "Schrödinger über Łódź and Ærø",
    "GPT-4 and BERT on ImageNet",
    "Math $\\alpha+\\beta$ inline",
    "Under_score ^caret~ {brace",
    "a < b | c > d",
]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_titles_survive_export_then_import(tmp_path, make_draft, fmt):
    with LibraryService(tmp_path / "a") as source, LibraryService(tmp_path / "b") as target:
        for i, title in enumerate(TITLES):
            source.papers.add(make_draft(title, "Ana Núñez", year=2020, doi=f"10.1234/rt{i}"))
        target.imports.text(source.exports.text(fmt))
        back = {p.doi: p.title for p in target.papers.get_many(target.papers.list_ids())}
        assert {p.doi: p.title for p in source.papers.get_many(source.papers.list_ids())} == back
