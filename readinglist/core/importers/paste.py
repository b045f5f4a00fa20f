"""Making sense of pasted text: ids, URLs, DOIs, BibTeX, and copied daily lists.

A paste is whatever a researcher copied: a list of arXiv links, a few
DOIs, BibTeX entries, or a daily list from a web page or newsletter, which
is a title line, then (after a blank line) its abstract paragraph, again
and again, amid page chrome ("Subscribe", a date line, headings, upvote
counts). The rule that finds papers is structural: a short paragraph
directly followed by a long prose paragraph is a title and its abstract;
short lines with nothing long after them are chrome. Ids next to a pair
(in the title line, between title and abstract, or on the line after the
abstract, whichever the paste does consistently) belong to that paper;
other ids are looked up on their own.

``parse`` is pure: it says what the text holds; the library fetches and
writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import Enum

from readinglist.core.drafts import clean_abstract
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers.bibtex_file import split_blocks
from readinglist.core.importers.identifiers_lookup import Lookup
from readinglist.core.importers.paste_records import find_records, link_bibtex_sections
from readinglist.core.models import Author, PaperDraft
from readinglist.core.text_norm import collapse_spaces, fold

# ---- identifiers in running text ---------------------------------------------

_URL = r"https?://[^\s<>\"'\])}]+"
_ARXIV_TOKEN = r"(?:arxiv:\s*)?(?<![\w./])(?:\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?![\w/])"
_DOI_TOKEN = r"(?:doi:\s*)?(?<![\w/])10\.\d{4,9}/[^\s\"<>]+"
_ID_RE = re.compile(rf"{_URL}|{_DOI_TOKEN}|{_ARXIV_TOKEN}", re.IGNORECASE)


def find_identifiers(text: str) -> list[str]:
    """arXiv ids, arXiv/HF/DOI URLs and DOIs in ``text``, in order, once each.

    Returned in a normal spelling (``2509.12345``, ``10.1000/x``) so the
    same paper named twice is looked up once.
    """
    found: dict[str, None] = {}
    for match in _ID_RE.finditer(text):
        ident = _normal_id(match.group(0))
        if ident:
            found.setdefault(ident)
    return list(found)


def _normal_id(token: str) -> str:
    token = token.rstrip(".,;:!?")
    arxiv = parse_arxiv_id(token)
    if arxiv is not None:
        return arxiv.base
    if token.lower().startswith(("http://", "https://")) and "doi.org/" not in token.lower():
        return ""  # some other web page
    doi = parse_doi(token)
    return doi


# ---- paragraphs and what they look like ----------------------------------------


class Kind(Enum):
    LONG = "long"  # prose: an abstract
    SHORT = "short"  # a title candidate
    IDS = "ids"  # identifiers and links, little else
    CHROME = "chrome"  # page furniture


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE_LINE = re.compile(
    rf"^(?:(?:published|submitted|posted|updated|announced)(?: on)?:?\s*)?(?:{_WEEKDAY}\s*)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})$",
    re.IGNORECASE,
)
_CHROME_WORDS = frozenset(
    (
        "subscribe",
        "unsubscribe",
        "share",
        "upvote",
        "upvoted",
        "sign in",
        "sign up",
        "log in",
        "login",
        "logout",
        "menu",
        "home",
        "search",
        "next",
        "previous",
        "prev",
        "back to top",
        "newsletter",
        "daily papers",
        "trending",
        "new papers",
        "latest papers",
        "read more",
        "view in browser",
        "view online",
        "view pdf",
        "pdf",
        "code",
        "paper",
        "project page",
        "website",
        "abstract",
        "authors",
        "comments",
        "comment",
        "reply",
        "like",
        "follow",
        "copy link",
        "see all",
        "show more",
        "load more",
        "advertisement",
        "sponsored",
        "forwarded message",
        "view all papers",
        "papers",
        "today",
        "submitted by",
        "get the app",
        "open in app",
        "manage preferences",
        "tweet",
        "github",
        "demo",
        "dataset",
        "models",
        "spaces",
        "collections",
        "subscribe to our newsletter",
        "share this post",
        "sign up now",
    )
)
_CHROME_RES = [
    re.compile(r"^[\W\d_]+$"),  # numbers, bullets, rules: "42", "---", "•"
    re.compile(r"^(?:upvotes?|votes?|likes?|comments?|stars?)\s*[:\-]?\s*\d+$", re.I),
    re.compile(r"^\d+\s*(?:upvotes?|votes?|likes?|comments?|stars?|authors?)$", re.I),
    re.compile(r"^[·•\-]?\s*\d+\s+authors?$", re.I),
    re.compile(r"^(?:submitted|posted|curated) by\b", re.I),
    re.compile(r"^by ak and the community$", re.I),
    re.compile(
        r"(?:©|\(c\)\s*\d{4}|all rights reserved|unsubscribe|view (?:it |this )?in (?:your )?browser)",
        re.I,
    ),
    re.compile(r"^\S+@\S+\.\w+$"),  # an e-mail address
    re.compile(r"^(?:page\s+)?\d+\s*(?:/|of)\s*\d+$", re.I),
    # greetings and sign-offs of an e-mail: "Hi Bob,", "Cheers,", "Best regards"
    re.compile(r"^(?:hi|hello|hey|dear)\b[^.!?:]{0,30}[,!]?$", re.I),
    re.compile(
        r"^(?:cheers|thanks|thank you|best|regards|best regards|kind regards|best wishes|"
        r"sincerely)[,!.]?$",
        re.I,
    ),
    re.compile(r",$"),
]
_TITLE_DECORATION = re.compile(
    r"^(?:#{1,6}\s+|[-*•·▪►>]\s+|\d{1,3}[.)]\s+|title:\s*)", re.IGNORECASE
)
_ABSTRACT_PREFIX = re.compile(r"^(?:abstract|summary|tl;?dr)\s*[:.\-–—]\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?(?:\s|$)")
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w'’\-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*|van|von|der|de|del|da|di|la|le|du|dos|bin|al|el)$"
)

ABSTRACT_MIN_WORDS = 20
TITLE_MAX_WORDS = 40


@dataclass
class Paragraph:
    lines: list[str]
    kind: Kind = Kind.SHORT
    used: bool = False

    @property
    def text(self) -> str:
        return collapse_spaces(" ".join(self.lines))

    @property
    def words(self) -> int:
        return len(self.text.split())


def _is_chrome(text: str) -> bool:
    plain = collapse_spaces(re.sub(r"[^\w\s@©/.\-:]", " ", text)).strip(" .:-").lower()
    if not plain or plain in _CHROME_WORDS:
        return True
    if _DATE_LINE.match(plain):
        return True
    return any(rx.search(text.strip()) for rx in _CHROME_RES)


def _without_ids(text: str) -> str:
    return collapse_spaces(_ID_RE.sub(" ", text))


def _classify(paragraph: Paragraph) -> Kind:
    text = paragraph.text
    words = paragraph.words
    if find_identifiers(text) and len(_without_ids(text).split()) <= 3:
        return Kind.IDS
    if _URL_ONLY.match(text):
        return Kind.CHROME  # a link to something that is not a paper
    if _ABSTRACT_PREFIX.match(text) and words >= 5:
        return Kind.LONG  # "Abstract: ..." says what it is
    if words >= ABSTRACT_MIN_WORDS and (
        _SENTENCE_END.search(text) or words >= 2 * ABSTRACT_MIN_WORDS
    ):
        return Kind.LONG
    if len(paragraph.lines) == 1 and _is_chrome(text):
        return Kind.CHROME
    if len(paragraph.lines) > 1 and all(_is_chrome(line) for line in paragraph.lines):
        return Kind.CHROME
    if words > TITLE_MAX_WORDS:
        return Kind.CHROME
    return Kind.SHORT


_URL_ONLY = re.compile(rf"^(?:\S+:\s*)?{_URL}$")


def _names_like(text: str) -> bool:
    """ "Ada Lovelace, Alan Turing and Grace Hopper": an author line, not a title."""
    text = re.sub(r"^(?:by|authors?:)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r",?\s+et al\.?$", "", text)
    items = [i.strip() for i in re.split(r",|;|\band\b|&", text) if i.strip()]
    if len(items) < 2:
        return False
    for item in items:
        tokens = re.sub(r"[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+$", "", item).split()
        if not 2 <= len(tokens) <= 5 or not all(_NAME_TOKEN.match(t) for t in tokens):
            return False
    return True


def _paragraphs(text: str) -> list[Paragraph]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text).replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    has_blank = any(not line.strip() for line in lines[1:-1]) if len(lines) > 2 else False
    paragraphs: list[Paragraph] = []
    if not has_blank:
        # Copied from a web page without blank lines: every line stands alone.
        paragraphs = [Paragraph([line.strip()]) for line in lines if line.strip()]
    else:
        current: list[str] = []
        for line in lines:
            if line.strip():
                current.append(line.strip())
            elif current:
                paragraphs.append(Paragraph(current))
                current = []
        if current:
            paragraphs.append(Paragraph(current))
    paragraphs = [part for p in paragraphs for part in _split_labelled(p)]
    for p in paragraphs:
        p.kind = _classify(p)
    return paragraphs


_LABEL = re.compile(
    r"^(?:title|authors?|abstract|summary|tl;?dr|links?|url|pdf|code|arxiv|doi)\s*:", re.I
)


def _split_labelled(paragraph: Paragraph) -> list[Paragraph]:
    """``Title: …`` / ``Authors: …`` / ``Abstract: …`` lines each start their own paragraph."""
    if not any(_LABEL.match(line) for line in paragraph.lines[1:]):
        return [paragraph]
    parts: list[Paragraph] = []
    for line in paragraph.lines:
        if not parts or _LABEL.match(line):
            parts.append(Paragraph([line]))
        else:
            parts[-1].lines.append(line)
    return parts


# ---- pairing titles with abstracts -------------------------------------------------


@dataclass
class _Pair:
    title: int
    abstract: list[int]
    authors: int | None = None
    between: list[int] = field(default_factory=list)  # ids paragraphs between title and abstract


def _find_pairs(paras: list[Paragraph]) -> list[_Pair]:
    pairs: list[_Pair] = []
    for j, para in enumerate(paras):
        if para.kind is not Kind.LONG or para.used:
            continue
        if pairs and pairs[-1].abstract[-1] == j - 1:
            # A second paragraph of the same abstract.
            pairs[-1].abstract.append(j)
            para.used = True
            continue
        window = _window(paras, j)
        shorts = [k for k in window if paras[k].kind is Kind.SHORT]
        if not shorts:
            continue
        title = shorts[0]
        authors = None
        if (
            len(shorts) > 1
            and _names_like(paras[title].text)
            and not _names_like(paras[shorts[1]].text)
        ):
            authors, title = title, shorts[1]
        pair = _Pair(
            title, [j], authors, [k for k in window if k > title and paras[k].kind is Kind.IDS]
        )
        for k in (title, j, *([authors] if authors is not None else [])):
            paras[k].used = True
        pairs.append(pair)
    return pairs


def _window(paras: list[Paragraph], j: int) -> list[int]:
    """The paragraphs before ``j`` that may hold its title: up to 5, back to the last prose."""
    window = []
    i = j - 1
    while i >= 0 and len(window) < 5 and paras[i].kind is not Kind.LONG and not paras[i].used:
        window.append(i)
        i -= 1
    return window


def _split_titles(paras: list[Paragraph]) -> list[Paragraph]:
    """Split off titles written on the first line of their abstract's paragraph."""
    out: list[Paragraph] = []
    for para in paras:
        marked = _marked_title(para.lines[0]) and len(para.lines) > 1
        if (para.kind is Kind.LONG or marked) and (
            marked
            or (
                (not out or out[-1].kind is not Kind.LONG)
                and not any(out[k].kind is Kind.SHORT for k in _window(out + [para], len(out)))
            )
        ):
            split = _split_title_line(para)
            if split is not None:
                out.extend(split)
                continue
        out.append(para)
    return out


