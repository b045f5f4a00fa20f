"""Every export parses, and says what the library says (title, authors, year, ids)."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from bibcheck import braces_balance, decode, fields, live_commands, parse, same_text

from readinglist.core.names import split_name


def split_authors(value: str) -> list[str]:
    """BibTeX's own rule: " and " at brace depth 0 separates names."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and value[i : i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    return names


def split_name_field(name: str) -> tuple[str, str]:
    depth = 0
    for i, ch in enumerate(name):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            return name[:i], name[i + 1 :].strip()
    return name, ""


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_every_entry_parses_and_matches_the_library(tricky, fmt):
    service, papers = tricky
    ascii_only = fmt == "bibtex"
    text = service.exports.text(fmt, abstracts=True)
    if ascii_only:
        assert text.isascii()
    assert braces_balance(text)
    library = parse(text)
    entries = {e.key: fields(e) for e in library.entries}
    assert sorted(entries) == sorted(p.citekey for p in papers)
    for paper in papers:
        f = entries[paper.citekey]
        assert not live_commands(f["title"]), (paper.title, f["title"])
        assert not live_commands(f.get("abstract", "")), f.get("abstract")
        assert same_text(f["title"], paper.title, ascii_only=ascii_only), (paper.title, f["title"])
        if paper.abstract:
            assert same_text(f["abstract"], paper.abstract, ascii_only=ascii_only)
        names = split_authors(f["author"])
        assert len(names) == len(paper.authors), f["author"]
        for author, name in zip(paper.authors, names, strict=True):
            family, given = (
                (author.family, author.given) if author.family else split_name(author.name)
            )
            got_family, got_given = split_name_field(name)
            if not given:
                family, given = " ".join(family.split()), ""
            assert same_text(got_family, family, ascii_only=ascii_only), (author, name)
            assert same_text(got_given, given, ascii_only=ascii_only), (author, name)
        if ascii_only:
            assert f["year"] == str(paper.year)
        else:
            assert f["date"].startswith(str(paper.year))
        assert f.get("eprint", "") == paper.arxiv_id
        assert unquote(f.get("doi", "")) == paper.doi


def test_csl_json_matches_the_library(tricky):
    service, papers = tricky
    items = {i["id"]: i for i in json.loads(service.exports.text("csl-json"))}
    assert sorted(items) == sorted(p.citekey for p in papers)
    for paper in papers:
        item = items[paper.citekey]
        assert item["title"] == paper.title
        assert item["issued"]["date-parts"][0][0] == paper.year
        assert len(item["author"]) == len(paper.authors)
        for author, name in zip(paper.authors, item["author"], strict=True):
            assert name.get("literal") == author.name or name["family"] == author.family_name
        if paper.doi:
            assert item["DOI"] == paper.doi
        if paper.arxiv_id:
            assert item["URL"] == f"https://arxiv.org/abs/{paper.arxiv_id}"


def test_injection_attempts_come_out_as_visible_text(tricky):
    service, papers = tricky
    [evil] = [p for p in papers if p.title.startswith("Injection")]
    entry = parse(service.exports.text("bibtex", [evil.id])).entries[0]
    title = fields(entry)["title"]
    assert "\\input" not in title and "\\write18" not in title and "\\catcode" not in title
    assert decode(title) == evil.title
