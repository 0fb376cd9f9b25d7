"""App start-up: one window edits a project; a second one is told so and offered read-only viewing.

Call :func:`acquire_or_ask` before opening the project::

    mode = acquire_or_ask(path, None)          # "write" | "readonly" | "cancel"
    if mode == "cancel":
        return 0
    project = open_project(path, readonly=(mode == "readonly"))
    if mode == "write":
        project.backups.on_open()

The lock (:class:`~lawgov_desktop.store.lock.ProjectLock`) is held until :func:`release`
or the process ends; a lock left by a crashed instance on this machine is taken over
without asking.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from lawgov_desktop.store.lock import LockOwner, ProjectLock

#: Asked when another instance holds the lock; returns "readonly" or "cancel".
AskFn = Callable[[Path, LockOwner | None, QWidget | None], str]

_held: dict[Path, ProjectLock] = {}


def _tr(text: str) -> str:
    return QCoreApplication.translate("InstanceLock", text)


def ask_readonly(path: Path, owner: LockOwner | None, parent: QWidget | None) -> str:
    """The default question: open read-only, or cancel."""
    from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("Project already open"))
    who = owner.describe() if owner is not None else _tr("another LawGov window")
    box.setText(_tr("“{name}” is already open for editing in another LawGov window ({who}).")
                .format(name=path.name, who=who))
    box.setInformativeText(_tr("You can open it read-only to look things up; changes are made in the other "
                               "window. Close that window to edit here."))
    readonly = box.addButton(_tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(readonly)
    box.exec()
    return "readonly" if box.clickedButton() is readonly else "cancel"


def acquire_or_ask(path: str | Path, parent: QWidget | None = None, ask: AskFn | None = None) -> str:
    """``"write"`` when this instance now holds the project's lock; else ask the user.

    Returns ``"readonly"`` or ``"cancel"`` as the user chose, or ``"unwritable"`` without asking
    when no lock can be made at all (a missing or read-only folder: nobody else holds it, and
    nobody can write there).  Calling it again for a path this process already holds returns
    ``"write"``.
    """
    path = Path(path)
    key = path.resolve()
    if key in _held:
        return "write"
    lock = ProjectLock(path)
    try:
        acquired = lock.acquire()
    except OSError:
        # not "open elsewhere": the lock file cannot be created (no folder, no permission)
        return "unwritable"
    if acquired:
        _held[key] = lock
        return "write"
    choice = (ask or ask_readonly)(path, lock.owner, parent)
    return choice if choice in ("readonly", "cancel") else "cancel"


def release(path: str | Path) -> None:
    """Give the lock back (when the window closes or switches to another project)."""
    lock = _held.pop(Path(path).resolve(), None)
    if lock is not None:
        lock.release()


def release_all() -> None:
    for key in list(_held):
        release(key)


atexit.register(release_all)
