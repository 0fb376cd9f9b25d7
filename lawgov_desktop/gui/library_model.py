"""The library table: every report of the project with its metadata and annotation count.

The model re-reads ``project.reports.listing()`` on each refresh (one query), so it is always exactly
what the database says.  Sorting and filtering happen in a proxy so the view can sort by any
header without the model caring.

Start-up cost is kept independent of the number of reports: the columns are in the order the
dock shows them (no header moves), their widths come from a few measured strings (see
:mod:`.library_panel`), and the proxy filters in Qt's own code — Python answers ``data()``
only for the rows on screen until a filter is typed.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import ReportListing

#: MIME type of a drag from the library: report ids, comma-separated.
REPORT_IDS_MIME = "application/x-lawgov-report-ids"
REPORT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The casefolded words a filter is matched against (title, issuer, region, year).
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
_ANSWERED_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, REPORT_ID_ROLE, FILTER_ROLE,
                                             Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole))
_NO_PARENT = QModelIndex()  # shared default: the invisible root


def encode_report_ids(ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(REPORT_IDS_MIME, QByteArray(",".join(str(i) for i in ids).encode("ascii")))
    return mime


def decode_report_ids(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(REPORT_IDS_MIME):
        return []
    raw = bytes(mime.data(REPORT_IDS_MIME).data()).decode("ascii", "replace")
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class LibraryModel(QAbstractTableModel):
    """One row per report: title, year, annotation count, issuer, region.

    The columns are in the order a narrow dock should show them first: title, year and
    count in view, issuer and region scrolled in from the right.
    """

    TITLE, YEAR, ANNOTATIONS, ISSUER, REGION = range(5)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._rows: list[ReportListing] = []
        self.refresh()

    def headers(self) -> list[str]:
        return [self.tr("Title"), self.tr("Year"), self.tr("Annotations"), self.tr("Issuer"), self.tr("Region")]

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = self.project.reports.listing()
        self.endResetModel()

    def update_reports(self, report_ids: set[int]) -> None:
        """Re-read the rows of a few reports in place (a tag changes one count, not the list)."""
        fresh = {r.id: r for r in self.project.reports.listing(report_ids)}
        for rid in report_ids:
            row = self.row_of(rid)
            info = fresh.get(rid)
            if row is None or info is None:  # added or removed meanwhile: the list changed
                self.refresh()
                return
            self._rows[row] = info
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rows(self) -> list[ReportListing]:
        """Every row, in model order (do not modify)."""
        return self._rows

    def report_at(self, row: int) -> ReportListing | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, report_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == report_id:
                return i
        return None

    # -- QAbstractTableModel -----------------------------------------------------------
    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ANSWERED_ROLES:  # views ask for a dozen roles per cell; most have no answer
            return None
        r = self.report_at(index.row()) if index.isValid() else None
        if r is None:
            return None
        col = index.column()
        values: list[object] = [r.title, r.year if r.year is not None else "", r.annotations, r.issuer, r.region]
        if role == Qt.ItemDataRole.DisplayRole:
            return values[col]
        if role == SORT_ROLE:
            if col == self.YEAR:
                return r.year if r.year is not None else -1
            return values[col]
        if role == REPORT_ID_ROLE:
            return r.id
        if role == FILTER_ROLE:
            return filter_text(r)
        if role == Qt.ItemDataRole.ToolTipRole:  # file, length and sections are read when asked for
            try:
                info = self.project.reports.get(r.id)
            except KeyError:  # removed by another process since the last refresh
                return None
            return self.tr("{title}\n{file} · {chars} characters · {sections} sections").format(
                title=r.title, file=info.file_name, chars=info.chars, sections=info.sections)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.YEAR, self.ANNOTATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [REPORT_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids: list[int] = []
        for ix in indexes:
            r = self.report_at(ix.row())
            if r is not None and r.id not in ids:
                ids.append(r.id)
        return encode_report_ids(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def filter_text(r: ReportListing) -> str:
    """What a library filter is matched against: title, issuer, region and year, casefolded."""
    return " ".join([r.title, r.issuer, r.region, str(r.year or "")]).casefold()


def filter_pattern(text: str) -> str:
    """A pattern matching a :func:`filter_text` that contains every typed word, in any order
    ("" when nothing is typed: Qt then accepts every row without asking the model)."""
    from PySide6.QtCore import QRegularExpression  # set up when a filter is first typed

    words = [QRegularExpression.escape(t.casefold()) for t in text.split()]
    return "^" + "".join(f"(?=[\\s\\S]*{w})" for w in words) if words else ""


class LibraryFilterProxy(QSortFilterProxyModel):
    """Sorts by the typed value of a column and keeps rows where every typed word matches
    the title, issuer, region or year.

    The filter is a pattern over :data:`FILTER_ROLE` run by Qt itself rather than a Python
    ``filterAcceptsRow``, which Qt would call for each of 10,000 rows at every reset even with
    nothing typed.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)

    def set_filter_text(self, text: str) -> None:
        from PySide6.QtCore import QRegularExpression

        self.setFilterRegularExpression(QRegularExpression(filter_pattern(text)))
