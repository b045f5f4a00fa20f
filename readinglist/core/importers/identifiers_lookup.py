"""Turning identifiers a user typed or pasted into drafts, over the network.

arXiv ids in every spelling (and Hugging Face paper URLs, and arXiv's own
DOIs) go to the arXiv API in batches; other DOIs go to doi.org one by one.
An id that no service knows is *skipped with a reason*, not an error; a
network failure is an error (:class:`ImportFailed`) and nothing is kept,
so the caller writes all of it or none of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers import arxiv_api, doi
from readinglist.core.models import PaperDraft
from readinglist.core.net.session import HttpClient
from readinglist.core.progress import CancelFn, ProgressFn, check_cancel, report
from readinglist.core.settings import Settings
from readinglist.core.text_norm import fold


@dataclass
class Lookup:
    drafts: list[PaperDraft] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Wanted:
    """Identifiers sorted by where to ask, in the order given, each once."""

    arxiv: list[str]
    dois: list[str]
    unknown: list[str]


def sort_identifiers(texts: Sequence[str]) -> Wanted:
    arxiv: dict[str, None] = {}
    dois: dict[str, str] = {}
    unknown: list[str] = []
    for text in texts:
        tokens = text.split()
        lost: list[str] = []
        for token in tokens:
            parsed = parse_arxiv_id(token)
            if parsed is not None:
                arxiv.setdefault(parsed.base)
                continue
            found = parse_doi(token)
            if found:
                dois.setdefault(found.lower(), found)
                continue
            lost.append(token)
        # A line with no id at all ("hello world") is one thing the user typed, not two.
        unknown.extend([" ".join(tokens)] if lost and len(lost) == len(tokens) else lost)
    return Wanted(list(arxiv), list(dois.values()), unknown)


def look_up(
    http: HttpClient,
    settings: Settings,
    texts: Sequence[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Lookup:
    wanted = sort_identifiers(texts)
    result = Lookup(skipped=[f"{t}: not an arXiv id, DOI or paper URL" for t in wanted.unknown])
    batches = -(-len(wanted.arxiv) // arxiv_api.BATCH)
    total, done = batches + len(wanted.dois), 0
    report(progress, 0, total)
    by_id: dict[str, PaperDraft] = {}
    for start in range(0, len(wanted.arxiv), arxiv_api.BATCH):
        batch = wanted.arxiv[start : start + arxiv_api.BATCH]
        found, rejected = arxiv_api.fetch(http, settings.arxiv_api_url, batch, cancel=cancel)
        by_id.update(found)
        for ident in batch:
            if ident in rejected:
                result.skipped.append(f"{ident}: {rejected[ident]}")
            elif ident not in found:
                result.skipped.append(f"{ident}: arXiv has no paper with this id")
        done += 1
        report(progress, done, total)
    by_doi: dict[str, PaperDraft] = {}
    for name in wanted.dois:
        check_cancel(cancel, "looking up DOIs")
        try:
            by_doi[name] = doi.fetch(http, settings.doi_url, name)
        except doi.DoiUnresolved as exc:
            result.skipped.append(f"{name}: {exc}")
        done += 1
        report(progress, done, total)
    result.drafts = [by_id[i] for i in wanted.arxiv if i in by_id] + list(by_doi.values())
    return result


# ---- papers known only by title (``add --resolve``) ----------------------------------


@dataclass(frozen=True, slots=True)
class Untitled:
    """What a paper without ids offers to find it by."""

    paper_id: int
    title: str
    first_family: str  # "" when the paper has no authors


def find_by_title(
    http: HttpClient,
    settings: Settings,
    papers: Sequence[Untitled],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[dict[int, PaperDraft], list[str]]:
    """arXiv's record for each paper whose title (and first author) it knows, and why not."""
    found: dict[int, PaperDraft] = {}
    skipped: list[str] = []
    for n, paper in enumerate(papers):
        report(progress, n, len(papers))
        check_cancel(cancel, "looking up titles")
        candidates = arxiv_api.search_title(http, settings.arxiv_api_url, paper.title)
        match = best_title_match(paper.title, paper.first_family, candidates)
        if match is None:
            skipped.append(f"{paper.title}: arXiv has no paper with this title")
        else:
            found[paper.paper_id] = match
    report(progress, len(papers), len(papers))
    return found, skipped


def best_title_match(
    title: str, first_family: str, candidates: Sequence[PaperDraft]
) -> PaperDraft | None:
    """The candidate with the same title (give or take punctuation and case) and,
    when we know one, the same first author; a near miss is not a match."""
    want = fold(title)
    family = fold(first_family)
    for draft in candidates:
        if fold(draft.title) != want:
            continue
        if family and not any(family in fold(a.name) for a in draft.authors[:1]):
            continue
        return draft
    return None
