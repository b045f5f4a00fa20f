"""What a BibTeX / BibLaTeX entry holds: types, fields, names, keys."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bibcheck import draft, fields, parse

from readinglist.core.exporters import render
from readinglist.core.exporters.bib_names import bibtex_name
from readinglist.core.exporters.bibtex import KeyGuard, entry_kind
from readinglist.core.exporters.checks import missing_fields
from readinglist.core.models import Author


def one(library, d, fmt="bibtex"):
    paper = library.papers.get(library.papers.add(d).paper_id)
    entry = parse(render(fmt, [paper])).entries[0]
    return paper, entry, fields(entry)


def test_arxiv_only_paper_follows_arxivs_own_misc_convention(library):
    paper, entry, f = one(
        library,
        draft(
            "Attention Is All You Need",
            "Ashish Vaswani",
            "Noam Shazeer",
            year=2017,
            arxiv_id="1706.03762v7",
            primary_category="cs.CL",
        ),
    )
    assert entry.entry_type == "misc" and entry.key == paper.citekey
    assert f["eprint"] == "1706.03762"
    assert f["archiveprefix"] == "arXiv"
    assert f["primaryclass"] == "cs.CL"
    assert f["url"] == "https://arxiv.org/abs/1706.03762"
    assert f["author"] == "Vaswani, Ashish and Shazeer, Noam"
    assert f["year"] == "2017"


def test_journal_paper_is_an_article_with_its_doi(library):
    _, entry, f = one(
        library,
        draft(
            "ImageNet Classification",
            "Alex Krizhevsky",
            year=2017,
            venue="Communications of the ACM",
            volume="60",
            number="6",
            pages="84–90",
            doi="10.1145/3065386",
            date="2017-05-24",
        ),
    )
    assert entry.entry_type == "article"
    assert (f["journal"], f["volume"], f["number"], f["pages"]) == (
        "Communications of the ACM",
        "60",
        "6",
        "84--90",
    )
    assert f["doi"] == "10.1145/3065386"
    assert f["month"] == "may"
    assert "eprint" not in f


def test_conference_paper_is_inproceedings(library):
    _, entry, f = one(
        library,
        draft(
            "BERT",
            "Jacob Devlin",
            year=2019,
            venue="Proceedings of NAACL-HLT",
            pages="4171-4186",
            publisher="ACL",
        ),
    )
    assert entry.entry_type == "inproceedings"
    assert f["booktitle"] == "Proceedings of NAACL-HLT" and f["publisher"] == "ACL"


def test_a_stored_type_is_used_when_its_fields_are_there(library):
    _, entry, f = one(
        library, draft("A Thesis", "Ann Lee", year=2020, entry_type="phdthesis", venue="MIT")
    )
    assert entry.entry_type == "phdthesis" and f["school"] == "MIT"


def test_a_type_missing_required_fields_is_kept_and_doctor_names_the_field(library):
    paper, entry, _ = one(library, draft("A Book", "Ann Lee", year=2020, entry_type="book"))
    assert entry.entry_type == "book"  # not @misc: the type is what the source said
    assert missing_fields(paper) == ["publisher"]


def test_arxiv_as_venue_is_not_a_journal(library):
    _, entry, _ = one(
        library, draft("X", "Ann Lee", year=2020, venue="arXiv preprint arXiv:2001.1")
    )
    assert entry.entry_type == "misc"


def test_biblatex_profile_uses_eprinttype_date_and_journaltitle(library):
    _, entry, f = one(
        library,
        draft(
            "Über Attention",
            "Jürgen Müller",
            year=2017,
            date="2017-06-12",
            arxiv_id="1706.03762",
            primary_category="cs.CL",
            venue="Journal für Physik",
        ),
        fmt="biblatex",
    )
    assert entry.entry_type == "article"
    assert (
        f["eprint"] == "1706.03762" and f["eprinttype"] == "arxiv" and f["eprintclass"] == "cs.CL"
    )
    assert f["date"] == "2017-06-12" and "year" not in f
    assert f["journaltitle"] == "Journal für Physik"
    assert f["author"] == "Müller, Jürgen"
    assert f["title"] == r"{\"U}ber Attention".replace(r"{\"U}", "Ü")


@pytest.mark.parametrize(
    ("author", "name"),
    [
        (Author("Ashish Vaswani"), "Vaswani, Ashish"),
        (Author("Johannes van der Waals"), "van der Waals, Johannes"),
        (Author("Smith, Jr., Tom", "Smith, Jr.", "Tom"), "{Smith, Jr.}, Tom"),
        (Author("Google DeepMind", "Google DeepMind", ""), "{Google DeepMind}"),
        (Author("OpenAI"), "OpenAI"),
        (Author("Barnes and Noble", "Barnes and Noble", ""), "{Barnes and Noble}"),
        (Author("Sam And"), "{And}, Sam"),
        (Author("others"), "{others}"),
        (Author("Łukasz Kaiser"), r"Kaiser, {\L}ukasz"),
    ],
)
def test_names_are_family_comma_given_and_never_split_wrongly(author, name):
    assert bibtex_name(author, ascii_only=True) == name


def test_unusable_or_repeated_keys_never_reach_the_file():
    keys = KeyGuard()
    assert keys("smith2020") == "smith2020"
    assert keys("Smith2020") == "Smith2020a"  # BibTeX compares keys case-insensitively
    assert keys("bad key{}") == "badkey"
    assert keys("") == "entry"


def test_export_keeps_the_order_given(library):
    a = library.papers.get(library.papers.add(draft("Zeta", "Ann Lee", year=2020)).paper_id)
    b = library.papers.get(library.papers.add(draft("Alpha", "Bob Lee", year=2020)).paper_id)
    keys = [e.key for e in parse(render("bibtex", [a, b])).entries]
    assert keys == [a.citekey, b.citekey]


def test_papers_without_year_or_authors_still_make_valid_entries(library):
    paper = library.papers.get(library.papers.add(draft("Only A Title")).paper_id)
    paper = replace(paper, year=None)
    entry = parse(render("bibtex", [paper])).entries[0]
    assert set(fields(entry)) == {"title"}
