"""``readinglist undo`` takes back the command line's own last change (issue 11, finding 10)."""

from __future__ import annotations

import json

import pytest

from readinglist.core.library import LibraryService

pytestmark = pytest.mark.integration

PAPERS = {"format": "readinglist", "version": 1, "papers": [
    {"title": "Graph Kernels Revisited", "authors": ["Ada Lovelace"], "year": 2020,
     "arxiv_id": "2001.00001", "tags": ["ml/graphs"], "notes": [{"body": "zanzibar idea"}]},
    {"title": "Sparse Attention", "authors": ["Alan Turing"], "year": 2021,
     "arxiv_id": "2101.00002", "tags": ["ml/graphs", "reading-group"]},
]}


def test_undo_takes_back_the_last_cli_changes_in_order(cli, tmp_path):
    source = tmp_path / "papers.json"
    source.write_text(json.dumps(PAPERS), "utf-8")
    cli("import", str(source))
    cli("tags", "--rename", "ml/graphs", "graphs")
    cli("status", "2001.00001", "read")
    assert "Mark “Graph Kernels Revisited” as read" in cli("undo", "--list").stdout
    assert cli("undo").stdout.strip() == "Undone: Mark “Graph Kernels Revisited” as read"
    assert cli.json("show", "2001.00001", "--json")["status"] == "inbox"
    assert "Rename tag ml/graphs to graphs" in cli("undo").stdout
    assert sorted(cli.json("show", "2101.00002", "--json")["tags"]) == ["ml/graphs",
                                                                         "reading-group"]
    assert "Sparse Attention" in cli("search", "tag:ml/graphs").stdout  # the index agrees
    failed = cli("undo", check=False)
    assert failed.returncode == 1
    assert failed.stderr.strip() == "readinglist: nothing to undo"


def test_cli_undo_leaves_the_apps_changes_alone(cli, tmp_path):
    source = tmp_path / "papers.json"
    source.write_text(json.dumps(PAPERS), "utf-8")
    cli("import", str(source))
    with LibraryService(cli.library) as app:  # the app's origin
        app.papers.set_rating([app.papers.find("2001.00001")], 5)
    assert cli("undo", check=False).stderr.strip() == "readinglist: nothing to undo"
    assert cli.json("show", "2001.00001", "--json")["rating"] == 5


def test_trash_lists_and_restores_deleted_papers(cli, tmp_path):
    source = tmp_path / "papers.json"
    source.write_text(json.dumps(PAPERS), "utf-8")
    cli("import", str(source))
    assert cli("trash").stdout.strip() == "The trash is empty."
    with LibraryService(cli.library) as app:
        app.papers.remove([app.papers.find("2001.00001")])
    listing = cli("trash").stdout
    assert "Graph Kernels Revisited" in listing
    entry = listing.split()[0]
    assert cli("trash", "--restore", entry).stdout.startswith("Restored 1 paper")
    shown = cli.json("show", "2001.00001", "--json")
    assert shown["tags"] == ["ml/graphs"] and [n["body"] for n in shown["notes"]] == ["zanzibar idea"]
    again = cli("trash", "--restore", entry, check=False)
    assert again.returncode == 1 and "no longer in the trash" in again.stderr
