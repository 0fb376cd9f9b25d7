"""Statistics of a project: how much was tagged, where, and how much of each report it covers.

Query functions over an open :class:`Project`; they return plain tables the GUI draws and
exports and the CLI prints.  An annotation with two categories counts once for each.
Orphaned annotations (lost their place after a re-import) are left out: they no longer
point at text of the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from lawgov_desktop.store.errors import DimensionUnknown
from lawgov_desktop.store.records import Category

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

DIMENSIONS = ("report", "issuer", "year")
UNKNOWN = "（未知）"


@dataclass
class CountTable:
    """Annotation counts: one row per report / issuer / year, one column per category."""

    dimension: str
    row_keys: list[object]
    row_labels: list[str]
    categories: list[Category]
    counts: list[list[int]] = field(default_factory=list)  # [row][category]

    def row_total(self, row: int) -> int:
        return sum(self.counts[row])

    def column_total(self, col: int) -> int:
        return sum(r[col] for r in self.counts)

    def as_rows(self) -> list[list[object]]:
        """Header and rows, ready for CSV."""
        head: list[object] = [self.dimension] + [c.name for c in self.categories] + ["合计"]
        body: list[list[object]] = [[label, *row, sum(row)] for label, row in zip(self.row_labels, self.counts,
                                                                                   strict=True)]
        return [head, *body]


@dataclass
class CoverageRow:
    """How much of one report one category covers."""

    report_id: int
    report_title: str
    category_id: int
    category: str
    sections: int  # sections of the finest level (those without sub-sections)
    sections_tagged: int  # of those, how many hold at least one annotation of the category
    chars: int
    chars_covered: int  # characters inside the union of the category's annotations

    @property
    def section_share(self) -> float:
        return self.sections_tagged / self.sections if self.sections else 0.0

    @property
    def char_share(self) -> float:
        return self.chars_covered / self.chars if self.chars else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "section_share": self.section_share, "char_share": self.char_share}


def _links(project: Project) -> list[tuple[int, int, int, int]]:
    """(report_id, category_id, start, end) of every live annotation-category pair."""
    rows = project.conn.execute(
        'SELECT a.report_id, ac.category_id, a.start, a."end" FROM annotations a '
        "JOIN annotation_categories ac ON ac.annotation_id = a.id WHERE a.status <> 'orphaned'"
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def annotation_counts(project: Project, by: str = "report") -> CountTable:
    """Annotations per category × report (or issuer, or year); every report appears."""
    if by not in DIMENSIONS:
        raise DimensionUnknown(by=by, choices="、".join(DIMENSIONS))
    cats = project.categories.list()
    col = {c.id: i for i, c in enumerate(cats)}
    reports = project.reports.list()
    key_of: dict[int, object] = {}
    labels: dict[object, str] = {}
    order: list[object] = []
    for r in reports:
        if by == "report":
            key: object = r.id
            label = f"#{r.id} {r.title}".strip()
        elif by == "issuer":
            key = r.issuer
            label = r.issuer or UNKNOWN
        else:
            key = r.year
            label = str(r.year) if r.year is not None else UNKNOWN
        key_of[r.id] = key
        if key not in labels:
            labels[key] = label
            order.append(key)
    if by == "year":
        order.sort(key=lambda k: (k is None, k if k is not None else 0))
    row = {k: i for i, k in enumerate(order)}
    table = CountTable(by, order, [labels[k] for k in order], cats, [[0] * len(cats) for _ in order])
    for rid, cid, _s, _e in _links(project):
        if rid in key_of and cid in col:
            table.counts[row[key_of[rid]]][col[cid]] += 1
    return table


def _leaf_sections(project: Project, report_id: int) -> list[tuple[int, int]]:
    secs = project.reports.sections(report_id)
    parents = {s.parent for s in secs if s.parent is not None}
    return [(s.start, s.end) for i, s in enumerate(secs) if i not in parents]


def _union_length(spans: list[tuple[int, int]], limit: int) -> int:
    total, cur_s, cur_e = 0, -1, -1
    for s, e in sorted(spans):
        s, e = max(0, s), min(limit, e)
        if e <= s:
            continue
        if s > cur_e:
            total += cur_e - cur_s if cur_e > cur_s else 0
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    total += cur_e - cur_s if cur_e > cur_s else 0
    return total


def section_coverage(project: Project, report_ids: list[int] | None = None) -> list[CoverageRow]:
    """Per report and category: share of its finest sections tagged, and of its characters.

    The finest sections (those without sub-sections) are used so that a tag deep inside a
    report does not count its whole top-level part as covered.
    """
    cats = project.categories.list()
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for rid, cid, s, e in _links(project):
        spans.setdefault((rid, cid), []).append((s, e))
    out: list[CoverageRow] = []
    for r in project.reports.list():
        if report_ids is not None and r.id not in report_ids:
            continue
        leaves = _leaf_sections(project, r.id)
        for c in cats:
            mine = spans.get((r.id, c.id), [])
            tagged = sum(1 for ls, le in leaves if any(s < le and ls < e for s, e in mine))
            out.append(CoverageRow(r.id, r.title, c.id, c.name, len(leaves), tagged, r.chars,
                                   _union_length(mine, r.chars)))
    return out


def category_totals(project: Project) -> dict[int, int]:
    """Number of live annotations carrying each category (0 for unused ones)."""
    totals = {c.id: 0 for c in project.categories.list()}
    for _rid, cid, _s, _e in _links(project):
        if cid in totals:
            totals[cid] += 1
    return totals


__all__ = ["DIMENSIONS", "CountTable", "CoverageRow", "annotation_counts", "category_totals", "section_coverage"]
