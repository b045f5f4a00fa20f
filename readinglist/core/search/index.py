"""The Whoosh index: derived data, kept in step with SQLite through the outbox.

Writer discipline (DESIGN §"The two stores"): one writer at a time. Inside a
process a lock serialises writers; across processes Whoosh's own file lock
does, and waiting too long becomes :class:`IndexBusy`. Segments are written
uncompound (``compound=False``): a compound segment makes every new searcher
copy the index into memory and makes one-document updates ~20× slower.

``state.json`` next to the segments records the schema version, the highest
change number the index covers and a build id. A rebuild writes a fresh
index in a sibling folder and swaps it in, so a crash mid-rebuild leaves the
old index usable; other processes notice the new build id and reopen.
"""

from __future__ import annotations

import ctypes
import gc
import json
import math
import multiprocessing
import os
import shutil
import sys
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.index import LockError
from whoosh import multiproc
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from whoosh.collectors import WrappingCollector

from readinglist.core.errors import Cancelled, IndexBusy, QueryTooCostly
from readinglist.core.search import vector
from readinglist.core.search.compile import Compiler
from readinglist.core.search.query import Node
from readinglist.core.search.schema import SCHEMA_VERSION, make_schema
from readinglist.core.search.segment_writer import FastSegmentWriter
from readinglist.core.storage import faults
from readinglist.core.storage.health import clean_leftovers

WRITER_TIMEOUT_S = 20.0
STATE_FILE = "state.json"
# Commits that apply edits do not merge segments: merging even ten tiny
# segments costs Whoosh ~200 ms (per-term overhead), and Whoosh's default
# policy put that (and sometimes thousands of documents) into the edit a
# user waits for (p95 167 ms at 10k papers). Merging is ``compact()``, run
# when the app is idle, or here once a drain leaves too many segments.
# It merges in tiers: ten segments of about the same size (1-9 documents,
# 10-99, ...) become one; segments of 10,000 documents and more are left
# for a rebuild.
MERGE_FACTOR = 10
MAX_MERGE_TIER = 4
SEGMENT_CAP = 30
# Writer memory before Whoosh spills sorted postings to disk. Whoosh's
# estimate is ~4-6x below the real size of its posting tuples (a 256 MB pool
# peaked at 1.05 GB resident in a 100k import).
WRITER_LIMIT_MB = 80
# With several writer processes, each child's share. Spilling is what costs
# here, not memory: a child of a 100k import spilled 21 runs at 32 MB and
# 7 at 64 MB, for 28% less CPU a paper, and the whole import tree's peak
# stayed at ~360 MB (the pool's estimate is well above what it holds).
CHILD_LIMIT_MB = 64
# A folder unchanged for this long has no commit hidden behind an equal
# mtime (file system clocks tick in milliseconds).
STAMP_SETTLED_S = 1.0
# Below this many documents one process is faster than starting children.
PARALLEL_MIN_DOCS = 5_000
# Documents per job file handed to a child process.
CHILD_BATCH = 250


def writer_procs(docs: int) -> int:
    """How many processes index ``docs`` documents: every core for big batches."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 4)) if docs >= PARALLEL_MIN_DOCS else 1


@dataclass(frozen=True, slots=True)
class SearchHits:
    ids: list[int]
    total: int


@dataclass(frozen=True, slots=True)
class IndexState:
    schema: int
    seq: int
    build: str


class _Deadline(WrappingCollector):
    """Stops Whoosh's evaluation of a query past its deadline (no timer thread, no signal)."""

    def __init__(self, child: Any, seconds: float) -> None:
        super().__init__(child)
        self.deadline = time.monotonic() + seconds

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTooCostly(vector.TOO_COSTLY)

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        self._check()
        self.child.set_subsearcher(subsearcher, offset)

    def collect_matches(self) -> None:
        child = self.child
        for n, sub_docnum in enumerate(child.matches()):
            if not n % 256:
                self._check()
            child.collect(sub_docnum)


class IndexUnreadable(Exception):
    """The index folder is missing, damaged or from another schema version."""


