"""Team work in the app: File → Merge project…, View → Agreement…, and adjudication into gold.

Imported when one of these commands is first chosen (their menu entries and the annotator
chooser are in :mod:`.annotator_filter`, part of the window from the start).

Widgets only: the merge, the figures and the gold set come from
:mod:`lawgov_desktop.store.merge` and :mod:`lawgov_desktop.store.team`.  Every adjudication
step is a command on the window's undo stack (:class:`GoldStepCommand`), so Ctrl+Z takes it
back like any other edit.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.agreement import Agreement, AgreementReport, Disagreement
from lawgov_desktop.gui.annotator_filter import my_name
from lawgov_desktop.store import team
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.history import HistoryStack
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.store.project import Project

#: colours of annotator A's and B's bands, and of the gold set (blue, orange, green: told apart
#: also by readers with red-green colour blindness thanks to blue/orange)
BAND_A, BAND_B, BAND_GOLD = "#4a86e8", "#e69138", "#6aa84f"
CONTEXT = 60  # characters shown around a disagreement


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamView", text)


# -- merge -----------------------------------------------------------------------------------
def merge_with_dialog(w: MainWindow, path: str | None = None) -> object:
    """Ask for a project file, merge it, and say what came in (returns the summary or None)."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(w, _tr("Merge project"), "",
                                              _tr("LawGov projects (*.lawgov);;All files (*)"))
    if not path:
        return None
    from lawgov_desktop.store.merge import merge_project

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        summary = merge_project(w.project, path)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(w, _tr("Merge project"), str(exc))
        return None
    QApplication.restoreOverrideCursor()
    lines = [_tr("Reports: {added} added, {matched} already here, {newer} replaced by a newer version, "
                "{older} older version re-anchored").format(
        added=len(summary.reports_added), matched=summary.reports_matched, newer=len(summary.reports_updated),
        older=len(summary.reports_reanchored)),
        _tr("Annotations: {added} added, {skipped} identical ones skipped").format(
            added=summary.annotations_added, skipped=summary.annotations_skipped)]
    if summary.by_annotator:
        lines.append(_tr("By annotator: {list}").format(
            list="，".join(f"{k or '?'} {v}" for k, v in sorted(summary.by_annotator.items()))))
    if summary.categories_added:
        lines.append(_tr("New categories: {list}").format(list="、".join(summary.categories_added)))
    if summary.attention:
        lines.append(_tr("{n} annotations could not be placed with confidence: see Annotate → Annotations to "
                        "review…").format(n=len(summary.attention)))
    QMessageBox.information(w, _tr("Merge project"), "\n".join(lines))
    return summary


# -- importing annotations (undoable) ---------------------------------------------------------
class ImportAnnotationsCommand(QUndoCommand):
    """Importing an annotation file as one step of the project's history (the window's stack
    runs :meth:`redo` once; undo and redo are the history's: they put back exactly the rows a
    server's edits changed or deleted)."""

    def __init__(self, project: Project, path: str, text: str) -> None:
        super().__init__(text)
        self.project, self.path = project, path
        self.report = None
        self.added: list[int] = []
        self.error: Exception | None = None

    def redo(self) -> None:
        from lawgov_desktop.export.importer import import_annotations

        last = team.last_annotation_id(self.project)
        try:
            self.report = import_annotations(self.project, self.path, default_annotator=my_name(self.project))
        except (ValueError, KeyError, RuntimeError) as exc:
            self.error, self.report = exc, None
            self.setObsolete(True)
            return
        self.added = team.annotation_ids_after(self.project, last)


