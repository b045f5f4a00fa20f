"""Cutting a ``.bib`` file into blocks the way BibTeX reads it, before parsing.

BibTeX reads a file entry by entry and survives what real files contain:
``@article( … )`` in parentheses, ``@Book{,`` with an empty key (Citavi,
EndNote), no key at all, an entry whose closing brace is missing (the next
``@type{`` at the start of a line ends it), text between entries (a
comment). bibtexparser stops on some of these, and one stop used to refuse
the whole file. So this splitter finds each block first, repairs what BibTeX
would have read anyway, and lays the blocks out again *on their original
lines*, so that the parser's line numbers are the user's line numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# BibTeX: "@" then an identifier (no white space or "#%'(),={}), then { or (.
_START_RE = re.compile(r"@[ \t\r\n]*([^\s\"#%'(),={}@]+)[ \t\r\n]*([{(])")
# A line that starts a new entry: ends an entry whose closing brace is missing.
_LINE_START_RE = re.compile(
    r"\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(][ \t]*(?:[^\s,={}()\"]*[ \t]*,|\r?\n)"
)
_KEY_RE = re.compile(r"[ \t\r\n]*([^,\s={}()]*)[ \t\r\n]*")
NO_KEY_PREFIX = "rl-no-key-at-line-"

COMMANDS = frozenset({"comment", "string", "preamble"})


@dataclass(slots=True)
class Block:
    """One ``@…`` block: its type (lower case), key, first line (1-based) and text."""

    kind: str
    key: str
    line: int
    text: str
    end_line: int
    repairs: list[str] = field(default_factory=list)
    keyless: bool = False


def _line_of(text: str, pos: int, newlines: list[int]) -> int:
    """1-based line of ``pos`` (``newlines``: the sorted offsets of the text's newlines)."""
    return bisect_right(newlines, pos - 1) + 1


def split(text: str) -> list[Block]:
    """Every ``@type{…}`` / ``@type(…)`` block in file order, repaired where BibTeX would read on."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    blocks: list[Block] = []
    pos = 0
    n = len(text)
    while True:
        at = text.find("@", pos)
        if at < 0:
            break
        match = _START_RE.match(text, at)
        if match is None:
            pos = at + 1
            continue
        kind = match.group(1).lower()
        opener = match.group(2)
        body_start = match.end()
        end, depth = _block_end(text, body_start, opener)
        repairs: list[str] = []
        if kind == "comment":
            # BibTeX skips the word only; biber and bibtexparser skip the braces.
            pos = end if depth == 0 else match.end()
            continue
        line = _line_of(text, at, newlines)
        end_line = _line_of(text, max(end - 1, at), newlines)
        body = text[body_start:end]
        if opener == "{":
            if depth:
                body = body.rstrip() + "\n" + "}" * depth
                repairs.append(
                    f"its closing brace is missing (read up to line {end_line}, as BibTeX does)"
                )
        else:
            if depth or not body.rstrip().endswith(")"):
                body = body.rstrip() + "\n" + "}" * max(depth, 0) + "}"
                repairs.append(
                    f"its closing parenthesis is missing (read up to line {end_line})"
                )
            else:
                stripped = body.rstrip()
                body = stripped[:-1] + "}" + body[len(stripped) :]
        key = ""
        keyless = False
        if kind not in COMMANDS:
            key_match = _KEY_RE.match(body)
            assert key_match is not None
            key = key_match.group(1)
            after = body[key_match.end() : key_match.end() + 1]
            if after == "=":
                # "@article{ author = …": no key at all (EndNote); the word was a field name.
                key = ""
                body = f"{NO_KEY_PREFIX}{line}," + body
                keyless = True
            elif not key:
                stripped = body.lstrip()
                body = f"{NO_KEY_PREFIX}{line}" + (stripped if stripped.startswith(",") else ", " + stripped)
                keyless = True
        head = "@" + match.group(1) + "{"
        blocks.append(Block(kind, key, line, head + body, end_line, repairs, keyless))
        pos = end
        if pos >= n:
            break
    return blocks


_BRACE_EVENTS = re.compile(r"[{}\n]")
_PAREN_EVENTS = re.compile(r"[{}\n\"()]")


def _block_end(text: str, start: int, opener: str) -> tuple[int, int]:
    """Where the block that opened just before ``start`` ends, and the brace depth left open.

    A closing brace that is missing is found the way a reader would: the
    next line that starts another entry ends this one.
    """
    depth = 1 if opener == "{" else 0
    in_quotes = False
    parens = opener == "("
    for match in (_PAREN_EVENTS if parens else _BRACE_EVENTS).finditer(text, start):
        ch = match.group()
        i = match.start()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not parens:
                return i + 1, 0
            if depth < 0:  # a stray "}" inside parentheses: BibTeX stops here too
                return i + 1, 0
        elif ch == "\n":
            if _LINE_START_RE.match(text, i):
                return i, depth
        elif depth == 0 and ch == '"':
            in_quotes = not in_quotes
        elif depth == 0 and ch == ")" and not in_quotes:
            return i + 1, 0
    return len(text), depth


def layout(blocks: list[Block]) -> tuple[str, dict[int, Block]]:
    """The blocks as one text, each on its original line where there is room, and
    which block starts on which line of that text (the parser counts lines in it)."""
    out: list[str] = []
    starts: dict[int, Block] = {}
    line = 1
    for block in blocks:
        if block.line > line:
            out.append("\n" * (block.line - line))
            line = block.line
        starts[line] = block
        out.append(block.text)
        out.append("\n")
        line += block.text.count("\n") + 1
    return "".join(out), starts