def _marked_title(line: str) -> bool:
    """A line that announces itself as a title: numbered, bulleted, bold, or with its id."""
    return bool(
        _TITLE_DECORATION.match(line)
        or line.startswith(("**", "__"))
        or (find_identifiers(line) and len(_without_ids(line).split()) >= 2)
    )


def _split_title_line(para: Paragraph) -> tuple[Paragraph, Paragraph] | None:
    """A title on the first line of its abstract's paragraph, with no blank line between."""
    if len(para.lines) < 2:
        return None
    first, second = para.lines[0], para.lines[1]
    if len(first.split()) > TITLE_MAX_WORDS or first.rstrip().endswith((".", ",", ";", ":")):
        return None
    if not second[:1].isupper() or _is_chrome(first):
        return None
    rest = Paragraph(para.lines[1:])
    rest.kind = _classify(rest)
    if rest.kind is not Kind.LONG:
        # Under a title that announces itself, a short abstract is still an abstract.
        if not (_marked_title(first) and rest.words >= 8 and _SENTENCE_END.search(rest.text)):
            return None
        rest.kind = Kind.LONG
    return Paragraph([first], Kind.SHORT), rest


# ---- the result ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pasted:
    """What a paste holds. ``drafts`` are title + abstract pairs (``arxiv_id``/``doi``
    set when an id stood next to them); ``identifiers`` are the other ids, to look up."""

    identifiers: list[str]
    bibtex: str
    drafts: list[PaperDraft]

    @property
    def empty(self) -> bool:
        return not (self.identifiers or self.bibtex.strip() or self.drafts)


