from datetime import UTC, datetime

import pytest

from readinglist.core.errors import InvalidQuery
from readinglist.core.search.query import (
    And,
    Everything,
    Match,
    Not,
    Or,
    Range,
    Text,
    parse_query,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def parse(q):
    return parse_query(q, now=NOW)


def test_words_are_anded_and_operators_work():
    assert parse("graph neural") == And((Text("graph"), Text("neural")))
    assert parse("bert OR gpt") == Or((Text("bert"), Text("gpt")))
    assert parse("bert AND gpt") == And((Text("bert"), Text("gpt")))
    assert parse("NOT survey") == Not(Text("survey"))
    assert parse("-survey") == Not(Text("survey"))
    assert parse("a OR b c") == Or((Text("a"), And((Text("b"), Text("c")))))


def test_hyphenated_words_are_words_not_negations():
    assert parse("self-attention") == Text("self-attention")


def test_phrases_prefixes_and_fields():
    assert parse('"graph neural"') == Text("graph neural", phrase=True)
    assert parse("embed*") == Text("embed", prefix=True)
    assert parse("title:bert") == Text("bert", "title")
    assert parse('author:"van der Waals"') == Text("van der Waals", "authors", phrase=True)
    assert parse("title:(bert OR gpt)") == Or((Text("bert", "title"), Text("gpt", "title")))
    assert parse("tag:ML/NLP") == Match("tags", "ml/nlp")
    assert parse("status:queue") == Match("status", "queued")
    assert parse("has:notes") == Match("has", "note")
    assert parse("arxiv:2509.12345v2") == Match("arxiv", "2509.12345")


def test_year_forms():
    assert parse("year:2017") == Range("year", 2017, 2017)
    assert parse("year:2020..2023") == Range("year", 2020, 2023)
    assert parse("year:2020..") == Range("year", 2020, None)
    assert parse("year:>=2024") == Range("year", 2024, None)
    assert parse("year:>2024") == Range("year", 2025, None)
    assert parse("year:<2000") == Range("year", None, 1999)


def test_added_relative_and_absolute():
    seven_days_ago = int((NOW.timestamp() - 7 * 86400) // 60)
    assert parse("added:<7d") == Range("added", seven_days_ago, None)
    assert parse("added:>7d") == Range("added", None, seven_days_ago)
    day = parse("added:2024-05-01")
    assert isinstance(day, Range) and day.high - day.low == 24 * 60 - 1


def test_empty_query_is_everything():
    assert parse("   ") == Everything()


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ("title:(foo", 6, "never closed"),
        ('find "unclosed', 5, "quote"),
        ("foo)", 3, "no matching"),
        ("foo AND", 4, "AND"),
        ("OR foo", 0, "OR"),
        ("colour:red", 0, "unknown field"),
        ("year:20x0", 5, "number"),
        ("year:2023..2020", 5, "empty"),
        ("added:soon", 6, "added:"),
        ("status:later", 7, "unknown status"),
        ("gr*", 2, "at least 3"),
        ("*former", 0, "can only end"),
        ("title:", 6, "needs a value"),
        ("has:pizza", 4, "has:"),
        ("()", 0, "empty parentheses"),
    ],
)
def test_bad_queries_name_the_position(query, position, words):
    with pytest.raises(InvalidQuery) as info:
        parse(query)
    assert info.value.position == position
    assert words in str(info.value)
    assert f"position {position + 1}" in str(info.value)


def test_urls_are_words_not_fields():
    assert parse("https://arxiv.org/abs/2509.12345") == Text("https://arxiv.org/abs/2509.12345")
