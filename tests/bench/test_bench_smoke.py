"""The benchmark suite runs end to end at 1k papers, so it cannot rot.

No timing assertions here (budgets are the benchmark's business); this
checks that every measurement ran on a real library and that its numbers
are the kind a report can use.
"""

from __future__ import annotations

import math

import pytest

from bench.generate import generate
from bench.queries import query_set
from bench.report import budget_rows, section, update_results_md
from bench.run import run

pytestmark = pytest.mark.integration


def test_generator_is_deterministic_and_shaped_like_a_library():
    a, b = generate(300), generate(300)
    assert [p.draft for p in a.papers] == [p.draft for p in b.papers]
    assert generate(300, seed=7).papers[0].draft != a.papers[0].draft
    titles = [len(p.draft.title.split()) for p in a.papers]
    abstracts = [len(p.draft.abstract.split()) for p in a.papers]
    assert 9 <= sum(titles) / len(titles) <= 11
    assert 170 <= sum(abstracts) / len(abstracts) <= 190
    assert all(1 <= len(p.draft.authors) <= 12 for p in a.papers)
    assert all(len(p.tags) <= 6 for p in a.papers)
    assert any("/" in t for p in a.papers for t in p.tags)
    assert 0.12 <= sum(1 for p in a.papers if p.notes) / len(a.papers) <= 0.28
    assert all(1990 <= (p.draft.year or 0) <= 2026 for p in a.papers)
    names = "".join(au.name for p in a.papers for au in p.draft.authors)
    assert any(ord(c) > 0x3000 for c in names) and any("\u0400" <= c <= "\u04ff" for c in names)


def test_one_small_run_measures_everything(tmp_path):
    doc = run("1k", workdir=tmp_path, write=False, log=lambda _m: None, corpora=("synthetic",))
    r = doc["results"]
    assert r["bulk_add"]["papers"] == 1000 and r["reindex"]["papers"] == 1000
    assert r["bulk_add"]["papers_per_s"] > 0 and r["reindex"]["papers_per_s"] > 0
    queries = r["search"]["queries"]
    assert len(queries) == len(query_set(generate(1000)))
    by_label = {q["label"]: q for q in queries}
    # The set is mixed: some queries hit many papers, one hits nothing, and
    # the FTS5 baseline finds results for the same intents.
    assert by_label["matches nothing"]["hits"] == 0
    assert by_label["very common word"]["hits"] > 500
    assert 0 < by_label["rare word"]["hits"] < 100
    assert by_label["phrase"]["hits"] > 0 and by_label["phrase"]["fts5_hits_shown"] > 0
    assert by_label["tag"]["hits"] > 0 and by_label["year range"]["fts5_hits_shown"] > 0
    assert math.isfinite(r["search"]["ratio_p95"]) and r["search"]["ratio_p95"] > 0
    assert r["edit_visible"]["all"]["n"] == 15
    assert r["startup"]["rows_shown"] > 0 and 30 < r["startup"]["rss_mb"] < 2000
    assert r["daily_import"]["papers"] == 100
    assert r["bibtex_export"]["bytes"] > 1000 * 200  # every paper, with its abstract
    for row in budget_rows(doc):
        assert row[2], row  # every budget has a measured value or says why not

    md = tmp_path / "RESULTS.md"
    md.write_text("# Results\n\n<!-- bench:notes -->\nhand-written analysis\n", "utf-8")
    update_results_md(doc, md)
    update_results_md(doc, md)  # a second run replaces its section, keeps the notes
    text = md.read_text("utf-8")
    assert text.count("<!-- bench:1k:begin -->") == 1
    assert text.index("<!-- bench:1k:end -->") < text.index("hand-written analysis")
    assert section(doc) in text


def test_the_realistic_corpus_has_common_words_and_every_query_form(tmp_path):
    lib = generate(400, corpus="realistic")
    abstracts = [set(p.draft.abstract.lower().replace(".", "").split()) for p in lib.papers]
    share = sum("model" in a for a in abstracts) / len(abstracts)
    assert 0.8 <= share <= 0.99  # as in arXiv abstracts (issue 13)
    assert sum("graph attention" in p.draft.abstract.lower() for p in lib.papers) > 3
    doc = run("400", workdir=tmp_path, write=False, log=lambda _m: None,
              corpora=("realistic",), search_only=True)
    queries = {q["label"]: q for q in doc["results"]["search"]["queries"]}
    assert {"one common word", "two common words", "three words", "phrase", "prefix dist*",
            "a OR b", "word -other", "word + tag:", "word + year:", "word + status:",
            "as you type: graph attention net*"} <= set(queries)
    assert queries["one common word"]["hits"] > 300
    assert queries["phrase"]["hits"] > 0 and queries["phrase"]["fts5_hits_shown"] > 0
    assert all(q["ratio"] > 0 for q in queries.values())
    assert doc["results"]["edit_visible"]["all"]["n"] > 0
    assert "| query form | typed | hits | ours median" in section(doc)
