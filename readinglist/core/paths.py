"""Where a library lives: ``--library``, else ``READINGLIST_HOME``, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "readinglist"
ENV_HOME = "READINGLIST_HOME"


def default_library_dir() -> Path:
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_library_dir(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    return default_library_dir()
