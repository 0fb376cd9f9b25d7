"""The start-up baseline's window: what the app paints first, built with bare PySide6 and sqlite3.

Imported by path from :mod:`bare_gui` (never the app's package). It shows what a reader sees
when the app has started on a project with no report open — the same menus and their
commands, the two toolbars (the categories read from the project), the library's rows with
their annotation counts, the empty annotations list with its filters, the hint in the reading
area and the count line — in the simplest direct code: one query per list, a minimal table
model, no translations (the texts are written in Chinese), Qt's default font.
``tests/gui/test_bench_window_fairness.py`` compares this window with the app's.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

WINDOW_SIZE = (1400, 900)  # the app's default window size

#: The menu bar as the app shows it in Chinese ("" is a separator).
MENUS = [
    ("文件(&F)", ["导入文件(&I)…", "导入文件夹(&F)…", "从剪贴板新建报告(&N)", "", "合并项目(&M)…", "导入标注(&A)…",
                "导出(&E)…", "备份与恢复(&B)…", "", "关闭窗格(&C)", "", "退出(&X)"]),
    ("编辑(&E)", ["撤销(&U)", "重做(&R)", "", "选中整句(&S)", "选中整段(&P)", "", "搜索报告(&S)…", "", "首选项(&P)…"]),
    ("标注(&A)", ["标注为(&T)", "编辑光标处的标注(&E)", "删除光标处的标注(&D)", "", "审阅建议(&R)", "需要复核的标注(&R)…", "",
                "类别管理(&M)…"]),
    ("视图(&V)", ["放大(&I)", "缩小(&O)", "原始大小(&A)", "", "联动窗格(&L)", "", "文献库", "标注", "搜索", "", "统计(&S)…",
                "一致性(&A)…", "工具栏(&T)", "", "语言(&L)"]),
    ("帮助(&H)", ["入门指南(&G)", "快捷键(&K)", "", "关于(&A)"]),
]
#: The main toolbar: text and the standard icon it shows (None: text only; "" a separator).
TOOLBAR = [("导入文件", QStyle.StandardPixmap.SP_DialogOpenButton), ("搜索报告", QStyle.StandardPixmap.SP_FileDialogContentsView),
           ("", None), ("撤销", QStyle.StandardPixmap.SP_ArrowBack), ("重做", QStyle.StandardPixmap.SP_ArrowForward), ("", None),
           ("缩小", None), ("放大", None), ("联动窗格", QStyle.StandardPixmap.SP_FileLinkIcon)]
LIBRARY_HEADERS = ["标题", "年度", "标注数", "发布机关", "地区"]
ANNOTATION_HEADERS = ["报告", "章节", "摘录", "类别", "备注", "标注人", "更新时间"]
HINT = "在左侧文献库中双击报告，或把报告拖到这里，即可阅读。\n最多可并排打开四份报告进行比较。"


def read_project(db: str) -> tuple[list[tuple], list[tuple[str, str]]]:
    """The library's rows (title, year, annotation count, issuer, region; in import order) and
    the categories' names and colours (in display order), read with one connection. The counts
    are those the project file keeps per report, as the app reads them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT title, coalesce(year, ''), coalesce(rv.annotations, 0), issuer, region "
                            "FROM reports r LEFT JOIN report_revisions rv ON rv.report_id = r.id "
                            "ORDER BY r.id").fetchall()
        return rows, conn.execute("SELECT name, color FROM categories ORDER BY position, id").fetchall()
    finally:
        conn.close()


class RowsModel(QAbstractTableModel):
    """A list of tuples as a table: the least a QTableView needs."""

    def __init__(self, rows: list[tuple], headers: list[str]) -> None:
        super().__init__()
        self.rows, self.headers = rows, headers

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def _table(model: RowsModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.verticalHeader().hide()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    return table


def startup_window(db: str) -> QMainWindow:
    """The app's first window on ``db``, built directly (not shown)."""
    rows, names_and_colors = read_project(db)
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    window.setWindowTitle("LawGov Desktop")
    for title, items in MENUS:
        menu = window.menuBar().addMenu(title)
        for text in items:
            menu.addSeparator() if not text else menu.addAction(text)
    main = QToolBar("主工具栏", window)
    main.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for text, pixmap in TOOLBAR:
        if not text:
            main.addSeparator()
        else:
            main.addAction(QAction(window.style().standardIcon(pixmap) if pixmap else QIcon(), text, window))
    window.addToolBar(main)
    categories = QToolBar("类别", window)
    categories.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    categories.addAction("标注为：").setEnabled(False)
    for name, color in names_and_colors:
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(color))
        categories.addAction(QIcon(swatch), name)
    window.addToolBar(categories)

    library = QWidget()
    box = QVBoxLayout(library)
    box.addWidget(QLineEdit(placeholderText="筛选：标题、发布机关、地区、年度"))
    box.addWidget(_table(RowsModel(rows, LIBRARY_HEADERS), library))
    library_dock = QDockWidget("文献库", window)
    library_dock.setWidget(library)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, library_dock)

    annotations = QWidget()
    box = QVBoxLayout(annotations)
    filters = QHBoxLayout()
    for items in (["全部", "未分类", *(name for name, _color in names_and_colors)], ["全部标注人", "我的"]):
        combo = QComboBox()
        combo.addItems(items)
        filters.addWidget(combo)
    filters.addWidget(QLineEdit(placeholderText="筛选摘录或备注…"), 1)
    scope = QComboBox()
    scope.addItems(["当前打开的报告", "全部报告"])
    filters.addWidget(scope)
    box.addLayout(filters)
    box.addWidget(_table(RowsModel([], ANNOTATION_HEADERS), annotations))
    box.addWidget(QLabel("共 0 条标注"))
    annotations_dock = QDockWidget("标注", window)
    annotations_dock.setWidget(annotations)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, annotations_dock)
    window.resizeDocks([library_dock], [330], Qt.Orientation.Horizontal)
    window.resizeDocks([annotations_dock], [180], Qt.Orientation.Vertical)

    hint = QLabel(HINT)
    hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.setCentralWidget(hint)
    return window
