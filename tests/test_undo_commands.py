"""Undo commands restore the database exactly and survive plain ``QUndoStack.push`` calls."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from lawgov_desktop.gui.undo import (
    AddAnnotationsCommand,
    AddCategoryCommand,
    DeleteAnnotationsCommand,
    DeleteCategoryCommand,
    ReorderCategoriesCommand,
    UpdateAnnotationCommand,
    UpdateCategoryCommand,
)


def _rows(project) -> dict:
    tables = ["categories", "annotations", "annotation_categories"]
    return {t: sorted(project.db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}


def _strip_times(rows: dict) -> dict:
    """Category created_at and annotation updated_at are re-stamped on restore; ids, spans,
    names, links and notes must come back exactly."""
    return {
        "categories": [r[:7] for r in rows["categories"]],
        "annotations": [r[:11] for r in rows["annotations"]],
        "annotation_categories": rows["annotation_categories"],
    }


def test_every_command_undoes_and_redoes_exactly(qapp, seeded_project):
    from PySide6.QtGui import QUndoStack

    p = seeded_project
    stack = QUndoStack()
    rid = p.reports.list()[0].id
    zf, fy, _ = (c.id for c in p.categories.list())
    states = [_strip_times(_rows(p))]
    commands = [
        AddAnnotationsCommand(p, rid, [(0, 5), (3, 9)], [zf]),
        UpdateCategoryCommand(p, fy, name="行政复议", shortcut="1"),
        AddCategoryCommand(p, "信访", shortcut="4"),
        ReorderCategoriesCommand(p, [fy, zf]),
        DeleteCategoryCommand(p, zf, reassign_to=fy),
    ]
    for cmd in commands:
        stack.push(cmd)
        states.append(_strip_times(_rows(p)))
    ann_id = p.annotations.list()[0].id
    stack.push(UpdateAnnotationCommand(p, ann_id, note="备注", category_ids=[]))
    states.append(_strip_times(_rows(p)))
    stack.push(DeleteAnnotationsCommand(p, [ann_id]))
    states.append(_strip_times(_rows(p)))
    for i in range(len(states) - 1, 0, -1):
        stack.undo()
        assert _strip_times(_rows(p)) == states[i - 1], f"undo of step {i}"
    for i in range(1, len(states)):
        stack.redo()
        assert _strip_times(_rows(p)) == states[i], f"redo of step {i}"


def test_plain_pushes_in_a_row_do_not_crash(tmp_path):
    """A command attribute named ``id`` used to shadow QUndoCommand.id() and crash push()."""
    script = textwrap.dedent(
        f"""
        from PySide6.QtWidgets import QApplication
        from PySide6.QtGui import QUndoStack
        from lawgov_desktop.store.project import Project
        from lawgov_desktop.gui.undo import UpdateCategoryCommand, AddCategoryCommand, UpdateAnnotationCommand
        app = QApplication([])
        p = Project({str(tmp_path / "u.lawgov")!r})
        stack = QUndoStack()
        cid = p.categories.list()[0].id
        for i in range(20):
            stack.push(UpdateCategoryCommand(p, cid, name=f"名{{i}}"))
            stack.push(AddCategoryCommand(p, f"新{{i}}"))
        stack.undo(); stack.redo()
        print("ok")
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
