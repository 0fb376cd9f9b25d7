"""Several annotators in one project: who tagged what, agreement, and adjudication into gold.

The figures themselves are computed in :mod:`lawgov_desktop.core.agreement` (pure Python);
this module reads the annotations they need and writes the adjudicated set.  Annotations
that lost their place (``orphaned``) never count: their offsets no longer hold their quote.

Adjudication writes a third annotator set (default :data:`GOLD`): what both annotators
tagged identically goes in at once (:func:`seed_gold`), and each disagreement is decided by
a person (:func:`decide`) — A's spans, B's, both, or neither.  Each step is one operation
of the project, so its undo history puts the gold set back exactly; the step returned says
what it added and what it removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Message
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.errors import AnnotatorsNotTwo, CategoryUnknownShort, ReportNotFound
from lawgov_desktop.store.records import Annotation

if TYPE_CHECKING:
    from lawgov_desktop.core.agreement import AgreementReport, Disagreement, Unit
    from lawgov_desktop.store.project import Project

#: default name of the adjudicated annotator set
GOLD = "gold"


def annotator_counts(project: Project, report_ids: list[int] | None = None) -> list[tuple[str, int]]:
    """Every annotator name with the number of their annotations, most first."""
    where, params = "", []
    if report_ids:
        where = f"WHERE report_id IN ({','.join('?' * len(report_ids))})"
        params = list(report_ids)
    rows = project.conn.execute(
        f"SELECT annotator, count(*) FROM annotations {where} GROUP BY annotator ORDER BY count(*) DESC, annotator",
        params).fetchall()
    return [(name, n) for name, n in rows]


def annotator_units(project: Project, annotator: str, report_ids: list[int] | None = None) -> list[Unit]:
    """``(report_id, start, end, category name)`` of one annotator's placed annotations."""
    names = {c.id: c.name for c in project.categories.list()}
    flt = AnnotationFilter(report_ids=list(report_ids) if report_ids else None, annotator=annotator)
    return [(a.report_id, a.start, a.end, names[c]) for a in project.annotations.list(flt)
            if a.annotator == annotator and a.status != "orphaned" for c in a.category_ids if c in names]


def compare_annotators(project: Project, annotator_a: str, annotator_b: str,
                       report_ids: list[int] | None = None) -> tuple[AgreementReport, list[int]]:
    """Agreement of two annotators over the reports both annotated (within ``report_ids`` when
    given); also returns the requested reports left out because one of them has no annotation there."""
    # the figures: loaded when asked for, not with every pane that reads who tagged what
    from lawgov_desktop.core.agreement import compare

    if annotator_a == annotator_b:
        raise AnnotatorsNotTwo()
    known = {r.id: r.chars for r in project.reports.list()}
    missing = [r for r in report_ids or [] if r not in known]
    if missing:
        raise ReportNotFound(ids="、".join(map(str, missing)))
    units_a = annotator_units(project, annotator_a, report_ids)
    units_b = annotator_units(project, annotator_b, report_ids)
    both = {u[0] for u in units_a} & {u[0] for u in units_b}
    skipped = sorted(set(report_ids or []) - both)
    lengths = {rid: known[rid] for rid in both}
    order = [c.name for c in project.categories.list()]
    return compare(units_a, units_b, lengths, annotator_a, annotator_b, order), skipped


# -- adjudication ------------------------------------------------------------------------
@dataclass
class GoldStep:
    """One adjudication step: the gold annotations it added and those it removed (whole)."""

    report_id: int
    added: list[int] = field(default_factory=list)
    removed: list[Annotation] = field(default_factory=list)


def report_disagreements(project: Project, report_id: int, annotator_a: str, annotator_b: str) -> list[Disagreement]:
    """The disagreements of A and B in one report, as they stand now (also where only one of
    them tagged anything: then each of their spans is one)."""
    from lawgov_desktop.core.agreement import compare

    length = project.reports.get(report_id).chars
    order = [c.name for c in project.categories.list()]
    return compare(annotator_units(project, annotator_a, [report_id]), annotator_units(project, annotator_b, [report_id]),
                   {report_id: length}, annotator_a, annotator_b, order).disagreements


