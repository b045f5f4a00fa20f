"""Settings are read once and again only when ``settings.toml`` changes on disk."""

from __future__ import annotations

import os
import time

import pytest

from readinglist.core import settings as settings_mod
from readinglist.core.library import LibraryService
from readinglist.core.settings import SETTINGS_FILE, Settings


@pytest.fixture
def reads(monkeypatch):
    """How often the file is parsed."""
    count = [0]
    real = settings_mod.load_settings

    def counting(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(settings_mod, "load_settings", counting)
    return count


def _age(path, seconds=60):
    """Make the file look written a minute ago (past the racy window)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_second_access_does_not_read_the_file_again(tmp_path, reads):
    path = tmp_path / SETTINGS_FILE
    path.write_text('auto_export_query = "tag:thesis"\n', "utf-8")
    _age(path)
    with LibraryService(tmp_path) as service:
        before = reads[0]
        assert service.settings.auto_export_query == "tag:thesis"
        assert service.settings.auto_export_query == "tag:thesis"
        assert reads[0] - before <= 1


def test_an_external_edit_is_picked_up(tmp_path, reads):
    path = tmp_path / SETTINGS_FILE
    path.write_text('auto_export_query = "tag:thesis"\n', "utf-8")
    _age(path, 120)
    with LibraryService(tmp_path) as service:
        assert service.settings.auto_export_query == "tag:thesis"
        # Another program (an editor, the CLI) rewrites the file in place, same size.
        path.write_text('auto_export_query = "tag:thesiz"\n', "utf-8")
        _age(path, 60)
        assert service.settings.auto_export_query == "tag:thesiz"
        path.unlink()
        assert service.settings.auto_export_query == ""


def test_a_file_changed_within_the_same_clock_tick_is_read_again(tmp_path, reads):
    path = tmp_path / SETTINGS_FILE
    path.write_text('auto_export_format = "bibtex"\n', "utf-8")
    with LibraryService(tmp_path) as service:
        assert service.settings.auto_export_format == "bibtex"
        stamp = path.stat().st_mtime_ns
        path.write_text('auto_export_format = "biblatx"\n', "utf-8")
        os.utime(path, ns=(stamp, stamp))  # same size, same time: only the racy rule sees it
        assert service.settings.auto_export_format == "biblatx"


def test_saving_through_the_service_is_seen_at_once(tmp_path):
    with LibraryService(tmp_path) as service:
        service.save_settings(Settings(auto_export_query="tag:ml"))
        assert service.settings.auto_export_query == "tag:ml"
        service.daily.add_mute_rule("author", "Jane Doe")
        assert service.settings.mute_authors == ["Jane Doe"]
        assert service.settings.auto_export_query == "tag:ml"
