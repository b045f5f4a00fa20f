"""Turning a parsed query into a Whoosh query.

Free text is analysed with each field's own analyzer (stemming for prose,
accent folding for names), so the query and the documents agree on terms.
A word that analyses into several tokens (``self-attention``, ``GPT-4``)
becomes a phrase, the way search engines treat hyphenated words.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from readinglist.core.search.query import (
    And,
    Everything,
    Match,
    Node,
    Not,
    Or,
    Range,
    Text,
)
from readinglist.core.search.schema import FIELD_BOOSTS

PROSE_FIELDS = ("title", "abstract", "notes", "venue")

# A short prefix can expand to thousands of terms; keep the most frequent ones.
MAX_PREFIX_TERMS = 64


class Compiler:
    def __init__(self, schema: Schema, reader: IndexReader) -> None:
        self.schema = schema
        self.reader = reader

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Everything):
            return wq.Every()
        if isinstance(node, Text):
            return self.text(node)
        if isinstance(node, Match):
            return wq.Term(node.field, node.value)
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Not):
            return wq.And([wq.Every(), wq.Not(self.compile(node.item))])
        if isinstance(node, Or):
            return wq.Or([self.compile(i) for i in node.items])
        if isinstance(node, And):
            positives = [i for i in node.items if not isinstance(i, Not)]
            negatives = [i.item for i in node.items if isinstance(i, Not)]
            pos = (
                wq.And([self.compile(i) for i in positives]) if positives else wq.Every()
            )
            if not negatives:
                return pos
            # Not wq.AndNot: in an index of several segments it let documents
            # with the excluded word through (a test in test_vector_search).
            return wq.And([pos, wq.Not(wq.Or([self.compile(i) for i in negatives]))])
        raise TypeError(f"unknown query node {node!r}")

    def range(self, node: Range) -> wq.Query:
        """A numeric range, clamped to what the field can hold (``added:9999-12-31``)."""
        field = self.schema[node.field]
        lo_limit, hi_limit = field.min_value, field.max_value
        low, high = node.low, node.high
        if (low is not None and low > hi_limit) or (high is not None and high < lo_limit):
            return wq.NullQuery
        low = None if low is None or low <= lo_limit else low
        high = None if high is None or high >= hi_limit else high
        return wq.NumericRange(node.field, low, high)

    def _tokens(self, field: str, text: str, *, prefix: bool = False) -> list[str]:
        analyzer = self.schema[field].analyzer
        if prefix:
            # Stemming a prefix would cut it further ("embedd" -> "embedd" is fine,
            # but "networ" must stay "networ"): only lower-case and fold it.
            return [t.text for t in analyzer(text, mode="query", no_morph=True)]
        return [t.text for t in analyzer(text, mode="query")]

    def text(self, node: Text) -> wq.Query:
        if node.field:
            q = self._field_text(node.field, node, 1.0)
            return q if q is not None else wq.Every()
        alternatives: list[wq.Query] = []
        for field in PROSE_FIELDS:
            q = self._field_text(field, node, FIELD_BOOSTS[field])
            if q is not None:
                alternatives.append(q)
        if not alternatives:
            # A stop word ("the", "is"): it constrains nothing, in any field.
            return wq.Every()
        authors = self._field_text("authors", node, FIELD_BOOSTS["authors"])
        if authors is not None:
            alternatives.append(authors)
        tag = self._field_text("tags", node, FIELD_BOOSTS["tags"])
        if tag is not None:
            alternatives.append(tag)
        if not node.phrase and not node.prefix:
            # A citation key, arXiv id or DOI typed as is.
            alternatives.append(wq.Term("ids", node.text.strip().lower(), boost=8.0))
        return wq.Or(alternatives)

    def _field_text(self, field: str, node: Text, boost: float) -> wq.Query | None:
        if field == "tags":
            value = node.text.strip().lower()
            if node.prefix:
                return self._prefix("tags", value, boost)
            return wq.Term("tags", value, boost=boost) if value else None
        tokens = self._tokens(field, node.text, prefix=node.prefix)
        if not tokens:
            return None
        if node.prefix:
            head = [wq.Term(field, t) for t in tokens[:-1]]
            last = self._prefix(field, tokens[-1], boost)
            return wq.And([*head, last]) if head else last
        if len(tokens) == 1:
            return wq.Term(field, tokens[0], boost=boost)
        return wq.Phrase(field, tokens, boost=boost)

    def prefix_terms(self, field: str, prefix: str) -> list[str]:
        """The indexed terms a prefix stands for (the most frequent, if there are many)."""
        try:
            terms = list(self.reader.expand_prefix(field, prefix))
        except KeyError:
            terms = []
        if len(terms) > MAX_PREFIX_TERMS:
            terms.sort(key=lambda t: -self.reader.doc_frequency(field, t))
            terms = terms[:MAX_PREFIX_TERMS]
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]

    def _prefix(self, field: str, prefix: str, boost: float) -> wq.Query:
        terms = self.prefix_terms(field, prefix)
        if not terms:
            return wq.NullQuery
        if len(terms) == 1:
            # Whoosh drops the boost of a one-part Or (CompoundQuery.matcher):
            # a title prefix with one completion ranked like an abstract hit.
            return wq.Term(field, terms[0], boost=boost)
        return wq.Or([wq.Term(field, t) for t in terms], boost=boost)