def parse(text: str) -> Pasted:
    text = link_bibtex_sections(text, lambda piece: split_blocks(piece).blocks)
    blocks = split_blocks(text)
    bibtex = "\n\n".join(b for b in blocks.blocks if re.match(r"\s*@\s*\w+", b))
    records, rest = find_records(blocks.rest)
    if records:
        # Labelled records carry their own ids; other sections are navigation or
        # chrome, and only the ids and BibTeX in them count.
        return Pasted(_unclaimed(find_identifiers(rest), records, bibtex), bibtex, records)
    paras = _split_titles(_paragraphs(blocks.rest))
    pairs = _find_pairs(paras)
    # Ids right after an abstract or right before a title: use whichever the paste does for more papers.
    after = [_adjacent_ids(paras, p.abstract[-1], +1) for p in pairs]
    before = [_adjacent_ids(paras, p.title, -1) for p in pairs]
    use_after = sum(a is not None for a in after) >= sum(b is not None for b in before)
    drafts = []
    attached: set[int] = set()
    for n, pair in enumerate(pairs):
        sources = [pair.title, *pair.between]
        neighbour = after[n] if use_after else before[n]
        if neighbour is not None and neighbour not in attached:
            sources.append(neighbour)
        ids: list[str] = []
        for k in sources:
            ids.extend(find_identifiers(paras[k].text))
            if k != pair.title:
                attached.add(k)
        drafts.append(_draft(paras, pair, ids))
        paras[pair.title].used = True
    leftover = " \n".join(p.text for k, p in enumerate(paras) if not p.used and k not in attached)
    return Pasted(_unclaimed(find_identifiers(leftover), drafts, bibtex), bibtex, drafts)


