"""The suggestions of the reports the reader asks about: computed off the GUI thread, walked
through, accepted or rejected.

Computing them needs jieba (which may still be loading) and perhaps training the ranker, so
it runs as a :class:`~lawgov_desktop.gui.workers.BackgroundTask` with its own
:class:`~lawgov_desktop.store.project.Project` connection; results come back on the GUI
thread.  A newer request for a report cancels the older one, closing the window cancels
them all (the work stops at its next checkpoint), and the held-out evaluation waits until no
suggestions are being computed: it never delays the list the reader is waiting for.  Accepting or rejecting pushes one undo step (:mod:`.suggestion_commands`).  A
change to the annotations or categories recomputes the suggestions it touched, a moment
later, so a burst of changes costs one computation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.suggestion_commands import AcceptSuggestionCommand, RejectSuggestionCommand
from lawgov_desktop.gui.workers import PROJECT_ERRORS, BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    from lawgov_desktop.core.suggest import Suggestion

# What may go wrong computing suggestions that is not a bug: the project file, a report
# deleted meanwhile, a category without enough tags.  Said in the status bar.
SUGGESTION_ERRORS: tuple[type[BaseException], ...] = (*PROJECT_ERRORS, LookupError, ValueError)


def _ensure_segmenter() -> None:
    """Wait here, off the GUI thread, while jieba loads."""
    from lawgov_desktop.core.segment import get_segmenter

    get_segmenter().ensure_loaded()


class SuggestionController(QObject):
    """Suggestions per report, a current one to walk through, accept and reject."""

    suggestionsReady = Signal(int)  # report_id: suggestions_for(report_id) changed
    currentChanged = Signal(int, int, int)  # report_id, start, end of the current suggestion (-1s: none)
    evaluationReady = Signal(object)  # dict[category_id, Evaluation | None]
    busyChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack = bridge, undo_stack
        self.project = bridge.project
        self._jobs: set[BackgroundTask] = set()
        self._computing: dict[int, BackgroundTask] = {}  # report_id -> its newest suggestion task
        self._evaluation_wanted = False
        self._closed = False
        self._pending = 0
        self._generation: dict[int, int] = {}
        self._items: dict[int, list[Suggestion]] = {}
        self._report: int | None = None
        self._index = -1
        self._stale: set[int] = set()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(300)
        self._refresh.timeout.connect(self._refresh_stale)
        bridge.changed.connect(self._on_changes)

    # -- computing -----------------------------------------------------------------------
    def request(self, report_id: int) -> None:
        """(Re)compute the suggestions of a report in the background."""
        if self._closed:
            return
        gen = self._generation.get(report_id, 0) + 1
        self._generation[report_id] = gen
        path = Path(self.project.path)

        def work(context: TaskContext) -> list[Suggestion]:
            _ensure_segmenter()
            with open_project(path, readonly=True) as project:
                return project.suggestions.list([report_id], should_stop=context.cancel_requested)

        older = self._computing.get(report_id)
        if older is not None:
            older.cancel()  # its result would be dropped anyway
        task = self._start(work)
        self._computing[report_id] = task
        task.finished.connect(lambda result: self._on_computed(report_id, gen, result))
        task.failed.connect(lambda message: self._on_compute_failed(report_id, gen, message))

    def _start(self, work: Callable[[TaskContext], object]) -> BackgroundTask:
        """Run ``work`` as a task of this controller (the busy count covers it until it ends)."""
        from lawgov_desktop.core.suggest import SuggestionsCancelled  # the ranker loads when first asked for

        task = BackgroundTask(work, expected=SUGGESTION_ERRORS, cancelled_by=(SuggestionsCancelled,))
        task.ended.connect(lambda: self._finished(task))
        self._set_busy(+1)
        self._jobs.add(task)
        return task.start()

    def _finished(self, task: BackgroundTask) -> None:
        """A task ended (with a result, an error or a crash): forget it, lower the busy count."""
        self._jobs.discard(task)
        for rid, t in list(self._computing.items()):
            if t is task:
                del self._computing[rid]
        self._set_busy(-1)
        if self._evaluation_wanted and not self._computing:
            self.request_evaluation()

    def _on_compute_failed(self, report_id: int, gen: int, message: str) -> None:
        if gen == self._generation.get(report_id):  # else a newer request is on its way
            self.failed.emit(message)

    def _on_computed(self, report_id: int, gen: int, result: list[Suggestion]) -> None:
        if gen != self._generation.get(report_id):
            return  # a newer request is on its way
        old = self.current() if report_id == self._report else None
        self._items[report_id] = result
        if report_id == self._report:
            self._index = self._index_near(result, old)
        self.suggestionsReady.emit(report_id)
        if report_id == self._report:
            self._emit_current()

    @staticmethod
    def _index_near(items: list[Suggestion], old: Suggestion | None) -> int:
        if not items:
            return -1
        if old is None:
            return 0
        for i, s in enumerate(items):
            if (s.start, s.end, s.category_id) == (old.start, old.end, old.category_id):
                return i
        for i, s in enumerate(items):
            if s.start >= old.start:
                return i
        return len(items) - 1

    def request_evaluation(self) -> None:
        """Measure each category's ranker on held-out annotations (emits ``evaluationReady``),
        once no suggestions are being computed."""
        self._evaluation_wanted = bool(self._computing)
        if not self._closed and not self._computing:
            path = Path(self.project.path)

            def work(context: TaskContext) -> object:
                _ensure_segmenter()
                with open_project(path, readonly=True) as project:
                    return project.suggestions.ranker_evaluation(should_stop=context.cancel_requested)

            task = self._start(work)
            task.finished.connect(self.evaluationReady.emit)
            task.failed.connect(lambda message: self.evaluationReady.emit({"error": message}))

    def _set_busy(self, delta: int) -> None:
        before = self._pending > 0
        self._pending = max(0, self._pending + delta)
        if (self._pending > 0) != before:
            self.busyChanged.emit(self._pending > 0)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self, wait_ms: int = 20_000) -> None:
        """Take no more work, stop running jobs and wait for them; call when the window closes."""
        self._closed = True
        self._evaluation_wanted = False
        self._refresh.stop()
        for task in list(self._jobs):
            if not task.discard():  # not started yet: never runs
                task.cancel()  # running: stops at its next checkpoint
        QThreadPool.globalInstance().waitForDone(wait_ms)

    # -- reading -------------------------------------------------------------------------
    def suggestions_for(self, report_id: int) -> list[tuple[int, int, int, float]]:
        """(start, end, category_id, score) of a report's suggestions, in document order."""
        return [(s.start, s.end, s.category_id, s.score) for s in self._items.get(report_id, [])]

    def suggestion_objects(self, report_id: int) -> list[Suggestion]:
        return list(self._items.get(report_id, []))

    def has_suggestions(self, report_id: int) -> bool:
        return report_id in self._items

    # -- navigation ----------------------------------------------------------------------
    def set_report(self, report_id: int | None) -> None:
        """Make ``report_id`` the report walked through (computing its suggestions if needed)."""
        if report_id == self._report:
            return
        self._report = report_id
        self._index = 0 if report_id is not None and self._items.get(report_id) else -1
        if report_id is not None and report_id not in self._items:
            self.request(report_id)
        self._emit_current()

    @property
    def report_id(self) -> int | None:
        return self._report

    @property
    def index(self) -> int:
        return self._index

    def current(self) -> Suggestion | None:
        items = self._items.get(self._report, []) if self._report is not None else []
        return items[self._index] if 0 <= self._index < len(items) else None

    def set_current(self, index: int) -> None:
        items = self._items.get(self._report, []) if self._report is not None else []
        if 0 <= index < len(items):
            self._index = index
            self._emit_current()

    def next(self) -> Suggestion | None:
        """Move to the next suggestion (stays on the last one); returns it."""
        items = self._items.get(self._report, []) if self._report is not None else []
        if items:
            self._index = min(len(items) - 1, self._index + 1)
            self._emit_current()
        return self.current()

    def previous(self) -> Suggestion | None:
        items = self._items.get(self._report, []) if self._report is not None else []
        if items:
            self._index = max(0, self._index - 1)
            self._emit_current()
        return self.current()

    def _emit_current(self) -> None:
        cur = self.current()
        if cur is None:
            self.currentChanged.emit(self._report if self._report is not None else -1, -1, -1)
        else:
            self.currentChanged.emit(cur.report_id, cur.start, cur.end)

    # -- verdicts ------------------------------------------------------------------------
    def accept_current(self) -> bool:
        """Tag the current suggestion (one undo step) and move on; False when there is none."""
        return self._judge(accept=True)

    def reject_current(self) -> bool:
        """Reject the current suggestion (one undo step) and move on."""
        return self._judge(accept=False)

    def _judge(self, accept: bool) -> bool:
        cur = self.current()
        if cur is None or self._report is None:
            return False
        name = self.project.categories.get(cur.category_id).name
        if accept:
            cmd: QUndoCommand = AcceptSuggestionCommand(
                self.project, cur, self.tr("Accept suggestion “{name}”").format(name=name))
        else:
            cmd = RejectSuggestionCommand(self.project, cur, self.tr("Reject suggestion “{name}”").format(name=name))
        items = self._items[self._report]
        del items[self._index]  # gone at once; the recomputation after the change confirms it
        if self._index >= len(items):
            self._index = len(items) - 1
        self.undo_stack.push(cmd)
        self.suggestionsReady.emit(self._report)
        self._emit_current()
        return True

    def _on_changes(self, changes: Changes) -> None:
        touched = set(changes.annotations)
        if changes.op == "suggestion-feedback" or changes.categories:
            touched |= set(self._items)
        touched &= set(self._items)
        if touched:
            self._stale |= touched
            self._refresh.start()

    def _refresh_stale(self) -> None:
        stale, self._stale = self._stale, set()
        for rid in sorted(stale):
            self.request(rid)
