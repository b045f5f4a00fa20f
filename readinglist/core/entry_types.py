"""One vocabulary of entry types, translated to and from CSL and RIS.

A paper's ``entry_type`` is stored as its source named it: a BibTeX or
biblatex type from a ``.bib`` file (``phdthesis``, ``online``), a Crossref
type (``journal-article``), or a CSL type for what BibTeX has no word for
(``article-newspaper``). Each exchange format needs its own word for the
same kind of work; the tables below say which, so that a thesis stays a
thesis through CSL-JSON and RIS, both ways, instead of becoming an
"article" or "GEN". :func:`kind` reduces any stored spelling to one key of
:data:`KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    """What a kind of work is called in each format; ``stored`` is what an import keeps."""

    stored: str
    csl: str
    ris: str
    genre: str = ""  # CSL's "genre" / RIS "M3" for kinds CSL folds together (theses)


KINDS: dict[str, Kind] = {
    k.stored: k
    for k in (
        Kind("article", "article-journal", "JOUR"),
        Kind("inproceedings", "paper-conference", "CONF"),
        Kind("incollection", "chapter", "CHAP"),
        Kind("book", "book", "BOOK"),
        Kind("collection", "book", "EDBOOK"),
        Kind("proceedings", "book", "CONF"),
        Kind("phdthesis", "thesis", "THES", "PhD thesis"),
        Kind("mastersthesis", "thesis", "THES", "Master's thesis"),
        Kind("thesis", "thesis", "THES"),
        Kind("techreport", "report", "RPRT"),
        Kind("manual", "report", "RPRT", "Manual"),
        Kind("online", "webpage", "ELEC"),
        Kind("software", "software", "COMP"),
        Kind("dataset", "dataset", "DATA"),
        Kind("unpublished", "manuscript", "UNPB"),
        Kind("patent", "patent", "PAT"),
        Kind("booklet", "pamphlet", "PAMP"),
        Kind("preprint", "article", "GEN"),
        Kind("misc", "document", "GEN"),
        Kind("article-magazine", "article-magazine", "MGZN"),
        Kind("article-newspaper", "article-newspaper", "NEWS"),
        Kind("entry-encyclopedia", "entry-encyclopedia", "ENCYC"),
        Kind("entry-dictionary", "entry-dictionary", "DICT"),
        Kind("speech", "speech", "CONF"),
        Kind("standard", "standard", "STAND"),
        Kind("map", "map", "MAP"),
        Kind("post-weblog", "post-weblog", "BLOG"),
        Kind("review", "review", "JOUR"),
        Kind("legal_case", "legal_case", "CASE"),
        Kind("legislation", "legislation", "STAT"),
        Kind("bill", "bill", "BILL"),
        Kind("hearing", "hearing", "HEAR"),
        Kind("interview", "interview", "GEN"),
        Kind("motion_picture", "motion_picture", "VIDEO"),
        Kind("broadcast", "broadcast", "VIDEO"),
        Kind("song", "song", "SOUND"),
        Kind("graphic", "graphic", "ART"),
        Kind("figure", "figure", "FIGURE"),
        Kind("personal_communication", "personal_communication", "PCOMM"),
    )
}

# Other spellings of the kinds above: Crossref, biblatex, Mendeley, CSL, Zotero.
_ALIASES = {
    "journal-article": "article",
    "article-journal": "article",
    "journal": "article",
    "conference": "inproceedings",
    "proceedings-article": "inproceedings",
    "paper-conference": "inproceedings",
    "conference_paper": "inproceedings",
    "inbook": "incollection",
    "book-chapter": "incollection",
    "book_section": "incollection",
    "chapter": "incollection",
    "monograph": "book",
    "edited-book": "collection",
    "reference-book": "book",
    "mvbook": "book",
    "dissertation": "phdthesis",
    "report": "techreport",
    "web_page": "online",
    "webpage": "online",
    "electronic": "online",
    "www": "online",
    "data": "dataset",
    "computer_program": "software",
    "manuscript": "unpublished",
    "pamphlet": "booklet",
    "posted-content": "preprint",
    "article-preprint": "preprint",
    "magazine_article": "article-magazine",
    "newspaper_article": "article-newspaper",
    "encyclopedia_article": "entry-encyclopedia",
    "entry": "entry-encyclopedia",
    "document": "misc",
    "generic": "misc",
}


def kind(stored: str) -> Kind | None:
    """The kind a stored type names, or None for an unknown or empty type."""
    name = stored.strip().lower()
    return KINDS.get(_ALIASES.get(name, name)) if name else None


_CSL_KIND = {k.csl: k for k in reversed(KINDS.values())}  # first row wins (article, book …)
_CSL_KIND["article"] = KINDS["preprint"]
_CSL_KIND["document"] = KINDS["misc"]


def from_csl(csl_type: str, genre: str = "") -> str:
    """What to store for a CSL type (``thesis`` + genre "Master's thesis" → ``mastersthesis``)."""
    name = csl_type.strip().lower()
    if name == "thesis":
        low = genre.lower()
        if "master" in low or "msc" in low or "m.sc" in low:
            return "mastersthesis"
        if "phd" in low or "ph.d" in low or "doctor" in low or "dissertation" in low:
            return "phdthesis"
        return "thesis"
    found = _CSL_KIND.get(name)
    return found.stored if found is not None else name


_RIS_KIND: dict[str, Kind] = {}
for _k in KINDS.values():
    _RIS_KIND.setdefault(_k.ris, _k)
_RIS_KIND.update(
    {
        "JFULL": KINDS["article"],
        "EJOUR": KINDS["article"],
        "INPR": KINDS["article"],
        "ABST": KINDS["article"],
        "CONF": KINDS["inproceedings"],
        "CPAPER": KINDS["inproceedings"],
        "ECHAP": KINDS["incollection"],
        "EBOOK": KINDS["book"],
        "EDBOOK": KINDS["collection"],
        "ELEC": KINDS["online"],
        "WEB": KINDS["online"],
        "ICOMM": KINDS["online"],
        "DBASE": KINDS["dataset"],
        "AGGR": KINDS["dataset"],
        "MANSCPT": KINDS["unpublished"],
        "GEN": KINDS["misc"],
        "CTLG": KINDS["misc"],
    }
)


def from_ris(ris_type: str) -> str:
    """What to store for a RIS ``TY`` (unknown types are kept as written, lower-cased)."""
    name = ris_type.strip().upper()
    found = _RIS_KIND.get(name)
    return found.stored if found is not None else name.lower()
