"""What a query needs, worked out once per index generation.

For each word of a query, the alternatives that can match anywhere in the
index (``Compiler.text``'s, minus the fields the word is not in), the
prefix expansions, and the segments that hold each term: a rare word is
looked up in one or two fields of one or two segments, a word in no
segment costs no walk at all. Which query shapes the array engine ranks
(the rest goes to Whoosh) is decided here too.
"""

from __future__ import annotations

import bisect
from typing import Any

from readinglist.core.search.compile import MAX_PREFIX_TERMS, PROSE_FIELDS
from readinglist.core.search.query import And, Everything, Node, Not, Or, Text, is_structured
from readinglist.core.search.schema import FIELD_BOOSTS

IDS_BOOST = 8.0
# One alternative of a word: (kind, field, terms, boost), kind being
# "term", "phrase", "or" (a prefix's completions) or "prefix" (words, then
# a prefix: terms is (head words, completions)).
Alternative = tuple[str, str, Any, float]


class QueryPlan:
    """Mixed into ``VectorSearch``: uses its ``cache``, ``index_key``,
    ``_generation``, ``_memo``, ``compiler``, ``_segments()`` and ``_term_stats()``."""

    cache: Any
    index_key: str
    compiler: Any
    _generation: int
    _memo: dict[tuple[Any, ...], Any]

    def _can_match(self, node: Node) -> bool:
        """False when a word the query needs is in no segment (no walk over segments)."""
        if isinstance(node, Text):
            plan = self._plan(node)
            return plan is None or bool(plan)
        if isinstance(node, And):
            return all(self._can_match(i) for i in node.items
                       if not isinstance(i, Not) and not is_structured(i))
        if isinstance(node, Or):
            return any(self._can_match(i) for i in node.items)
        return True

    def _where(self, node: Node) -> set[int] | frozenset[int] | None:
        """Positions of the segments that can hold a match (None: any of them).

        Edits leave many small segments; a rare word or phrase is in one or
        two of them, and the others are skipped without a lookup.
        """
        if isinstance(node, Text):
            plan = self._plan(node)
            if plan is None:
                return None
            out: set[int] = set()
            for alt in plan:
                out |= self._alt_where(alt)
            return out
        if isinstance(node, And):
            result: set[int] | frozenset[int] | None = None
            for item in node.items:
                if isinstance(item, Not) or is_structured(item):
                    continue
                found = self._where(item)
                if found is not None:
                    result = found if result is None else result & found
            return result
        if isinstance(node, Or):
            union: set[int] = set()
            for item in node.items:
                found = self._where(item)
                if found is None:
                    return None
                union |= found
            return union
        return None

    def _alt_where(self, alt: Alternative) -> frozenset[int]:
        kind, field, terms, _ = alt
        if kind == "term":
            return self._term_where(field, terms[0])
        if kind == "phrase":
            return frozenset.intersection(*(self._term_where(field, t) for t in terms))
        if kind == "or":
            return frozenset().union(*(self._term_where(field, t) for t in terms))
        head, expanded = terms
        found = frozenset().union(*(self._term_where(field, t) for t in expanded))
        for term in head:
            found &= self._term_where(field, term)
        return found

    def _term_where(self, field: str, term: str) -> frozenset[int]:
        """The segments (positions in this generation) where the term has postings."""

        def build() -> frozenset[int]:
            # The term table, not the postings: nothing is decoded for a
            # segment a filter rules out later (``tag:new word`` after an edit).
            return frozenset(k for k, seg in enumerate(self._segments())  # type: ignore[attr-defined]
                             if seg.has_term(field, term))

        return self.cache.get((self.index_key, self._generation, field, term, "where"), build)

    def _plan(self, node: Text) -> list[Alternative] | None:
        """``Compiler.text``'s alternatives that can match somewhere in the index.

        Worked out from whole-index statistics (once per generation), so a segment
        only looks up the fields the words are in (a rare word: one or two of
        seven); None when the text is only stop words (it matches everything).
        """
        key = ("plan", node)
        if key not in self._memo:
            # Worked out once per index generation, like a prepared statement.
            self._memo[key] = self.cache.get(  # type: ignore[assignment]
                (self.index_key, self._generation, "plan", node), lambda: self._make_plan(node))
        return self._memo[key]  # type: ignore[return-value]

    def _make_plan(self, node: Text) -> list[Alternative] | None:
        alts: list[Alternative] = []
        if node.field:
            fields: list[tuple[str, float]] = [(node.field, 1.0)]
        else:
            fields = [(f, FIELD_BOOSTS[f]) for f in PROSE_FIELDS]
        any_field = False
        for field, boost in fields:
            any_field |= self._plan_field(field, node, boost, alts)
        plan: list[Alternative] | None = alts
        if not any_field:
            plan = None
        elif not node.field:
            self._plan_field("authors", node, FIELD_BOOSTS["authors"], alts)
            self._plan_field("tags", node, FIELD_BOOSTS["tags"], alts)
            value = node.text.strip().lower()
            if not node.phrase and not node.prefix and self._term_stats("ids", value):
                alts.append(("term", "ids", (value,), IDS_BOOST))
        return plan

    def _plan_field(self, field: str, node: Text, boost: float,
                    alts: list[Alternative]) -> bool:
        """Add one field's alternative for ``node``; False if the text has no terms there."""
        if field == "tags":
            value = node.text.strip().lower()
            if node.prefix:
                terms = self._prefix_terms("tags", value)
                if terms:
                    alts.append(("or", "tags", terms, boost))
                return True
            if not value:
                return False
            if self._term_stats("tags", value) is not None:
                alts.append(("term", "tags", (value,), boost))
            return True
        tokens = self._tokens(field, node.text, node.prefix)
        if not tokens:
            return False
        whole = tokens[:-1] if node.prefix else tokens
        if any(self._term_stats(field, t) is None for t in whole):
            return True
        if node.prefix:
            terms = self._prefix_terms(field, tokens[-1])
            if terms:
                alts.append(("prefix", field, (whole, terms), boost))
        elif len(tokens) == 1:
            alts.append(("term", field, (tokens[0],), boost))
        else:
            alts.append(("phrase", field, tokens, boost))
        return True

    def _tokens(self, field: str, text: str, prefix: bool) -> list[str]:
        key = (field, text, prefix)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.compiler._tokens(field, text, prefix=prefix)  # noqa: SLF001
        return found

    def _prefix_terms(self, field: str, prefix: str) -> list[str]:
        """Compiler.prefix_terms, from each segment's sorted term table (cached)."""
        key = (field, prefix, "*")
        found = self._memo.get(key)
        if found is None:
            dfs: dict[str, int] = {}
            for seg in self._segments():
                terms, counts = seg.term_table(field)
                lo = bisect.bisect_left(terms, prefix)
                hi = bisect.bisect_left(terms, prefix + "\U0010ffff", lo)
                for t, c in zip(terms[lo:hi], counts[lo:hi].tolist(), strict=True):
                    dfs[t] = dfs.get(t, 0) + c
            expanded = sorted(dfs)
            if len(expanded) > MAX_PREFIX_TERMS:
                expanded.sort(key=lambda t: -dfs[t])  # stable: ties stay in term order
                expanded = expanded[:MAX_PREFIX_TERMS]
            found = self._memo[key] = expanded
        return found


def supported(node: Node) -> bool:
    """Queries whose scores this module reproduces (the rest goes to Whoosh)."""
    if isinstance(node, Everything):
        return False
    if is_structured(node):
        return True  # as a filter: only inside a text query (see _positive)
    return _positive(node)


def _positive(node: Node) -> bool:
    """Scored text nodes: Text, And of them (with filters and negations), Or of them."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And):
        scored = [i for i in node.items if not isinstance(i, Not) and not is_structured(i)]
        return bool(scored) and all(_positive(i) for i in scored) and all(
            is_structured(i.item) or _textual(i.item) for i in node.items if isinstance(i, Not))
    if isinstance(node, Or):
        return all(_positive(i) for i in node.items)
    return False


def _textual(node: Node) -> bool:
    """A negated part: any mix of text, AND, OR (only its matches matter)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return all(_textual(i) or is_structured(i) for i in node.items)
    if isinstance(node, Not):
        return _textual(node.item) or is_structured(node.item)
    return False
