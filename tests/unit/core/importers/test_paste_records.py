"""Pasted labelled records (Title:/Authors:/Abstract:, headings, block quotes) and
Markdown reading lists with BibTeX blocks: each paper keeps its own id, navigation
is not a paper, and nothing that came complete is looked up on the network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readinglist.core.importers import paste

CORPUS = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "paste"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
)

DIGEST = """# Daily digest

# Index

- [1. First Paper Title](#p1)
- [2. Second Paper Title](#p2)

<h2 id="p1">1. First Paper Title
</h2>

Title: [First Paper Title](https://arxiv.org/abs/2111.00001)

Authors: [Ann Lee](https://arxiv.org/search/cs?searchtype=author&query=Lee%2C+A), [Bo Chen](https://arxiv.org/search/cs?searchtype=author&query=Chen%2C+B)

> We study the first problem in depth and show that it can be solved with care.
> A second line of the same abstract.

| Subjects: | **Computation and Language (cs.CL)** |
| --------- | ------------------------------------ |
| Cite as:  | **[arXiv:2111.00001](https://arxiv.org/abs/2111.00001) [cs.CL]** |

<h2 id="p2">2. Second Paper Title
</h2>

Authors: [Second Paper Title](https://arxiv.org/abs/2111.00002)

Title: [Cy Dee](https://arxiv.org/search/cs?searchtype=author&query=Dee%2C+C)

> The second abstract, about something else entirely, at reasonable length.

| Cite as:  | **[arXiv:2111.00002](https://arxiv.org/abs/2111.00002) [cs.LG]** |

[Return to Index](#Index)
"""


def test_each_record_keeps_its_own_id_title_authors_and_abstract():
    found = paste.parse(DIGEST)
    assert found.identifiers == []  # nothing to look up: the ids belong to the records
    got = [(d.title, d.arxiv_id, [a.name for a in d.authors], d.primary_category, d.year)
           for d in found.drafts]
    assert got == [
        ("First Paper Title", "2111.00001", ["Ann Lee", "Bo Chen"], "cs.CL", 2021),
        ("Second Paper Title", "2111.00002", ["Cy Dee"], "cs.LG", 2021),  # swapped labels
    ]
    first = found.drafts[0]
    assert first.abstract == ("We study the first problem in depth and show that it can be "
                              "solved with care. A second line of the same abstract.")
    assert not any(d.title in ("Index", "Daily digest") for d in found.drafts)


def test_plain_labelled_records_without_headings_in_any_order():
    text = """**Title:** Sparse Attention Revisited
**Authors:** Ada Lovelace, Alan Turing
**Abstract:** We revisit sparse attention and find that it works.
Link: https://arxiv.org/abs/2509.11111

Title: Dense Attention Strikes Back
Abstract: Dense attention is all you still need, we argue at length here.
Authors: Grace Hopper
arXiv: 2509.22222
"""
    found = paste.parse(text)
    assert [(d.title, d.arxiv_id, [a.name for a in d.authors]) for d in found.drafts] == [
        ("Sparse Attention Revisited", "2509.11111", ["Ada Lovelace", "Alan Turing"]),
        ("Dense Attention Strikes Back", "2509.22222", ["Grace Hopper"]),
    ]
    assert found.drafts[1].abstract.startswith("Dense attention is all")


def test_markdown_sections_give_their_links_to_their_bibtex_entry():
    text = """## Joint Prompt Optimization

paper link: [here](https://arxiv.org/pdf/2306.12509.pdf)

```bibtex
@inproceedings{sordoni2023joint,
  title={Joint Prompt Optimization of Stacked LLMs},
  author={Sordoni, Alessandro and Yuan, Xingdi},
  booktitle={NeurIPS},
  year={2023}
}
```

## Chain of Draft

paper link: [here](https://arxiv.org/pdf/2502.18600)

```bibtex
@misc{xu2025chain,
  title={Chain of Draft}, author={Silei Xu}, year={2025},
  eprint={2502.18600}, archivePrefix={arXiv}
}
```
"""
    found = paste.parse(text)
    assert found.identifiers == [] and found.drafts == []
    assert "eprint = {2306.12509}" in found.bibtex


def test_records_that_came_complete_are_not_looked_up(online, fake):
    report = online.imports.text(DIGEST)
    assert len(report.added) == 2
    assert fake.requests == []  # no network for what the paste already said
    paper = online.papers.get(online.papers.find("2111.00002"))
    assert (paper.title, paper.authors[0].name) == ("Second Paper Title", "Cy Dee")


@needs_corpus
def test_the_mt_digest_gives_its_48_papers_with_their_own_ids():
    text = (CORPUS / "ericongma-daily-arxiv-mt.md").read_text("utf-8")
    # Independent truth: each <h2> heading's title and the arXiv id cited under it.
    sections = re.split(r'<h2 id="[^"]+">', text)[1:]
    expected = {}
    for section in sections:
        heading = re.sub(r"^\d+\.\s*", "", section.split("</h2>")[0].strip())
        cited = re.search(r"Cite as:.*?arXiv:(\d{4}\.\d{4,5})", section)
        expected[cited.group(1)] = " ".join(heading.split())
    assert len(expected) == 48
    found = paste.parse(text)
    assert found.identifiers == []
    got = {d.arxiv_id: d.title for d in found.drafts}
    assert got == expected
    for d in found.drafts:
        assert d.authors and not any(a.name.lower().startswith(("authors", "title")) for a in d.authors)
        assert all(len(a.name) < 60 for a in d.authors), d.title
        assert d.abstract and not d.abstract.startswith(">") and "\n>" not in d.abstract


@needs_corpus
def test_the_markdown_reading_list_gives_its_33_bibtex_papers_offline(library):
    text = (CORPUS / "strivin-prompt-md-with-bibtex.md").read_text("utf-8")
    found = paste.parse(text)
    assert found.identifiers == [] and found.drafts == []  # every link belongs to an entry
    report = library.imports.text(text)  # no network: the library's endpoints are unreachable
    assert len(report.added) == 33 and report.problems == []
