"""Library text → the inside of a BibTeX field, safely.

Two profiles share this code. The *BibTeX* profile (``ascii_only=True``)
writes 7-bit text: every non-ASCII character becomes a braced LaTeX
spelling (``{\\"u}``, ``{\\l}``, ``{\\c{c}}``), found by pylatexenc and kept
only when it uses commands from :mod:`tex_commands`; else it is spelt with
LaTeX accents from its Unicode decomposition; else transliterated
(``王`` → ``Wang``). The *BibLaTeX* profile keeps UTF-8.

In both, text is text: ``& % $ # _ { } ~ ^ \\ < > |`` come out as the
characters they are, and a backslash in a title can never start a command.
Three things are recognised on the way in:

* ``$...$`` math that uses only kernel math commands, balanced braces and
  well-formed scripts is kept as math, braced so styles do not change its
  case; any other ``$...$`` is printed literally;
* accent macros already in the text (``Schr\\"odinger``, ``{\\'e}``,
  ``\\ss``) and escaped specials (``\\&``) are read as the characters they
  stand for, so they print as intended instead of as backslashes;
* words that case-changing styles would lower-case wrongly (``BERT``,
  ``ImageNet``, ``GPT`` in ``GPT-4``, ``T5``) are wrapped in braces.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from anyascii import anyascii
from pylatexenc.latexencode import UnicodeToLatexEncoder

from readinglist.core.exporters.tex_macros import ACCENT_OF_MARK, decode_text_macros
from readinglist.core.exporters.tex_commands import (
    MATH_ARITY,
    MATH_SYMBOLS,
    TEXT_COMMANDS,
)

# Specials in plain text. Braces cannot be written ``\{``: BibTeX counts
# every brace, escaped or not, so an unmatched ``\{`` breaks the whole file.
ASCII_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

_ASCII_RE = re.compile(r"[A-Za-z][\u0300-\u036f]+|[\\{}&%$#_~^<>|\x00\x03-\x1f\x7f]|[^\x00-\x7f]")
_UTF8_RE = re.compile(r"[\\{}&%$#_~^<>|\x00\x03-\x1f\x7f-\x9f\u2028\u2029\ufeff]")

_encoder = UnicodeToLatexEncoder(non_ascii_only=True, unknown_char_policy="ignore")
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)


@dataclass
class TexNotes:
    """What a conversion could not keep exactly (for ``doctor``)."""

    transliterated: set[str] = field(default_factory=set)
    math_as_text: list[str] = field(default_factory=list)


# ---- one character ---------------------------------------------------------------


def _commands(tex: str) -> list[str]:
    return re.findall(r"\\([A-Za-z]+|.)", tex)


def _split_ensuremath(tex: str) -> tuple[str, list[str]] | None:
    """``tex`` without its ``\\ensuremath{…}`` parts, and those parts."""
    outside: list[str] = []
    inside: list[str] = []
    pos = 0
    while True:
        start = tex.find("\\ensuremath{", pos)
        if start < 0:
            outside.append(tex[pos:])
            return "".join(outside), inside
        outside.append(tex[pos:start])
        i = start + len("\\ensuremath{")
        depth, begin = 1, i
        while depth:
            if i >= len(tex):
                return None
            depth += {"{": 1, "}": -1}.get(tex[i], 0)
            i += 1
        inside.append(tex[begin : i - 1])
        pos = i


def _trusted(tex: str) -> bool:
    """Does pylatexenc's spelling use only commands that compile everywhere?"""
    parts = _split_ensuremath(tex)
    if parts is None or not _balanced(tex):
        return False
    outside, inside = parts
    if not all(c in TEXT_COMMANDS for c in _commands(outside)):
        return False
    return all(MATH_ARITY.get(c) == 0 for part in inside for c in _commands(part))


def _braced(tex: str) -> str:
    """One BibTeX "special character": ``{\\"u}``, so styles can change its case."""
    if tex.startswith("{") and tex.endswith("}") and _balanced(tex[1:-1]):
        return tex
    return "{" + tex + "}"


def _decomposed(chars: str) -> str | None:
    """``ệ`` → ``{\\^{\\d{e}}}`` from the Unicode decomposition, if every mark has an accent."""
    parts = unicodedata.normalize("NFD", chars)
    base, marks = parts[0], parts[1:]
    if not marks or not (base.isascii() and base.isalpha()):
        return None
    if base in "ij" and any(unicodedata.combining(m) == 230 for m in marks):
        base = "\\" + base  # dotless i/j under an accent above
    tex = base
    for mark in marks:
        accent = ACCENT_OF_MARK.get(mark)
        if accent is None:
            return None
        tex = f"\\{accent}{{{tex}}}"
    return "{" + tex + "}"


