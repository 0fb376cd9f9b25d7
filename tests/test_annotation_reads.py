"""A report's annotations read once for the pane and the list are never served stale."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.project import Project

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]


def _ids(p: Project, rid: int) -> list[int]:
    return [a.id for a in p.annotations.list(AnnotationFilter(report_ids=[rid]))]


def test_report_read_follows_every_change(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        p.reports.import_files([SEED])
        cat = p.categories.list()[0].id
        first = p.annotations.add(1, 20, 30, [cat])
        second = p.annotations.add(1, 5, 9, [cat])
        spans = p.annotations.spans(1)
        assert [k.id for k in spans] == [second, first]  # by position, as annotations() lists them
        assert _ids(p, 1) == [second, first]
        listed = p.annotations.list(AnnotationFilter(report_ids=[1]))
        listed.clear()  # callers own the list they get
        assert _ids(p, 1) == [second, first]

        p.annotations.delete_many([first])  # this connection's own change
        assert _ids(p, 1) == [second]

        with Project(path) as other:  # another connection's commit
            third = other.annotations.add(1, 1, 3, [cat])
        assert _ids(p, 1) == [third, second]
        assert [k.id for k in p.annotations.spans(1)] == [third, second]


def _keys(p: Project, flt: AnnotationFilter) -> list[int]:
    return [k.id for k in p.annotations.keys(flt)]


def test_keys_details_and_columns_agree_with_whole_annotations(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        p.reports.import_files([SEED])
        cats = [c.id for c in p.categories.list()[:2]]
        a = p.annotations.add(1, 20, 30, cats, note="甲")
        b = p.annotations.add(1, 5, 9, [cats[1]])
        c = p.annotations.add(1, 40, 48, [], note="乙")
        for flt in (AnnotationFilter(report_ids=[1]), AnnotationFilter(), AnnotationFilter(text="乙"),
                    AnnotationFilter(category_ids=[cats[1]]), AnnotationFilter(report_ids=[1], annotation_ids=[a, c])):
            whole = p.annotations.list(flt)
            keys = p.annotations.keys(flt)
            assert [k.id for k in keys] == [w.id for w in whole]
            assert [(k.report_id, k.start, k.end, k.status, list(k.category_ids)) for k in keys] == \
                [(w.report_id, w.start, w.end, w.status, w.category_ids) for w in whole]
        assert p.annotations.details([c, a, 999]) == {a: p.annotations.get(a), c: p.annotations.get(c)}
        assert p.annotations.column([a, b, c], "note") == {a: "甲", b: "", c: "乙"}
        many = p.annotations.add_many(1, [(i, i + 2) for i in range(1200)])
        assert set(p.annotations.details(many)) == set(many)  # more ids than one query takes
        assert b in _keys(p, AnnotationFilter(report_ids=[1]))
        p.annotations.delete_many([b])  # a change is seen by the cached read of the report
        assert b not in _keys(p, AnnotationFilter(report_ids=[1]))
        p.annotations.update(a, note="丙")
        assert p.annotations.column([a], "note") == {a: "丙"}
