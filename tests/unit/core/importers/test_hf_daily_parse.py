"""Parsing Hugging Face Daily Papers items: the real shape and its quirks."""

import json

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import hf_daily
from tests.fakes import samples


def item(**kwargs):
    defaults = dict(
        authors=["Marco Garosi", "Elisa Ricci"],
        summary="Which model?\nThis one.",
        upvotes=10,
        num_comments=1,
    )
    return samples.hf_item(
        "2602.23229",
        "Large Multimodal Models as General In-Context Classifiers",
        **{**defaults, **kwargs},
    )


def test_reads_the_nested_shape_and_optional_keys_inside_paper():
    raw = item(
        github="https://github.com/marco-garosi/CIRCLE",
        project="https://circle-lmm.github.io/",
        organization="MHUGLab",
    )
    [parsed] = hf_daily.parse(json.dumps([raw]))
    assert parsed.arxiv_id == "2602.23229"
    assert parsed.title == "Large Multimodal Models as General In-Context Classifiers"
    assert parsed.authors == ("Marco Garosi", "Elisa Ricci")
    assert parsed.abstract == "Which model? This one."  # the hard line break is gone
    assert (parsed.upvotes, parsed.num_comments) == (10, 1)  # upvotes in paper, comments outside
    assert parsed.date == "2025-09-22"  # from paper.publishedAt, ...Z
    assert parsed.extra["github_repo"] == "https://github.com/marco-garosi/CIRCLE"
    assert parsed.extra["project_page"] == "https://circle-lmm.github.io/"
    assert parsed.extra["ai_keywords"] == ["Large Multimodal Models", "in-context learning"]
    assert parsed.extra["organization"] == "MHUGLab Lab"
    assert parsed.extra["submitted_by"] == "akhaliq"


def test_absent_optional_keys_and_name_instead_of_user():
    raw = item(ai=False, with_user_key=False)
    [parsed] = hf_daily.parse(json.dumps([raw]))
    assert "ai_summary" not in parsed.extra and "github_repo" not in parsed.extra
    assert parsed.extra["submitted_by"] == "akhaliq"  # read from "name"


def test_items_without_paper_or_arxiv_id_are_left_out():
    good = item()
    no_paper = {k: v for k, v in item().items() if k != "paper"}
    odd = item()
    odd["paper"]["id"] = "not-an-arxiv-id"
    assert [i.arxiv_id for i in hf_daily.parse(json.dumps([no_paper, odd, good]))] == ["2602.23229"]


def test_a_title_of_0_is_a_title():
    raw = item()
    raw["title"] = raw["paper"]["title"] = "0"
    assert hf_daily.parse(json.dumps([raw]))[0].title == "0"


def test_owner_slash_repo_becomes_a_github_url():
    raw = item()
    raw["paper"]["githubRepo"] = "thu-ml/Causal-Forcing"
    assert (
        hf_daily.parse(json.dumps([raw]))[0].extra["github_repo"]
        == "https://github.com/thu-ml/Causal-Forcing"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[{"paper": {"id": "2602.2', "not valid JSON"),
        ('{"error": "nope"}', "a list of papers was expected"),
        ('["a string"]', "item 1 is not an object"),
        ('[{"paper": {"id": "2602.23229", "title": 5}}]', "has no title"),
        ('[{"paper": {"id": "2602.23229", "title": "T", "authors": "A"}}]', "malformed authors"),
    ],
)
def test_malformed_answers_are_refused_with_a_clear_message(body, message):
    with pytest.raises(ImportFailed, match=message):
        hf_daily.parse(body)
