from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.library import LibraryService
from readinglist.core.models import Author, PaperDraft
from readinglist.core.net.session import HttpClient, NetConfig
from tests.fakes.services import FakeServices

# Short timeouts and pauses so failure paths run in well under a second.
FAST_NET = NetConfig(connect_timeout=2.0, read_timeout=0.5, retries=2, polite_interval=0.02)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real library or real network endpoints."""
    monkeypatch.setenv("READINGLIST_HOME", str(tmp_path / "default-home"))
    for var in ("READINGLIST_HF_URL", "READINGLIST_ARXIV_API_URL",
                "READINGLIST_ARXIV_RSS_URL", "READINGLIST_DOI_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")  # the discard port: never the internet


@pytest.fixture
def library(tmp_path: Path) -> Iterator[LibraryService]:
    service = LibraryService(tmp_path / "lib")
    yield service
    service.close()


def draft(title: str, *authors: str, **fields: object) -> PaperDraft:
    """A paper draft with sensible defaults; fields override."""
    return PaperDraft(title=title, authors=tuple(Author(a) for a in authors), **fields)  # type: ignore[arg-type]


@pytest.fixture
def make_draft():  # noqa: ANN201
    return draft


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServices]:
    """Local stand-ins for Hugging Face, arXiv and doi.org; the endpoints point at them."""
    with FakeServices() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def online(library: LibraryService, fake: FakeServices) -> LibraryService:
    """A library talking to ``fake``, with short timeouts and no 3-second arXiv pauses."""
    library.http = HttpClient(FAST_NET)
    return library
