"""The export-format table drives the CLI, the GUI menus and the service."""

from __future__ import annotations

import argparse

import pytest
from bibcheck import draft

from readinglist.cli.main import build_parser
from readinglist.core.errors import InvalidInput
from readinglist.core.exporters import (
    EXPORT_TABLE,
    FILE_SUFFIXES,
    FORMAT_NAMES,
    export_file_filters,
    export_format,
    render,
)


def _export_choices() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    export = sub.choices["export"]
    return list(next(a for a in export._actions if a.dest == "format").choices)


def test_cli_choices_come_from_the_table():
    assert _export_choices() == [f.name for f in EXPORT_TABLE]


def test_every_format_exports_through_the_service(library):
    library.papers.add(draft("Zebra Models", "Ann Young", year=2020, arxiv_id="2001.00001"), tags=["ml"])
    for spec in EXPORT_TABLE:
        text = library.exports.text(spec.name)
        assert "Zebra" in text or "young" in text.lower(), spec.name
    assert set(FILE_SUFFIXES) == set(FORMAT_NAMES) == {f.name for f in EXPORT_TABLE}


def test_record_formats_render_from_papers(library):
    paper = library.papers.get(library.papers.add(draft("Zebra Models", "Ann Young", year=2020)).paper_id)
    for spec in EXPORT_TABLE:
        if spec.reads == "records":
            assert paper.citekey in render(spec.name, [paper]), spec.name
    with pytest.raises(InvalidInput, match="exported by the library service"):
        render("json", [paper])


def test_unknown_format_names_the_known_ones():
    with pytest.raises(InvalidInput, match="use one of: bibtex, biblatex"):
        export_format("docx")


def test_save_dialog_filters_cover_every_suffix():
    filters = export_file_filters()
    for spec in EXPORT_TABLE:
        assert f"*{spec.suffix}" in filters