def gold_units(project: Project, report_id: int, gold: str = GOLD) -> list[Unit]:
    return annotator_units(project, gold, [report_id])


def seed_gold(project: Project, report_id: int, annotator_a: str, annotator_b: str, gold: str = GOLD) -> GoldStep:
    """Put into the gold set every unit both annotators made identically (not already there)."""
    from lawgov_desktop.core.agreement import agreed_units

    have = set(gold_units(project, report_id, gold))
    todo = [u for u in agreed_units(annotator_units(project, annotator_a, [report_id]),
                                    annotator_units(project, annotator_b, [report_id])) if u not in have]
    step = GoldStep(report_id)
    by_cat: dict[str, list[tuple[int, int]]] = {}
    for _rid, start, end, cat in todo:
        by_cat.setdefault(cat, []).append((start, end))
    with project.operation("adjudicate", Message("label.gold_agreed")):
        for cat, spans in by_cat.items():  # one transaction and one undo step for all categories
            step.added += project.annotations.add_many(report_id, spans, [cat], annotator=gold)
    return step


def decide(project: Project, d: Disagreement, choice: str, gold: str = GOLD) -> GoldStep:
    """Make the gold set hold exactly ``choice``'s spans for disagreement ``d``.

    Gold annotations of ``d``'s category lying inside the disagreement are replaced, so a
    person may change their mind and decide again."""
    from lawgov_desktop.core.agreement import decided_spans

    spans = decided_spans(d, choice)
    category = project.categories.by_name(d.category)
    if category is None:
        raise CategoryUnknownShort(name=d.category)
    step = GoldStep(d.report_id)
    current = [a for a in project.annotations.list(AnnotationFilter(report_ids=[d.report_id], annotator=gold))
               if a.annotator == gold and a.category_ids == [category.id] and d.start <= a.start and a.end <= d.end]
    keep = {(a.start, a.end) for a in current if (a.start, a.end) in set(spans)}
    stale = [a.id for a in current if (a.start, a.end) not in set(spans)]
    new = [s for s in spans if s not in keep]
    # replacing the gold spans is one transaction and one undo step
    with project.operation("adjudicate", Message("label.gold_decided", choice=choice)):
        if stale:
            step.removed = project.annotations.delete_many(stale)
        if new:
            step.added = project.annotations.add_many(d.report_id, new, [category.id], annotator=gold)
    return step


def gold_choice(project: Project, d: Disagreement, gold: str = GOLD) -> str | None:
    """Which choice the gold set reflects for ``d`` now (None: something else, or nothing yet)."""
    from lawgov_desktop.core.agreement import decided_spans

    spans = sorted({(s, e) for rid, s, e, cat in gold_units(project, d.report_id, gold)
                    if cat == d.category and d.start <= s and e <= d.end})
    if not spans:
        return None
    for choice in ("a", "b", "both"):
        if spans == decided_spans(d, choice):
            return choice
    return None


def report_annotators(project: Project, report_id: int) -> dict[int, str]:
    """Annotation id → annotator of one report's annotations (one indexed query)."""
    return dict(project.conn.execute("SELECT id, annotator FROM annotations WHERE report_id = ?", [report_id]))


def last_annotation_id(project: Project) -> int:
    """The highest annotation id so far (rows added later get higher ones)."""
    return project.conn.execute("SELECT coalesce(max(id), 0) FROM annotations").fetchone()[0]


def annotation_ids_after(project: Project, last_id: int) -> list[int]:
    """Ids of the annotations added since ``last_id`` was the highest."""
    return [r[0] for r in project.conn.execute("SELECT id FROM annotations WHERE id > ? ORDER BY id", [last_id])]
