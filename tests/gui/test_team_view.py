"""Team work in the window: merge from the File menu, the agreement table (a click opens the
disagreement), adjudication into gold with undo, and the name asked once on the first tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from lawgov_desktop.gui.team_view import AdjudicationDialog, AgreementDialog, merge_with_dialog
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.team import GOLD, annotator_counts, gold_units


def _tag(project: Project, rid: int, quote: str, cat: str, who: str) -> tuple[int, int]:
    text = project.reports.text(rid)
    start = text.index(quote)
    project.annotations.add(rid, start, start + len(quote), [cat], annotator=who)
    return start, start + len(quote)


def _quotes(project: Project, rid: int) -> list[str]:
    text = project.reports.text(rid)
    lines = [ln for ln in text.splitlines() if len(ln) > 30]
    return [lines[1][:12], lines[2][:16], lines[3][:10]]


@pytest.fixture
def two_annotators(project_path: Path):
    with Project(project_path) as project:
        q = _quotes(project, 1)
        _tag(project, 1, q[0], "执法", "alice")
        _tag(project, 1, q[0], "执法", "bob")
        _tag(project, 1, q[1], "复议", "alice")
        _tag(project, 1, q[1][:8], "复议", "bob")
        _tag(project, 1, q[2], "营商环境", "bob")
    return project_path


def test_agreement_table_and_adjudication(two_annotators, make_window, qtbot):
    w = make_window()
    assert w.findChild(type(w.act_agreement), "actAgreement") is not None
    dialog = AgreementDialog(w)
    qtbot.addWidget(dialog)
    assert {dialog.box_a.currentText(), dialog.box_b.currentText()} == {"alice", "bob"}
    dialog.box_a.setCurrentText("alice")
    dialog.box_b.setCurrentText("bob")
    assert dialog.table.rowCount() == 4  # three categories + overall
    assert dialog.table.item(0, 0).text() == "1.000"  # 执法: identical spans
    assert dialog.list.rowCount() == 2
    assert dialog.report_box.count() == 2  # all reports, or the one both annotated
    dialog.report_box.setCurrentIndex(1)
    assert dialog.report.report_ids == [1] and dialog.table.rowCount() == 4
    dialog.list.cellClicked.emit(0, 0)  # a click opens the disagreement in a pane
    pane = w.current_pane()
    assert pane is not None and pane.report_id == 1
    adj = dialog.adjudicate_selected()
    qtbot.addWidget(adj)
    assert isinstance(adj, AdjudicationDialog) and len(adj.disagreements) == 2
    project = w.project
    assert len(gold_units(project, 1)) == 1  # the agreed span went in at once
    adj.items.setCurrentRow(0)
    adj.buttons["b"].click()
    adj.items.setCurrentRow(1)
    adj.buttons["neither"].click()
    gold = gold_units(project, 1)
    assert len(gold) == 2 and {u[3] for u in gold} == {"执法", "复议"}
    w.undo_stack.undo()  # neither: nothing to take back, but a step all the same
    w.undo_stack.undo()  # accept B
    assert len(gold_units(project, 1)) == 1
    w.undo_stack.redo()
    assert len(gold_units(project, 1)) == 2
    assert dict(annotator_counts(project))[GOLD] == 2


def test_merge_from_the_window(make_window, tmp_path, seed_files, dialogs):
    other = tmp_path / "other.lawgov"
    with Project(other) as p:
        p.reports.import_files(seed_files[:1])
        text = p.reports.text(1)
        p.annotations.add(1, 10, 20, ["执法"], annotator="carol")
        assert text
    w = make_window()
    summary = merge_with_dialog(w, str(other))
    assert summary is not None and summary.annotations_added == 1
    assert any("1" in t for t in dialogs.texts("information"))
    assert merge_with_dialog(w, str(other)).annotations_added == 0
    assert w.findChild(type(w.act_merge), "actMerge") is not None


def test_name_not_asked_when_the_environment_names_the_annotator(main_window, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: asked.append(a) or ("x", True)))
    monkeypatch.setenv("LAWGOV_ANNOTATOR", "王五")
    pane = main_window.open_report(1)
    pane.view.select_span(10, 20)
    assert main_window.tag_selection(main_window.project.categories.list()[0].id)
    assert asked == []
    assert main_window.project.annotations.list()[-1].annotator == "王五"


def test_name_asked_once_on_first_tag(main_window, monkeypatch):
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return ("  Zhang  San ", True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    monkeypatch.delenv("LAWGOV_ANNOTATOR")  # the environment names nobody: the name is asked
    w = main_window
    pane = w.open_report(1)
    pane.view.select_span(10, 20)
    cat = w.project.categories.list()[0].id
    assert w.tag_selection(cat)
    pane.view.select_span(30, 40)
    assert w.tag_selection(cat)
    assert len(asked) == 1
    names = {a.annotator for a in w.project.annotations.list()}
    assert names == {"Zhang San"}


def test_annotator_filter_for_list_and_panes(two_annotators, make_window):
    w = make_window()
    pane = w.open_report(1)
    spans = pane.view.highlights.between(0, 10**9)
    assert len(spans) == 5
    # several annotators shown: each has a band style of their own
    assert len({s.style for s in spans}) == 2
    combo = w.annotator_combo
    # the names are counted when the list is opened, not when the window is built
    assert combo.count() == 2 and combo.findData("bob") == -1
    combo.showPopup()
    combo.hidePopup()
    assert combo.findData("bob") >= 2
    combo.setCurrentIndex(combo.findData("bob"))
    assert w.annotator_view == "bob"
    assert len(pane.view.highlights.between(0, 10**9)) == 3
    panel = w.annotations_panel
    assert panel.annotator_filter == "bob"
    assert all(panel.model.detail(r).annotator == "bob" for r in range(panel.model.rowCount()))
    combo.setCurrentIndex(combo.findData(combo.itemData(1)))  # mine: the test's own name, none here
    assert w.annotator_view == "tester" and pane.view.highlights.between(0, 10**9) == []
    combo.setCurrentIndex(0)
    assert w.annotator_view is None and len(pane.view.highlights.between(0, 10**9)) == 5


def test_server_import_is_one_undo_step(two_annotators, make_window, tmp_path, dialogs):
    import json

    from lawgov_desktop.export import export
    from lawgov_desktop.export.records import ExportFilter
    from lawgov_desktop.gui.team_view import import_annotations_with_dialog

    w = make_window()
    project = w.project
    out = tmp_path / "to-doccano.jsonl"
    export(project, "doccano", out, ExportFilter(annotator="bob"))
    line = json.loads(out.read_text(encoding="utf-8"))
    before = {(a.id, a.start, a.end) for a in project.annotations.list()}
    dropped = line["label"].pop(0)  # a person deleted one span in doccano
    line.update({"id": 3, "Comments": []})
    served = tmp_path / "all.jsonl"
    served.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_annotations_with_dialog(w, str(served))
    assert report.format.startswith("doccano") and len(report.deleted) == 1
    assert (report.deleted[0].start, report.deleted[0].end) == tuple(dropped[:2])
    assert any("doccano" in t for t in dialogs.texts("information"))
    w.undo_stack.undo()
    assert {(a.id, a.start, a.end) for a in project.annotations.list()} == before
    w.undo_stack.redo()
    assert len(project.annotations.list()) == len(before) - 1
