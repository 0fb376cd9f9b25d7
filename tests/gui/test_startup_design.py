"""Start-up stays light by design: checked by what is imported and how often Qt asks Python,
never by timing (``lawgov bench`` measures the time).

* The window's first paint imports no dialog, exporter or team view: those modules load
  when their command is first chosen (and the error dialog at the first error).
* The library asks the model for the rows on screen only: its column widths come from a few
  measured strings, its filter runs in Qt's own code, so the number of ``data()`` calls while
  the window is built and painted does not grow with the number of reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from lawgov_desktop.gui.library_model import LibraryModel, filter_pattern
from lawgov_desktop.store.project import Project

#: Modules (or packages) a start-up must not import: dialogs, exporters, the team view, the
#: word dictionary's loaders and the sqlite-utils wrapper. Each is imported when first needed.
NOT_AT_START = (
    "lawgov_desktop.gui.team_view", "lawgov_desktop.gui.error_dialog", "lawgov_desktop.gui.export_dialog",
    "lawgov_desktop.gui.stats_view", "lawgov_desktop.gui.backups_dialog", "lawgov_desktop.gui.category_manager",
    "lawgov_desktop.gui.attention_dialog", "lawgov_desktop.gui.about_dialog", "lawgov_desktop.gui.shortcuts_dialog",
    "lawgov_desktop.gui.welcome", "lawgov_desktop.gui.preferences", "lawgov_desktop.export",
    "lawgov_desktop.core.wordlist", "lawgov_desktop.core.wordcut",
    "openpyxl", "docx", "sqlite_utils", "jieba", "marisa_trie",
    "logging.handlers", "html",  # the log file is opened after the first paint; tooltips escape later
    "_hashlib",  # OpenSSL: the cache files' names use the built-in SHA-1, texts are hashed on import
    "lawgov_desktop.store.backups", "lawgov_desktop.store.safety",  # the backup on opening runs after the paint
)

_PROBE = r"""
import enum, json, sys
created = []  # the enum types PySide6 sets up, in order (each class's enums come with the class)
_create = enum.EnumType._create_
def _recording(cls, name, *args, **kwargs):
    created.append(name)
    return _create(cls, name, *args, **kwargs)
enum.EnumType._create_ = _recording
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from lawgov_desktop.gui import app as gui_app  # what `lawgov-desktop` imports before the window
from lawgov_desktop.gui.error_hook import start_error_reporting
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.fonts import apply_app_font
from lawgov_desktop.gui.main_window import MainWindow
from lawgov_desktop.gui.settings import UiSettings
from lawgov_desktop.store.open import open_project
start_error_reporting(app, show_dialogs=True, what="window")
apply_app_font(app)
window = MainWindow(ProjectBridge(open_project(sys.argv[1])), UiSettings(), restore=False)
window.save_on_close = False
for rid in json.loads(sys.argv[2]):
    window.open_report(rid, new_pane=True)
window.show()
for _ in range(3):
    app.processEvents()
print("MODULES " + json.dumps(sorted(sys.modules)))
print("ENUMS " + json.dumps(created))
"""


def _first_paint(project_path: Path, open_ids: list[int]) -> dict[str, list[str]]:
    """What a window (with ``open_ids`` open) has imported and set up once painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(project_path), json.dumps(open_ids)], env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=True).stdout
    found = {}
    for tag in ("MODULES", "ENUMS"):
        line = next(ln for ln in out.splitlines() if ln.startswith(tag + " "))
        found[tag] = json.loads(line[len(tag) + 1:])
    return found


def _modules_after_first_paint(project_path: Path, open_ids: list[int]) -> set[str]:
    return set(_first_paint(project_path, open_ids)["MODULES"])


@pytest.mark.parametrize("open_ids", [[], [1]], ids=["library only", "one report open"])
def test_first_paint_imports_no_dialog_exporter_or_team_view(project_path, open_ids):
    modules = _modules_after_first_paint(project_path, open_ids)
    assert "lawgov_desktop.gui.main_window" in modules  # the probe did build the window
    loaded = sorted(m for m in modules for name in NOT_AT_START if m == name or m.startswith(name + "."))
    assert not loaded, f"imported before the first paint: {loaded}"


#: What only a report pane needs: imported with the first report opened, not by a window
#: that starts with none (the first start, or every reader who closed their panes).
PANE_MODULES = ("lawgov_desktop.gui.report_pane", "lawgov_desktop.gui.document_view",
                "lawgov_desktop.gui.highlighter", "lawgov_desktop.gui.word_selection", "lawgov_desktop.core.segment")


def test_a_window_without_panes_paints_without_the_pane_modules(project_path):
    modules = _modules_after_first_paint(project_path, [])
    assert "lawgov_desktop.gui.reading_area" in modules
    assert not [m for m in PANE_MODULES if m in modules]


