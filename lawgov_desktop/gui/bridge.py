"""Turns the project's change notifications into a Qt signal: the GUI's one refresh path.

Every operation — a click, an undo, an import worker finishing — commits through
:class:`~lawgov_desktop.store.project.Project`, which then reports a ``Changes``; widgets
connect to :attr:`ProjectBridge.changed` and refresh only what it names.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import Changes


class ProjectBridge(QObject):
    """Owns the GUI thread's :class:`Project` and re-emits its changes as a signal."""

    changed = Signal(object)  # Changes

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        project.add_listener(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def announce(self, changes: Changes) -> None:
        """Tell widgets about changes committed elsewhere (e.g. by a worker's own connection)."""
        self.changed.emit(changes)

    def detach(self) -> None:
        self.project.remove_listener(self._on_changes)
