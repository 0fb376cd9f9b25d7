"""Small helpers shared by the desktop app's tests (imported as ``tests.gui.guiutil``)."""

from __future__ import annotations

from lawgov_desktop.store.project import Project


def utf16_offset(text: str, cp: int) -> int:
    """Qt cursor position of code-point offset ``cp``, computed independently of OffsetMap."""
    return len(text[:cp].encode("utf-16-le")) // 2


def select_cp(view, start: int, end: int) -> None:
    """Select ``[start, end)`` (code points) in a DocumentView through a plain QTextCursor."""
    from PySide6.QtGui import QTextCursor

    text = view.text()  # the stored text, exactly as the store counts it
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_offset(text, start))
    cur.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)


def annotation_rows(project: Project) -> tuple[list, list]:
    """Every annotation row (all columns) and every category link, in id order."""
    q = project.db.execute
    return (q("SELECT * FROM annotations ORDER BY id").fetchall(),
            q("SELECT * FROM annotation_categories ORDER BY 1, 2").fetchall())



def search_and_wait(qtbot, panel, query: str) -> list:
    """Run a search in the search panel and wait for its results (it runs in the background)."""
    with qtbot.waitSignal(panel.hitsChanged, timeout=10000):
        panel.search(query)
    assert not panel.searching()
    return panel.hits()
