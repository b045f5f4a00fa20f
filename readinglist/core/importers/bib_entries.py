"""One BibTeX entry's fields (already evaluated, still TeX) → a paper draft.

Text is decoded from LaTeX to Unicode for display (``{\\"u}`` → ``ü``);
math (``$\\alpha$``) stays as written. Fields the model has no column for are
kept in ``extra`` under their own lower-case names, so an export can write
them back: editor, address, series, edition, school, isbn, note, … Two
things a decoded title cannot carry are kept beside it: the words the source
protected with braces (``{Andes}``: a style must not lower-case them) and
whether the people listed are editors rather than authors.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from readinglist.core.identifiers import ARXIV_ID_RE, parse_arxiv_id, parse_doi
from readinglist.core.importers.bib_values import Name, month_number, split_names
from readinglist.core.models import Author, PaperDraft
from readinglist.core.text_norm import collapse_spaces

# Keys in ``extra`` that are ours, not BibTeX fields (exporters skip names starting with "_").
PROTECTED_WORDS = "_protected"
NAMES_ARE_EDITORS = "_names"
ET_AL = "_et_al"
VENUE_FIELD = "_venue"
_IN_BOOK = ("booktitle",)
_USUAL_VENUE = {
    **{k: ("journal", "journaltitle") for k in ("article", "periodical", "journal_article",
                                              "magazine_article", "newspaper_article")},
    **{k: _IN_BOOK for k in ("inproceedings", "incollection", "inbook", "conference",
                             "book_section", "bookinbook", "suppbook", "inreference",
                             "suppcollection", "encyclopedia_article", "conference_proceedings")},
}


def _latex_decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, plus the text-mode spellings our own exporter writes.

    Without them ``\\textbraceleft{}`` vanished and ``\\textasciicircum{}``
    became U+02C6, so a title exported and imported again changed.
    """
    db = get_default_latex_context_db()
    db.add_context_category(
        "readinglist-text",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("textunderscore", "_"),
            MacroTextSpec("textbar", "|"),
            MacroTextSpec("textless", "<"),
            MacroTextSpec("textgreater", ">"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


_LATEX = _latex_decoder()
_NEEDS_DECODING = re.compile(r"[\\{}~$`']|--")
_ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)

# Fields that become columns (or are consumed otherwise); everything else goes to extra.
_MAPPED = {
    "title",
    "author",
    "year",
    "date",
    "month",
    "journal",
    "journaltitle",
    "volume",
    "number",
    "issue",
    "pages",
    "publisher",
    "doi",
    "url",
    "abstract",
}
# Fields kept exactly as written (paths, identifiers, machine stamps).
RAW_FIELDS = frozenset(
    {"file", "url", "doi", "eprint", "pages", "urldate", "timestamp", "owner", "isbn", "issn",
     "swhid", "repository", "pdf", "bdsk-url-1", "bdsk-url-2", "bdsk-file-1", "creationdate",
     "modificationdate", "date-added", "date-modified", "biburl", "bibsource", "ids", "crossref",
     "xdata", "related", "keywords", "groups"}
)
_EPRINT_URLS = {
    "jstor": "https://www.jstor.org/stable/{}",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}",
    "hdl": "https://hdl.handle.net/{}",
    "googlebooks": "https://books.google.com/books?id={}",
}


_SIMPLE_TEX = re.compile(r"[\\$~`']")
_WALKER_DB = latexwalker.get_default_latex_context_db()


@lru_cache(maxsize=65536)
def decode(value: str) -> str:
    """LaTeX to Unicode for display: accents, ``\\&``, ``--``, braces; math kept.

    Cached (authors, journals and publishers repeat), and text with nothing
    but braces and dashes skips the LaTeX parser, which is most of an
    import's time otherwise.
    """
    if not _NEEDS_DECODING.search(value):
        return collapse_spaces(value)
    if not _SIMPLE_TEX.search(value):
        text = value.replace("{", "").replace("}", "")
        return collapse_spaces(text.replace("---", "\u2014").replace("--", "\u2013"))
    try:
        walker = latexwalker.LatexWalker(value, latex_context=_WALKER_DB, tolerant_parsing=True)
        nodes = walker.get_latex_nodes()[0]
        return collapse_spaces(_LATEX.nodelist_to_text(nodes))
    except Exception:  # noqa: BLE001 - pylatexenc's own errors; show the text as written
        return collapse_spaces(value)


