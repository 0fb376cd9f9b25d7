"""Help menu: the shortcuts table read from the actions, About (licences, data locations), the welcome guide."""

from __future__ import annotations

import importlib.metadata as md

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from lawgov_desktop import __version__
from lawgov_desktop.gui.about_dialog import KNOWN_LICENCES, AboutDialog, licence_of
from lawgov_desktop.gui.settings import UiSettings
from lawgov_desktop.gui.shortcuts_dialog import ShortcutsDialog
from lawgov_desktop.gui.welcome import WelcomeDialog, show_welcome_once
from lawgov_desktop.logs import log_dir
from lawgov_desktop.paths import backups_dir_for, data_dir

ENFORCE = 1


def native(*keys: str) -> str:
    return " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def open_shortcuts(window) -> ShortcutsDialog:
    window.act_shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    return dialog


# -- keyboard shortcuts ------------------------------------------------------------------------
def test_shortcuts_table_lists_menu_commands_with_all_their_keys(main_window):
    rows = open_shortcuts(main_window).table()
    assert ("File", "Import files", native("Ctrl+O")) in rows  # no "&", no "…"
    assert ("Edit", "Redo", native("Ctrl+Shift+Z", "Ctrl+Y")) in rows  # every key of an action
    assert ("Edit", "Preferences", native("Ctrl+,")) in rows
    assert ("View", "Zoom in", native("Ctrl+=", "Ctrl++")) in rows
    assert ("Annotate", "Tag selection as › 执法", "1") in rows  # sub-menus named
    assert ("Other keys", "Annotations › Delete", native("Del")) in rows  # a panel's key, named by its panel
    assert any(w == "Zoom" and k == "Ctrl+mouse wheel" for _g, w, k in rows)
    # never out of date: every key of every action of the window is somewhere in the table
    shown = {k for _g, _w, keys in rows for k in keys.split(" / ")}
    for action in main_window.findChildren(QAction):
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in shown, action.text()
    # one row per command: the tag actions bound to the text are the menu's, not listed twice
    assert len([r for r in rows if r[2] == "1"]) == 1


def test_shortcuts_table_follows_new_and_changed_keys_while_open(main_window, qtbot):
    w = main_window
    dialog = open_shortcuts(w)
    w.act_import.setShortcuts([QKeySequence("Ctrl+Alt+I")])
    qtbot.waitUntil(lambda: ("File", "Import files", native("Ctrl+Alt+I")) in dialog.table())
    extra = QAction("&Frobnicate…", w)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    w.menuBar().actions()[0].menu().addAction(extra)
    qtbot.waitUntil(lambda: ("File", "Frobnicate", native("Ctrl+Alt+F")) in dialog.table())
    # a category given another key: the actions are rebuilt from the project, the table follows
    w.project.categories.update(ENFORCE, shortcut="7", name="行政执法")
    qtbot.waitUntil(lambda: ("Annotate", "Tag selection as › 行政执法", "7") in dialog.table())
    assert not any(k == "1" for _g, _w, k in dialog.table())
    dialog.close()
    w.act_zoom_in.setShortcuts([QKeySequence("Ctrl+Alt+Up")])
    assert ("View", "Zoom in", native("Ctrl+Alt+Up")) in open_shortcuts(w).table()  # reopened: current too


def test_shortcuts_columns_are_aligned_in_a_two_column_tree(main_window):
    dialog = open_shortcuts(main_window)
    tree = dialog.tree
    assert tree.columnCount() == 2
    children = [tree.topLevelItem(g).child(c) for g in range(tree.topLevelItemCount())
                for c in range(tree.topLevelItem(g).childCount())]
    key_x = {tree.visualRect(tree.indexFromItem(item, 1)).x() for item in children}
    assert len(key_x) == 1  # every key starts at the same x: one column
    widest = max(tree.fontMetrics().horizontalAdvance(w) for _g, w, _k in dialog.table())
    assert tree.columnWidth(0) >= widest  # no command text cut off


