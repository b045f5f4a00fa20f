"""Adding by identifier and importing pasted text, against a local arXiv and doi.org."""

import random
from dataclasses import replace

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.models import Author, PaperDraft, ReadStatus
from tests.fakes import samples


@pytest.fixture
def papers(fake):
    fake.add_arxiv(
        "2509.12345",
        "Scaling Laws for Sparse Mixtures",
        version=2,
        authors=["Ada Lovelace", "Alan Turing"],
        summary="We study sparse mixtures.",
        categories=["cs.LG", "cs.CL"],
        published="2025-09-20T10:00:00Z",
    )
    fake.add_arxiv(
        "2501.00001",
        "A Hugging Face Favourite",
        authors=["Grace Hopper"],
        summary="Popular.",
        categories=["cs.CV"],
        published="2025-01-01T10:00:00Z",
    )
    fake.add_arxiv(
        "hep-th/9901001",
        "Old Style Strings",
        authors=["Edward Witten"],
        summary="Strings.",
        categories=["hep-th"],
        published="1999-01-04T10:00:00Z",
    )
    fake.add_arxiv(
        "2202.01037",
        "Has An arXiv DOI",
        authors=["Wentao Guo"],
        summary="Perm.",
        categories=["cs.LG"],
        published="2022-02-02T10:00:00Z",
    )
    fake.add_doi(
        "10.1126/science.169.3946.635",
        samples.csl_work(
            "10.1126/science.169.3946.635",
            "The Structure of Ordinary Water",
            authors=[("Henry S.", "Frank")],
            year=1970,
            month=8,
            day=14,
        ),
    )
    return fake


def draft_with_title(title):
    return PaperDraft(title=title, abstract="Pasted.", sources=("paste",))


ALL_SPELLINGS = [
    "2509.12345v2",
    "arXiv:2509.12345",
    "https://arxiv.org/abs/2509.12345v1",
    "https://arxiv.org/pdf/2509.12345v2.pdf",
    "https://huggingface.co/papers/2501.00001",
    "hep-th/9901001",
    "10.48550/arXiv.2202.01037",
    "https://doi.org/10.1126/science.169.3946.635",
    "doi:10.1126/SCIENCE.169.3946.635",
]


def test_every_spelling_resolves_and_is_asked_once(online, papers):
    report = online.imports.identifiers(ALL_SPELLINGS, tags=["to-read"])
    assert len(report.added) == 5 and report.skipped == []
    [query] = papers.requests_to("/api/query")
    assert query.query["id_list"] == ["2509.12345,2501.00001,hep-th/9901001,2202.01037"]
    assert len(papers.requests_to("/10.")) == 1 and len(papers.requests_to("/transform/")) == 1
    assert (
        papers.requests_to("/10.")[0]
        .headers["accept"]
        .startswith("application/vnd.citationstyles.csl+json")
    )
    scaling = online.papers.get(online.papers.find("2509.12345"))
    assert (scaling.title, scaling.arxiv_version, scaling.year) == (
        "Scaling Laws for Sparse Mixtures",
        2,
        2025,
    )
    assert scaling.primary_category == "cs.LG" and scaling.sources == ("arxiv",)
    assert scaling.status is ReadStatus.INBOX and scaling.tags == ("to-read",)
    water = online.papers.get(online.papers.find("10.1126/science.169.3946.635"))
    assert (water.title, water.venue, water.sources) == (
        "The Structure of Ordinary Water",
        "Science",
        ("doi",),
    )
    assert online.papers.get(online.papers.find("2202.01037")).title == "Has An arXiv DOI"


def test_unknown_and_rejected_ids_are_skipped_with_a_reason(online, papers):
    report = online.imports.identifiers(
        ["2509.12345", "2509.99999", "1234.1234", "10.1126/foo", "hello"]
    )
    assert [online.papers.get(i).arxiv_id for i in report.added] == ["2509.12345"]
    assert report.skipped == [
        "hello: not an arXiv id, DOI or paper URL",
        "2509.99999: arXiv has no paper with this id",
        "1234.1234: arXiv refused it: incorrect id format for 1234.1234",
        "10.1126/foo: doi.org does not know the DOI 10.1126/foo",
    ]


def test_a_network_failure_writes_nothing(online, papers):
    papers.plan("/api/query", status=503, body="busy", times=10)
    with pytest.raises(ImportFailed, match="arXiv has a server problem"):
        online.imports.identifiers(["10.1126/science.169.3946.635", "2509.12345"])
    assert online.papers.count() == 0


