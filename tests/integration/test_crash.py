"""Killed after the SQLite commit, before the index saw the change: nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

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
