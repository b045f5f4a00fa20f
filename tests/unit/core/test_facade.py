"""The facade: each library owns its own network client; services are reached as attributes."""

from __future__ import annotations

from readinglist.core.library import LibraryService
from readinglist.core.net.session import HttpClient, NetConfig


def test_two_libraries_do_not_share_a_network_client(tmp_path):
    with LibraryService(tmp_path / "a") as a, LibraryService(tmp_path / "b") as b:
        mine = HttpClient(NetConfig(retries=0))
        a.http = mine
        assert a.http is mine
        assert b.http is not mine  # b made its own on first use
        theirs = b.http
    # Closing a library closes its own client only once, and a new one can be made.
    with LibraryService(tmp_path / "a") as again:
        assert again.http is not mine and again.http is not theirs


def test_the_facade_has_no_class_level_state_shared_between_instances():
    shared = {name for name, value in vars(LibraryService).items()
              if not name.startswith("__") and not callable(value)
              and not isinstance(value, (property, staticmethod, classmethod))}
    assert shared == set()
