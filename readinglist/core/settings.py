"""Library settings: network endpoints, arXiv categories, automatic export, mute rules.

Stored as ``settings.toml`` in the library folder so the CLI and the app
share them. Endpoints can be overridden by environment variables, which is
how tests and mirrors point the app at another server.
"""

from __future__ import annotations

import os
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
    """Write settings atomically (temporary file, then rename)."""
    path = library_dir / SETTINGS_FILE
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(asdict(settings)), "utf-8")
    os.replace(tmp, path)