def _unclaimed(identifiers: list[str], drafts: list[PaperDraft], bibtex: str) -> list[str]:
    """Ids that no pasted paper or BibTeX entry already names (those need no look-up)."""
    claimed = {d.arxiv_id for d in drafts if d.arxiv_id} | {d.doi.lower() for d in drafts if d.doi}
    claimed.update(i.lower() for i in find_identifiers(bibtex))
    for m in re.finditer(r"eprint\s*=\s*[{\"]([^}\"]+)", bibtex, re.IGNORECASE):
        parsed = parse_arxiv_id(m.group(1).strip())
        if parsed is not None:
            claimed.add(parsed.base.lower())
    return [i for i in identifiers if i.lower() not in claimed]


def _adjacent_ids(paras: list[Paragraph], k: int, step: int) -> int | None:
    i = k + step
    while 0 <= i < len(paras) and paras[i].kind is Kind.CHROME:
        i += step
    if 0 <= i < len(paras) and paras[i].kind is Kind.IDS and not paras[i].used:
        return i
    return None


def _draft(paras: list[Paragraph], pair: _Pair, ids: list[str]) -> PaperDraft:
    lines = [
        line for line in paras[pair.title].lines if not _is_chrome(line) and _without_ids(line)
    ]
    lines = lines or paras[pair.title].lines
    author_line = paras[pair.authors].text if pair.authors is not None else ""
    if not author_line and len(lines) > 1 and _names_like(lines[-1]):
        author_line, lines = lines[-1], lines[:-1]
    abstract = clean_abstract(
        "\n\n".join(_ABSTRACT_PREFIX.sub("", "\n".join(paras[k].lines)) for k in pair.abstract)
    )
    arxiv = next((i for i in ids if parse_arxiv_id(i) is not None), "")
    doi = next((i for i in ids if not parse_arxiv_id(i) and parse_doi(i)), "")
    return PaperDraft(
        title=_clean_title(" ".join(lines)),
        authors=_author_list(author_line),
        abstract=abstract,
        arxiv_id=arxiv,
        doi=doi,
        sources=("paste",),
    )


