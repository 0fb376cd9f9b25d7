"""Tagging places the new rows of the annotations list among the others, in document order.

The list keeps its rows sorted; a tag re-reads only the new annotation and puts it where it
belongs (``AnnotationsModel._place_changed``) instead of sorting every row again.  The order
must be what listing everything afresh gives: the store's (report, start, end, id).
"""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from lawgov_desktop.gui.annotations_panel import QUOTE, REPORT


def _listed(window) -> list[tuple[int, int, int, int]]:
    return [(a.report_id, a.start, a.end, a.id) for a in window.annotations_panel.model.rows]


def test_tags_land_where_a_full_listing_puts_them(main_window):
    window = main_window
    window.annotations_panel.scope_combo.setCurrentIndex(window.annotations_panel.scope_combo.findData(True))
    rng = random.Random(3)
    category = window.project.categories.list()[0].id
    for rid in (2, 1):
        pane = window.open_report(rid, new_pane=True)
        length = len(pane.view.text())
        for _ in range(12):
            start = rng.randrange(0, length - 40)
            pane.view.select_span(start, start + rng.randint(2, 30))
            assert window.tag_selection(category)
    listed = _listed(window)
    assert len(listed) == 24 and listed == sorted(listed)
    window.annotations_panel.refresh()  # everything re-read: the same rows in the same order
    assert _listed(window) == listed


def test_other_sort_orders_still_sort_the_new_rows(main_window):
    window = main_window
    panel = window.annotations_panel
    pane = window.open_report(1, new_pane=True)
    category = window.project.categories.list()[0].id
    panel.model.sort(QUOTE, Qt.SortOrder.AscendingOrder)
    for start in (300, 40, 120):
        pane.view.select_span(start, start + 6)
        assert window.tag_selection(category)
    quotes = [panel.model.detail(i).quote for i in range(panel.model.rowCount())]
    assert len(quotes) == 3 and quotes == sorted(quotes)
    panel.model.sort(REPORT, Qt.SortOrder.DescendingOrder)
    pane.view.select_span(200, 210)
    assert window.tag_selection(category)
    listed = _listed(window)
    assert listed == sorted(listed, reverse=True)


def _count_signals(model) -> dict[str, int]:
    seen = {"reset": 0, "inserted": 0, "removed": 0}
    model.modelReset.connect(lambda: seen.__setitem__("reset", seen["reset"] + 1))
    model.rowsInserted.connect(lambda *_a: seen.__setitem__("inserted", seen["inserted"] + 1))
    model.rowsRemoved.connect(lambda *_a: seen.__setitem__("removed", seen["removed"] + 1))
    return seen


def test_a_tag_inserts_its_row_without_resetting_the_list(main_window):
    """A reset made the view lay out every listed row again for each tag."""
    window = main_window
    panel = window.annotations_panel
    pane = window.open_report(1, new_pane=True)
    category = window.project.categories.list()[0].id
    for start in (300, 40, 120, 500):
        pane.view.select_span(start, start + 6)
        assert window.tag_selection(category)
    panel.select_ids([panel.model.rows[2].id])
    chosen = panel.selected_ids()
    seen = _count_signals(panel.model)
    pane.view.select_span(200, 210)
    assert window.tag_selection(category)
    assert seen == {"reset": 0, "inserted": 1, "removed": 0}
    listed = _listed(window)
    assert [s for _r, s, _e, _i in listed] == [40, 120, 200, 300, 500]
    assert panel.selected_ids() == chosen  # the selection stays on the same annotation
    assert panel.count_label.text().startswith("5")
    panel.refresh()
    assert _listed(window) == listed


def test_edits_and_deletions_move_and_remove_rows_in_place(main_window):
    window = main_window
    panel = window.annotations_panel
    pane = window.open_report(1, new_pane=True)
    project = window.project
    ids = [project.annotations.add(1, start, start + 6, [1]) for start in (300, 40, 120, 500)]
    seen = _count_signals(panel.model)
    project.annotations.update(ids[1], span=(400, 410))  # 40 → 400: from first to fourth
    project.annotations.delete_many([ids[2]])
    assert seen["reset"] == 0
    assert [(s, i) for _r, s, _e, i in _listed(window)] == [(300, ids[0]), (400, ids[1]), (500, ids[3])]
    assert len(pane.view.highlights) == 3
    listed = _listed(window)
    panel.refresh()
    assert _listed(window) == listed