_PROTECTING_GROUP = re.compile(r"\{(?!\\)[^{}]*[^\W\d_]")
_RUN = re.compile(r"[^\W_]+")


def protected_words(tex: str) -> list[str]:
    """Words with capitals that the source braced against lower-casing: every word of
    ``{The Precolumbian Andes}``, ``{DNA}``, ``{P}rocess``, ``pre\\-{C}olumbian``.
    ``{\\"O}`` is a special character to BibTeX (styles change its case), not a brace."""
    words: list[str] = []
    for token in _top_level_tokens(tex):
        if not _PROTECTING_GROUP.search(token):
            continue
        for run in _RUN.findall(decode(token)):
            if run != run.lower():
                words.append(run)
    return list(dict.fromkeys(words))


def _top_level_tokens(tex: str) -> list[str]:
    """The title split at white space outside braces; a braced phrase
    (``{The Precolumbian Andes}``) is split into its words, each kept braced."""
    tokens: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(tex + " "):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch.isspace() and depth == 0:
            token = tex[start:i]
            start = i + 1
            if not token:
                continue
            if token.startswith("{") and token.endswith("}") and " " in token.strip("{}"):
                inner = token[1:-1]
                if not inner.startswith("\\"):
                    tokens.extend("{" + w + "}" for w in inner.split())
                    continue
            tokens.append(token)
    return tokens


def _authors(names: list[Name]) -> tuple[Author, ...]:
    out = []
    for person in names:
        if person.literal:
            out.append(Author(decode(person.literal)))
            continue
        family = decode(person.family)
        given = decode(person.given)
        suffix = decode(person.suffix)
        name = " ".join(p for p in (given, family, suffix) if p)
        if suffix:
            given = f"{given}, {suffix}" if given else suffix
        if name:
            out.append(Author(name, family, given))
    return tuple(out)


def names_field(authors: tuple[Author, ...]) -> str:
    """People as a BibTeX name list in Unicode (``Family, Given and {Group Name}``)."""
    parts = []
    for a in authors:
        if a.family:
            parts.append(f"{{{a.family}}}, {a.given}" if "," in a.family else
                         f"{a.family}, {a.given}" if a.given else
                         (f"{{{a.family}}}" if " " in a.family else a.family))
        else:
            parts.append("{" + a.name + "}")
    return " and ".join(parts)