def import_annotations_with_dialog(w: MainWindow, path: str | None = None) -> object:
    """Ask for a file, import it as one undo step, and say what came in and what changed."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            w, _tr("Import annotations"), "",
            _tr("Annotation files (*.jsonl *.json *.jsonld *.zip);;All files (*)"))
    if not path:
        return None
    from pathlib import Path

    cmd = ImportAnnotationsCommand(w.project, path, _tr("Import annotations from {name}").format(name=Path(path).name))
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        w.undo_stack.push(cmd)
    finally:
        QApplication.restoreOverrideCursor()
    if cmd.report is None:
        QMessageBox.warning(w, _tr("Import annotations"), str(cmd.error or ""))
        return None
    r = cmd.report
    lines = [_tr("Read as {format}: {read} spans; {added} added, {dup} already here.").format(
        format=r.format, read=r.read, added=r.added, dup=r.duplicates)]
    for a in getattr(r, "changed", []):
        lines.append(_tr("Changed on the server: “{quote}”").format(quote=_short(a.quote)))
    for a in getattr(r, "deleted", []):
        lines.append(_tr("Deleted on the server: “{quote}” ({who})").format(quote=_short(a.quote), who=a.annotator))
    lines += list(getattr(r, "notes", []))
    lines += [f"{u.where}: {u.reason}" for u in r.unplaced[:20]]
    if getattr(r, "changed", None) or getattr(r, "deleted", None):
        lines.append(_tr("Edit → Undo takes the whole import back."))
    QMessageBox.information(w, _tr("Import annotations"), "\n".join(lines))
    return r


# -- agreement -------------------------------------------------------------------------------
KINDS = {"only_a": QT_TRANSLATE_NOOP("TeamView", "only A"), "only_b": QT_TRANSLATE_NOOP("TeamView", "only B"),
         "boundary": QT_TRANSLATE_NOOP("TeamView", "boundaries differ")}
COLUMNS = ["κ", QT_TRANSLATE_NOOP("TeamView", "P exact"), QT_TRANSLATE_NOOP("TeamView", "R exact"),
           QT_TRANSLATE_NOOP("TeamView", "F1 exact"), QT_TRANSLATE_NOOP("TeamView", "P overlap"),
           QT_TRANSLATE_NOOP("TeamView", "R overlap"), QT_TRANSLATE_NOOP("TeamView", "F1 overlap"),
           QT_TRANSLATE_NOOP("TeamView", "Spans A"), QT_TRANSLATE_NOOP("TeamView", "Spans B")]


def _figures(a: Agreement) -> list[str]:
    return [f"{a.kappa:.3f}", f"{a.exact.precision:.2f}", f"{a.exact.recall:.2f}", f"{a.exact.f1:.2f}",
            f"{a.overlap.precision:.2f}", f"{a.overlap.recall:.2f}", f"{a.overlap.f1:.2f}",
            str(a.spans_a), str(a.spans_b)]


class AgreementDialog(QDialog):
    """Two annotators compared per category; each disagreement listed, a click opens it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.bridge: ProjectBridge = window.bridge
        self.setWindowTitle(self.tr("Agreement"))
        self.resize(980, 640)
        self.box_a, self.box_b = QComboBox(self), QComboBox(self)
        self.box_a.setObjectName("annotatorA")
        self.box_b.setObjectName("annotatorB")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Annotator A (reference):")))
        top.addWidget(self.box_a, 1)
        top.addWidget(QLabel(self.tr("Annotator B:")))
        top.addWidget(self.box_b, 1)
        self.report_box = QComboBox(self)
        self.report_box.setObjectName("agreementReport")
        top.addWidget(QLabel(self.tr("Report:")))
        top.addWidget(self.report_box, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("agreementTable")
        self.table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list = QTableWidget(0, 5, self)
        self.list.setObjectName("disagreements")
        self.list.setHorizontalHeaderLabels([self.tr("Report"), self.tr("Category"), self.tr("Kind"),
                                             self.tr("A"), self.tr("B")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list.cellClicked.connect(lambda row, _col: self.open_disagreement(row))
        self.list.cellActivated.connect(lambda row, _col: self.open_disagreement(row))
        self.adjudicate_btn = QPushButton(self.tr("Adjudicate this report…"), self)
        self.adjudicate_btn.clicked.connect(self.adjudicate_selected)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 2)
        lay.addWidget(QLabel(self.tr("Disagreements (click one to open it):")))
        lay.addWidget(self.list, 3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.adjudicate_btn)
        lay.addLayout(row)
        self.report: AgreementReport | None = None
        self._fill_annotators()
        self.box_a.currentIndexChanged.connect(self.refresh)
        self.box_b.currentIndexChanged.connect(self.refresh)
        self.report_box.currentIndexChanged.connect(self.refresh)
        self.bridge.changed.connect(self._on_changes)
        self.refresh()

    def _fill_annotators(self) -> None:
        names = [n for n, _c in team.annotator_counts(self.bridge.project) if n != team.GOLD]
        for box, pick in ((self.box_a, 0), (self.box_b, 1)):
            box.blockSignals(True)
            current = box.currentText()
            box.clear()
            box.addItems(names)
            box.setCurrentIndex(names.index(current) if current in names else min(pick, len(names) - 1))
            box.blockSignals(False)

    def _on_changes(self, changes: Changes) -> None:
        if changes.annotations or changes.categories or changes.reports:
            self.refresh()

    def _fill_reports(self, a: str, b: str) -> None:
        """All reports both annotated, or one of them (the figures per report)."""
        both, _ = team.compare_annotators(self.bridge.project, a, b)
        titles = {r.id: r.title for r in self.bridge.project.reports.list()}
        keep = self.report_box.currentData()
        self.report_box.blockSignals(True)
        self.report_box.clear()
        self.report_box.addItem(self.tr("All reports both annotated"), 0)
        for rid in both.report_ids:
            self.report_box.addItem(_short(titles.get(rid) or f"#{rid}", 30), rid)
        found = self.report_box.findData(keep) if keep else 0
        self.report_box.setCurrentIndex(max(found, 0))
        self.report_box.blockSignals(False)

    def refresh(self) -> None:
        a, b = self.box_a.currentText(), self.box_b.currentText()
        self.table.setRowCount(0)
        self.list.setRowCount(0)
        self.report = None
        if not a or not b or a == b:
            self.summary.setText(self.tr("Choose two different annotators."))
            return
        self._fill_reports(a, b)
        chosen = self.report_box.currentData()
        self.report, _skipped = team.compare_annotators(self.bridge.project, a, b, [chosen] if chosen else None)
        rep = self.report
        if not rep.report_ids:
            self.summary.setText(self.tr("{a} and {b} have no report they both annotated.").format(a=a, b=b))
            return
        self.summary.setText(self.tr("{n} reports annotated by both; {d} disagreements. κ per character, "
                                     "span F1 exact and overlapping; A is the reference.").format(
            n=len(rep.report_ids), d=len(rep.disagreements)))
        rows = [*rep.categories.items()] + ([(self.tr("Overall"), rep.overall)] if rep.overall else [])
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([name for name, _ag in rows])
        for r, (_name, ag) in enumerate(rows):
            for c, value in enumerate(_figures(ag)):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 0:
                    item.setBackground(_kappa_colour(ag.kappa))
                self.table.setItem(r, c, item)
        titles = {r.id: r.title for r in self.bridge.project.reports.list()}
        texts = self.bridge.project.reports.texts({d.report_id for d in rep.disagreements})
        self.list.setRowCount(len(rep.disagreements))
        for r, d in enumerate(rep.disagreements):
            text = texts[d.report_id]
            cells = [titles.get(d.report_id, f"#{d.report_id}"), d.category, _tr(KINDS[d.kind]),
                     " / ".join(_short(text[s:e]) for s, e in d.a_spans) or "—",
                     " / ".join(_short(text[s:e]) for s, e in d.b_spans) or "—"]
            for c, value in enumerate(cells):
                self.list.setItem(r, c, QTableWidgetItem(value))

    def disagreement(self, row: int) -> Disagreement | None:
        if self.report is None or not 0 <= row < len(self.report.disagreements):
            return None
        return self.report.disagreements[row]

    def open_disagreement(self, row: int) -> None:
        d = self.disagreement(row)
        if d is not None:
            self.window_.jump_to(d.report_id, d.start, d.end, focus=False)

    def adjudicate_selected(self) -> QDialog | None:
        row = self.list.currentRow()
        d = self.disagreement(row if row >= 0 else 0)
        if d is None or self.report is None:
            return None
        return open_adjudication(self.window_, d.report_id, self.report.annotator_a, self.report.annotator_b)


def _kappa_colour(kappa: float) -> QColor:
    """Green from 0.8, yellow from 0.6, red below (Landis and Koch's bands, coarsely)."""
    return QColor("#d9ead3") if kappa >= 0.8 else QColor("#fff2cc") if kappa >= 0.6 else QColor("#f4cccc")


def _short(text: str, n: int = 28) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n - 1] + "…"


def open_agreement_dialog(w: MainWindow) -> AgreementDialog:
    dialog = AgreementDialog(w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


# -- adjudication ----------------------------------------------------------------------------
class GoldStepCommand(QUndoCommand):
    """One adjudication step (seeding the agreed spans, or one decision) on the undo stack."""

    def __init__(self, project: Project, text: str, *, disagreement: Disagreement | None = None,
                 choice: str = "", seed: tuple[int, str, str] | None = None, gold: str = team.GOLD) -> None:
        super().__init__(text)
        self.project, self.disagreement, self.choice, self.seed, self.gold = project, disagreement, choice, seed, gold
        self.step: team.GoldStep | None = None

    def redo(self) -> None:
        """Run the step once (the window's stack: undo and redo are the project's history's)."""
        if self.seed is not None:
            self.step = team.seed_gold(self.project, *self.seed, gold=self.gold)
        else:
            assert self.disagreement is not None
            self.step = team.decide(self.project, self.disagreement, self.choice, gold=self.gold)


CHOICE_LABELS = {"a": QT_TRANSLATE_NOOP("TeamView", "Accept A"), "b": QT_TRANSLATE_NOOP("TeamView", "Accept B"),
                 "both": QT_TRANSLATE_NOOP("TeamView", "Accept both"),
                 "neither": QT_TRANSLATE_NOOP("TeamView", "Accept neither")}


class AdjudicationDialog(QDialog):
    """One report: A's and B's spans side by side for each disagreement, the gold set below."""

    def __init__(self, window: MainWindow, report_id: int, annotator_a: str, annotator_b: str,
                 undo_stack: HistoryStack | None = None, gold: str = team.GOLD) -> None:
        super().__init__(window)
        self.bridge: ProjectBridge = window.bridge
        self.project = self.bridge.project
        self.undo_stack = undo_stack if undo_stack is not None else window.undo_stack
        self.report_id, self.a, self.b, self.gold = report_id, annotator_a, annotator_b, gold
        info = self.project.reports.get(report_id)
        self.setWindowTitle(self.tr("Adjudication — {title}").format(title=info.title or f"#{report_id}"))
        self.resize(1100, 680)
        self.header = QLabel(self.tr("{a} (A, blue) and {b} (B, orange) → {gold} (green). Spans both made alike "
                                     "are in {gold} already; decide each disagreement.").format(
            a=html.escape(annotator_a), b=html.escape(annotator_b), gold=html.escape(gold)), self)
        self.header.setWordWrap(True)
        self.items = QListWidget(self)
        self.items.setObjectName("adjudicationList")
        self.items.currentRowChanged.connect(lambda _r: self.show_current())
        self.view_a, self.view_b, self.view_gold = QTextBrowser(self), QTextBrowser(self), QTextBrowser(self)
        for view in (self.view_a, self.view_b, self.view_gold):
            view.setOpenLinks(False)
        self.label_a = QLabel(f"<b style='color:{BAND_A}'>A · {html.escape(annotator_a)}</b>")
        self.label_b = QLabel(f"<b style='color:{BAND_B}'>B · {html.escape(annotator_b)}</b>")
        self.label_gold = QLabel(f"<b style='color:{BAND_GOLD}'>{html.escape(gold)}</b>")
        grid = QGridLayout()
        grid.addWidget(self.label_a, 0, 0)
        grid.addWidget(self.label_b, 0, 1)
        grid.addWidget(self.view_a, 1, 0)
        grid.addWidget(self.view_b, 1, 1)
        grid.addWidget(self.label_gold, 2, 0, 1, 2)
        grid.addWidget(self.view_gold, 3, 0, 1, 2)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for choice, label in CHOICE_LABELS.items():
            btn = QPushButton(_tr(label), self)
            btn.setObjectName(f"accept_{choice}")
            btn.clicked.connect(lambda _c=False, ch=choice: self.decide(ch))
            self.buttons[choice] = btn
            row.addWidget(btn)
        row.addStretch(1)
        undo = QPushButton(self.tr("Undo"), self)
        undo.clicked.connect(self.undo_stack.undo)
        row.addWidget(undo)
        right = QVBoxLayout()
        right.addLayout(grid, 1)
        right.addLayout(row)
        body = QHBoxLayout()
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel(self.tr("Disagreements")))
        ll.addWidget(self.items)
        left.setMaximumWidth(340)
        body.addWidget(left)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(body, 1)
        self.disagreements: list[Disagreement] = []
        self.text = self.project.reports.text(report_id)
        self.bridge.changed.connect(self._on_changes)
        if not self.project.readonly:
            self.undo_stack.push(GoldStepCommand(
                self.project, self.tr("Agreed spans into {gold}").format(gold=gold),
                seed=(report_id, annotator_a, annotator_b), gold=gold))
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if self.report_id in changes.annotations or changes.categories:
            self.refresh()

    def refresh(self) -> None:
        row = max(self.items.currentRow(), 0)
        self.disagreements = team.report_disagreements(self.project, self.report_id, self.a, self.b)
        self.items.blockSignals(True)
        self.items.clear()
        for d in self.disagreements:
            chosen = team.gold_choice(self.project, d, self.gold)
            state = _tr(CHOICE_LABELS[chosen]) if chosen else self.tr("undecided")
            item = QListWidgetItem(f"{d.category} · {_short(self.text[d.start:d.end], 18)}\n"
                                   f"{_tr(KINDS[d.kind])} — {state}")
            item.setData(Qt.ItemDataRole.UserRole, chosen or "")
            self.items.addItem(item)
        self.items.blockSignals(False)
        if self.disagreements:
            self.items.setCurrentRow(min(row, len(self.disagreements) - 1))
        self.show_current()

    def current(self) -> Disagreement | None:
        row = self.items.currentRow()
        return self.disagreements[row] if 0 <= row < len(self.disagreements) else None

    def show_current(self) -> None:
        d = self.current()
        for btn in self.buttons.values():
            btn.setEnabled(d is not None and not self.project.readonly)
        if d is None:
            for view in (self.view_a, self.view_b, self.view_gold):
                view.setHtml(self.tr("No disagreement left in this report."))
            return
        lo, hi = max(0, d.start - CONTEXT), min(len(self.text), d.end + CONTEXT)
        gold = [(s, e) for _r, s, e, cat in team.gold_units(self.project, self.report_id, self.gold)
                if cat == d.category and s < hi and lo < e]
        self.view_a.setHtml(_marked(self.text, lo, hi, d.a_spans, BAND_A, d.category))
        self.view_b.setHtml(_marked(self.text, lo, hi, d.b_spans, BAND_B, d.category))
        self.view_gold.setHtml(_marked(self.text, lo, hi, gold, BAND_GOLD, d.category))

    def decide(self, choice: str) -> bool:
        d = self.current()
        if d is None:
            return False
        self.undo_stack.push(GoldStepCommand(
            self.project, self.tr("{choice}: {category} “{quote}”").format(
                choice=_tr(CHOICE_LABELS[choice]), category=d.category, quote=_short(self.text[d.start:d.end], 16)),
            disagreement=d, choice=choice, gold=self.gold))
        nxt = next((i for i, x in enumerate(self.disagreements)
                    if not team.gold_choice(self.project, x, self.gold) and i != self.items.currentRow()), None)
        if nxt is not None:
            self.items.setCurrentRow(nxt)
        return True


def _marked(text: str, lo: int, hi: int, spans: list[tuple[int, int]], colour: str, category: str) -> str:
    """HTML of ``text[lo:hi]`` with ``spans`` drawn as a coloured band under the characters."""
    inside = [False] * (hi - lo)
    for s, e in spans:
        for i in range(max(s, lo), min(e, hi)):
            inside[i - lo] = True
    out, i = [], lo
    while i < hi:
        j = i
        while j < hi and inside[j - lo] == inside[i - lo]:
            j += 1
        chunk = html.escape(text[i:j]).replace("\n", "<br>")
        if inside[i - lo]:
            out.append(f"<span style='background-color:{_tint(colour)}; text-decoration:underline; "
                       f"color:#000'>{chunk}</span>")
        else:
            out.append(f"<span style='color:#555'>{chunk}</span>")
        i = j
    head = f"<p style='color:{colour}'><b>{html.escape(category)}</b> · {len(spans)}</p>"
    return head + "<p style='font-size:15px; line-height:160%'>" + ("…" if lo else "") + "".join(out) \
        + ("…" if hi < len(text) else "") + "</p>"


def _tint(colour: str, share: float = 0.35) -> str:
    """``colour`` mixed into white (Qt's rich text has no transparent backgrounds)."""
    c = QColor(colour)
    mix = [round(255 - (255 - v) * share) for v in (c.red(), c.green(), c.blue())]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def open_adjudication(w: MainWindow, report_id: int, annotator_a: str, annotator_b: str) -> AdjudicationDialog:
    dialog = AdjudicationDialog(w, report_id, annotator_a, annotator_b)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
