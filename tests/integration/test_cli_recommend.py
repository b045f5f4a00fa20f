"""``daily --sort for-you`` and ``similar`` from the command line, against a local server."""

from __future__ import annotations

from datetime import date

from readinglist.core.library import LibraryService
from tests.fakes import topics

DAY = date(2026, 11, 24)


def test_daily_for_you_and_similar(cli, fake):
    with LibraryService(cli.library) as service:
        for draft, tags in topics.library_papers({"rl": 22}, tags={"rl": "rl"}):
            service.papers.add(draft, tags=tags)
    items, topic_of = topics.day_items(DAY, {"rl": 3, "speech": 5, "graphs": 5})
    fake.add_hf_day(DAY, items)
    data = cli.json("daily", "--date", DAY.isoformat(), "--source", "hf", "--json")
    assert data["sort"] == "for-you"  # the default with 22 papers
    assert [topic_of[i["arxiv_id"]] for i in data["items"][:3]] == ["rl"] * 3
    why = data["items"][0]["why"]
    assert why["tag"] == "rl" and why["like"] and why["text"].startswith("rl · ")
    by_votes = cli.json("daily", "--date", DAY.isoformat(), "--offline", "--sort", "upvotes",
                        "--json")["items"]
    votes = [i["upvotes"] for i in by_votes]
    assert votes == sorted(votes, reverse=True)
    text = cli("daily", "--date", DAY.isoformat(), "--offline").stdout
    assert "why: rl · " in text
    first = data["items"][0]["arxiv_id"]
    out = cli("similar", first).stdout.splitlines()
    assert out and "library" in out[0]
    near = cli.json("similar", first, "--json", "--limit", "3")
    assert len(near) == 3 and all(n["arxiv_id"] != first for n in near)
    missing = cli("similar", "2611.99999", check=False)
    assert missing.returncode == 1 and "no paper" in missing.stderr
