"""Properties over arbitrary Unicode: the output parses, braces balance, keys are ASCII and unique."""

from __future__ import annotations

from bibcheck import braces_balance, live_commands, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core import citekeys
from readinglist.core.exporters import render
from readinglist.core.exporters.tex_text import to_tex
from readinglist.core.models import Author, Paper, PaperId, ReadStatus

# Any text, weighted towards the characters that break BibTeX and LaTeX.
hostile = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\\{}$&%#_~^<>|@,=\"' \n\tABCxyz0123")),
        st.sampled_from([" and ", "\\input{x}", "$x^2$", "$\\frac{a}{b}$", '\\"o', "others"]),
    ),
    max_size=25,
).map("".join)
names = st.builds(
    Author,
    name=hostile,
    family=st.one_of(st.just(""), hostile),
    given=st.one_of(st.just(""), hostile),
)


def paper(i: int, title: str, authors: list[Author], abstract: str, venue: str) -> Paper:
    base = citekeys.base_citekey(authors, title, 2020)
    return Paper(
        id=PaperId(i),
        citekey=base,
        title=title,
        authors=tuple(authors),
        abstract=abstract,
        year=2020,
        date="",
        arxiv_id="",
        arxiv_version=None,
        doi="",
        venue=venue,
        entry_type="",
        volume="",
        number="",
        pages="",
        publisher="",
        url="",
        pdf_url="",
        code_url="",
        project_url="",
        primary_category="",
        categories=(),
        sources=(),
        extra={},
        added="",
        modified="",
        status=ReadStatus.INBOX,
        rating=0,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(hostile, st.lists(names, max_size=4), hostile, hostile), min_size=1, max_size=6
    )
)
def test_any_titles_and_names_give_a_file_that_parses(rows):
    papers = [paper(i, *row) for i, row in enumerate(rows, 1)]
    for fmt in ("bibtex", "biblatex"):
        text = render(fmt, papers)
        assert braces_balance(text)
        if fmt == "bibtex":
            assert text.isascii()
        library = parse(text)
        keys = [e.key for e in library.entries]
        assert len(keys) == len(papers)
        assert all(k.isascii() and citekeys.is_valid_citekey(k) for k in keys)
        assert len({k.lower() for k in keys}) == len(keys)


@settings(max_examples=400, deadline=None)
@given(hostile, st.booleans(), st.booleans())
def test_any_text_becomes_balanced_inert_field_text(text, ascii_only, protect):
    out = to_tex(text, ascii_only=ascii_only, protect_case=protect)
    assert braces_balance(out)
    assert not live_commands(out)
    assert "\n" not in out and "%" not in out.replace("\\%", "")
    if ascii_only:
        assert out.isascii()


@settings(max_examples=300, deadline=None)
@given(st.lists(names, max_size=3), hostile, st.integers(min_value=1000, max_value=2100))
def test_generated_keys_are_ascii_and_usable(authors, title, year):
    key = citekeys.base_citekey(authors, title, year)
    assert key.isascii() and "\ufffd" not in key
    assert citekeys.is_valid_citekey(key)


def test_control_characters_next_to_latex_accents_keep_braces_balanced():
    # Found by hypothesis: "\x02" is also the exporter's internal brace marker.
    from readinglist.core.exporters.tex_text import to_tex

    for protect in (False, True):
        out = to_tex('\x02\\"o and \x01x', ascii_only=True, protect_case=protect)
        assert out.count("{") == out.count("}")
        assert "\x01" not in out and "\x02" not in out
