"""The start-up baseline paints the app's first window: same menus, toolbars, rows and docks.

``lawgov bench``'s start-up cases compare the app with :mod:`lawgov_desktop.bench.bare_window`,
the same window built with bare PySide6 and sqlite3. A baseline that painted less would
flatter the app; one that painted more would flatter the baseline. This compares what a
reader sees in both windows, in the Chinese interface, on the seed project.
"""

from __future__ import annotations

import importlib.util
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QLineEdit, QMainWindow, QTableView, QToolBar

from lawgov_desktop.bench.cases import BARE_GUI


def _bare_module(name: str):
    """A module of the bare baselines, loaded by path as ``bare_gui.py`` loads it."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", BARE_GUI.parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _menus(window: QMainWindow) -> list[tuple[str, list[str]]]:
    return [(a.text(), [x.text() for x in a.menu().actions()]) for a in window.menuBar().actions()]


def _cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _headers(table: QTableView) -> list[str]:
    model = table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _visible_docks(window: QMainWindow) -> dict[str, QDockWidget]:
    return {d.windowTitle(): d for d in window.findChildren(QDockWidget) if d.isVisible()}


def _tables(dock: QDockWidget) -> list[QTableView]:
    return dock.widget().findChildren(QTableView)


def test_startup_baseline_paints_the_same_window(make_window, qapp, qtbot, project_path):
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, "zh_CN")  # the models translate their headers when asked
    try:
        _compare(make_window(), _bare_module("bare_window").startup_window(str(project_path)), qtbot)
    finally:
        for tr in installed:
            qapp.removeTranslator(tr)


def _compare(ours: QMainWindow, bare: QMainWindow, qtbot) -> None:
    qtbot.addWidget(bare)
    bare.show()
    qtbot.waitExposed(bare)

    # the same menus and commands (the undo command's text names the last change in the app)
    ours_menus, bare_menus = _menus(ours), _menus(bare)
    ours_menus[1][1][0] = ours_menus[1][1][0].split(" ")[0]
    assert bare_menus == ours_menus
    # the same toolbar buttons, and icons where the app shows them
    strip = str.maketrans("", "", "&…")
    for title in ("主工具栏", "类别"):
        ours_bar = next(t for t in ours.findChildren(QToolBar) if t.windowTitle() == title)
        bare_bar = next(t for t in bare.findChildren(QToolBar) if t.windowTitle() == title)
        assert ours_bar.isVisible() and bare_bar.isVisible()
        shown = lambda bar: [(a.iconText().translate(strip).split(" ")[0].split("(")[0], a.isSeparator(),  # noqa: E731
                              not a.icon().isNull()) for a in bar.actions() if a.isVisible()]
        assert shown(bare_bar) == shown(ours_bar), title
    # the same docks, the library's rows and the annotations list with its filters
    ours_docks, bare_docks = _visible_docks(ours), _visible_docks(bare)
    assert sorted(bare_docks) == sorted(ours_docks) == ["文献库", "标注"]
    ours_library, bare_library = _tables(ours_docks["文献库"])[0], _tables(bare_docks["文献库"])[0]
    assert _headers(bare_library) == _headers(ours_library)
    assert len(_cells(ours_library)) == 5
    assert _cells(bare_library) == _cells(ours_library)
    ours_list, bare_list = _tables(ours_docks["标注"])[0], _tables(bare_docks["标注"])[0]
    assert _headers(bare_list) == _headers(ours_list)
    assert ours_list.model().rowCount() == bare_list.model().rowCount() == 0
    combos = lambda dock: sorted(c.itemText(0) for c in dock.widget().findChildren(QComboBox))  # noqa: E731
    assert combos(bare_docks["标注"]) == combos(ours_docks["标注"])
    edits = lambda w: sorted(e.placeholderText() for e in w.findChildren(QLineEdit) if e.isVisible())  # noqa: E731
    assert edits(bare) == edits(ours)
    labels = lambda w: sorted(lb.text() for lb in w.findChildren(QLabel) if lb.isVisible() and lb.text())  # noqa: E731
    assert labels(bare) == labels(ours)


def _tree_lines(model, parent=None, depth=0) -> list[tuple[int, str]]:
    """(depth, text) of every item of a tree model, depth first, as a reader sees the outline."""
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    lines = []
    for row in range(model.rowCount(parent)):
        ix = model.index(row, 0, parent)
        lines.append((depth, ix.data()))
        lines += _tree_lines(model, ix, depth + 1)
    return lines


def test_open_baseline_shows_the_same_outline_tree(main_window, qtbot, project_path):
    import sqlite3

    from PySide6.QtWidgets import QTreeWidget

    bare_open = _bare_module("bare_open")
    for report_id in (1, 3):
        pane = main_window.open_report(report_id, new_pane=True)
        tree = QTreeWidget()
        qtbot.addWidget(tree)
        conn = sqlite3.connect(f"file:{project_path}?mode=ro", uri=True)
        try:
            bare_open.fill_tree(tree, bare_open.outline(conn, report_id))
        finally:
            conn.close()
        ours = _tree_lines(pane.tree.model())
        assert len(ours) > 5
        assert _tree_lines(tree.model()) == ours
        assert all(tree.isExpanded(tree.model().index(r, 0)) for r in range(tree.topLevelItemCount()))
