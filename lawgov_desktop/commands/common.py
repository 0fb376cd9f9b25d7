"""Helpers shared by the ``lawgov`` sub-commands."""

from __future__ import annotations

import json
import sys
from typing import Any


class CommandError(RuntimeError):
    """A command that cannot do what was asked; the message is shown to the user."""


def print_json(data: Any) -> None:
    """JSON for scripts: UTF-8, Chinese kept readable, one document per call."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


LANGUAGES = ("zh_CN", "en")


def cli_language() -> str:
    """The language of the command line's own lines, chosen as the app's is: ``LAWGOV_LANG``
    (``zh_CN`` / ``en``), else the language saved by the desktop app, else Chinese."""
    import os

    env = os.environ.get("LAWGOV_LANG", "").strip()
    if env:
        return "en" if env.lower().startswith("en") else "zh_CN"
    try:
        from lawgov_desktop.preferences_store import saved_language

        return saved_language()
    except Exception:  # no Qt, an unreadable settings file: the default
        return "zh_CN"


def say(zh: str, en: str) -> str:
    """One line in one language (the CLI's): never 「导出 exported …」 mixed on a line."""
    return en if cli_language() == "en" else zh