def to_draft(kind: str, key: str, fields: dict[str, str], *, source: str = "bibtex") -> PaperDraft | str:
    """The draft for one entry, or why it cannot be a paper (a sentence for the user)."""
    title_tex = fields.get("title", "")
    title = decode(title_tex)
    author_names, author_et_al = split_names(fields.get("author", ""))
    editor_names, editor_et_al = split_names(fields.get("editor", ""))
    authors = _authors(author_names)
    editors = _authors(editor_names)
    extra: dict[str, Any] = {}
    if editors:
        extra["editor"] = names_field(editors)
    if not authors and editors:
        authors = editors
        extra[NAMES_ARE_EDITORS] = "editor"
    et_al = [n for n, flag in (("author", author_et_al), ("editor", editor_et_al)) if flag]
    if et_al:
        extra[ET_AL] = " ".join(et_al)
    arxiv = _arxiv(fields)
    doi = parse_doi(fields.get("doi", ""), allow_arxiv=True) or parse_doi(
        fields.get("url", ""), allow_arxiv=False
    )
    if not title and not arxiv and not doi:
        return "it has no title (and no DOI or arXiv id), so there is nothing to list it by"
    date = _date(fields)
    raw_date = fields.get("date", "").strip()
    year_match = (
        re.search(r"\d{4}", fields.get("year", ""))
        or re.match(r"\d{4}", date)
        or re.match(r"\d{4}", raw_date)
    )
    if raw_date and raw_date != date:
        extra["date"] = raw_date  # a range or an uncertain date (1984/1986): biblatex keeps it
    venue = decode(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle", ""))
    consumed = set(_MAPPED)
    venue_field = next((f for f in ("journal", "journaltitle", "booktitle") if fields.get(f)), "")
    if venue_field == "booktitle":
        consumed.add("booktitle")
    if venue_field and venue_field not in _USUAL_VENUE.get(kind, ()):
        extra[VENUE_FIELD] = venue_field  # written back where it was (a @book's booktitle)
    if arxiv:
        consumed.update({"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"})
    if "editor" in extra:
        consumed.add("editor")
    for name, value in fields.items():
        if name in consumed or not value.strip():
            continue
        extra[name] = value.strip() if name in RAW_FIELDS else decode(value)
    protected = protected_words(title_tex)
    if protected:
        extra[PROTECTED_WORDS] = " ".join(protected)
    url = fields.get("url", "").strip()
    eprint_type = (fields.get("eprinttype") or fields.get("archiveprefix", "")).strip().lower()
    if not url and eprint_type in _EPRINT_URLS and fields.get("eprint", "").strip():
        url = _EPRINT_URLS[eprint_type].format(fields["eprint"].strip())
    primary = (fields.get("primaryclass") or fields.get("eprintclass", "")).strip()
    month_given = fields.get("month", "").strip()
    if month_given and not re.match(r"\d{4}-\d{2}", date):
        extra["month"] = decode(month_given)
    return PaperDraft(
        title=title,
        authors=authors,
        abstract=decode(fields.get("abstract", "")),
        year=int(year_match.group(0)) if year_match else None,
        date=date,
        arxiv_id=arxiv,
        doi=doi,
        venue=venue,
        entry_type=kind,
        volume=decode(fields.get("volume", "")),
        number=decode(fields.get("number") or fields.get("issue", "")),
        pages=fields.get("pages", "").strip(),
        publisher=decode(fields.get("publisher", "")),
        url=url,
        primary_category=primary if arxiv and "." in primary else "",
        categories=(primary,) if arxiv and "." in primary else (),
        sources=(source,),
        extra=extra,
        citekey=key.strip(),
    )


def _arxiv(fields: dict[str, str]) -> str:
    """The arXiv id: ``eprint`` with an arXiv prefix, else an arXiv URL or note."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype", "")).strip().lower()
    eprint = fields.get("eprint", "").strip()
    if eprint and prefix in ("arxiv", ""):
        parsed = parse_arxiv_id(eprint)
        if parsed is not None:
            return str(parsed)
    for name in ("url", "doi"):
        parsed = parse_arxiv_id(fields.get(name, ""))
        if parsed is not None:
            return str(parsed)
    for name in ("journal", "note", "howpublished", "journaltitle"):
        for match in _ARXIV_IN_TEXT.finditer(fields.get(name, "")):
            if ARXIV_ID_RE.match(match.group(1)):
                return match.group(1)
    return ""


def _date(fields: dict[str, str]) -> str:
    """``date`` (biblatex) as written if ISO-like, else year and month (``dec``, ``Sept``, ``02``)."""
    date = fields.get("date", "").strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return date
    year = re.search(r"\d{4}", fields.get("year", ""))
    if not year:
        return date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else (
            date[:7] if re.match(r"\d{4}-\d{2}", date) else ""
        )
    month = month_number(decode(fields.get("month", ""))) if fields.get("month") else None
    if month is not None:
        return f"{year.group(0)}-{month:02d}"
    return ""  # the year alone is in ``year``
