"""The fixed mixed query set, in our query language and as FTS5 SQL.

Words are picked by frequency rank from the generator's vocabulary, so the
set is the same for a seed whatever the size, and each query's shape (very
common word, rare word, phrase, short prefix …) stays what its label says.
The FTS5 form is what a hand-written SQLite app would run for the same
intent; ``fts5_baseline`` runs it on the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.generate import SyntheticLibrary


@dataclass(frozen=True, slots=True)
class BenchQuery:
    label: str
    query: str  # what the user types into the search bar
    fts_match: str = ""  # FTS5 MATCH expression ("" = no full-text part)
    fts_where: str = ""  # extra SQL condition on the baseline's ``meta`` table


def _phrase_from(lib: SyntheticLibrary) -> tuple[str, str]:
    """Two adjacent words from an abstract in the library (so the phrase exists)."""
    abstract = lib.papers[len(lib.papers) // 3].draft.abstract
    words = [w.strip(".").lower() for w in abstract.split()]
    for a, b in zip(words, words[1:], strict=False):
        if a != b and len(a) > 3 and len(b) > 3:
            return a, b
    return words[0], words[1]


def query_set(lib: SyntheticLibrary) -> list[BenchQuery]:
    if lib.corpus == "realistic":
        return realistic_query_set(lib)
    w = lib.words
    very_common, common, mid, mid2, uncommon, rare = w[8], w[40], w[120], w[300], w[1500], w[8000]
    long_word = next(x for x in w[60:] if len(x) >= 7)
    p_a, p_b = _phrase_from(lib)
    note_word = w[90]
    author = "müller"
    han_author = "王伟"  # CJK names are one token: family + given
    tag_root, tag_child = lib.tags[0], next(t for t in lib.tags if t.count("/") == 1)
    return [
        BenchQuery("very common word", very_common, very_common),
        BenchQuery("common word", common, common),
        BenchQuery("rare word", rare, rare),
        BenchQuery("two words", f"{mid} {uncommon}", f"{mid} {uncommon}"),
        BenchQuery("two common words", f"{common} {mid}", f"{common} {mid}"),
        BenchQuery("phrase", f'"{p_a} {p_b}"', f'"{p_a} {p_b}"'),
        BenchQuery("prefix, 3 chars", f"{long_word[:3]}*", f"{long_word[:3]}*"),
        BenchQuery("prefix, 4 chars", f"{long_word[:4]}*", f"{long_word[:4]}*"),
        BenchQuery("prefix, 5 chars", f"{long_word[:5]}*", f"{long_word[:5]}*"),
        BenchQuery("OR", f"{uncommon} OR {rare}", f"{uncommon} OR {rare}"),
        BenchQuery("NOT", f"{mid} -{common}", f"{mid} NOT {common}"),
        BenchQuery("title:", f"title:{common}", f"title : {common}"),
        BenchQuery("abstract:", f"abstract:{mid2}", f"abstract : {mid2}"),
        BenchQuery("author:", f"author:{author}", f"authors : {author}"),
        BenchQuery("author: (Han)", f"author:{han_author}", f"authors : {han_author}"),
        BenchQuery("note:", f"note:{note_word}", f"notes : {note_word}"),
        BenchQuery("venue:", "venue:neurips", "venue : neurips"),
        BenchQuery("tag", f"tag:{tag_root}", "",
                   f"id IN (SELECT paper_id FROM tag_links WHERE tag = '{tag_root}' "
                   f"OR tag LIKE '{tag_root}/%')"),
        BenchQuery("tag + word", f"tag:{tag_child} {mid}", f'tags : "{" ".join(tag_child.split("/"))}" AND {mid}'),
        BenchQuery("year range", "year:2020..2023", "", "year BETWEEN 2020 AND 2023"),
        BenchQuery("word + year", f"{mid} year:>=2024", mid, "year >= 2024"),
        BenchQuery("word + status", f"status:read {mid}", mid, "status = 'read'"),
        BenchQuery("matches nothing", "zzqxwvk", "zzqxwvk"),
        # As typed into the search bar: the last word is a prefix.
        BenchQuery("as you type: 1 word, 3 chars", f"{common[:3]}*", f"{common[:3]}*"),
        BenchQuery("as you type: 2nd word, 3 chars", f"{common} {long_word[:3]}*",
                   f"{common} {long_word[:3]}*"),
        BenchQuery("as you type: 2nd word, 5 chars", f"{common} {long_word[:5]}*",
                   f"{common} {long_word[:5]}*"),
    ]


def _tag_queries(lib: SyntheticLibrary, word: str) -> list[BenchQuery]:
    tag_child = next(t for t in lib.tags if t.count("/") == 1)
    return [
        BenchQuery("word + tag:", f"{word} tag:{tag_child}",
                   f'tags : "{" ".join(tag_child.split("/"))}" AND {word}'),
        BenchQuery("word + year:", f"{word} year:>=2024", word, "year >= 2024"),
        BenchQuery("word + status:", f"status:read {word}", word, "status = 'read'"),
    ]


def realistic_query_set(lib: SyntheticLibrary) -> list[BenchQuery]:
    """What people type on a library of real abstracts: common words (issue 13)."""
    def q(label: str, typed: str, fts: str | None = None) -> BenchQuery:
        return BenchQuery(label, typed, typed if fts is None else fts)

    return [
        q("one common word", "model"),
        q("one common word (2)", "learning"),
        q("two common words", "language model"),
        q("two common words (2)", "data network"),
        q("three words", "graph neural network"),
        q("three words (2)", "efficient language model"),
        q("phrase", '"graph attention"'),
        q("phrase, very common words", '"neural network"'),
        q("prefix dist*", "dist*"),
        q("a OR b", "transformer OR diffusion"),
        q("a OR b, common", "model OR learning"),
        BenchQuery("word -other", "learning -model", "learning NOT model"),
        BenchQuery("word -other (2)", "graph -network", "graph NOT network"),
        *_tag_queries(lib, "learning"),
        q("title:", "title:transformer", "title : transformer"),
        # As typed, letter by letter: the last word is a prefix.
        q("as you type: gra*", "gra*"),
        q("as you type: graph att*", "graph att*"),
        q("as you type: graph attention net*", "graph attention net*"),
        q("as you type: language mod*", "language mod*"),
        q("as you type: lea*", "lea*"),
        q("rare word", lib.words[20_000]),
        q("matches nothing", "zzqxwvk"),
    ]
