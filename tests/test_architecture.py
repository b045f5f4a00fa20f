"""Layering rules that keep the core usable without a display."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_and_cli_import_no_qt():
    code = (
        "import sys, readinglist.core.library, readinglist.cli.main\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_no_qt_import_statements_in_core():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "readinglist" / "core").rglob("*.py")
        if "PySide6" in p.read_text("utf-8")
    ]
    assert offenders == []
