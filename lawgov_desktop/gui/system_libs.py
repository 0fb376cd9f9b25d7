"""Before Qt starts on Linux: are the system libraries its X11 (xcb) plugin needs there?

The PySide6 wheel carries Qt itself but not the small X11 helper libraries, and a bare
Debian/Ubuntu install lacks some of them (``libxcb-cursor0`` first of all).  Qt then prints a
long plugin message and aborts the process with a core dump.  Checked here first, with the
dynamic loader, the user instead gets one line naming the packages to install.

Nothing here imports Qt: this runs before the platform plugin is loaded.
"""

from __future__ import annotations

import os
import sys

#: Libraries the xcb platform plugin links against that a desktop may lack, with the
#: Debian/Ubuntu package providing each (read off ``ldd libqxcb.so`` of PySide6 6.11).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
}


def uses_xcb(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will pick its X11 plugin: Linux, a display, and no other platform asked for."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if chosen:
        return chosen == "xcb"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return True


def missing_packages(libraries: dict[str, str] | None = None) -> list[str]:
    """Debian packages of the libraries the dynamic loader cannot find, in table order."""
    import ctypes  # only where Qt's X11 plugin is about to load

    missing: list[str] = []
    for soname, package in (libraries or XCB_LIBRARIES).items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            if package not in missing:
                missing.append(package)
    return missing


def startup_problem(environ: dict[str, str] | None = None) -> str:
    """One line saying what to install or set before the window can open; "" when all is well."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env):
        return ""
    if not env.get("DISPLAY"):
        return ("没有可用的图形显示（DISPLAY 未设置），无法打开窗口；命令行工具 lawgov 仍可使用。"
                " (no graphical display: DISPLAY is not set; the lawgov command line still works)")
    missing = missing_packages()
    if not missing:
        return ""
    packages = " ".join(missing)
    return (f"缺少 Qt 所需的系统库，请先安装：sudo apt install {packages}"
            f" (Qt needs these system packages: sudo apt install {packages})")


__all__ = ["XCB_LIBRARIES", "missing_packages", "startup_problem", "uses_xcb"]
