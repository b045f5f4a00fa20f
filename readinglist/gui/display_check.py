"""Can Qt open a window here? Asked before any Qt module is imported.

When a system library is missing or there is no display, Qt prints a
paragraph about platform plugins and aborts the process (a core dump, not an
exit code). A new user on a minimal Linux install meets exactly this
(``libxcb-cursor0`` is the usual one), so the app checks first and says in
one line what is missing and which package provides it on the common
distributions. Only ``ctypes`` is used: importing ``PySide6.QtGui`` itself
fails if a library it links against is missing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu apt, Fedora dnf, Arch pacman)
_GUI_LIBS: dict[str, tuple[str, str, str]] = {
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
}
_XCB_LIBS: dict[str, tuple[str, str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
}
_NEEDS_NOTHING = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl", "vkkhrdisplay"}
_MISSING_RE = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


def platforms(env: dict[str, str] | os._Environ[str] = os.environ) -> list[str]:
    """The Qt platform plugins Qt will try, in order (``QT_QPA_PLATFORM`` may list several)."""
    explicit = env.get("QT_QPA_PLATFORM", "").strip()
    if explicit:
        return [p.split(":", 1)[0].strip().lower() for p in explicit.split(";") if p.strip()]
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def _loads(soname: str) -> str | None:
    """None if the library loads, else the loader's reason."""
    try:
        ctypes.CDLL(soname)
    except OSError as exc:
        return str(exc)
    return None


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def _install_hint(missing: list[str], table: dict[str, tuple[str, str, str]]) -> str:
    known = [table[name] for name in missing if name in table]
    if not known:
        return "install it with your distribution's package manager"

    def unique(column: int) -> str:
        return " ".join(dict.fromkeys(row[column] for row in known))

    return (f"install it: Debian/Ubuntu: sudo apt-get install {unique(0)}; "
            f"Fedora: sudo dnf install {unique(1)}; Arch: sudo pacman -S {unique(2)}")


def _missing_message(missing: list[str], table: dict[str, tuple[str, str, str]],
                     platform: str) -> str:
    what = ", ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    return (f"readinglist: Qt cannot open a window ({platform}): the system "
            f"{'library' if len(missing) == 1 else 'libraries'} {what} {verb} missing; "
            + _install_hint(missing, table))


def _x_display_reachable(display: str) -> bool:
    """Connect to the X server the way Qt's xcb plugin will (libxcb's xcb_connect)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    screen = ctypes.c_int(0)
    connection = xcb.xcb_connect(display.encode(), ctypes.byref(screen))
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def problem(env: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """One line saying why Qt cannot open a window and what to do, or None if it can."""
    if not sys.platform.startswith("linux"):
        return None
    candidates = platforms(env)
    missing = [name for name in _GUI_LIBS if _loads(name) is not None]
    if missing:
        return _missing_message(missing, _GUI_LIBS, "Qt's graphics libraries")
    if any(p in _NEEDS_NOTHING or p == "wayland" for p in candidates):
        return None  # headless plugins need no more; Wayland falls back to xcb by itself
    if "xcb" not in candidates:
        return None  # a platform we know nothing about: let Qt speak
    missing = [name for name in _XCB_LIBS if _loads(name) is not None]
    if missing:
        return _missing_message(missing, _XCB_LIBS, "X11")
    plugin = _xcb_plugin()
    reason = _loads(str(plugin)) if plugin is not None else None
    if reason is not None:
        found = _MISSING_RE.search(reason)
        name = found.group(1) if found else reason
        return _missing_message([name], _XCB_LIBS, "X11")
    display = env.get("DISPLAY", "").strip()
    if not display:
        return ("readinglist: Qt cannot open a window: no display (DISPLAY is not set); "
                "run it in a desktop session, over ssh -X, or under xvfb-run; "
                "every feature is also on the command line (readinglist --help)")
    if not _x_display_reachable(display):
        return (f"readinglist: Qt cannot open a window: cannot connect to the X display "
                f"{display!r}; is the desktop session running (and, over ssh, was it "
                f"started with ssh -X)? The command line works without one (readinglist --help)")
    return None