@cache
def ascii_char(ch: str) -> tuple[str, bool]:
    """The 7-bit spelling of one character, and whether it was only transliterated.

    ``ch`` may also be a letter followed by combining marks that Unicode has
    no precomposed character for (``x̂``).
    """
    if len(ch) > 1:
        composed = _decomposed(ch)
        return (composed, False) if composed is not None else (ch[0], True)
    if ch in ASCII_SPECIALS:
        return ASCII_SPECIALS[ch], False
    category = unicodedata.category(ch)
    if ch == "\u00a0":
        return "~", False
    if category in ("Zs", "Zl", "Zp") or ch in "\t\n\r\x0b\x0c":
        return " ", False
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"):
        return "", False
    tex = _encoder.unicode_to_latex(ch)
    if tex and tex != ch and _trusted(tex):
        return _braced(tex), False
    composed = _decomposed(ch)
    if composed is not None:
        return composed, False
    folded = anyascii(ch)
    return "".join(ASCII_SPECIALS.get(c, c) for c in folded if " " <= c < "\x7f"), True


@cache
def _utf8_char(ch: str) -> str:
    if ch in ASCII_SPECIALS:
        return ASCII_SPECIALS[ch]
    if ch in "\t\n\r\x0b\x0c\u2028\u2029":
        return " "
    return ""  # control characters and byte-order marks


# ---- math ----------------------------------------------------------------------

_MATH_TOKEN_RE = re.compile(r"\\([A-Za-z]+)|\\(.)|(\s+)|(.)", re.S)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_SIMPLE_MATH_RE = re.compile(r"[A-Za-z0-9 ,.;:+\-*/=()\[\]<>|!?']*[A-Za-z0-9)\]|!']")


@lru_cache(maxsize=8192)
def math_tex(math: str, ascii_only: bool) -> str | None:
    """The inside of ``$…$`` if it is safe, complete math; else None.

    Checks what would stop LaTeX: unknown or package commands, missing
    arguments, double super/subscripts, alignment and parameter characters,
    unbalanced braces (counted TeX's way and BibTeX's way).
    """
    if _SIMPLE_MATH_RE.fullmatch(math):
        return math.strip()  # $n$, $k=3$, $O(n)$: nothing TeX could trip over
    if not math.strip() or not _balanced(math):
        return None
    out: list[str] = []
    depth = 0
    pending = [0]  # arguments still owed at each brace level
    script = [""]  # "^", "_" or "^_": scripts already attached to the current atom
    script_arg = [False]  # the next atom is a script's argument
    tokens = list(_MATH_TOKEN_RE.finditer(math))
    for i, tok in enumerate(tokens):
        name, symbol, space, char = tok.groups()
        if space is not None:
            out.append(" ")
            continue
        text = tok.group()
        arity = 0
        if name is not None:
            if name not in MATH_ARITY:
                return None
            arity = MATH_ARITY[name]
            if pending[depth] and arity:
                return None  # \hat\frac: a command with arguments as an argument
            if name == "sqrt" and i + 1 < len(tokens) and tokens[i + 1].group() == "[":
                return None
        elif symbol is not None:
            if symbol not in MATH_SYMBOLS:
                return None
        elif char == "{":
            if pending[depth]:
                pending[depth] -= 1
                taken_as_arg = True
            else:
                taken_as_arg = script_arg[depth]
            if not taken_as_arg:
                script[depth] = ""
            script_arg[depth] = False
            depth += 1
            pending.append(0)
            script.append("")
            script_arg.append(False)
            out.append("{")
            continue
        elif char == "}":
            if pending[depth] or script_arg[depth] or depth == 0:
                return None
            depth -= 1
            pending.pop()
            script.pop()
            script_arg.pop()
            out.append("}")
            continue
        elif char in "^_":
            if pending[depth] or script_arg[depth] or char in script[depth]:
                return None
            script[depth] += char
            script_arg[depth] = True
            out.append(char)
            continue
        elif char == "'":
            if "^" in script[depth] or pending[depth] or script_arg[depth]:
                return None
            out.append(char)
            continue
        elif char in "#%&$\\":
            return None
        elif not char.isascii():
            if ascii_only:
                spelt, lossy = ascii_char(char)
                if lossy or not spelt.startswith("{\\ensuremath{"):
                    return None
                text = "{" + spelt[len("{\\ensuremath{") : -2] + "}"
            elif not (char.isprintable() and unicodedata.category(char)[0] in "LNSP"):
                return None
        elif not char.isprintable():
            return None
        # An ordinary atom (or a command): it fills an owed argument, or starts a new atom.
        if pending[depth]:
            pending[depth] -= 1
        elif script_arg[depth]:
            script_arg[depth] = False
        else:
            script[depth] = ""
        pending[depth] += arity
        out.append(text)
    if depth or pending[0] or script_arg[0]:
        return None
    return "".join(out).strip()


