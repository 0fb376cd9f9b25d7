"""A report's annotations read once for the pane and the list are never served stale."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.project import Project

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]


def _ids(p: Project, rid: int) -> list[int]:
    return [a.id for a in p.annotations(AnnotationFilter(report_ids=[rid]))]


def test_report_read_follows_every_change(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        p.import_files([SEED])
        cat = p.categories()[0].id
        first = p.add_annotation(1, 20, 30, [cat])
        second = p.add_annotation(1, 5, 9, [cat])
        spans = p.annotation_spans(1)
        assert [s[0] for s in spans] == [second, first]  # by position, as annotations() lists them
        assert _ids(p, 1) == [second, first]
        listed = p.annotations(AnnotationFilter(report_ids=[1]))
        listed.clear()  # callers own the list they get
        assert _ids(p, 1) == [second, first]

        p.delete_annotations([first])  # this connection's own change
        assert _ids(p, 1) == [second]

        with Project(path) as other:  # another connection's commit
            third = other.add_annotation(1, 1, 3, [cat])
        assert _ids(p, 1) == [third, second]
        assert [s[0] for s in p.annotation_spans(1)] == [third, second]
