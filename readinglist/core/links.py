"""Which links the app may hand to the desktop: web pages only.

Notes and metadata arrive from other people's files (JSON exports, .bib,
services), so a link in them is untrusted. A ``file:`` link would show a
local file, ``javascript:``/``data:`` or a custom scheme would go to whatever
program claims it. Only ``http`` and ``https`` leave the app; everything else
is shown as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
# What is drawn of a link that is not opened (the rest is elided).
SHOWN_URL_CHARS = 80


def is_web_url(url: str) -> bool:
    """True for an absolute ``http``/``https`` URL with a host."""
    text = url.strip()
    if not text or any(ch in text for ch in "\x00\r\n"):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def shown_url(url: str, limit: int = SHOWN_URL_CHARS) -> str:
    """A link as text for the user to read, elided if long (a ``data:`` URL can be megabytes)."""
    text = " ".join(url.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
