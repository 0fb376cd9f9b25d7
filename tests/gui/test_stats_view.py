"""Statistics dialog: tables match the store, charts draw, PNG and CSV (UTF-8 with BOM) export."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QImage

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.stats_view import StatsDialog, open_stats_dialog
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.stats import annotation_counts, section_coverage

ENFORCE, REVIEW, BUSINESS = 1, 2, 3


@pytest.fixture
def dialog(qtbot, seeded_project: Project):
    p = seeded_project
    for rid, cats in ((1, [ENFORCE]), (1, [REVIEW, BUSINESS]), (3, [BUSINESS]), (5, [ENFORCE])):
        p.annotations.add(rid, 100, 160, cats)
    bridge = ProjectBridge(p)
    dlg = open_stats_dialog(None, bridge)
    qtbot.addWidget(dlg)
    yield dlg
    QThreadPool.globalInstance().waitForDone(20_000)  # a recount after the last change
    bridge.detach()


def model_rows(dlg: StatsDialog) -> list[list[str]]:
    m = dlg.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_tables_match_the_store_and_follow_changes(qtbot, dialog: StatsDialog):
    p = dialog.project
    table = annotation_counts(p, "report")
    rows = model_rows(dialog)
    assert [r[0] for r in rows] == table.row_labels
    assert [[int(x) for x in r[1:-1]] for r in rows] == table.counts
    p.annotations.add(2, 10, 20, [REVIEW])
    qtbot.waitUntil(lambda: model_rows(dialog)[1][2] == "1")
    dialog.set_view("year")
    assert [r[0] for r in model_rows(dialog)] == ["2022", "2023"]
    dialog.set_view("chars")
    cov = {(r.report_id, r.category_id): r.char_share for r in section_coverage(p)}
    assert dialog.table_rows()[1][1:] == [round(cov[(1, c)], 4) for c in (ENFORCE, REVIEW, BUSINESS)]
    assert model_rows(dialog)[0][1].endswith("%")
    dialog.set_view("sections")
    assert dialog.chart.percent and len(dialog.chart.labels) == 5


def test_changes_are_recounted_on_a_worker_and_an_overtaken_recount_is_dropped(qtbot, dialog: StatsDialog,
                                                                              monkeypatch):
    from lawgov_desktop.gui import stats_view

    real = stats_view.compute_view
    on_gui: list[bool] = []
    gate = threading.Event()

    def spy(project, key):
        on_gui.append(threading.current_thread() is threading.main_thread())
        if not on_gui[-1]:
            assert gate.wait(10)
        return real(project, key)

    monkeypatch.setattr(stats_view, "compute_view", spy)
    gate.set()
    dialog.project.annotations.add(2, 10, 20, [REVIEW])
    qtbot.waitUntil(lambda: model_rows(dialog)[1][2] == "1")
    assert on_gui == [False]  # the recount after a change ran on a worker
    gate.clear()
    dialog.refresh_in_background()  # held at the gate: counts per report
    dialog.set_view("year")  # asked by the reader meanwhile: shown at once
    gate.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # let the overtaken result arrive
    assert [r[0] for r in model_rows(dialog)] == ["2022", "2023"]


def test_exports(qtbot, dialog: StatsDialog, tmp_path: Path):
    csv_path = dialog.export_csv(tmp_path / "stats.csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][1:4] == ["执法", "复议", "营商环境"] and len(rows) == 6
    png = dialog.export_png(tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 300 and image.height() >= dialog.chart.sizeHint().height()


def test_every_ui_string_has_a_chinese_translation():
    import ast
    import json
    import re

    root = Path(__file__).resolve().parents[2]
    table = json.loads((root / "resources/i18n/strings_zh_CN_chinese.json").read_text(encoding="utf-8"))
    used: set[str] = set()
    for name in ("search_panel.py", "tag_all_dialog.py", "suggestions.py", "suggestion_controller.py", "suggestion_keys.py",
                 "suggestions_panel.py", "stats_view.py"):
        tree = ast.parse((root / "lawgov_desktop/gui" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "tr":
                assert node.args and isinstance(node.args[0], ast.Constant), f"{name}: tr() needs a literal"
                used.add(node.args[0].value)
    assert not sorted(used - set(table))
    assert table["Model precision / recall on held-out annotations"] == "模型在留出标注上的准确率/召回率"
    assert table["Tag all results as…"] == "全部标注为…"
    for s in used:  # placeholders must survive translation
        assert sorted(re.findall(r"\{[^}]*\}", s)) == sorted(re.findall(r"\{[^}]*\}", table[s])), s
