"""Annotations panel: every tagged passage of the project in one filterable table.

The table is a virtual model over one ``project.annotations.keys()`` result — ids, places and
categories, what the list sorts and filters by — with no per-row widgets.  Quotes, notes and
times are read in chunks only for rows that are painted (and kept until those annotations
change), section paths likewise worked out on demand, so a project with 100,000 annotations
opens and scrolls as freely as one with ten.  It refreshes only from the bridge.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.document import BEFORE_FIRST_HEADING
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_widgets import ink_for, swatch_icon, tree_order
from lawgov_desktop.gui.undo import DeleteAnnotationsCommand, error_text, push_checked
from lawgov_desktop.gui.viewports import own_viewport
from lawgov_desktop.store.annotations import AnnotationFilter, AnnotationKey, SectionLocator
from lawgov_desktop.store.records import Annotation, Category, Changes, ReportInfo

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 2  # [(name, colour)] of the categories column
REPORT, SECTION, QUOTE, CATEGORIES, NOTE, ANNOTATOR, UPDATED = range(7)
UNCATEGORISED = -1  # category filter value: annotations without any category
#: category operations that change how chips look but not which annotations carry which
#: category (the filter aside), so the list is repainted rather than queried again
LOOK_ONLY_OPS = frozenset({"update-category", "reorder-categories", "add-category"})
MAX_INCREMENTAL = 500  # changed annotations merged into the list one by one; more: re-read all
#: changed annotations moved in the list row by row (Qt's row signals); more: one reset
MAX_ROW_MOVES = 32
QUOTE_WIDTH = 300  # default width of the quote column, in pixels
QUOTE_CHARS = 160  # the view elides further; this only bounds the strings it measures
DETAIL_CHUNK = 64  # rows whose quote, note and times are read at once when one is first shown
#: columns sorted by a value the listed keys do not hold, and the annotation field behind each
SORT_FIELDS = {QUOTE: "quote", NOTE: "note", ANNOTATOR: "annotator", UPDATED: "updated_at"}
Index = QModelIndex | QPersistentModelIndex


def local_time(iso: str) -> str:
    """A stored UTC timestamp as local ``YYYY-MM-DD HH:MM`` (what the reader's clock said)."""
    try:
        stamp = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M")


def short_title(info: ReportInfo) -> str:
    """A report's issuer and year, e.g. ``红桥区 2022``: full titles are too long for a column."""
    name = info.issuer.removesuffix("人民政府")
    if name.startswith("区") and info.region.endswith("区"):  # 区政务服务办公室: say which district
        name = info.region + name[1:]
    name = name or info.region
    if not name:
        return info.title if len(info.title) <= 16 else info.title[:15] + "…"
    return f"{name} {info.year}" if info.year else name


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally and wrapped (a quote may contain ``<b>``)."""
    import html  # with its entity tables: imported on the first tooltip, not with the window

    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


class AnnotationTableModel(QAbstractTableModel):
    """Rows of annotations; display strings are derived on demand for the visible rows.

    ``rows`` holds only :class:`AnnotationKey`; whole annotations are read into ``details``
    a chunk of rows at a time, when :meth:`data` first needs one of them.
    """

    def __init__(self, panel: AnnotationsPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.rows: list[AnnotationKey] = []
        self.details: dict[int, Annotation] = {}  # by id; dropped when the annotation changes
        self._reports: dict[int, ReportInfo] | None = None  # read when a row first needs a title
        self.categories: dict[int, Category] = {}
        self._locators: dict[int, SectionLocator] = {}
        self._paths: dict[tuple[int, int], str] = {}
        self._sort: tuple[int, Qt.SortOrder] = (REPORT, Qt.SortOrder.AscendingOrder)
        self._ids: set[int] | None = None  # ids of ``rows``, made when merge_rows first needs it
        self.headers = [self.tr("Report"), self.tr("Section"), self.tr("Quote"), self.tr("Categories"),
                        self.tr("Note"), self.tr("Annotator"), self.tr("Updated")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def set_rows(self, rows: list[AnnotationKey], changed: set[int] | None = None) -> None:
        """List ``rows`` (all in document order, or with ``changed`` ones merged in anywhere);
        the details read of ``changed`` ones (None: of all) are stale."""
        if changed is None:
            self.details.clear()
        else:
            for aid in changed:
                self.details.pop(aid, None)
        self.beginResetModel()
        self.rows = rows
        self._ids = None
        column, order = self._sort
        in_document_order = self._in_document_order()
        if changed is not None and in_document_order:
            self._place_changed(changed)
        # a whole new list comes in document order: sorting it so again is a wasted pass
        elif changed is not None or column not in (REPORT, SECTION) or order != Qt.SortOrder.AscendingOrder:
            self._apply_sort()
        self.endResetModel()

    def _in_document_order(self) -> bool:
        column, order = self._sort
        return column not in SORT_FIELDS and column != CATEGORIES and order == Qt.SortOrder.AscendingOrder

    def merge_rows(self, fresh: list[AnnotationKey], changed: set[int]) -> bool:
        """Put the re-read ``changed`` annotations in place — ``fresh`` holds those still listed —
        row by row, with Qt's row signals; False (nothing done) unless the rows are in document
        order and only a few changed.

        A reset for a tag made the view forget and lay out all of thousands of rows again (a
        third of the time of a tag with 5,000 listed); one inserted row is all that changed.
        """
        if len(changed) > MAX_ROW_MOVES or not self._in_document_order():
            return False
        for aid in changed:
            self.details.pop(aid, None)
        if self._ids is None:
            self._ids = {a.id for a in self.rows}
        ids = self._ids
        listed = changed & ids  # edited or deleted: their rows go, and come back below if still listed
        if listed:
            for i in reversed([i for i, a in enumerate(self.rows) if a.id in listed]):
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.rows[i]
                self.endRemoveRows()
            ids -= listed
        for key in sorted(fresh, key=_document_order):
            i = bisect_left(self.rows, _document_order(key), key=_document_order)
            self.beginInsertRows(QModelIndex(), i, i)
            self.rows.insert(i, key)
            self.endInsertRows()
            ids.add(key.id)
        return True

    def _place_changed(self, changed: set[int]) -> None:
        """Rows listed in document order, with the re-read ``changed`` ones at the end: put
        each of those where it belongs (a tag among thousands of rows sorted them all again)."""
        fresh: list[AnnotationKey] = []
        while self.rows and self.rows[-1].id in changed:
            fresh.append(self.rows.pop())
        for key in reversed(fresh):
            insort(self.rows, key, key=_document_order)

    def detail(self, row: int) -> Annotation | None:
        """The whole annotation of ``row``, read with the rows around it if not yet read."""
        key = self.rows[row]
        ann = self.details.get(key.id)
        if ann is None:
            lo = max(0, row - DETAIL_CHUNK // 4)
            wanted = [k.id for k in self.rows[lo:lo + DETAIL_CHUNK] if k.id not in self.details]
            self.details.update(self.panel.project.annotations.details(wanted))
            ann = self.details.get(key.id)
        return ann

    @property
    def reports(self) -> dict[int, ReportInfo]:
        """Report infos by id, for the report column; read on first use (start-up lists no rows)."""
        if self._reports is None:
            self._reports = {r.id: r for r in self.panel.project.reports.list()}
        return self._reports

    @reports.setter
    def reports(self, reports: dict[int, ReportInfo] | None) -> None:
        self._reports = reports

    def forget_sections(self) -> None:
        """Reports were added or removed: outlines cached for section paths may be stale."""
        self._locators.clear()
        self._paths.clear()

    def section_path(self, ann: AnnotationKey) -> str:
        key = (ann.report_id, ann.start)
        if key not in self._paths:
            loc = self._locators.get(ann.report_id)
            if loc is None:
                try:
                    loc = SectionLocator(self.panel.project.reports.sections(ann.report_id))
                except KeyError:
                    loc = SectionLocator([])
                self._locators[ann.report_id] = loc
            self._paths[key] = loc.path(ann.start)
        return self._paths[key]

    def chips(self, ann: AnnotationKey) -> list[tuple[str, str]]:
        return [(c.name, c.color) for c in (self.categories.get(i) for i in ann.category_ids) if c]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ann, col = self.rows[index.row()], index.column()
        if role == ID_ROLE:
            return ann.id
        if role == CHIPS_ROLE:
            return self.chips(ann)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tip = role == Qt.ItemDataRole.ToolTipRole
        if col == REPORT:
            info = self.reports.get(ann.report_id)
            if info is None:
                return f"#{ann.report_id}"
            return plain_tooltip(info.title) if tip else short_title(info)
        if col == SECTION:
            path = self.section_path(ann)
            if path == BEFORE_FIRST_HEADING:  # the name the pane's breadcrumb shows there
                path = self.tr("Beginning of the report")
            return plain_tooltip(path) if tip else path.rsplit(" > ", 1)[-1]
        if col == CATEGORIES:
            return "、".join(name for name, _ in self.chips(ann)) or (None if tip else "")
        full = self.detail(index.row())
        if full is None:  # deleted since the list was read: a refresh is on its way
            return None
        if col == QUOTE:
            return plain_tooltip(full.quote) if tip else " ".join(full.quote[:QUOTE_CHARS].split())
        if col == NOTE:
            return (plain_tooltip(full.note) if full.note else None) if tip else " ".join(full.note.split())
        if col == ANNOTATOR:
            return None if tip else full.annotator
        if col == UPDATED:
            return (self.tr("Created {time}").format(time=local_time(full.created_at)) if tip
                    else local_time(full.updated_at))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        field = SORT_FIELDS.get(column)
        if field is not None:  # one column of every row, read only when sorting by it
            values = self.panel.project.annotations.column([a.id for a in self.rows], field)
            self.rows.sort(key=lambda a: values.get(a.id, ""), reverse=reverse)
        elif column == CATEGORIES:
            self.rows.sort(key=lambda a: "、".join(n for n, _ in self.chips(a)), reverse=reverse)
        else:
            self.rows.sort(key=_document_order, reverse=reverse)


def _document_order(a: AnnotationKey) -> tuple[int, int, int, int]:
    """The order of the rows as the store lists them (report, start, end, id)."""
    return a.report_id, a.start, a.end, a.id


class ChipDelegate(QStyledItemDelegate):
    """Paints an annotation's categories as coloured chips, with text readable on any colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fm = opt.fontMetrics
        height = fm.height() + 2
        rect = opt.rect.adjusted(3, 0, -3, 0)
        x, y = float(rect.left()), rect.top() + (rect.height() - height) / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for name, color in index.data(CHIPS_ROLE) or []:
            width = fm.horizontalAdvance(name) + 10
            if x + width > rect.right():
                painter.setPen(opt.palette.text().color())
                painter.drawText(QRectF(x, y, rect.right() - x, height), Qt.AlignmentFlag.AlignVCenter, "…")
                break
            chip = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(ink_for(color))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, name)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = option.fontMetrics
        names = [n for n, _ in index.data(CHIPS_ROLE) or []]
        return QSize(sum(fm.horizontalAdvance(n) + 14 for n in names) + 6, fm.height() + 6)


