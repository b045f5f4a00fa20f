"""A real HTTP server on 127.0.0.1 playing Hugging Face, arXiv and doi.org.

Tests (and the benchmark suite) point the app at it with the endpoint
environment variables (``env()``). It answers like the real services,
quirks included (see ``reference/external-services.md``):

* ``GET /api/daily_papers?date=&limit=&p=``: JSON array; ``[]`` past the
  last page and on days without papers; 400 ``{"error": ...}`` for a bad or
  future date and for ``limit`` > 100; a ``Link: rel="next"`` header.
* ``GET /api/query?id_list=``: Atom feed; unknown ids are left out (an
  empty feed for one unknown id); a malformed id is HTTP 400 with an entry
  titled ``Error``.
* ``GET /rss/{cat}+{cat}``: RSS 2.0 with ``arxiv:announce_type`` and a
  comma-joined ``dc:creator``; dated by ``rss_date``.
* ``GET /{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``:
  302 to ``/transform/{doi}`` (as doi.org sends you to Crossref), then
  CSL-JSON; an unknown DOI is a 404 HTML page.

Faults are planned per path prefix with :meth:`FakeServices.plan`: any
status, body and headers (429 with ``Retry-After``, 500s, malformed
bodies), a delay (for read timeouts), or a body cut off mid-way.
Every request is recorded (path, query, headers, arrival time).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tests.fakes import samples

_ARXIV_ID = re.compile(
    r"^(?:\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$"
)
CSL_JSON = "application/vnd.citationstyles.csl+json"


@dataclass
class Plan:
    path: str
    status: int | None = None  # None: answer normally (after ``delay``, maybe cut off)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False
    times: int = 1


@dataclass(frozen=True)
class Recorded:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class FakeServices:
    def __init__(self, *, today: date | None = None) -> None:
        self.today = today or datetime.now(UTC).date()
        self.hf_days: dict[str, list[dict[str, Any]]] = {}
        self.hf_papers: dict[str, dict[str, Any]] = {}
        self.arxiv: dict[str, str] = {}  # base id -> <entry> XML
        self.arxiv_titles: dict[str, str] = {}  # base id -> title, for ti:"..." searches
        self.rss_items: dict[str, list[tuple[str, str]]] = {}  # category -> [(base id, <item> XML)]
        self.rss_date = "Tue, 23 Sep 2025 00:00:00 -0400"
        self.csl: dict[str, dict[str, Any]] = {}  # lower-case DOI -> CSL-JSON
        self.requests: list[Recorded] = []
        self._plans: list[Plan] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- life cycle -----------------------------------------------------------

    def start(self) -> FakeServices:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-services",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeServices:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point Reading List at this server."""
        return {
            "READINGLIST_HF_URL": self.url,
            "READINGLIST_ARXIV_API_URL": f"{self.url}/api/query",
            "READINGLIST_ARXIV_RSS_URL": self.url,
            "READINGLIST_DOI_URL": self.url,
        }

    # ---- content --------------------------------------------------------------

    def add_hf_day(self, day: date, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.hf_days[day.isoformat()] = items
        return items

    def add_arxiv(self, arxiv_id: str, title: str, **kwargs: Any) -> None:
        self.arxiv[arxiv_id] = samples.arxiv_entry(arxiv_id, title, **kwargs)
        self.arxiv_titles[arxiv_id] = title

    def add_rss(self, category: str, arxiv_id: str, title: str, **kwargs: Any) -> None:
        kwargs.setdefault("categories", [category])
        self.rss_items.setdefault(category, []).append(
            (arxiv_id, samples.rss_item(arxiv_id, title, **kwargs))
        )

    def add_doi(self, doi: str, work: dict[str, Any]) -> None:
        self.csl[doi.lower()] = work

    # ---- faults and records ----------------------------------------------------

    def plan(
        self,
        path: str,
        *,
        status: int | None = None,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        truncate: bool = False,
        times: int = 1,
    ) -> None:
        """The next ``times`` requests under ``path`` get this answer instead of the normal one."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._plans.append(
                Plan(path, status, data, dict(headers or {}), delay, truncate, times)
            )

    def clear_plans(self) -> None:
        """Answer normally again (the planned faults not used up are dropped)."""
        with self._lock:
            self._plans.clear()

    def _take_plan(self, path: str) -> Plan | None:
        with self._lock:
            for plan in self._plans:
                if path.startswith(plan.path) and plan.times > 0:
                    plan.times -= 1
                    return plan
        return None

    def requests_to(self, prefix: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    # ---- the services -----------------------------------------------------------

    def answer(
        self, path: str, query: dict[str, list[str]], headers: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        if path == "/api/daily_papers":
            return self._daily_papers(query)
        if path.startswith("/api/papers/"):
            paper = self.hf_papers.get(path.removeprefix("/api/papers/"))
            if paper is None:
                return _json(404, {"error": "Paper not found"})
            return _json(200, paper)
        if path == "/api/query":
            return self._arxiv_query(query)
        if path.startswith("/rss/"):
            return self._rss(path.removeprefix("/rss/"))
        if path.startswith("/transform/"):
            work = self.csl.get(path.removeprefix("/transform/").lower())
            if work is None:
                return 404, b"Resource not found.", {"Content-Type": "text/plain"}
            return 200, json.dumps(work).encode(), {"Content-Type": CSL_JSON}
        if path.startswith("/10."):
            return self._doi(path[1:], headers)
        return 404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"}

    def _daily_papers(self, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        raw_day = query.get("date", [self.today.isoformat()])[0]
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            return _json(400, {"error": f"Invalid date: {raw_day}"})
        if day > self.today:
            return _json(400, {"error": "Date cannot be in the future"})
        limit = int(query.get("limit", ["50"])[0])
        if limit > 100:
            return _json(400, {"error": "Too big: expected number to be <=100"})
        page = int(query.get("p", ["0"])[0])
        items = self.hf_days.get(day.isoformat(), [])
        chunk = items[page * limit : (page + 1) * limit]
        headers = {}
        if (page + 1) * limit < len(items):
            headers["Link"] = (
                f'</api/daily_papers?date={day.isoformat()}&limit={limit}&p={page + 1}>; rel="next"'
            )
        status, body, base = _json(200, chunk)
        return status, body, {**base, **headers}

    def _arxiv_query(self, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
        for ident in ids:
            if not _ARXIV_ID.match(ident):
                return (
                    400,
                    samples.arxiv_error_feed(ident).encode(),
                    {"Content-Type": "application/atom+xml"},
                )
        search = query.get("search_query", [""])[0]
        phrase = re.fullmatch(r'ti:"([^"]*)"', search)
        if search and not ids:
            wanted = _words(phrase.group(1)) if phrase else _words(search)
            ids = [i for i, t in self.arxiv_titles.items() if wanted and wanted in _words(t)]
        bases = [re.sub(r"v\d+$", "", i) for i in ids]
        entries = [self.arxiv[b] for b in bases if b in self.arxiv]
        feed = samples.arxiv_feed(
            entries, query=f"search_query=&id_list={','.join(ids)}&start=0&max_results=100"
        )
        return 200, feed.encode(), {"Content-Type": "application/atom+xml; charset=utf-8"}

    def _rss(self, cats: str) -> tuple[int, bytes, dict[str, str]]:
        seen: set[str] = set()
        items = []
        for cat in cats.split("+"):
            for ident, xml in self.rss_items.get(cat, []):
                if ident not in seen:
                    seen.add(ident)
                    items.append(xml)
        feed = samples.rss_feed(cats, items, pub_date=self.rss_date)
        return 200, feed.encode(), {"Content-Type": "application/rss+xml; charset=utf-8"}

    def _doi(self, doi: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        if doi.lower() not in self.csl:
            page = (
                "<html><head><title>Error: DOI Not Found</title></head><body>"
                f"<h1>DOI Not Found</h1><p>10.{doi[3:]}</p></body></html>"
            )
            return 404, page.encode(), {"Content-Type": "text/html;charset=utf-8"}
        if CSL_JSON not in headers.get("accept", ""):
            return 200, b"<html><body>Landing page</body></html>", {"Content-Type": "text/html"}
        return (
            302,
            b"<html><head><title>Handle Redirect</title></head></html>",
            {
                "Location": f"/transform/{quote(doi, safe='')}",
                "Content-Type": "text/html;charset=utf-8",
                "Vary": "Origin, Accept",
            },
        )


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _json(status: int, data: Any) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=utf-8"}


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is what some tests want


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        fake: FakeServices = self.server.fake  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake._record(Recorded(path, query, headers, time.monotonic()))
        plan = fake._take_plan(path)
        if plan is not None and plan.delay:
            fake.stopping.wait(plan.delay)
        if plan is not None and plan.status is not None:
            self._send(plan.status, plan.body, {"Content-Type": "application/json", **plan.headers})
            return
        status, body, extra = fake.answer(path, query, headers)
        self._send(status, body, extra, truncate=plan is not None and plan.truncate)

    def _send(
        self, status: int, body: bytes, headers: dict[str, str], *, truncate: bool = False
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@contextmanager
def serve_hf_day(day: date, n: int = 100, *, seed: int = 1) -> Iterator[FakeServices]:
    """A running server with an ``n``-paper Hugging Face day (for the benchmark suite)."""
    fake = FakeServices(today=max(day, datetime.now(UTC).date()))
    fake.add_hf_day(day, samples.hf_day(day, n, seed=seed))
    with fake:
        yield fake
