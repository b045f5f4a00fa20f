"""Citation keys are made once and then pinned, whatever happens to the metadata."""

from __future__ import annotations

from dataclasses import replace

from bibcheck import draft

from readinglist.core.exporters.native_json import dumps
from readinglist.core.models import Author


def keys_of(service):
    return {p.id: p.citekey for p in service.papers.get_many(service.papers.list_ids())}


def test_keys_survive_reimporting_every_paper_with_changed_metadata(tricky):
    service, papers = tricky
    before = keys_of(service)
    identified = [p for p in papers if p.arxiv_id or p.doi]
    changed = [
        draft(
            f"Completely New Title {i}",
            Author("Zed Newauthor"),
            year=1999,
            arxiv_id=p.arxiv_id,
            doi=p.doi,
            arxiv_version=9 if p.arxiv_id else None,
            venue="A New Journal",
            abstract="new abstract",
        )
        for i, p in enumerate(identified)
    ]
    report = service.papers.add_many(changed)
    assert sorted(report.updated) == sorted(p.id for p in identified)  # really re-imported
    refreshed = service.papers.get_many([p.id for p in identified])
    assert all(p.title.startswith("Completely New Title") for p in refreshed)
    assert keys_of(service) == before


def test_keys_survive_a_new_arxiv_version(library):
    first = library.papers.add(
        draft("Attention Is All You Need", "Ashish Vaswani", year=2017, arxiv_id="1706.03762v1")
    )
    key = library.papers.get(first.paper_id).citekey
    library.papers.add(
        draft(
            "Attention Is All You Need (revised)",
            "Ashish Vaswani",
            "Noam Shazeer",
            year=2023,
            arxiv_id="1706.03762v7",
        )
    )
    paper = library.papers.get(first.paper_id)
    assert paper.arxiv_version == 7 and paper.year == 2023
    assert paper.citekey == key == "vaswaniAttentionAllYou2017"


def test_keys_survive_edits_and_a_json_round_trip(tricky, tmp_path):
    service, papers = tricky
    before = keys_of(service)
    for p in papers[:4]:
        service.papers.update_metadata(
            p.id, title="Edited " + p.title, year=1990, authors=[Author("Someone Else")]
        )
    text = dumps(service.exports.native())
    report = service.imports.text(text)
    assert not report.added and not report.key_clashes
    assert keys_of(service) == before


def test_a_paper_like_an_existing_one_gets_a_suffix_and_the_first_keeps_its_key(library):
    a = library.papers.add(draft("Deep Learning", "Yann LeCun", year=2015, doi="10.1038/nature14539"))
    b = library.papers.add(draft("Deep Learning", "Yann LeCun", year=2015, arxiv_id="1501.00001"))
    c = library.papers.add(draft("Deep learning", "Yann Lecun", year=2015, arxiv_id="1501.00002"))
    keys = [library.papers.get(r.paper_id).citekey for r in (a, b, c)]
    assert keys == ["lecunDeepLearning2015", "lecunDeepLearning2015a", "lecunDeepLearning2015b"]


def test_user_set_keys_are_pinned_too(library):
    pid = library.papers.add(
        draft("Attention", "Ashish Vaswani", year=2017, arxiv_id="1706.03762")
    ).paper_id
    library.papers.set_citekey(pid, "attention")
    library.papers.add(replace(draft("Attention v2", "A B", year=2020, arxiv_id="1706.03762v2")))
    assert library.papers.get(pid).citekey == "attention"
