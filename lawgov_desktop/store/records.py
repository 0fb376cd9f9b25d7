"""Rows of a project as plain dataclasses, so callers never see SQL or sqlite rows."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

#: Code points of text kept before and after each annotation's quote, so that the span
#: can be found again when the report's text changes (re-anchoring, import of exports).
CONTEXT_CHARS = 32

DEFAULT_CATEGORIES: list[tuple[str, str, str, list[str]]] = [
    # name, colour, shortcut, keywords for suggestions
    ("执法", "#f6b26b", "1", ["行政执法", "执法", "行政处罚", "执法监督", "综合执法", "执法人员", "三项制度",
                             "行政检查", "双随机", "行政强制", "柔性执法", "免罚清单"]),
    ("复议", "#6fa8dc", "2", ["行政复议", "复议", "行政应诉", "出庭应诉", "行政诉讼", "败诉", "行政争议",
                             "多元解纷", "矛盾纠纷", "调解", "诉源治理", "纠错"]),
    ("营商环境", "#93c47d", "3", ["营商环境", "放管服", "政务服务", "一件事一次办", "行政许可", "市场主体",
                               "简政放权", "审批", "证照分离", "一网通办", "免申即享", "网上办", "权责清单"]),
]

#: Colours offered to new categories in turn; readable under black text when blended.
PALETTE = ["#f6b26b", "#6fa8dc", "#93c47d", "#e06666", "#8e7cc3", "#ffd966", "#76a5af", "#c27ba0",
           "#a4c2f4", "#b6d7a8", "#f9cb9c", "#d5a6bd"]


def now_iso() -> str:
    """UTC timestamp with seconds, as stored in created_at / updated_at."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class ReportInfo:
    id: int
    title: str
    year: int | None
    issuer: str
    region: str
    source: str
    publish_date: str
    file_name: str
    chars: int
    sha256: str
    imported_at: str
    sections: int = 0
    annotations: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


class ReportListing(NamedTuple):
    """One line of the report list (the library): what its columns show. What only a line's
    tooltip shows (file name, length, section count) is read with
    :meth:`~lawgov_desktop.store.reports.Reports.get` when asked for: reading the file names
    and lengths of 10,000 reports took a quarter of the list's read at every start. A tuple,
    so that 10,000 of them are made in a few milliseconds."""

    id: int
    title: str
    year: int | None
    issuer: str
    region: str
    annotations: int


@dataclass
class Category:
    id: int
    name: str
    color: str
    shortcut: str = ""
    parent_id: int | None = None
    position: int = 0
    keywords: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict) -> Category:
        return cls(
            id=row["id"], name=row["name"], color=row["color"], shortcut=row["shortcut"],
            parent_id=row["parent_id"], position=row["position"], keywords=json.loads(row["keywords"] or "[]"),
        )

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Annotation:
    """One tagged span; ``start``/``end`` are code-point offsets into the report's text."""

    id: int
    report_id: int
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    annotator: str = ""
    status: str = "ok"
    created_at: str = ""
    updated_at: str = ""
    category_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Changes:
    """What one committed operation changed; listeners refresh only what is named."""

    op: str
    reports: bool = False
    categories: bool = False
    annotations: set[int] = field(default_factory=set)  # report ids whose annotations changed
    #: the annotations added, changed or removed, when the operation knows exactly which: a
    #: listener can then update just those rows instead of re-reading every annotation of a
    #: report (empty: any annotation of the reports in ``annotations`` may have changed)
    annotation_ids: set[int] = field(default_factory=set)
