"""One minimal .bib text per kind of real-world file that used to lose entries."""

from __future__ import annotations

import pytest

from readinglist.core.importers.bib_read import read_bib


def one(text: str):
    found = read_bib(text)
    assert not found.problems, found.problems
    assert len(found.drafts) == 1
    return found.drafts[0]


def test_capitalised_field_names_keep_authors_editors_and_month():
    draft = one("@article{k1, Author={Jane Doe}, TITLE={T}, Journal={J}, Year={2020}, Month = dec}")
    assert [a.name for a in draft.authors] == ["Jane Doe"]
    assert (draft.venue, draft.date) == ("J", "2020-12")


@pytest.mark.parametrize(
    ("month", "date"),
    [("dec", "2020-12"), ("{December}", "2020-12"), ("{Sept.}", "2020-09"), ("{02}", "2020-02"),
     ('jan # "~15"', "2020-01"), ("OCT", "2020-10")],
)
def test_months_in_their_usual_spellings(month, date):
    assert one(f"@article{{k, title={{T}}, year=2020, month={month}}}").date == date


def test_parenthesised_entries_and_string_macros_joined_with_hash():
    draft = one('@string(j = "Journal")\n@article(k, title = "T", journal = j # " of X")')
    assert (draft.citekey, draft.venue) == ("k", "Journal of X")


def test_biblatex_extended_names_and_trailing_and_or_comma():
    draft = one(
        "@article{k, title={T}, author = {Roorda, Dirk and "
        "family=Heuvel, given=Charles, prefix=van den, useprefix=false and Doe, Jane,}}"
    )
    assert [(a.family, a.given) for a in draft.authors] == [
        ("Roorda", "Dirk"), ("van den Heuvel", "Charles"), ("Doe", "Jane")]
    assert [a.name for a in one("@article{k, title={T}, author={A. Smith and B. Jones and}}").authors] == [
        "A. Smith", "B. Jones"]


def test_empty_and_missing_keys_are_entries_without_a_key():
    found = read_bib("@Book{,\n  title = {A},\n}\n\n@article{\n  author = {X},\n  title = {C},\n}\n")
    assert [(d.citekey, d.title) for d in found.drafts] == [("", "A"), ("", "C")]
    assert [(o.keyless, o.line) for o in found.origins] == [(True, 1), (True, 5)]


def test_mendeley_types_with_underscores_are_bibtex():
    from readinglist.core.importers.bibtex_file import looks_bibtex

    text = "@book_section{m1, title={B}, booktitle={Book}}\n@web_page{m2, title={W}, url={https://x.org}}\n"
    assert looks_bibtex(text)
    assert [d.entry_type for d in read_bib(text).drafts] == ["book_section", "web_page"]


def test_an_unreadable_entry_is_named_and_the_others_come_in():
    found = read_bib(
        "@article{a, title={A}}\n@article{b title={B}}\n@article{c, title={C}}\n"
    )
    assert [d.citekey for d in found.drafts] == ["a", "c"]
    (problem,) = found.problems
    assert (problem.key, problem.line) == ("b", 2)
    assert "Exception" not in problem.reason and "Block" not in problem.reason


def test_a_missing_closing_brace_ends_at_the_next_entry_as_in_bibtex():
    found = read_bib("@article{a, title={A},\n\n@article{b, title={B}}\n")
    assert [d.title for d in found.drafts] == ["A", "B"]
    assert any("closing brace is missing" in n for n in found.notices)


def test_escaped_brace_counts_as_a_brace_like_bibtex():
    found = read_bib("@misc{a, title={A}, note={x \\} y}, year=2000}\n@misc{b, title={B}}\n")
    assert "b" in [d.citekey for d in found.drafts]


