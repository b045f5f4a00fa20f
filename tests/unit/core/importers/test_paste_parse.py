"""Finding papers in pasted text: ids, BibTeX, and copied daily lists with page chrome."""

import random
import textwrap

from readinglist.core.importers import paste
from tests.fakes import samples


def daily_page(n: int, seed: int = 3) -> tuple[str, list[tuple[str, str]]]:
    """A daily list as copied from a web page: chrome, headings, n title + abstract pairs."""
    rng = random.Random(seed)
    pairs = [(samples.title_for(rng, i), samples.abstract_for(rng, i)) for i in range(n)]
    chunks = ["Daily Papers", "by AK and the community", "Tuesday, September 23, 2025", "Subscribe"]
    for i, (title, abstract) in enumerate(pairs):
        if i % 10 == 0:
            chunks.append(f"## Section {i // 10 + 1}")
        chunks.append(title)
        # Newsletters hard-wrap abstracts; web pages do not.
        chunks.append("\n".join(textwrap.wrap(abstract, 72)) if i % 2 else abstract)
        if i % 3 == 0:
            chunks.append(f"Upvote {rng.randint(1, 99)}")
    chunks += ["Subscribe to our newsletter", "© 2025 Papers Inc. All rights reserved."]
    return "\n\n".join(chunks) + "\n", pairs


def test_fifty_pairs_with_chrome_give_exactly_fifty_papers():
    text, pairs = daily_page(50)
    found = paste.parse(text)
    assert found.identifiers == [] and found.bibtex == ""
    assert [(d.title, d.abstract) for d in found.drafts] == pairs
    assert {d.sources for d in found.drafts} == {("paste",)}


def test_ids_urls_and_dois_in_any_spelling_once_each():
    text = """Some papers I liked:
    - https://arxiv.org/abs/2509.12345v2
    - arXiv:2509.12345 (same one)
    - https://huggingface.co/papers/2501.00001
    - https://arxiv.org/pdf/hep-th/9901001v1.pdf
    - doi:10.1145/3292500.3330701, and https://doi.org/10.18653/v1/N19-1423.
    - https://github.com/some/repo is not a paper
    """
    found = paste.parse(text)
    assert found.identifiers == [
        "2509.12345",
        "2501.00001",
        "hep-th/9901001",
        "10.1145/3292500.3330701",
        "10.18653/v1/N19-1423",
    ]
    assert found.drafts == []


def test_bibtex_entries_among_prose_are_picked_out():
    text = (
        "Here is the entry:\n\n@article{a1, title={Water}, doi={10.1/w}}\n\nand also 2509.12345\n"
    )
    found = paste.parse(text)
    assert found.bibtex.startswith("@article{a1") and found.identifiers == ["2509.12345"]


def test_id_next_to_each_pair_belongs_to_it_whichever_side_it_is_on():
    rng = random.Random(5)
    abstracts = [samples.abstract_for(rng, i) for i in range(3)]
    after = "\n\n".join(
        f"Title number {i}\n\n{abstracts[i]}\n\nhttps://arxiv.org/abs/2509.1000{i}"
        for i in range(3)
    )
    before = "\n\n".join(
        f"arXiv:2509.1000{i}\n\nTitle number {i}\n\n{abstracts[i]}" for i in range(3)
    )
    for text in (after, before):
        found = paste.parse(text)
        assert [(d.title, d.arxiv_id) for d in found.drafts] == [
            (f"Title number {i}", f"2509.1000{i}") for i in range(3)
        ]
        assert found.identifiers == []


def test_title_line_with_authors_and_id_prefix():
    abstract = samples.abstract_for(random.Random(1), 1)
    text = f"[2509.12345] Scaling Laws for Sparse Mixtures\nAda Lovelace, Alan Turing and Grace Hopper\n\n{abstract}\n"
    [draft] = paste.parse(text).drafts
    assert draft.title == "Scaling Laws for Sparse Mixtures" and draft.arxiv_id == "2509.12345"
    assert [a.name for a in draft.authors] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_title_on_the_first_line_of_the_abstract_paragraph():
    abstract = samples.abstract_for(random.Random(2), 2)
    [draft] = paste.parse(f"A Title Without a Blank Line\n{abstract}\n").drafts
    assert (draft.title, draft.abstract) == ("A Title Without a Blank Line", abstract)


def test_chrome_alone_is_nothing():
    assert paste.parse("Subscribe\n\nTuesday, September 23, 2025\n\nDaily Papers\n").empty


def test_newsletter_with_numbered_bold_titles_and_links():
    text = """Hi everyone, here are this week's picks!

1. **Scaling Laws for Sparse Mixtures** (https://arxiv.org/abs/2509.12345)
We study how the loss of sparse mixture-of-experts models scales with the number of experts.

2. **A Survey of Retrieval-Augmented Generation** (https://arxiv.org/abs/2509.54321)
Retrieval-augmented generation combines a language model with a memory. We survey it.

Thanks for reading! Forward this to a friend.
Unsubscribe | Manage preferences
"""
    found = paste.parse(text)
    assert [(d.title, d.arxiv_id) for d in found.drafts] == [
        ("Scaling Laws for Sparse Mixtures", "2509.12345"),
        ("A Survey of Retrieval-Augmented Generation", "2509.54321"),
    ]
    assert found.drafts[1].abstract.endswith("We survey it.")
    assert found.identifiers == []


def test_labelled_records():
    text = """Title: Attention Is All You Need
Authors: Ashish Vaswani, Noam Shazeer, Niki Parmar
Abstract: The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks. We propose the Transformer, based solely on attention.

Title: BERT: Pre-training of Deep Bidirectional Transformers
Authors: Jacob Devlin, Ming-Wei Chang
Abstract: We introduce a new language representation model called BERT, which stands for
Bidirectional Encoder Representations from Transformers.
"""
    first, second = paste.parse(text).drafts
    assert first.title == "Attention Is All You Need"
    assert [a.name for a in first.authors] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]
    assert first.abstract.startswith(
        "The dominant sequence transduction models are based on complex"
    )
    assert second.title == "BERT: Pre-training of Deep Bidirectional Transformers"
    assert [a.name for a in second.authors] == ["Jacob Devlin", "Ming-Wei Chang"]


def test_an_email_about_a_paper_is_just_its_id():
    text = (
        "Hi Bob,\n\nI read this paper yesterday and thought you might find it interesting because "
        "it deals with exactly the problem we discussed last week in the meeting.\n\n"
        "https://arxiv.org/abs/2509.12345\n\nCheers,\nAlice\n"
    )
    found = paste.parse(text)
    assert (found.drafts, found.identifiers) == ([], ["2509.12345"])
