"""Files that ship with the app (icons, the demo library), from the source tree or a wheel.

``readinglist/resources`` links to the top-level ``resources/`` folder, so a
source checkout, an editable install and a wheel all find them the same way.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path


def path(name: str) -> Path:
    """A resource file by its path under ``resources/``."""
    return Path(str(importlib_resources.files("readinglist").joinpath("resources", name)))
