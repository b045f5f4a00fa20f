"""Big native exports: read as a stream, indexed on every core while they are written.

``STREAM_MIN_BYTES`` and the parallel thresholds are lowered so that a
library of a few hundred papers takes the path a 100k export takes.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

import readinglist.core.importers.native_stream as stream_mod
import readinglist.core.search.index as index_mod
import readinglist.core.services.imports as imports_mod
import readinglist.core.services.index_feed as feed_mod
import readinglist.core.services.indexing as indexing_mod
from bench.generate import generate
from readinglist.core.errors import ImportFailed
from readinglist.core.exporters.native_json import dumps
from readinglist.core.library import LibraryService

QUERIES = ["model", "language model", '"graph attention"', "dist*", "learning -model"]


@pytest.fixture
def streamed(monkeypatch):
    """Every native file is streamed; 50 papers and more are indexed by two children."""
    monkeypatch.setattr(imports_mod, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(feed_mod, "FEED_BATCH", 30)
    monkeypatch.setattr(index_mod, "CHILD_BATCH", 40)
    procs = lambda docs: 2 if docs >= 50 else 1  # noqa: E731
    monkeypatch.setattr(index_mod, "writer_procs", procs)
    monkeypatch.setattr(indexing_mod, "writer_procs", procs)


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    """A realistic library of 200 papers with tags, notes, statuses, colours and a saved search."""
    folder = tmp_path_factory.mktemp("source")
    lib = generate(200, corpus="realistic")
    with LibraryService(folder / "lib", auto_index=False) as source:
        ids = source.papers.add_many(lib.drafts).added
        for pid, paper in zip(ids, lib.papers, strict=True):
            if paper.tags:
                source.tags.add([pid], list(paper.tags))
            for body in paper.notes:
                source.notes.add(pid, body)
        source.papers.set_status(ids[:50], "read")
        source.tags.set_color(source.tags.names()[0], "#123456")
        source.saved.save("Models", "model")
        path = folder / "export.json"
        path.write_text(dumps(source.exports.native()), "utf-8")
    return path


def _no_children_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.is_alive()]


def test_a_streamed_import_is_the_same_library_as_an_import_of_the_text(
    tmp_path, export_file, streamed
):
    with LibraryService(tmp_path / "text") as by_text:
        by_text.imports.text(export_file.read_text("utf-8"))
        expected = dumps(by_text.exports.native())
        found = {q: set(by_text.search(q, limit=None).ids) for q in QUERIES}
    committed = []
    with LibraryService(tmp_path / "stream") as lib:
        report = lib.imports.file(export_file, committed=committed.append)
        assert len(report.added) == 200
        assert committed == [report]  # saved (and listable) before indexing ended
        assert dumps(lib.exports.native()) == expected
        assert lib.index.segment_count() >= 2  # written by the two children
        for query, ids in found.items():
            assert set(lib.search(query, limit=None).ids) == ids and ids, query
        assert lib.indexing.pending_changes() == 0
        assert lib.indexing.check() is None  # the index agrees with the database
    assert _no_children_left()


def test_the_same_paper_twice_in_one_file_is_indexed_once_in_its_final_state(
    tmp_path, export_file, streamed
):
    doc = json.loads(export_file.read_text("utf-8"))
    first = doc["papers"][0]
    again = {**first, "tags": [*first.get("tags", []), "second/copy"],
             "notes": [*first.get("notes", []),
                       {"body": "a zebracorn remark", "created": "2024-01-01T00:00:00Z"}]}
    doc["papers"].append(again)  # fed in the first batch, changed in the last
    second = doc["papers"][1]
    doc["papers"].insert(2, {**second, "notes": [{"body": "a wombatfish remark"}]})  # same batch
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(doc), "utf-8")
    with LibraryService(tmp_path / "lib") as lib:
        report = lib.imports.file(path)
        assert len(report.added) == 200
        pid = report.added[0]
        assert lib.search("tag:second/copy", limit=None).ids == [pid]
        assert lib.search("zebracorn", limit=None).ids == [pid]  # the index has its last state
        assert lib.search("wombatfish", limit=None).ids == [report.added[1]]
        title_word = first["title"].split()[0]
        hits = lib.search(f'"{first["title"]}"', limit=None).ids
        assert hits.count(pid) == 1, title_word
        assert lib.index.doc_count() == 200
        assert lib.indexing.pending_changes() == 0


def test_reimporting_with_new_tags_replaces_the_indexed_copies(tmp_path, export_file, streamed):
    doc = json.loads(export_file.read_text("utf-8"))
    with LibraryService(tmp_path / "lib") as lib:
        lib.imports.file(export_file)
        for paper in doc["papers"]:
            paper["tags"] = [*paper.get("tags", []), "batch/two"]
        path = tmp_path / "more-tags.json"
        path.write_text(json.dumps(doc), "utf-8")
        report = lib.imports.file(path)
        assert len(report.updated) == 200 and not report.added
        assert lib.search("tag:batch/two", limit=None).total == 200
        assert lib.index.doc_count() == 200  # replaced, not added beside the old copies
        assert lib.search("model", limit=None).total == len(set(lib.search("model", limit=None).ids))


def test_a_bad_last_paper_changes_nothing_and_leaves_no_indexing_process(
    tmp_path, export_file, streamed
):
    doc = json.loads(export_file.read_text("utf-8"))
    doc["papers"].append({"title": "Broken", "year": "last year"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), "utf-8")
    with LibraryService(tmp_path / "lib") as lib:
        lib.papers.add_many([])  # an existing, empty library
        with pytest.raises(ImportFailed, match=r"paper #201 \('Broken'\)"):
            lib.imports.file(path)
        assert lib.papers.count() == 0
        assert lib.search("model", limit=None).total == 0
        assert lib.index.doc_count() == 0
        assert lib.indexing.pending_changes() == 0
    assert _no_children_left()


def _many(tmp_path: Path, n: int) -> Path:
    papers = [{"title": f"Paper {i} on a model of language", "tags": ["many"]} for i in range(n)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"format": "readinglist", "version": 1, "papers": papers}), "utf-8")
    return path


def test_an_import_cancelled_half_way_changes_nothing(tmp_path, streamed):
    from readinglist.core.errors import Cancelled

    path = _many(tmp_path, 450)
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 1  # at the second check: 200 papers written and handed over

    with LibraryService(tmp_path / "lib") as lib:
        with pytest.raises(Cancelled):
            lib.imports.file(path, cancel=cancel)
        assert lib.papers.count() == 0
        assert lib.index.doc_count() == 0
        assert lib.indexing.pending_changes() == 0
    assert _no_children_left()


def test_indexing_cancelled_after_the_commit_keeps_the_papers_and_catches_up(tmp_path, streamed):
    path = _many(tmp_path, 120)
    saved = []

    def cancel() -> bool:
        return bool(saved)  # once the papers are committed

    with LibraryService(tmp_path / "lib", auto_index=False) as lib:
        report = lib.imports.file(path, cancel=cancel, committed=saved.append)
        assert len(report.added) == 120 and lib.papers.count() == 120
        assert "could not be updated (indexing cancelled)" in (lib.indexing.lag or "")
        assert lib.indexing.pending_changes() == 120
        lib.indexing.sync()
        assert lib.search("tag:many", limit=None).total == 120
        assert lib.index.doc_count() == 120
    assert _no_children_left()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "readinglist", "version": 1, "papers": [{"title": "a"},, ]}',
         r"not valid JSON: .* at line 1, column \d+"),
        ('{"version": 1, "papers": []}', "not a Reading List export"),
        ('{"format": "readinglist", "version": 99, "papers": []}', "format version '99'"),
        ('{"format": "readinglist", "version": 1, "papers": {}}', "'papers' field must be a list"),
        ('{"format": "readinglist", "version": 1, "papers": [], "tags": [3]}',
         "tag #1 must be an object"),
        ('[{"format": "readinglist"}]', "not a Reading List export"),
    ],
)
def test_a_broken_file_is_refused_with_the_reason(tmp_path, streamed, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text, "utf-8")
    with LibraryService(tmp_path / "lib") as lib:
        with pytest.raises(ImportFailed, match=message):
            lib.imports.file(path)
        assert lib.papers.count() == 0


def test_a_big_broken_file_names_what_is_wrong_without_reading_it_whole(
    tmp_path, streamed, monkeypatch
):
    monkeypatch.setattr(stream_mod, "EXACT_ERRORS_MAX_BYTES", 0)
    path = tmp_path / "cut.json"
    path.write_text('{"format": "readinglist", "version": 1, "papers": [{"title": "a"}', "utf-8")
    with LibraryService(tmp_path / "lib") as lib:
        with pytest.raises(ImportFailed) as info:
            lib.imports.file(path)
    message = str(info.value)
    assert message.startswith("the file is not valid JSON: ") and "\n" not in message


def test_keys_in_any_order_a_bom_and_papers_that_are_not_objects(tmp_path, streamed):
    papers = [{"title": "First paper", "tags": ["t"]}, {"title": "Second paper"}]
    doc = {"papers": papers, "saved_searches": [{"name": "S", "query": "paper"}],
           "tags": [{"name": "t", "color": "#00ff00"}], "version": 1, "format": "readinglist"}
    path = tmp_path / "reordered.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    with LibraryService(tmp_path / "lib") as lib:
        report = lib.imports.file(path)
        assert len(report.added) == 2
        assert [s.name for s in lib.saved.all()] == ["S"]
        assert {t.name: t.color for t in lib.tags.counts()}["t"] == "#00ff00"
        doc["papers"].append("not an object")
        path.write_text(json.dumps(doc), "utf-8")
        with pytest.raises(ImportFailed, match="paper #3 is not an object"):
            lib.imports.file(path)


def test_a_bulk_add_with_tags_is_indexed_while_written(tmp_path, streamed):
    lib_data = generate(160, corpus="realistic")
    with LibraryService(tmp_path / "lib") as lib:
        first = lib.papers.add_many(lib_data.drafts[:40])
        report = lib.papers.add_many(lib_data.drafts, tags=["bulk/tagged"])
        assert len(report.added) >= 120 and report.unchanged  # the first 40 are known
        assert lib.index.segment_count() >= 2
        assert set(lib.search("tag:bulk/tagged", limit=None).ids) == set(report.paper_ids)
        tagged = set(lib.search("tag:bulk/tagged model", limit=None).ids)
        assert tagged == set(lib.search("model", limit=None).ids) & set(report.paper_ids)
        assert tagged & set(first.added)  # papers known before got the tag, in the index too
        assert lib.index.doc_count() == lib.papers.count() == 40 + len(report.added)
        assert lib.indexing.pending_changes() == 0
        assert lib.indexing.check() is None
    assert _no_children_left()
