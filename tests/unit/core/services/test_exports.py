"""LibraryService's export API: scopes, order, atomic files, progress, cancel, doctor."""

from __future__ import annotations

import json
import os
import stat

import pytest
from bibcheck import draft, parse

from readinglist.core.errors import Cancelled, ExportFailed, InvalidInput
from readinglist.core.exporters import EXPORT_FORMATS
from readinglist.core.progress import CancelToken


@pytest.fixture
def three(library):
    ids = [
        library.papers.add(
            draft("Zebra Models", "Ann Young", year=2020, arxiv_id="2001.00001"), tags=["ml"]
        ).paper_id,
        library.papers.add(draft("Apple Models", "Bob Xu", year=2021, arxiv_id="2101.00002")).paper_id,
        library.papers.add(
            draft("Mango Graphs", "Cy Abel", year=2022, arxiv_id="2201.00003"), tags=["ml/graphs"]
        ).paper_id,
    ]
    return library, ids


def keys(text):
    return [e.key for e in parse(text).entries]


def test_the_api_offers_the_formats():
    assert EXPORT_FORMATS[:4] == ("bibtex", "biblatex", "csl-json", "json")
    assert "keys" in EXPORT_FORMATS


def test_keys_export_lists_the_keys_sorted(three):
    library, ids = three
    assert library.exports.text("keys").splitlines() == [
        "abelMangoGraphs2022",
        "xuAppleModels2021",
        "youngZebraModels2020",
    ]
    assert library.exports.text("keys", [ids[0]]) == "youngZebraModels2020\n"


def test_bib_exports_are_sorted_by_key(three):
    library, _ = three
    assert keys(library.exports.text("bibtex")) == [
        "abelMangoGraphs2022",
        "xuAppleModels2021",
        "youngZebraModels2020",
    ]


def test_scopes_tag_query_and_selection(three):
    library, ids = three
    assert keys(library.exports.text("bibtex", library.exports.scope(tag="ml"))) == [
        "abelMangoGraphs2022",
        "youngZebraModels2020",
    ]
    assert keys(library.exports.text("biblatex", library.exports.scope(query="apple"))) == [
        "xuAppleModels2021"
    ]
    assert keys(library.exports.text("bibtex", [ids[2], ids[0]])) == [
        "abelMangoGraphs2022",
        "youngZebraModels2020",
    ]
    assert library.exports.scope() is None


def test_csl_and_native_json(three):
    library, ids = three
    csl = json.loads(library.exports.text("csl-json", [ids[1]]))
    assert [i["id"] for i in csl] == ["xuAppleModels2021"]
    native = json.loads(library.exports.text("json"))
    assert [p["citekey"] for p in native["papers"]] == [
        "youngZebraModels2020",
        "xuAppleModels2021",
        "abelMangoGraphs2022",
    ]  # oldest first
    assert json.loads(library.exports.text("csl-json", [])) == []


def test_abstracts_only_on_request_in_bib_files(library):
    library.papers.add(draft("A Paper", "Ann Lee", year=2020, abstract="We show 100% & more."))
    assert "abstract" not in library.exports.text("bibtex")
    assert "abstract = {We show 100\\% \\& more.}" in library.exports.text("bibtex", abstracts=True)
    assert "abstract = {We show 100\\% \\& more.}" in library.exports.text(
        "biblatex", abstracts=True
    )
    assert json.loads(library.exports.text("csl-json"))[0]["abstract"] == "We show 100% & more."


def test_unknown_format_is_refused(library):
    with pytest.raises(InvalidInput, match="bibtex, biblatex, csl-json, json"):
        library.exports.text("docx")


def test_export_file_writes_atomically_and_counts(three, tmp_path):
    library, _ = three
    out = tmp_path / "refs.bib"
    seen = []
    assert library.exports.file(out, "bibtex", progress=lambda d, t: seen.append((d, t))) == 3
    assert keys(out.read_text("utf-8")) == keys(library.exports.text("bibtex"))
    assert seen[-1] == (3, 3)
    assert sorted(os.listdir(tmp_path)) == ["lib", "refs.bib"]  # no temporary file left behind


def test_a_cancelled_export_leaves_the_old_file_alone(three, tmp_path):
    library, _ = three
    out = tmp_path / "refs.bib"
    out.write_text("old content", "utf-8")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        library.exports.file(out, "bibtex", cancel=token)
    assert out.read_text("utf-8") == "old content"
    assert sorted(os.listdir(tmp_path)) == ["lib", "refs.bib"]


def test_the_new_file_keeps_the_old_ones_permissions(three, tmp_path):
    library, _ = three
    out = tmp_path / "refs.bib"
    out.write_text("old", "utf-8")
    out.chmod(0o640)
    library.exports.file(out, "biblatex")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_writing_into_a_missing_folder_is_a_clear_error(three, tmp_path):
    library, _ = three
    with pytest.raises(ExportFailed, match="does not exist"):
        library.exports.file(tmp_path / "nope" / "refs.bib", "bibtex")


def test_doctor_reports_what_styles_would_warn_about(library):
    library.papers.add(draft("No Year Here", "Ann Lee"))
    library.papers.add(draft("Nobody Wrote This", year=2020))
    library.papers.add(draft("A Book", "Bo Li", year=2020, entry_type="book"))
    library.papers.add(draft("Math $\\mathbb{R}^n$ Title", "Cy Ma", year=2020))
    library.papers.add(draft("深度学习", "王小明", year=2020))
    messages = [f"{f.level}: {f.message}" for f in library.health.doctor()]
    assert "warning: leeNoYearHere has no year (BibTeX styles warn about it)" in messages
    assert any("has no authors" in m for m in messages)
    assert any("(@book) has no publisher: BibTeX styles will warn" in m for m in messages)
    assert any("the math $\\mathbb{R}^n$ needs LaTeX packages" in m for m in messages)
    assert any(
        m.startswith("warning: 1 paper has characters with no LaTeX spelling")
        and "wangxiaomingShenDuXueXi2020" in m
        for m in messages
    )


def test_doctor_catches_keys_bibtex_cannot_use(library):
    pid = library.papers.add(draft("Broken Key", "Ann Lee", year=2020)).paper_id
    with library.store.write() as txn:  # a hand-edited or damaged database
        txn.db.execute("UPDATE papers SET citekey = 'bad key{' WHERE id = ?", [pid])
    findings = library.health.doctor()
    assert any(
        f.level == "error" and "'bad key{' cannot be used by BibTeX" in f.message for f in findings
    )
    assert keys(library.exports.text("bibtex")) == ["badkey"]
