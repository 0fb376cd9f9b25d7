"""The import flow of the window: pick files, import on a worker, show progress and a summary.

Every way into an import — the menu, the toolbar, dropping files or folders on the
window — ends in :meth:`ImportController.start`, which runs one :func:`import_task` at a
time with a cancellable progress dialog, then lists the refused files with their reasons.
An import (new versions of reports included) is one step of the project's history, so
Edit › Undo, or ``lawgov undo``, takes the whole import back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.workers import PROJECT_ERRORS, BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.records import Changes
from lawgov_desktop.store.reports import ImportSummary

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

#: Refused files listed in the summary dialog; the rest are counted.
MAX_LISTED = 25


def import_task(db_path: str | Path, paths: list[Path], replace: bool = False) -> BackgroundTask:
    """Import files and folders into the project at ``db_path`` on a pool thread, on a
    connection of its own.  Cancel stops before the next file; files already imported stay
    (the summary says it was cancelled).  ``replace``: the user confirmed that new versions
    may lose much of the old text."""
    files = [Path(p) for p in paths]

    def work(context: TaskContext) -> ImportSummary:
        with open_project(db_path) as project:
            return project.reports.import_files(files, progress=context.progress, cancelled=context.cancel_requested,
                                        replace=replace)

    return BackgroundTask(work, expected=PROJECT_ERRORS)


class ImportController(QObject):
    """Runs imports for one window; at most one import at a time."""

    finished = Signal(object)  # ImportSummary, after the summary was shown

    def __init__(self, bridge: ProjectBridge, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.window = window
        self.worker: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None
        self.last_summary: ImportSummary | None = None

    @property
    def busy(self) -> bool:
        return self.worker is not None

    # -- entry points --------------------------------------------------------------------
    def choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # set up when first shown

        from lawgov_desktop.core.readers import DIALOG_PATTERNS  # the readers load when first needed

        paths, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import reports"), "",
            self.tr("Reports ({patterns});;All files (*)").format(patterns=DIALOG_PATTERNS))
        if paths:
            self.start([Path(p) for p in paths])

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # set up when first shown

        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import a folder of reports"))
        if folder:
            self.start([Path(folder)])

    def start(self, paths: list[Path], replace: bool = False) -> bool:
        """Import ``paths`` in the background; False when another import is still running.

        ``replace``: the user confirmed that these files may replace reports' texts even
        though they keep little of them (see :meth:`ask_replace`).
        """
        from PySide6.QtWidgets import QMessageBox, QProgressDialog  # set up when first shown

        if self.worker is not None:
            QMessageBox.information(self.window, self.tr("Import"),
                                    self.tr("An import is already running; please wait for it to finish."))
            return False
        worker = import_task(self.bridge.project.path, list(paths), replace=replace)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.ended.connect(lambda: self._ended(worker))
        self.worker = worker
        dlg = QProgressDialog(self.tr("Preparing import…"), self.tr("Cancel"), 0, 0, self.window)
        dlg.setWindowTitle(self.tr("Importing reports"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(400)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(worker.cancel)
        self.progress = dlg
        worker.start()
        return True

    def paste_clipboard(self) -> bool:
        """File › New report from clipboard: the clipboard's text (its HTML when a browser put
        some there) becomes a report, as a file would."""
        from PySide6.QtWidgets import QMessageBox  # set up when first shown

        mime = QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None and mime.hasText() else ""
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        if not (text.strip() or html.strip()):
            QMessageBox.information(self.window, self.tr("New report from clipboard"),
                                    self.tr("The clipboard holds no text. Copy the report's text (for example "
                                            "from a web page or a PDF reader) and try again."))
            return False
        return self.import_text(text, html)

    def import_text(self, text: str, html: str = "", replace: bool = False) -> bool:
        """Pasted or dropped text (and its HTML flavour) imported as a report, through the same
        path as a file: normalised, outlined, a duplicate adds nothing, a corrected edition
        becomes a new version.  Runs here, not on a worker: one pasted text parses in moments."""
        from PySide6.QtWidgets import QMessageBox  # set up when first shown

        if self.worker is not None:
            QMessageBox.information(self.window, self.tr("Import"),
                                    self.tr("An import is already running; please wait for it to finish."))
            return False
        summary = self.bridge.project.reports.import_pasted(text or None, html or None, replace=replace)
        self.last_summary = summary
        self.show_summary(summary)
        self.finished.emit(summary)
        if summary.held and self.ask_replace(summary):
            return self.import_text(text, html, replace=True)
        return bool(summary.imported or summary.updated)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running import ends (used when the window closes)."""
        return QThreadPool.globalInstance().waitForDone(msecs)

    # -- worker signals ------------------------------------------------------------------
    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self.progress is None:
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        if name:
            self.progress.setLabelText(self.tr("Importing {name} ({done} of {total})…").format(
                name=name, done=done + 1, total=total))

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.worker = None

    def _ended(self, worker: BackgroundTask) -> None:
        """Any outcome, an unexpected error included (the error dialog tells that one)."""
        if self.worker is worker:  # not a follow-up import started from the summary
            self._finish()

    def _on_finished(self, summary: ImportSummary) -> None:
        self._finish()
        self.last_summary = summary
        updated = {rid for _path, rid, _result in summary.updated}
        # the worker committed through its own connection: tell this thread's widgets (the
        # panes of new versions re-read their text, outline and highlights)
        self.bridge.announce(Changes("import", reports=True, annotations=updated))
        self.show_summary(summary)
        self.finished.emit(summary)
        if summary.held and self.ask_replace(summary):
            self.start([Path(p) for p, _rid, _kept in summary.held], replace=True)

    def ask_replace(self, summary: ImportSummary) -> bool:
        """Ask whether files that would cut a report's text short may replace it anyway."""
        from PySide6.QtWidgets import QMessageBox  # set up when first shown

        titles = {r.id: r.title for r in self.bridge.project.reports.list()}
        lines = [self.tr("These files look like new versions of reports in the project, but each keeps "
                         "only part of the report's text (a truncated copy?):"), ""]
        for path, rid, kept in summary.held[:MAX_LISTED]:
            lines.append("• " + self.tr("{name}: keeps {share}% of #{id} {title}").format(
                name=Path(path).name, share=round(100 * kept), id=rid, title=titles.get(rid, "")))
        if len(summary.held) > MAX_LISTED:
            lines.append(self.tr("… and {n} more").format(n=len(summary.held) - MAX_LISTED))
        lines += ["", self.tr("Replace the reports' texts with these files? The current texts are kept as "
                              "earlier versions and the annotations are carried over; those whose "
                              "passage is gone are listed for review.")]
        answer = QMessageBox.question(self.window, self.tr("Replace report text?"), "\n".join(lines),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _on_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # set up when first shown

        self._finish()
        QMessageBox.critical(self.window, self.tr("Import failed"), message)

    # -- summary -------------------------------------------------------------------------
    def summary_text(self, summary: ImportSummary) -> str:
        """What the summary dialog says: counts, then each refused file and why."""
        lines = [self.tr("Imported: {n}").format(n=len(summary.imported)),
                 self.tr("Already in the project: {n}").format(n=len(summary.duplicates)),
                 self.tr("Refused: {n}").format(n=len(summary.refused))]
        lines += self.updated_lines(summary)
        if summary.look_alikes:
            lines.append(self.tr("Radical look-alikes replaced by ordinary characters (⼀ → 一, ⺠ → 民): "
                                 "{n} in {files} file(s)").format(n=summary.look_alikes_replaced,
                                                                 files=len(summary.look_alikes)))
        if summary.held:
            lines.append(self.tr("Not imported yet, they would cut a report's text short: {n}").format(
                n=len(summary.held)))
        if summary.cancelled:
            lines.append(self.tr("The import was cancelled; files imported before that were kept."))
        if summary.refused:
            lines.append("")
            lines.append(self.tr("Refused files:"))
            for path, reason in summary.refused[:MAX_LISTED]:
                name = Path(path).name or path
                lines.append(f"• {reason}" if name in reason else f"• {name}: {reason}")
            if len(summary.refused) > MAX_LISTED:
                lines.append(self.tr("… and {n} more").format(n=len(summary.refused) - MAX_LISTED))
        return "\n".join(lines)

    def updated_lines(self, summary: ImportSummary) -> list[str]:
        """New versions of known reports, and what became of their annotations."""
        if not summary.updated:
            return []
        lines = [self.tr("New versions of reports already in the project: {n}").format(n=len(summary.updated))]
        attention = 0
        for path, _rid, result in summary.updated[:MAX_LISTED]:
            c = result.counts()
            lines.append("• " + self.tr("{name}: annotations kept {kept}, moved {moved}, to check {review}, "
                                        "lost their place {orphaned}").format(name=Path(path).name, **c))
        for _path, _rid, result in summary.updated:
            attention += len(result.review) + len(result.orphaned)
        if attention:
            lines.append(self.tr("{n} annotation(s) need a look: Annotate › Annotations to review…").format(
                n=attention))
        return lines

    def show_summary(self, summary: ImportSummary) -> None:
        from PySide6.QtWidgets import QMessageBox  # set up when first shown

        text = self.summary_text(summary)
        if summary.refused:
            QMessageBox.warning(self.window, self.tr("Import finished with problems"), text)
        else:
            QMessageBox.information(self.window, self.tr("Import finished"), text)
