"""The import commands as a user runs them, against a local stand-in for the services."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.fakes import samples

pytestmark = pytest.mark.integration

DAY = date(2025, 9, 23)
DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def served(fake, monkeypatch):
    monkeypatch.setenv("READINGLIST_ARXIV_INTERVAL", "0")
    fake.add_hf_day(DAY, samples.hf_day(DAY, 30, seed=2))
    fake.rss_date = "Tue, 23 Sep 2025 00:00:00 -0400"
    fake.add_rss(
        "cs.CL",
        "2509.77777",
        "An arXiv Only Paper",
        authors=["A B"],
        abstract="Abs.",
        categories=["cs.CL"],
    )
    return fake


def test_daily_add_all_twice_adds_once_and_keeps_user_edits(cli, served):
    first = cli("daily", "--date", DAY.isoformat(), "--add", "all", "--tag", "daily")
    assert "Added: 31 added, 0 updated." in first.stdout
    papers = cli.json("list", "--json")
    assert papers["total"] == 31
    assert {p["status"] for p in papers["papers"]} == {"queued"}
    top = samples.hf_day(DAY, 30, seed=2)[0]
    key = next(p["citekey"] for p in papers["papers"] if p["arxiv_id"] == top["paper"]["id"])
    cli("status", key, "read")
    cli("tag", key, "favourite")
    cli("note", key, "keep this")
    cli("key", key, "topPaper2025")

    second = cli("daily", "--date", DAY.isoformat(), "--add", "all")
    assert "Added: 0 added, 0 updated, 31 already in the library." in second.stdout
    assert cli.json("list", "--json")["total"] == 31
    paper = cli.json("show", "topPaper2025", "--json")
    assert paper["status"] == "read" and sorted(paper["tags"]) == ["daily", "favourite"]
    assert [n["body"] for n in paper["notes"]] == ["keep this"]
    assert paper["extra"]["hf_upvotes"] == top["paper"]["upvotes"]
    # the second run used the cache: the services were asked once
    assert len(served.requests_to("/rss/")) == 1


def test_daily_prints_upvotes_and_library_marks(cli, served):
    top = samples.hf_day(DAY, 30, seed=2)[0]["paper"]
    out = cli("daily", "--date", DAY.isoformat()).stdout
    assert out.splitlines()[0] == "2025-09-23: 31 papers (Hugging Face 30, arXiv 1)"
    assert out.splitlines()[1].split()[:2] == [str(top["upvotes"]), top["id"]]
    served.add_arxiv(top["id"], top["title"], authors=["X Y"], summary="S.")
    cli("add", f"https://huggingface.co/papers/{top['id']}")
    out = cli("daily", "--date", DAY.isoformat(), "--offline").stdout
    assert out.splitlines()[1].split()[:3] == [str(top["upvotes"]), "*", top["id"]]
    assert "An arXiv Only Paper" in out


def test_daily_json_and_failures(cli, served):
    data = json.loads(cli("daily", "--date", DAY.isoformat(), "--source", "hf", "--json").stdout)
    assert len(data["items"]) == 30 and set(data["fetched"]) == {"hf"}
    future = cli("daily", "--date", "2999-01-01", check=False)
    assert future.returncode == 1 and "in the future" in future.stderr
    served.plan("/api/daily_papers", status=200, body="[{", times=5)
    broken = cli("daily", "--date", "2025-09-22", check=False)
    assert broken.returncode == 1
    assert broken.stderr.strip() == (
        "readinglist: Hugging Face sent a list that is not valid JSON "
        "(it may have been cut off); try again"
    )


def test_add_reports_what_it_could_not_find(cli, served):
    served.add_arxiv("2509.12345", "Scaling Laws", authors=["Ada Lovelace"], summary="S.")
    done = cli("add", "arXiv:2509.12345v1", "2509.99999", "nonsense", check=False)
    assert done.returncode == 0
    assert "Added: 1 added, 0 updated, 2 skipped." in done.stdout
    assert "skipped 2509.99999: arXiv has no paper with this id" in done.stderr
    nothing = cli("add", "2509.99999", check=False)
    assert nothing.returncode == 1


def test_import_detects_bib_files_and_pasted_text(cli, served):
    bib = cli("import", str(DATA / "zotero.bib"))
    assert "Imported: 2 imported, 0 updated" in bib.stdout
    assert cli.json("show", "frank_structure_1970", "--json")["venue"] == "Science"
    served.add_arxiv("2509.12345", "Scaling Laws", authors=["Ada Lovelace"], summary="S.")
    pasted = cli("import", "-", input="Papers of the week\n\nhttps://arxiv.org/abs/2509.12345v2\n")
    assert "Imported: 1 added" in pasted.stdout
    assert cli.json("show", "2509.12345", "--json")["sources"] == ["arxiv"]


def test_add_resolve_fills_in_pasted_titles(cli, served):
    served.add_arxiv(
        "2509.12345", "Scaling Laws for Sparse Mixtures", authors=["Ada Lovelace"], summary="S."
    )
    abstract = " ".join(["We study sparse mixtures of experts at scale."] * 5)
    cli("import", "-", input=f"Scaling Laws for Sparse Mixtures\n\n{abstract}\n")
    done = cli("add", "--resolve")
    assert "Resolved: 1 found on arXiv, 0 not found." in done.stdout
    assert cli.json("show", "2509.12345", "--json")["authors"] == ["Ada Lovelace"]


def test_daily_add_all_keeps_going_when_one_source_fails(cli, served):
    served.plan("/rss/", status=404, body=b"<html>Not Found</html>", times=10)
    done = cli("daily", "--date", DAY.isoformat(), "--add", "all", check=False)
    assert done.returncode == 0, done.stderr
    assert "Added: 30 added, 0 updated." in done.stdout
    warning = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "arXiv could not be fetched" in warning[0]
    assert cli.json("list", "--json")["total"] == 30
    # every source failing is still an error
    served.plan("/api/daily_papers", status=404, body=b"nope", times=10)
    both = cli("daily", "--date", DAY.isoformat(), "--refresh", check=False)
    assert both.returncode == 1


def test_importing_a_big_export_streams_it_and_indexes_it_on_every_core(cli, tmp_path):
    """A real-sized export (over the streaming threshold, thousands of papers) end to end."""
    import random

    rng = random.Random(7)
    words = [f"w{n}" for n in range(3000)] + ["model"] * 300
    papers = [
        {"title": f"Paper {i} {' '.join(rng.choices(words, k=6))}",
         "abstract": " ".join(rng.choices(words, k=220)),
         "authors": [f"Author {i % 97}"], "year": 2000 + i % 25, "tags": [f"group/{i % 7}"],
         "doi": f"10.5555/big.{i}"}
        for i in range(6000)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "readinglist", "version": 1, "papers": papers}), "utf-8")
    assert path.stat().st_size > 8 * 2**20  # imports.STREAM_MIN_BYTES: read as a stream
    out = cli("import", str(path))
    assert "Imported: 6000 added, 0 updated." in out.stdout
    found = cli.json("search", "--json", "--limit", "5", "w17 model")
    assert found["total"] > 0
    assert cli.json("search", "--json", "tag:group/3 model")["total"] > 0
    doctor = cli("doctor")
    assert "6000 papers" in doctor.stdout and "index" not in doctor.stderr.lower()
    again = cli("import", str(path))
    assert "Imported: 0 added, 0 updated, 6000 already in the library." in again.stdout
