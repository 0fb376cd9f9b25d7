"""The export dialog: filters and options reach the export, the worker runs off the GUI thread,
overwriting asks first, cancelling writes nothing, and every UI string has a translation."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lawgov_desktop.export.records import ExportFilter, ExportOptions
from lawgov_desktop.gui import export_dialog as module
from lawgov_desktop.gui.export_dialog import ExportDialog, ExportWorker, open_export_dialog
from tests.export_support import build_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project, _ids = build_project(tmp_path / "golden.lawgov", monkeypatch)
    with project:
        yield project


class Messages(list):
    """Message boxes shown (kind, text); ``answer`` is what a question box replies."""

    answer = QMessageBox.Yes


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Record message boxes instead of blocking on them."""
    shown = Messages()
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: shown.append(("question", text)) or shown.answer)
    return shown


def _dialog(qtbot, project) -> ExportDialog:
    dialog = ExportDialog(project.path, project.categories.list(), project.reports.list())
    qtbot.addWidget(dialog)
    return dialog


def _tick(widget, text: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).text().startswith(text):
            widget.item(i).setCheckState(Qt.Checked)


def _wait(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)


def test_export_runs_in_a_worker_with_the_chosen_filters(qtbot, golden, tmp_path: Path, messages):
    dialog = _dialog(qtbot, golden)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    _tick(dialog.categories, "复议")
    dialog.annotator.setText("王五")
    out = tmp_path / "out.csv"
    dialog.output.setText(str(out))
    assert dialog.start_export()
    _wait(qtbot, dialog)
    assert dialog.result is not None and dialog.result.count == 2
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3 and all(r[5] == "复议" for r in rows[1:])
    assert "2" in dialog.status.text() and not messages  # the outcome is in the dialog, no box to dismiss
    assert dialog.progress.value() == 100 and dialog.export_button.isEnabled()


def test_options_follow_the_format(qtbot, golden):
    dialog = _dialog(qtbot, golden)
    dialog.output.setText("/tmp/x.csv")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("bio"))
    assert dialog.bio_policy.isEnabled() and not dialog.per_excerpt.isEnabled()
    assert dialog.output.text().endswith(".bio")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("qdpx"))
    dialog.qdpx_newlines.setCurrentIndex(dialog.qdpx_newlines.findData("crlf"))
    assert dialog.export_options(False).qdpx_newlines == "crlf"
    dialog.since_on.setChecked(True)
    assert dialog.export_filter().since == dialog.since.date().toString("yyyy-MM-dd")


def test_existing_file_asks_before_replacing(qtbot, golden, tmp_path: Path, messages):
    out = tmp_path / "out.jsonl"
    out.write_text("mine", encoding="utf-8")
    dialog = _dialog(qtbot, golden)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    dialog.output.setText(str(out))
    messages.answer = QMessageBox.No
    assert not dialog.start_export()
    assert messages[-1][0] == "question" and out.read_text(encoding="utf-8") == "mine"
    messages.answer = QMessageBox.Yes
    assert dialog.start_export()
    _wait(qtbot, dialog)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_errors_are_shown(qtbot, golden, tmp_path: Path, messages):
    dialog = _dialog(qtbot, golden)
    dialog.output.setText(str(tmp_path / "missing" / "x.csv"))
    assert dialog.start_export()
    _wait(qtbot, dialog)
    assert messages[-1][0] == "warning" and "no such folder" in messages[-1][1]  # in the window's language


def test_cancelled_worker_writes_nothing(qtbot, golden, tmp_path: Path):
    out = tmp_path / "x.docx"
    worker = ExportWorker(golden.path, "docx", out, ExportFilter(), ExportOptions())
    seen: list[str] = []
    worker.cancelled.connect(lambda: seen.append("cancelled"))
    worker.finished.connect(lambda r: seen.append("finished"))
    worker.cancel()
    worker.run()
    assert seen == ["cancelled"] and not out.exists()


def test_open_export_dialog_uses_the_bridge_project(qtbot, golden, monkeypatch: pytest.MonkeyPatch):
    opened: list[ExportDialog] = []
    monkeypatch.setattr(module.ExportDialog, "exec", lambda self: opened.append(self) or 0)
    open_export_dialog(None, SimpleNamespace(project=golden))
    assert opened and opened[0].project_path == golden.path
    assert opened[0].categories.count() == 3 and opened[0].reports.count() == 2
    opened[0].deleteLater()


def test_every_ui_string_has_a_chinese_translation():
    source = (ROOT / "lawgov_desktop" / "gui" / "export_dialog.py").read_text(encoding="utf-8")
    strings = set(re.findall(r'self\.tr\("((?:[^"\\]|\\.)*)"\)', source))
    table = json.loads((ROOT / "resources" / "i18n" / "strings_zh_CN_export.json").read_text(encoding="utf-8"))
    assert strings and strings <= set(table), sorted(strings - set(table))
    for english, chinese in table.items():
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", chinese)), english
