"""Killed after the SQLite commit, before the index saw the change: nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from tests.fakes import samples

pytestmark = pytest.mark.integration

CRASH_AFTER_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from readinglist.core.library import LibraryService

    # auto_index=False: the change is committed to SQLite (and its outbox row),
    # but the index is only updated later, as in the app's index worker.
    service = LibraryService(sys.argv[1], auto_index=False)
    paper = service.papers.resolve(sys.argv[2])
    service.tags.add([paper.id], [sys.argv[3]])
    service.notes.add(paper.id, sys.argv[4])
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_killed_between_sqlite_and_index_commit_loses_nothing(cli, tmp_path):
    cli("import", "-", input='{"format": "readinglist", "version": 1, "papers": ['
        '{"title": "Tardigrades survive everything", "authors": ["Ann Lee"], "year": 2021},'
        '{"title": "Another paper", "authors": ["Bo Li"], "year": 2022}]}')
    key = "leeTardigradesSurviveEverything2021"
    proc = subprocess.run([sys.executable, "-c", CRASH_AFTER_COMMIT, str(cli.library), key,
                           "extremophiles", "cryptobiosis is fascinating"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9  # really killed, no clean shutdown
    # The index is answered by Whoosh here (free text + tag), not by SQL alone.
    found = cli.json("search", "tardigrades tag:extremophiles", "--json")
    assert [p["citekey"] for p in found["papers"]] == [key]
    assert cli.json("search", "cryptobiosis", "--json")["papers"][0]["citekey"] == key
    assert "No problems found" in cli("doctor").stdout


def _import_killed(cli, path, *, after_commit: bool) -> None:
    """Start ``readinglist import``, SIGKILL it while it writes, or once it has committed."""
    with subprocess.Popen(
        [sys.executable, "-m", "readinglist", "--library", str(cli.library), "import", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as proc:
        assert proc.stdout is not None
        if after_commit:
            for line in proc.stdout:  # printed after the SQLite commit, before indexing ends
                if line.startswith("Imported:"):
                    break
        else:
            # The transaction's pages reach the write-ahead log as it fills: half-way in.
            wal = cli.library / "library.db-wal"
            deadline = time.monotonic() + 60
            while not (wal.exists() and wal.stat().st_size > 4 * 2**20):
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.01)
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -9


def test_a_big_import_killed_while_writing_keeps_nothing_and_the_library_works(cli, tmp_path):
    path = samples.big_native_export(tmp_path / "big.json")
    cli("import", "-", input='{"format": "readinglist", "version": 1, "papers": ['
        '{"title": "Tardigrades survive everything", "authors": ["Ann Lee"], "year": 2021}]}')
    _import_killed(cli, path, after_commit=False)
    assert cli.json("list", "--json")["total"] == 1
    assert cli.json("search", "tardigrades", "--json")["total"] == 1
    assert cli.json("search", "model", "--json")["total"] == 0
    assert "No problems found" in cli("doctor").stdout
    out = cli("import", str(path))  # and the same import then works
    assert "Imported: 6000 added" in out.stdout


def test_a_big_import_killed_while_indexing_is_searchable_at_the_next_command(cli, tmp_path):
    path = samples.big_native_export(tmp_path / "big.json")
    _import_killed(cli, path, after_commit=True)
    assert cli.json("list", "--json")["total"] == 6000
    found = cli.json("search", "model tag:group/3", "--json", "--limit", "10000")
    assert found["total"] == len({p["id"] for p in found["papers"]}) > 500
    assert "No problems found" in cli("doctor").stdout
