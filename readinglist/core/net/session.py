"""The one HTTP client every importer uses: timeouts, retries, politeness.

Hugging Face, arXiv and doi.org all throttle clients that hammer them, and
arXiv asks for at most one request every three seconds over one connection
(its API terms of use). So every request goes through :class:`HttpClient`:
a single ``requests.Session`` with a descriptive User-Agent, connect and
read timeouts, and urllib3 ``Retry`` with backoff on 429/500/502/503/504
that honours ``Retry-After`` (capped, so a server cannot park a worker for
an hour). Requests to arXiv also wait their turn on a :class:`RateLimiter`
shared by all threads. Failures become :class:`ImportFailed` with a message
for the user; callers see only responses they can interpret (2xx, 3xx and
4xx other than 429).

What a server may make us do is bounded (see :mod:`readinglist.core.net.guard`):
the body is streamed and counted after decompression up to a per-service
cap, one deadline covers the whole request (a server dripping a byte every
few seconds is cut off at it), redirects are followed here, one by one,
only within the service's hosts, and retries (429/5xx) happen here too, so
their waits count against the same deadline.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from readinglist import __version__
from readinglist.core.errors import ImportFailed
from readinglist.core.net.guard import (
    CHUNK,
    DEFAULT_DEADLINE_S,
    BodyDecoder,
    ServiceLimits,
    check_redirect,
    limits_for,
    too_large,
)

USER_AGENT = (
    f"ReadingList/{__version__} "
    "(+https://github.com/readinglist; mailto:readinglist@users.noreply.github.com)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

ENV_TIMEOUT = "READINGLIST_HTTP_TIMEOUT"
ENV_RETRIES = "READINGLIST_HTTP_RETRIES"
ENV_ARXIV_INTERVAL = "READINGLIST_ARXIV_INTERVAL"
ENV_DEADLINE = "READINGLIST_HTTP_DEADLINE"
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class NetConfig:
    """How patient and how polite the client is.

    ``polite_interval`` is arXiv's "one request every 3 seconds"; it is also
    the shortest wait before any retry, so a retry never breaks that rule.
    Tests and mirrors may lower it; the real arXiv must not be asked faster.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    polite_interval: float = 3.0
    retry_after_max: float = 30.0
    deadline: float = DEFAULT_DEADLINE_S  # the whole request, retries included
    max_bytes: int | None = None  # None: each service's own cap (guard.SERVICE_MAX_BYTES)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> NetConfig:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, key, kind in (
            (ENV_TIMEOUT, "read_timeout", float),
            (ENV_RETRIES, "retries", int),
            (ENV_ARXIV_INTERVAL, "polite_interval", float),
            (ENV_DEADLINE, "deadline", float),
        ):
            raw = env.get(name, "").strip()
            if not raw:
                continue
            try:
                value = kind(raw)
            except ValueError:
                raise ImportFailed(f"{name} must be a number, not {raw!r}") from None
            if value < 0:
                raise ImportFailed(f"{name} cannot be negative")
            values[key] = value
        return cls(**values)


