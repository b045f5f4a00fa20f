"""The one-pass analyzers give exactly the terms of Whoosh's filter chains.

Queries and documents must agree on terms, and the index format promises
"same terms, faster", so the reference here is the chain the index used
before: RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) |
StopFilter | StemFilter (prose) and the same without the last two (names).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from readinglist.core.search.analysis import (
    TOKEN_PATTERN,
    FastPositions,
    name_analyzer,
    text_analyzer,
)

REFERENCE = {
    "text": (text_analyzer, lambda: RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
             | CharsetFilter(accent_map) | StopFilter(minsize=1) | StemFilter()),
    "name": (name_analyzer, lambda: RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
             | CharsetFilter(accent_map)),
}
SAMPLES = [
    "Attention Is All You Need",
    "The self-attention of GPT-4 in the 1990s: Müller's résumé, naïve Ærø.",
    "**message passing** is the key; it is what it is",
    "王伟 and Иван Смирнова, Παπαδόπουλος; a.b.c e.g. 3.14",
    "", "   ", "the of and",
]
words = st.lists(st.one_of(st.text(alphabet="abcdeéüßxyzAIÆ.-*_1 ", max_size=8),
                          st.sampled_from(["the", "of", "a", " ", "running", "Müller"])),
                max_size=12).map(" ".join)


def tokens(analyzer, value, **kw):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
             getattr(t, "endchar", None), t.stopped) for t in analyzer(value, **kw)]


MODES = [
    {"mode": "index", "positions": True},
    {"mode": "query"},
    {"mode": "query", "no_morph": True},
    {"positions": True, "chars": True, "removestops": False},
    {"positions": True, "start_pos": 5, "start_char": 3, "chars": True},
    {"tokenize": False, "positions": True},
]


@pytest.mark.parametrize("kind", REFERENCE)
@pytest.mark.parametrize("kw", MODES)
@pytest.mark.parametrize("value", SAMPLES)
def test_same_tokens_as_the_whoosh_chain(kind, kw, value):
    ours, theirs = REFERENCE[kind][0](), REFERENCE[kind][1]()
    assert tokens(ours, value, **kw) == tokens(theirs, value, **kw)


@settings(max_examples=150, deadline=None)
@given(value=words)
def test_same_indexed_postings_as_the_whoosh_chain(value):
    for kind in REFERENCE:
        ours, theirs = REFERENCE[kind][0](), REFERENCE[kind][1]()
        fmt = FastPositions()
        assert sorted(fmt.word_values(value, ours, mode="index")) == \
            sorted(fmt.word_values(value, theirs, mode="index"))
        # The writer's fast path: terms in order, the i-th at position first + i.
        kept, first = ours.kept_terms(value)
        assert [(t, first + i) for i, t in enumerate(kept)] == [
            (t.text.encode("utf-8"), t.pos) for t in theirs(value, positions=True, mode="index")]
        # Term bytes, as FieldType.index encodes them.
        assert sorted(fmt.index_items(value, ours)) == sorted(
            (t.encode("utf-8"), f, w, v) for t, f, w, v in
            fmt.word_values(value, theirs, mode="index"))
        assert tokens(ours, value, mode="query") == tokens(theirs, value, mode="query")
