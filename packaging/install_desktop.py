"""Install (or remove) the desktop entry, icons and AppStream file for the current user.

``make install-desktop`` runs this. Files go under ``$XDG_DATA_HOME``
(default ``~/.local/share``): ``applications/``, ``icons/hicolor/`` and
``metainfo/``. The entry's ``Exec`` is made absolute, so the menu finds the
app whether it came from pipx, a virtual environment or the frozen build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.readinglist.ReadingList"
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(value) if value else Path.home() / ".local" / "share"


def default_exec() -> Path | None:
    """The launcher this install will use: on PATH, else next to this Python (a venv)."""
    found = shutil.which("readinglist-gui")
    if found:
        return Path(found).resolve()
    beside = Path(sys.executable).with_name("readinglist-gui")
    return beside if beside.exists() else None


def planned_files(base: Path) -> dict[Path, Path | None]:
    """Target -> source (None for the generated desktop entry)."""
    files: dict[Path, Path | None] = {
        base / "applications" / f"{APP_ID}.desktop": None,
        base / "metainfo" / f"{APP_ID}.metainfo.xml": LINUX / f"{APP_ID}.metainfo.xml",
        base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": ICONS / "readinglist.svg",
    }
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        files[base / "icons" / "hicolor" / png.relative_to(ICONS / "hicolor")] = png
    return files


def desktop_entry(executable: Path) -> str:
    quoted = f'"{executable}"' if " " in str(executable) else str(executable)
    lines = []
    for line in (LINUX / f"{APP_ID}.desktop").read_text("utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quoted}"
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def refresh_caches(base: Path) -> None:
    """Tell the menu and icon caches; harmless where the tools are absent."""
    for command in (["update-desktop-database", "-q", str(base / "applications")],
                    ["gtk-update-icon-cache", "-q", "-t", "-f", str(base / "icons" / "hicolor")]):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec", dest="executable", metavar="PATH",
                        help="the program the menu starts (default: readinglist-gui on PATH or in this venv)")
    parser.add_argument("--uninstall", action="store_true", help="remove what an install put there")
    args = parser.parse_args(argv)
    base = data_home()
    files = planned_files(base)
    if args.uninstall:
        for target in files:
            if target.exists():
                target.unlink()
                print(f"removed {target}")
        refresh_caches(base)
        return 0
    executable = Path(args.executable).resolve() if args.executable else default_exec()
    if executable is None or not executable.exists():
        print("install-desktop: readinglist-gui not found; install the app first "
              "(make run, pipx install ., or make dist) or pass --exec PATH", file=sys.stderr)
        return 1
    for target, source in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry(executable), "utf-8")
        else:
            shutil.copyfile(source, target)
        print(f"installed {target}")
    refresh_caches(base)
    print(f"The menu entry starts {executable}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
