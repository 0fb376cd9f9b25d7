"""The window's Undo and Redo: the project's own history, not a stack kept by the window.

Every change is a project operation that records its undo step in the project file (see
:mod:`lawgov_desktop.store.history`), so the Edit menu undoes whatever was done last — in
this window, by ``lawgov annotate`` in a terminal, or before the app was last closed — and
``lawgov undo`` can take back a tag made here.  :class:`HistoryStack` keeps the part of
``QUndoStack``'s interface the widgets use (``push``, macros, undo/redo actions, counts), so
each widget still pushes a command; the command only runs its operation, inside one outer
operation so that whatever it writes becomes exactly one step.

The window also learns of changes made by another process here: :class:`HistoryStack`
polls ``PRAGMA data_version`` and, when another connection committed, has the bridge
announce a broad ``Changes`` so the panes, lists and the Undo action refresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QUndoCommand

from lawgov_desktop.gui.bilingual import shown, ui_is_chinese, window_language
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.messages import in_language
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.history import Fingerprints, fingerprints, label_part
from lawgov_desktop.store.records import Changes

#: how often the window looks for commits of other processes, in milliseconds
POLL_MS = 1000


def _english() -> bool:
    return not ui_is_chinese()


class HistoryStack(QObject):
    """Undo/redo over the project's history, with the ``QUndoStack`` calls widgets make."""

    indexChanged = Signal(int)
    canUndoChanged = Signal(bool)
    canRedoChanged = Signal(bool)
    failed = Signal(str)  # an undo or redo the project refused, with the reason

    def __init__(self, bridge: ProjectBridge, parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project = bridge.project
        self.last_command: QUndoCommand | None = None  # what the last push ran (its ids…)
        self._macro: contextlib.ExitStack | None = None
        self._actions: list[tuple[QAction, str, bool]] = []
        self._seen = self._data_version()
        self._prints: Fingerprints | None = None  # taken at the timer's first quiet tick
        self._stale = False  # this window changed the project since: take them again at a quiet tick
        self._refreshes = 0  # how many times _refresh ran (push refreshes only if no notice did)
        bridge.changed.connect(lambda _changes: self._refresh())
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check_other_writers)
        if poll_ms > 0:
            self._timer.start()

    # -- pushing ---------------------------------------------------------------------------
    def push(self, cmd: QUndoCommand) -> None:
        """Run a command's operation as one step of the project's history (or as part of the
        open macro).  An error leaves nothing behind and is raised to the caller."""
        refreshes = self._refreshes
        with self._step(cmd.text()):
            cmd.redo()
        self.last_command = cmd
        if self._refreshes == refreshes:  # no change was announced after the commit (or a macro is open)
            self._refresh()

    def push_all(self, cmds: Sequence[QUndoCommand], text: str = "") -> None:
        """Several commands as one step, all or nothing."""
        with self._step(text or cmds[0].text()):
            for cmd in cmds:
                cmd.redo()
        if cmds:
            self.last_command = cmds[-1]
        self._refresh()

    def _step(self, text: str) -> contextlib.AbstractContextManager[None]:
        if self._macro is not None:
            return contextlib.nullcontext()
        return self.project.operation(None, self._label(text), fallback=("change", text), keep_empty=True)

    @staticmethod
    def _label(text: str) -> object:
        """The window's words for a step, marked with the window's language: a reader of the
        other language (``lawgov history``, the window after a language change) sees the
        library's own label of the step instead."""
        return in_language(text, window_language()) if text else None

    def beginMacro(self, text: str) -> None:  # noqa: N802 - QUndoStack's name
        """Open one step that the following pushes join (closed by :meth:`endMacro`)."""
        if self._macro is not None:
            return
        macro = contextlib.ExitStack()
        macro.enter_context(self.project.operation(None, self._label(text), fallback=("change", text), keep_empty=True))
        self._macro = macro

    def endMacro(self) -> None:  # noqa: N802
        macro, self._macro = self._macro, None
        if macro is not None:
            macro.close()
        self._refresh()

    # -- undo and redo ---------------------------------------------------------------------
    def undo(self) -> bool:
        return self._apply(undo=True)

    def redo(self) -> bool:
        return self._apply(undo=False)

    def _apply(self, *, undo: bool) -> bool:
        try:
            self.project.undo() if undo else self.project.redo()
        except ProjectError as exc:
            self.failed.emit(shown(exc))
            self._refresh()
            return False
        self._seen = self._data_version()
        self._refresh()
        return True

    def clear(self) -> None:
        """Forget the steps (after the texts they refer to were replaced)."""
        self.project.clear_history()
        self._refresh()

    # -- what QUndoStack answers ---------------------------------------------------------------
    def index(self) -> int:
        return self.project.history_counts()[0]

    def count(self) -> int:
        done, undone = self.project.history_counts()
        return done + undone

    def canUndo(self) -> bool:  # noqa: N802
        return self.project.undo_label() is not None

    def canRedo(self) -> bool:  # noqa: N802
        return self.project.redo_label() is not None

    def undoText(self) -> str:  # noqa: N802
        return self._label_text(self.project.undo_label())

    def redoText(self) -> str:  # noqa: N802
        return self._label_text(self.project.redo_label())

    @staticmethod
    def _label_text(label: str | None) -> str:
        """A step's stored label as the actions show it."""
        return label_part(label or "", _english())

    def createUndoAction(self, parent: QObject, prefix: str = "") -> QAction:  # noqa: N802
        return self._action(parent, prefix, undo=True)

    def createRedoAction(self, parent: QObject, prefix: str = "") -> QAction:  # noqa: N802
        return self._action(parent, prefix, undo=False)

    def _action(self, parent: QObject, prefix: str, *, undo: bool) -> QAction:
        act = QAction(prefix, parent)
        act.triggered.connect(self.undo if undo else self.redo)
        self._actions.append((act, prefix, undo))
        act.destroyed.connect(lambda *_a, a=act: self._forget(a))
        self._update_action(act, prefix, undo)
        return act

    def _forget(self, act: QAction) -> None:
        self._actions = [entry for entry in self._actions if entry[0] is not act]

    def _update_action(self, act: QAction, prefix: str, undo: bool, label: str | None = None) -> None:
        if label is None:
            label = self.undoText() if undo else self.redoText()
        act.setEnabled(bool(label) and not self.project.readonly)
        act.setText(f"{prefix} {label}".strip() if label else prefix)

    def _refresh(self) -> None:
        """Bring the actions and signals up to date with the history in the file (each of the
        next undo, the next redo and the count read once)."""
        self._refreshes += 1
        self._stale = True
        try:
            undo, redo = self.project.undo_label(), self.project.redo_label()
            done = self.index()
            texts = {True: self._label_text(undo), False: self._label_text(redo)}
            for act, prefix, is_undo in list(self._actions):
                self._update_action(act, prefix, is_undo, texts[is_undo])
            self.canUndoChanged.emit(undo is not None)
            self.canRedoChanged.emit(redo is not None)
        except Exception:  # noqa: BLE001 - a closed project: nothing to show
            return
        self.indexChanged.emit(done)

    # -- other writers ---------------------------------------------------------------------
    def _data_version(self) -> int:
        try:
            return self.project.data_version()
        except Exception:  # noqa: BLE001 - closed
            return -1

    def check_other_writers(self) -> bool:
        """Announce a change when another process committed since the last look; True then.

        What changed is told from fingerprints of the texts, annotations and categories, so
        a tag made in a terminal refreshes that report's highlights and nothing else.  They are
        first taken at the first quiet tick of the timer, not at start-up; a change before that
        refreshes every part.  They are taken again at a quiet tick after this window's own
        changes (a row per report: ~2 ms), so another process's next change is not mistaken for
        them — kept only if no other connection committed meanwhile.
        """
        seen = self._data_version()
        if seen == -1:
            return False
        if seen == self._seen:
            if (self._prints is None or self._stale) and self._timer.isActive():  # a quiet moment
                prints = fingerprints(self.project)
                if self._data_version() == seen:  # nothing else committed while they were read
                    self._prints, self._stale = prints, False
            return False
        self._seen = seen
        now = fingerprints(self.project)
        if self._prints is None:
            changes: Changes | None = Changes("external", reports=True, categories=True,
                                              annotations=set(now.texts))
        else:
            changes = now.changes_since(self._prints)
        self._prints = now
        if changes is None:  # another connection of this process, already announced
            self._refresh()
            return False
        self.bridge.announce(changes)
        return True
