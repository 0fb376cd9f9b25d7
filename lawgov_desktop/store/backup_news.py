"""News of failed automatic backups, for whoever shows it.

The hourly backup runs after a commit and must never make a saved change look failed, so a
failure is told rather than raised: the command line prints it on stderr, the window shows
it in its status bar.  A module of its own, so that the window can listen from its first
paint without loading the backups' code (which runs after that paint).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger("lawgov_desktop.store.backups")

#: Told in one line when an automatic backup fails: the command line prints it on stderr, the
#: window shows it in its status bar.  Nobody listening means nobody is told, so both do.
_failure_listeners: list[Callable[[str], None]] = []


def on_backup_failure(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(message)`` whenever an automatic backup fails; returns the way to stop."""
    _failure_listeners.append(listener)

    def stop() -> None:
        if listener in _failure_listeners:
            _failure_listeners.remove(listener)

    return stop


def tell_backup_failure(message: str) -> None:
    log.warning("%s", message)
    for listener in list(_failure_listeners):
        with contextlib.suppress(Exception):  # a listener's trouble must not turn a saved change into an error
            listener(message)
