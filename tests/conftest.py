from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.library import LibraryService
from readinglist.core.models import Author, PaperDraft

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
