"""The export dialog: format, filters, options and output file; the export runs in a worker.

The export runs as a :class:`~lawgov_desktop.gui.workers.BackgroundTask`: it opens its own
:class:`~lawgov_desktop.store.project.Project` on the same file (a project is never shared
across threads) and reports progress; Cancel stops it at
the next checkpoint and, the output being written atomically, leaves no file behind.  UI
strings are English inside ``self.tr``; ``resources/i18n/strings_zh_CN_export.json`` holds
their Chinese translations.

The file is proposed, not asked for: a name saying category, report and date
(:func:`~lawgov_desktop.export.records.proposed_file_name`) in the preferred export folder,
else the last one used, else the home folder; it follows the filters until the reader types
or browses a name of their own.  Any change clears the outcome of the previous export, and a
finished export offers to open the file or its folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
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
    free_path,
    proposed_file_name,
)
from lawgov_desktop.gui.bilingual import shown
from lawgov_desktop.gui.settings import UiSettings
from lawgov_desktop.gui.workers import BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.records import Category, ReportInfo

#: Title of a Word digest unless the reader types another (the docx exporter's default).
DIGEST_TITLE = "法治政府建设年度报告标注摘编"
#: Where the folder of the last export is remembered (the preferences' folder comes first).
LAST_FOLDER_KEY = "export/last_folder"

if TYPE_CHECKING:
    from lawgov_desktop.gui.bridge import ProjectBridge


class ExportWorker(BackgroundTask):
    """One export on its own project connection, as a :class:`BackgroundTask`: progress per
    excerpt, Cancel at the next checkpoint (the output is written atomically: no file is
    left behind), the exporter's own errors reported as ``failed``."""

    def __init__(self, project_path: Path, fmt: str, out: Path, flt: ExportFilter, options: ExportOptions) -> None:
        super().__init__(self._export, expected=(ExportError, ValueError, KeyError, OSError),
                         cancelled_by=(ExportCancelled,), describe=_export_message)
        self.project_path, self.fmt, self.out, self.flt, self.options = project_path, fmt, out, flt, options

    def _export(self, context: TaskContext) -> ExportResult:
        with open_project(self.project_path) as project:
            return export(project, self.fmt, self.out, self.flt, self.options,
                          progress=context.progress, cancelled=context.cancel_requested)


def _export_message(exc: BaseException) -> str:
    """The library's message in the window's language (a KeyError's is its key: ``str()`` would quote it)."""
    return shown(exc)


