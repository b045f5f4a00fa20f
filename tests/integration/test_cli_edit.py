"""``readinglist edit``: a user's fixes, kept through later imports of the same paper."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_edits_are_kept_when_the_paper_is_imported_again(cli, fake, monkeypatch):
    monkeypatch.setenv("READINGLIST_ARXIV_INTERVAL", "0")
    fake.add_arxiv("2509.12345", "scaling laws for things", authors=["A. Lovelace"],
                   summary="First abstract.")
    cli("add", "2509.12345")
    key = cli.json("show", "2509.12345", "--json")["citekey"]
    done = cli("edit", key, "--title", "Scaling Laws for Things", "--authors",
               "Ada Lovelace; Charles Babbage", "--year", "2024", "--venue", "NeurIPS",
               "--field", "pages=1-10", "--json")
    paper = cli.json("show", key, "--json")
    assert paper["title"] == "Scaling Laws for Things"
    assert [a["name"] if isinstance(a, dict) else a for a in paper["authors"]] == [
        "Ada Lovelace", "Charles Babbage"]
    assert paper["year"] == 2024 and paper["venue"] == "NeurIPS" and paper["pages"] == "1-10"
    assert done.returncode == 0

    # arXiv now says something else: the new abstract comes in, the user's fields stay
    fake.add_arxiv("2509.12345", "scaling laws for things", authors=["A. Lovelace"],
                   summary="Second abstract.")
    cli("add", "2509.12345")
    again = cli.json("show", key, "--json")
    assert again["title"] == "Scaling Laws for Things"
    assert again["year"] == 2024 and again["venue"] == "NeurIPS"
    assert [a["name"] if isinstance(a, dict) else a for a in again["authors"]] == [
        "Ada Lovelace", "Charles Babbage"]
    assert again["abstract"] == "Second abstract."


def test_bad_edits_change_nothing_and_say_why(cli, fake, monkeypatch):
    monkeypatch.setenv("READINGLIST_ARXIV_INTERVAL", "0")
    fake.add_arxiv("2509.12345", "A Title", authors=["A B"], summary="S.")
    cli("add", "2509.12345")
    before = cli.json("show", "2509.12345", "--json")
    for args, message in (
        (("--doi", "nonsense"), "is not a DOI"),
        (("--year", "twenty"), "the year must be a number"),
        (("--field", "colour=red"), "is not a field you can edit"),
        (("--field", "pages"), "--field takes NAME=VALUE"),
        (("--title", "  "), "a paper needs a title"),
        ((), "nothing to change"),
    ):
        result = cli("edit", "2509.12345", *args, check=False)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
    assert cli.json("show", "2509.12345", "--json") == before
