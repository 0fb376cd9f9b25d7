"""The export dialog: format, filters, options and output file; the export runs in a worker.

The worker thread opens its own :class:`~lawgov_desktop.store.project.Project` on the same
file (a project is never shared across threads) and reports progress; Cancel stops it at
the next checkpoint and, the output being written atomically, leaves no file behind.  UI
strings are English inside ``self.tr``; ``resources/i18n/strings_zh_CN_export.json`` holds
their Chinese translations.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.export import FORMATS, export
from lawgov_desktop.export.records import (
    ExportCancelled,
    ExportError,
    ExportFilter,
    ExportOptions,
    ExportResult,
)
from lawgov_desktop.gui.settings import UiSettings
from lawgov_desktop.store.records import Category, ReportInfo

if TYPE_CHECKING:
    from lawgov_desktop.gui.bridge import ProjectBridge


class ExportWorker(QObject):
    """Runs one export on its own project connection; lives in a worker thread."""

    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project_path: Path, fmt: str, out: Path, flt: ExportFilter, options: ExportOptions) -> None:
        super().__init__()
        self.project_path, self.fmt, self.out, self.flt, self.options = project_path, fmt, out, flt, options
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        from lawgov_desktop.store.project import Project

        try:
            with Project(self.project_path) as project:
                result = export(project, self.fmt, self.out, self.flt, self.options,
                                progress=self.progress.emit, cancelled=self._stop.is_set)
        except ExportCancelled:
            self.cancelled.emit()
        except (ExportError, ValueError, KeyError, OSError) as exc:
            self.failed.emit(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc))
        except Exception as exc:  # anything else must still reach the user, not kill the thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)


class ExportDialog(QDialog):
    """Choose what to export and where; shows progress and the outcome."""

    def __init__(self, project_path: str | Path, categories: list[Category], reports: list[ReportInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.setWindowTitle(self.tr("Export annotations"))
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self.result: ExportResult | None = None
        self._confirmed_overwrite = False  # the file dialog already asked about replacing

        self.format_box = QComboBox()
        for key in FORMATS:
            self.format_box.addItem(self._format_label(key), key)
        self.categories = self._checklist([(c.name, c.id) for c in categories])
        self.reports = self._checklist([(f"{r.title or r.file_name}（{r.year or '—'}）", r.id) for r in reports])
        self.annotator = QLineEdit()
        self.annotator.setPlaceholderText(self.tr("All annotators"))
        self.since_on, self.since = QCheckBox(self.tr("From")), self._date_edit()
        self.until_on, self.until = QCheckBox(self.tr("To")), self._date_edit()
        self.per_excerpt = QCheckBox(self.tr("One line per excerpt (JSONL)"))
        self.bio_policy = QComboBox()
        self.bio_policy.addItem(self.tr("One file per category"), "per-category")
        self.bio_policy.addItem(self.tr("One file, keep the longest overlapping span"), "longest")
        self.qdpx_newlines = QComboBox()
        self.qdpx_newlines.addItem(self.tr("LF line ends (QualCoder, ATLAS.ti)"), "lf")
        self.qdpx_newlines.addItem(self.tr("CRLF line ends (NVivo, MAXQDA)"), "crlf")
        self.output = QLineEdit()
        self.browse = QPushButton(self.tr("Browse…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel()
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self._layout()
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self._choose_file)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)
        self._format_changed()

    # -- building ------------------------------------------------------------------------
    def _format_label(self, key: str) -> str:
        labels = {
            "csv": self.tr("CSV (Excel, WPS)"), "xlsx": self.tr("Excel workbook (summary + one sheet per category)"),
            "docx": self.tr("Word digest"), "jsonl": self.tr("JSONL training data (doccano)"),
            "bio": self.tr("BIO sequence labels (CoNLL)"), "w3c": self.tr("W3C Web Annotation (JSON-LD)"),
            "qdpx": self.tr("REFI-QDA project (QualCoder, NVivo, MAXQDA, ATLAS.ti)"),
        }
        return labels.get(key, key)

    @staticmethod
    def _checklist(items: list[tuple[str, int]]) -> QListWidget:
        widget = QListWidget()
        for text, value in items:
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            widget.addItem(item)
        widget.setMaximumHeight(120)
        return widget

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        return edit

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        filters = QGroupBox(self.tr("Filters (nothing ticked means all)"))
        ff = QFormLayout(filters)
        ff.addRow(self.tr("Categories"), self.categories)
        ff.addRow(self.tr("Reports"), self.reports)
        ff.addRow(self.tr("Annotator"), self.annotator)
        dates = QHBoxLayout()
        for w in (self.since_on, self.since, self.until_on, self.until):
            dates.addWidget(w)
        ff.addRow(self.tr("Created"), dates)
        options = QGroupBox(self.tr("Options"))
        of = QFormLayout(options)
        of.addRow(self.per_excerpt)
        of.addRow(self.tr("BIO overlaps"), self.bio_policy)
        of.addRow(self.tr("QDPX line ends"), self.qdpx_newlines)
        out = QHBoxLayout()
        out.addWidget(self.output, 1)
        out.addWidget(self.browse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addWidget(filters)
        root.addWidget(options)
        row = QFormLayout()
        row.addRow(self.tr("Save to"), out)
        root.addLayout(row)
        root.addWidget(self.progress)
        root.addWidget(self.status)
        root.addLayout(buttons)

    # -- state ---------------------------------------------------------------------------
    def current_format(self) -> str:
        return self.format_box.currentData()

    def _format_changed(self) -> None:
        fmt = self.current_format()
        self.per_excerpt.setEnabled(fmt == "jsonl")
        self.bio_policy.setEnabled(fmt == "bio")
        self.qdpx_newlines.setEnabled(fmt == "qdpx")
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(FORMATS[fmt].suffix)))
            self._confirmed_overwrite = False

    @staticmethod
    def _checked(widget: QListWidget) -> list[int]:
        return [widget.item(i).data(Qt.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.Checked]

    def export_filter(self) -> ExportFilter:
        return ExportFilter(
            categories=self._checked(self.categories), report_ids=self._checked(self.reports),
            annotator=self.annotator.text().strip() or None,
            since=self.since.date().toString("yyyy-MM-dd") if self.since_on.isChecked() else None,
            until=self.until.date().toString("yyyy-MM-dd") if self.until_on.isChecked() else None,
        )

    def export_options(self, overwrite: bool) -> ExportOptions:
        return ExportOptions(per_excerpt=self.per_excerpt.isChecked(), bio_policy=self.bio_policy.currentData(),
                             qdpx_newlines=self.qdpx_newlines.currentData(), overwrite=overwrite)

    def _choose_file(self) -> None:
        spec = FORMATS[self.current_format()]
        folder = UiSettings().default_export_folder()  # Edit → Preferences (the home folder until chosen)
        start = self.output.text().strip() or str(folder / f"{self.project_path.stem}-export{spec.suffix}")
        # the platform dialog asks before replacing an existing file
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), start, f"*{spec.suffix}")
        if path:
            self.output.setText(path)
            self._confirmed_overwrite = Path(path).exists()

    # -- running -------------------------------------------------------------------------
    def start_export(self) -> bool:
        """Validate the choices and start the worker; False when nothing was started."""
        text = self.output.text().strip()
        if not text:
            self._warn(self.tr("Choose a file to export to."))
            return False
        out = Path(text)
        overwrite = self._confirmed_overwrite and out.exists()
        if out.exists() and not overwrite:
            answer = QMessageBox.question(self, self.tr("Replace file?"),
                                          self.tr("{path} already exists. Replace it?").format(path=out))
            if answer != QMessageBox.Yes:
                return False
            overwrite = True
        self._running(True)
        self.status.setText(self.tr("Exporting…"))
        self._thread = QThread(self)
        self._worker = ExportWorker(self.project_path, self.current_format(), out, self.export_filter(),
                                    self.export_options(overwrite))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        for signal in (self._worker.finished, self._worker.failed, self._worker.cancelled):
            signal.connect(self._thread.quit)
        self._thread.finished.connect(self._cleanup)
        self._thread.start()
        return True

    def _running(self, busy: bool) -> None:
        for w in (self.format_box, self.categories, self.reports, self.annotator, self.output, self.browse,
                  self.export_button):
            w.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Cancel export") if busy else self.tr("Close"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(100 * done / max(total, 1)))

    def _on_finished(self, result: ExportResult) -> None:
        self.result = result
        self.progress.setValue(100)
        if result.empty:
            text = self.tr("No annotations matched the filters; an empty file was written to {path}.")
        else:
            text = self.tr("Exported {count} excerpts to {path}.")
        text = text.format(count=result.count, path="\n".join(str(p) for p in result.paths))
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        self.status.setText(text)
        self._inform(text)

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        self._warn(message)

    def _on_cancelled(self) -> None:
        self.progress.setValue(0)
        self.status.setText(self.tr("Export cancelled; no file was written."))

    def _cleanup(self) -> None:
        self._running(False)
        if self._worker is not None:
            self._worker.deleteLater()
        if self._thread is not None:
            self._thread.deleteLater()
        self._worker = self._thread = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def _cancel_or_close(self) -> None:
        if self.is_running() and self._worker is not None:
            self._worker.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def done(self, code: int) -> None:  # closing while an export runs: cancel and wait for it
        if self.is_running() and self._worker is not None and self._thread is not None:
            self._worker.cancel()
            self._thread.quit()
            self._thread.wait()
        super().done(code)

    def _inform(self, text: str) -> None:
        QMessageBox.information(self, self.tr("Export finished"), text)

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Export failed"), text)


def open_export_dialog(parent: QWidget | None, bridge: ProjectBridge) -> None:
    """Open the export dialog for the project of ``bridge`` (a :class:`ProjectBridge`)."""
    project = bridge.project
    dialog = ExportDialog(project.path, project.categories(), project.reports(), parent)
    hint = dialog.sizeHint()
    dialog.resize(max(hint.width(), 640), hint.height())  # room for whole report titles in the list
    dialog.exec()
