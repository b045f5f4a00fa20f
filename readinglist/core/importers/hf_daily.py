"""Hugging Face Daily Papers: ``GET {hf}/api/daily_papers?date=D&limit=100&p=N``.

The real responses have quirks every reader must survive (see
``reference/external-services.md`` §1): ``paper.id`` is the bare arXiv id,
``upvotes`` sits inside ``paper`` while ``numComments`` is top level,
optional keys are absent rather than null and live in ``paper`` (not where
``huggingface_hub`` looks for them), user objects name the user ``user`` or
``name``, summaries carry hard line breaks, and times are ISO with ``Z``.
A weekend or holiday is an empty list, not an error.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import parse_arxiv_id
from readinglist.core.importers.feed_item import FeedItem
from readinglist.core.net.session import HttpClient
from readinglist.core.progress import CancelFn, check_cancel
from readinglist.core.text_norm import collapse_spaces
from readinglist.core.validation import bounded_count, bounded_day, load_json

SERVICE = "Hugging Face"
PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 50


def fetch(
    http: HttpClient, base_url: str, day: date, *, cancel: CancelFn | None = None
) -> list[FeedItem]:
    """Every paper listed for ``day``, following pages until an empty one."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        check_cancel(cancel, "fetching the daily papers")
        response = http.get(
            f"{base_url.rstrip('/')}/api/daily_papers",
            what=SERVICE,
            params={"date": day.isoformat(), "limit": PAGE_SIZE, "p": page},
        )
        if response.status_code != 200:
            raise ImportFailed(_refusal(response.status_code, response.content, day))
        batch = [item for item in parse(response.content) if item.arxiv_id not in seen]
        if not batch:
            break  # an empty page ends the list (or a server that ignores ``p``)
        seen.update(item.arxiv_id for item in batch)
        items.extend(batch)
    return items


def _refusal(status: int, body: bytes, day: date) -> str:
    reason = ""
    try:
        data = json.loads(body)
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            reason = f": {data['error']}"
    except ValueError:
        pass
    if status == 404:
        return f"{SERVICE} has no Daily Papers list at this address (HTTP 404); check the hf_url setting"
    return f"{SERVICE} refused the request for {day.isoformat()} (HTTP {status}){reason}"


def parse(content: bytes | str) -> list[FeedItem]:
    """The items of one ``/api/daily_papers`` page, in the order given."""
    data = load_json(
        content,
        f"the list {SERVICE} sent",
        invalid=f"{SERVICE} sent a list that is not valid JSON (it may have been cut off); try again",
    )
    if not isinstance(data, list):
        raise ImportFailed(
            f"{SERVICE} sent an unexpected answer: a list of papers was expected, "
            f"not {type(data).__name__}"
        )
    items: list[FeedItem] = []
    for position, raw in enumerate(data, 1):
        if not isinstance(raw, dict):
            raise ImportFailed(
                f"{SERVICE} sent an unexpected answer: item {position} is not an object"
            )
        item = parse_item(raw, position)
        if item is not None and item.within_bounds():
            items.append(item)
    return items


def parse_item(raw: dict[str, Any], position: int = 0) -> FeedItem | None:
    """One daily item; None for an item that names no arXiv paper."""
    paper = raw.get("paper")
    if paper is None:
        return None  # some items come without a paper; other clients skip them too
    if not isinstance(paper, dict):
        raise ImportFailed(
            f"{SERVICE} sent an unexpected answer: item {position} has a malformed paper"
        )

    def pick(key: str) -> Any:
        """Optional keys live in ``paper`` in real data; fall back to the top level."""
        value = paper.get(key)
        return raw.get(key) if value is None else value

    ident = raw.get("id") if isinstance(raw.get("id"), str) else paper.get("id")
    arxiv = parse_arxiv_id(ident) if isinstance(ident, str) else None
    if arxiv is None:
        return None
    title = pick("title")
    if not isinstance(title, str):
        raise ImportFailed(f"{SERVICE} sent an unexpected answer: paper {arxiv.base} has no title")
    authors_raw = paper.get("authors", [])
    if not isinstance(authors_raw, list):
        raise ImportFailed(
            f"{SERVICE} sent an unexpected answer: paper {arxiv.base} has malformed authors"
        )
    authors = tuple(
        collapse_spaces(a["name"])
        for a in authors_raw
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
    )
    summary = pick("summary")
    extra: dict[str, Any] = {}
    for key, name in (("ai_summary", "ai_summary"), ("projectPage", "project_page")):
        value = pick(key)
        if isinstance(value, str) and value.strip():
            extra[name] = collapse_spaces(value)
    keywords = pick("ai_keywords")
    if isinstance(keywords, list):
        words = [collapse_spaces(k) for k in keywords if isinstance(k, str) and k.strip()]
        if words:
            extra["ai_keywords"] = words
    repo = _github_url(pick("githubRepo"))
    if repo:
        extra["github_repo"] = repo
    stars = _count(pick("githubStars"))
    if stars is not None:
        extra["github_stars"] = stars
    organization = pick("organization")
    if isinstance(organization, dict):
        org_name = organization.get("fullname") or organization.get("name")
        if isinstance(org_name, str) and org_name.strip():
            extra["organization"] = org_name.strip()
    submitter = _username(paper.get("submittedOnDailyBy")) or _username(raw.get("submittedBy"))
    if submitter:
        extra["submitted_by"] = submitter
    if pick("withdrawnAt"):
        extra["withdrawn"] = True
    return FeedItem(
        source="hf",
        arxiv_id=arxiv.base,
        title=collapse_spaces(title),
        authors=authors,
        abstract=collapse_spaces(summary) if isinstance(summary, str) else "",
        date=_day(paper.get("publishedAt")),
        upvotes=_count(pick("upvotes")),
        num_comments=_count(raw.get("numComments")),
        extra=extra,
    )


def _count(value: Any) -> int | None:
    return bounded_count(value)


def _username(user: Any) -> str:
    """``submittedOnDailyBy`` names the user ``user``, ``submittedBy`` says ``name``."""
    if not isinstance(user, dict):
        return ""
    for key in ("user", "name"):
        value = user.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _github_url(value: Any) -> str:
    """A full repository URL; the papers endpoint sometimes gives ``owner/repo``."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    if value.count("/") == 1:
        return f"https://github.com/{value}"
    return ""


def _day(value: Any) -> str:
    """``2026-02-26T17:08:18.000Z`` -> ``2026-02-26`` (anything else, or an absurd year -> "")."""
    return bounded_day(value)