#: Enum types of widget classes nothing on screen uses; PySide6 sets them up only when it searches
#: every QWidget subclass for a widget Qt created (see :mod:`lawgov_desktop.gui.viewports`).
SEARCH_ONLY_ENUMS = ("WizardButton", "SubWindowOption", "HorizontalHeaderFormat", "SegmentStyle", "FontDialogOption")


@pytest.mark.parametrize("open_ids", [[], [1]], ids=["library only", "one report open"])
def test_first_paint_does_not_search_every_widget_class(project_path, open_ids):
    enums = _first_paint(project_path, open_ids)["ENUMS"]
    assert "DockOption" in enums  # the recording works: QMainWindow's enums were set up
    assert not [name for name in SEARCH_ONLY_ENUMS if name in enums]


#: Enum types of Qt classes used only by dialogs, message boxes, file choosers and the library's
#: typed filter: the window's modules import those classes where a dialog is shown, so a start
#: does not set them up (each class with its enums costs about a millisecond).
DIALOG_ONLY_ENUMS = ("DialogCode", "ButtonLayout", "FieldGrowthPolicy", "AcceptMode", "FileMode", "MatchOption")


@pytest.mark.parametrize("open_ids", [[], [1]], ids=["library only", "one report open"])
def test_first_paint_sets_up_no_dialog_classes(project_path, open_ids):
    enums = _first_paint(project_path, open_ids)["ENUMS"]
    assert "DockOption" in enums  # the recording works
    assert not [name for name in DIALOG_ONLY_ENUMS if name in enums]


def _project_with_reports(folder: Path, count: int) -> Path:
    folder.mkdir()
    files = []
    for i in range(count):
        f = folder / f"r{i}.txt"
        f.write_text(f"某市第{i}区2023年法治政府建设年度报告\n一、总体情况\n内容{i}。\n二、主要做法\n做法{i}。\n",
                     encoding="utf-8")
        files.append(f)
    path = folder / "library.lawgov"
    with Project(path) as project:
        assert len(project.reports.import_files(files).imported) == count
    return path


def _data_calls_to_paint(qtbot, path: Path, monkeypatch) -> int:
    """``LibraryModel.data`` calls while a library panel is built, shown and painted."""
    from lawgov_desktop.gui.library_panel import LibraryPanel

    calls = []
    real = LibraryModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        calls.append(role)
        return real(self, index, role)

    monkeypatch.setattr(LibraryModel, "data", counting)
    project = Project(path)
    try:
        panel = LibraryPanel(project)
        qtbot.addWidget(panel)
        panel.resize(330, 600)
        panel.show()
        qtbot.waitExposed(panel)
        for _ in range(3):  # what the event loop does until the panel is painted
            QApplication.processEvents()
        assert panel.model.rowCount() > 0
        return len(calls)
    finally:
        monkeypatch.setattr(LibraryModel, "data", real)
        project.close()


def test_library_asks_for_the_visible_rows_only(qtbot, tmp_path, monkeypatch):
    small = _data_calls_to_paint(qtbot, _project_with_reports(tmp_path / "small", 60), monkeypatch)
    large = _data_calls_to_paint(qtbot, _project_with_reports(tmp_path / "large", 600), monkeypatch)
    assert small > 0  # the visible rows were painted
    assert large == small, (small, large)  # the same screenful, whatever the number of reports


def test_library_columns_fit_their_values_without_measuring_rows(main_window):
    lib = main_window.library
    header, metrics = lib.table.horizontalHeader(), lib.table.fontMetrics()
    assert [header.visualIndex(c) for c in range(5)] == list(range(5))  # no moved sections
    for col in (LibraryModel.ISSUER, LibraryModel.REGION, LibraryModel.YEAR):
        widest = max(metrics.horizontalAdvance(str(lib.model.index(r, col).data())) for r in range(5))
        assert header.sectionSize(col) >= widest, col
    # a count that grows wider widens its column
    before = header.sectionSize(LibraryModel.ANNOTATIONS)
    for i in range(12):
        main_window.project.annotations.add(1, 10 * i, 10 * i + 4, [1])
    main_window.library.refresh_counts({1})
    assert header.sectionSize(LibraryModel.ANNOTATIONS) >= before
    assert header.sectionSize(LibraryModel.ANNOTATIONS) >= metrics.horizontalAdvance("12")


