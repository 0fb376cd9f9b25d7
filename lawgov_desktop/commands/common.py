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
