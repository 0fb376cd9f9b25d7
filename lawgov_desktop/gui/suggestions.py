"""Tag suggestions in the GUI: computed off the GUI thread, walked through, accepted or rejected.

:class:`SuggestionController` owns the suggestions of the reports the reader asks about.
Computing them needs jieba (which may still be loading) and perhaps training the ranker, so
it runs as a :class:`~lawgov_desktop.gui.workers.BackgroundTask` with its own
:class:`Project` connection; results come back on the GUI thread.  Accepting pushes one undo step that creates a normal annotation and records
the verdict; rejecting pushes one that records the verdict, so the span is not proposed
again.  The main window draws the suggestions (dashed) and wires the keys; the small
:class:`SuggestionsPanel` lists them and shows how well the ranker does on held-out tags.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.suggest import MIN_CONFIRMED, Evaluation, Suggestion
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.undo import OperationCommand
from lawgov_desktop.gui.workers import PROJECT_ERRORS, BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import Changes


class AcceptSuggestionCommand(OperationCommand):
    """Accept a suggestion: a normal annotation plus an "accepted" verdict, one operation."""

    def __init__(self, project: Project, suggestion: Suggestion, text: str) -> None:
        super().__init__(project, text)
        self.suggestion = suggestion
        self.ids: list[int] = []
        self.feedback_id: int | None = None

    def perform(self) -> None:
        s = self.suggestion
        aid, self.feedback_id = self.project.accept_suggestion(s.report_id, s.start, s.end, s.category_id)
        self.ids = [aid]


class RejectSuggestionCommand(OperationCommand):
    """Reject a suggestion: it is not proposed again and teaches the ranker a negative."""

    def __init__(self, project: Project, suggestion: Suggestion, text: str) -> None:
        super().__init__(project, text)
        self.suggestion = suggestion
        self.feedback_id: int | None = None

    def perform(self) -> None:
        s = self.suggestion
        self.feedback_id = self.project.reject_suggestion(s.report_id, s.start, s.end, s.category_id)


#: What may go wrong computing suggestions that is not a bug: the project file, a report
#: deleted meanwhile, a category without enough tags.  Said in the status bar.
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

        def work(_context: TaskContext) -> list[Suggestion]:
            _ensure_segmenter()
            with open_project(path, readonly=True) as project:
                return project.suggestions([report_id])

        task = self._start(work)
        task.finished.connect(lambda result: self._on_computed(report_id, gen, result))
        task.failed.connect(lambda message: self._on_compute_failed(report_id, gen, message))

    def _start(self, work: Callable[[TaskContext], object]) -> BackgroundTask:
        """Run ``work`` as a task of this controller (the busy count covers it until it ends)."""
        task = BackgroundTask(work, expected=SUGGESTION_ERRORS)
        task.ended.connect(lambda: self._finished(task))
        self._set_busy(+1)
        self._jobs.add(task)
        return task.start()

    def _finished(self, task: BackgroundTask) -> None:
        """A task ended (with a result, an error or a crash): forget it, lower the busy count."""
        self._jobs.discard(task)
        self._set_busy(-1)

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
        """Measure each category's ranker on held-out annotations (emits ``evaluationReady``)."""
        if not self._closed:
            path = Path(self.project.path)

            def work(_context: TaskContext) -> object:
                _ensure_segmenter()
                with open_project(path, readonly=True) as project:
                    return project.ranker_evaluation()

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
        """Take no more work and wait for running jobs; call when the window closes."""
        self._closed = True
        self._refresh.stop()
        for task in list(self._jobs):
            task.discard()  # not started yet: never runs
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
        name = self.project.category(cur.category_id).name
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


def install_shortcuts(controller: SuggestionController, widget: QWidget) -> list[QShortcut]:
    """Keys for walking suggestions while ``widget`` (e.g. a report pane) has focus:
    Enter/A accept, Delete/R reject, N next, P previous."""
    spec = [("Return", controller.accept_current), ("Enter", controller.accept_current),
            ("A", controller.accept_current), ("Delete", controller.reject_current),
            ("R", controller.reject_current), ("N", controller.next), ("P", controller.previous)]
    shortcuts = []
    for key, fn in spec:
        sc = QShortcut(QKeySequence(key), widget)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(fn)
        shortcuts.append(sc)
    return shortcuts


