"""Importing .bib files from JabRef and Zotero: keys kept, accents decoded, nothing lost."""

from pathlib import Path

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import bibtex_file
from readinglist.core.models import ReadStatus

DATA = Path(__file__).resolve().parents[3] / "data" / "import"


def test_jabref_export_maps_fields_decodes_latex_and_keeps_unknown_fields():
    drafts = bibtex_file.parse((DATA / "jabref.bib").read_text("utf-8"))
    yared, garcia, other = drafts
    assert (
        yared.citekey == "Yared1998" and other.citekey == "Yared1998"
    )  # the clash is the library's to solve
    assert yared.title == "A Bayesian Approach to Öffentlichkeit & Privacy"
    assert [(a.name, a.family, a.given) for a in yared.authors] == [
        ("Peter Yared", "Yared", "Peter"),
        ("Hans Müller", "Müller", "Hans"),
        ("J. D. van der Waals", "van der Waals", "J. D."),
    ]
    assert yared.venue == "Journal of Machine Learning Research"  # @String macro resolved
    assert (yared.year, yared.date, yared.volume, yared.number) == (1998, "1998-08", "12", "3")
    assert yared.pages == "1--10" and yared.doi == "10.5555/yared.1998"
    assert yared.extra == {
        "file": ":Yared1998 - A Bayesian Approach.pdf:PDF",
        "groups": "ml, privacy",
        "owner": "ada",
        "timestamp": "2024.01.15",
        "_protected": "Bayesian",  # {Bayesian}: exports keep it capitalised
    }
    assert garcia.title == "Lessons from $\\alpha$-Tests"  # math stays as written
    assert [a.name for a in garcia.authors] == ["José García", "Google Research"]
    assert garcia.entry_type == "inproceedings" and garcia.venue.endswith("Meeting of the ACL")


def test_zotero_export_finds_the_arxiv_id_and_keeps_keywords_in_extra():
    vaswani, frank = bibtex_file.parse((DATA / "zotero.bib").read_text("utf-8"))
    assert vaswani.arxiv_id == "1706.03762" and vaswani.title == "Attention Is All You Need"
    assert vaswani.extra["keywords"].startswith("Computer Science - Computation and Language")
    assert frank.citekey == "frank_structure_1970" and frank.venue == "Science"


def test_bib_import_through_the_library_keeps_keys_and_reports_clashes(library):
    report = library.imports.text((DATA / "jabref.bib").read_text("utf-8"))
    assert len(report.added) == 3
    assert report.key_clashes == [("Yared1998", "Yared1998a")]
    keys = {library.papers.get(i).citekey for i in report.added}
    assert keys == {"Yared1998", "Yared1998a", "Garcia2020"}
    assert {library.papers.get(i).status for i in report.added} == {ReadStatus.INBOX}
    assert {library.papers.get(i).sources for i in report.added} == {("bibtex",)}
    again = library.imports.text((DATA / "jabref.bib").read_text("utf-8"))
    assert (again.added, again.key_clashes, len(again.unchanged)) == ([], [], 3)
    assert library.papers.count() == 3


def test_reimport_keeps_user_data_and_key(library):
    text = (DATA / "zotero.bib").read_text("utf-8")
    first = library.imports.text(text)
    pid = library.papers.find("10.1126/science.169.3946.635")
    library.papers.set_citekey(pid, "frank1970")
    library.tags.add([pid], ["water"])
    library.papers.set_status([pid], "read")
    again = library.imports.text(text)
    assert again.added == [] and len(again.unchanged) == len(first.added)
    paper = library.papers.get(pid)
    assert (paper.citekey, paper.tags, paper.status) == ("frank1970", ("water",), ReadStatus.READ)


def test_an_entry_bibtex_cannot_read_is_listed_and_the_rest_comes_in(library):
    text = (
        "@article{ok, title={Fine}, year={2020}}\n\n"
        "@misc{bad,\n  title = {Broken} year = 2020,\n}\n\n"
        "@article{after, title={Also fine}}\n"
    )
    report = library.imports.text(text)
    assert sorted(library.papers.get(i).citekey for i in report.added) == ["after", "bad", "ok"]
    # BibTeX keeps what it read before the error ("bad" has its title), and says so.
    assert any("bad (line 3)" in n and "comma is missing" in n for n in report.notices)


def test_entry_without_title_or_id_is_listed_with_key_line_and_reason():
    found = bibtex_file.read("@article{fine, title={T}}\n@article{empty, year = {2020}}")
    assert [d.citekey for d in found.drafts] == ["fine"]
    assert [str(p) for p in found.problems] == [
        "empty (line 2): it has no title (and no DOI or arXiv id), so there is nothing to list it by"
    ]
    with pytest.raises(ImportFailed, match=r"empty \(line 1\): it has no title"):
        bibtex_file.parse("@article{empty, year = {2020}}")


def test_split_blocks_finds_entries_in_running_text():
    text = "Some prose with an e-mail ada@example.org\n@article{a, title={X {Y} Z}}\nmore text\n@misc(b, title={Q})\n"
    found = bibtex_file.split_blocks(text)
    assert found.blocks == ["@article{a, title={X {Y} Z}}", "@misc(b, title={Q})"]
    assert "ada@example.org" in found.rest and "more text" in found.rest
    assert not bibtex_file.looks_bibtex(text)
    assert bibtex_file.looks_bibtex("% a comment\n" + found.blocks[0])
