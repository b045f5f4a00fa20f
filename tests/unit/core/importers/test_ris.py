"""RIS in and out: Zotero/EndNote/publisher files record by record, our own export back."""

from __future__ import annotations

from dataclasses import replace

import pytest
import rispy
from bibcheck import draft

from readinglist.core import importers
from readinglist.core.drafts import draft_of
from readinglist.core.errors import ImportFailed
from readinglist.core.importers import ris
from readinglist.core.models import Author

ZOTERO = """TY  - JOUR
TI  - Deep learning
AU  - LeCun, Yann
AU  - Bengio, Yoshua
T2  - Nature
J2  - Nature
VL  - 521
IS  - 7553
SP  - 436
EP  - 444
PY  - 2015
DA  - 2015/05/28/
DO  - 10.1038/nature14539
UR  - https://www.nature.com/articles/nature14539
SN  - 0028-0836
KW  - deep learning
KW  - neural networks
AB  - Deep learning allows computational models to learn representations.
ER  - 

TY  - CHAP
T1  - A chapter
A1  - Doe, Jane
A2  - Editor, Ed
ED  - Second, Ann
BT  - The Book Title
T3  - Lecture Notes
PB  - Springer
CY  - Berlin
SN  - 978-3-16-148410-0
SP  - 10-20
Y1  - 2019///
ER  - 
"""


def test_a_journal_article_from_zotero():
    found = ris.parse(ZOTERO)
    assert found.problems == []
    d = found.drafts[0]
    assert d.entry_type == "article"
    assert d.title == "Deep learning"
    assert [a.name for a in d.authors] == ["Yann LeCun", "Yoshua Bengio"]
    assert (d.venue, d.volume, d.number, d.pages) == ("Nature", "521", "7553", "436--444")
    assert (d.year, d.date, d.doi) == (2015, "2015-05-28", "10.1038/nature14539")
    assert d.url == "https://www.nature.com/articles/nature14539"
    assert d.extra["issn"] == "0028-0836"
    assert d.abstract.startswith("Deep learning allows")
    assert found.tags[0] == ("deep learning", "neural networks")  # keywords become tags


def test_a_chapter_from_endnote_with_editors_series_place_isbn():
    d = ris.parse(ZOTERO).drafts[1]
    assert d.entry_type == "incollection"
    assert d.title == "A chapter" and d.authors[0].family_name == "Doe"
    assert d.extra["editor"] == "Editor, Ed and Second, Ann"
    assert (d.venue, d.publisher, d.pages, d.year) == ("The Book Title", "Springer", "10-20", 2019)
    assert (d.extra["series"], d.extra["address"], d.extra["isbn"]) == (
        "Lecture Notes", "Berlin", "978-3-16-148410-0")


@pytest.mark.parametrize(
    ("ty", "stored"),
    [("JOUR", "article"), ("CONF", "inproceedings"), ("CPAPER", "inproceedings"),
     ("BOOK", "book"), ("CHAP", "incollection"), ("THES", "thesis"), ("RPRT", "techreport"),
     ("GEN", "misc"), ("ELEC", "online"), ("COMP", "software"), ("DATA", "dataset"),
     ("UNPB", "unpublished"), ("NEWS", "article-newspaper"), ("WHATEVER", "whatever")],
)
def test_types(ty, stored):
    [d] = ris.parse(f"TY  - {ty}\nTI  - T\nER  - \n").drafts
    assert d.entry_type == stored


def test_a_bad_record_is_named_and_the_rest_comes_in():
    text = ZOTERO + "\nTY  - JOUR\nAU  - Nobody, N.\nPY  - 2000\nER  - \n\nTY  - BOOK\nTI  - Last\nER  - \n"
    found = ris.parse(text)
    assert [d.title for d in found.drafts] == ["Deep learning", "A chapter", "Last"]
    assert found.problems == ["record 3 (line 35): it has no title (TI or T1)"]


def test_sloppy_files_headers_one_space_tags_crlf_and_no_final_er():
    text = ("Provider: Elsevier\r\nDatabase: ScienceDirect\r\n\r\n"
            "TY - CONF\r\nTI - Hand written\r\nAU - Smith, John\r\n"
            "T2 - Proceedings of Something\r\nPY - 2021\r\n"
            "TY  - THES\r\nTI  - A Thesis\r\nAU  - Student, A.\r\nPB  - MIT\r\nM3  - PhD thesis\r\n")
    assert importers.detect(text).name == "ris"
    found = ris.parse(text)
    assert [(d.title, d.entry_type) for d in found.drafts] == [
        ("Hand written", "inproceedings"), ("A Thesis", "phdthesis")]
    assert found.drafts[0].venue == "Proceedings of Something"
    assert found.drafts[1].venue == "MIT"  # the school
    assert "type" not in found.drafts[1].extra  # "PhD thesis" is what the type says


def test_keywords_in_one_line_and_with_commas():
    [tags] = ris.parse("TY  - GEN\nTI  - T\nKW  - a; b; c,d\nER  - \n").tags
    assert tags == ("a", "b", "c d")
    [tags] = ris.parse("TY  - GEN\nTI  - T\nKW  - x, y, z\nER  - \n").tags
    assert tags == ("x", "y", "z")


def test_arxiv_records_and_abstracts_in_n2():
    text = ("TY  - GEN\nTI  - A Preprint\nAU  - Doe, J.\nUR  - https://arxiv.org/abs/2301.00001v2\n"
            "N1  - arXiv:2301.00001 [cs.CL]\nN2  - The abstract, EndNote style.\nER  - \n")
    [d] = ris.parse(text).drafts
    assert (d.arxiv_id, d.primary_category, d.entry_type, d.url) == ("2301.00001", "cs.CL", "", "")
    assert d.abstract == "The abstract, EndNote style."
    assert "note" not in d.extra


