"""Category manager: each operation changes the database as one undo step, and undo / redo
give back exactly the rows from before / after."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QMessageBox

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_delete_dialog import DeleteCategoryDialog
from lawgov_desktop.gui.category_manager import CategoryManagerDialog
from lawgov_desktop.gui.category_widgets import ID_ROLE, parse_keywords
from lawgov_desktop.gui.undo import UpdateCategoryCommand, error_text, push_checked
from lawgov_desktop.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
ENFORCE, REVIEW, BUSINESS = 1, 2, 3  # 执法, 复议, 营商环境 in a new project


def snapshot(project: Project) -> dict[str, list[tuple]]:
    """The rows undo must restore; creation/update *times* of restored rows are not compared."""
    q = project.db.execute
    return {
        "categories": q("SELECT id, name, parent_id, color, shortcut, position, keywords FROM categories "
                        "ORDER BY id").fetchall(),
        "annotations": q('SELECT id, report_id, start, "end", quote, prefix, suffix, note, annotator, status, '
                         "created_at FROM annotations ORDER BY id").fetchall(),
        "links": q("SELECT annotation_id, category_id FROM annotation_categories ORDER BY 1, 2").fetchall(),
    }


def assert_one_undoable_step(stack: QUndoStack, project: Project, before: dict) -> dict:
    after = snapshot(project)
    assert after != before
    assert stack.count() == 1 and stack.index() == 1
    stack.undo()
    assert snapshot(project) == before
    stack.redo()
    assert snapshot(project) == after
    return after


class Env:
    def __init__(self, project: Project, dialog: CategoryManagerDialog, stack: QUndoStack) -> None:
        self.project, self.dialog, self.stack = project, dialog, stack
        self.warnings: list[str] = []
        self.infos: list[str] = []

    def cat(self, cid: int):
        return self.project.categories.get(cid)

    def tree_names(self) -> list[str]:
        model = self.dialog.model
        out: list[str] = []

        def walk(parent) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                out.append("  " * len(_ancestors(index)) + index.data())
                walk(index)

        walk(self.dialog.view.rootIndex())
        return out


def _ancestors(index) -> list:
    out = []
    while index.parent().isValid():
        index = index.parent()
        out.append(index)
    return out


@pytest.fixture
def env(qtbot, seeded_project: Project, monkeypatch: pytest.MonkeyPatch):
    p = seeded_project
    p.annotations.add(1, 150, 170, [ENFORCE], note="只有执法")
    p.annotations.add(1, 300, 320, [ENFORCE, REVIEW])
    p.annotations.add(2, 100, 120, [REVIEW])
    p.annotations.add(3, 50, 80, [BUSINESS])
    bridge = ProjectBridge(p)
    stack = QUndoStack()
    dialog = CategoryManagerDialog(bridge, stack)
    qtbot.addWidget(dialog)
    dialog.show()
    e = Env(p, dialog, stack)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: e.warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: e.infos.append(text))
    yield e
    stack.clear()  # its commands go now, with their stack alive, not in a later garbage collection
    bridge.detach()


def answer(monkeypatch: pytest.MonkeyPatch, name: str, value: object) -> None:
    monkeypatch.setattr(QInputDialog, name, lambda *a, **k: (value, True))


def test_tree_shows_swatch_name_key_and_count(env: Env):
    model = env.dialog.model
    assert env.tree_names() == ["执法", "复议", "营商环境"]
    first = [model.index(0, c).data() for c in range(4)]
    assert first[:3] == ["执法", "1", "2"] and "行政执法" in first[3]
    assert not model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_add_category_then_undo_redo(env: Env, monkeypatch):
    before = snapshot(env.project)
    answer(monkeypatch, "getText", " 信息公开 ")
    env.dialog.add_action.trigger()
    new = env.project.categories.by_name("信息公开")
    assert new is not None and env.dialog.current_id() == new.id
    assert env.tree_names()[-1] == "信息公开"
    assert_one_undoable_step(env.stack, env.project, before)
    assert env.tree_names()[-1] == "信息公开"  # rebuilt after the redo too


def test_duplicate_name_is_refused_with_a_message(env: Env, monkeypatch):
    before = snapshot(env.project)
    answer(monkeypatch, "getText", "复议")
    env.dialog.add_action.trigger()
    assert env.warnings and "复议" in env.warnings[0]
    assert env.stack.count() == 0 and snapshot(env.project) == before


def test_rename_by_action_and_inline(env: Env, monkeypatch, qtbot):
    before = snapshot(env.project)
    env.dialog.select(ENFORCE)
    answer(monkeypatch, "getText", "行政执法")
    env.dialog.rename_action.trigger()
    assert env.cat(ENFORCE).name == "行政执法"
    assert_one_undoable_step(env.stack, env.project, before)

    env.dialog.model.setData(env.dialog.model.index(2, 0), "优化营商环境")  # as the inline editor does
    qtbot.waitUntil(lambda: env.cat(BUSINESS).name == "优化营商环境")
    assert env.stack.count() == 2
    env.dialog.model.setData(env.dialog.model.index(2, 0), "复议")  # taken: refused and reverted
    qtbot.waitUntil(lambda: bool(env.warnings))
    assert env.cat(BUSINESS).name == "优化营商环境" and env.dialog.model.index(2, 0).data() == "优化营商环境"


def test_recolour(env: Env, monkeypatch):
    before = snapshot(env.project)
    env.dialog.select(REVIEW)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    env.dialog.color_action.trigger()
    assert env.cat(REVIEW).color == "#123456"
    assert_one_undoable_step(env.stack, env.project, before)


def test_move_up_and_down(env: Env):
    before = snapshot(env.project)
    env.dialog.select(BUSINESS)
    assert not env.dialog.down_action.isEnabled()
    env.dialog.up_action.trigger()
    assert [c.name for c in env.project.categories.list()] == ["执法", "营商环境", "复议"]
    assert env.tree_names() == ["执法", "营商环境", "复议"] and env.dialog.current_id() == BUSINESS
    assert_one_undoable_step(env.stack, env.project, before)
    env.dialog.select(ENFORCE)
    env.dialog.down_action.trigger()
    assert env.tree_names() == ["营商环境", "执法", "复议"]


def test_nest_and_promote_each_one_step(env: Env):
    before = snapshot(env.project)
    env.dialog.select(REVIEW)
    env.dialog.nest_action.trigger()
    assert env.cat(REVIEW).parent_id == ENFORCE
    assert env.tree_names() == ["执法", "  复议", "营商环境"]
    nested = assert_one_undoable_step(env.stack, env.project, before)

    env.dialog.select(BUSINESS)
    env.dialog.nest_action.trigger()  # becomes the last child of 执法, after 复议
    assert env.tree_names() == ["执法", "  复议", "  营商环境"]
    env.stack.undo()
    assert snapshot(env.project) == nested
    env.stack.redo()

    env.dialog.select(REVIEW)
    env.dialog.unnest_action.trigger()  # right after its former parent
    assert env.cat(REVIEW).parent_id is None
    assert env.tree_names() == ["执法", "  营商环境", "复议"]
    env.stack.undo()
    assert env.tree_names() == ["执法", "  复议", "  营商环境"]


def test_nesting_into_itself_is_refused(env: Env):
    env.dialog.select(REVIEW)
    env.dialog.nest_action.trigger()
    before = snapshot(env.project)
    assert env.dialog.move_category(ENFORCE, REVIEW, None) is False
    assert env.warnings and snapshot(env.project) == before and env.stack.count() == 1


def test_drag_and_drop_nests_on_an_item_and_reorders_between(env: Env, qtbot):
    model, before = env.dialog.model, snapshot(env.project)
    item = lambda cid: model.match(model.index(0, 0), ID_ROLE, cid, 1, Qt.MatchFlag.MatchRecursive)[0]  # noqa: E731
    data = model.mimeData([item(BUSINESS)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, item(ENFORCE)) is False  # view keeps rows
    qtbot.waitUntil(lambda: env.cat(BUSINESS).parent_id == ENFORCE)
    assert env.tree_names() == ["执法", "  营商环境", "复议"]
    assert_one_undoable_step(env.stack, env.project, before)

    data = model.mimeData([item(REVIEW)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(0, 0).parent())  # above 执法
    qtbot.waitUntil(lambda: env.tree_names()[0] == "复议")
    assert not model.canDropMimeData(model.mimeData([item(ENFORCE)]), Qt.DropAction.MoveAction, -1, -1,
                                     item(BUSINESS))  # a parent cannot go into its child


def test_shortcut_moves_from_its_holder_and_says_so(env: Env, monkeypatch):
    before = snapshot(env.project)
    env.dialog.select(BUSINESS)
    answer(monkeypatch, "getText", "1")
    env.dialog.shortcut_action.trigger()
    assert env.cat(BUSINESS).shortcut == "1" and env.cat(ENFORCE).shortcut == ""
    assert env.infos and "执法" in env.infos[0]
    assert_one_undoable_step(env.stack, env.project, before)
    answer(monkeypatch, "getText", "F1")
    env.dialog.shortcut_action.trigger()
    assert env.warnings and env.stack.count() == 1


def test_merge_into_chosen_target(env: Env, monkeypatch):
    before = snapshot(env.project)
    env.dialog.select(ENFORCE)
    answer(monkeypatch, "getItem", "复议")
    env.dialog.merge_action.trigger()
    assert env.project.categories.by_name("执法") is None
    assert [a.category_ids for a in env.project.annotations.list()] == [[REVIEW], [REVIEW], [REVIEW], [BUSINESS]]
    assert_one_undoable_step(env.stack, env.project, before)


@pytest.mark.parametrize("choice", ["move", "untag", "delete"])
def test_delete_with_each_choice_for_its_annotations(env: Env, monkeypatch, choice: str):
    seen: dict[str, str] = {}

    def fake_exec(dialog: DeleteCategoryDialog) -> int:
        seen["text"] = " ".join(w.text() for w in dialog.findChildren(type(dialog.move_radio)))
        if choice == "move":
            dialog.move_radio.setChecked(True)
            dialog.target_combo.setCurrentIndex(dialog.target_combo.findData(BUSINESS))
        elif choice == "delete":
            dialog.delete_radio.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeleteCategoryDialog, "exec", fake_exec)
    before = snapshot(env.project)
    env.dialog.select(ENFORCE)
    env.dialog.delete_action.trigger()
    assert "1" in seen["text"]  # "delete the 1 annotation that carries only this category"
    assert env.project.categories.by_name("执法") is None
    cats = {a.id: a.category_ids for a in env.project.annotations.list()}
    expected = {"move": {1: [BUSINESS], 2: [REVIEW, BUSINESS], 3: [REVIEW], 4: [BUSINESS]},
                "untag": {1: [], 2: [REVIEW], 3: [REVIEW], 4: [BUSINESS]},
                "delete": {2: [REVIEW], 3: [REVIEW], 4: [BUSINESS]}}[choice]
    assert cats == expected
    assert_one_undoable_step(env.stack, env.project, before)


def test_cancelled_delete_and_unused_category(env: Env, monkeypatch):
    monkeypatch.setattr(DeleteCategoryDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    env.dialog.select(ENFORCE)
    env.dialog.delete_action.trigger()
    assert env.stack.count() == 0
    env.project.categories.add("空类别")
    before = snapshot(env.project)
    env.dialog.select(env.project.categories.by_name("空类别").id)
    env.dialog.delete_action.trigger()  # nothing to decide: deleted at once, undoable
    assert env.project.categories.by_name("空类别") is None
    assert_one_undoable_step(env.stack, env.project, before)


def test_keywords(env: Env, monkeypatch):
    assert parse_keywords("a、b\n c ,a，d；e") == ["a", "b", "c", "d", "e"]
    before = snapshot(env.project)
    env.dialog.select(REVIEW)
    answer(monkeypatch, "getMultiLineText", "行政复议、复议决定\n 复议决定 ,纠错")
    env.dialog.keywords_action.trigger()
    assert env.cat(REVIEW).keywords == ["行政复议", "复议决定", "纠错"]
    assert_one_undoable_step(env.stack, env.project, before)


def test_counts_follow_external_changes(env: Env):
    model = env.dialog.model
    assert model.index(2, 2).data() == "1"
    env.project.annotations.add(2, 10, 20, [BUSINESS])
    assert env.dialog.model.index(2, 2).data() == "2"


def test_push_checked_leaves_no_trace_of_a_refused_step(env: Env):
    p, stack = env.project, env.stack
    before = snapshot(p)
    with pytest.raises(ValueError, match="复议"):
        push_checked(stack, [UpdateCategoryCommand(p, ENFORCE, color="#000000"),
                             UpdateCategoryCommand(p, ENFORCE, name="复议")], "two steps")
    assert snapshot(p) == before and stack.count() == 0 and not stack.canUndo()
    assert error_text(ValueError("Error calling Python override of QUndoCommand::redo(): 类别已存在")) == "类别已存在"


def test_commands_pushed_after_an_undo_redo_do_not_crash(env: Env):
    """QUndoStack.push asks the command below for id(); the commands keep an int there."""
    p, stack = env.project, env.stack
    push_checked(stack, UpdateCategoryCommand(p, ENFORCE, name="甲"))
    stack.undo()
    stack.redo()
    push_checked(stack, UpdateCategoryCommand(p, REVIEW, name="乙"))
    push_checked(stack, UpdateCategoryCommand(p, BUSINESS, name="丙"))
    assert [c.name for c in p.categories.list()] == ["甲", "乙", "丙"] and stack.count() == 3
    stack.undo()
    assert env.cat(BUSINESS).name == "营商环境"


def _tr_strings(path: Path) -> set[str]:
    """Literal first arguments of tr(...) / _tr(...) calls in a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("tr", "_tr"):
                found.add(node.args[0].value)
    return found


def test_every_ui_string_has_a_chinese_translation():
    table = json.loads((ROOT / "resources/i18n/strings_zh_CN_widgets.json").read_text(encoding="utf-8"))
    gui = ROOT / "lawgov_desktop/gui"
    used = set().union(*(_tr_strings(gui / f) for f in ("category_manager.py", "category_edits.py", "category_widgets.py", "category_delete_dialog.py",
                                                         "annotations_panel.py", "annotation_editor.py")))
    missing = sorted(used - set(table))
    assert not missing, missing
    assert all(table[s].strip() for s in used)
    for s in used:  # placeholders must survive translation
        assert set(re.findall(r"\{(\w+)\}", s)) == set(re.findall(r"\{(\w+)\}", table[s])), s
    menu = {"New": "新建", "Rename": "重命名", "Colour…": "颜色…", "Shortcut key": "快捷键", "Move up": "上移",
            "Move down": "下移", "Make subcategory": "设为子类别", "Promote": "提升", "Merge into…": "合并到…",
            "Delete": "删除", "Keywords": "关键词", "Open reports": "当前打开的报告", "All reports": "全部报告",
            "Save": "保存", "Cancel": "取消", "All categories": "全部"}
    assert {k: table[k] for k in menu} == menu
