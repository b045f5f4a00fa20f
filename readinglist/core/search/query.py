"""The search query language: text → a small syntax tree, with exact error positions.

One language for the search bar, the CLI and saved searches::

    attention transformer        both words, anywhere, ranked
    "graph neural"               a phrase
    bert OR gpt                  either
    NOT survey   -survey         exclude
    embed*                       prefix (at least 3 characters before *)
    title:bert author:vaswani abstract:… note:… venue:…
    tag:ml                       tag ml and everything under it (ml/nlp …)
    status:read   rating:>=4   has:note   key:… arxiv:… doi:…
    year:2020..2023  year:>=2024  year:<2000  year:2017
    added:<7d  added:>1m  added:2024-01-01..2024-03-31

Words are joined by AND unless ``OR`` stands between them; ``AND``/``OR``/
``NOT`` are operators only in capitals. Parentheses group, and a field
applies to a group: ``title:(bert OR gpt)``.

Whoosh's own query parser was tried first and rejected: it turns the hyphen
in ``self-attention`` into a NOT, drops a lone ``-survey`` to an empty query,
reads unknown fields as nothing and never reports a position. This parser is
small, owns those rules, and compiles to Whoosh queries (``compile.py``) and,
for the structured subset, to SQL (``sql_filter.py``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from readinglist.core.errors import InvalidInput, InvalidQuery
from readinglist.core.identifiers import normalize_arxiv_id, parse_doi
from readinglist.core.models import ReadStatus

TEXT_FIELDS = {"title": "title", "author": "authors", "authors": "authors",
               "abstract": "abstract", "note": "notes", "notes": "notes", "venue": "venue"}
TAG_FIELDS = {"tag": "tags", "tags": "tags"}
ID_FIELDS = {"key": "citekey", "citekey": "citekey", "arxiv": "arxiv", "doi": "doi"}
OTHER_FIELDS = {"status", "year", "added", "has", "rating"}
HAS_VALUES = {"note": "note", "notes": "note", "tag": "tag", "tags": "tag",
              "abstract": "abstract", "doi": "doi", "arxiv": "arxiv", "code": "code",
              "pdf": "pdf", "rating": "rating", "duplicate": "duplicate"}
KNOWN_FIELDS = sorted({*TEXT_FIELDS, *TAG_FIELDS, *ID_FIELDS, *OTHER_FIELDS})
MIN_PREFIX = 3
# Bounds on what one query may cost (issue 11): nobody types more, and a
# pasted page of text or a generated query must get a message, not minutes
# of evaluation or a RecursionError.
MAX_TERMS = 100  # words, counting each word of a phrase
MAX_DEPTH = 40  # nested parentheses, NOT/- and field groups
_WORD_RE = re.compile(r"\w+")


# ---- syntax tree -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A word or phrase; ``field`` None means the default fields."""

    text: str
    field: str | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """An exact value: ``tags``/``status``/``has``/``citekey``/``arxiv``/``doi``."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Range:
    """A numeric range on ``year``, ``rating`` or ``added`` (minutes since epoch)."""

    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Everything:
    """The empty query: every paper."""


Node = Text | Match | Range | And | Or | Not | Everything


# ---- lexer -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # WORD PHRASE FIELD LPAREN RPAREN AND OR NOT MINUS EOF
    text: str
    pos: int


_FIELD_RE = re.compile(r"([A-Za-z]+):")
_STOP_CHARS = set(' \t\r\n()"')


def tokenize(query: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(query)
    at_term_start = True
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            at_term_start = True
            continue
        if ch == "(":
            tokens.append(Token("LPAREN", ch, i))
            i += 1
            at_term_start = True
            continue
        if ch == ")":
            tokens.append(Token("RPAREN", ch, i))
            i += 1
            at_term_start = True
            continue
        if ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise InvalidQuery("this quote is never closed", query, i)
            tokens.append(Token("PHRASE", query[i + 1 : end], i))
            i = end + 1
            at_term_start = False
            continue
        if ch == "-" and at_term_start and i + 1 < n and not query[i + 1].isspace():
            tokens.append(Token("MINUS", ch, i))
            i += 1
            continue
        field = _FIELD_RE.match(query, i)
        if field and not query.startswith("//", field.end()):
            tokens.append(Token("FIELD", field.group(1).lower(), i))
            i = field.end()
            at_term_start = True
            if i >= n or query[i].isspace() or query[i] == ")":
                raise InvalidQuery(f"'{field.group(1)}:' needs a value after it", query, i)
            continue
        start = i
        while i < n and query[i] not in _STOP_CHARS:
            i += 1
        word = query[start:i]
        if word in ("AND", "OR", "NOT"):
            tokens.append(Token(word, word, start))
        else:
            tokens.append(Token("WORD", word, start))
        at_term_start = False
    tokens.append(Token("EOF", "", n))
    return tokens


# ---- parser ------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str, now: datetime) -> None:
        self.query = query
        self.now = now
        self.tokens = tokenize(query)
        self.i = 0
        self.depth = 0
        self._count_terms()

    def _count_terms(self) -> None:
        terms = 0
        for tok in self.tokens:
            if tok.kind == "WORD":
                terms += 1
            elif tok.kind == "PHRASE":
                for k, m in enumerate(_WORD_RE.finditer(tok.text)):
                    if terms + k >= MAX_TERMS:
                        raise self.error(f"a query can have at most {MAX_TERMS} words; "
                                         "this phrase goes past that", tok.pos + 1 + m.start())
                terms += max(1, len(_WORD_RE.findall(tok.text)))
            if terms > MAX_TERMS:
                raise self.error(f"a query can have at most {MAX_TERMS} words; "
                                 "this one has more from here on", tok.pos)

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the query nests more than {MAX_DEPTH} levels deep "
                             "(parentheses, NOT or -)", pos)

    def error(self, message: str, pos: int) -> InvalidQuery:
        return InvalidQuery(message, self.query, pos)

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.tok.kind == "EOF":
            return Everything()
        node = self.parse_or(None)
        if self.tok.kind == "RPAREN":
            raise self.error("this ')' has no matching '('", self.tok.pos)
        if self.tok.kind != "EOF":  # pragma: no cover - parse_or consumes everything else
            raise self.error("unexpected text", self.tok.pos)
        return node

    def parse_or(self, field: str | None) -> Node:
        items = [self.parse_and(field)]
        while self.tok.kind == "OR":
            op = self.advance()
            if self.tok.kind in ("EOF", "RPAREN", "OR", "AND"):
                raise self.error("'OR' needs a search term after it", op.pos)
            items.append(self.parse_and(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self, field: str | None) -> Node:
        if self.tok.kind in ("AND", "OR"):
            raise self.error(f"'{self.tok.kind}' needs a search term before it", self.tok.pos)
        items = [self.parse_unary(field)]
        while self.tok.kind not in ("OR", "RPAREN", "EOF"):
            if self.tok.kind == "AND":
                op = self.advance()
                if self.tok.kind in ("EOF", "RPAREN", "OR", "AND"):
                    raise self.error("'AND' needs a search term after it", op.pos)
            items.append(self.parse_unary(field))
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self, field: str | None) -> Node:
        if self.tok.kind in ("NOT", "MINUS"):
            op = self.advance()
            if self.tok.kind in ("EOF", "RPAREN", "OR", "AND"):
                raise self.error(f"'{op.text}' needs a search term after it", op.pos)
            self._enter(op.pos)
            item = self.parse_unary(field)
            self.depth -= 1
            if isinstance(item, Not):
                return item.item  # NOT NOT x is x
            return Not(item)
        return self.parse_primary(field)

    def parse_primary(self, field: str | None) -> Node:
        tok = self.tok
        if tok.kind == "LPAREN":
            self.advance()
            if self.tok.kind == "RPAREN":
                raise self.error("empty parentheses", tok.pos)
            self._enter(tok.pos)
            node = self.parse_or(field)
            self.depth -= 1
            if self.tok.kind != "RPAREN":
                raise self.error("this '(' is never closed", tok.pos)
            self.advance()
            return node
        if tok.kind == "RPAREN":
            raise self.error("this ')' has no matching '('", tok.pos)
        if tok.kind == "FIELD":
            self.advance()
            if field is not None:
                raise self.error("a field cannot be used inside another field's group", tok.pos)
            name = tok.text
            if name not in KNOWN_FIELDS:
                known = ", ".join(f"{f}:" for f in KNOWN_FIELDS)
                raise self.error(f"unknown field '{name}:'; known fields are {known}", tok.pos)
            if self.tok.kind in ("EOF", "RPAREN", "AND", "OR", "NOT", "MINUS"):
                raise self.error(f"'{name}:' needs a value after it", self.tok.pos)
            return self.parse_primary(name)
        if tok.kind == "PHRASE":
            self.advance()
            return self.value(field, tok, phrase=True)
        if tok.kind == "WORD":
            self.advance()
            return self.value(field, tok, phrase=False)
        raise self.error("a search term is missing here", tok.pos)  # pragma: no cover

    # -- values ------------------------------------------------------------

    def value(self, field: str | None, tok: Token, *, phrase: bool) -> Node:
        text = tok.text
        if field is None or field in TEXT_FIELDS:
            target = TEXT_FIELDS.get(field) if field else None
            if phrase:
                return Text(text, target, phrase=True)
            return self.word(text, target, tok.pos)
        if field in TAG_FIELDS:
            if not text.strip():
                raise self.error("an empty tag name", tok.pos)
            return Match("tags", text.strip().strip("/").lower())
        if field in ID_FIELDS:
            target = ID_FIELDS[field]
            value = text.strip()
            if target == "arxiv":
                value = normalize_arxiv_id(value) or value
            elif target == "doi":
                value = parse_doi(value, allow_arxiv=True) or value
            return Match(target, value.lower())
        if field == "status":
            try:
                return Match("status", ReadStatus.parse(text).value)
            except InvalidInput as exc:
                raise self.error(str(exc), tok.pos) from None
        if field == "has":
            key = text.strip().lower()
            if key not in HAS_VALUES:
                known = ", ".join(sorted(set(HAS_VALUES.values())))
                raise self.error(f"has: takes one of {known}", tok.pos)
            return Match("has", HAS_VALUES[key])
        if field == "year":
            return self.number_range("year", text, tok.pos, low_limit=0, high_limit=9999)
        if field == "rating":
            return self.number_range("rating", text, tok.pos, low_limit=0, high_limit=5)
        if field == "added":
            return self.added(text, tok.pos)
        raise self.error(f"unknown field '{field}:'", tok.pos)  # pragma: no cover

    def word(self, text: str, field: str | None, pos: int) -> Text:
        if "*" in text.rstrip("*") or text.startswith("*"):
            star = text.index("*")
            raise self.error("'*' can only end a word, as in embed*", pos + star)
        if text.endswith("*"):
            stem = text.rstrip("*")
            if len(stem) < MIN_PREFIX:
                raise self.error(
                    f"type at least {MIN_PREFIX} characters before '*'", pos + len(text) - 1
                )
            return Text(stem, field, prefix=True)
        return Text(text, field)

    def number_range(
        self, field: str, text: str, pos: int, *, low_limit: int, high_limit: int
    ) -> Range:
        def number(value: str, offset: int) -> int:
            if not re.fullmatch(r"\d{1,4}", value):
                raise self.error(f"{field}: expects a number, not {value!r}", pos + offset)
            n = int(value)
            if not low_limit <= n <= high_limit:
                raise self.error(f"{field}: {n} is out of range", pos + offset)
            return n

        op, value = _comparison(text)
        if op:
            return _compare_range(field, op, number(value, len(op)))
        if not value:
            raise self.error(f"{field}: expects a value such as 2020, 2020..2023 or >=2024", pos)
        offset = len(text) - len(value)
        if ".." in value:
            low, high = _split_range(value)
            lo = number(low, offset) if low else None
            hi = number(high, offset + value.index("..") + 2) if high else None
            if lo is None and hi is None:
                raise self.error(f"{field}: the range needs at least one end", pos)
            if lo is not None and hi is not None and lo > hi:
                raise self.error(f"{field}: the range {value} is empty", pos)
            return Range(field, lo, hi)
        n = number(value, offset)
        return Range(field, n, n)

    def added(self, text: str, pos: int) -> Range:
        op, value = _comparison(text)
        rel = re.fullmatch(r"(\d{1,5})([dwmy])", value.lower())
        if rel:
            amount, unit = int(rel.group(1)), rel.group(2)
            days = amount * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
            try:
                cutoff = _minutes(self.now - timedelta(days=days))
            except OverflowError:  # before year 1: every paper was added since
                cutoff = _minutes(datetime(1, 1, 1, tzinfo=UTC))
            # "<7d" = less than 7 days ago = added after the cutoff.
            if op in ("", "<", "<="):
                return Range("added", cutoff, None)
            return Range("added", None, cutoff)
        if op:
            day = self.day(value, pos + len(op))
            start, end = _minutes_of_day(day)
            return _compare_range("added", op, start, day_end=end)
        if ".." in value:
            low, high = _split_range(value)
            lo = _minutes_of_day(self.day(low, pos))[0] if low else None
            hi_pos = pos + len(text) - len(value) + value.index("..") + 2
            hi = _minutes_of_day(self.day(high, hi_pos))[1] if high else None
            return Range("added", lo, hi)
        start, end = _minutes_of_day(self.day(value, pos))
        return Range("added", start, end)

    def day(self, text: str | None, pos: int) -> date:
        value = (text or "").lower()
        if value == "today":
            return self.now.date()
        if value == "yesterday":
            return self.now.date() - timedelta(days=1)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(
                f"added: expects 7d, 2w, 3m, 1y, a date like 2024-05-01, or a range; "
                f"not {text!r}",
                pos,
            ) from None


def _comparison(text: str) -> tuple[str, str]:
    for op in (">=", "<=", ">", "<", "="):
        if text.startswith(op):
            return ("" if op == "=" else op), text[len(op) :]
    return "", text


def _split_range(text: str) -> tuple[str | None, str | None]:
    if ".." in text:
        low, _, high = text.partition("..")
        return (low or None), (high or None)
    return text or None, text or None


def _compare_range(field: str, op: str, n: int, *, day_end: int | None = None) -> Range:
    end = n if day_end is None else day_end
    if op == ">":
        return Range(field, end + 1, None)
    if op == ">=":
        return Range(field, n, None)
    if op == "<":
        return Range(field, None, n - 1)
    return Range(field, None, end)  # <=


def _minutes(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def _minutes_of_day(day: date) -> tuple[int, int]:
    start = _minutes(datetime(day.year, day.month, day.day, tzinfo=UTC))
    return start, start + 24 * 60 - 1  # not via datetime: 9999-12-31 has no next day


def minutes_from_iso(stamp: str) -> int:
    """Minutes since the epoch for a stored ``added`` timestamp."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _minutes(moment)


def parse_query(query: str, *, now: datetime | None = None) -> Node:
    """Parse a user query; raises :class:`InvalidQuery` with a position."""
    if now is None and "added" not in query.lower():
        # The same query comes back with every keystroke, page and refresh;
        # only ``added:`` depends on the clock. Trees are immutable.
        return _parse_cached(query)
    return _Parser(query, now or datetime.now(UTC)).parse()


@functools.lru_cache(maxsize=512)
def _parse_cached(query: str) -> Node:
    return _Parser(query, datetime.now(UTC)).parse()


def is_structured(node: Node) -> bool:
    """True when the query has no free text, so SQL can answer it."""
    if isinstance(node, Text):
        return False
    if isinstance(node, And | Or):
        return all(is_structured(i) for i in node.items)
    if isinstance(node, Not):
        return is_structured(node.item)
    return True


def conjoin(*nodes: Node) -> Node:
    """AND several trees together, dropping ``Everything``."""
    items = tuple(n for n in nodes if not isinstance(n, Everything))
    if not items:
        return Everything()
    return items[0] if len(items) == 1 else And(items)
