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
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from readinglist import __version__
from readinglist.core.errors import ImportFailed

USER_AGENT = (
    f"ReadingList/{__version__} "
    "(+https://github.com/readinglist; mailto:readinglist@users.noreply.github.com)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

ENV_TIMEOUT = "READINGLIST_HTTP_TIMEOUT"
ENV_RETRIES = "READINGLIST_HTTP_RETRIES"
ENV_ARXIV_INTERVAL = "READINGLIST_ARXIV_INTERVAL"


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> NetConfig:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, key, kind in (
            (ENV_TIMEOUT, "read_timeout", float),
            (ENV_RETRIES, "retries", int),
            (ENV_ARXIV_INTERVAL, "polite_interval", float),
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


class HttpClient:
    """GET with timeouts, retries and politeness; errors become ImportFailed."""

    def __init__(self, config: NetConfig | None = None) -> None:
        self.config = config or NetConfig()
        retry = _Retry(
            total=self.config.retries,
            connect=min(self.config.retries, 1),
            read=min(self.config.retries, 1),
            status=self.config.retries,
            other=0,
            redirect=5,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=self.config.polite_interval / 2,
            backoff_min=self.config.polite_interval,
            backoff_max=60.0,
            respect_retry_after_header=True,
            retry_after_max=self.config.retry_after_max,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
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
        """The response to a GET, its body read; ``what`` names the service for messages.

        ``polite`` requests (arXiv) wait for the shared rate limiter.
        """
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            if polite:
                with self.arxiv_limiter.slot():
                    response = self.session.get(
                        url, params=params, headers=headers, timeout=timeout
                    )
            else:
                response = self.session.get(url, params=params, headers=headers, timeout=timeout)
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
        except requests.exceptions.TooManyRedirects:
            raise ImportFailed(f"{what} sent too many redirects") from None
        except requests.exceptions.RequestException as exc:
            raise ImportFailed(f"the request to {what} failed: {exc}") from None
        if response.status_code == 429:
            raise ImportFailed(
                f"{what} is limiting how often we may ask (HTTP 429); try again in a few minutes"
            )
        if response.status_code >= 500:
            raise ImportFailed(
                f"{what} has a server problem (HTTP {response.status_code}); try again later"
            )
        return response

    def _timed_out(self, what: str) -> ImportFailed:
        seconds = f"{self.config.read_timeout:g}"
        return ImportFailed(f"{what} did not answer within {seconds} s; try again later")
