"""Reports and their outlines in the project."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.core.document import ParsedReport, Section
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.gcpause import paused_gc
from lawgov_desktop.messages import Message
from lawgov_desktop.store import history as history_log
from lawgov_desktop.store.annotations import SectionLocator
from lawgov_desktop.store.bulk_import import parse_ahead, store_batch
from lawgov_desktop.store.outlines import write_outline
from lawgov_desktop.store.records import Changes, ReportInfo, ReportListing, now_iso
from lawgov_desktop.store.service import Service
from lawgov_desktop.store.texts import TextCache

if TYPE_CHECKING:
    from lawgov_desktop.store.versions import ReanchorSummary

ProgressFn = Callable[[int, int, str], None]  # done, total, current file name
CancelFn = Callable[[], bool]

#: Limits of one import transaction (see :meth:`~lawgov_desktop.store.reports.Reports.import_files`).
IMPORT_BATCH_FILES = 200
IMPORT_BATCH_CHARS = 20_000_000
IMPORT_BATCH_SECONDS = 0.5
#: Files in the first batch of an import of more than IMPORT_BATCH_FILES files; each later
#: batch may hold twice as many as the one before, up to IMPORT_BATCH_FILES.  Storing starts
#: as soon as a few files are parsed instead of waiting for a whole batch, and the batches
#: grow about as fast as the parsing thread runs ahead.  A smaller import stays one batch.
IMPORT_FIRST_BATCH_FILES = 25

log = logging.getLogger(__name__)  # counts only: never report text (see lawgov_desktop/logs.py)

_REPORT_COLS = "id, title, year, issuer, region, source, publish_date, file_name, chars, sha256, imported_at"


@dataclass
class ImportResult:
    """Outcome of importing one parsed report."""

    report_id: int
    added: bool  # False when the same text was already in the project
    reanchor: ReanchorSummary | None = None  # set when the text was a new version of report_id
    #: set (to the share of report_id's text it keeps) when the text would be a new version of
    #: report_id but loses much of it: nothing was stored, it needs ``replace=True``
    held: float | None = None


@dataclass
class ImportSummary:
    """Outcome of importing a batch of files; ``refused`` pairs a path with the reason."""

    imported: list[tuple[str, int]] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    #: new versions of reports already in the project: (path, report id, re-anchoring outcome)
    updated: list[tuple[str, int, ReanchorSummary]] = field(default_factory=list)
    #: files that would replace a report's text but keep less than
    #: :data:`~lawgov_desktop.store.versions.CONFIRM_REPLACE_BELOW` of it, not imported (import
    #: them again with ``replace=True`` once the user confirms): (path, report id, share kept)
    held: list[tuple[str, int, float]] = field(default_factory=list)
    #: files read with radical look-alikes (⼀ ⺠ …) put back as ordinary characters: (path, how many)
    look_alikes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def look_alikes_replaced(self) -> int:
        return sum(n for _path, n in self.look_alikes)

    @property
    def ok(self) -> bool:
        return not self.refused


def import_label(new: int, updated: int) -> Message:
    """The history's name for an import: 导入 3 份报告 (import 3 reports)."""
    if not updated:
        return Message("label.import", n=new)
    return Message("label.import_versions", n=new, versions=updated) if new else Message(
        "label.import_only_versions", versions=updated)


