"""Sub-commands of ``lawgov``: each module has ``register(subparsers)`` and handlers that
call the core, store and exporters (never SQL of their own)."""

from __future__ import annotations

from lawgov_desktop.commands import anchors, bench, exchange, history, library, reading, safety, team
from lawgov_desktop.commands.common import CommandError, print_json

#: Every module here registers its sub-commands on the ``lawgov`` parser, in this order.
COMMAND_MODULES = [library, exchange, safety, anchors, reading, team, history, bench]

__all__ = ["COMMAND_MODULES", "CommandError", "print_json"]
