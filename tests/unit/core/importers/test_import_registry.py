"""The import-format table: detection by content, file filters, one place to add a format."""

from __future__ import annotations

import pytest

from readinglist.core import importers
from readinglist.core.errors import ImportFailed
from readinglist.core.importers.registry import IMPORT_TABLE, ImportFormat

BIB = "@article{k1, title={A Title}, author={Jane Doe}, year={2020}}\n"
NATIVE = '{"format": "readinglist", "version": 1, "papers": []}'


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (BIB, "bibtex"),
        ("% exported by JabRef\n\n" + BIB, "bibtex"),
        (NATIVE, "json"),
        ("see arXiv:2509.12345 and 10.1000/xyz", "text"),
        ("Some notes\n\n" + BIB, "text"),  # prose around entries: a paste holding BibTeX
    ],
)
def test_detect_by_content(text, name):
    assert importers.detect(text).name == name


def test_empty_text_is_a_clear_error():
    with pytest.raises(ImportFailed, match="empty"):
        importers.detect("  \n ")


def test_unknown_json_is_refused_naming_what_is_read():
    with pytest.raises(ImportFailed, match="not a Reading List export") as info:
        importers.detect('{"papers": [{"title": "x"}]}')
    for spec in IMPORT_TABLE:
        if "*.json" in spec.patterns:
            assert spec.label in str(info.value)


def test_every_table_row_has_a_module_that_sniffs_and_parses():
    assert len({f.name for f in IMPORT_TABLE}) == len(IMPORT_TABLE)
    assert sum(f.fallback for f in IMPORT_TABLE) == 1
    for spec in IMPORT_TABLE:
        module = spec._module()
        assert callable(module.sniff) and callable(module.parse), spec.name
        assert spec.route in ("native", "bibtex", "paste", "records"), spec.name


def test_file_filters_list_every_pattern_of_every_format():
    filters = importers.file_filters()
    assert filters[-1] == "All files (*)"
    for spec in IMPORT_TABLE:
        assert any(spec.label in f for f in filters)
        for pattern in spec.patterns:
            assert pattern in filters[0]


def test_matches_file_is_case_insensitive():
    bib = importers.import_format("bibtex")
    assert bib.matches_file("Library.BIB")
    assert not bib.matches_file("library.json")


def test_unknown_format_name_is_a_user_error():
    with pytest.raises(ImportFailed, match="unknown import format 'foo'"):
        importers.import_format("foo")


def test_a_new_row_is_detected_before_the_fallback(monkeypatch):
    """Adding a format is a module plus a row: detection needs nothing else."""
    row = ImportFormat("lines", "Lines", ("*.lines",), "registry_probe")
    import sys
    import types

    probe = types.ModuleType("readinglist.core.importers.registry_probe")
    probe.sniff = lambda text: text.startswith("LINES\n")
    probe.parse = lambda text: importers.Parsed()
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    monkeypatch.setattr("readinglist.core.importers.registry.IMPORT_TABLE", (row, *IMPORT_TABLE))
    assert importers.detect("LINES\nfoo").name == "lines"
    assert importers.detect(BIB).name == "bibtex"
