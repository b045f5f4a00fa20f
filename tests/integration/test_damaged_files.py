"""Findings 4, 5, 6 and 8 of issue 11, through the CLI as a user meets them.

Damaged, empty and read-only libraries; a cut index segment; a full disk at
the SQLite commit and in the search index (simulated by the fault hook in
``core/storage/faults.py``, the same exceptions the real layers raise); and
re-importing a native JSON file of papers without identifiers.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PAPERS = 120


def _export_file(tmp_path: Path, n: int = PAPERS, *, ids: bool = False) -> Path:
    papers = []
    for i in range(n):
        paper = {"title": f"Collected essay number {i} on reading", "authors": ["Ann Lee", "Bo Chan"],
                 "year": 1990 + i % 30, "abstract": "words " * 100, "tags": ["essays"]}
        if ids:
            paper["arxiv_id"] = f"2401.{i:05d}"
        papers.append(paper)
    path = tmp_path / "papers.json"
    path.write_text(json.dumps({"format": "readinglist", "version": 1, "papers": papers}))
    return path


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("readinglist: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.fixture
def filled(cli, tmp_path):
    cli("import", str(_export_file(tmp_path)))
    cli("backup")
    return cli


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        conn.close()


# ---- finding 4: damaged, empty and read-only databases ----------------------------------


def test_a_cut_database_is_reported_refuses_writes_and_restores(filled):
    db = filled.library / "library.db"
    os.truncate(db, db.stat().st_size // 2)
    doctor = filled("doctor", check=False)
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert "database damaged" in doctor.stdout and "readinglist restore" in doctor.stdout
    assert "damaged" in _one_line_error(filled("tag", "1", "x", check=False))
    restored = filled("restore")
    assert f"Restored {PAPERS} papers" in restored.stdout
    aside = list(filled.library.glob("library.db.damaged-*"))
    assert [p for p in aside if not p.name.endswith(("-wal", "-shm"))], "damaged file kept aside"
    assert len(filled.json("list", "--json", "--limit", "1000")["papers"]) == PAPERS
    assert filled("doctor").returncode == 0
    filled("tag", "1", "after-restore")  # writes work again


def test_a_page_corrupted_database_is_found_and_then_never_written(filled):
    db = filled.library / "library.db"
    with open(db, "r+b") as f:
        f.seek(db.stat().st_size // 2)
        f.write(b"\xde\xad\xbe\xef" * 1024)
    doctor = filled("doctor", check=False)
    assert doctor.returncode == 1 and "database damaged" in doctor.stdout
    before = db.read_bytes()
    message = _one_line_error(filled("tag", "1", "x", check=False))
    assert "integrity" in message or "damaged" in message
    assert db.read_bytes() == before  # nothing was written into the damaged file
    filled("restore")
    assert filled("doctor").returncode == 0


def test_an_empty_database_file_is_an_error_and_restore_never_brings_back_an_empty_copy(filled):
    db = filled.library / "library.db"
    for side in ("library.db-wal", "library.db-shm"):
        (filled.library / side).unlink(missing_ok=True)
    db.write_bytes(b"")
    assert "empty (0 bytes)" in _one_line_error(filled("list", check=False))
    assert "empty (0 bytes)" in _one_line_error(filled("tag", "1", "x", check=False))
    assert db.stat().st_size == 0  # not silently turned into a new, empty library
    assert f"Restored {PAPERS} papers" in filled("restore").stdout
    # A second restore must pick the good backup again, not a copy of the broken state.
    assert f"Restored {PAPERS} papers" in filled("restore").stdout
    assert _count(db) == PAPERS


def _as_other_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop write permission")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_library_can_be_listed_searched_shown_and_exported(tmp_path):
    home = Path(os.environ.get("TMPDIR", "/tmp")) / f"rl-readonly-{os.getpid()}"
    shutil.rmtree(home, ignore_errors=True)
    library = home / "lib"
    try:
        subprocess.run([sys.executable, "-m", "readinglist", "--library", str(library),
                        "import", str(_export_file(tmp_path, 20))], check=True, capture_output=True)
        for path in [home, *home.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        out = home / "out"

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*_as_other_user(), sys.executable, "-m", "readinglist", "--library",
                 str(library), *args], capture_output=True, text=True, timeout=120,
                env={**os.environ, "HOME": str(home)})

        listed = run("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)["papers"]) == 20
        found = run("search", "essay", "--json")
        assert found.returncode == 0 and len(json.loads(found.stdout)["papers"]) == 20, found.stderr
        shown = run("show", "1")
        assert shown.returncode == 0 and "Collected essay" in shown.stdout
        exported = run("export")
        assert exported.returncode == 0 and exported.stdout.count("@misc{") == 20
        assert "read-only" in _one_line_error(run("tag", "1", "x"))
        assert not out.exists()
    finally:
        for path in [home, *home.rglob("*")] if home.exists() else []:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(home, ignore_errors=True)


# ---- finding 5: a damaged index segment -------------------------------------------------


def test_doctor_finds_a_cut_postings_file_and_reindex_repairs_it(filled):
    postings = list((filled.library / "index").glob("*.pst"))
    assert postings
    for path in postings:
        os.truncate(path, path.stat().st_size // 2)
    doctor = filled("doctor", check=False)
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert "search index" in doctor.stdout and "readinglist reindex" in doctor.stdout
    filled("reindex")
    assert filled("doctor").returncode == 0
    assert len(filled.json("search", "essay", "--json", "--limit", "1000")["papers"]) == PAPERS


# ---- findings 6 and 8: full disk, retries, no duplicates ---------------------------------


def test_a_full_disk_at_commit_changes_nothing_and_a_retry_imports_once(cli, tmp_path):
    source = _export_file(tmp_path)
    message = _one_line_error(cli("import", str(source), check=False,
                                  env={"READINGLIST_FAULT": "commit"}))
    assert "full" in message and "nothing was changed" in message
    assert not (cli.library / "library.db").exists() or _count(cli.library / "library.db") == 0
    assert "120 added" in cli("import", str(source)).stdout
    assert "0 added" in cli("import", str(source)).stdout
    assert _count(cli.library / "library.db") == PAPERS


def test_a_full_disk_in_the_index_says_the_import_was_saved_and_search_catches_up(cli, tmp_path):
    source = _export_file(tmp_path, ids=True)
    cli("search", "anything")  # create the library and its index first
    first = cli("import", str(source), env={"READINGLIST_FAULT": "index"})
    assert "120 added" in first.stdout
    assert "the change was saved, but the search index could not be updated" in first.stderr
    assert "disk is full" in first.stderr and "Traceback" not in first.stderr
    # The user retries anyway: nothing is duplicated.
    assert "0 added" in cli("import", str(source)).stdout
    assert _count(cli.library / "library.db") == PAPERS
    assert len(cli.json("search", "essay", "--json", "--limit", "1000")["papers"]) == PAPERS


def test_reindex_on_a_full_disk_is_one_line_and_keeps_the_old_index(filled):
    message = _one_line_error(filled("reindex", check=False, env={"READINGLIST_FAULT": "index"}))
    assert "disk is full" in message and "unchanged" in message
    assert len(filled.json("search", "essay", "--json", "--limit", "1000")["papers"]) == PAPERS
    assert not list(filled.library.glob("index.build-*"))


def test_reimporting_papers_without_ids_or_keys_does_not_duplicate(filled, tmp_path):
    assert "0 added" in filled("import", str(_export_file(tmp_path))).stdout
    assert _count(filled.library / "library.db") == PAPERS
    # Same title and authors but another year is another paper (a second edition).
    other = json.loads(_export_file(tmp_path, 1).read_text())
    other["papers"][0]["year"] = 2021
    (tmp_path / "edition.json").write_text(json.dumps(other))
    assert "1 added" in filled("import", str(tmp_path / "edition.json")).stdout
