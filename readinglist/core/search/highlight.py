"""Marking what a query matched in a paper's text, for the detail pane.

The text is run through the same analyzer as the index (stemming, accent
folding), so ``embedding`` lights up ``embeddings`` exactly when the search
matched it. Negated terms are not marked.
"""

from __future__ import annotations

import html

from readinglist.core.errors import InvalidQuery
from readinglist.core.search.query import And, Node, Not, Or, Text, parse_query
from readinglist.core.search.schema import make_schema

_SCHEMA = make_schema()


def _collect(node: Node, field: str, exact: set[str], prefixes: set[str]) -> None:
    if isinstance(node, Text):
        if node.field not in (None, field):
            return
        analyzer = _SCHEMA[field].analyzer
        if node.prefix:
            prefixes.update(t.text for t in analyzer(node.text, mode="query", no_morph=True))
        else:
            exact.update(t.text for t in analyzer(node.text, mode="query"))
    elif isinstance(node, And | Or):
        for item in node.items:
            _collect(item, field, exact, prefixes)
    elif isinstance(node, Not):
        return


def highlight_html(text: str, query: str, field: str, *, tag: str = "b") -> str:
    """``text`` as HTML with the words ``query`` matched in ``field`` wrapped in ``tag``."""
    try:
        node = parse_query(query) if query.strip() else None
    except InvalidQuery:
        node = None
    exact: set[str] = set()
    prefixes: set[str] = set()
    if node is not None:
        _collect(node, field, exact, prefixes)
    if not exact and not prefixes:
        return html.escape(text)
    analyzer = _SCHEMA[field].analyzer
    out: list[str] = []
    last = 0
    for token in analyzer(text, chars=True, mode="index", removestops=False):
        hit = token.text in exact or any(token.text.startswith(p) for p in prefixes)
        if not hit:
            continue
        out.append(html.escape(text[last : token.startchar]))
        out.append(f"<{tag}>{html.escape(text[token.startchar : token.endchar])}</{tag}>")
        last = token.endchar
    out.append(html.escape(text[last:]))
    return "".join(out)
