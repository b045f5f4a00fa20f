"""Results: ``bench/results/<size>.json`` and the size's section of RESULTS.md.

Each size owns a block between markers in RESULTS.md, so a 10k run leaves
the 100k numbers (and the hand-written analysis outside the blocks) alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
RESULTS_MD = BENCH_DIR / "RESULTS.md"
SIZE_ORDER = ("100k", "10k", "1k")

_HEADER = """# Benchmark results

Budgets: PRODUCT.md §2 (stated for 100,000 papers). Produced by
`make bench` (10k) and `make bench-full` (100k); each run rewrites its own
section below and `bench/results/<size>.json`. Numbers are from one run on
a shared machine (see the load averages): compare ratios within a run.

"""


def write_json(doc: dict[str, Any], results_dir: Path = RESULTS_DIR) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{doc['size']}.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def budget_rows(doc: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(what, budget, measured, FTS5 / note, meets) for each PRODUCT §2 budget."""
    r = doc["results"]
    rows = []
    st = r.get("startup")
    if st:
        rows.append(("start to usable window (offscreen, first rows shown)", "≤ 1.5 s",
                     f"median {_ms(st['median_ms'])}, p95 {_ms(st['p95_ms'])} (n={st['n']})",
                     f"table has {st['rows_shown']:,} rows", _verdict(st["p95_ms"] <= 1500)))
    g = r.get("responsiveness")
    if g:
        rows.append(("typing in the search bar never blocks the window (issue #5)", "≤ 100 ms",
                     f"longest stall {_ms(g['stall_max_ms'])} (p99 {_ms(g['stall_p99_ms'])})",
                     f"{g['keys_typed']} keys typed, one every 60 ms; table scroll step p95 "
                     f"{_ms(g['scroll_p95_ms'])}, max {_ms(g['scroll_max_ms'])}",
                     _verdict(g["stall_max_ms"] <= 100)))
    s = r.get("search")
    if s:
        w, f = s["whoosh"], s["fts5"]
        ok = w["p95_ms"] <= 50 and s["ratio_p95"] <= 3
        rows.append(("search as you type, p95 over the mixed set",
                     "≤ 50 ms and ≤ 3× FTS5",
                     f"p95 {_ms(w['p95_ms'])} (median {_ms(w['median_ms'])}, max {_ms(w['max_ms'])})",
                     f"FTS5 p95 {_ms(f['p95_ms'])} (median {_ms(f['median_ms'])}); "
                     f"ratio **{s['ratio_p95']}×**",
                     _verdict(ok)))
    e = r.get("edit_visible")
    if e:
        a = e["all"]
        rows.append(("tag / status / note edit, visible in search", "≤ 50 ms p95",
                     f"p95 {_ms(a['p95_ms'])} (median {_ms(a['median_ms'])}, n={a['n']})",
                     ", ".join(f"{k} p95 {_ms(e[k]['p95_ms'])}" for k in ("tag", "status", "note")),
                     _verdict(a["p95_ms"] <= 50)))
    for key, what, budget, limit_s in (
        ("daily_import", "import a daily list of 100 papers (local server)", "≤ 1 s", 1.0),
        ("bibtex_export", "BibTeX export of the whole library", "≤ 3 s", 3.0),
    ):
        m = r.get(key, {})
        if "status" in m:
            rows.append((what, budget, m["status"], m.get("why", ""), "—"))
        elif m:
            rows.append((what, budget, f"median {_ms(m['median_ms'])}, p95 {_ms(m['p95_ms'])}",
                         m.get("note", ""), _verdict(m["p95_ms"] <= limit_s * 1000)))
    if st:
        rows.append(("resident memory with the library open", "≤ 300 MB",
                     f"{st['rss_mb']:.0f} MB", f"{st['rss_shown_mb']:.0f} MB when the first rows "
                     "show; the rest after one full-text search", _verdict(st["rss_mb"] <= 300)))
    b = r.get("bulk_add")
    if b:
        rows.append(("bulk add (committed and searchable)", "≥ 2,000 papers/s",
                     f"{b['papers_per_s']:,.0f} papers/s",
                     f"{b['papers']:,} papers in {b['seconds']:.1f} s, indexed on every core "
                     f"while written (index caught up {b['index_seconds']:.1f} s after)",
                     _verdict(b["papers_per_s"] >= 2000)))
    x = r.get("reindex")
    if x:
        fb = r.get("fts5_build", {})
        rows.append(("reindex", "≥ 2,000 papers/s", f"{x['papers_per_s']:,.0f} papers/s",
                     f"{x['seconds']:.1f} s; FTS5 build {fb.get('papers_per_s', 0):,.0f} papers/s",
                     _verdict(x["papers_per_s"] >= 2000)))
    for corpus, res in (("", r), *((c, r[c]) for c in ("realistic", "synthetic") if c in r)):
        imp = res.get("cli_import") if isinstance(res, dict) else None
        if not imp or "procs_2" not in imp:
            continue
        two, one = imp["procs_2"], imp.get("procs_1", {})
        peaks = [row.get("peak_tree_pss_mb") for row in (one, two) if row.get("peak_tree_pss_mb")]
        ok = two["papers_per_s"] >= 900 and bool(peaks) and max(peaks) <= 400
        detail = (f"1 process: {one['papers_per_s']:,.0f} papers/s, "
                  f"{one.get('peak_tree_pss_mb', '?')} MB" if one else "")
        rows.append((f"`readinglist import` of the {corpus or 'library'} JSON export "
                     "(issue 13, this 2-core machine)", "≥ 900 papers/s, ≤ 400 MB for all processes",
                     f"{two['papers_per_s']:,.0f} papers/s with 2 indexing processes "
                     f"(saved after {two['committed_after_s']} s), peak "
                     f"{two.get('peak_tree_pss_mb', '?')} MB (PSS, whole tree)",
                     detail, _verdict(ok)))
    return rows


