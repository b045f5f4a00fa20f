"""``readinglist export`` and ``readinglist config auto-export`` as a user runs them."""

from __future__ import annotations

import json

import pytest
from bibcheck import fields, parse

pytestmark = pytest.mark.integration

LIBRARY = {
    "format": "readinglist",
    "version": 1,
    "papers": [
        {
            "title": "Attention Is All You Need",
            "authors": ["Ashish Vaswani", "Łukasz Kaiser"],
            "year": 2017,
            "arxiv_id": "1706.03762",
            "primary_category": "cs.CL",
            "tags": ["ml"],
            "abstract": "Transduction models.",
        },
        {
            "title": "BERT: Pre-training & 100% of $\\alpha$",
            "authors": ["Jacob Devlin"],
            "year": 2019,
            "doi": "10.18653/v1/N19-1423",
            "venue": "Proceedings of NAACL",
        },
    ],
}


@pytest.fixture
def loaded(cli, tmp_path):
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(LIBRARY))
    cli("import", str(path))
    return cli


def test_export_defaults_to_bibtex_on_stdout(loaded):
    text = loaded("export").stdout
    entries = {e.key: fields(e) for e in parse(text).entries}
    assert (
        entries["vaswaniAttentionAllYou2017"]["author"] == r"Vaswani, Ashish and Kaiser, {\L}ukasz"
    )
    assert (
        entries["devlinBERTPretraining1002019"]["title"]
        == r"{BERT}: Pre-training \& 100\% of {$\alpha$}"
    )
    assert text.isascii()


def test_every_format_with_a_scope_to_a_file(loaded, tmp_path):
    out = tmp_path / "ml.bib"
    proc = loaded("export", "--format", "biblatex", "--tag", "ml", "-o", str(out))
    assert proc.stderr == f"Wrote 1 paper to {out}.\n"
    assert [e.key for e in parse(out.read_text("utf-8")).entries] == ["vaswaniAttentionAllYou2017"]
    assert "Kaiser, Łukasz" in out.read_text("utf-8")
    assert "abstract" not in out.read_text("utf-8")
    assert "abstract = {Transduction" in loaded("export", "--abstracts", "--tag", "ml").stdout
    csl = json.loads(loaded("export", "--format", "csl-json", "--query", "bert").stdout)
    assert [i["id"] for i in csl] == ["devlinBERTPretraining1002019"]
    native = json.loads(loaded("export", "--format", "json").stdout)
    assert len(native["papers"]) == 2


def test_bad_format_and_bad_folder_are_one_line_errors(loaded, tmp_path):
    proc = loaded("export", "--format", "docx", check=False)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    proc = loaded("export", "-o", str(tmp_path / "no" / "x.bib"), check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("readinglist: cannot write")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_auto_export_follows_every_cli_change(loaded, tmp_path):
    out = tmp_path / "thesis.bib"
    proc = loaded("config", "auto-export", str(out), "--query", "tag:thesis")
    assert "Automatic export: papers matching 'tag:thesis' as bibtex" in proc.stdout
    assert parse(out.read_text("utf-8")).entries == []
    loaded("tag", "1706.03762", "thesis")
    assert [e.key for e in parse(out.read_text("utf-8")).entries] == ["vaswaniAttentionAllYou2017"]
    loaded("key", "1706.03762", "vaswani2017")
    assert [e.key for e in parse(out.read_text("utf-8")).entries] == ["vaswani2017"]
    assert "Automatic export: papers matching" in loaded("config", "auto-export").stdout
    loaded("config", "auto-export", "--off")
    loaded("untag", "vaswani2017", "thesis")
    assert [e.key for e in parse(out.read_text("utf-8")).entries] == ["vaswani2017"]


def test_a_failing_auto_export_is_reported_but_the_change_is_kept(loaded, tmp_path):
    out = tmp_path / "refs.bib"
    loaded("config", "auto-export", str(out))
    out.unlink()
    out.mkdir()  # now the path is a folder: the export cannot replace it
    proc = loaded("status", "1706.03762", "read")
    assert proc.returncode == 0
    assert "readinglist: automatic export failed: cannot write" in proc.stderr
    assert loaded.json("show", "1706.03762", "--json")["status"] == "read"


def test_doctor_lists_export_problems(loaded, tmp_path):
    path = tmp_path / "more.json"
    path.write_text(
        json.dumps(
            {
                "format": "readinglist",
                "version": 1,
                "papers": [{"title": "Over $\\mathbb{R}$", "authors": ["Ann Lee"]}],
            }
        )
    )
    loaded("import", str(path))
    proc = loaded("doctor")
    assert "warning: lee has no year" in proc.stdout
    assert "needs LaTeX packages or is incomplete" in proc.stdout
    assert proc.returncode == 0
