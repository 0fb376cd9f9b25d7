"""What every service of a :class:`~lawgov_desktop.store.project.Project` stands on.

A service (``project.reports``, ``project.annotations`` …) is a small object made once per
project, on first use.  It owns no state of the file: it reaches the database only through
its project's core — the connection (:attr:`Service.conn`), a write transaction
(:meth:`Service._write`), an undoable operation (:meth:`Service._operation`) and the change
notification (:meth:`Service._notify`) — so every change, whichever service makes it, commits,
enters the undo history and is announced the same way.

A service that needs another asks the project for it (``self._project.reports.text(rid)``):
the dependency is spelt out at the call, and the other service is made then if it was not yet.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project
    from lawgov_desktop.store.records import Changes


class Service:
    """Base of the project's services: a narrow door to the project core."""

    def __init__(self, project: Project) -> None:
        self._project = project

    @property
    def conn(self) -> sqlite3.Connection:
        """The project's connection (read each time: a test may put a wrapper in its place)."""
        return self._project.conn

    @property
    def path(self) -> Path:
        return self._project.path

    @property
    def readonly(self) -> bool:
        return self._project.readonly

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A write transaction of the project (refused when it is open read-only); no undo step."""
        return self._project._write()

    def _operation(self, *args: Any, **kwargs: Any) -> contextlib.AbstractContextManager[None]:
        """One undoable step of the project: :meth:`~lawgov_desktop.store.project.Project.operation`
        with the same arguments."""
        return self._project.operation(*args, **kwargs)

    def _notify(self, changes: Changes) -> None:
        """Tell the project's listeners (held until the running operation commits)."""
        self._project._notify(changes)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._project.path}>"


__all__ = ["Service"]
