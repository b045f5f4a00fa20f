"""Words a new user reads after an import: one line typed is one item, singular is singular."""

from __future__ import annotations

from readinglist.core.importers.identifiers_lookup import sort_identifiers
from readinglist.core.services.reports import ImportReport


def test_a_line_without_any_id_is_one_skipped_item():
    wanted = sort_identifiers(["hello world", "2509.12345 and 10.1038/nature14539", "nonsense"])
    assert wanted.unknown == ["hello world", "and", "nonsense"]
    assert wanted.arxiv == ["2509.12345"] and wanted.dois == ["10.1038/nature14539"]


def test_one_renamed_key_is_singular():
    report = ImportReport()
    report.key_clashes.append(("smith2020", "smith2020a"))
    assert "1 citation key renamed" in report.summary()
    report.key_clashes.append(("smith2020", "smith2020b"))
    assert "2 citation keys renamed" in report.summary()