def _start_method() -> str:
    """How indexing children start: a fresh interpreter, unless frozen.

    A forked child shares every page of its parent, and the parent of a bulk
    import holds the imported file and its records: at 100k papers each
    child was counted at 1.1 GB resident (440 MB of it its own, PSS). A
    spawned child holds only Python, Whoosh and its own pool. A frozen build
    cannot re-run itself as a bare interpreter, so it forks.
    """
    return "fork" if getattr(sys, "frozen", False) else "spawn"


class _ChunkedSubWriterTask(SubWriterTask):
    """Whoosh's indexing child process, with our faster segment writer."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - multiprocessing's name
        context = multiprocessing.get_context(_start_method())
        return context.Process._Popen(process_obj)  # noqa: SLF001

    def run(self) -> None:
        # This runs in the child only: the parent's module is untouched.
        multiproc.SegmentWriter = FastSegmentWriter
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
        super().run()


def _exit_with_parent(parent: int) -> None:
    """A child whose parent was killed would wait on its job queue forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class _ParallelWriter(MpWriter):
    """Whoosh's multi-process writer: one segment per child (``multisegment``)."""

    def __init__(self, ix: windex.Index, *, backlog: bool = False, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        # Queues of the children's start method (a forked queue cannot be
        # handed to a spawned child). ``backlog``: job files may pile up
        # (on disk) rather than make the sender wait, so a bulk write
        # commits its rows at its own pace while the children catch up.
        context = multiprocessing.get_context(_start_method())
        self.jobqueue = context.Queue(0 if backlog else self.procs * 4)
        self.resultqueue = context.Queue()

    def cancel(self) -> None:
        # Whoosh's cancel only flags the parent's copy of each child: the
        # children would wait on the job queue for as long as this process
        # lives (the app's, for a cancelled import).
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(5)
        super().cancel()

    def _new_task(self) -> SubWriterTask:
        task = _ChunkedSubWriterTask(self.storage, self.indexname, self.jobqueue,
                                     self.resultqueue, self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def _release_freed_memory() -> None:
    """Hand memory freed by a big import back to the system before indexing.

    glibc keeps freed blocks of its heap for reuse; after parsing a large
    file that is hundreds of MB the indexing never needs.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc


def _new_writer(ix: windex.Index, procs: int, *, backlog: bool = False, **kwargs: Any) -> Any:
    """A writer for ``ix``: Whoosh's own, or one child process per core."""
    if procs <= 1:
        return FastSegmentWriter(ix, limitmb=WRITER_LIMIT_MB, **kwargs)
    _release_freed_memory()
    return _ParallelWriter(ix, procs=procs, batchsize=CHILD_BATCH, multisegment=True,
                           limitmb=CHILD_LIMIT_MB, backlog=backlog, **kwargs)


def _tier(live_docs: int) -> int:
    return int(math.log10(max(1, live_docs)))


def tiered_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge a tier once it holds MERGE_FACTOR segments."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        tiers.setdefault(_tier(segment.doc_count()), []).append(segment)
    keep: list[Any] = []
    for tier, members in sorted(tiers.items()):
        if tier < MAX_MERGE_TIER and len(members) >= MERGE_FACTOR:
            for segment in members:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
        else:
            keep.extend(members)
    return keep


def _refreshed(ix: windex.Index, old: Searcher) -> Searcher:
    """A searcher on the index's latest commit, reusing the unchanged segment readers.

    WORKAROUND: whoosh-reloaded 2.7.5's ``Searcher.refresh()`` is wrong. It
    reuses a segment reader whenever the segment id is unchanged, so
    documents deleted since (every ``update_document``) still match, and it
    adds the old reader's segments back to the new list, so segments merged
    away come back as duplicates. Here a reader is reused only when its
    segment has the same deletions (deletions only ever grow), and only
    the segments of the latest table of contents are read.
    """
    toc = ix._read_toc()  # noqa: SLF001 - Whoosh has no public way to list segments
    old_reader = old.reader()
    reusable = {
        r.segment().segment_id(): r for r, _ in old_reader.leaf_readers() if r.segment() is not None
    }
    readers: list[IndexReader] = []
    for segment in toc.segments:
        reader = reusable.get(segment.segment_id())
        if reader is not None and reader.segment().deleted_count() == segment.deleted_count():
            del reusable[segment.segment_id()]
        else:
            reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        readers.append(reader)
    for unused in reusable.values():
        unused.close()
    if not readers:
        reader: IndexReader = EmptyReader(toc.schema)
    elif len(readers) == 1:
        reader = readers[0]
        reader._gen = toc.generation  # noqa: SLF001 - a reused reader now serves this commit
    else:
        reader = MultiReader(readers, generation=toc.generation)
    return Searcher(reader, fromindex=ix)


def _folder_stamp(path: Path | str) -> tuple[int, int] | None:
    """The index folder's identity and last change of its entries (None: unreadable)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _open_quietly(path: Path) -> tuple[windex.Index | None, str]:
    """Open and probe an index; ``(None, reason)`` if it is damaged."""
    failure = ""
    ix = None
    # WORKAROUND: Whoosh leaves a damaged file open when it fails to read
    # it; it is closed when the exception goes away. Expected, not a leak.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = windex.open_dir(str(path))
            with ix.searcher() as s:
                s.doc_count()
        except Exception as exc:  # Whoosh raises many kinds on damaged files
            failure = str(exc) or type(exc).__name__
            ix = None
            # Only a failed open leaves files behind; a full collection costs
            # 20-40 ms of the first search after start (more in the app).
            gc.collect()
    return ix, failure


class WhooshIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._stat_path = os.fspath(path)  # a str: os.stat of a Path costs more (per search)
        self.schema = make_schema()
        self._write_lock = threading.Lock()
        self._searchers_lock = threading.Lock()
        # One searcher per thread: the build it was opened on, and the
        # folder's stamp when it was last found current (None: check again).
        self._searchers: dict[int, tuple[Searcher, str, tuple[int, int] | None]] = {}
        self._ix: windex.Index | None = None
        self._build = ""
        self._key: tuple[str | None, str] = (None, "")  # (build, index key): _index_key
        # Postings decoded into arrays, per immutable segment (vector.py).
        self.postings = vector.PostingCache()

    # ---- opening -----------------------------------------------------------

    def read_state(self) -> IndexState:
        try:
            data = json.loads((self.path / STATE_FILE).read_text("utf-8"))
            return IndexState(int(data["schema"]), int(data["seq"]), str(data["build"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexUnreadable(f"no readable index state in {self.path}") from exc

    def _write_state(self, path: Path, state: IndexState) -> None:
        tmp = path / f"{STATE_FILE}.{os.getpid()}.tmp"
        tmp.write_text(
            json.dumps({"schema": state.schema, "seq": state.seq, "build": state.build}),
            "utf-8",
        )
        os.replace(tmp, path / STATE_FILE)

    def open(self) -> None:
        """Open the index on disk; :class:`IndexUnreadable` if it cannot serve."""
        state = self.read_state()
        if state.schema != SCHEMA_VERSION:
            raise IndexUnreadable(f"index schema {state.schema}, expected {SCHEMA_VERSION}")
        ix, failure = _open_quietly(self.path)
        if ix is None:
            raise IndexUnreadable(f"the search index in {self.path} is damaged: {failure}")
        self._ix = ix
        if state.build != self._build:
            self.postings.clear()  # arrays of the replaced index's segments
        self._build = state.build

    def _index(self) -> windex.Index:
        if self._ix is None:
            self.open()
        assert self._ix is not None
        return self._ix

    def close(self) -> None:
        self._ix = None
        with self._searchers_lock:
            searchers = list(self._searchers.values())
            self._searchers.clear()
        for searcher, _, _ in searchers:
            searcher.close()

    # ---- reading -----------------------------------------------------------

    def _searcher(self) -> Searcher:
        # Every commit and every swap changes the folder's entries (a new
        # table of contents, state.json replaced, a new folder): while its
        # inode and mtime stay the same, this thread's searcher is current,
        # without reading state.json or listing the folder (0.4 ms a search).
        stamp = _folder_stamp(self._stat_path)
        me = threading.get_ident()
        with self._searchers_lock:
            current = self._searchers.get(me)
        if current is not None and stamp is not None and current[2] == stamp:
            return current[0]
        searcher = self._checked_searcher()
        if stamp is not None and time.time() - stamp[1] / 1e9 > STAMP_SETTLED_S:
            # Trusted only once the folder has been still for a while: two
            # commits within one tick of the file system clock share an mtime.
            with self._searchers_lock:
                self._searchers[me] = (searcher, self._searchers[me][1], stamp)
        return searcher

    def _checked_searcher(self) -> Searcher:
        ix = self._index()
        try:
            build = self.read_state().build
        except IndexUnreadable:
            build = self._build
        if build != self._build:
            # Another process swapped in a rebuilt index.
            self.open()
            ix = self._index()
        me = threading.get_ident()
        with self._searchers_lock:
            current = self._searchers.get(me)
        if current is not None and current[1] == self._build:
            if current[0].reader().generation() == ix.latest_generation():
                return current[0]
            searcher = _refreshed(ix, current[0])
        else:
            if current is not None:
                current[0].close()
            searcher = ix.searcher()
        with self._searchers_lock:
            self._searchers[me] = (searcher, self._build, None)
        return searcher

    def doc_count(self) -> int:
        return int(self._searcher().doc_count())

    def warm(self) -> None:
        """Decode what every search reads from each segment, before the first one."""
        searcher = self._searcher()
        vector.VectorSearch.for_searcher(searcher, self.schema, self.postings,
                                         index_key=self._index_key()).warm()

    def _index_key(self) -> str:
        """Which index the arrays come from (segment ids are unique within one build)."""
        if self._key[0] != self._build:
            self._key = (self._build, f"{self.path}:{self._build}")
        return self._key[1]

    def search(self, node: Node, *, limit: int | None) -> SearchHits:
        searcher = self._searcher()
        if vector.enabled:
            engine = vector.VectorSearch.for_searcher(searcher, self.schema, self.postings,
                                                      index_key=self._index_key())
            found = engine.paper_ids(node, limit)
            if found is not None:
                return SearchHits(*found)
        q = Compiler(self.schema, searcher.reader()).compile(node)
        timed = _Deadline(searcher.collector(limit=limit), vector.DEADLINE_S)
        searcher.search_with_collector(q, timed)
        results = timed.results()
        ids = [int(hit["pid"]) for hit in results]
        total = len(results) if limit is None or len(ids) < limit else results.estimated_length()
        return SearchHits(ids, max(total, len(ids)))

    # ---- writing -----------------------------------------------------------

    @property
    def write_lock(self) -> threading.Lock:
        """Held by whoever writes this index in this process."""
        return self._write_lock

    def live_writer(self, procs: int, *, backlog: bool = False) -> tuple[Any, Searcher | None]:
        """A writer on the live index (hold :attr:`write_lock`), and a searcher on the
        commit it starts from, to find the old copies of replaced documents."""
        ix = self._index()
        writer = self._writer(ix, procs, compound=False, backlog=backlog)
        try:
            searcher = self._searcher()
        except BaseException:
            writer.cancel()
            raise
        if searcher.reader().generation() != writer.generation - 1:
            searcher = None  # another process committed in between
        return writer, searcher

    def record_seq(self, seq: int) -> None:
        """Record that the changes up to ``seq`` are in the commit about to be made."""
        faults.maybe_fail("index", self.path)
        current = self.read_state()
        self._write_state(self.path, IndexState(SCHEMA_VERSION, max(current.seq, seq), current.build))

    def _writer(self, ix: windex.Index, procs: int = 1, **kwargs: Any):  # noqa: ANN202 - Whoosh type
        try:
            return _new_writer(ix, procs, timeout=WRITER_TIMEOUT_S, delay=0.05, **kwargs)
        except LockError:
            raise IndexBusy(
                "the search index is being written by another Reading List process; "
                "try again in a moment"
            ) from None

    def apply(
        self, docs: Iterable[dict[str, object]], deleted: Sequence[int], seq: int,
        *, procs: int = 1,
    ) -> None:
        """Replace ``docs``, drop ``deleted``; record that changes up to ``seq`` are in.

        ``procs`` > 1 indexes in that many child processes (a bulk add),
        each writing its own segment.
        """
        with self._write_lock:
            # Old copies are found with our open searcher, on the commit the
            # writer starts from: update_document would open a reader on
            # every segment for each commit (~15% of an edit, py-spy).
            writer, searcher = self.live_writer(procs)
            try:
                for pid in deleted:
                    writer.delete_by_term("pid", str(pid), searcher=searcher)
                for doc in docs:
                    writer.delete_by_term("pid", str(doc["pid"]), searcher=searcher)
                    writer.add_document(**doc)
                self.record_seq(seq)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
        if self.segment_count() > SEGMENT_CAP:
            self.compact()

    def segment_count(self) -> int:
        return len(self._searcher().reader().leaf_readers())

    def compact(self) -> bool:
        """Merge small segments (see ``tiered_merge``); True if anything was merged."""
        with self._write_lock:
            ix = self._index()
            sizes = [r.doc_count() for r, _ in self._searcher().reader().leaf_readers()]
            if not any(n >= MERGE_FACTOR for n in Counter(_tier(n) for n in sizes
                                                          if _tier(n) < MAX_MERGE_TIER).values()):
                return False
            writer = self._writer(ix, compound=False)
            try:
                writer.commit(mergetype=tiered_merge)
            except BaseException:
                writer.cancel()
                raise
            return True

    def rebuild(
        self,
        docs: Iterable[dict[str, object]],
        *,
        seq: int,
        total: int,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        procs: int = 1,
    ) -> None:
        """Build a fresh index from ``docs`` beside the old one, then swap it in."""
        with self._write_lock:
            # Left by a rebuild that was killed (e.g. the app closed during it).
            clean_leftovers(self.path)
            tmp = self.path.with_name(f"{self.path.name}.build-{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            live_lock = self._hold_live_writer()
            try:
                ix = windex.create_in(str(tmp), self.schema)
                writer = _new_writer(ix, procs, compound=False)
                done = 0
                try:
                    for doc in docs:
                        writer.add_document(**doc)
                        done += 1
                        if done % 1000 == 0:
                            if cancel is not None and cancel():
                                raise Cancelled("index rebuild cancelled")
                            if progress is not None:
                                progress(done, total)
                except BaseException:
                    writer.cancel()
                    raise
                faults.maybe_fail("index", tmp)
                writer.commit()
                build = uuid.uuid4().hex
                self._write_state(tmp, IndexState(SCHEMA_VERSION, seq, build))
                self._swap_in(tmp)
            finally:
                if live_lock is not None:
                    live_lock.release()
                shutil.rmtree(tmp, ignore_errors=True)
            if progress is not None:
                progress(total, total)
            self.open()

    def _hold_live_writer(self) -> Any:
        """Take the live index's writer lock for the whole rebuild.

        Otherwise another process (the app's index worker, a CLI command)
        would drain edits made after the rebuild's snapshot into the index
        about to be replaced and delete their outbox rows: the new index would
        never get them. Held, those writers wait or give up (``IndexBusy``),
        the rows stay, and this process drains them into the new index.
        """
        ix, _ = _open_quietly(self.path)
        if ix is None:
            return None  # no usable live index: nobody can write to it
        lock = ix.lock("WRITELOCK")
        deadline = time.monotonic() + WRITER_TIMEOUT_S
        while not lock.acquire(False):
            if time.monotonic() > deadline:
                raise IndexBusy("another Reading List process is writing the search index; "
                                "try the rebuild again in a moment")
            time.sleep(0.05)
        return lock

    def _swap_in(self, new: Path) -> None:
        old = self.path.with_name(f"{self.path.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(new, self.path)
        self.close()
        shutil.rmtree(old, ignore_errors=True)
