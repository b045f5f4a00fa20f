"""Whitespace and matching keys: the normal forms every importer's text goes through."""

import re

from readinglist.core.text_norm import collapse_spaces, title_key


def test_collapse_spaces_joins_every_kind_of_unicode_space_like_a_regex_would():
    # Hard wraps, tabs, no-break and ideographic spaces, line/paragraph separators.
    every_char = "x".join(chr(c) for c in range(0x3100) if not 0xD800 <= c < 0xE000)
    assert collapse_spaces(every_char) == re.sub(r"\s+", " ", every_char).strip()
    assert collapse_spaces("  Attention\n  is\tall\u00a0you\u3000need \u2028") == (
        "Attention is all you need"
    )
    assert collapse_spaces("zero\u200bwidth") == "zero\u200bwidth"  # not a space


def test_title_key_ignores_case_accents_and_punctuation():
    assert title_key("Über: Graph Attention!", "Müller") == title_key("uber graph-attention", "Muller")