# -- about -------------------------------------------------------------------------------------
def test_known_licences_match_the_installed_packages():
    for name, licence in KNOWN_LICENCES.items():
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        assert licence_of(dist) == licence, name


def test_about_shows_version_licences_and_where_the_data_is(main_window, qtbot):
    w = main_window
    w.act_about.trigger()
    dialog = w.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert __version__ in dialog.version_label.text()
    table = {dialog.licence_table.item(r, 0).text().lower().replace("_", "-"): dialog.licence_table.item(r, 2).text()
             for r in range(dialog.licence_table.rowCount())}
    assert table["lawgov desktop"] == "MIT"
    assert table["qt"].startswith("LGPL-3.0")
    assert table["lawgov sans sc"] == "OFL-1.1"
    assert table["pyside6-essentials"].startswith("LGPL-3.0")
    assert table["sqlite-utils"] == "Apache-2.0"
    assert table["lxml"] == "BSD-3-Clause"
    for name in ("jieba", "python-docx", "openpyxl", "platformdirs"):
        assert table[name] == "MIT", name
    # the packages those need are bundled too, and listed
    for name in ("shiboken6", "et-xmlfile", "click", "tabulate"):
        assert name in table, name
    assert all(lic and lic != "?" for lic in table.values()), table

    fields = dialog.path_fields
    assert fields["Data folder"].text() == str(data_dir())
    assert fields["Project file"].text() == str(w.project.path)
    assert fields["Backups folder"].text() == str(backups_dir_for(w.project.path))
    assert fields["Log folder"].text() == str(log_dir())
    assert fields["Settings"].text() == UiSettings().qs.fileName()
    for field in fields.values():
        assert field.isReadOnly() and field.text()
    fields["Log folder"].selectAll()
    fields["Log folder"].copy()
    assert QGuiApplication.clipboard().text() == str(log_dir())


def test_about_licence_texts_are_the_real_files(main_window):
    from lawgov_desktop.gui.about_dialog import app_icon_pixmap, app_licence_text, font_licence_text

    assert "MIT License" in app_licence_text() and "LawGov Desktop contributors" in app_licence_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in font_licence_text()
    main_window.act_about.trigger()
    dialog = main_window.findChild(AboutDialog)
    shown = dialog.show_text("t", app_licence_text())
    assert shown.isVisible()
    pixmap = app_icon_pixmap(64)
    assert pixmap is None or not pixmap.isNull()


# -- welcome -----------------------------------------------------------------------------------
def test_welcome_once_non_modal_reopenable_and_closed_with_the_window(make_window, qtbot):
    window = make_window()
    settings = UiSettings()
    dialog = show_welcome_once(window, settings)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    text = " ".join(label.text() for label in dialog.step_labels)
    assert "<b>1</b> 执法" in text and "<b>3</b> 营商环境" in text  # the keys as the window has them
    assert UiSettings().welcome_shown()  # remembered across restarts
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(WelcomeDialog) is None)
    assert show_welcome_once(window, UiSettings()) is None  # only once
    window.act_welcome.trigger()  # Help → Getting started
    again = window.findChild(WelcomeDialog)
    assert again is not None and again.isVisible()
    window.close()
    assert not again.isVisible()  # no window left behind


def test_embedded_start_shows_no_welcome(qapp, project_path, dialogs):
    """Tests start the app inside their own QApplication: no welcome window may be left open."""
    from lawgov_desktop.gui import instance_lock
    from lawgov_desktop.gui.app import main
    from lawgov_desktop.gui.main_window import MainWindow

    try:
        assert main(["--db", str(project_path)]) == 0
        qapp.processEvents()
        tops = [t for t in QApplication.topLevelWidgets() if t.isVisible()]
        assert not any(isinstance(t, WelcomeDialog) for t in tops)
        for window in tops:
            if isinstance(window, MainWindow):
                window.save_on_close = False
                window.close()
                window.bridge.detach()
                window.project.close()
                window.deleteLater()
    finally:
        instance_lock.release_all()