class _Retry(Retry):
    """urllib3's Retry with a floor under every backoff.

    Plain ``Retry`` retries the first failure at once; a floor keeps even
    that retry outside arXiv's three-second window.
    """

    def __init__(self, *args: Any, backoff_min: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backoff_min = backoff_min

    def new(self, **kw: Any) -> Self:
        kw.setdefault("backoff_min", self.backoff_min)
        return super().new(**kw)

    def get_backoff_time(self) -> float:
        return max(super().get_backoff_time(), self.backoff_min)


class RateLimiter:
    """At most one request per ``interval`` seconds, one at a time, across threads.

    The slot is held for the whole request and the interval counts from its
    end, which is what "one request every three seconds on a single
    connection" means.
    """

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._last_end = float("-inf")

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._lock:
            wait = self._last_end + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last_end = time.monotonic()


class _Job:
    """One request running in a worker thread, so the caller can leave at the deadline."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.abandoned = False
        self.response: requests.Response | None = None
        self.result: requests.Response | None = None
        self.error: BaseException | None = None

    def abandon(self) -> None:
        """Stop the worker: cut its connection so a blocked read returns now."""
        self.abandoned = True
        response = self.response
        if response is not None:
            sock = _socket_of(response)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _socket_of(response: requests.Response) -> socket.socket | None:
    connection = getattr(response.raw, "connection", None) or getattr(
        response.raw, "_connection", None
    )
    return getattr(connection, "sock", None)


class HttpClient:
    """GET with timeouts, retries, politeness and bounds; errors become ImportFailed."""

    def __init__(self, config: NetConfig | None = None) -> None:
        self.config = config or NetConfig()
        # urllib3 retries only a failed connection or a timed-out first read;
        # statuses and redirects are handled in get(), inside the deadline.
        retry = _Retry(
            total=self.config.retries,
            connect=min(self.config.retries, 1),
            read=min(self.config.retries, 1),
            status=0,
            other=0,
            redirect=0,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=self.config.polite_interval / 2,
            backoff_min=self.config.polite_interval,
            backoff_max=60.0,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # Only encodings guard.BodyDecoder can expand under a cap.
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.arxiv_limiter = RateLimiter(self.config.polite_interval)

    def close(self) -> None:
        self.session.close()

    def get(
        self,
        url: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        polite: bool = False,
    ) -> requests.Response:
        """The response to a GET, its body read (and bounded); ``what`` names the service.

        ``polite`` requests (arXiv) wait for the shared rate limiter; the
        deadline starts once it is this request's turn.
        """
        limits = limits_for(what, self.config.deadline, self.config.max_bytes)
        if polite:
            with self.arxiv_limiter.slot():
                return self._within_deadline(url, what, params, headers, limits)
        return self._within_deadline(url, what, params, headers, limits)

    def _within_deadline(
        self,
        url: str,
        what: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        limits: ServiceLimits,
    ) -> requests.Response:
        deadline = time.monotonic() + limits.deadline
        job = _Job()

        def work() -> None:
            try:
                job.result = self._fetch(url, what, params, headers, limits, deadline, job)
            except BaseException as exc:  # handed to the caller's thread
                job.error = exc
            finally:
                job.done.set()

        worker = threading.Thread(target=work, name=f"http {what}", daemon=True)
        worker.start()
        if not job.done.wait(max(0.0, deadline - time.monotonic()) + 0.05):
            job.abandon()
            raise self._past_deadline(what, limits)
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _fetch(
        self,
        url: str,
        what: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        limits: ServiceLimits,
        deadline: float,
        job: _Job,
    ) -> requests.Response:
        current, query, redirects, attempt = url, params, 0, 0
        while True:
            remaining = self._remaining(deadline, what, limits)
            timeout = (
                min(self.config.connect_timeout, remaining),
                min(self.config.read_timeout, remaining),
            )
            response = self._send(current, what, query, headers, timeout)
            job.response = response
            if job.abandoned:
                response.close()
                raise self._past_deadline(what, limits)
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                target = urljoin(response.url, response.headers["Location"])
                response.close()
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise ImportFailed(f"{what} sent too many redirects")
                check_redirect(response.url, target, limits, what)
                current, query = target, None
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.config.retries:
                wait = self._retry_wait(response, attempt)
                if time.monotonic() + wait < deadline - 0.1:
                    response.close()
                    time.sleep(wait)
                    attempt += 1
                    continue
            response._content = self._read_body(response, what, limits, deadline, job)
            response._content_consumed = True
            break
        if response.status_code == 429:
            raise ImportFailed(
                f"{what} is limiting how often we may ask (HTTP 429); try again in a few minutes"
            )
        if response.status_code >= 500:
            raise ImportFailed(
                f"{what} has a server problem (HTTP {response.status_code}); try again later"
            )
        return response

    def _send(
        self,
        url: str,
        what: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        timeout: tuple[float, float],
    ) -> requests.Response:
        try:
            return self.session.get(
                url,
                params=params,
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.ReadTimeout:
            raise self._timed_out(what) from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            raise ImportFailed(f"the answer from {what} was cut off; try again") from None
        except requests.exceptions.ConnectionError as exc:
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            if isinstance(reason, ReadTimeoutError):
                raise self._timed_out(what) from None
            host = urlsplit(url).netloc or url
            raise ImportFailed(
                f"cannot reach {what} ({host}); check your internet connection"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise ImportFailed(f"the request to {what} failed: {exc}") from None

    def _read_body(
        self,
        response: requests.Response,
        what: str,
        limits: ServiceLimits,
        deadline: float,
        job: _Job,
    ) -> bytes:
        """The body, decompressed, streamed and counted; stops at the cap or the deadline."""
        try:
            decoder = BodyDecoder(response.headers.get("Content-Encoding", ""), what)
            declared = response.headers.get("Content-Length", "")
            if not response.headers.get("Content-Encoding") and declared.isdigit():
                if int(declared) > limits.max_bytes:
                    raise too_large(what, limits.max_bytes)
            parts: list[bytes] = []
            size = 0
            sock = _socket_of(response)
            while True:
                remaining = self._remaining(deadline, what, limits)
                if job.abandoned:
                    raise self._past_deadline(what, limits)
                if sock is not None:
                    sock.settimeout(min(self.config.read_timeout, remaining))
                data = response.raw.read1(CHUNK, decode_content=False)
                out, more = decoder.feed(data, limits.max_bytes - size) if data else decoder.flush(
                    limits.max_bytes - size
                )
                size += len(out)
                if more or size > limits.max_bytes:
                    raise too_large(what, limits.max_bytes)
                parts.append(out)
                if not data:
                    return b"".join(parts)
        except (ReadTimeoutError, TimeoutError, socket.timeout):
            if job.abandoned or time.monotonic() >= deadline:
                raise self._past_deadline(what, limits) from None
            raise self._timed_out(what) from None
        except (ProtocolError, OSError, requests.exceptions.RequestException):
            if job.abandoned or time.monotonic() >= deadline:
                raise self._past_deadline(what, limits) from None
            raise ImportFailed(f"the answer from {what} was cut off; try again") from None
        finally:
            response.close()

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        """Seconds before the next try: backoff, or the server's Retry-After (capped)."""
        wait = min(60.0, self.config.polite_interval / 2 * (2**attempt))
        header = response.headers.get("Retry-After", "").strip()
        if header:
            try:
                asked = float(header)
            except ValueError:
                try:
                    asked = parsedate_to_datetime(header).timestamp() - time.time()
                except (TypeError, ValueError, IndexError, OverflowError):
                    asked = 0.0
            wait = max(wait, min(asked, self.config.retry_after_max))
        return max(wait, self.config.polite_interval)

    def _remaining(self, deadline: float, what: str, limits: ServiceLimits) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._past_deadline(what, limits)
        return remaining

    def _past_deadline(self, what: str, limits: ServiceLimits) -> ImportFailed:
        return ImportFailed(
            f"{what} did not finish answering within {limits.deadline:g} s; "
            "nothing was changed, try again later"
        )

    def _timed_out(self, what: str) -> ImportFailed:
        seconds = f"{self.config.read_timeout:g}"
        return ImportFailed(f"{what} did not answer within {seconds} s; try again later")
