"""Automatic export: debounced, off the caller's thread, atomic, flushed on close."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from bibcheck import draft, parse

from readinglist.core.events import LibraryEvent
from readinglist.core.library import LibraryService
from readinglist.core.settings import load_settings, save_settings


def configure(service: LibraryService, path, query: str = "", fmt: str = "bibtex") -> None:
    settings = load_settings(service.dir, apply_env=False)
    save_settings(
        service.dir,
        dataclasses.replace(
            settings, auto_export_path=str(path), auto_export_query=query, auto_export_format=fmt
        ),
    )


class Watcher:
    """Collects auto-export events and the threads they came from."""

    def __init__(self, service: LibraryService) -> None:
        self.events: list[tuple[LibraryEvent, str]] = []
        self.done = threading.Event()
        service.events.subscribe(self)

    def __call__(self, event, ids) -> None:
        if event in (LibraryEvent.AUTO_EXPORTED, LibraryEvent.AUTO_EXPORT_FAILED):
            self.events.append((event, threading.current_thread().name))
            self.done.set()


def keys(path):
    return [e.key for e in parse(path.read_text("utf-8")).entries]


def test_nothing_happens_when_not_configured(library):
    watcher = Watcher(library)
    library.papers.add(draft("A Paper", "Ann Lee", year=2020))
    assert not library.auto_exporter.pending
    assert library.exports.auto_export_now() is None
    library.auto_exporter.flush()
    assert watcher.events == []


def test_a_change_rewrites_the_file_in_a_background_thread(library, tmp_path):
    out = tmp_path / "refs.bib"
    configure(library, out)
    library.auto_exporter.delay = 0.05
    watcher = Watcher(library)
    pid = library.papers.add(draft("A Paper", "Ann Lee", year=2020)).paper_id
    assert watcher.done.wait(10)
    assert watcher.events == [(LibraryEvent.AUTO_EXPORTED, "readinglist-auto-export")]
    assert keys(out) == [library.papers.get(pid).citekey]
    status = library.auto_exporter.status
    assert status is not None and status.ok and status.path == out


def test_a_burst_of_changes_makes_one_export(library, tmp_path):
    out = tmp_path / "refs.bib"
    configure(library, out)
    library.auto_exporter.delay = 60  # only flush() will run it
    watcher = Watcher(library)
    ids = [library.papers.add(draft(f"Paper {i}", "Ann Lee", year=2020 + i)).paper_id for i in range(5)]
    library.papers.set_status(ids, "read")
    assert library.auto_exporter.pending and not out.exists()
    library.auto_exporter.flush()
    assert [e for e, _ in watcher.events] == [LibraryEvent.AUTO_EXPORTED]
    assert len(keys(out)) == 5


def test_closing_the_library_writes_a_pending_export(tmp_path):
    out = tmp_path / "refs.bib"
    service = LibraryService(tmp_path / "lib")
    configure(service, out)
    service.auto_exporter.delay = 60
    service.papers.add(draft("Last Minute Paper", "Ann Lee", year=2020))
    service.close()
    assert keys(out) == ["leeLastMinutePaper2020"]


def test_the_query_scope_and_format_are_used(library, tmp_path):
    out = tmp_path / "thesis.bib"
    configure(library, out, query="tag:thesis", fmt="biblatex")
    library.auto_exporter.delay = 60
    library.papers.add(draft("In Thesis", "Ann Lee", year=2020, arxiv_id="2001.00001"), tags=["thesis"])
    library.papers.add(draft("Not In Thesis", "Bob Lee", year=2020))
    library.auto_exporter.flush()
    assert keys(out) == ["leeThesis2020"]
    assert "eprinttype = {arxiv}" in out.read_text("utf-8")


def test_an_unchanged_export_does_not_touch_the_file(library, tmp_path):
    out = tmp_path / "refs.bib"
    configure(library, out)
    pid = library.papers.add(draft("A Paper", "Ann Lee", year=2020)).paper_id
    library.exports.auto_export_now()
    before = out.stat().st_ino
    library.notes.add(pid, "notes are not exported")
    library.auto_exporter.flush()
    assert out.stat().st_ino == before
    library.papers.update_metadata(pid, title="A Better Paper")
    library.auto_exporter.flush()
    assert out.stat().st_ino != before


def test_a_failure_is_reported_as_an_event_with_a_message(library, tmp_path):
    configure(library, tmp_path / "missing-folder" / "refs.bib")
    library.auto_exporter.delay = 60
    watcher = Watcher(library)
    library.papers.add(draft("A Paper", "Ann Lee", year=2020))
    library.auto_exporter.flush()
    assert [e for e, _ in watcher.events] == [LibraryEvent.AUTO_EXPORT_FAILED]
    status = library.auto_exporter.status
    assert status is not None and not status.ok
    assert "missing-folder" in status.message and "does not exist" in status.message


def test_a_bad_query_in_the_settings_is_reported_not_raised(library, tmp_path):
    configure(library, tmp_path / "refs.bib", query='title:"open')
    library.auto_exporter.delay = 60
    library.papers.add(draft("A Paper", "Ann Lee", year=2020))  # must not raise in the writer
    library.auto_exporter.flush()
    assert "never closed" in library.auto_exporter.status.message


def test_a_relative_path_lives_in_the_library_folder(library):
    configure(library, "exports/refs.bib")
    (library.dir / "exports").mkdir()
    library.papers.add(draft("A Paper", "Ann Lee", year=2020))
    assert library.exports.auto_export_now() == library.dir / "exports" / "refs.bib"


@pytest.mark.parametrize("fmt", ["csl-json", "json"])
def test_other_formats_work_too(library, tmp_path, fmt):
    out = tmp_path / "refs.json"
    configure(library, out, fmt=fmt)
    library.papers.add(draft("A Paper", "Ann Lee", year=2020))
    library.exports.auto_export_now()
    assert "leePaper2020" in out.read_text("utf-8")
