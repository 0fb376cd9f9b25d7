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
    category = window.project.categories()[0].id
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
    category = window.project.categories()[0].id
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
