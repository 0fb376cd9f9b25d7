"""The suggestions dock: the current report's suggestions as a list to walk, with buttons to
accept or reject, and how well each category's ranker does on held-out annotations.

A report may have thousands of suggestions (a 1 MB report has seven thousand): the list is
filled :data:`ROWS_PER_TURN` rows at a time, one batch per turn of the event loop, so the
first rows show at once and the window keeps answering while the rest are added."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
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

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.suggestion_controller import SuggestionController
from lawgov_desktop.gui.suggestion_keys import install_shortcuts

if TYPE_CHECKING:
    from lawgov_desktop.core.suggest import Suggestion

#: Rows added to the list per turn of the event loop.
ROWS_PER_TURN = 400


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
        self._pending: tuple[str, dict[int, str], list[Suggestion]] | None = None  # rows still to add
        self._added = 0
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_rows)
        install_shortcuts(controller, self.list)

    def _on_ready(self, report_id: int) -> None:
        if report_id == self.controller.report_id:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the controller's current report."""
        rid = self.controller.report_id
        self._more.stop()
        self._pending, self._added = None, 0
        self._filling = True
        self.list.clear()
        self._filling = False
        if rid is None:
            self.header.setText(self.tr("Open a report to see suggestions."))
            return
        project = self.bridge.project
        items = self.controller.suggestion_objects(rid)
        self.header.setText(self.tr("{n} suggestions in #{id} {title}").format(
            n=len(items), id=rid, title=project.reports.get(rid).title))
        self._pending = (project.reports.text(rid), {c.id: c.name for c in project.categories.list()}, items)
        self._add_rows()  # the first rows now, the others on the next turns of the event loop

    @property
    def filling(self) -> bool:
        """Rows are still being added to the list."""
        return self._pending is not None

    def _add_rows(self) -> None:
        if self._pending is None:
            return
        text, names, items = self._pending
        first = self._added
        learned, keywords = self.tr("learned"), self.tr("keywords")
        rows = []
        for s in items[first:first + ROWS_PER_TURN]:
            passage = text[s.start:s.end]
            row = QTreeWidgetItem([names.get(s.category_id, "?"), f"{s.score:.2f}",
                                   learned if s.method == "learned" else keywords, passage.replace("\n", " ")])
            row.setToolTip(3, passage)
            rows.append(row)
        self._filling = True
        self.list.addTopLevelItems(rows)
        self._added = first + len(rows)
        if first <= self.controller.index < self._added:
            self.list.setCurrentItem(self.list.topLevelItem(self.controller.index))
        self._filling = False
        if self._added < len(items):
            self._more.start()
        else:
            self._pending = None

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
        from lawgov_desktop.core.suggest import MIN_CONFIRMED, Evaluation  # loaded with the first suggestions

        if not isinstance(result, dict) or "error" in result:
            self.quality.setText(str(result.get("error")) if isinstance(result, dict) else "")
            return
        names = {c.id: c.name for c in self.bridge.project.categories.list()}
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
