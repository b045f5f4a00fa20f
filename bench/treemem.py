"""Memory of a whole process tree, sampled while it runs.

A bulk import indexes in child processes; ``ru_maxrss`` gives the largest
single process, not the tree. Here every process of the tree is read from
``/proc`` twice a second: the sum of resident sizes (counts pages shared
between parent and children once per process, an upper bound) and the sum
of proportional set sizes (PSS: each shared page split between the processes
sharing it, so the sum is what the tree really occupies). Linux only.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    return seen


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class TreeMemory:
    """Peaks of a process tree's memory, sampled in a thread until ``stop()``."""

    pid: int
    interval: float = 0.5
    peak_rss_sum_mb: float = 0.0
    peak_pss_sum_mb: float = 0.0
    peak_processes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss_pss_kb(p) for p in _tree(self.pid)]
            rss = sum(s[0] for s in sizes) / 1024
            pss = sum(s[1] for s in sizes) / 1024
            self.peak_rss_sum_mb = max(self.peak_rss_sum_mb, rss)
            if pss > self.peak_pss_sum_mb:
                self.peak_pss_sum_mb = pss
                self.peak_processes = len(sizes)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def as_dict(self) -> dict[str, float]:
        return {"peak_tree_pss_mb": round(self.peak_pss_sum_mb, 1),
                "peak_tree_rss_sum_mb": round(self.peak_rss_sum_mb, 1),
                "processes_at_peak": self.peak_processes}


def available() -> bool:
    return os.path.exists(f"/proc/{os.getpid()}/smaps_rollup")

