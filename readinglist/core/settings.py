"""Library settings: network endpoints, arXiv categories, automatic export, mute rules.

Stored as ``settings.toml`` in the library folder so the CLI and the app
share them. Endpoints can be overridden by environment variables, which is
how tests and mirrors point the app at another server.
"""

from __future__ import annotations

import os
import threading
import time
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import tomli_w

from readinglist.core.errors import InvalidInput

SETTINGS_FILE = "settings.toml"

ENV_OVERRIDES = {
    "hf_url": "READINGLIST_HF_URL",
    "arxiv_api_url": "READINGLIST_ARXIV_API_URL",
    "arxiv_rss_url": "READINGLIST_ARXIV_RSS_URL",
    "doi_url": "READINGLIST_DOI_URL",
}


@dataclass(frozen=True)
class Settings:
    hf_url: str = "https://huggingface.co"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    arxiv_rss_url: str = "https://rss.arxiv.org"
    doi_url: str = "https://doi.org"
    arxiv_categories: list[str] = field(default_factory=lambda: ["cs.CL", "cs.LG"])
    auto_export_path: str = ""
    auto_export_query: str = ""
    auto_export_format: str = "bibtex"
    # Daily mute rules (core/recommend/mute.py): papers never shown in a day's list.
    mute_authors: list[str] = field(default_factory=list)
    mute_phrases: list[str] = field(default_factory=list)
    mute_categories: list[str] = field(default_factory=list)
    hide_cross_lists: bool = False
    hide_replacements: bool = False

    def with_env(self) -> Settings:
        """These settings with endpoint overrides from the environment applied."""
        changes = {
            name: os.environ[env].strip().rstrip("/")
            for name, env in ENV_OVERRIDES.items()
            if os.environ.get(env, "").strip()
        }
        return replace(self, **changes) if changes else self


def env_overrides() -> dict[str, str]:
    """Setting name -> the environment variable that overrides it now (for the editor)."""
    return {name: env for name, env in ENV_OVERRIDES.items() if os.environ.get(env, "").strip()}


def load_settings(library_dir: Path, *, apply_env: bool = True) -> Settings:
    """Settings from the library folder (defaults if absent).

    ``apply_env=False`` gives what is on disk, for a settings editor that must
    not save a temporary environment override as the user's choice.
    """
    path = library_dir / SETTINGS_FILE
    if not path.exists():
        return Settings().with_env() if apply_env else Settings()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read settings {path}: {exc}") from exc
    known = {f.name: f for f in fields(Settings)}
    values = {}
    for key, value in data.items():
        if key not in known:
            continue
        default = getattr(Settings(), key)
        if isinstance(default, list):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InvalidInput(f"settings {path}: {key} must be a list of strings")
        elif not isinstance(value, type(default)):
            raise InvalidInput(f"settings {path}: {key} must be a {type(default).__name__}")
        values[key] = value
    settings = Settings(**values)
    return settings.with_env() if apply_env else settings


def save_settings(library_dir: Path, settings: Settings) -> None:
    """Write settings atomically (temporary file, then rename).

    Only what differs from the built-in defaults is written: a file full of
    defaults would pin today's endpoints and hide a later change of default.
    """
    path = library_dir / SETTINGS_FILE
    tmp = path.with_suffix(".toml.tmp")
    defaults = asdict(Settings())
    chosen = {k: v for k, v in asdict(settings).items() if v != defaults.get(k)}
    tmp.write_text(tomli_w.dumps(chosen), "utf-8")
    os.replace(tmp, path)


class SettingsFile:
    """``settings.toml``, read again only when the file changes.

    The file's identity (inode, size, modification time) tells whether it
    changed. A file modified within :data:`RACY_NS` of being read could
    change again within the same clock tick without its time moving, so
    such a read is not trusted and the next access reads again (the way
    git treats "racily clean" files). Environment overrides are applied on
    every access: they are cheap and tests change them.
    """

    RACY_NS = 2_000_000_000

    def __init__(self, library_dir: Path) -> None:
        self.dir = Path(library_dir)
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | None = None
        self._cached: Settings | None = None

    def _stat_key(self) -> tuple[int, int, int] | None:
        try:
            st = (self.dir / SETTINGS_FILE).stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def load(self, *, apply_env: bool = True) -> Settings:
        with self._lock:
            key = self._stat_key()
            if self._cached is None or key != self._key:
                started = time.time_ns()
                settings = load_settings(self.dir, apply_env=False)
                racy = key is not None and started - key[2] < self.RACY_NS
                self._cached, self._key = settings, (None if racy else key)
            settings = self._cached
        return settings.with_env() if apply_env else settings

    def save(self, settings: Settings) -> None:
        with self._lock:
            save_settings(self.dir, settings)
            self._cached = self._key = None
