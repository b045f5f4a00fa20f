"""The HTTP client against a real local server: retries, timeouts, politeness."""

import threading

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.net.session import HttpClient, NetConfig
from tests.conftest import FAST_NET


@pytest.fixture
def http():
    client = HttpClient(FAST_NET)
    yield client
    client.close()


def test_requests_name_the_app_its_version_and_a_contact(fake, http):
    http.get(f"{fake.url}/api/daily_papers", what="Hugging Face", params={"date": "2025-01-01"})
    agent = fake.requests[0].headers["user-agent"]
    assert agent.startswith("ReadingList/0.1.0 (") and "mailto:" in agent


def test_429_with_retry_after_is_waited_out_then_succeeds(fake, http):
    fake.plan(
        "/api/daily_papers",
        status=429,
        body='{"error": "rate limited"}',
        headers={"Retry-After": "1"},
    )
    response = http.get(
        f"{fake.url}/api/daily_papers", what="Hugging Face", params={"date": "2025-01-01"}
    )
    assert response.status_code == 200 and response.json() == []
    first, second = fake.requests_to("/api/daily_papers")
    assert second.at - first.at >= 0.9  # the server asked for one second


def test_500_then_success_backs_off_at_least_the_polite_interval(fake, http):
    fake.plan("/api/query", status=500, body="oops", times=1)
    response = http.get(
        f"{fake.url}/api/query", what="arXiv", params={"id_list": "2509.00001"}, polite=True
    )
    assert response.status_code == 200
    first, second = fake.requests_to("/api/query")
    assert second.at - first.at >= FAST_NET.polite_interval


@pytest.mark.parametrize(
    ("status", "message"), [(503, "server problem"), (429, "limiting how often")]
)
def test_a_failure_that_persists_is_a_clear_error(fake, http, status, message):
    fake.plan("/api/daily_papers", status=status, body="{}", times=10)
    with pytest.raises(ImportFailed, match=message):
        http.get(f"{fake.url}/api/daily_papers", what="Hugging Face")
    assert len(fake.requests_to("/api/daily_papers")) == FAST_NET.retries + 1


def test_read_timeout(fake, http):
    fake.plan("/api/daily_papers", delay=3.0, times=5)
    with pytest.raises(ImportFailed, match="Hugging Face did not answer within 0.5 s"):
        http.get(f"{fake.url}/api/daily_papers", what="Hugging Face")


def test_truncated_body(fake, http):
    fake.hf_days["2025-01-01"] = [{"paper": {"id": "2501.00001"}}] * 50
    fake.plan("/api/daily_papers", truncate=True)
    with pytest.raises(ImportFailed, match="cut off"):
        http.get(f"{fake.url}/api/daily_papers", what="Hugging Face", params={"date": "2025-01-01"})


def test_nobody_listening(http):
    with pytest.raises(ImportFailed, match=r"cannot reach arXiv \(127.0.0.1:9\)"):
        http.get("http://127.0.0.1:9/api/query", what="arXiv")


def test_arxiv_requests_keep_their_distance_across_threads(fake):
    client = HttpClient(NetConfig(read_timeout=5, polite_interval=0.25))
    try:
        threads = [
            threading.Thread(
                target=client.get,
                args=(f"{fake.url}/api/query",),
                kwargs={"what": "arXiv", "polite": True},
            )
            for _ in range(3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        client.close()
    times = sorted(r.at for r in fake.requests_to("/api/query"))
    assert len(times) == 3
    assert all(b - a >= 0.24 for a, b in zip(times, times[1:], strict=False))


def test_network_settings_from_the_environment():
    config = NetConfig.from_env(
        {
            "READINGLIST_HTTP_TIMEOUT": "7.5",
            "READINGLIST_HTTP_RETRIES": "1",
            "READINGLIST_ARXIV_INTERVAL": "0",
        }
    )
    assert (config.read_timeout, config.retries, config.polite_interval) == (7.5, 1, 0.0)
    with pytest.raises(ImportFailed, match="READINGLIST_HTTP_TIMEOUT must be a number"):
        NetConfig.from_env({"READINGLIST_HTTP_TIMEOUT": "soon"})
