"""The same paper twice: merged on import by title, listed, and merged by the user."""

from __future__ import annotations

import pytest

from readinglist.core.errors import InvalidInput
from readinglist.core.models import ReadStatus
from tests.conftest import draft


def test_pasted_titles_merge_into_the_papers_already_there(library):
    daily = library.papers.add(draft("Attention Is All You Need", "Ashish Vaswani", "Noam Shazeer",
                              arxiv_id="1706.03762", abstract="The dominant models…"))
    library.tags.add([daily.paper_id], ["from-daily"])
    # a copied web page gives titles only, with other spacing and case
    pasted = library.papers.add(draft("attention is all you  need."))
    assert pasted.paper_id == daily.paper_id and library.papers.count() == 1
    paper = library.papers.get(daily.paper_id)
    assert [a.name for a in paper.authors] == ["Ashish Vaswani", "Noam Shazeer"]
    assert paper.tags == ("from-daily",) and paper.arxiv_id == "1706.03762"
    assert paper.title == "Attention Is All You Need"  # not rewritten by the pasted spelling
    # the same title by another first author is another paper
    other = library.papers.add(draft("Attention Is All You Need", "Someone Else"))
    assert other.outcome == "added" and library.papers.count() == 2


def test_find_duplicates_lists_what_slipped_through(library):
    a = library.papers.add(draft("Deep Residual Learning", "Kaiming He")).paper_id
    b = library.papers.add(draft("Deep residual learning.", "K. He", doi="10.1109/CVPR.2016.90")).paper_id
    c = library.papers.add(draft("Something Else Entirely", "A B")).paper_id
    pairs = library.papers.find_duplicates()
    assert [(p.keep, p.other) for p in pairs] == [(a, b)]
    assert c not in {p.other for p in pairs}


def test_merging_keeps_the_richer_fields_and_everything_the_user_owns(library):
    keep = library.papers.add(draft("Deep Residual Learning", "Kaiming He", year=2016)).paper_id
    other = library.papers.add(draft("Deep residual learning for image recognition", "Kaiming He",
                              "Xiangyu Zhang", doi="10.1109/CVPR.2016.90", venue="CVPR",
                              abstract="Deeper neural networks are more difficult to train.")
                        ).paper_id
    key = library.papers.set_citekey(keep, "he2016resnet")
    library.tags.add([keep], ["vision"])
    library.tags.add([other], ["classics"])
    library.notes.add(other, "read section 3")
    library.papers.set_status([other], ReadStatus.READ)
    library.papers.set_rating([other], 4)
    merged = library.papers.merge(keep, other)
    assert library.papers.count() == 1 and merged.id == keep
    assert merged.citekey == key
    assert merged.title == "Deep residual learning for image recognition"
    assert [a.name for a in merged.authors] == ["Kaiming He", "Xiangyu Zhang"]
    assert merged.year == 2016 and merged.venue == "CVPR" and merged.doi == "10.1109/CVPR.2016.90"
    assert set(merged.tags) == {"vision", "classics"}
    assert [n.body for n in merged.notes] == ["read section 3"]
    assert merged.status is ReadStatus.READ and merged.rating == 4
    assert library.papers.find_duplicates() == []


def test_two_papers_with_different_ids_are_not_merged(library):
    a = library.papers.add(draft("Same Title", "A B", arxiv_id="2101.00001")).paper_id
    b = library.papers.add(draft("Same Title", "A B", arxiv_id="2101.00002")).paper_id
    with pytest.raises(InvalidInput, match="arXiv ids differ"):
        library.papers.merge(a, b)
    assert library.papers.count() == 2


def test_a_daily_paper_pasted_earlier_as_a_title_shows_as_in_the_library(library):
    from datetime import date

    from readinglist.core import daily
    from readinglist.core.importers.feed_item import FeedItem

    pasted = library.papers.add(draft("Native Sparse Attention: Hardware-Aligned Sparse Attention"))
    item = FeedItem.from_json({"arxiv_id": "2502.11089", "title":
                               "Native Sparse Attention: Hardware-Aligned Sparse Attention",
                               "authors": ["Jingyang Yuan"], "source": "hf"})
    listing = daily.build_list(library.store.db(), date(2025, 2, 18),
                               {"hf": ("2025-02-18T10:00:00Z", [item])})
    assert listing.items[0].paper_id == pasted.paper_id


def test_adding_from_daily_fills_a_title_pasted_before(library):
    pasted = library.papers.add(draft("Titans: Learning to Memorize at Test Time"))
    library.tags.add([pasted.paper_id], ["memory"])
    added = library.papers.add(draft("Titans: Learning to Memorize at Test Time", "Ali Behrouz",
                              arxiv_id="2501.00663"))
    assert added.paper_id == pasted.paper_id and library.papers.count() == 1
    paper = library.papers.get(pasted.paper_id)
    assert paper.arxiv_id == "2501.00663" and [a.name for a in paper.authors] == ["Ali Behrouz"]
    assert paper.tags == ("memory",)