def _author_list(line: str) -> tuple[Author, ...]:
    names = re.sub(r"^(?:by|authors?:)\s+", "", line.strip(), flags=re.I)
    names = re.sub(r",?\s+et al\.?$", "", names)
    return tuple(
        Author(re.sub(r"[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+$", "", n).strip())
        for n in re.split(r",|;|\band\b|&", names)
        if n.strip()
    )


def _clean_title(text: str) -> str:
    text = _TITLE_DECORATION.sub("", text.strip())
    text = _ID_RE.sub(" ", text)
    text = re.sub(r"\[\s*\]|\(\s*\)", " ", text)  # brackets that held an id
    text = collapse_spaces(text).strip(" :-–—|")
    for mark in ("**", "__", "*", "_", '"', "“"):
        if (
            text.startswith(mark)
            and text.endswith(mark if mark != "“" else "”")
            and len(text) > 2 * len(mark)
        ):
            text = text[len(mark) : -len(mark)].strip()
    return text


# ---- joining looked-up ids with pasted pairs --------------


def sniff(text: str) -> bool:
    """Any text can be a paste (the registry asks the specific formats first)."""
    return True


def needs_lookup(draft: PaperDraft) -> str | None:
    """The id to look a pasted paper up by, or None: a paper that came with its
    title, authors and abstract is complete, and pasting never goes to the
    network for what it already has."""
    if draft.authors and draft.abstract:
        return None
    return (draft.arxiv_id or draft.doi) or None


def adopt_lookups(pasted: list[PaperDraft], found: Lookup) -> list[PaperDraft]:
    """Pasted pairs, replaced by what the services know about their ids.

    An id the services do not know, or whose paper has another title (the
    id was next to the wrong pair), does not stick to the pair: the pair is
    kept with its pasted title and abstract only.
    """
    by_key = {}
    for draft in found.drafts:
        for key in (draft.arxiv_id, draft.doi.lower()):
            if key:
                by_key[key] = draft
    used: set[int] = set()
    out = []
    for draft in pasted:
        key = draft.arxiv_id or draft.doi.lower()
        if not key or needs_lookup(draft) is None:
            out.append(draft)  # no id, or complete as pasted: not looked up
            continue
        known = by_key.get(key)
        if known is not None and _same_title(known.title, draft.title):
            used.add(id(known))
            out.append(known)
            continue
        if known is None:
            found.skipped[:] = [s for s in found.skipped if not s.lower().startswith(f"{key}:")]
        out.append(replace(draft, arxiv_id="", doi=""))
    out.extend(d for d in found.drafts if id(d) not in used)
    return out


def _same_title(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    return fa in fb or fb in fa or SequenceMatcher(None, fa, fb).ratio() >= 0.8
