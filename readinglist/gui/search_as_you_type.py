"""The word being typed is a prefix: ``atten`` finds "attention" before the word is complete.

A query-level rewrite of the search bar's text, not a change to the index:
the last word, when the text does not end with a space, becomes
``(word OR word*)`` (the plain word keeps its stemmed match, e.g. a complete
``transformers``; the prefix finds the words it begins). Only words of at
least ``MIN_PREFIX`` letters are widened: shorter prefixes expand to too
many index terms and are slow at 100,000 papers (stack-measurements.md).
Quoted phrases, operators, negated words, ids and structured fields are
left alone. Pure text, no Qt: the CLI and the core never see it.
"""

from __future__ import annotations

import re

from readinglist.core.search.query import MIN_PREFIX, TEXT_FIELDS

_LAST_WORD = re.compile(r"(?:(?<=\s)|^)(?:(?P<field>[a-z]+):)?(?P<word>[^\s\"():*\-][^\s\"():*]*)$")
_OPERATORS = {"AND", "OR", "NOT"}


def with_prefix(text: str) -> str:
    """``text`` with its last word also matched as a prefix (unchanged when it does not apply)."""
    if not text or text[-1].isspace() or text.count('"') % 2:
        return text
    match = _LAST_WORD.search(text)
    if match is None:
        return text
    field, word = match.group("field"), match.group("word")
    if word in _OPERATORS or len(word) < MIN_PREFIX or not word.isalnum():
        return text
    if field is not None and field not in TEXT_FIELDS:
        return text
    head = text[: match.start()]
    if head.rstrip().endswith("NOT"):
        return text  # "NOT atten": excluding every word it begins is not what was meant
    prefix = f"{field}:" if field else ""
    return f"{head}{prefix}({word} OR {word}*)"