class AnnotationsPanel(QWidget):
    """Dockable list of annotations with category, text and report-scope filters.

    ``undo_stack`` is optional so the panel can also serve read-only views; without it the
    删除 action is not offered.
    """

    jumpRequested = Signal(int, int, int)  # report id, start, end (code points)
    #: list only this annotator's annotations (None: everyone's); set by the annotator filter
    annotator_filter: str | None = None

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None,
                 undo_stack: QUndoStack | None = None, scope: list[int] | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack = bridge, undo_stack
        # the open reports (see set_scope); a window passes [] so start-up lists nothing yet
        # instead of loading every annotation of the project only to drop them a moment later
        self._open: list[int] | None = None if scope is None else list(scope)
        self.model = AnnotationTableModel(self)

        self.category_combo = QComboBox()
        # a dock is narrow: long category names show in the popup, not in the filter row
        self.category_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category_combo.setMinimumContentsLength(max(8, len(self.tr("All categories"))))
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Filter quote or note…"))
        self.text_filter.setClearButtonEnabled(True)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(self.tr("Open reports"), False)
        self.scope_combo.addItem(self.tr("All reports"), True)
        self.count_label = QLabel()
        self._text_timer = QTimer(self, singleShot=True, interval=250)  # re-query once typing pauses

        self.view = QTableView()
        own_viewport(self.view)  # before anything asks for it (see gui.viewports)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(CATEGORIES, ChipDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 100,000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in ((REPORT, 120), (SECTION, 130), (QUOTE, QUOTE_WIDTH), (CATEGORIES, 150), (NOTE, 130),
                           (ANNOTATOR, 72), (UPDATED, 130)):
            header.resizeSection(col, width)
        header.setSortIndicator(REPORT, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)

        self.delete_action = self.view.addAction(self.tr("Delete"))
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.delete_action.setEnabled(undo_stack is not None)

        filters = QHBoxLayout()
        filters.addWidget(self.category_combo)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.scope_combo)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(filters)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count_label)

        self.category_combo.currentIndexChanged.connect(self.refresh)
        self.scope_combo.currentIndexChanged.connect(self.refresh)
        self.text_filter.textChanged.connect(self._text_timer.start)
        self._text_timer.timeout.connect(self.refresh)
        self.view.doubleClicked.connect(self._jump)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.installEventFilter(self)
        bridge.changed.connect(self._on_changed)
        self._load_reports()
        self._load_categories()
        self.refresh()

    @property
    def project(self) -> Project:
        return self.bridge.project

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_quote_column()

    def _fit_quote_column(self) -> None:
        """Give spare width to the quote (what readers scan); never squeeze it below its default."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != QUOTE)
        header.resizeSection(QUOTE, max(QUOTE_WIDTH, self.view.viewport().width() - others))

    # -- public API ------------------------------------------------------------------------
    def set_scope(self, report_ids: list[int] | None) -> None:
        """Which reports are open in the reader (None: treat all as open)."""
        self._open = None if report_ids is None else list(report_ids)
        if not self.scope_combo.currentData():
            self.refresh()

    def set_undo_stack(self, undo_stack: QUndoStack | None) -> None:
        self.undo_stack = undo_stack
        self.delete_action.setEnabled(undo_stack is not None)

    def selected_ids(self) -> list[int]:
        return [self.model.rows[i.row()].id for i in self.view.selectionModel().selectedRows()]

    def select_ids(self, ids: list[int] | set[int], current: int | None = None) -> None:
        """Select the rows of these annotations (those still listed)."""
        wanted = set(ids)
        sel = self.view.selectionModel()
        sel.clearSelection()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for row, ann in enumerate(self.model.rows):
            if ann.id in wanted:
                sel.select(self.model.index(row, 0), flags)
                if ann.id == current or current is None:
                    sel.setCurrentIndex(self.model.index(row, 0), sel.SelectionFlag.NoUpdate)

    # -- refreshing ------------------------------------------------------------------------
    def _load_reports(self) -> None:
        self.model.reports = None  # re-read when next needed
        self.model.forget_sections()

    def _load_categories(self) -> None:
        cats = self.project.categories.list()
        self.model.categories = {c.id: c for c in cats}
        self._tree = tree_order(cats)
        keep = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(self.tr("All categories"), None)
        self.category_combo.addItem(self.tr("Uncategorised"), UNCATEGORISED)
        for cat, depth in self._tree:
            self.category_combo.addItem(swatch_icon(cat.color), "\u3000" * depth + cat.name, cat.id)
        found = self.category_combo.findData(keep)
        self.category_combo.setCurrentIndex(max(found, 0))
        self.category_combo.blockSignals(False)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reports:
            self._load_reports()
        if changes.categories:
            self._load_categories()
        visible = self._scope_ids()
        if (changes.categories and not changes.reports and changes.op in LOOK_ONLY_OPS
                and self.category_combo.currentData() in (None, UNCATEGORISED)):
            self._repaint_categories()  # a rename, recolour or re-order lists the same rows
        elif changes.reports or changes.categories:
            self.refresh()
        elif changes.annotations and (visible is None or changes.annotations & set(visible)):
            known = changes.annotation_ids
            if known and len(known) <= MAX_INCREMENTAL and not self._text_timer.isActive():
                self._reload(known)  # a tag or an edit: re-read those rows, not every row
            else:
                self.refresh()

    def _repaint_categories(self) -> None:
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, CATEGORIES), self.model.index(rows - 1, CATEGORIES))

    def _scope_ids(self) -> list[int] | None:
        return None if self.scope_combo.currentData() else self._open

    def _category_filter(self) -> list[int] | None:
        """The chosen category and its sub-categories: a parent stands for its whole branch."""
        chosen = self.category_combo.currentData()
        if chosen is None or chosen == UNCATEGORISED:
            return None
        ids, depth_of = [], None
        for cat, depth in self._tree:
            if cat.id == chosen:
                ids, depth_of = [cat.id], depth
            elif depth_of is not None:
                if depth <= depth_of:
                    break
                ids.append(cat.id)
        return ids or [chosen]

    def refresh(self) -> None:
        """Re-run the one query behind the table, keeping the selection where rows remain."""
        self._reload(None)

    def _reload(self, changed: set[int] | None) -> None:
        """Run the table's query — for the ``changed`` annotations only, merged into the rows
        already listed, when given (the same filter decides whether each is listed)."""
        self._text_timer.stop()
        scope = self._scope_ids()
        keep, current = self.selected_ids(), self.model.data(self.view.currentIndex(), ID_ROLE)
        nothing = scope is not None and not scope  # no report open: nothing listed
        if nothing:
            rows: list[AnnotationKey] = []
        else:
            text = self.text_filter.text().strip()
            rows = self.project.annotations.keys(AnnotationFilter(
                report_ids=scope, category_ids=self._category_filter(), text=text or None,
                annotator=self.annotator_filter,
                annotation_ids=sorted(changed) if changed else None))
            if self.category_combo.currentData() == UNCATEGORISED:
                rows = [a for a in rows if not a.category_ids]
        if changed and not nothing and self.model.merge_rows(rows, changed):
            rows = self.model.rows
        else:
            if changed:
                rows = [a for a in self.model.rows if a.id not in changed] + rows
            self.model.set_rows(rows, changed)
        if keep:
            self.select_ids(keep, current)
        self.count_label.setText(self.tr("{count} annotation(s)").format(count=len(rows)))

    # -- actions ---------------------------------------------------------------------------
    def _jump(self, index: Index) -> None:
        if index.isValid():
            ann = self.model.rows[index.row()]
            self.jumpRequested.emit(ann.report_id, ann.start, ann.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._jump(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        jump = menu.addAction(self.tr("Go to passage"))
        jump.triggered.connect(lambda: self._jump(index))
        if self.undo_stack is not None:
            menu.addAction(self.delete_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def delete_selected(self) -> None:
        """Delete the selected annotations as one undo step."""
        ids = self.selected_ids()
        if not ids or self.undo_stack is None:
            return
        cmd = DeleteAnnotationsCommand(self.project, ids,
                                       text=self.tr("Delete {count} annotation(s)").format(count=len(ids)))
        try:
            push_checked(self.undo_stack, cmd)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

            QMessageBox.warning(self, self.tr("Annotation list"), error_text(exc))
