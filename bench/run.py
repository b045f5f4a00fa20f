"""Run the benchmark for one size: ``python -m bench.run --size 10k``.

Everything goes through :class:`LibraryService`, the way the app and the CLI
use it, on a fresh library in a scratch folder. Results go to
``bench/results/<size>.json`` and the size's section of ``bench/RESULTS.md``.
Budgets are PRODUCT.md §2; they are stated for 100k papers, and the table
for smaller sizes shows the same budgets for orientation.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.fts5_baseline import Fts5Baseline
from bench.generate import CORPORA, DEFAULT_SEED, SIZES, SyntheticLibrary, generate
from bench.queries import BenchQuery, query_set
from bench.treemem import TreeMemory
from bench.treemem import available as treemem_available
from readinglist.core.library import LibraryService
from readinglist.core.models import ReadStatus
from readinglist.core.search.schema import document
from readinglist.core.services.finder import Finder
from readinglist.core.storage import notes as notes_repo
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
# The app's limit for a result list: whatever service.search (Finder.search) uses by default.
SEARCH_LIMIT = inspect.signature(Finder.search).parameters["limit"].default
NOT_MEASURABLE = "not yet measurable"


@dataclass(frozen=True, slots=True)
class Plan:
    """How many repetitions a size gets (fewer at 100k: the machine is shared)."""

    search_passes: int
    edits_each: int
    startups: int
    exports: int
    dailies: int


PLANS = {
    "1k": Plan(search_passes=2, edits_each=5, startups=1, exports=1, dailies=1),
    "10k": Plan(search_passes=5, edits_each=30, startups=3, exports=3, dailies=3),
    "100k": Plan(search_passes=5, edits_each=30, startups=3, exports=2, dailies=3),
}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); what "p95" means in the budgets."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
    }


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import version

    def pkg(name: str) -> str:
        try:
            return version(name)
        except Exception:  # noqa: BLE001 - only for the report
            return "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": pkg("whoosh-reloaded"),
        "pyside6": pkg("PySide6-Essentials"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--",
                                "readinglist"], capture_output=True, text=True, check=True)
        return out.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


@dataclass
class Run:
    size_name: str
    lib: SyntheticLibrary
    workdir: Path
    plan: Plan
    log: Callable[[str], None]
    results: dict[str, Any] = field(default_factory=dict)
    reused: bool = False
    quick_build: bool = False

    def build_or_reuse(self) -> LibraryService:
        """The library with its owned data and index: built now, or kept from a run before."""
        marker = self.workdir / "complete"
        if marker.exists():
            self.reused = True
            service = LibraryService(self.library_dir, auto_index=False)
            service.indexing.ensure()
            self.log(f"reusing the library in {self.workdir}")
            return service
        shutil.rmtree(self.library_dir, ignore_errors=True)
        if self.quick_build:
            # One indexing pass (the data first, then a rebuild): a kept
            # 100k library is built once, and bulk add is measured on its own
            # (cli_import) at that size.
            service = LibraryService(self.library_dir, auto_index=False)
            service.papers.add_many(self.lib.drafts)
            self.add_owned(service)
            self.reindex(service)
            return service
        service = self.bulk_add()
        self.add_owned(service)
        self.reindex(service)
        return service

    def cli_import(self, procs: tuple[int, ...] = (1, 2)) -> None:
        """``readinglist import`` of the whole library's JSON export, as a user runs it.

        Committed and searchable at the end (the CLI indexes before it
        returns); peak memory of the whole process tree (``bench/treemem.py``,
        PSS). Run with 1 and with 2 indexing processes.
        """
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        export = self.workdir / "export.json"
        if not export.exists():
            subprocess.run([sys.executable, "-m", "readinglist", "--library",
                            str(self.library_dir), "export", "--format", "json", "-o",
                            str(export)], cwd=REPO, env=env, check=True, capture_output=True)
        out: dict[str, Any] = {}
        for n in procs:
            target = self.workdir / f"import-{n}"
            shutil.rmtree(target, ignore_errors=True)
            code = ("import sys, readinglist.core.search.index as ix; "
                    f"ix.writer_procs = lambda docs, _f=ix.writer_procs: 1 if {n} == 1 else _f(docs); "
                    "import readinglist.core.services.indexing as up; up.writer_procs = ix.writer_procs; "
                    "from readinglist.cli.main import main; sys.exit(main())")
            load_start = os.getloadavg()[0]
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code, "--library", str(target),
                                     "import", str(export)], cwd=REPO, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            memory = TreeMemory(proc.pid).start() if treemem_available() else None
            committed: list[float] = []

            def watch(stream: Any, seen: list[float] = committed) -> None:
                # "Imported: ..." is printed after the SQLite commit, before indexing.
                for line in stream:
                    if line.startswith(b"Imported:") and not seen:
                        seen.append(time.perf_counter() - t0)

            reader = threading.Thread(target=watch, args=(proc.stdout,), daemon=True)
            reader.start()
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            cpu = usage.ru_utime + usage.ru_stime
            if memory is not None:
                memory.stop()
            reader.join(5)
            proc.returncode = os.waitstatus_to_exitcode(status)
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.returncode != 0:
                raise RuntimeError(f"import failed: {err[-2000:]}")
            papers = self.lib.size
            row = {"papers": papers, "seconds": round(seconds, 1),
                   "papers_per_s": round(papers / seconds, 1),
                   "committed_after_s": round(committed[0], 1) if committed else None,
                   "cpu_seconds_all_processes": round(cpu, 1),

                   "load_average_start_end": [round(load_start, 2),
                                              round(os.getloadavg()[0], 2)]}
            if memory is not None:
                row.update(memory.as_dict())
            out[f"procs_{n}"] = row
            # Not ru_maxrss: a child forked from this process counts this
            # process's pages (the generated library, ~700 MB) until it execs.
            self.log(f"CLI import, {n} process(es): {papers / seconds:.0f} papers/s "
                     f"(committed after {row['committed_after_s']} s), whole tree "
                     f"{row.get('peak_tree_pss_mb', '?')} MB (PSS)")
            shutil.rmtree(target, ignore_errors=True)
        self.results["cli_import"] = out

    def mark_complete(self) -> None:
        (self.workdir / "complete").write_text("built by bench.run\n")

    @property
    def library_dir(self) -> Path:
        return self.workdir / "library"

    # ---- bulk add and reindex ------------------------------------------------

    def bulk_add(self) -> LibraryService:
        """Add every paper in one call, until all are committed and searchable."""
        service = LibraryService(self.library_dir, auto_index=False)
        service.indexing.ensure()  # a library in use: its (empty) index exists
        drafts = self.lib.drafts
        n = len(drafts)
        t0 = time.perf_counter()
        report = service.papers.add_many(drafts)
        t1 = time.perf_counter()
        service.indexing.sync()
        t2 = time.perf_counter()
        assert len(report.added) == n, report.summary()
        assert service.search(self.lib.words[8]).total > 0
        self.results["bulk_add"] = {
            "papers": n,
            "seconds": round(t2 - t0, 3),
            "papers_per_s": round(n / (t2 - t0), 1),
            "sqlite_seconds": round(t1 - t0, 3),
            "index_seconds": round(t2 - t1, 3),
        }
        self.log(f"bulk add: {n / (t2 - t0):.0f} papers/s "
                 f"(SQLite {t1 - t0:.1f} s, index {t2 - t1:.1f} s)")
        return service

    def add_owned(self, service: LibraryService) -> None:
        """Tags, notes and statuses as a user's library has them (set-up, not a budget)."""
        t0 = time.perf_counter()
        ids = service.papers.list_ids(sort="id", descending=False)
        by_tag: dict[str, list[int]] = {}
        by_status: dict[ReadStatus, list[int]] = {}
        with service.store.write() as txn:
            for pid, paper in zip(ids, self.lib.papers, strict=True):
                for tag in paper.tags:
                    by_tag.setdefault(tag, []).append(pid)
                by_status.setdefault(paper.status, []).append(pid)
                for body in paper.notes:
                    notes_repo.add(txn, pid, body)
            for tag, tagged in by_tag.items():
                tags_repo.add_tags(txn, tagged, [tag])
            for status, group in by_status.items():
                papers_repo.set_columns(txn, group, status=status.value)
        # Not indexed here: the timed reindex that follows brings them in.
        self.results["setup_owned_data"] = {"sqlite_seconds": round(time.perf_counter() - t0, 3),
                                            "papers_changed": service.indexing.pending_changes()}
        self.log(f"tags/notes/status set in SQLite: {time.perf_counter() - t0:.1f} s")

    def reindex(self, service: LibraryService) -> None:
        n = service.papers.count()
        t0 = time.perf_counter()
        service.indexing.rebuild()
        seconds = time.perf_counter() - t0
        self.results["reindex"] = {"papers": n, "seconds": round(seconds, 3),
                                   "papers_per_s": round(n / seconds, 1)}
        self.log(f"reindex: {n / seconds:.0f} papers/s ({seconds:.1f} s)")

    # ---- search and the FTS5 baseline -------------------------------------

    def fts5(self, service: LibraryService) -> Fts5Baseline:
        if self.reused:
            return Fts5Baseline(self.workdir / "fts5.db", reuse=True)
        base = Fts5Baseline(self.workdir / "fts5.db")
        db = service.store.db()
        ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")]

        def rows():  # noqa: ANN202
            for start in range(0, len(ids), 1000):
                for paper in service.papers.get_many(ids[start:start + 1000]):
                    yield document(paper), list(paper.tags), paper.added

        n, seconds = base.build(rows())
        self.results["fts5_build"] = {"papers": n, "seconds": round(seconds, 3),
                                      "papers_per_s": round(n / seconds, 1)}
        self.log(f"FTS5 build: {n / seconds:.0f} papers/s")
        return base

    def search(self, service: LibraryService, base: Fts5Baseline) -> None:
        queries = query_set(self.lib)
        ours: dict[str, list[float]] = {q.label: [] for q in queries}
        theirs: dict[str, list[float]] = {q.label: [] for q in queries}
        hits: dict[str, tuple[int, int]] = {}

        def once(q: BenchQuery, record: bool) -> None:
            t0 = time.perf_counter()
            result = service.search(q.query, limit=SEARCH_LIMIT)
            t1 = time.perf_counter()
            fts_ids = base.search(q, SEARCH_LIMIT)
            t2 = time.perf_counter()
            if record:
                ours[q.label].append(t1 - t0)
                theirs[q.label].append(t2 - t1)
                hits[q.label] = (result.total, len(fts_ids))

        for q in queries:  # warm-up: first searcher, page cache
            once(q, record=False)
        for _ in range(self.plan.search_passes):
            for q in queries:
                once(q, record=True)
        all_ours = [t for ts in ours.values() for t in ts]
        all_theirs = [t for ts in theirs.values() for t in ts]
        s_ours, s_theirs = summary_ms(all_ours), summary_ms(all_theirs)
        self.results["search"] = {
            "corpus": self.lib.corpus,
            "limit": SEARCH_LIMIT,
            "passes": self.plan.search_passes,
            "whoosh": s_ours,
            "fts5": s_theirs,
            "ratio_p95": round(s_ours["p95_ms"] / max(s_theirs["p95_ms"], 1e-6), 2),
            "queries": [
                {"label": q.label, "query": q.query, "fts5": q.fts_match or q.fts_where,
                 "hits": hits[q.label][0], "fts5_hits_shown": hits[q.label][1],
                 "median_ms": round(statistics.median(ours[q.label]) * 1000, 2),
                 "p95_ms": round(percentile(ours[q.label], 95) * 1000, 2),
                 "max_ms": round(max(ours[q.label]) * 1000, 2),
                 "fts5_median_ms": round(statistics.median(theirs[q.label]) * 1000, 2),
                 "fts5_p95_ms": round(percentile(theirs[q.label], 95) * 1000, 2),
                 "ratio": round(statistics.median(ours[q.label])
                                / max(statistics.median(theirs[q.label]), 1e-5), 2)}
                for q in queries
            ],
        }
        slower = [q["label"] for q in self.results["search"]["queries"] if q["ratio"] > 1]
        self.results["search"]["slower_than_fts5"] = slower
        self.log(f"search p50/p95/max: {s_ours['median_ms']}/{s_ours['p95_ms']}/"
                 f"{s_ours['max_ms']} ms; FTS5 {s_theirs['median_ms']}/{s_theirs['p95_ms']}/"
                 f"{s_theirs['max_ms']} ms; ratio {self.results['search']['ratio_p95']}")

    # ---- edits visible in search --------------------------------------------

    def edits(self, service: LibraryService) -> None:
        """Edit, then search until the paper shows up: what a user waits for."""
        rng = random.Random(f"{self.lib.seed}:edits")
        ids = service.papers.list_ids(sort="id", descending=False)
        service.indexing.auto_index = True  # the edit call itself brings the index up to date
        times: dict[str, list[float]] = {"tag": [], "status": [], "note": []}
        statuses = [s for s in ReadStatus]
        rank = {w: i for i, w in enumerate(self.lib.words)}
        # New tags and note words in every run: on a kept library (--keep) the
        # same tag again would change nothing, and nothing would be timed.
        run_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        for k in range(self.plan.edits_each):
            # Between edits the app is idle and merges small index segments
            # (LibraryService.compact_index); not part of what a user waits for.
            service.indexing.compact()
            pid = rng.choice(ids)
            paper = service.papers.get(pid)
            # A word of the paper, as a user checking would type: on the
            # synthetic corpus the longest title word (a rare one); on the
            # realistic one its most common title word (issue 13: "a word +
            # its new tag", where the word is in most papers).
            if self.lib.corpus == "realistic":
                head = min(paper.title.lower().split(), key=lambda w: rank.get(w, 10**9))
            else:
                head = max(paper.title.split(), key=len)

            tag = f"bench/edited/r{run_id}/e{k}"
            t0 = time.perf_counter()
            service.tags.add([pid], [tag])
            found = service.search(f"tag:{tag} {head}").ids
            times["tag"].append(time.perf_counter() - t0)
            assert pid in found, ("tag edit not visible", pid, found)

            status = rng.choice([s for s in statuses if s is not paper.status])
            t0 = time.perf_counter()
            service.papers.set_status([pid], status)
            # A common word with a status matches thousands: the paper's new
            # tag (just added) picks it out, the word keeps it a text search.
            found = service.search(f"status:{status.value} tag:{tag} {head}").ids
            times["status"].append(time.perf_counter() - t0)
            assert pid in found, ("status edit not visible", pid, found)

            word = f"zqnote{k}x{run_id}"
            t0 = time.perf_counter()
            service.notes.add(pid, f"Remember {word} for the review.")
            found = service.search(f"note:{word}").ids
            times["note"].append(time.perf_counter() - t0)
            assert found == [pid], ("note edit not visible", pid, found)
        service.indexing.auto_index = False
        all_times = [t for ts in times.values() for t in ts]
        self.results["edit_visible"] = {"all": summary_ms(all_times),
                                        **{k: summary_ms(v) for k, v in times.items()}}
        s = self.results["edit_visible"]["all"]
        self.log(f"edit → visible in search: median {s['median_ms']} ms, p95 {s['p95_ms']} ms")

    # ---- the desktop app -----------------------------------------------------

    def startup(self) -> None:
        times: list[float] = []
        probes: list[dict[str, Any]] = []
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        query = self.lib.words[40]
        for _ in range(self.plan.startups):
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "bench.startup_probe", str(self.library_dir), query],
                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            assert proc.stdout is not None
            first = proc.stdout.readline().strip()
            ready = time.perf_counter() - t0
            out, err = proc.communicate(timeout=300)
            if first != "ready" or proc.returncode != 0:
                raise RuntimeError(f"app start failed ({first!r}): {err[-2000:]}")
            times.append(ready)
            probes.append(json.loads(out.strip().splitlines()[-1]))
        rss = max(max(p["rss_shown_mb"], p["rss_after_search_mb"]) for p in probes)
        self.results["startup"] = {
            **summary_ms(times),
            "rss_mb": round(rss, 1),
            "rss_shown_mb": round(max(p["rss_shown_mb"] for p in probes), 1),
            "rows_shown": probes[-1]["rows_shown"],
            "first_search_ms": round(statistics.median(p["first_search_s"] for p in probes) * 1000, 1),
        }
        st = self.results["startup"]
        self.log(f"app start: median {st['median_ms']} ms; RSS {st['rss_mb']} MB")

    def responsiveness(self) -> None:
        """Event-loop stalls while typing searches, and table scroll steps (bench.gui_probe)."""
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        words = self.lib.words
        queries = [words[3], f"{words[10]} {words[25]}", f"{words[40]}*"[:6] + "*",
                   f'"{words[7]} {words[8]}"', f"{words[5]} -{words[6]}"]
        proc = subprocess.run(
            [sys.executable, "-m", "bench.gui_probe", str(self.library_dir), *queries],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"GUI probe failed: {proc.stderr[-2000:]}")
        probe = json.loads(proc.stdout.strip().splitlines()[-1])
        self.results["responsiveness"] = {k: round(v, 1) if isinstance(v, float) else v
                                          for k, v in probe.items()}
        self.log(f"typing: longest event-loop stall {probe['stall_max_ms']:.0f} ms; "
                 f"scroll step p95 {probe['scroll_p95_ms']:.0f} ms")

    # ---- export and daily import (other issues provide the service calls) ----

    def export(self, service: LibraryService) -> None:
        times = []
        size = 0
        service.indexing.sync()
        for _ in range(self.plan.exports):
            t0 = time.perf_counter()
            text = service.exports.text("bibtex")
            times.append(time.perf_counter() - t0)
            size = len(text.encode("utf-8"))
        self.results["bibtex_export"] = {**summary_ms(times), "bytes": size,
                                         "note": f"{size / 2**20:.0f} MB of BibTeX"}
        self.log(f"BibTeX export: median {statistics.median(times):.2f} s")

    def daily(self, service: LibraryService) -> None:
        """Fetch a 100-paper Hugging Face day from a local server and add it all."""
        try:
            from tests.fakes.services import serve_hf_day
        except ImportError:
            self.results["daily_import"] = {"status": NOT_MEASURABLE,
                                            "why": "the fake Hugging Face server is missing"}
            return
        from readinglist.core.net.session import HttpClient, NetConfig

        times: list[float] = []
        added = 0
        service.indexing.auto_index = True  # added means searchable, as in the CLI
        today = datetime.now(UTC).date()
        for k in range(self.plan.dailies):
            day = today - timedelta(days=3 + k)
            with serve_hf_day(day, 100, seed=k + 1) as fake:
                saved = {name: os.environ.get(name) for name in fake.env()}
                os.environ.update(fake.env())
                try:
                    service.http = HttpClient(NetConfig.from_env())
                    t0 = time.perf_counter()
                    listing = service.daily.fetch(day, ["hf"])
                    report = service.daily.add(day, [i.arxiv_id for i in listing.items])
                    times.append(time.perf_counter() - t0)
                finally:
                    for name, value in saved.items():
                        if value is None:
                            os.environ.pop(name, None)
                        else:
                            os.environ[name] = value
            added = len(report.added)
            assert added == 100, report.summary()
        service.indexing.auto_index = False
        self.results["daily_import"] = {**summary_ms(times), "papers": added,
                                        "note": "fetch (local HTTP) + add + indexed"}
        self.log(f"daily import of 100: median {statistics.median(times) * 1000:.0f} ms")