def section(doc: dict[str, Any]) -> str:
    m = doc["machine"]
    lines = [
        f"## {doc['papers']:,} papers ({doc['size']})",
        "",
        f"Run {doc['date']}, commit `{doc['commit']}`, {doc['seconds']:.0f} s in all. "
        f"Machine: {m['cpu'] or 'unknown CPU'}, {m['cores']} cores, {m['memory_gb']} GB; "
        f"{m['os']}; Python {m['python']}, SQLite {m['sqlite']}, Whoosh {m['whoosh']}, "
        f"PySide6 {m['pyside6']}. Load average {m['load_average_at_start'][0]} at start, "
        f"{m['load_average_at_end'][0]} at end (the machine is shared).",
        "",
        "| what | budget | measured | baseline / detail | meets |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {' | '.join(row)} |" for row in budget_rows(doc)),
    ]
    r = doc["results"]
    for title, res in [(r.get("search", {}).get("corpus", "synthetic"), r),
                       *[(c, r[c]) for c in doc.get("corpora", [])[1:] if c in r]]:
        lines += _search_table(title, res)
    return "\n".join(lines) + "\n"


def _search_table(corpus: str, res: dict[str, Any]) -> list[str]:
    s = res.get("search")
    if not s:
        return []
    w, f = s["whoosh"], s["fts5"]
    lines = [
        "",
        f"### Search, {corpus} corpus (limit {s['limit']}, {s['passes']} timed passes after a "
        "warm-up)",
        "",
        f"Over the set: ours median {_ms(w['median_ms'])}, p95 {_ms(w['p95_ms'])}; FTS5 median "
        f"{_ms(f['median_ms'])}, p95 {_ms(f['p95_ms'])}. Ratio = our median / FTS5's median "
        "for the form (≤ 1 means faster than FTS5).",
        "",
        "| query form | typed | hits | ours median | ours p95 | FTS5 median | FTS5 p95 | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for q in s["queries"]:
        ratio = q.get("ratio", q["median_ms"] / max(q["fts5_median_ms"], 1e-5))
        mark = f"**{ratio:.2f}**" if ratio > 1 else f"{ratio:.2f}"
        lines.append(
            f"| {q['label']} | `{q['query']}` | {q['hits']:,} | {_ms(q['median_ms'])} | "
            f"{_ms(q.get('p95_ms', q['max_ms']))} | {_ms(q['fts5_median_ms'])} | "
            f"{_ms(q.get('fts5_p95_ms', q['fts5_median_ms']))} | {mark} |")
    e = res.get("edit_visible")
    if e:
        a = e["all"]
        lines += ["", f"Edit, then visible in search ({corpus}): p95 {_ms(a['p95_ms'])}, median "
                  f"{_ms(a['median_ms'])} (n={a['n']}); tag + word p95 {_ms(e['tag']['p95_ms'])}."]
    b = res.get("bulk_add")
    if b and res is not None and "startup" not in res:
        lines += ["", f"Bulk add ({corpus}): {b['papers_per_s']:,.0f} papers/s "
                  f"({b['seconds']:.1f} s)."]
    return lines


def _markers(size: str) -> tuple[str, str]:
    return f"<!-- bench:{size}:begin -->", f"<!-- bench:{size}:end -->"


def update_results_md(doc: dict[str, Any], path: Path = RESULTS_MD) -> None:
    text = path.read_text("utf-8") if path.exists() else _HEADER
    begin, end = _markers(doc["size"])
    block = f"{begin}\n{section(doc)}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        # Keep sizes in order (largest first), before any hand-written notes.
        later = [s for s in SIZE_ORDER[SIZE_ORDER.index(doc["size"]) + 1:]
                 if _markers(s)[0] in text] if doc["size"] in SIZE_ORDER else []
        anchor = _markers(later[0])[0] if later else "<!-- bench:notes -->"
        if anchor in text:
            head, rest = text.split(anchor, 1)
            text = head + block + "\n\n" + anchor + rest
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")
