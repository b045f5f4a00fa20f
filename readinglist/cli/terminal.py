"""Text from imported data made safe to print on a terminal.

A title or note from a shared file may carry escape sequences (ESC [ …),
a bare carriage return, NUL bytes or bidirectional overrides; printed raw
they can recolour, retitle or rewrite the user's terminal, or hide text.
Everything the CLI prints for people goes through :func:`terminal_safe`,
which shows such characters as visible ``\\x1b``-style escapes. ``--json``
output needs nothing: JSON escapes control characters itself (C1 ones are
escaped there too, see :func:`json_safe`).
"""

from __future__ import annotations

_UNSAFE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F),
           *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {code: _escape(code) for code in _UNSAFE}
_MULTILINE_TABLE = {k: v for k, v in _TABLE.items() if k not in (0x0A, 0x09)}


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """``text`` with control characters shown as escapes (newlines and tabs kept if multiline)."""
    return str(text).translate(_MULTILINE_TABLE if multiline else _TABLE)
