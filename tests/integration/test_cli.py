"""The command line on a real library folder, through subprocesses."""

from __future__ import annotations

import json
import random

import pytest

pytestmark = pytest.mark.integration

WORDS = ("graph neural network transformer attention diffusion protein language model "
         "retrieval reinforcement vision kernel bayesian sparse robust federated causal "
         "quantum molecule speech translation embedding contrastive").split()


def make_library(n: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    papers = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {i}"
        papers.append({
            "citekey": "",
            "title": title,
            "authors": [f"Author{i % 37} Family{i % 53}", "Second Person"],
            "abstract": " ".join(rng.choice(WORDS) for _ in range(40)),
            "year": 1995 + i % 30,
            "arxiv_id": f"2{i % 4}{(i % 12) + 1:02d}.{10000 + i:05d}",
            "tags": [f"area/{rng.choice(WORDS)}"] if i % 3 else [],
            "status": "inbox",
            "rating": 0,
            "notes": [],
            "added": f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}T10:00:00Z",
        })
    papers.append({"title": "Zanzibar Needle In The Haystack", "authors": ["Grace Hopper"],
                   "abstract": "A unique paper about okapis.", "year": 2020,
                   "doi": "10.5555/needle.1", "added": "2024-06-01T10:00:00Z"})
    return {"format": "readinglist", "version": 1, "papers": papers}


@pytest.fixture
def loaded(cli, tmp_path):
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(make_library(1000)))
    out = cli("import", str(path)).stdout
    assert "1001 added" in out
    return cli


def test_thousand_paper_workflow(loaded, tmp_path):
    cli = loaded
    found = cli.json("search", "zanzibar", "--json")
    assert [p["title"] for p in found["papers"]] == ["Zanzibar Needle In The Haystack"]
    key = found["papers"][0]["citekey"]
    assert key == "hopperZanzibarNeedleHaystack2020"

    cli("tag", key, "reading-group/2024", "must-read")
    cli("note", key, "Discuss", "the", "okapi", "results")
    cli("note", key, "-", input="## Second note\n\nwith *markdown*\n")
    cli("status", key, "queued")

    shown = cli.json("show", key, "--json")
    assert shown["tags"] == ["must-read", "reading-group/2024"]
    assert shown["status"] == "queued"
    assert [n["body"] for n in shown["notes"]] == [
        "Discuss the okapi results", "## Second note\n\nwith *markdown*\n"]

    by_tag = cli.json("list", "--tag", "reading-group", "--json")
    assert [p["citekey"] for p in by_tag["papers"]] == [key]
    assert cli.json("search", "note:okapi", "--json")["papers"][0]["citekey"] == key
    assert cli.json("search", "tag:must-read status:queued", "--json")["total"] == 1
    assert cli("key", "10.5555/NEEDLE.1").stdout.strip() == key

    assert cli.json("list", "--status", "queued", "--json")["total"] == 1
    text_list = cli("list", "--tag", "area", "--limit", "5").stdout.splitlines()
    assert len(text_list) == 5


def test_export_import_export_round_trip(loaded, tmp_path):
    cli = loaded
    cli("tag", "hopperZanzibarNeedleHaystack2020", "x/y")
    first = cli("export", "--format", "json").stdout
    other = type(cli)(tmp_path / "second")
    (tmp_path / "export.json").write_text(first)
    other("import", str(tmp_path / "export.json"))
    second = other("export", "--format", "json").stdout
    assert second == first
    again = other("import", str(tmp_path / "export.json")).stdout
    assert "0 added, 0 updated" in again


def test_export_to_file_with_scope(loaded, tmp_path):
    out = tmp_path / "scope.json"
    loaded("export", "--format", "json", "--query", "zanzibar", "-o", str(out))
    data = json.loads(out.read_text())
    assert [p["title"] for p in data["papers"]] == ["Zanzibar Needle In The Haystack"]


def test_malformed_query_exits_1_naming_the_position(loaded):
    proc = loaded("search", 'title:(graph "neural', check=False)
    assert proc.returncode == 1
    assert "position 14" in proc.stderr and "never closed" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "no-such-key"), "no paper matches"),
        (("status", "hopperZanzibarNeedleHaystack2020", "done-ish"), "unknown status"),
        (("tag", "hopperZanzibarNeedleHaystack2020", "a,b"), "comma"),
        (("import", "/nonexistent/file.json"), "no such file"),
        (("key", "hopperZanzibarNeedleHaystack2020", "bad key"), "cannot use"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(loaded, args, message):
    proc = loaded(*args, check=False)
    assert proc.returncode == 1
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_reindex_and_doctor(loaded):
    assert "Indexed 1001 papers" in loaded("reindex").stdout
    doctor = loaded("doctor")
    assert "No problems found" in doctor.stdout


def test_backup_and_restore(loaded):
    made = loaded("backup").stdout
    assert "Backed up 1001 papers" in made
    loaded("tag", "hopperZanzibarNeedleHaystack2020", "after-backup")
    loaded("restore")
    assert loaded.json("show", "hopperZanzibarNeedleHaystack2020", "--json")["tags"] == []
    assert loaded.json("search", "zanzibar", "--json")["total"] == 1


def test_every_command_has_help(cli):
    from readinglist.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        proc = cli(name, "--help")
        assert "usage:" in proc.stdout


def test_search_accepts_minus_words_as_exclusions(loaded):
    with_word = loaded.json("search", "zanzibar", "--json")["total"]
    assert with_word == 1
    assert loaded.json("search", "zanzibar", "-okapis", "--json")["total"] == 0
    assert loaded.json("search", "-haystack", "zanzibar", "--limit", "5", "--json")["total"] == 0
