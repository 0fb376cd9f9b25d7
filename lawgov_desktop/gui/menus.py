"""Menus, toolbars and keyboard shortcuts of the main window, in one place.

Kept apart from the window's behaviour so the full list of commands and keys can be read
(and compared with the README's shortcut table) at a glance.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QToolBar, QWidget

from lawgov_desktop.gui.annotator_filter import install_team_actions

if TYPE_CHECKING:
    from lawgov_desktop.gui.main_window import MainWindow


def plain_label(text: str) -> str:
    """Menu text without its mnemonic or ellipsis, for toolbar buttons: "导入文件(&I)…" → "导入文件"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "").rstrip("…").strip()


def link_icon(size: int = 20) -> QIcon:
    """Two chain links: the "linked panes" toggle (no standard icon says this)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#3c6ea8"), size / 9))
    p.translate(size / 2, size / 2)
    p.rotate(-45)
    w, h = size * 0.48, size * 0.3
    p.drawRoundedRect(QRectF(-w + 1, -h / 2, w, h), h / 2, h / 2)
    p.drawRoundedRect(QRectF(-1, -h / 2, w, h), h / 2, h / 2)
    p.end()
    return QIcon(pix)


def _action(window: MainWindow, text: str, slot: object, keys: list[str] | None = None,
            icon: QIcon | None = None, name: str = "") -> QAction:
    act = QAction(text, window)
    act.setIconText(plain_label(text))
    if icon is not None:
        act.setIcon(icon)
    if keys:
        act.setShortcuts([QKeySequence(k) for k in keys])
    if name:
        act.setObjectName(name)
    act.triggered.connect(slot)  # type: ignore[arg-type]
    window.addAction(act)
    return act


def _icon(window: MainWindow, theme: str, fallback: QStyle.StandardPixmap) -> QIcon:
    return QIcon.fromTheme(theme, window.style().standardIcon(fallback))


class Menus(QObject):
    """Builds the window's commands; a QObject only so its texts are translated under one context."""

    def build(self, w: MainWindow) -> None:
        """Create every action of ``w`` (stored as ``w.act_*``), its menu bar and toolbars."""
        sp = QStyle.StandardPixmap
        # -- actions -------------------------------------------------------------------------
        w.act_import = _action(w, self.tr("&Import files…"), w.importer.choose_files, ["Ctrl+O"],
                               _icon(w, "document-open", sp.SP_DialogOpenButton), "actImport")
        w.act_import_folder = _action(w, self.tr("Import a &folder…"), w.importer.choose_folder, ["Ctrl+Shift+O"],
                                      _icon(w, "folder-open", sp.SP_DirOpenIcon), "actImportFolder")
        w.act_paste_report = _action(w, self.tr("&New report from clipboard"), w.importer.paste_clipboard,
                                     ["Ctrl+Shift+V"], _icon(w, "edit-paste", sp.SP_FileIcon), "actPasteReport")
        w.act_close_pane = _action(w, self.tr("&Close pane"), w.close_current_pane, ["Ctrl+W"], name="actClosePane")
        w.act_export = _action(w, self.tr("&Export…"), w.open_export, ["Ctrl+Shift+E"],
                               _icon(w, "document-save-as", sp.SP_DialogSaveButton), "actExport")
        w.act_backups = _action(w, self.tr("&Backups and restore…"), w.open_backups, name="actBackups")
        w.act_quit = _action(w, self.tr("E&xit"), w.close, ["Ctrl+Q"], name="actQuit")

        w.act_undo = w.undo_stack.createUndoAction(w, self.tr("&Undo"))
        w.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        w.act_undo.setIcon(_icon(w, "edit-undo", sp.SP_ArrowBack))
        w.act_undo.setObjectName("actUndo")
        w.act_undo.setIconText(plain_label(self.tr("&Undo")))
        w.act_redo = w.undo_stack.createRedoAction(w, self.tr("&Redo"))
        w.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        w.act_redo.setIcon(_icon(w, "edit-redo", sp.SP_ArrowForward))
        w.act_redo.setObjectName("actRedo")
        w.act_redo.setIconText(plain_label(self.tr("&Redo")))
        for act in (w.act_undo, w.act_redo):
            w.addAction(act)

        w.act_edit_ann = _action(w, self.tr("&Edit annotation at cursor"),
                                 lambda: w.tagger.edit_at_cursor(w.current_pane()), ["Ctrl+E"], name="actEditAnnotation")
        w.act_delete_ann = _action(w, self.tr("&Delete annotation at cursor"),
                                   lambda: w.tagger.delete_at_cursor(w.current_pane()), ["Del"], name="actDeleteAnnotation")
        w.act_select_sentence = _action(w, self.tr("Select &sentence"), w.select_sentence, ["Alt+S"],
                                        name="actSelectSentence")
        w.act_select_paragraph = _action(w, self.tr("Select &paragraph"), w.select_paragraph, ["Alt+P"],
                                         name="actSelectParagraph")
        for act in (w.act_edit_ann, w.act_delete_ann, w.act_select_sentence, w.act_select_paragraph):
            # keys for the text only (lists have their own Del)
            w.removeAction(act)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            w.reading.addAction(act)
        w.act_categories = _action(w, self.tr("&Manage categories…"), w.open_category_manager, ["Ctrl+K"],
                                   name="actCategories")
        w.act_attention = _action(w, self.tr("Annotations to &review…"), w.open_attention, name="actAttention")
        w.act_attention.setToolTip(self.tr("Annotations that could not be placed with confidence after a report "
                                           "was imported in a new version"))
        w.act_search = _action(w, self.tr("&Search reports…"), w.focus_search, ["Ctrl+Shift+F"],
                               _icon(w, "edit-find", sp.SP_FileDialogContentsView), "actSearch")
        w.act_stats = _action(w, self.tr("&Statistics…"), w.open_stats, name="actStats")
        w.act_preferences = _action(w, self.tr("&Preferences…"), lambda: _open_preferences(w), ["Ctrl+,"],
                                    name="actPreferences")
        w.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)

        w.act_zoom_in = _action(w, self.tr("Zoom &in"), lambda: w.apply_zoom(w.zoom + 1), ["Ctrl+=", "Ctrl++"],
                                name="actZoomIn")
        w.act_zoom_out = _action(w, self.tr("Zoom &out"), lambda: w.apply_zoom(w.zoom - 1), ["Ctrl+-"],
                                 name="actZoomOut")
        w.act_zoom_reset = _action(w, self.tr("&Actual size"), lambda: w.apply_zoom(0), ["Ctrl+0"], name="actZoomReset")
        w.act_linked = _action(w, self.tr("&Link panes"), lambda checked=False: w.set_linked(bool(checked)), ["Ctrl+L"],
                               link_icon(), "actLinked")
        w.act_linked.setCheckable(True)
        w.act_linked.setToolTip(self.tr("Link panes: choosing a section in one pane moves the others to the "
                                   "corresponding section"))

        # -- menus ---------------------------------------------------------------------------
        bar = w.menuBar()
        m_file = bar.addMenu(self.tr("&File"))
        m_file.addActions([w.act_import, w.act_import_folder, w.act_paste_report])
        m_file.addSeparator()
        m_file.addActions([w.act_export, w.act_backups])
        m_file.addSeparator()
        m_file.addAction(w.act_close_pane)
        m_file.addSeparator()
        m_file.addAction(w.act_quit)

        m_edit = bar.addMenu(self.tr("&Edit"))
        m_edit.addActions([w.act_undo, w.act_redo])
        m_edit.addSeparator()
        m_edit.addActions([w.act_select_sentence, w.act_select_paragraph])
        m_edit.addSeparator()
        m_edit.addAction(w.act_search)
        m_edit.addSeparator()
        m_edit.addAction(w.act_preferences)

        m_ann = bar.addMenu(self.tr("&Annotate"))
        w.tag_menu = m_ann.addMenu(self.tr("&Tag selection as"))
        w.category_actions.fill_menu(w.tag_menu)
        m_ann.addActions([w.act_edit_ann, w.act_delete_ann])
        m_ann.addSeparator()
        m_ann.addAction(w.review.action)
        m_ann.addAction(w.act_attention)
        m_ann.addSeparator()
        m_ann.addAction(w.act_categories)

        m_view = bar.addMenu(self.tr("&View"))
        m_view.addActions([w.act_zoom_in, w.act_zoom_out, w.act_zoom_reset])
        m_view.addSeparator()
        m_view.addAction(w.act_linked)
        m_view.addSeparator()
        m_view.addAction(w.library_dock.toggleViewAction())
        m_view.addAction(w.annotations_dock.toggleViewAction())
        m_view.addAction(w.search_dock.toggleViewAction())
        m_view.addSeparator()
        m_view.addAction(w.act_stats)
        install_team_actions(w, m_file, m_view)  # merge, agreement (several annotators)
        w.toolbars_menu = m_view.addMenu(self.tr("&Toolbars"))
        m_view.addSeparator()
        w.language_menu = m_view.addMenu(self.tr("&Language"))
        w.language_group = w._language_group(w.language_menu)

        m_help = bar.addMenu(self.tr("&Help"))
        w.act_welcome = m_help.addAction(self.tr("&Getting started"), lambda: _open_welcome(w))
        w.act_welcome.setObjectName("actWelcome")
        w.act_shortcuts = m_help.addAction(self.tr("&Keyboard shortcuts"), lambda: self.show_shortcuts(w))
        w.act_shortcuts.setObjectName("actShortcuts")
        m_help.addSeparator()
        w.act_about = m_help.addAction(self.tr("&About"), lambda: _open_about(w))
        w.act_about.setObjectName("actAbout")
        w.act_about.setMenuRole(QAction.MenuRole.AboutRole)

        # -- toolbars ------------------------------------------------------------------------
        main = QToolBar(self.tr("Main"), w)
        main.setObjectName("mainToolbar")
        main.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        main.addAction(w.act_import)
        main.addAction(w.act_search)
        main.addSeparator()
        main.addActions([w.act_undo, w.act_redo])
        main.addSeparator()
        main.addActions([w.act_zoom_out, w.act_zoom_in, w.act_linked])
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, main)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, w.category_actions.toolbar)
        w.main_toolbar = main
        w.toolbars_menu.addAction(main.toggleViewAction())
        w.toolbars_menu.addAction(w.category_actions.toolbar.toggleViewAction())

    def show_shortcuts(self, w: MainWindow) -> QWidget:
        """Help → Keyboard shortcuts: a table read from the window's actions (never out of date)."""
        from lawgov_desktop.gui.shortcuts_dialog import open_shortcuts_dialog

        return open_shortcuts_dialog(w)


# the dialogs behind these commands are imported when first asked for: start-up stays light
def _open_preferences(w: MainWindow) -> QWidget:
    from lawgov_desktop.gui.preferences import open_preferences_dialog

    return open_preferences_dialog(w)


def _open_welcome(w: MainWindow) -> QWidget:
    from lawgov_desktop.gui.welcome import show_welcome

    return show_welcome(w)


def _open_about(w: MainWindow) -> QWidget:
    from lawgov_desktop.gui.about_dialog import open_about_dialog

    return open_about_dialog(w, w.project.path, w.settings.qs.fileName())


def build_menus_and_toolbars(w: MainWindow) -> Menus:
    menus = Menus(w)
    menus.build(w)
    return menus
