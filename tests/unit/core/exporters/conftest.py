from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bibcheck import tricky_drafts

from readinglist.core.library import LibraryService
from readinglist.core.models import Paper


@pytest.fixture
def tricky(tmp_path: Path) -> Iterator[tuple[LibraryService, list[Paper]]]:
    """A library holding the tricky test papers, and those papers."""
    service = LibraryService(tmp_path / "tricky")
    report = service.papers.add_many(tricky_drafts())
    yield service, service.papers.get_many(report.added)
    service.close()
