"""The records of an export selection: what the store selects and every export format reads.

The store builds them (:mod:`lawgov_desktop.store.excerpts`) and the formats of
:mod:`lawgov_desktop.export` write them; they live here, below both, so that the store never
imports the export package.  Offsets are Unicode code points into the report's stored text
(``text[start:end] == quote``).

Context: ``context_before`` / ``context_after`` are the :data:`EXPORT_CONTEXT_CHARS` code
points next to the quote, **not** clipped at paragraph boundaries: staff often tag a whole
paragraph, and clipped context would then be empty exactly where it helps most; and the same
context re-anchors a span when an export is imported back (it is the W3C ``prefix``/``suffix``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from lawgov_desktop.store.records import Category, ReportInfo

#: Code points of context exported on either side of a quote (see the module docstring).
EXPORT_CONTEXT_CHARS = 40


@dataclass
class Excerpt:
    """One tagged passage with everything a reader of the export needs to cite it."""

    annotation_id: int
    report_id: int
    report_title: str
    report_issuer: str
    report_region: str
    report_year: int | None
    report_sha256: str
    section_path: str
    start: int
    end: int
    quote: str
    context_before: str
    context_after: str
    categories: list[str] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    category_colors: list[str] = field(default_factory=list)
    note: str = ""
    annotator: str = ""
    created_at: str = ""
    updated_at: str = ""
    status: str = "ok"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ExportFilter:
    """Which annotations to export; empty fields select everything.

    ``categories`` accepts names or ids (mixed, repeatable).  With a category filter only
    those categories are exported: an excerpt tagged 执法 and 复议 exported with 执法 appears
    as 执法 alone, so a per-category export never leaks other labels into training data.
    ``since``/``until`` are ISO dates (a bare ``until`` date includes that whole day) compared
    with the annotation's creation time.
    """

    categories: list[int | str] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)
    annotator: str | None = None
    since: str | None = None
    until: str | None = None

    def validate(self) -> None:
        for label, value in (("since", self.since), ("until", self.until)):
            if value:
                try:
                    (date if len(value) == 10 else datetime).fromisoformat(value)
                except ValueError:
                    raise ValueError(
                        f"日期格式无效：{value}（应为 YYYY-MM-DD） (--{label} expects an ISO date)"
                    ) from None


@dataclass
class ExportData:
    """A filtered selection with what the formats need beyond the excerpts themselves."""

    excerpts: list[Excerpt]
    reports: dict[int, ReportInfo]  # the reports that have at least one excerpt
    texts: dict[int, str]  # their full stored texts
    categories: list[Category]  # every category of the project, in display order (for trees)
    project_name: str = ""
    filter_text: str = ""  # human-readable description of the filter (Word digest)
    orphaned: int = 0  # matching annotations left out because they lost their place in the text

    def by_report(self) -> dict[int, list[Excerpt]]:
        """Excerpts grouped by report, in report id order, each group in text order."""
        out: dict[int, list[Excerpt]] = {}
        for ex in sorted(self.excerpts, key=lambda e: (e.report_id, e.start, e.end, e.annotation_id)):
            out.setdefault(ex.report_id, []).append(ex)
        return out

    def used_categories(self) -> list[Category]:
        """Categories that occur in the selection, in display order."""
        used = {cid for ex in self.excerpts for cid in ex.category_ids}
        return [c for c in self.categories if c.id in used]


__all__ = ["EXPORT_CONTEXT_CHARS", "Excerpt", "ExportData", "ExportFilter"]
