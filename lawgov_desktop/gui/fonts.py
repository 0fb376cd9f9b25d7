"""Choosing a font that renders Simplified Chinese on any machine.

A system font is preferred (it matches the desktop and covers every rare character); the
font bundled in ``resources/fonts/`` — a GB2312 subset of Noto Sans CJK SC — is the fallback
for machines without one (minimal Linux installs, CI, locked-down PCs), where Chinese would
otherwise show as boxes.  ``LAWGOV_FORCE_BUNDLED_FONT=1`` (or ``force_bundled=True``)
simulates such a machine.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication

from lawgov_desktop.paths import resources_dir

BUNDLED_FAMILY = "LawGov Sans SC"
BUNDLED_FILE = "LawGovSansSC-Regular.otf"

#: System fonts known to render Simplified Chinese well, best first.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
    "Microsoft YaHei UI", "Microsoft YaHei", "DengXian", "PingFang SC", "Hiragino Sans GB",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Sarasa Gothic SC", "SimHei", "SimSun", "NSimSun",
    "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "AR PL UKai CN",
)

#: Characters every candidate must have: common report wording and full-width punctuation.
PROBE = "法治政府建设年度报告执法复议营商环境（一）、。，“”《》"

#: Default reading size in points, before the user's zoom steps.
READING_POINT_SIZE = 12


def force_bundled_requested() -> bool:
    return os.environ.get("LAWGOV_FORCE_BUNDLED_FONT", "").strip() not in ("", "0")


def bundled_font_path() -> Path:
    return resources_dir() / "fonts" / BUNDLED_FILE


@lru_cache(maxsize=1)
def load_bundled_font() -> str | None:
    """Register the bundled font with Qt once; returns its family, or None if it is missing."""
    path = bundled_font_path()
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def covers(family: str, text: str = PROBE) -> bool:
    """Whether ``family`` really is installed and has a glyph for every character of ``text``."""
    font = QFont(family)
    if QFontInfo(font).family() != family:
        return False  # Qt substituted another font
    raw = QRawFont.fromFont(font)  # this one font: QFontMetrics would also count fallback fonts
    return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in set(text) if not ch.isspace())


def system_cjk_family() -> str | None:
    """The best installed Simplified Chinese family (not our bundled one), or None."""
    installed = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    installed.discard(BUNDLED_FAMILY)
    for family in PREFERRED_FAMILIES:
        if family in installed and covers(family):
            return family
    for family in sorted(installed):
        if not QFontDatabase.isPrivateFamily(family) and covers(family):
            return family
    return None


@lru_cache(maxsize=2)
def choose_family(force_bundled: bool | None = None) -> str:
    """The family to use for Chinese text: a system one, else the bundled one, else Qt's default."""
    if force_bundled is None:
        force_bundled = force_bundled_requested()
    if not force_bundled:
        family = system_cjk_family()
        if family:
            return family
    return load_bundled_font() or QFont().defaultFamily()


def reading_font(point_size: float = READING_POINT_SIZE, force_bundled: bool | None = None) -> QFont:
    """The font of the document views."""
    font = QFont(choose_family(force_bundled))
    font.setPointSizeF(max(4.0, point_size))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def apply_app_font(app: QApplication, force_bundled: bool | None = None) -> str:
    """Make menus, trees and dialogs render Chinese too; returns the chosen family."""
    family = choose_family(force_bundled)
    font = QFont(app.font())
    font.setFamilies([family, *[f for f in font.families() if f != family]])
    app.setFont(font)
    return family