def test_library_lines_read_only_their_columns_and_the_tooltip_reads_the_rest(main_window):
    """The list's read at start-up holds what its columns show; a line's tooltip reads the
    file name, length and section count of that one report when asked for."""
    from lawgov_desktop.store.records import ReportListing

    assert ReportListing._fields == ("id", "title", "year", "issuer", "region", "annotations")
    model = main_window.library.model
    info = main_window.project.reports.get(model.report_at(0).id)
    tip = model.index(0, LibraryModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert info.file_name in tip and str(info.chars) in tip and str(info.sections) in tip, tip
    assert info.sections > 0


def test_library_filter_takes_typed_characters_literally(main_window, qtbot):
    lib = main_window.library
    ids = lambda: [lib.report_id_at_row(r) for r in range(lib.proxy.rowCount())]  # noqa: E731
    assert filter_pattern("") == "" and filter_pattern("   ") == ""
    lib.filter_edit.setText("(")  # a pattern character: matches nothing, raises nothing
    assert ids() == []
    lib.filter_edit.setText(".*")
    assert ids() == []
    lib.filter_edit.setText("2023")
    assert ids() == [3, 5]
    lib.filter_edit.clear()
    assert ids() == [1, 2, 3, 4, 5]


def test_outline_tree_is_answered_by_qt(main_window, qtbot):
    """The section tree is Qt's own item model: expanding and painting ~1,500 sections never
    call into Python. Every section is there, expanded; the tooltip is the section's path."""
    from PySide6.QtGui import QHelpEvent, QStandardItemModel
    from PySide6.QtWidgets import QToolTip

    from lawgov_desktop.core.document import section_path
    from lawgov_desktop.gui.outline_model import OutlineModel

    for name in ("data", "index", "parent", "rowCount", "columnCount", "flags", "hasChildren"):
        assert getattr(OutlineModel, name) is getattr(QStandardItemModel, name), name
    pane = main_window.open_report(1)
    sections = pane.sections
    assert len(sections) > 5
    for i in range(len(sections)):
        ix = pane.outline.index_for_section(i)
        assert pane.outline.section_of(ix) == i
        assert ix.data() == f"{sections[i].label}{sections[i].title}"
        assert pane.outline.path_of(ix) == section_path(sections, i)
        parent = sections[i].parent
        if parent is None:
            assert not ix.parent().isValid()
        else:
            assert ix.parent() == pane.outline.index_for_section(parent)
        if pane.outline.rowCount(ix):
            assert pane.tree.isExpanded(ix)
    assert pane.outline.section_of(pane.outline.index_for_section(len(sections))) is None
    # hovering a heading shows its path
    deep = max(range(len(sections)), key=lambda i: sections[i].depth)
    ix = pane.outline.index_for_section(deep)
    pane.tree.scrollTo(ix)
    pos = pane.tree.visualRect(ix).center()
    viewport = pane.tree.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == section_path(sections, deep) and " > " in QToolTip.text()
    QToolTip.hideText()


def _viewport_settings(view) -> dict:  # noqa: ANN001
    vp = view.viewport()
    return {"role": vp.backgroundRole(), "fill": vp.autoFillBackground(), "tracking": vp.hasMouseTracking(),
            "cursor": vp.cursor().shape(), "drops": vp.acceptDrops(), "focus": vp.focusPolicy(),
            "menu": vp.contextMenuPolicy(), "name": vp.objectName(), "palette": vp.palette() == view.palette(),
            "focus_proxy": vp.focusProxy() is view,
            "attributes": [a for a in Qt.WidgetAttribute if vp.testAttribute(a)]}


def _shown(qtbot, *views) -> None:  # noqa: ANN001
    for view in views:
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)


def test_own_viewport_is_set_up_like_the_one_qt_makes(qtbot):
    from PySide6.QtWidgets import QTableView, QTreeView

    from lawgov_desktop.gui.viewports import own_viewport

    for cls in (QTableView, QTreeView):
        made, owned = cls(), cls()
        own_viewport(owned)
        _shown(qtbot, made, owned)
        assert _viewport_settings(owned) == _viewport_settings(made), cls.__name__


def test_the_report_view_owns_a_viewport_like_the_one_qt_makes(qtbot, monkeypatch):
    """The text view of a report: the same viewport settings as with Qt's, and it shows,
    scrolls, selects and lays out its text as before (Qt's old document must not be laid
    out on the deleted viewport: that crashed)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from lawgov_desktop.gui import document_view

    owned = document_view.DocumentView()
    monkeypatch.setattr(document_view, "own_viewport", lambda view: view.viewport())
    made = document_view.DocumentView()
    assert owned.viewport() is not made.viewport()
    text = "\n".join(f"第{i}段：深化行政执法体制改革，严格规范公正文明执法。" * 3 for i in range(400))
    for view in (owned, made):
        view.resize(500, 400)
        view.set_text(text)
        view.setFont(view.font())  # a font change lays the document out again
    _shown(qtbot, made, owned)
    assert _viewport_settings(owned) == _viewport_settings(made)
    for view in (owned, made):
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(60, 40))
    assert owned.verticalScrollBar().maximum() == made.verticalScrollBar().maximum() > 0
    assert owned.textCursor().position() == made.textCursor().position() > 0
    assert owned.grab().toImage() == made.grab().toImage()
