"""The main window: library and annotations docks around the reading area.

The window wires the parts together and owns what is shared between them: the undo stack
(every change is a command on it), the zoom level, the linked-panes toggle and the saved
layout.  Widgets refresh from one place, :meth:`MainWindow._on_changes`, which runs for
every committed change whatever caused it — a click, an undo, an import worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QWidget

from lawgov_desktop import APP_NAME
from lawgov_desktop.gui.actions import CategoryActions
from lawgov_desktop.gui.bilingual import shown
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.fonts import READING_POINT_SIZE, reading_font
from lawgov_desktop.gui.history import HistoryStack
from lawgov_desktop.gui.importer import ImportController
from lawgov_desktop.gui.library_panel import LibraryPanel
from lawgov_desktop.gui.menus import build_menus_and_toolbars
from lawgov_desktop.gui.preference_effects import apply_preferences
from lawgov_desktop.gui.reading_area import ReadingArea, dropped_text, local_paths
from lawgov_desktop.gui.review_mode import ReviewMode
from lawgov_desktop.gui.screen_fit import annotations_height, bring_on_screen, first_layout
from lawgov_desktop.gui.search_panel import SearchPanel
from lawgov_desktop.gui.settings import PaneState, ReadingState, UiSettings
from lawgov_desktop.gui.tagging import Tagger
from lawgov_desktop.store.backup_news import on_backup_failure
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    from lawgov_desktop.gui.report_pane import ReportPane

MIN_ZOOM, MAX_ZOOM = -6, 24


class MainWindow(QMainWindow):
    """One window over one project (through its bridge)."""

    backupFailed = Signal(object)  # noqa: N815 (Qt naming) an automatic backup failed: the one-line why

    def __init__(self, bridge: ProjectBridge, settings: UiSettings | None = None,
                 parent: QWidget | None = None, restore: bool = True) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project = bridge.project
        self.settings = settings if settings is not None else UiSettings()
        self.save_on_close = True
        self.zoom = 0
        self.text_size = READING_POINT_SIZE  # points at zoom step 0: the preference (see apply_preferences)
        self._pending_scroll: list[tuple[ReportPane, int]] = []
        self.setObjectName("mainWindow")
        title = f"{APP_NAME} — {Path(self.project.path).name}"
        self.setWindowTitle(title + (self.tr(" (read-only)") if self.project.readonly else ""))
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        # Undo/Redo act on the project's own history (shared with `lawgov undo`, kept in the file)
        self.undo_stack = HistoryStack(bridge, self)
        self.reading = ReadingArea(self.project, self)
        self.setCentralWidget(self.reading)
        self.library = LibraryPanel(self.project, self)
        self.library_dock = self._dock(self.library, self.tr("Library"), "libraryDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_panel = self._make_annotations_panel()
        self.annotations_dock = self._dock(self.annotations_panel, self.tr("Annotations"), "annotationsDock",
                                           Qt.DockWidgetArea.BottomDockWidgetArea)
        self.search_panel = SearchPanel(bridge, self.undo_stack, self)
        self.search_panel.setObjectName("searchPanel")
        self.search_dock = self._dock(self.search_panel, self.tr("Search"), "searchDock",
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        # tabbed with the library, not beside the panes: the results list reports too, and the
        # reports keep their width for reading side by side
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.library_dock.raise_()
        self.search_dock.hide()  # Ctrl+Shift+F or 编辑 > 搜索报告 brings it
        self._search_hits: dict[int, list[tuple[int, int]]] = {}
        self.resizeDocks([self.library_dock], [330], Qt.Orientation.Horizontal)
        # the annotations list takes a fifth of a small screen's height at most: on a 1366×768
        # laptop the reports keep the room to be read
        self.resizeDocks([self.annotations_dock], [annotations_height(self)], Qt.Orientation.Vertical)
        self.category_actions = CategoryActions(self.project, self, shortcut_host=self.reading)
        self.tagger = Tagger(bridge, self.undo_stack, self.category_actions, self)
        self.importer = ImportController(bridge, self)
        self.review = ReviewMode(self)
        self._shown_once = False

        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().setSizeGripEnabled(True)
        build_menus_and_toolbars(self)
        apply_preferences(self)

        self.bridge.changed.connect(self._on_changes)
        self.library.openRequested.connect(self.open_report)
        self.library.importRequested.connect(self.importer.choose_files)
        self.reading.paneCreated.connect(self._connect_pane)
        self.reading.panesChanged.connect(self._update_scope)
        self.reading.filesDropped.connect(self.import_paths)
        self.reading.textDropped.connect(self.importer.import_text)
        self.reading.message.connect(self.show_message)
        self.category_actions.triggered.connect(self.tag_selection)
        self.tagger.message.connect(self.show_message)
        # an automatic backup that fails (a full disk) is said, whichever thread committed
        self.backupFailed.connect(self.show_message, Qt.ConnectionType.QueuedConnection)
        self._stop_backup_news = on_backup_failure(self.backupFailed.emit)
        self.destroyed.connect(lambda *_a, stop=self._stop_backup_news: stop())
        self.search_panel.jumpRequested.connect(lambda rid, s, e: self.jump_to(rid, s, e, focus=False))
        self.search_panel.hitsChanged.connect(self.show_search_hits)
        self.undo_stack.indexChanged.connect(lambda *_: self._mark_saved())
        self.undo_stack.failed.connect(self._undo_refused)
        self.apply_zoom(0)
        first_layout(self)
        if restore:
            self.restore_state()
        self._update_scope()

    # -- construction helpers --------------------------------------------------------------
    def _dock(self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_annotations_panel(self) -> QWidget:
        """The annotations list (built separately); a placeholder until that module exists."""
        try:
            from lawgov_desktop.gui.annotations_panel import AnnotationsPanel
        except ImportError:
            label = QLabel(self.tr("The annotations list is not available in this build."), self)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return label
        panel = AnnotationsPanel(self.bridge, self, undo_stack=self.undo_stack, scope=[])
        panel.jumpRequested.connect(self.jump_to)
        return panel

    def _connect_pane(self, pane: ReportPane) -> None:
        pane.view.zoomRequested.connect(lambda step: self.apply_zoom(self.zoom + step))
        pane.view.annotationsClicked.connect(self._on_annotations_clicked)
        pane.view.contextMenuAboutToShow.connect(lambda menu, ids, p=pane: self._extend_menu(p, menu, ids))
        pane.view.setFont(reading_font(self.text_size + self.zoom))
        pane.view.set_search_hits(self._search_hits.get(pane.report_id, []))

    # -- reading -------------------------------------------------------------------------
    def open_report(self, report_id: int, new_pane: bool = True) -> ReportPane | None:
        return self.reading.open_report(report_id, new_pane)

    def current_pane(self) -> ReportPane | None:
        return self.reading.current_pane()

    def jump_to(self, report_id: int, start: int, end: int, focus: bool = True) -> None:
        """Show a span: open its report if needed, select, scroll and flash it.

        ``focus=False`` leaves the keyboard where it was (walking search results with the
        arrow keys must not lose the results list after the first jump).
        """
        pane = self.reading.pane_for(report_id) or self.reading.open_report(report_id, new_pane=True)
        if pane is None:
            return
        self.reading.set_current(pane)
        pane.reveal_span(start, end)
        if focus:
            pane.view.setFocus()

    def show_search_hits(self, hits: dict[int, list[tuple[int, int]]]) -> None:
        """Outline every search result in the open panes (an empty dict clears them)."""
        self._search_hits = {int(rid): list(spans) for rid, spans in hits.items()}
        for pane in self.reading.panes():
            pane.view.set_search_hits(self._search_hits.get(pane.report_id, []))

    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def select_sentence(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.view.select_sentence()

    def select_paragraph(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.view.select_paragraph()

    def current_selection(self) -> tuple[int, int, int] | None:
        """(report id, start, end) of the current pane's selection, or None."""
        pane = self.current_pane()
        span = pane.view.selection_span() if pane is not None else None
        return (pane.report_id, *span) if pane is not None and span is not None else None

    def apply_zoom(self, steps: int) -> None:
        """Set every pane's text size to the chosen size plus ``steps`` points."""
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, steps))
        for pane in self.reading.panes():
            pane.view.set_point_size(self.text_size + self.zoom)

    def set_linked(self, linked: bool) -> None:
        self.reading.set_linked(linked)
        if linked:  # linked panes align sections by content once the word dictionary is loaded
            from lawgov_desktop.core.segment import get_segmenter

            get_segmenter().ensure_loaded_async()
        if self.act_linked.isChecked() != linked:
            self.act_linked.setChecked(linked)

    def close_current_pane(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            self.reading.close_pane(pane)

    def _update_scope(self) -> None:
        """Tell the annotations list which reports are open (it offers "open" / "all" itself)."""
        panel = self.annotations_panel
        if hasattr(panel, "set_scope"):
            panel.set_scope(self.reading.report_ids())

    # -- tagging -------------------------------------------------------------------------
    def tag_selection(self, category_id: int) -> bool:
        return self.tagger.tag(self.current_pane(), category_id)

    def _on_annotations_clicked(self, ids: list[int], global_pos: QPoint) -> None:
        self.tagger.on_clicked(ids, global_pos)

    def _extend_menu(self, pane: ReportPane, menu: QMenu, ids: list[int]) -> None:
        self.reading.set_current(pane)
        qt_first = menu.actions()[0] if menu.actions() else None  # Qt's own entries (Copy, Select All)
        self.tagger.extend_context_menu(pane, menu, ids)
        menu.insertActions(qt_first, [self.act_select_sentence, self.act_select_paragraph])
        menu.insertSeparator(qt_first)

    def open_category_manager(self) -> None:
        try:
            from lawgov_desktop.gui.category_manager import CategoryManagerDialog
        except ImportError:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, self.tr("Categories"),
                                    self.tr("The category manager is not available in this build."))
            return
        dialog = CategoryManagerDialog(self.bridge, self.undo_stack, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- dialogs (imported when asked for: start-up stays light) ---------------------------
    def open_stats(self) -> QWidget:
        from lawgov_desktop.gui.stats_view import open_stats_dialog

        return open_stats_dialog(self, self.bridge)

    def open_export(self) -> None:
        from lawgov_desktop.gui.export_dialog import open_export_dialog

        open_export_dialog(self, self.bridge)

    def open_backups(self) -> QWidget:
        from lawgov_desktop.gui.backups_dialog import open_backups_dialog

        return open_backups_dialog(self, self.bridge)

    def open_attention(self) -> QWidget:
        from lawgov_desktop.gui.attention_dialog import open_attention_dialog

        return open_attention_dialog(self, self.bridge, self.undo_stack,
                                     lambda rid, s, e: self.jump_to(rid, s, e, focus=False), self.current_selection)

    # -- import --------------------------------------------------------------------------
    def import_paths(self, paths: list[Path]) -> None:
        self.importer.start([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if local_paths(event) or dropped_text(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = local_paths(event)
        text = None if paths else dropped_text(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
        elif text:
            event.acceptProposedAction()
            self.importer.import_text(*text)

    # -- changes -------------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        """The one refresh path: re-read only what the committed change names."""
        reloaded: set[ReportPane] = set()
        if changes.reports:
            existing = {r.id for r in self.project.reports.list()}
            for pane in self.reading.panes():
                if pane.report_id not in existing:
                    self.reading.close_pane(pane)
                elif pane.report_id in changes.annotations:  # a new version or a restore: new text
                    self._reload_pane(pane)
                    reloaded.add(pane)
        if changes.reports:
            self.library.refresh()
        elif changes.annotations:
            self.library.refresh_counts(changes.annotations)  # only counts changed: not 1,000 rows
        if changes.categories:
            self.category_actions.rebuild()
            self.menus_changed()
            self.review.categories_rebuilt()
        for pane in self.reading.panes():
            if pane in reloaded:
                continue
            if changes.categories:
                pane.refresh_annotations()
            elif pane.report_id in changes.annotations:
                pane.refresh_annotations(changes.annotation_ids or None)
        self._mark_saved()

    def _reload_pane(self, pane: ReportPane) -> None:
        """Re-read a pane's text, outline and highlights, staying about where the reader was."""
        top = pane.top_offset()
        pane.load()
        pane.scroll_to(min(top, len(pane.view.text())))
        # search hits and suggestions were offsets into the old text: the search panel and the
        # suggestion controller recompute theirs on this same change and send them again

    def menus_changed(self) -> None:
        self.category_actions.fill_menu(self.tag_menu)

    def _mark_saved(self) -> None:
        self.saved_label.setText(self.tr("Saved automatically · {time}").format(
            time=QTime.currentTime().toString("HH:mm:ss")))

    def show_message(self, text: str) -> None:
        """A line in the status bar (a library message in the window's language)."""
        self.statusBar().showMessage(shown(text), 5000)

    def _undo_refused(self, reason: str) -> None:
        """The project refused an undo or redo (the rows changed since): say why."""
        from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

        self.show_message(reason)
        QMessageBox.information(self, self.tr("Undo"), reason)

    # -- language ------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        if lang == self.settings.language():
            return
        self.settings.set_language(lang)
        self.settings.sync()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, self.tr("Language"),
                                self.tr("The new language takes effect when LawGov Desktop is restarted."))

    def _language_group(self, menu: QMenu) -> QActionGroup:
        group = QActionGroup(self)
        for lang, label in (("zh_CN", "中文（简体）"), ("en", "English")):
            act = QAction(label, group)
            act.setCheckable(True)
            act.setChecked(self.settings.language() == lang)
            act.triggered.connect(lambda _=False, code=lang: self.set_language(code))
            menu.addAction(act)
        return group

    # -- state ---------------------------------------------------------------------------
    def reading_state(self) -> ReadingState:
        panes = self.reading.panes()
        current = self.reading.current_pane()
        return ReadingState(
            panes=[PaneState(p.report_id, p.top_offset()) for p in panes],
            current=panes.index(current) if current in panes else 0,
            zoom=self.zoom, linked=self.reading.linked)

    def save_state(self) -> None:
        self.settings.set_window(self.saveGeometry(), self.saveState())
        self.settings.set_reading(self.reading_state())
        self.settings.sync()

    def restore_state(self) -> None:
        """Put back geometry, docks, panes (with scroll positions), zoom and the linked toggle."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            bring_on_screen(self)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
            if not self.review.active:  # the suggestions dock belongs to the review mode, which starts off
                self.review.panel.hide()
        saved = self.settings.reading()
        self.apply_zoom(saved.zoom)
        self.set_linked(saved.linked)
        opened: list[ReportPane] = []
        for ps in saved.panes:
            pane = self.reading.open_report(ps.report_id, new_pane=True)
            if pane is not None:
                opened.append(pane)
                self._pending_scroll.append((pane, ps.offset))
        if opened:
            self.reading.set_current(opened[min(saved.current, len(opened) - 1)])
        self.apply_pending_scroll()

    def apply_pending_scroll(self) -> None:
        """Scroll restored panes; repeated once shown, when the panes have their real width."""
        for pane, offset in self._pending_scroll:
            if pane in self.reading.panes():
                pane.scroll_to(offset)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._pending_scroll:
            QTimer.singleShot(0, self._finish_restore)
        if not self._shown_once:
            self._shown_once = True
            # the window manager's frame is known only now: check the fit once more
            QTimer.singleShot(0, lambda: bring_on_screen(self))
            # The word dictionary (snapping, alignment, suggestions) is not loaded here: it adds
            # ~70 MB and, loading beside start-up, slows the first paint and the first report
            # opened (measured by `lawgov bench`).  It starts loading on first need instead: a
            # press in a report's text (a selection may follow), linking panes, suggestions.

    def _finish_restore(self) -> None:
        self.apply_pending_scroll()
        self._pending_scroll.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._stop_backup_news()
        if self.importer.busy:
            self.importer.cancel()
            self.importer.wait()
        self.review.shutdown()
        if self.save_on_close:
            self.save_state()
        super().closeEvent(event)