def _dollars(text: str) -> list[int]:
    """Positions of the dollars not escaped by a backslash (``\\$`` is text, ``\\\\$`` is not)."""
    found: list[int] = []
    i = text.find("$")
    while i >= 0:
        j = i
        while j > 0 and text[j - 1] == "\\":
            j -= 1
        if (i - j) % 2 == 0:
            found.append(i)
        i = text.find("$", i + 1)
    return found


def _math_split(text: str) -> list[tuple[bool, str]]:
    """Text and ``$…$`` math segments, with Pandoc's rule for what is math.

    The opening ``$`` has a non-space right after it, the closing one a
    non-space right before it and no digit right after it, so ``$5 and $10``
    stays text. ``\\$`` and unmatched dollars are text.
    """
    segments: list[tuple[bool, str]] = []
    pos = 0
    opened = -1
    for i in _dollars(text):
        after = text[i + 1 : i + 2]
        if opened < 0:
            if after and not after.isspace() and after != "$":
                opened = i
        elif not text[i - 1].isspace() and not after.isdigit():
            segments.append((False, text[pos:opened]))
            segments.append((True, text[opened + 1 : i]))
            pos = i + 1
            opened = -1
    segments.append((False, text[pos:]))
    return [s for s in segments if s[1]]


# ---- whole fields --------------------------------------------------------------


def _upper_class() -> str:
    """A regex character class of every upper-case letter (``re`` has no ``\\p{Lu}``)."""
    ranges: list[list[int]] = []
    for cp in range(0x110000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return (
        "["
        + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        )
        + "]"
    )


_W = r"[^\W_]"


@lru_cache(maxsize=1)
def _protect_re() -> re.Pattern[str]:
    """Words a case-changing style would spoil: a capital after the first letter
    (BERT, ImageNet, iPhone, 3D), a capital with a digit (T5), or a lone
    capital other than the article "A" (X-rays, Q-learning). Built on first
    use: listing every capital letter takes 60 ms, too much for CLI start-up."""
    up = _upper_class()
    return re.compile(
        rf"(?<!{_W}){_W}+?{up}{_W}*"
        rf"|(?<!{_W}){up}{_W}*?\d{_W}*"
        rf"|(?<!{_W})(?!A(?!{_W})){up}(?!{_W})"
    )


# The same rules for ASCII text, which is most text.
_PROTECT_ASCII_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9]+?[A-Z][A-Za-z0-9]*"
    r"|(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*?\d[A-Za-z0-9]*"
    r"|(?<![A-Za-z0-9])[B-Z](?![A-Za-z0-9])"
)
_OPEN, _CLOSE = "\x01", "\x02"  # brace sentinels, kept out of the escaping
_CONTROL_BYTES = bytes(range(32)) + b"\x7f"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_BACKSLASH_BRACE_RE = re.compile(r"[\\{}]")
_SIMPLE_SPECIALS = tuple((c, ASCII_SPECIALS[c]) for c in "&%$#_~^<>|")


def _control(m: re.Match[str]) -> str:
    return " " if m.group() in "\t\n\r\x0b\x0c" else ""


def _escape_ascii(text: str) -> str:
    """Escape ASCII text with C-speed string operations (most of an export's text)."""
    raw = text.encode("ascii")
    if len(raw.translate(None, _CONTROL_BYTES)) != len(raw):
        text = _CONTROL_RE.sub(_control, text)
    if "\\" in text or "{" in text or "}" in text:
        text = _BACKSLASH_BRACE_RE.sub(lambda m: ASCII_SPECIALS[m.group()], text)
    for char, spelt in _SIMPLE_SPECIALS:
        if char in text:
            text = text.replace(char, spelt)
    return text


def _escape_unicode(text: str, ascii_only: bool, notes: TexNotes | None) -> str:
    if not ascii_only:
        return _UTF8_RE.sub(lambda m: _utf8_char(m.group()), text)
    if notes is None:
        return _ASCII_RE.sub(lambda m: ascii_char(m.group())[0], text)

    def one(m: re.Match[str]) -> str:
        spelt, lossy = ascii_char(m.group())
        if lossy:
            notes.transliterated.add(m.group())
        return spelt

    return _ASCII_RE.sub(one, text)


