"""A new version of an open report: the pane follows it, the summary says what became of the
annotations, and the ones needing a person are listed, visited, accepted, moved or deleted."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lawgov_desktop.gui.attention_dialog import AttentionDialog
from lawgov_desktop.gui.bilingual import pick
from lawgov_desktop.store.annotations import AnnotationFilter

REPORT = 4  # seed 003, with a dozen identical 习近平法治思想
BOILERPLATE = "习近平法治思想"
KEPT = "深入学习《论坚持全面依法治国》"


def _sentence(text: str, pos: int) -> tuple[int, int]:
    return max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1, text.find("。", pos) + 1


@pytest.fixture
def reimported(main_window, qtbot, tmp_path, dialogs):
    """Report 4 open with three annotations, then re-imported with two sentences removed."""
    project = main_window.project
    pane = main_window.open_report(REPORT)
    text = project.reports.text(REPORT)
    target = [m.start() for m in re.finditer(BOILERPLATE, text)][5]
    gone = _sentence(text, text.index("紧盯行政规范性文件"))
    keep = text.index(KEPT)
    ids = {
        "review": project.annotations.add(REPORT, target, target + len(BOILERPLATE), ["执法"]),
        "orphaned": project.annotations.add(REPORT, *gone, ["复议"]),
        "kept": project.annotations.add(REPORT, keep, keep + 6, ["执法"]),
    }
    pane.view.select_span(keep, keep + 6)
    steps = main_window.undo_stack.count()  # the three above are steps of the project's history too
    main_window.tag_selection(2)
    assert main_window.undo_stack.count() == steps + 1
    s, e = _sentence(text, target)
    new = text[:gone[0]] + text[gone[1]:]
    new = new[:s] + new[e:]
    v2 = tmp_path / "v2.txt"
    v2.write_text(new, encoding="utf-8")
    with qtbot.waitSignal(main_window.importer.finished, timeout=30_000):
        main_window.import_paths([v2])
    return main_window, pane, ids, new


def test_the_open_pane_shows_the_new_version_and_the_summary_counts(reimported, dialogs):
    window, pane, ids, new = reimported
    project = window.project
    assert pane.view.text() == new == project.reports.text(REPORT)
    assert pane.sections == project.reports.sections(REPORT)
    kept = project.annotations.get(ids["kept"])
    assert new[kept.start:kept.end] == KEPT[:6]
    assert pane.view.highlights.exact(kept.start, kept.end) is not None
    # the new version is one step of the history, after the tags' steps (kept: undo goes back
    # through the new version first, to the text their offsets point into)
    assert window.project.history()[0].op == "import" and window.undo_stack.count() == 6
    kind, _title, text = dialogs.shown[-1]
    assert kind == "information"
    assert "New versions of reports already in the project: 1" in text
    assert "to check 1" in text and "lost their place 1" in text and "v2.txt" in text
    assert "2 annotation(s) need a look" in text


def test_annotations_to_review_are_listed_and_settled(reimported, qtbot):
    window, pane, ids, new = reimported
    project = window.project
    act = window.act_attention
    assert act in window.menuBar().actions()[2].menu().actions()  # 标注
    act.trigger()
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, AttentionDialog) and w.isVisible()]
    assert dialog.table.rowCount() == 2
    states = {dialog.items[r].annotation.id: dialog.table.item(r, 1).text() for r in range(2)}
    assert states == {ids["review"]: "To check", ids["orphaned"]: "Lost its place"}
    reasons = [dialog.table.item(r, 4).text() for r in range(2)]
    assert all(reasons) and not any(re.search(r"[\u4e00-\u9fff]", t) for t in reasons)  # English half only

    # go to the review one: the pane selects it; accept it
    row = next(r for r in range(2) if dialog.items[r].annotation.id == ids["review"])
    dialog.table.selectRow(row)
    assert dialog.accept_button.isEnabled()
    dialog.go_button.click()
    review = project.annotations.get(ids["review"])
    assert window.current_pane() is pane and pane.view.selection_span() == (review.start, review.end)
    dialog.accept_button.click()
    assert project.annotations.get(ids["review"]).status == "ok"
    assert dialog.table.rowCount() == 1

    # the orphan cannot be accepted: move it onto the reader's selection
    dialog.table.selectRow(0)
    assert not dialog.accept_button.isEnabled()
    s = new.index(KEPT)
    pane.view.select_span(s, s + 10)
    dialog.move_button.click()
    moved = project.annotations.get(ids["orphaned"])
    assert (moved.start, moved.end, moved.status) == (s, s + 10, "ok")
    assert dialog.table.rowCount() == 0 and dialog.count_label.text() == "Nothing to review."
    assert pane.view.highlights.exact(s, s + 10) is not None
    dialog.close()


def test_deleting_from_the_list_is_undoable(reimported, qtbot):
    window, pane, ids, _new = reimported
    project = window.project
    dialog = window.open_attention()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.items[r].annotation.id == ids["orphaned"])
    dialog.table.selectRow(row)
    dialog.delete_button.click()
    assert ids["orphaned"] not in [a.id for a in project.annotations.list(AnnotationFilter(report_ids=[REPORT]))]
    assert dialog.table.rowCount() == 1
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.annotations.get(ids["orphaned"]).status == "orphaned"
    assert dialog.table.rowCount() == 2
    dialog.close()


def test_bilingual_notes_follow_the_interface_language(qapp):
    note = "有多处相似文字，无法确定是哪一处 (several similar passages; which one is unclear)"
    assert pick(note, chinese=False) == "several similar passages; which one is unclear"
    assert pick(note, chinese=True) == "有多处相似文字，无法确定是哪一处"
    assert pick("只有中文", chinese=False) == "只有中文" and pick("(only this)", chinese=True) == "(only this)"
    assert pick("手动 (manual)") == "manual"  # tests run without the Chinese catalogue


def test_the_review_list_shows_the_quote_before_and_now_with_the_change_marked(main_window, qtbot, tmp_path):
    project = main_window.project
    text = project.reports.text(REPORT)
    s = text.index("召开党组会议")
    e = text.index("。", s) + 1
    aid = project.annotations.add(REPORT, s, e, ["执法"])
    v2 = tmp_path / "v2.txt"
    v2.write_text(text.replace("召开党组会议", "召开专题会议", 1), encoding="utf-8")
    with qtbot.waitSignal(main_window.importer.finished, timeout=30_000):
        main_window.import_paths([v2])
    assert project.annotations.get(aid).status == "review"
    dialog = main_window.open_attention()
    [row] = [r for r in range(dialog.table.rowCount()) if dialog.items[r].annotation.id == aid]
    dialog.table.selectRow(row)
    shown = dialog.comparison.text()
    before, now = shown.split("<br>")
    assert "line-through" in before and ">党组<" in before and ">专题<" not in before
    assert "font-weight:bold" in now and ">专题<" in now and "党组" not in now
    dialog.close()


def _truncated(text: str, share: float) -> str:
    return text[:text.rfind("\n", 0, int(len(text) * share)) + 1]


def test_a_truncated_copy_replaces_a_report_only_when_the_user_says_so(main_window, qtbot, tmp_path, dialogs):
    from PySide6.QtWidgets import QMessageBox

    project = main_window.project
    pane = main_window.open_report(REPORT)
    text = project.reports.text(REPORT)
    copy = tmp_path / "copy.txt"
    copy.write_text(_truncated(text, 0.6), encoding="utf-8")

    dialogs.question_answer = QMessageBox.StandardButton.No
    with qtbot.waitSignal(main_window.importer.finished, timeout=30_000):
        main_window.import_paths([copy])
    questions = dialogs.texts("question")
    assert len(questions) == 1 and "copy.txt" in questions[0] and f"#{REPORT}" in questions[0]
    assert project.reports.text(REPORT) == text and pane.view.text() == text
    assert not main_window.importer.busy

    dialogs.question_answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignals([main_window.importer.finished, main_window.importer.finished], timeout=60_000):
        main_window.import_paths([copy])
    qtbot.waitUntil(lambda: not main_window.importer.busy, timeout=30_000)
    assert len(dialogs.texts("question")) == 2
    assert project.reports.text(REPORT) == _truncated(text, 0.6) == pane.view.text()
    assert main_window.importer.last_summary.updated and not main_window.importer.last_summary.held
