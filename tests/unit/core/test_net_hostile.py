"""Finding 3: a hostile server on 127.0.0.1 cannot exhaust memory, hang a fetch, or move us.

The server below is real (a socket on the loopback); it sends a huge body,
a gzip bomb, a slow drip (one byte at a time, within every per-read
timeout), dripped headers, and redirects to another host. Each fetch must
end with one clear UserError within its deadline, with bounded memory, and
leave the cached day as it was.
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from readinglist.core.storage import daily_cache
from readinglist.core.errors import ImportFailed, UserError
from readinglist.core.importers.feed_item import FeedItem
from readinglist.core.net.guard import MB
from readinglist.core.net.session import HttpClient, NetConfig

HUGE = 500 * MB
BOMB = 1024 * MB  # what the bomb expands to
DRIP_EVERY = 0.4  # seconds between bytes: always inside the per-read timeout
DEADLINE = 2.0


def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MB
    parts = [packer.compress(block) for _ in range(BOMB // MB)]
    parts.append(packer.flush())
    return b"".join(parts)


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bomb = b""
    seen: list[str] = []
    other_port = 0

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(f"{self.headers.get('Host')}{self.path}")
        path = self.path.split("?")[0]
        try:
            getattr(self, "answer_" + path.strip("/").replace("-", "_").replace("/", "_"))()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def answer_api_daily_papers(self) -> None:  # the HF endpoint: huge
        self.answer_huge()

    def answer_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        block = b" " * MB
        for _ in range(HUGE // MB):
            self.wfile.write(block)

    def answer_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        self.wfile.write(b"[" * 1000)

    def answer_bomb(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.bomb)))
        self.end_headers()
        self.wfile.write(self.bomb)

    def answer_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        for _ in range(1000):
            self.wfile.write(b"[")
            self.wfile.flush()
            time.sleep(DRIP_EVERY)

    def answer_drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(1000):
            self.wfile.write(b"X")
            self.wfile.flush()
            time.sleep(DRIP_EVERY)

    def answer_away(self) -> None:
        self.send_response(302)
        self.send_header("Location", f"http://localhost:{self.other_port}/stolen")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer_stolen(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    def answer_fine(self) -> None:
        body = gzip.compress(b'["ok"]')
        self.send_response(200)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_empty(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on a hostile answer is the point, not an error


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    Hostile.bomb = _bomb()
    servers = [_QuietServer(("127.0.0.1", 0), Hostile) for _ in range(2)]
    Hostile.other_port = servers[1].server_address[1]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    yield f"http://127.0.0.1:{servers[0].server_address[1]}"
    for s in servers:
        s.shutdown()
        s.server_close()


@pytest.fixture
def client() -> Iterator[HttpClient]:
    # The per-read timeout is long on purpose: only the overall deadline can stop a drip.
    http = HttpClient(NetConfig(read_timeout=10, retries=0, polite_interval=0, deadline=DEADLINE))
    yield http
    http.close()


def _measured(call) -> tuple[BaseException, float, int]:  # noqa: ANN001
    tracemalloc.start()
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - returned for the assertions
        error = exc
    else:
        raise AssertionError("the hostile answer was accepted")
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return error, elapsed, peak


@pytest.mark.parametrize(("path", "message"), [
    ("/huge", "larger than 20 MB"),
    ("/declared", "larger than 20 MB"),
    ("/bomb", "larger than 20 MB"),
    ("/drip", f"within {DEADLINE:g} s"),
    ("/drip-headers", f"within {DEADLINE:g} s"),
])
def test_hostile_answers_end_in_time_with_bounded_memory(hostile, client, path, message):
    error, elapsed, peak = _measured(lambda: client.get(hostile + path, what="Hugging Face"))
    assert isinstance(error, UserError), repr(error)
    assert message in str(error) and "\n" not in str(error)
    assert elapsed < DEADLINE + 1.0
    assert peak < 80 * MB, f"{peak / MB:.0f} MB"
    print(f"{path}: {elapsed:.2f} s, peak {peak / MB:.1f} MB traced")


def test_a_redirect_to_another_host_is_not_followed(hostile, client):
    Hostile.seen.clear()
    with pytest.raises(ImportFailed, match=r"redirected to another site \(localhost:"):
        client.get(hostile + "/away", what="Hugging Face")
    assert not any("stolen" in s for s in Hostile.seen)


def test_allow_listed_hosts_and_normal_gzip_still_work(hostile, client):
    assert client.get(hostile + "/fine", what="Hugging Face").json() == ["ok"]
    from readinglist.core.net.guard import check_redirect, limits_for

    arxiv = limits_for("arXiv", 10)
    check_redirect("https://export.arxiv.org/api/query", "https://arxiv.org/api/query", arxiv, "arXiv")
    doi = limits_for("doi.org", 10)
    check_redirect("https://doi.org/10.1/x", "https://api.crossref.org/v1/works/x", doi, "doi.org")
    with pytest.raises(ImportFailed):
        check_redirect("https://doi.org/10.1/x", "https://evil.example/x", doi, "doi.org")
    with pytest.raises(ImportFailed):
        check_redirect("https://arxiv.org/a", "http://arxiv.org/a", arxiv, "arXiv")


DAY = date(2025, 9, 23)


def _cached(library, n: int) -> None:
    items = [FeedItem("hf", f"2509.{i:05d}", f"Cached paper {i}") for i in range(n)]
    with library.store.write() as txn:
        daily_cache.save_source(txn, DAY, "hf", items)


def _titles(library) -> list[str]:
    cached = library.daily.cached(DAY)
    return [] if cached is None else sorted(i.title for i in cached.items)


@pytest.mark.parametrize(("path", "message"), [
    ("/huge", "larger than"), ("/bomb", "larger than"), ("/drip", "within"),
])
def test_a_hostile_daily_answer_keeps_the_cached_day(library, hostile, monkeypatch, path, message):
    _cached(library, 70)
    before = _titles(library)
    seq = library.indexing.change_seq()
    library.http = HttpClient(NetConfig(read_timeout=10, retries=0, polite_interval=0,
                                        deadline=DEADLINE))
    # The HF client asks {hf_url}/api/daily_papers: answer that with the hostile reply.
    monkeypatch.setattr(Hostile, "answer_api_daily_papers",
                        getattr(Hostile, "answer_" + path.strip("/")))
    monkeypatch.setenv("READINGLIST_HF_URL", hostile)
    started = time.monotonic()
    with pytest.raises(UserError, match=message):
        library.daily.fetch(DAY, ["hf"])
    assert time.monotonic() - started < DEADLINE + 1.0
    assert _titles(library) == before and len(before) == 70
    assert library.indexing.change_seq() == seq


def test_an_empty_answer_never_replaces_a_cached_day(library, hostile, monkeypatch):
    _cached(library, 70)
    monkeypatch.setattr(Hostile, "answer_api_daily_papers", Hostile.answer_empty)
    monkeypatch.setenv("READINGLIST_HF_URL", hostile)
    library.http = HttpClient(NetConfig(read_timeout=10, retries=0, polite_interval=0))
    result = library.daily.fetch(DAY, ["hf"])
    assert len(result.items) == 70
    assert any("empty list" in note and "70 papers" in note for note in result.notes)
    assert len(_titles(library)) == 70
