"""Review-suggestions mode of the main window: dashed proposals in the panes, keys to settle them.

The mode is a checkable action (标注 > 审阅建议).  While it is on, the current pane's report
is the one walked through (:class:`~lawgov_desktop.gui.suggestion_controller.SuggestionController`),
its suggestions are drawn dashed in their category's colour, the current one is framed and
scrolled into view, and single keys settle it: Enter/A accept, Delete/R reject, N/P next and
previous.  Those keys exist only in the mode: outside it Delete deletes the annotation at the
cursor and a category may well use "A" as its key, so while the mode is on any such key of
another command is lifted and put back afterwards — a key is never bound twice, which would
make Qt ignore it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView

from lawgov_desktop.gui.suggestion_controller import SuggestionController
from lawgov_desktop.gui.suggestion_keys import install_shortcuts
from lawgov_desktop.gui.suggestions_panel import SuggestionsPanel

if TYPE_CHECKING:
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.gui.report_pane import ReportPane

PANEL_WIDTH = 420


class ReviewMode(QObject):
    """Owns the suggestion controller, its dock, the mode's action and its keys."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._evaluated = False
        self._lifted: list[tuple[QAction, list[QKeySequence]]] = []
        self.controller = SuggestionController(window.bridge, window.undo_stack, self)
        self.panel = SuggestionsPanel(self.controller, window.bridge, window)
        self.panel.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        header = self.panel.list.header()
        for col in (0, 1, 2):  # category, score, method are short: leave the width to the passage
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.panel.installEventFilter(self)  # closing the dock ends the mode

        self.action = QAction(self.tr("&Review suggestions"), window)
        self.action.setObjectName("actReviewSuggestions")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.action.setToolTip(self.tr("Walk through suggested tags: Enter/A accept, Delete/R reject, "
                                       "N/P next/previous"))
        self.action.toggled.connect(self.set_active)
        if window.project.readonly:
            self.action.setEnabled(False)
        window.addAction(self.action)

        self.shortcuts: list[QShortcut] = install_shortcuts(self.controller, window.reading)
        for sc in self.shortcuts:
            sc.setEnabled(False)

        self.controller.suggestionsReady.connect(self._draw)
        self.controller.currentChanged.connect(self._on_current)
        self.controller.failed.connect(window.show_message)
        window.reading.currentChanged.connect(self._on_pane)
        window.reading.paneCreated.connect(self._on_new_pane)

    # -- the mode ------------------------------------------------------------------------
    def set_active(self, on: bool) -> None:
        """Turn the mode on or off (the action follows)."""
        if on == self.active:
            return
        self.active = on
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        for sc in self.shortcuts:
            sc.setEnabled(on)
        if on:
            self._lift_keys()
            self.panel.show()
            self.panel.raise_()
            if not self._evaluated:  # first time: wide enough to read the passages
                self.window.resizeDocks([self.panel], [PANEL_WIDTH], Qt.Orientation.Horizontal)
            pane = self.window.current_pane()
            self.controller.set_report(pane.report_id if pane is not None else None)
            for p in self.window.reading.panes():
                self._draw(p.report_id)
            self._on_current(*self._current_tuple())
            if not self._evaluated:
                self._evaluated = True
                self.controller.request_evaluation()
            self.window.show_message(self.tr("Reviewing suggestions: Enter or A accepts, Delete or R rejects, "
                                             "N and P move on and back."))
        else:
            self._put_keys_back()
            self.controller.set_report(None)
            for p in self.window.reading.panes():
                p.view.set_suggestions([])
                p.view.set_focus_span(None)
            self.panel.hide()

    def _current_tuple(self) -> tuple[int, int, int]:
        cur = self.controller.current()
        if cur is None:
            return -1, -1, -1
        return cur.report_id, cur.start, cur.end

    def review_keys(self) -> set[str]:
        """The mode's keys, as portable strings."""
        return {sc.key().toString() for sc in self.shortcuts}

    def _lift_keys(self) -> None:
        """Take the mode's keys away from other commands of the reading area while it is on."""
        self._put_keys_back()
        keys = self.review_keys()
        candidates = [self.window.act_delete_ann, *self.window.category_actions.actions.values()]
        for act in candidates:
            old = act.shortcuts()
            kept = [k for k in old if k.toString() not in keys]
            if len(kept) != len(old):
                self._lifted.append((act, old))
                act.setShortcuts(kept)

    def _put_keys_back(self) -> None:
        for act, keys in self._lifted:
            try:
                act.setShortcuts(keys)
            except RuntimeError:
                pass  # a category action rebuilt meanwhile: the new one has its key already
        self._lifted = []

    # -- drawing -------------------------------------------------------------------------
    def _draw(self, report_id: int) -> None:
        if not self.active:
            return
        spans = [(s, e, cid) for s, e, cid, _score in self.controller.suggestions_for(report_id)]
        for pane in self.window.reading.panes():
            if pane.report_id == report_id:
                pane.view.set_suggestions(spans)

    def _on_current(self, report_id: int, start: int, end: int) -> None:
        if not self.active:
            return
        for pane in self.window.reading.panes():
            pane.view.set_focus_span(None)
        if start < 0:
            return
        pane = self.window.reading.pane_for(report_id)
        if pane is None:
            return
        cur = self.controller.current()
        color = None
        if cur is not None:
            color = next((QColor(c.color) for c in self.window.category_actions.categories
                          if c.id == cur.category_id), None)
        pane.view.set_focus_span((start, end), color)
        pane.view.select_span(start, start)  # caret only: a selection would invite tagging it twice
        pane.view.centerCursor()
        pane.sync_to_scroll()

    def _on_pane(self, pane: ReportPane | None) -> None:
        if self.active:
            self.controller.set_report(pane.report_id if pane is not None else None)

    def _on_new_pane(self, pane: ReportPane) -> None:
        if self.active and self.controller.has_suggestions(pane.report_id):
            self._draw(pane.report_id)

    def categories_rebuilt(self) -> None:
        """The window rebuilt the category actions, with their keys: lift clashing ones again."""
        if self.active:
            self._lift_keys()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.panel and event.type() == QEvent.Type.Close and self.active:
            self.set_active(False)
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        """Stop background work (the window is closing)."""
        self.controller.shutdown()


__all__ = ["ReviewMode"]