def test_help_menu_texts_are_translated(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from lawgov_desktop.gui.app import install_translations

    locale = QLocale()
    translators = install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Menus", "&Getting started") == "入门指南(&G)"
        assert QCoreApplication.translate("ErrorDialog", "An unexpected error occurred") == "出现意外错误"
        assert QCoreApplication.translate("ErrorDialog", "Copy details") == "复制详细信息"
        assert QCoreApplication.translate("Menus", "&Preferences…") == "首选项(&P)…"
    finally:
        for tr in translators:
            qapp.removeTranslator(tr)
        QLocale.setDefault(locale)


def test_frozen_build_without_package_metadata_still_lists_the_licences(monkeypatch):
    from lawgov_desktop.gui import about_dialog

    real = md.distribution

    def no_metadata(name):
        if name == about_dialog.DIST_NAME:
            raise md.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(about_dialog.md, "distribution", no_metadata)
    parts = {p.name: p.licence for p in about_dialog.package_parts()}
    assert parts["PySide6-Essentials"].startswith("LGPL-3.0") and parts["jieba"] == "MIT"
    assert "pip" not in parts


def test_dialogs_fit_a_small_screen_at_150_percent(main_window, monkeypatch):
    """1366×768 at 150%: about 910×480 logical pixels below the task bar."""
    from PySide6.QtCore import QRect

    from lawgov_desktop.gui import dialog_size
    from lawgov_desktop.gui.about_dialog import AboutDialog as About
    from lawgov_desktop.gui.error_dialog import ErrorDialog

    screen = main_window.screen()
    monkeypatch.setattr(type(screen), "availableGeometry", lambda self: QRect(0, 0, 910, 480))
    assert dialog_size.MAX_SHARE <= 1
    for dialog in (ShortcutsDialog(main_window), About(main_window), ErrorDialog(main_window)):
        assert dialog.width() <= 910 and dialog.height() <= 480, type(dialog).__name__
        assert dialog.minimumSizeHint().height() <= 480, type(dialog).__name__
        dialog.deleteLater()


def test_screenshot_run_shows_no_welcome_and_installs_no_hooks(qapp, project_path, tmp_path, offline_and_isolated):
    import sys

    from lawgov_desktop import logs
    from lawgov_desktop.gui.app import main

    hook = sys.excepthook
    try:
        assert main(["--db", str(project_path), "--screenshot", str(tmp_path / "shot.png")]) == 0
        assert sys.excepthook is hook  # --screenshot: Python's own printing and the exit code say it
        assert not UiSettings().welcome_shown()  # the first real start still greets the user
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, WelcomeDialog)]
        text = (offline_and_isolated / "logs" / "lawgov-desktop.log").read_text(encoding="utf-8")
        assert "lawgov-desktop 0.1.0" in text and ": screenshot" in text
    finally:
        logs.stop_logging()


def test_first_real_session_greets_once_after_the_first_paint(qapp, project_path, dialogs, monkeypatch):
    """A session that runs its own event loop (a user's start) shows the guide, once."""
    import gc

    from lawgov_desktop.gui import app, instance_lock
    from lawgov_desktop.gui.main_window import MainWindow

    seen: list[list[str]] = []

    def run_loop_briefly() -> int:  # stands in for app.exec(): let the first paint happen, then "quit"
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(1500)
        while not deadline.hasExpired() and not [w for w in QApplication.topLevelWidgets()
                                                 if isinstance(w, WelcomeDialog) and w.isVisible()]:
            qapp.processEvents()
        seen.append([type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()])
        return 0

    monkeypatch.setattr(qapp, "exec", run_loop_briefly)
    args = app.build_parser().parse_args(["--db", str(project_path)])
    try:
        for _ in range(2):
            assert app._run(qapp, args, UiSettings(), owns_loop=True) == 0
            for window in [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]:
                window.save_on_close = False
                window.close()
                window.deleteLater()
            qapp.processEvents()
    finally:
        gc.unfreeze()
        instance_lock.release_all()
    assert "WelcomeDialog" in seen[0] and "MainWindow" in seen[0]
    assert "WelcomeDialog" not in seen[1]  # the second start: remembered
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, WelcomeDialog) and w.isVisible()]
