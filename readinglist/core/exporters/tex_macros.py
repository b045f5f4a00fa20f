"""LaTeX text macros: accents and special letters, both ways.

The tables map combining marks to kernel accent commands (for writing) and
back; :func:`decode_text_macros` reads macros already in a title or name
(``Schr\\"odinger``, ``{\\'e}``, ``\\ss``, ``\\&``) as the characters they
stand for, so they print as intended instead of as backslashes.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks → LaTeX accent commands (kernel, OT1).
ACCENT_OF_MARK = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0331": "b",
}
MARK_OF_ACCENT = {v: k for k, v in ACCENT_OF_MARK.items()} | {"k": "\u0328"}
LETTER_MACROS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}


_ARG = r"(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
_ALPHA_ARG = r"(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))"
_ACCENT_RE = re.compile(
    r"\{\\([\"'`^~=.])\s*" + _ARG + r"\}"
    r"|\{\\([uvHckrdb])" + _ALPHA_ARG + r"\}"
    r"|\\([\"'`^~=.])\s*"
    + _ARG
    + r"|\\([uvHckrdb])"
    + _ALPHA_ARG
    + r"|\{\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)\}"
    r"|\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|[ \t])?"
    r"|\\([&%$#_{}])"
)


def _accented(accent: str, base: str) -> str:
    letter = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", letter + MARK_OF_ACCENT[accent])


def _decode_match(m: re.Match[str]) -> str:
    g = m.groups()
    for acc, a, b in (
        (g[0], g[1], g[2]),
        (g[3], g[4], g[5]),
        (g[6], g[7], g[8]),
        (g[9], g[10], g[11]),
    ):
        if acc is not None:
            return _accented(acc, a or b)
    letter = g[12] or g[13]
    if letter is not None:
        return LETTER_MACROS[letter]
    return g[14]


def decode_text_macros(text: str) -> str:
    """``Schr\\"odinger`` → ``Schrödinger``, ``\\&`` → ``&``; other backslashes stay."""
    if "\\" not in text:
        return text
    return unicodedata.normalize("NFC", _ACCENT_RE.sub(_decode_match, text))