class SuggestionsPanel(QDockWidget):
    """Dock listing the current report's suggestions, with the ranker's held-out quality."""

    def __init__(self, controller: SuggestionController, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsDock")
        self.setWindowTitle(self.tr("Suggestions"))
        self.controller, self.bridge = controller, bridge
        body = QWidget(self)
        self.header = QLabel(self.tr("Open a report to see suggestions."), body)
        self.header.setWordWrap(True)
        self.list = QTreeWidget(body)
        self.list.setHeaderLabels([self.tr("Category"), self.tr("Score"), self.tr("Method"), self.tr("Passage")])
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.prev_button = QPushButton(self.tr("Previous"), body)
        self.next_button = QPushButton(self.tr("Next"), body)
        self.accept_button = QPushButton(self.tr("Accept"), body)
        self.reject_button = QPushButton(self.tr("Reject"), body)
        self.accept_button.setToolTip(self.tr("Tag the passage (Enter or A)"))
        self.reject_button.setToolTip(self.tr("Do not suggest it again (Delete or R)"))
        self.prev_button.setToolTip(self.tr("Previous suggestion (P)"))
        self.next_button.setToolTip(self.tr("Next suggestion (N)"))
        self.quality_title = QLabel(self.tr("Model precision / recall on held-out annotations"), body)
        self.quality = QLabel(body)
        self.quality.setWordWrap(True)
        self.evaluate_button = QPushButton(self.tr("Measure"), body)
        buttons = QHBoxLayout()
        for b in (self.prev_button, self.next_button, self.accept_button, self.reject_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(body)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.quality_title)
        layout.addWidget(self.quality)
        layout.addWidget(self.evaluate_button)
        self.setWidget(body)

        self.prev_button.clicked.connect(controller.previous)
        self.next_button.clicked.connect(controller.next)
        self.accept_button.clicked.connect(controller.accept_current)
        self.reject_button.clicked.connect(controller.reject_current)
        self.evaluate_button.clicked.connect(controller.request_evaluation)
        self.list.currentItemChanged.connect(self._on_row)
        controller.suggestionsReady.connect(self._on_ready)
        controller.currentChanged.connect(self._on_current)
        controller.evaluationReady.connect(self.show_evaluation)
        controller.busyChanged.connect(self._on_busy)
        self._filling = False
        install_shortcuts(controller, self.list)

    def _on_ready(self, report_id: int) -> None:
        if report_id == self.controller.report_id:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the controller's current report."""
        rid = self.controller.report_id
        self._filling = True
        self.list.clear()
        if rid is None:
            self.header.setText(self.tr("Open a report to see suggestions."))
        else:
            project = self.bridge.project
            text = project.report_text(rid)
            names = {c.id: c.name for c in project.categories()}
            items = self.controller.suggestion_objects(rid)
            for s in items:
                row = QTreeWidgetItem([names.get(s.category_id, "?"), f"{s.score:.2f}",
                                       self.tr("learned") if s.method == "learned" else self.tr("keywords"),
                                       text[s.start:s.end].replace("\n", " ")])
                row.setToolTip(3, text[s.start:s.end])
                self.list.addTopLevelItem(row)
            self.header.setText(self.tr("{n} suggestions in #{id} {title}").format(
                n=len(items), id=rid, title=project.report(rid).title))
            if 0 <= self.controller.index < self.list.topLevelItemCount():
                self.list.setCurrentItem(self.list.topLevelItem(self.controller.index))
        self._filling = False

    def _on_current(self, report_id: int, _start: int, _end: int) -> None:
        if report_id != self.controller.report_id or self.list.topLevelItemCount() == 0:
            self.refresh()
            return
        i = self.controller.index
        if 0 <= i < self.list.topLevelItemCount() and self.list.indexOfTopLevelItem(self.list.currentItem()) != i:
            self._filling = True
            self.list.setCurrentItem(self.list.topLevelItem(i))
            self._filling = False

    def _on_row(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if not self._filling and item is not None:
            self.controller.set_current(self.list.indexOfTopLevelItem(item))

    def _on_busy(self, busy: bool) -> None:
        self.evaluate_button.setEnabled(not busy)
        if busy and self.controller.report_id is not None and not self.controller.has_suggestions(
                self.controller.report_id):
            self.header.setText(self.tr("Computing suggestions… (the word dictionary may still be loading)"))

    def show_evaluation(self, result: object) -> None:
        """Show held-out precision/recall per category (or why there is none yet)."""
        if not isinstance(result, dict) or "error" in result:
            self.quality.setText(str(result.get("error")) if isinstance(result, dict) else "")
            return
        names = {c.id: c.name for c in self.bridge.project.categories()}
        lines = []
        for cid, ev in result.items():
            name = names.get(cid, "?")
            if not isinstance(ev, Evaluation):
                lines.append(self.tr("{name}: keyword rules (learning starts at {n} confirmed annotations)").format(
                    name=name, n=MIN_CONFIRMED))
                continue
            lines.append(self.tr("{name}: model P {p:.0%} / R {r:.0%} · keywords P {kp:.0%} / R {kr:.0%}").format(
                name=name, p=ev.learned.precision, r=ev.learned.recall,
                kp=ev.keywords.precision, kr=ev.keywords.recall))
        self.quality.setText("\n".join(lines))


__all__ = ["AcceptSuggestionCommand", "RejectSuggestionCommand", "SuggestionController", "SuggestionsPanel",
           "install_shortcuts"]
