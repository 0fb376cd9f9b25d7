"""The project's undo history: every operation is one transaction whose undo restores the
database exactly (compared as an SQL dump of the tables it may touch), redo brings back the
very rows it made, and the history survives closing and reopening the project."""

from __future__ import annotations

import pytest

from lawgov_desktop.store.history import HistoryError
from lawgov_desktop.store.project import Project

TABLES = ("categories", "annotations", "annotation_categories", "annotation_anchors", "suggestion_feedback")


def dump(project: Project) -> list[str]:
    """``iterdump()`` lines of the tables an operation may change (the history itself aside)."""
    return [line for line in project.db.conn.iterdump()
            if any(line.startswith(f'INSERT INTO "{t}"') for t in TABLES)]


def check_round_trip(project: Project, action, keep: bool = True) -> object:  # noqa: ANN001
    """Run ``action``; undo must give the dump before it, redo the dump after it, twice
    (and with ``keep`` false, a last undo leaves the project as before the action)."""
    before = dump(project)
    result = action()
    after = dump(project)
    assert after != before, "the action changed nothing"
    for _ in range(2):
        project.undo()
        assert dump(project) == before
        project.redo()
        assert dump(project) == after
    if not keep:
        project.undo()
        assert dump(project) == before
    return result


def test_tag_edit_delete_each_undo_exactly(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    cats = [c.id for c in p.categories.list()]
    aid = check_round_trip(p, lambda: p.annotations.add(rid, 2, 9, [cats[0]], note="n"))
    check_round_trip(p, lambda: p.annotations.add_many(rid, [(20, 25), (30, 35)], [cats[1], cats[2]]))
    check_round_trip(p, lambda: p.annotations.update(aid, note="changed", category_ids=[cats[1], cats[2]],
                                                    span=(3, 12)))
    check_round_trip(p, lambda: p.annotations.update(aid, category_ids=[]))
    check_round_trip(p, lambda: p.annotations.delete_many([a.id for a in p.annotations.list()]))


def test_tag_all_results_is_one_step_across_reports(seeded_project: Project) -> None:
    p = seeded_project
    rids = [r.id for r in p.reports.list()][:3]
    steps = len(p.history())
    ids = check_round_trip(p, lambda: p.annotations.add_across({rid: [(0, 4), (10, 14)] for rid in rids}, ["执法"]))
    assert sorted(ids) == sorted(rids) and len(p.history()) == steps + 1
    assert "3" in p.undo_label()


def test_a_failing_operation_leaves_nothing_and_no_step(seeded_project: Project) -> None:
    p = seeded_project
    rids = [r.id for r in p.reports.list()][:2]
    before, steps = dump(p), p.history()
    with pytest.raises(ValueError):  # the second report's span is outside its text
        p.annotations.add_across({rids[0]: [(0, 4)], rids[1]: [(0, 10**8)]}, ["执法"])
    assert dump(p) == before and p.history() == steps


def test_new_action_drops_redo_and_history_is_bounded(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 3, ["执法"])
    p.undo()
    assert p.redo_label() is not None
    p.annotations.add(rid, 5, 8, ["执法"])
    assert p.redo_label() is None
    with pytest.raises(HistoryError):
        p.redo()
    p.history_limit = 5
    for i in range(8):
        p.annotations.add(rid, i, i + 1, ["复议"])
    assert len(p.history()) == 5
    for _ in range(5):
        p.undo()
    with pytest.raises(HistoryError):
        p.undo()


def test_undo_after_reopening(tmp_path, seed_files) -> None:  # noqa: ANN001
    path = tmp_path / "reopen.lawgov"
    with Project(path) as p:
        p.reports.import_files(seed_files[:1])
        rid = p.reports.list()[0].id
        before = dump(p)
        p.annotations.add(rid, 2, 9, ["执法"], note="kept")
        after = dump(p)
    with Project(path) as again:
        assert again.undo_label() and "1" in again.undo_label()
        again.undo()
        assert dump(again) == before
    with Project(path) as third:
        third.redo()
        assert dump(third) == after


def test_undo_refuses_when_the_rows_changed_outside_the_history(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    aid = p.annotations.add(rid, 2, 9, ["执法"])
    p.db.execute("UPDATE annotations SET note = 'by hand' WHERE id = ?", [aid])
    before = dump(p)
    with pytest.raises(HistoryError, match="之后项目又被改动过"):
        p.undo()
    assert dump(p) == before


def test_listeners_hear_after_commit_and_from_undo(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    heard = []
    p.add_listener(lambda ch: heard.append((ch.op, set(ch.annotations), p.db.conn.in_transaction)))
    aid = p.annotations.add(rid, 2, 9, ["执法"])
    p.undo()
    assert heard[0] == ("add-annotation", {rid}, False)
    assert heard[1][:2] == ("undo", {rid})
    assert aid not in {a.id for a in p.annotations.list()}


def test_category_operations_each_undo_exactly(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    zf, fy, ys = (p.categories.by_name(n).id for n in ("执法", "复议", "营商环境"))
    p.annotations.add(rid, 0, 5, [zf, fy])
    p.annotations.add(rid, 6, 9, [zf])
    p.annotations.add(rid, 12, 20, [ys])
    new = check_round_trip(p, lambda: p.categories.add("新类别", color="#123456", shortcut="1", parent_id=zf))
    check_round_trip(p, lambda: p.categories.update(fy, name="复议改名"))
    check_round_trip(p, lambda: p.categories.update(fy, color="#abcdef", shortcut="3", keywords=["甲", "乙"]))
    check_round_trip(p, lambda: p.categories.reorder([ys, new, fy, zf]))
    check_round_trip(p, lambda: p.categories.delete(zf), keep=False)  # its child moves up, its links go
    check_round_trip(p, lambda: p.categories.delete(zf, reassign_to=ys), keep=False)
    check_round_trip(p, lambda: p.categories.delete(zf, delete_annotations=True))


def test_accept_and_reject_suggestion_are_one_step_each(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    zf = p.categories.by_name("执法").id
    steps = len(p.history())
    aid, fid = check_round_trip(p, lambda: p.suggestions.accept(rid, 3, 10, zf))
    assert len(p.history()) == steps + 1 and p.history()[0].op == "accept-suggestion"
    assert p.annotations.get(aid).category_ids == [zf]
    assert [f.id for f in p.suggestions.feedback(verdict="accepted")] == [fid]
    check_round_trip(p, lambda: p.suggestions.reject(rid, 30, 40, zf))
    assert len(p.history()) == steps + 2


def _needs_attention(p: Project, status: str) -> int:
    rid = p.reports.list()[0].id
    aid = p.annotations.add(rid, 10, 16, ["执法"])
    p.db.execute("UPDATE annotations SET status = ? WHERE id = ?", [status, aid])
    p.db.execute("INSERT INTO annotation_anchors (annotation_id, previous_start, previous_end, previous_quote, "
                 "score, reason, created_at) VALUES (?, 8, 14, '旧的文字', 0.5, 'moved', '2026-01-01T00:00:00+00:00')",
                 [aid])
    return aid


def test_resolving_a_review_or_orphan_is_one_undoable_step(seeded_project: Project) -> None:
    p = seeded_project
    aid = _needs_attention(p, "review")
    check_round_trip(p, lambda: p.versions.resolve(aid, accept=True))
    check_round_trip(p, lambda: p.versions.resolve(aid, place=(20, 30)))
    orphan = _needs_attention(p, "orphaned")
    check_round_trip(p, lambda: p.versions.resolve(orphan, delete=True))
    assert p.history()[0].op == "resolve-annotation"


def test_importing_annotations_is_one_step_that_undoes_exactly(seeded_project: Project, tmp_path) -> None:  # noqa: ANN001
    from lawgov_desktop.cli import main

    p = seeded_project
    rids = [r.id for r in p.reports.list()][:2]
    p.annotations.add_across({rid: [(0, 6), (12, 20)] for rid in rids}, ["执法", "复议"], note="exported")
    p.categories.add("导入新类", color="#445566")
    p.annotations.add(rids[0], 30, 40, ["导入新类"])
    out = tmp_path / "all.jsonl"
    assert main(["--db", str(p.path), "export", "--format", "jsonl", "-o", str(out)]) == 0
    p.annotations.delete_many([a.id for a in p.annotations.list()])
    p.categories.delete(p.categories.by_name("导入新类").id)
    steps = len(p.history())
    from lawgov_desktop.export.importer import import_annotations

    report = check_round_trip(p, lambda: import_annotations(p, out))
    assert report.added == 5 and len(p.history()) == steps + 1 and p.history()[0].op == "import-annotations"


def test_an_adjudication_decision_is_one_step(seeded_project: Project) -> None:
    from lawgov_desktop.store import team

    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add_many(rid, [(0, 10), (40, 50)], ["执法"], annotator="甲")
    p.annotations.add_many(rid, [(0, 10), (42, 50)], ["执法"], annotator="乙")
    steps = len(p.history())
    check_round_trip(p, lambda: team.seed_gold(p, rid, "甲", "乙"))
    [d] = team.report_disagreements(p, rid, "甲", "乙")
    check_round_trip(p, lambda: team.decide(p, d, "a"))
    check_round_trip(p, lambda: team.decide(p, d, "b"))  # replaces the gold spans of "a": still one step
    assert len(p.history()) == steps + 3


def test_undo_refuses_to_take_along_rows_a_later_change_made(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    aid = p.annotations.add(rid, 0, 5, ["执法"])
    cid = p.categories.add("后来的类别")
    # a change that is not a step (as a merge writes) links the older annotation to the new category
    p.db.execute("INSERT INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)", [aid, cid])
    before = dump(p)
    with pytest.raises(HistoryError, match="之后的改动依赖它"):
        p.undo()  # deleting the category would take that link with it
    assert dump(p) == before and p.undo_label().startswith("新建类别")


def test_large_steps_are_bounded_in_bytes_too(seeded_project: Project, monkeypatch) -> None:  # noqa: ANN001
    from lawgov_desktop.store import history

    p = seeded_project
    rid = p.reports.list()[0].id
    monkeypatch.setattr(history, "LARGE_STEP", 2_000)
    monkeypatch.setattr(history, "MAX_BYTES", 25_000)
    small = p.annotations.add(rid, 0, 3, ["执法"])
    for i in range(4):  # each step well over LARGE_STEP: only the newest that fit in MAX_BYTES stay
        p.annotations.add_many(rid, [(s, s + 2) for s in range(100 + i * 300, 100 + i * 300 + 240, 3)], ["复议"],
                          note="长" * 40)
    kept = p.history()
    assert 1 <= len(kept) < 5 and all(s.op == "add-annotation" and s.rows == 160 for s in kept)
    for _ in kept:
        p.undo()
    with pytest.raises(HistoryError):
        p.undo()  # the oldest large ones and the small one before them are gone
    assert small in {a.id for a in p.annotations.list()}


def test_steps_leave_out_what_triggers_derive(seeded_project: Project) -> None:
    """An annotation's stored category ids follow its links (see ``store/schema.py``): the step
    of a category change holds the links alone, not an image of every annotation they touch,
    and no row image carries the derived column; undo gives it back through the links."""
    import json

    p = seeded_project
    rid = p.reports.list()[0].id
    zf, fy = (p.categories.by_name(n).id for n in ("执法", "复议"))
    ids = p.annotations.add_many(rid, [(k * 10, k * 10 + 4) for k in range(20)], [zf, fy])
    before = dump(p)
    p.categories.delete(fy)
    rows = json.loads(p.db.conn.execute("SELECT rows FROM history ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert {t for t, _b, _a in rows} == {"categories", "annotation_categories"}
    assert all("category_ids" not in (b or a) for _t, b, a in rows)
    assert {p.annotations.get(i).category_ids == [zf] for i in ids} == {True}
    stored = {r[0] for r in p.db.conn.execute(f"SELECT category_ids FROM annotations WHERE id IN ({','.join(map(str, ids))})")}
    assert stored == {str(zf)}
    p.undo()
    assert dump(p) == before
    tagged = p.db.conn.execute("SELECT rows FROM history WHERE op = 'add-annotation' ORDER BY id DESC").fetchone()[0]
    assert "category_ids" not in tagged
