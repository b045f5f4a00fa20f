"""Reading Crossref's CSL-JSON (which is not quite CSL)."""

import json

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import doi
from tests.fakes import samples


def test_crossref_work_with_lists_subtitle_and_jats_abstract():
    work = samples.csl_work(
        "10.1126/science.169.3946.635",
        "The Structure of Ordinary Water",
        authors=[("Henry S.", "Frank")],
        year=1970,
        month=8,
        day=14,
        container=["Science"],
        abstract="The train of thought & more.",
        subtitle=["New data and interpretations are yielding new insights."],
    )
    draft = doi.parse(json.dumps(work))
    assert draft.title == (
        "The Structure of Ordinary Water: New data and interpretations are yielding new insights."
    )
    assert [(a.name, a.family, a.given) for a in draft.authors] == [
        ("Henry S. Frank", "Frank", "Henry S.")
    ]
    assert (draft.date, draft.venue, draft.entry_type) == ("1970-08-14", "Science", "article")
    assert (draft.volume, draft.number, draft.pages) == ("169", "3946", "635-641")
    assert draft.abstract == "The train of thought & more."
    assert draft.doi == "10.1126/science.169.3946.635" and draft.sources == ("doi",)
    assert draft.extra["issn"] == ["0036-8075", "1095-9203"]


def test_year_only_dates_and_literal_authors():
    work = samples.csl_work("10.1/x", "T", authors=[], year=2019, kind="proceedings-article")
    work["author"] = [{"literal": "The ATLAS Collaboration"}]
    draft = doi.parse(json.dumps(work))
    assert (draft.date, draft.entry_type) == ("2019", "inproceedings")
    assert [a.name for a in draft.authors] == ["The ATLAS Collaboration"]


@pytest.mark.parametrize("body", ['{"title": "cut', '["a list"]'])
def test_malformed_metadata_is_refused(body):
    with pytest.raises(ImportFailed, match="10.1/x"):
        doi.parse(body, "10.1/x")
