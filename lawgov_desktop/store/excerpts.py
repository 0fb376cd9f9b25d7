"""Excerpt records for export, and bulk insertion of annotations read back from an export.

:meth:`~lawgov_desktop.store.excerpts.Excerpts.export_data` builds every :class:`~lawgov_desktop.export.records.Excerpt`
of a selection with a fixed number of queries however many annotations there are: one for
the annotations, one for their category links, one for the report rows, one for the texts
of the reports involved, and one outline per report (section paths are looked up in memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lawgov_desktop.store import records as _records
from lawgov_desktop.store.annotations import AnnotationFilter, SectionLocator, span_context
from lawgov_desktop.store.errors import OffsetsInvalid, ReportNotFound
from lawgov_desktop.store.excerpt_records import EXPORT_CONTEXT_CHARS, Excerpt, ExportData, ExportFilter
from lawgov_desktop.store.records import Annotation, Changes
from lawgov_desktop.store.service import Service


@dataclass
class ImportedSpan:
    """One annotation to add to a report from an imported file, already placed in its text."""

    start: int
    end: int
    category_ids: list[int]
    note: str = ""
    annotator: str = ""
    created_at: str = ""
    updated_at: str = ""
    status: str = "ok"
    extra: dict = field(default_factory=dict)  # caller's bookkeeping, never stored


class Excerpts(Service):
    """Export records and annotations read back from files (``project.excerpts``).

    Asks the project for ``reports``, ``categories`` and ``annotations`` (what an export selects
    and holds).
    """

    def _annotation_filter(self, flt: ExportFilter) -> AnnotationFilter:
        flt.validate()
        known = {r.id for r in self._project.reports.list()}
        missing = [r for r in flt.report_ids if r not in known]
        if missing:
            raise ReportNotFound(ids="、".join(map(str, missing)))
        return AnnotationFilter(
            report_ids=list(flt.report_ids) or None,
            category_ids=self._project.categories.resolve(self._category_refs(flt.categories)) if flt.categories else None,
            annotator=flt.annotator or None, since=flt.since or None, until=flt.until or None,
        )

    def _category_refs(self, refs: list[int | str]) -> list[int | str]:
        """Names stay names; a string of digits that is no category's name means an id
        (the command line gets both as text)."""
        names = {c.name for c in self._project.categories.list()}
        return [int(r) if isinstance(r, str) and r.strip().isdigit() and r.strip() not in names else r
                for r in refs]

    def export_data(self, flt: ExportFilter | None = None) -> ExportData:
        """The excerpts selected by ``flt`` with their reports, texts and the category list."""
        flt = flt or ExportFilter()
        afl = self._annotation_filter(flt)
        anns = self._project.annotations.list(afl)
        # an orphaned annotation lost its place in an edited report: its offsets are only a
        # clamp and its quote is not the text there, so exporting it would mislabel text
        orphaned = sum(1 for a in anns if a.status == "orphaned")
        anns = [a for a in anns if a.status != "orphaned"]
        cats = self._project.categories.list()
        cat_by_id = {c.id: c for c in cats}
        wanted = set(afl.category_ids) if afl.category_ids is not None else None
        infos = {r.id: r for r in self._project.reports.list()}
        used_reports = sorted({a.report_id for a in anns})
        texts = self._project.reports.texts(used_reports)
        locators = {rid: SectionLocator(self._project.reports.sections(rid)) for rid in used_reports}
        excerpts: list[Excerpt] = []
        for a in anns:
            info, text = infos[a.report_id], texts[a.report_id]
            cids = [c for c in a.category_ids if c in cat_by_id and (wanted is None or c in wanted)]
            excerpts.append(Excerpt(
                annotation_id=a.id, report_id=a.report_id, report_title=info.title,
                report_issuer=info.issuer, report_region=info.region, report_year=info.year,
                report_sha256=info.sha256, section_path=locators[a.report_id].path(a.start),
                start=a.start, end=a.end, quote=text[a.start:a.end],
                context_before=text[max(0, a.start - EXPORT_CONTEXT_CHARS):a.start],
                context_after=text[a.end:a.end + EXPORT_CONTEXT_CHARS],
                categories=[cat_by_id[c].name for c in cids], category_ids=cids,
                category_colors=[cat_by_id[c].color for c in cids],
                note=a.note, annotator=a.annotator, created_at=a.created_at, updated_at=a.updated_at,
                status=a.status,
            ))
        return ExportData(
            excerpts=excerpts, reports={rid: infos[rid] for rid in used_reports}, texts=texts,
            categories=cats, project_name=self.path.stem, orphaned=orphaned,
            filter_text=self._describe_filter(flt, afl, cat_by_id, infos),
        )

    def list(self, flt: ExportFilter | None = None) -> list[Excerpt]:
        """Just the excerpt records of :meth:`export_data`."""
        return self.export_data(flt).excerpts

    @staticmethod
    def _describe_filter(flt: ExportFilter, afl: AnnotationFilter, cats: dict, infos: dict) -> str:
        parts = [
            "类别：" + ("、".join(cats[c].name for c in afl.category_ids) if afl.category_ids else "全部"),
            "报告：" + ("、".join(infos[r].title or f"#{r}" for r in flt.report_ids) if flt.report_ids else "全部"),
            "标注人：" + (flt.annotator or "全部"),
        ]
        if flt.since or flt.until:
            parts.append(f"标注时间：{flt.since or '不限'} 至 {flt.until or '不限'}")
        return "；".join(parts)

    # -- import --------------------------------------------------------------------------
    def add_imported(self, report_id: int, spans: list[ImportedSpan]) -> list[int]:
        """Add annotations read from an export, keeping their annotator, note and times.

        All spans of one report go in one transaction (one notification); offsets must already
        be valid for the report's current text.
        """
        if not spans:
            return []
        text = self._project.reports.text(report_id)
        ids: list[int] = []
        stamp = _records.now_iso()
        with self._write():
            for sp in spans:
                if not (0 <= sp.start < sp.end <= len(text)):
                    raise OffsetsInvalid(start=sp.start, end=sp.end, length=len(text))
                prefix, quote, suffix = span_context(text, sp.start, sp.end)
                status = sp.status if sp.status in ("ok", "review", "orphaned") else "ok"
                ann = Annotation(0, report_id, sp.start, sp.end, quote, prefix, suffix, sp.note, sp.annotator,
                                 status, sp.created_at or stamp, sp.updated_at or sp.created_at or stamp,
                                 list(dict.fromkeys(sp.category_ids)))
                ids.append(self._project.annotations._insert_row(ann, keep_id=False))
        self._notify(Changes("import-annotations", annotations={report_id}))
        return ids