def test_nothing_usable_is_an_error_and_writes_nothing(library):
    with pytest.raises(ImportFailed, match="record 1 \\(line 1\\): it has no title"):
        library.imports.text("TY  - JOUR\nAU  - Doe, J.\nER  - \n")
    assert library.papers.count() == 0


def test_import_service_adds_keywords_as_tags_and_reports_bad_records(library):
    report = library.imports.text(ZOTERO + "TY  - JOUR\nPY  - 1\nER  - \n")
    assert len(report.added) == 2
    assert report.problems == ["record 3 (line 34): it has no title (TI or T1)"]
    paper = library.papers.get(report.added[0])
    assert set(paper.tags) == {"deep learning", "neural networks"}
    again = library.imports.text(ZOTERO)
    assert again.added == [] and again.updated == []


def test_export_writes_every_field_and_reads_back(library):
    d1 = draft("Deep learning", Author("Yann LeCun"), year=2015, date="2015-05-28",
               entry_type="article", venue="Nature", volume="521", number="7553",
               pages="436--444", doi="10.1038/nature14539", abstract="Line one.\nLine two.",
               extra={"issn": "0028-0836"})
    d2 = draft("A chapter", Author("Jane Doe"), year=2019, entry_type="incollection",
               venue="The Book", publisher="Springer", pages="10–20",
               extra={"editor": "Editor, Ed and {The Committee}", "series": "LNCS",
                      "address": "Berlin", "isbn": "978-3-16-148410-0", "edition": "2"})
    d3 = draft("A Thesis", Author("Ann Student"), year=2010, entry_type="mastersthesis",
               venue="MIT")
    d4 = draft("Attention", Author("Ashish Vaswani"), year=2017, arxiv_id="1706.03762",
               primary_category="cs.CL")
    ids = [library.papers.add(d, tags=["ml/deep", "to read"]).paper_id for d in (d1, d2, d3, d4)]
    text = library.exports.text("ris")
    refs = {r["id"]: r for r in rispy.loads(text)}
    by_title = {r["title"]: r for r in refs.values()}
    art, chap, thesis, pre = (by_title[t] for t in ("Deep learning", "A chapter", "A Thesis",
                                                     "Attention"))
    assert (art["type_of_reference"], art["start_page"], art["end_page"]) == ("JOUR", "436", "444")
    assert art["abstract"] == "Line one. Line two."  # RIS values are one line
    assert art["keywords"] == ["ml/deep", "to read"]
    assert chap["type_of_reference"] == "CHAP"
    assert chap["secondary_authors"] == ["Editor, Ed", "The Committee"]
    assert (chap["secondary_title"], chap["tertiary_title"], chap["place_published"]) == (
        "The Book", "LNCS", "Berlin")
    assert (thesis["type_of_reference"], thesis["publisher"], thesis["type_of_work"]) == (
        "THES", "MIT", "Master's thesis")
    assert pre["type_of_reference"] == "GEN"
    assert pre["urls"] == ["https://arxiv.org/abs/1706.03762"]

    before = {p.citekey: draft_of(p) for p in library.papers.get_many(ids)}
    other = type(library)(library.dir.parent / "other")
    try:
        report = other.imports.text(text)
        assert len(report.added) == 4 and report.problems == []
        for paper in other.papers.get_many(report.added):
            old = before[paper.citekey]
            assert set(paper.tags) == {"ml/deep", "to read"}
            got = replace(draft_of(paper), sources=(), abstract="")
            want = replace(old, sources=(), abstract="", pages=old.pages.replace("–", "--"))
            assert got == want, paper.citekey
        assert other.exports.text("ris") == text  # a fixed point
    finally:
        other.close()
    again = library.imports.text(text)
    assert again.added == []


def test_titles_that_cannot_be_papers_are_reported():
    found = ris.parse("TY  - GEN\nTI  - }{\nER  - \nTY  - GEN\nTI  - " + "y" * 1001 + "\nER  - \n")
    assert found.drafts == []
    assert found.problems == ["record 1 (line 1): its title '}{' has no letters or digits",
                              "record 2 (line 4): its title is longer than 1000 characters"]


def test_organisations_and_numeric_keys_match_across_ris_and_csl(library):
    """The same papers through RIS and through CSL-JSON are the same papers."""
    import json

    items = [{"id": "rdn2014", "type": "report", "title": "Data Policy",
              "author": [{"literal": "Research Data Netherlands"}], "issued": {"date-parts": [[2014]]}},
             {"id": "2015", "type": "book", "title": "Preparing the Workforce",
              "issued": {"date-parts": [[2015]]}}]
    library.imports.text(json.dumps(items))
    ris_text = library.exports.text("ris")
    assert "AU  - Research Data Netherlands\n" in ris_text  # one name, no comma: kept whole
    other = type(library)(library.dir.parent / "other")
    try:
        first = other.imports.text(ris_text)
        assert len(first.added) == 2
        again = other.imports.text(library.exports.text("csl-json"))
        assert again.added == []
        assert {p.citekey for p in other.papers.get_many(other.papers.list_ids())} == {"rdn2014", "2015"}
        [org] = other.papers.get(other.papers.find("rdn2014")).authors
        assert (org.name, org.family) == ("Research Data Netherlands", "Research Data Netherlands")
    finally:
        other.close()
