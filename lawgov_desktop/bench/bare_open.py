"""The open-report baseline's outline tree, in plain code.

Imported by path from :mod:`bare_gui` (never the app's package). Opening a report in the app
shows its text and its outline as a tree (every section, expanded); this reads the same
sections with one ``sqlite3`` query into a ``QTreeWidget``. Left out, so the baseline does
less than the app: the 5,000 coloured bands (Qt's plainest way to colour spans, an extra
selection or a character format per annotation, takes about a second for 5,000) and the
report's rows in the annotations list (read in full with plain SQL they take 65-150 ms, where
the app reads the rows' keys and the details of the rows on screen only): either would make
the baseline slower than the app for reasons that say nothing about the app.
``tests/gui/test_bench_window_fairness.py`` compares both sides' trees.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def outline(conn: sqlite3.Connection, report_id: int) -> list[tuple[int, int | None, str]]:
    """(ord, parent ord, shown text) of every section of the report, in order."""
    return [(o, p, label + title) for o, p, label, title in conn.execute(
        "SELECT ord, parent_ord, label, title FROM sections WHERE report_id = ? ORDER BY ord", [report_id])]


def fill_tree(tree: QTreeWidget, sections: list[tuple[int, int | None, str]]) -> None:
    items: dict[int, QTreeWidgetItem] = {}
    for ord_, parent, text in sections:
        above = items.get(parent) if parent is not None else None
        items[ord_] = QTreeWidgetItem(above if above is not None else tree, [text])
    tree.expandAll()