def test_set_and_xdata_are_reported_and_their_members_come_in():
    found = read_bib(
        "@set{s, entryset={a,b}}\n"
        "@xdata{pubdata, publisher={P}, location={L}}\n"
        "@book{a, title={A}, xdata={pubdata}}\n@book{b, title={B}}\n"
    )
    assert [d.citekey for d in found.drafts] == ["a", "b"]
    assert found.drafts[0].publisher == "P" and found.drafts[0].extra["location"] == "L"
    assert [p.key for p in found.problems] == ["s", "pubdata"]


def test_crossref_children_inherit_booktitle_editor_and_publisher():
    found = read_bib(
        "@inproceedings{c, title={Paper}, crossref={p}, pages={1--2}}\n"
        "@proceedings{p, title={Proc. of X}, editor={Bass, Len}, publisher={IEEE}, year=2015,"
        " doi={10.1109/proc}}\n"
    )
    child, parent = found.drafts
    assert (child.venue, child.publisher, child.year) == ("Proc. of X", "IEEE", 2015)
    assert child.extra["editor"] == "Bass, Len" and child.doi == ""  # the DOI is the parent's
    assert parent.extra.get("_names") == "editor" and parent.doi == "10.1109/proc"


def test_comments_and_jabref_groups_are_not_entries():
    found = read_bib(
        "% a comment with ada@example.org\n@comment{jabref-meta: databaseType:bibtex;}\n"
        "@Comment{jabref-meta: grouping:\n0 AllEntriesGroup:;\n1 StaticGroup:ml\\;0\\;1\\;;\n}\n"
        "@article{a, title={A}}\n"
    )
    assert [d.citekey for d in found.drafts] == ["a"] and not found.problems


def test_identifiers_in_their_usual_spellings():
    acm = one("@article{a, title={A}, doi={http://doi.acm.org/10.1145/123.456}}")
    assert acm.doi == "10.1145/123.456"
    url_only = one("@article{a, title={A}, url={https://dx.doi.org/10.1109/X.2015.29}}")
    assert url_only.doi == "10.1109/X.2015.29"
    jstor = one("@article{a, title={A}, eprinttype={jstor}, eprint={2289064}}")
    assert jstor.url == "https://www.jstor.org/stable/2289064" and jstor.extra["eprint"] == "2289064"
    arxiv = one("@article{a, title={A}, eprint={2106.01234}, archivePrefix={arXiv}, primaryClass={cs.LG}}")
    assert (arxiv.arxiv_id, arxiv.primary_category) == ("2106.01234", "cs.LG")
    assert one("@article{a, title={A}, doi={doi:10.1000/xyz}}").doi == "10.1000/xyz"


def test_title_words_the_source_protected_are_remembered():
    draft = one("@article{a, title={{The Precolumbian Andes} and {DNA} of {\\\"O}land}}")
    assert draft.title == "The Precolumbian Andes and DNA of Öland"
    assert draft.extra["_protected"].split() == ["The", "Precolumbian", "Andes", "DNA"]


def test_files_with_a_bom_crlf_stray_braces_or_parentheses_in_titles_are_bibtex():
    from readinglist.core.importers.bibtex_file import looks_bibtex

    texts = [
        "\ufeff@ARTICLE {k1,\r\n  Title = {T1},\r\n  YEAR = 2001\r\n}\r\n",
        "@article{a, title={A}}}}\n@article{b, title={B}}\n",
        '@article(p, title = "A (B) C", year=2000)\n@article(q, title = {D})\n',
    ]
    for text in texts:
        assert looks_bibtex(text), text
        found = read_bib(text)
        assert found.drafts and not found.problems
    assert read_bib(texts[2]).drafts[0].title == "A (B) C"


def test_crossref_cycles_and_bibdesk_group_comments_do_not_stop_the_file():
    found = read_bib(
        "@book{a, crossref={b}, title={A}}\n@book{b, crossref={a}, title={B}}\n"
        '@comment{BibDesk Static Groups{\n<plist><string>G @ x</string></plist>\n}}\n'
    )
    assert [d.title for d in found.drafts] == ["A", "B"] and not found.problems
