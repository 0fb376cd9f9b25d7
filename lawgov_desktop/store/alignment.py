"""Section alignment between two reports of the project, computed once and remembered.

Aligning needs both texts segmented (jieba) and every section pair scored, a fraction of a
second per pair — too slow to redo on every scroll of linked panes — so results are cached
by the project's :class:`Alignment` service, keyed by both reports' content hashes (a re-imported text gets a
fresh alignment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lawgov_desktop.store.service import Service

if TYPE_CHECKING:
    from lawgov_desktop.core import align
    from lawgov_desktop.core.segment import Segmenter
    from lawgov_desktop.store.project import Project


class Alignment(Service):
    """Section alignment of two reports (``project.alignment``), cached per pair of texts.

    Asks the project for ``reports`` (texts and outlines).
    """

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self._cache: dict[tuple, list[align.Alignment]] = {}

    def matches(self, report_a: int, report_b: int, *, top_k: int = 3,
                segmenter: Segmenter | None = None) -> list[align.Alignment]:
        """For each section of ``report_a`` (outline order), its best matches in ``report_b``.

        Blocks while jieba loads; the GUI calls it from a worker or once
        ``get_segmenter().is_ready``.
        """
        shas = dict(self.conn.execute("SELECT id, sha256 FROM reports WHERE id IN (?, ?)", [report_a, report_b]))
        for rid in (report_a, report_b):
            if rid not in shas:
                raise KeyError(f"no report {rid}")
        key = (report_a, report_b, shas[report_a], shas[report_b], top_k)
        cache = self._cache
        if key not in cache:
            from lawgov_desktop.core.align import align_sections  # not needed to open a project

            tokens = segmenter.tokens if segmenter is not None else None
            reports = self._project.reports
            cache[key] = align_sections(
                reports.text(report_a), reports.sections(report_a),
                reports.text(report_b), reports.sections(report_b), tokens=tokens, top_k=top_k,
            )
        return cache[key]

    def offset(self, report_a: int, report_b: int, offset: int) -> int | None:
        """Where ``report_b`` should scroll when ``report_a`` shows ``offset`` (linked panes)."""
        from lawgov_desktop.core.align import map_offset

        reports = self._project.reports
        return map_offset(self.matches(report_a, report_b), reports.sections(report_a), reports.sections(report_b),
                          offset)


__all__ = ["Alignment"]
