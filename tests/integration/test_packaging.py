"""The desktop entry, AppStream file and icons: valid, consistent, installable."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from readinglist import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.readinglist.ReadingList"
DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run installs it)")
    return path


def test_desktop_file_validates():
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    proc = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in proc.stdout.lower(), proc.stdout


def test_metainfo_validates_offline():
    tool = _tool("appstreamcli", "appstream")
    proc = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_metainfo_matches_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    releases = [r.get("version") for r in root.iter("release")]
    assert __version__ in releases, "add a <release> for the current version"
    assert root.find("content_rating") is not None
    shots = [img.text for img in root.iter("image")]
    assert shots, "AppStream screenshots"
    for url in shots:  # each screenshot is one we ship, at the path the URL names
        assert (ROOT / url.split("/main/", 1)[1]).exists(), url


def test_desktop_icon_and_app_id_agree_with_the_app():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    pngs = sorted((ROOT / "resources" / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"))
    assert {p.parts[-3] for p in pngs} >= {"16x16", "32x32", "48x48", "128x128", "256x256"}
    app_source = (ROOT / "readinglist" / "gui" / "app.py").read_text("utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in app_source


def test_install_desktop_puts_everything_under_xdg_data_home(tmp_path):
    fake_exec = tmp_path / "bin" / "readinglist-gui"
    fake_exec.parent.mkdir()
    fake_exec.write_text("#!/bin/sh\n")
    fake_exec.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    script = ROOT / "packaging" / "install_desktop.py"
    proc = subprocess.run([sys.executable, str(script), "--exec", str(fake_exec)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    share = tmp_path / "share"
    entry = (share / "applications" / f"{APP_ID}.desktop").read_text("utf-8")
    assert f"Exec={fake_exec}\n" in entry
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").exists()
    assert (share / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").exists()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(share / "applications" / f"{APP_ID}.desktop")],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout

    proc = subprocess.run([sys.executable, str(script), "--uninstall"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))


def test_install_desktop_refuses_without_the_program(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "install_desktop.py"),
                           "--exec", str(tmp_path / "nothing-here")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "not found" in proc.stderr
    assert not (tmp_path / "share").exists()
