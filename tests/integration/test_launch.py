"""Starting the app as a user does: versions, help, the smoke test, and the
one-line hint instead of Qt's abort when no window can be opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist import __version__

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo_library.json"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the X11 checks are for Linux")


def run(*args: str, env: dict[str, str] | None = None, drop: tuple[str, ...] = (),
        tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in drop}
    if tmp is not None:  # window geometry goes to QSettings: keep it out of the user's config
        base["XDG_CONFIG_HOME"] = str(tmp / "config")
    return subprocess.run([sys.executable, "-m", "readinglist", *args], capture_output=True,
                          text=True, timeout=120, env={**base, **(env or {})})


def test_version_and_help():
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"readinglist {__version__}"
    helped = run("--help")
    assert helped.returncode == 0
    assert "desktop app" in helped.stdout and "export" in helped.stdout


def test_gui_script_has_version_and_help():
    script = Path(sys.executable).with_name("readinglist-gui")
    if not script.exists():
        pytest.skip("readinglist-gui is not installed next to this interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == f"readinglist {__version__}"
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert "--library" in proc.stdout and "--smoke-test" in proc.stdout


def test_smoke_test_opens_the_demo_library_and_exits_cleanly(tmp_path):
    library = tmp_path / "lib"
    assert run("--library", str(library), "import", str(DEMO)).returncode == 0
    proc = run("--library", str(library), "gui", "--smoke-test",
               env={"QT_QPA_PLATFORM": "offscreen"}, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "smoke test ok: 25 papers shown" in proc.stdout


@linux_only
def test_no_display_gives_one_line_and_exit_1(tmp_path):
    proc = run("--library", str(tmp_path / "lib"), env={"QT_QPA_PLATFORM": "xcb"},
               drop=("DISPLAY", "WAYLAND_DISPLAY"), tmp=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "cannot open a window" in lines[0]
    # Either the display is named as the problem, or (on a machine without the
    # X libraries) the missing library is.
    assert "DISPLAY" in lines[0] or "apt-get install" in lines[0]
    assert not (tmp_path / "lib").exists() or not any((tmp_path / "lib").iterdir())


@linux_only
def test_a_missing_xcb_library_is_named_with_its_package(tmp_path):
    """An unloadable libxcb-cursor (the one a fresh Debian lacks) is found before Qt aborts."""
    broken = tmp_path / "libs"
    broken.mkdir()
    (broken / "libxcb-cursor.so.0").write_bytes(b"")
    proc = run("--library", str(tmp_path / "lib"), tmp=tmp_path,
               env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0", "LD_LIBRARY_PATH": str(broken)})
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert "\n" not in line, line
    assert "libxcb-cursor.so.0" in line
    assert "apt-get install libxcb-cursor0" in line
    assert "dnf install xcb-util-cursor" in line
    assert "pacman -S xcb-util-cursor" in line


@linux_only
def test_an_unreachable_x_display_is_reported(tmp_path):
    proc = run("--library", str(tmp_path / "lib"), tmp=tmp_path,
               env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":97"})
    assert proc.returncode == 1
    assert "cannot connect to the X display ':97'" in proc.stderr or "apt-get" in proc.stderr