def run(size_name: str, *, seed: int = DEFAULT_SEED, workdir: Path | None = None,
        write: bool = True, log: Callable[[str], None] = print,
        corpora: tuple[str, ...] = CORPORA, keep: Path | None = None,
        search_only: bool = False, import_probe: bool = False) -> dict[str, Any]:
    """One benchmark run; returns the result document (and writes it if ``write``).

    The first corpus gets every measurement; the others (the realistic
    corpus) bulk add, search and edits. ``keep``: build the libraries there
    once and reuse them in later runs (building 100k takes minutes).
    ``search_only``: skip the app start, GUI, export and daily measurements.
    """
    started = datetime.now(UTC)
    info = machine()
    t0 = time.perf_counter()
    results: dict[str, Any] = {}
    size = 0
    for n, corpus in enumerate(corpora):
        tg = time.perf_counter()
        lib = generate(size_name, seed, corpus)
        size = lib.size
        log(f"{corpus}: generated {lib.size} papers in {time.perf_counter() - tg:.1f} s")
        if keep is not None:
            scratch = keep / f"{corpus}-{size_name}-{seed}"
            scratch.mkdir(parents=True, exist_ok=True)
        else:
            scratch = Path(tempfile.mkdtemp(prefix=f"rl-bench-{size_name}-", dir=workdir))
        r = Run(size_name, lib, scratch, PLANS.get(size_name, PLANS["1k"]),
                lambda m, c=corpus: log(f"{c}: {m}"), quick_build=keep is not None)
        try:
            service = r.build_or_reuse()
            base = r.fts5(service)
            r.mark_complete()
            r.search(service, base)
            base.close()
            r.edits(service)
            if n == 0 and not search_only:
                r.export(service)
                r.daily(service)
            service.close()
            if import_probe and corpus == corpora[-1]:
                r.cli_import()
            if n == 0 and not search_only:
                r.startup()
                r.responsiveness()
                r.results["library_on_disk_mb"] = round(
                    sum(f.stat().st_size for f in r.library_dir.rglob("*") if f.is_file())
                    / 2**20, 1)
        finally:
            if keep is None:
                shutil.rmtree(scratch, ignore_errors=True)
        if n == 0:
            results.update(r.results)
        else:
            results[corpus] = r.results
    lib_size = size
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    doc = {
        "size": size_name,
        "papers": lib_size,
        "corpora": list(corpora),
        "seed": seed,
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "seconds": round(time.perf_counter() - t0, 1),
        "machine": info,
        "results": results,
    }
    if write:
        from bench.report import update_results_md, write_json

        write_json(doc)
        update_results_md(doc)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the scratch library goes (default: the system temp dir)")
    parser.add_argument("--no-write", action="store_true", help="print, do not update results")
    parser.add_argument("--corpus", choices=[*CORPORA, "both"], default="both",
                        help="synthetic words, realistic (common words in most papers), or both")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the libraries in this folder once and reuse them")
    parser.add_argument("--search-only", action="store_true",
                        help="skip app start, GUI, export and daily measurements")
    parser.add_argument("--import-probe", action="store_true",
                        help="also time 'readinglist import' of the whole library, 1 and 2 "
                             "indexing processes, with peak memory")
    args = parser.parse_args(argv)
    corpora = CORPORA if args.corpus == "both" else (args.corpus,)
    doc = run(args.size, seed=args.seed, workdir=args.workdir, write=not args.no_write,
              log=lambda m: print(f"[{args.size}] {m}", flush=True), corpora=corpora,
              keep=args.keep, search_only=args.search_only, import_probe=args.import_probe)
    if args.no_write:
        print(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
