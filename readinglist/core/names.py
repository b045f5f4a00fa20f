"""Splitting display names into family and given names.

Sources disagree: arXiv and Hugging Face give "Given Family", BibTeX and
Crossref give "Family, Given" or the parts. Keys and BibTeX author lists need
the family name, so the guess lives in one place.
"""

from __future__ import annotations

# Lower-case particles that belong to the family name ("van der Waals").
_PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ter ten bin ibn al el".split()
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def split_name(name: str) -> tuple[str, str]:
    """Return ``(family, given)`` for a display name.

    ``"Family, Given"`` is taken as written; otherwise the last word is the
    family name, together with any lower-case particles before it and without
    a trailing suffix such as "Jr.". A single word is a family name.
    """
    name = " ".join(name.split())
    if not name:
        return "", ""
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip().strip(",").strip()
    words = name.split(" ")
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words = words[:-1]
    if len(words) == 1:
        return words[0], ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])