class ExportDialog(QDialog):
    """Choose what to export and where; shows progress and the outcome."""

    def __init__(self, project_path: str | Path, categories: list[Category], reports: list[ReportInfo],
                 parent: QWidget | None = None, settings: UiSettings | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.settings = settings or getattr(parent, "settings", None) or UiSettings()
        self.language = self.settings.language()
        self._auto_name = True  # the file name follows the filters until the reader picks their own
        self._setting_name = False
        self.setWindowTitle(self.tr("Export annotations"))
        self._worker: ExportWorker | None = None
        self.result: ExportResult | None = None
        self._confirmed_overwrite = False  # the file dialog already asked about replacing

        self.format_box = QComboBox()
        for key in FORMATS:
            self.format_box.addItem(self._format_label(key), key)
        self.categories = self._checklist([(c.name, c.id) for c in categories])
        self.reports = self._checklist([(f"{r.title or r.file_name}（{r.year or '—'}）", r.id) for r in reports])
        for i, r in enumerate(reports):  # the short name a proposed file name uses
            self.reports.item(i).setData(Qt.UserRole + 1, r.title or Path(r.file_name).stem)
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
        self.title_edit = QLineEdit(DIGEST_TITLE)
        self.title_edit.setToolTip(self.tr("Title printed at the top of the Word digest"))
        self.output = QLineEdit()
        self.browse = QPushButton(self.tr("Browse…"))
        self.open_file_button = QPushButton(self.tr("Open file"))
        self.open_folder_button = QPushButton(self.tr("Open containing folder"))
        for button in (self.open_file_button, self.open_folder_button):
            button.hide()
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
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.output.textEdited.connect(self._name_typed)
        self.categories.itemChanged.connect(self._filters_changed)
        self.reports.itemChanged.connect(self._filters_changed)
        # anything changed: the outcome shown for the previous export no longer applies
        for signal in (self.format_box.currentIndexChanged, self.categories.itemChanged, self.reports.itemChanged,
                       self.annotator.textChanged, self.since_on.toggled, self.until_on.toggled,
                       self.since.dateChanged, self.until.dateChanged, self.per_excerpt.toggled,
                       self.bio_policy.currentIndexChanged, self.qdpx_newlines.currentIndexChanged,
                       self.output.textChanged, self.title_edit.textChanged):
            signal.connect(self.clear_outcome)
        self._format_changed()

    # -- building ------------------------------------------------------------------------
    def _format_label(self, key: str) -> str:
        labels = {
            "csv": self.tr("CSV (Excel, WPS)"), "xlsx": self.tr("Excel workbook (summary + one sheet per category)"),
            "docx": self.tr("Word digest"), "jsonl": self.tr("JSONL training data (doccano)"),
            "bio": self.tr("BIO sequence labels (CoNLL)"), "w3c": self.tr("W3C Web Annotation (JSON-LD)"),
            "qdpx": self.tr("REFI-QDA project (QualCoder, NVivo, MAXQDA, ATLAS.ti)"),
            "labelstudio": self.tr("Label Studio tasks (and their labelling config)"),
            "doccano": self.tr("doccano sequence labelling (JSONL)"),
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
        of.addRow(self.tr("Word digest title"), self.title_edit)
        out = QHBoxLayout()
        out.addWidget(self.output, 1)
        out.addWidget(self.browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
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
        self.title_edit.setEnabled(fmt == "docx")
        text = self.output.text().strip()
        if self._auto_name or not text:
            self._propose_name()
        else:
            self._set_output(str(Path(text).with_suffix(FORMATS[fmt].suffix)))
            self._confirmed_overwrite = False

    # -- the proposed file -----------------------------------------------------------------
    def export_folder(self) -> Path:
        """The preferences' export folder, else the last one used, else the home folder."""
        chosen = self.settings.chosen_export_folder()
        if chosen is not None and chosen.is_dir():
            return chosen
        last = str(self.settings.qs.value(LAST_FOLDER_KEY, "") or "")
        if last and Path(last).is_dir():
            return Path(last)
        return self.settings.default_export_folder()

    def proposed_path(self) -> Path:
        """A file that says what it holds (category, report, date) and replaces nothing."""
        cats = [self.categories.item(i).text() for i in range(self.categories.count())
                if self.categories.item(i).checkState() == Qt.Checked]
        reps = [self.reports.item(i).data(Qt.UserRole + 1) for i in range(self.reports.count())
                if self.reports.item(i).checkState() == Qt.Checked]
        name = proposed_file_name(FORMATS[self.current_format()].suffix, cats, reps)
        return free_path(self.export_folder() / name)

    def _propose_name(self) -> None:
        self._set_output(str(self.proposed_path()))
        self._auto_name = True
        self._confirmed_overwrite = False

    def _set_output(self, text: str) -> None:
        self._setting_name = True
        try:
            self.output.setText(text)
        finally:
            self._setting_name = False

    def _name_typed(self, _text: str) -> None:
        self._auto_name = False

    def _filters_changed(self, *_args: object) -> None:
        if self._auto_name and not self.is_running():
            self._propose_name()

    def clear_outcome(self, *_args: object) -> None:
        """Forget the previous export's outcome (100 %, 已导出…) once anything changes."""
        if self.is_running():
            return
        self.result = None
        self.progress.setValue(0)
        self.status.clear()
        self.open_file_button.hide()
        self.open_folder_button.hide()

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
        title = self.title_edit.text().strip() if self.current_format() == "docx" else ""
        return ExportOptions(per_excerpt=self.per_excerpt.isChecked(), bio_policy=self.bio_policy.currentData(),
                             qdpx_newlines=self.qdpx_newlines.currentData(), overwrite=overwrite,
                             title=title, language=self.language)

    def _choose_file(self) -> None:
        spec = FORMATS[self.current_format()]
        # the proposed file in the preferred (Edit → Preferences), else the last-used folder
        start = self.output.text().strip() or str(self.proposed_path())
        # the dialog asks before replacing an existing file
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), start, f"*{spec.suffix}")
        if path:
            self._set_output(path)
            self._auto_name = False
            self._confirmed_overwrite = Path(path).exists()

    # -- running -------------------------------------------------------------------------
    def start_export(self) -> bool:
        """Validate the choices and start the worker; False when nothing was started."""
        text = self.output.text().strip()
        if not text:  # emptied by hand: propose a name again rather than fail
            self._propose_name()
            text = self.output.text().strip()
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
        self._worker = ExportWorker(self.project_path, self.current_format(), out, self.export_filter(),
                                    self.export_options(overwrite))
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._worker.ended.connect(self._cleanup)
        self._worker.start()
        return True

    def _running(self, busy: bool) -> None:
        for w in (self.format_box, self.categories, self.reports, self.annotator, self.output, self.browse,
                  self.title_edit, self.export_button):
            w.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Cancel export") if busy else self.tr("Close"))

    def _on_progress(self, done: int, total: int, _text: str = "") -> None:
        self.progress.setValue(int(100 * done / max(total, 1)))

    def _on_finished(self, result: ExportResult) -> None:
        self.progress.setValue(100)
        if result.empty:
            text = self.tr("No annotations matched the filters; an empty file was written to {path}.")
        else:
            text = self.tr("Exported {count} excerpts ({tags} tags) to {path}.")
        text = text.format(count=result.count, tags=result.tags, path="\n".join(str(p) for p in result.paths))
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        self.status.setText(text)
        self.result = result
        self.settings.qs.setValue(LAST_FOLDER_KEY, str(result.path.parent))
        # open the file or its folder from here: no box to dismiss first
        self.open_file_button.setVisible(result.path.exists())
        self.open_folder_button.setVisible(result.path.parent.is_dir())
        self._auto_name = True  # a next export gets a fresh name instead of replacing this one

    def open_file(self) -> bool:
        """Open the exported file in its program (Excel, Word …)."""
        return self.result is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def open_folder(self) -> bool:
        """Show the folder holding the exported file."""
        return self.result is not None and QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.result.path.parent)))

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        self._warn(message)

    def _on_cancelled(self) -> None:
        self.progress.setValue(0)
        self.status.setText(self.tr("Export cancelled; no file was written."))

    def _cleanup(self) -> None:
        self._running(False)
        self._worker = None

    def is_running(self) -> bool:
        return self._worker is not None  # until its outcome has arrived

    def _cancel_or_close(self) -> None:
        if self.is_running() and self._worker is not None:
            self._worker.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def done(self, code: int) -> None:  # closing while an export runs: cancel and wait for it
        if self.is_running() and self._worker is not None:
            self._worker.cancel()
            self._worker.wait()
        super().done(code)

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Export failed"), text)


def open_export_dialog(parent: QWidget | None, bridge: ProjectBridge) -> None:
    """Open the export dialog for the project of ``bridge`` (a :class:`ProjectBridge`)."""
    project = bridge.project
    dialog = ExportDialog(project.path, project.categories.list(), project.reports.list(), parent)
    hint = dialog.sizeHint()
    dialog.resize(max(hint.width(), 640), hint.height())  # room for whole report titles in the list
    dialog.exec()