class Reports(Service):
    """The project's reports (``project.reports``): import, list, read, delete.

    Asks the project for ``versions`` (a known title with a changed text is a new version).
    """

    def import_parsed(self, parsed: ParsedReport, *, notify: bool = True,
                      replace: bool = False) -> ImportResult:
        """Store one report with its outline; the same text twice adds nothing.

        A new version that loses much of the old text is held back unless ``replace``.
        """
        sha = parsed.sha256
        outcome: list[ImportResult] = []
        with self._operation("import", lambda: import_label(int(outcome[0].added), int(outcome[0].reanchor is not None))):
            known = self._known_text(parsed, sha, notify=notify, replace=replace)
            outcome.append(known or ImportResult(self._insert(parsed, sha), True))
        if not outcome[0].added:
            return outcome[0]
        report_id = outcome[0].report_id
        if notify:
            self._notify(Changes("import", reports=True))
        return ImportResult(report_id, True)

    def _known_text(self, parsed: ParsedReport, sha: str, *, notify: bool,
                    replace: bool = False) -> ImportResult | None:
        """The outcome for a text the project already knows: a duplicate, or a new version of a
        report (re-anchored in place, or held back when it loses much of the old text and
        ``replace`` is not given); None for a new report."""
        from lawgov_desktop.store.versions import CONFIRM_REPLACE_BELOW

        row = self.conn.execute("SELECT id FROM reports WHERE sha256 = ?", [sha]).fetchone()
        if row:
            return ImportResult(row[0], False)
        match = self._project.versions.previous_match(parsed)
        if match is not None and match[1] < CONFIRM_REPLACE_BELOW and not replace:
            return ImportResult(match[0], False, held=match[1])
        if match is not None:  # a corrected edition: replace in place, carry annotations across
            previous = match[0]
            return ImportResult(previous, False, self._project.versions.reanchor(previous, parsed, notify=notify))
        return None

    def _insert(self, parsed: ParsedReport, sha: str) -> int:
        m = parsed.meta
        cur = self.conn.execute(
            "INSERT INTO reports (title, year, issuer, region, source, publish_date, file_name, "
            "source_format, encoding, text, chars, sha256, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [m.title, m.year, m.issuer, m.region, m.source, m.publish_date, parsed.file_name,
             parsed.source_format, parsed.encoding, parsed.text, len(parsed.text), sha, now_iso()],
        )
        report_id = cur.lastrowid
        write_outline(self.conn, report_id, parsed.sections)
        return report_id

    def import_files(
        self,
        paths: Iterable[str | Path],
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
        replace: bool = False,
    ) -> ImportSummary:
        """Import files and folders; each refused file is listed with its reason and changes nothing.

        A file that would be a new version of a report but keeps less than
        :data:`~lawgov_desktop.store.versions.CONFIRM_REPLACE_BELOW` of its text is listed in
        :attr:`ImportSummary.held` and left out, unless ``replace`` says the user confirmed it.

        Files are stored in batches, one transaction per batch (see
        :mod:`~lawgov_desktop.store.bulk_import` for why and how): a batch is cut after
        :data:`IMPORT_BATCH_FILES` files (fewer in the first batches of a large import, see
        :data:`IMPORT_FIRST_BATCH_FILES`), :data:`IMPORT_BATCH_CHARS` characters or
        :data:`IMPORT_BATCH_SECONDS` of parsing, and the write lock is taken only for its
        writes, so other writers wait a moment at most.
        """
        from lawgov_desktop.core.readers import iter_report_files  # lxml: not needed at start-up

        summary = ImportSummary()
        files: list[Path] = []
        for p in paths:
            try:
                files.extend(iter_report_files([p]))
            except ReportReadError as exc:
                summary.refused.append((str(p), str(exc)))
            except OSError as exc:  # a folder that cannot be listed: refused, the others go on
                why = exc.strerror or str(exc)
                summary.refused.append((str(p), Message("reports.cannot_read_folder", why=why)))
        total = len(files)
        # parsed reports and their sections are many small objects, without cycles among them:
        # see core/gcpause.py
        step = history_log.Step()  # every batch joins one undo step
        with paused_gc():
            batch: list[tuple[Path, ParsedReport, str]] = []
            chars, began = 0, time.monotonic()
            limit = IMPORT_FIRST_BATCH_FILES if total > IMPORT_BATCH_FILES else IMPORT_BATCH_FILES
            done = 0
            for done, (path, parsed, sha) in enumerate(parse_ahead(files)):
                if cancelled and cancelled():
                    summary.cancelled = True
                    break
                if progress:
                    progress(done, total, path.name)
                if isinstance(parsed, ReportReadError):
                    summary.refused.append((str(path), str(parsed)))
                    continue
                if parsed.look_alikes:
                    summary.look_alikes.append((str(path), parsed.look_alikes))
                batch.append((path, parsed, sha))
                chars += len(parsed.text)
                if (len(batch) >= min(limit, IMPORT_BATCH_FILES) or chars >= IMPORT_BATCH_CHARS
                        or time.monotonic() - began >= IMPORT_BATCH_SECONDS):
                    store_batch(self._project, batch, summary, replace=replace, step=step)
                    batch, chars, began = [], 0, time.monotonic()
                    limit *= 2
            store_batch(self._project, batch, summary, replace=replace, step=step)
        if progress:
            progress(total if not summary.cancelled else done, total, "")
        if summary.imported or summary.updated:
            self._notify(Changes("import", reports=True, annotations={rid for _p, rid, _s in summary.updated}))
        log.info("import: %d file(s), %d new, %d new version(s), %d duplicate(s), %d refused%s", total,
                 len(summary.imported), len(summary.updated), len(summary.duplicates), len(summary.refused),
                 " (cancelled)" if summary.cancelled else "")
        return summary

    def import_pasted(self, text: str | None = None, html: str | None = None, *,
                      replace: bool = False) -> ImportSummary:
        """Import pasted or dropped text (and/or its text/html flavour) as a report, the way a
        file is imported: normalised, outlined, a duplicate adds nothing, a corrected edition
        becomes a new version (held back, as for a file, when it loses much of the old text and
        ``replace`` is not given).  The outcome is listed under the name 剪贴板 (clipboard)."""
        from lawgov_desktop.core.readers import PASTED_NAME
        from lawgov_desktop.core.report import parse_pasted

        summary = ImportSummary()
        try:
            parsed = parse_pasted(text, html)
        except ReportReadError as exc:
            summary.refused.append((PASTED_NAME, str(exc)))
            return summary
        if parsed.look_alikes:
            summary.look_alikes.append((PASTED_NAME, parsed.look_alikes))
        result = self.import_parsed(parsed, replace=replace)
        if result.held is not None:
            summary.held.append((PASTED_NAME, result.report_id, result.held))
        elif result.reanchor is not None:
            summary.updated.append((PASTED_NAME, result.report_id, result.reanchor))
        elif result.added:
            summary.imported.append((PASTED_NAME, result.report_id))
        else:
            summary.duplicates.append((PASTED_NAME, result.report_id))
        return summary

    def list(self) -> list[ReportInfo]:
        """All reports with section and annotation counts, in import order."""
        return self._report_rows("ORDER BY r.id", [])

    def listing(self, report_ids: Iterable[int] | None = None) -> list[ReportListing]:
        """The library's lines: every report (or these), in import order, with annotation counts.

        Read from the covering index ``reports_list`` and the counts the triggers keep (see
        ``schema._v_report_annotation_counts``); what only a tooltip shows (file name, length,
        and the section count, which costs more than the rest together on a large project) is
        left to :meth:`get`.
        """
        where, params = "", []
        if report_ids is not None:
            params = list(report_ids)
            where = f"WHERE r.id IN ({','.join('?' * len(params))})"
        rows = self.conn.execute(
            "SELECT r.id, title, year, issuer, region, coalesce(rv.annotations, 0) FROM reports r "
            f"LEFT JOIN report_revisions rv ON rv.report_id = r.id {where} ORDER BY r.id",
            params,
        ).fetchall()
        return list(map(ReportListing._make, rows))

    def get(self, report_id: int) -> ReportInfo:
        for info in self._report_rows("WHERE r.id = ?", [report_id]):
            return info
        raise KeyError(f"no report {report_id}")

    def _report_rows(self, where: str, params: list) -> list[ReportInfo]:
        rows = self.conn.execute(
            f"SELECT {_REPORT_COLS}, "
            "(SELECT count(*) FROM sections s WHERE s.report_id = r.id), "
            "coalesce((SELECT annotations FROM report_revisions rv WHERE rv.report_id = r.id), 0) "
            f"FROM reports r {where}",
            params,
        ).fetchall()
        return [ReportInfo(*row) for row in rows]

    def text(self, report_id: int) -> str:
        """The stored text of a report; the last few read are kept while provably current
        (see :mod:`~lawgov_desktop.store.texts`: a tag no longer reads 1 MB again)."""
        cache = self.__dict__.get("_text_cache")
        if cache is None:
            if self.conn.in_transaction:  # its triggers must not be made inside a transaction
                row = self.conn.execute("SELECT text FROM reports WHERE id = ?", [report_id]).fetchone()
                if row is None:
                    raise KeyError(f"no report {report_id}")
                return row[0]
            cache = self._text_cache = TextCache(self.conn)
        return cache.text(report_id)

    def texts(self, report_ids: Iterable[int]) -> dict[int, str]:
        """Stored texts of several reports in one query."""
        ids = sorted(set(report_ids))
        if not ids:
            return {}
        rows = self.conn.execute(f"SELECT id, text FROM reports WHERE id IN ({','.join('?' * len(ids))})", ids)
        return {rid: text for rid, text in rows}

    def sections(self, report_id: int) -> list[Section]:
        """The stored outline of a report, flat in document order."""
        rows = self.conn.execute(
            'SELECT depth, label, title, start, "end", line, title_end, parent_ord FROM sections '
            "WHERE report_id = ? ORDER BY ord",
            [report_id],
        ).fetchall()
        return [Section(*row) for row in rows]

    def outlines(self, report_ids: list[int]) -> dict[int, list[Section]]:
        """The outlines of several reports in one query (search and exports need many)."""
        if not report_ids:
            return {}
        rows = self.conn.execute(
            'SELECT report_id, depth, label, title, start, "end", line, title_end, parent_ord FROM sections '
            f"WHERE report_id IN ({','.join('?' * len(report_ids))}) ORDER BY report_id, ord",
            list(report_ids),
        )
        out: dict[int, list[Section]] = {rid: [] for rid in report_ids}
        for rid, *fields in rows:
            out[rid].append(Section(*fields))
        return out

    def section_paths(self, report_id: int, offsets: list[int]) -> list[str]:
        """Section path (``一、… > （五）…``) of each offset of one report."""
        return SectionLocator(self.sections(report_id)).paths(offsets)

    def delete(self, report_id: int) -> None:
        """Remove a report with its outline and annotations: one step of the undo history.

        The step keeps the report's full image (text, sections, outline) and every row the
        deletion cascades to (annotations, their categories and anchors, versions, verdicts),
        so undo puts it all back and the search index's triggers index it again.  Like an
        import, a step larger than the history's bound is kept as "too large to undo"."""
        with self._operation("delete-report", Message("label.delete_report", id=report_id),
                            step=history_log.Step()):
            self.conn.execute("DELETE FROM reports WHERE id = ?", [report_id])
        self._notify(Changes("delete-report", reports=True, annotations={report_id}))
