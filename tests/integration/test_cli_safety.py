"""Finding 11 of issue 11: the smaller ways the CLI could endanger data or the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli.main import main
from readinglist.cli.terminal import terminal_safe
from readinglist.core.library import LibraryService
from readinglist.core.models import Author, PaperDraft

HOSTILE_TITLE = "Innocent\x1b]0;pwned\x07 title\x1b[2J\x00 with NUL\r\u202eevil"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    with LibraryService(folder) as service:
        service.papers.add(PaperDraft(title="Plain paper", authors=(Author("Ann Lee"),), year=2020,
                               url="https://example.org/a%20b?x=1&y=2#frag",
                               doi="10.1002/(SICI)1097-4636_x"))
        pid = service.papers.add(PaperDraft(title="Second paper", authors=(Author("Bo Chan"),))).paper_id
        with service.store.write() as txn:  # as an older version or a shared file may have stored it
            txn.db.execute("UPDATE papers SET title = ? WHERE id = ?", [HOSTILE_TITLE, pid])
            txn.touch([pid])
        service.notes.add(pid, "note with \x1b[31mred\x1b[0m and \x9b6n")
    return folder


def run(lib: Path, *args: str) -> int:
    return main(["--library", str(lib), *args])


def test_export_over_a_symlink_writes_through_to_its_target(lib, tmp_path, capsys):
    target = tmp_path / "synced" / "refs.bib"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "paper" / "refs.bib"
    link.parent.mkdir()
    link.symlink_to(target)
    assert run(lib, "export", "-o", str(link)) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "@misc{lee" in target.read_text()


def test_dash_output_means_stdout(lib, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(lib, "export", "-o", "-") == 0
    assert "@misc{lee" in capsys.readouterr().out
    assert not (tmp_path / "-").exists()


def test_list_and_show_never_print_terminal_control_codes(lib, capsys):
    for args in (["list"], ["show", "2"], ["note", "2"], ["search", "innocent"]):
        assert run(lib, *args) == 0
        out = capsys.readouterr().out
        assert not any(ord(c) < 32 and c not in "\n\t" for c in out), (args, out)
        assert "\x9b" not in out and "\u202e" not in out and "\x7f" not in out
        assert "\\x1b" in out  # shown, visibly, not dropped
    # JSON output stays exact (JSON escapes control characters itself).
    assert run(lib, "show", "2", "--json") == 0
    assert json.loads(capsys.readouterr().out)["title"] == HOSTILE_TITLE


def test_terminal_safe_keeps_ordinary_text():
    text = "Über α-β graphs — “quoted” 中文 😀\n\tindented"
    assert terminal_safe(text) == text
    assert terminal_safe("a\nb", multiline=False) == "a\\x0ab"


def test_leftovers_of_killed_exports_and_rebuilds_are_removed_at_the_next_start(lib, tmp_path):
    # What a SIGKILL leaves, made by real processes that were killed.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "exports"
    out.mkdir()
    tmp_file = out / f".refs.bib.{dead.pid}.abcd1234.tmp"
    tmp_file.write_text("half an export")
    build = lib / f"index.build-{dead.pid}"
    build.mkdir()
    (build / "segment").write_bytes(b"x" * 1000)
    with LibraryService(lib) as service:
        service.settings  # noqa: B018 - loads settings
    assert not build.exists()
    # The export temporaries go when the next export to that folder starts.
    assert run(lib, "export", "-o", str(out / "refs.bib")) == 0
    assert not tmp_file.exists()
    assert (out / "refs.bib").exists()


def test_doctor_groups_a_repeated_warning(tmp_path, capsys):
    folder = tmp_path / "lib"
    with LibraryService(folder) as service:
        service.papers.add_many([PaperDraft(title=f"Undated paper {i}", authors=(Author("Ann Lee"),))
                          for i in range(7)])
    assert run(folder, "doctor") == 0
    out = capsys.readouterr().out
    assert out.count("no year") == 1, out
    assert "7 papers have no year" in out