_KEEP_RUN_RE = re.compile(r"(?<!\\)(?<![^\W_])[^\W_]+")  # letters and digits, not a command


def _protect(
    text: str,
    pattern: re.Pattern[str],
    open_: str,
    close: str,
    keep: frozenset[str] = frozenset(),
) -> str:
    """Brace the words ``pattern`` picks, and the words in ``keep`` (those the
    source protected); most words are skipped without a regex."""
    words = text.split(" ")
    changed = False
    for i, word in enumerate(words):
        if keep and word:
            marked = _KEEP_RUN_RE.sub(
                lambda m: open_ + m.group() + close if m.group() in keep else m.group(), word
            )
            if marked != word:
                words[i] = marked
                changed = True
                continue
        if not word or word.islower() or (word.isalpha() and word[1:].islower()):
            continue
        marked = pattern.sub(lambda m: open_ + m.group() + close, word)
        if marked != word:
            words[i] = marked
            changed = True
    return " ".join(words) if changed else text


# Greek *words* are text (names, quotations): transliterate them. A lone
# Greek letter is a symbol (α-helix, β-VAE) and becomes math.
_GREEK_WORD_RE = re.compile(
    r"[\u0370-\u03ff\u1f00-\u1fff][\u0300-\u036f\u0370-\u03ff\u1f00-\u1fff]+"
)


def _transliterate_greek(text: str, notes: TexNotes | None) -> str:
    def word(m: re.Match[str]) -> str:
        if notes is not None:
            notes.transliterated.update(m.group())
        return anyascii(m.group())

    return _GREEK_WORD_RE.sub(word, text)


def _escape_text(
    text: str,
    ascii_only: bool,
    protect: bool,
    notes: TexNotes | None,
    keep: frozenset[str] = frozenset(),
) -> str:
    if ascii_only and not text.isascii():
        text = _transliterate_greek(text, notes)
    if text.isascii():
        # Escaping ASCII only adds lower-case commands, so protect afterwards.
        spelt = _escape_ascii(text)
        return _protect(spelt, _PROTECT_ASCII_RE, "{", "}", keep) if protect else spelt
    if not protect:
        return _escape_unicode(text, ascii_only, notes)
    marked = _protect(text, _protect_re(), _OPEN, _CLOSE, keep)
    spelt = _escape_unicode(marked, ascii_only, notes)
    return spelt.replace(_OPEN, "{").replace(_CLOSE, "}")


def to_tex(
    text: str,
    *,
    ascii_only: bool,
    protect_case: bool = False,
    notes: TexNotes | None = None,
    keep_case: frozenset[str] = frozenset(),
) -> str:
    """``text`` as the braced value of a BibTeX field (without the outer braces).

    ``keep_case``: words to brace whatever they look like (with ``protect_case``),
    because the source braced them (``{Andes}``).
    """
    if not text:
        return ""
    if _OPEN in text or _CLOSE in text:
        # Control characters, meaningless in a title; they must never reach
        # the brace sentinels (decoding \\"o can make ASCII text non-ASCII).
        text = text.replace(_OPEN, "").replace(_CLOSE, "")
    if text.isascii():
        if not protect_case and "$" not in text and "\\" not in text:
            return _escape_ascii(text)
    else:
        text = unicodedata.normalize("NFC", text)
    if "$" not in text and "\\" not in text:
        return _escape_text(text, ascii_only, protect_case, notes, keep_case)
    out: list[str] = []
    for is_math, segment in _math_split(text):
        if is_math:
            kept = math_tex(segment, ascii_only)
            if kept is not None:
                out.append("{$" + kept + "$}")
                continue
            if notes is not None:
                notes.math_as_text.append(segment)
            literal = decode_text_macros("$" + segment + "$")
            out.append(_escape_text(literal, ascii_only, False, notes))
        else:
            out.append(
                _escape_text(decode_text_macros(segment), ascii_only, protect_case, notes, keep_case)
            )
    return "".join(out)


_URL_UNSAFE_RE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


_URL_SAFE_RE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")


def url_tex(url: str) -> str:
    """A URL or DOI as a field value: percent-encode what is unsafe for BibTeX and ``\\url``."""
    url = url.strip()
    if _URL_SAFE_RE.fullmatch(url):
        return url

    def enc(m: re.Match[str]) -> str:
        return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))

    return _URL_UNSAFE_RE.sub(enc, url)