def test_adding_again_refreshes_metadata_and_keeps_user_data(online, papers):
    pid = online.imports.identifiers(["2509.12345"]).added[0]
    online.papers.set_status([pid], "reading")
    online.papers.set_citekey(pid, "mine2025")
    papers.add_arxiv(
        "2509.12345",
        "Scaling Laws for Sparse Mixtures, Revised",
        version=3,
        authors=["Ada Lovelace"],
        summary="Revised.",
        categories=["cs.LG"],
    )
    report = online.imports.identifiers(["2509.12345"])
    assert report.updated == [pid]
    paper = online.papers.get(pid)
    assert (paper.title, paper.arxiv_version) == ("Scaling Laws for Sparse Mixtures, Revised", 3)
    assert (paper.status, paper.citekey) == (ReadStatus.READING, "mine2025")


def test_paste_mixing_ids_bibtex_and_a_daily_list(online, papers):
    rng = random.Random(9)
    abstract = samples.abstract_for(rng, 1)
    text = (
        "Worth a look: https://arxiv.org/abs/2501.00001 and doi:10.1126/science.169.3946.635\n\n"
        "@article{knuth1984, title={Literate Programming}, author={Knuth, Donald E.}, "
        "journal={The Computer Journal}, year={1984}}\n\n"
        "Subscribe\n\nA Pasted Paper Without Any Id\n\n" + abstract + "\n\n"
        "Scaling Laws for Sparse Mixtures\n\n"
        + samples.abstract_for(rng, 2)
        + "\n\narXiv:2509.12345\n"
    )
    report = online.imports.text(text)
    titles = sorted(online.papers.get(i).title for i in report.added)
    assert titles == sorted(
        [
            "A Hugging Face Favourite",
            "The Structure of Ordinary Water",
            "Literate Programming",
            "A Pasted Paper Without Any Id",
            "Scaling Laws for Sparse Mixtures",
        ]
    )
    pasted = online.papers.get(online.search('title:"pasted paper"').ids[0])
    assert pasted.abstract == abstract and pasted.sources == ("paste",) and pasted.arxiv_id == ""
    assert online.papers.get(online.papers.find("2509.12345")).authors[0].name == "Ada Lovelace"  # looked up
    assert online.papers.get(online.papers.find("knuth1984")).sources == ("bibtex",)
    again = online.imports.text(text)
    assert again.added == [] and online.papers.count() == 5


def test_fifty_pasted_pairs_import_offline(library):
    from tests.unit.core.importers.test_paste_parse import daily_page

    text, pairs = daily_page(50)
    report = library.imports.text(text)
    assert len(report.added) == 50
    got = [(p.title, p.abstract) for p in library.papers.get_many(report.added)]
    assert sorted(got) == sorted(pairs)


def test_nothing_recognisable(library):
    with pytest.raises(ImportFailed, match="nothing to import"):
        library.imports.text("Subscribe\n\nTuesday, September 23, 2025\n")
    with pytest.raises(ImportFailed, match="not a Reading List export"):
        library.imports.text('{"items": []}')


def test_resolve_finds_pasted_titles_on_arxiv_and_keeps_user_data(online, papers):
    abstract = samples.abstract_for(random.Random(4), 4)
    text = (
        f"Scaling Laws for Sparse Mixtures\n\n{abstract}\n\n"
        f"A Paper arXiv Never Heard Of\n\n{samples.abstract_for(random.Random(5), 5)}\n"
    )
    report = online.imports.text(text)
    found, unknown = report.added
    online.papers.set_status([found], "reading")
    online.tags.add([found], ["kept"])
    resolved = online.imports.resolve_titles()
    assert resolved.updated == [found]
    assert resolved.skipped == ["A Paper arXiv Never Heard Of: arXiv has no paper with this title"]
    query = papers.requests_to("/api/query")[0].query["search_query"]
    assert query == ['ti:"Scaling Laws for Sparse Mixtures"']
    paper = online.papers.get(found)
    assert (paper.arxiv_id, paper.arxiv_version) == ("2509.12345", 2)
    assert [a.name for a in paper.authors] == ["Ada Lovelace", "Alan Turing"]
    assert paper.sources == ("paste", "arxiv")
    assert (paper.status, paper.tags) == (ReadStatus.READING, ("kept",))
    assert online.papers.get(unknown).arxiv_id == ""


def test_resolve_does_not_take_a_near_miss_or_a_paper_already_in_the_library(online, papers):
    # (a bare pasted title is merged with the arXiv paper on import, see
    # test_duplicates.py; one with an author stays a twin that resolve must not take)
    twin = online.papers.add(replace(draft_with_title("Scaling Laws for Sparse Mixtures"),
                              authors=(Author("Ada Lovelace"),))).paper_id
    online.imports.identifiers(["2509.12345"])
    near = online.papers.add(draft_with_title("Scaling Laws for Sparse Mixtures Revisited")).paper_id
    resolved = online.imports.resolve_titles([twin, near])
    assert resolved.updated == []
    arxiv_paper = online.papers.get(online.papers.find("2509.12345"))
    assert sorted(resolved.skipped) == [
        "Scaling Laws for Sparse Mixtures Revisited: arXiv has no paper with this title",
        f"Scaling Laws for Sparse Mixtures: already in the library as {arxiv_paper.citekey}",
    ]
