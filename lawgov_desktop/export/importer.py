"""Reading our own exports back: JSONL (both shapes) and W3C Web Annotation.

Every item is matched to a report of the project and re-anchored in its current text with
:func:`lawgov_desktop.core.anchoring.find_span`:

* report — by the SHA-256 of its text (``meta.sha256``, the ``urn:sha256:`` source, or the
  hash of a JSONL line's ``text``), else by title when exactly one report has it, else by
  report id but only if the quote still sits at the recorded offsets of that report (ids
  are local to a project, so an id alone proves nothing);
* span — at its old offsets when the quote is still there, else by quote and context;
* categories — by name; unknown ones are created (with the exported colour) and listed;
* duplicates — an annotation with the same report, span and categories is not added again
  (so importing a file twice adds nothing);
* anything that cannot be placed is listed with its reason, never silently dropped.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.core.anchoring import explain_failure, find_span
from lawgov_desktop.core.document import content_hash
from lawgov_desktop.export.records import EXPORT_CONTEXT_CHARS
from lawgov_desktop.messages import Message
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.categories import check_category_name
from lawgov_desktop.store.excerpts import ImportedSpan
from lawgov_desktop.store.records import now_iso

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project
    from lawgov_desktop.store.records import ReportInfo

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass
class Incoming:
    """One annotation as read from a file, before it is placed."""

    where: str  # "第 3 行" / "第 5 条标注", for messages
    sha256: str = ""
    title: str = ""
    report_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    labels: list[str] = field(default_factory=list)
    colors: dict[str, str] = field(default_factory=dict)
    note: str = ""
    annotator: str = ""
    status: str = "ok"
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Unplaced:
    where: str
    report: str
    quote: str
    reason: str

    def as_dict(self) -> dict:
        return {"where": self.where, "report": self.report, "quote": self.quote, "reason": self.reason}


@dataclass
class ImportReport:
    """Outcome of one import; ``ok`` only when every item was placed (or already present)."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    created_categories: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    methods: Counter = field(default_factory=Counter)
    format: str = ""
    #: what was changed on the way in (dates that were not dates), for the user to know
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unplaced

    def as_dict(self) -> dict:
        return {"format": self.format, "read": self.read, "added": self.added, "duplicates": self.duplicates,
                "created_categories": self.created_categories, "methods": dict(self.methods),
                "unplaced": [u.as_dict() for u in self.unplaced], "warnings": self.warnings}


# -- parsing ------------------------------------------------------------------------------
def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _from_report_line(obj: dict, where: str) -> Iterator[Incoming]:
    text = _str(obj.get("text"))
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    sha = _str(meta.get("sha256")) or (content_hash(text) if text else "")
    colors = meta.get("categories") if isinstance(meta.get("categories"), dict) else {}
    base = {"sha256": sha, "title": _str(meta.get("title")), "report_id": _int(meta.get("report_id")),
            "colors": {k: v for k, v in colors.items() if isinstance(v, str)}}
    anns = meta.get("annotations")
    if isinstance(anns, list):
        items = [a for a in anns if isinstance(a, dict)]
    else:  # no details (e.g. a file edited in doccano): one annotation per distinct span
        grouped: dict[tuple[int, int], list[str]] = {}
        for sp in obj.get("spans") or []:
            if isinstance(sp, dict):
                grouped.setdefault((sp.get("start"), sp.get("end")), []).append(_str(sp.get("label")))
        if not grouped:
            for lab in obj.get("label") or []:
                if isinstance(lab, list) and len(lab) == 3:
                    grouped.setdefault((lab[0], lab[1]), []).append(_str(lab[2]))
        items = [{"start": s, "end": e, "labels": labs} for (s, e), labs in grouped.items()]
    for k, a in enumerate(items, start=1):
        start, end = _int(a.get("start")), _int(a.get("end"))
        ok = start is not None and end is not None and 0 <= start < end <= len(text)
        yield Incoming(
            where=f"{where}第 {k} 条", **base, start=start, end=end,
            quote=text[start:end] if ok else "",
            prefix=text[max(0, start - EXPORT_CONTEXT_CHARS):start] if ok else "",
            suffix=text[end:end + EXPORT_CONTEXT_CHARS] if ok else "",
            labels=[x for x in a.get("labels") or [] if isinstance(x, str) and x],
            note=_str(a.get("note")), annotator=_str(a.get("annotator")), status=_str(a.get("status")) or "ok",
            created_at=_str(a.get("created_at")), updated_at=_str(a.get("updated_at")),
        )


def _from_excerpt_line(obj: dict, where: str) -> Incoming:
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    ctx = obj.get("context") if isinstance(obj.get("context"), dict) else {}
    labels = obj.get("label")
    labels = [labels] if isinstance(labels, str) else labels if isinstance(labels, list) else []
    colors = meta.get("categories") if isinstance(meta.get("categories"), dict) else {}
    return Incoming(
        where=where, sha256=_str(meta.get("sha256")), title=_str(meta.get("title")),
        report_id=_int(meta.get("report_id")), start=_int(meta.get("start")), end=_int(meta.get("end")),
        quote=_str(obj.get("text")), prefix=_str(ctx.get("before")), suffix=_str(ctx.get("after")),
        labels=[x for x in labels if isinstance(x, str) and x],
        colors={k: v for k, v in colors.items() if isinstance(v, str)},
        note=_str(meta.get("note")), annotator=_str(meta.get("annotator")), status=_str(meta.get("status")) or "ok",
        created_at=_str(meta.get("created_at")), updated_at=_str(meta.get("updated_at")),
    )


def _listify(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _w3c_items(doc: object) -> list[dict]:
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict)]
    if not isinstance(doc, dict):
        return []
    kind = doc.get("type")
    if kind == "AnnotationCollection":
        items, page = [], doc.get("first")
        while isinstance(page, dict):
            items.extend(d for d in _listify(page.get("items")) if isinstance(d, dict))
            page = page.get("next")
        return items
    if kind == "AnnotationPage":
        return [d for d in _listify(doc.get("items")) if isinstance(d, dict)]
    return [doc]


def _from_w3c(anno: dict, where: str) -> Incoming:
    target = next((t for t in _listify(anno.get("target")) if isinstance(t, dict | str)), {})
    target = {"source": target} if isinstance(target, str) else target
    source = target.get("source")
    src_id = _str(source.get("id")) if isinstance(source, dict) else _str(source)
    item = Incoming(where=where, sha256=src_id.removeprefix("urn:sha256:") if src_id.startswith("urn:sha256:") else "",
                    title=_str(source.get("label")) if isinstance(source, dict) else "")
    for sel in _listify(target.get("selector")):
        if not isinstance(sel, dict):
            continue
        if sel.get("type") == "TextQuoteSelector":
            item.quote, item.prefix, item.suffix = _str(sel.get("exact")), _str(sel.get("prefix")), _str(sel.get("suffix"))
        elif sel.get("type") == "TextPositionSelector":
            item.start, item.end = _int(sel.get("start")), _int(sel.get("end"))
    notes = []
    for body in _listify(anno.get("body")):
        if isinstance(body, dict) and isinstance(body.get("value"), str):
            purposes = _listify(body.get("purpose"))
            if "tagging" in purposes:
                item.labels.append(body["value"])
            elif "commenting" in purposes or not purposes:
                notes.append(body["value"])
    item.note = "\n".join(notes)
    creator = anno.get("creator")
    item.annotator = _str(creator.get("name")) if isinstance(creator, dict) else _str(creator)
    item.created_at, item.updated_at = _str(anno.get("created")), _str(anno.get("modified"))
    return item


def read_file(path: str | Path) -> tuple[str, list[Incoming], list[Unplaced]]:
    """Parse an export file: (format name, items, lines that could not be read)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(4)
        if head.startswith(b"PK"):  # a zip package: never inflated here, whatever it holds
            raise ValueError(Message("import.zip_package", path=str(path)))
        raw = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(Message("import.not_utf8", path=str(path))) from exc
    except OSError as exc:
        raise ValueError(Message("import.cannot_read", path=str(path), why=str(exc.strerror or exc))) from exc
    try:
        whole = json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        whole = None
    except RecursionError as exc:  # JSON nested thousands deep: no export of ours looks like that
        raise ValueError(Message("import.json_too_deep", path=str(path))) from exc
    if isinstance(whole, list) or (isinstance(whole, dict) and ("@context" in whole or str(whole.get("type", "")).startswith("Annotation"))):
        items = _w3c_items(whole)
        return "w3c", [_from_w3c(a, f"第 {k} 条标注") for k, a in enumerate(items, start=1)], []
    out: list[Incoming] = []
    bad: list[Unplaced] = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"第 {n} 行"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            bad.append(Unplaced(where, "", line[:40], Message("import.line_not_json")))
            continue
        except RecursionError:
            bad.append(Unplaced(where, "", line[:40], Message("import.line_too_deep")))
            continue
        if not isinstance(obj, dict):
            bad.append(Unplaced(where, "", line[:40], Message("import.line_not_object")))
        elif "spans" in obj or (isinstance(obj.get("label"), list) and obj["label"] and all(isinstance(x, list) for x in obj["label"])):
            out.extend(_from_report_line(obj, where))
        else:
            out.append(_from_excerpt_line(obj, where))
    return "jsonl", out, bad


# -- dates ---------------------------------------------------------------------------------
def parse_time(value: str) -> datetime | None:
    """An ISO 8601 date or time from a file (a date alone is that day's midnight UTC); None if it is
    not one, or lies before 1990 or more than a day in the future (a clock or a file gone wrong)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when.year < 1990 or when > datetime.now(UTC) + timedelta(days=1):
        return None
    return when


def checked_times(created: str, updated: str, stamp: str) -> tuple[str, str, int]:
    """``(created_at, updated_at, how many of the two were invalid)`` as stored: UTC, seconds.

    A missing date is simply the import time; an invalid one becomes the import time too and
    is counted, so the user is told.  ``updated_at`` is never before ``created_at``.
    """
    fixed = 0
    out: list[str] = []
    for value in (created, updated):
        when = parse_time(value)
        if when is None:
            fixed += bool(value)
            out.append("")
        else:
            out.append(when.astimezone(UTC).isoformat(timespec="seconds"))
    created_at = out[0] or stamp
    updated_at = max(out[1] or created_at, created_at)
    return created_at, updated_at, fixed


# -- placing ------------------------------------------------------------------------------
class _ReportMatcher:
    def __init__(self, reports: list[ReportInfo]) -> None:
        self.by_sha = {r.sha256: r.id for r in reports}
        self.by_title: dict[str, list[int]] = {}
        for r in reports:
            if r.title:
                self.by_title.setdefault(r.title, []).append(r.id)
        self.ids = {r.id for r in reports}

    def match(self, item: Incoming) -> tuple[int | None, bool, str]:
        """(report id, offsets-only, reason if none)."""
        if item.sha256 in self.by_sha:
            return self.by_sha[item.sha256], False, ""
        same = self.by_title.get(item.title, []) if item.title else []
        if len(same) == 1:
            return same[0], False, ""
        if len(same) > 1:
            return None, False, Message("import.title_ambiguous", n=len(same))
        if item.report_id in self.ids and not item.title:
            return item.report_id, True, ""
        return None, False, Message("import.report_missing")


def _invalid_category(names: list[str], known: dict[str, int]) -> str:
    """Why one of ``names`` cannot become a category ("" when all are known or acceptable)."""
    for name in names:
        if name in known:
            continue
        try:
            check_category_name(name)
        except ValueError as exc:
            shown = name[:20].encode("unicode_escape").decode("ascii") if any(not c.isprintable() for c in name[:20]) \
                else name[:20]
            return f"类别“{shown}{'…' if len(name) > 20 else ''}”无效：{exc}"
    return ""


def _label(item: Incoming) -> str:
    return item.title or (item.sha256[:12] if item.sha256 else "?")


def import_annotations(project: Project, path: str | Path, *, default_annotator: str | None = None,
                       empty_means_deleted: bool = False) -> ImportReport:
    """Read ``path`` (our JSONL or W3C export, or a Label Studio / doccano export, detected from
    its content) and add its annotations to ``project``.

    A server's export is reconciled (:mod:`lawgov_desktop.export.reconcile`): what people
    added, changed and deleted there is applied here; spans added there are attributed to
    the annotator the export names, else to ``default_annotator`` (the user's name).

    The whole import is one operation of the project: one transaction (a crash leaves no
    report half imported) and one step of the undo history."""
    name = Path(path).name
    with project.operation("import-annotations", Message("label.import_annotations", name=name)):
        return _import_annotations(project, path, default_annotator=default_annotator,
                                   empty_means_deleted=empty_means_deleted)


def _import_annotations(project: Project, path: str | Path, *, default_annotator: str | None,
                        empty_means_deleted: bool) -> ImportReport:
    from lawgov_desktop.export.reconcile import FORMAT_NAMES, import_server_records, read_server_file

    server = read_server_file(path)
    if server is not None:
        from lawgov_desktop.store.project import default_annotator as login_name

        fmt, records, unreadable = server
        result = import_server_records(project, records, fmt, empty_means_deleted=empty_means_deleted,
                                       default_annotator=default_annotator or login_name())
        result.format = FORMAT_NAMES.get(fmt, fmt)
        result.unplaced += [Unplaced(where, "", "", Message("import.not_a_json_object"))
                            for where in unreadable]
        return result
    fmt, items, bad = read_file(path)
    report = ImportReport(read=len(items), unplaced=list(bad), format=fmt)
    matcher = _ReportMatcher(project.reports.list())
    by_report: dict[int, list[tuple[Incoming, int, int, str]]] = {}
    texts: dict[int, str] = {}
    for item in items:
        rid, offsets_only, reason = matcher.match(item)
        if rid is None:
            report.unplaced.append(Unplaced(item.where, _label(item), item.quote[:40], reason))
            continue
        if rid not in texts:
            texts[rid] = project.reports.text(rid)
        text = texts[rid]
        found = find_span(text, item.quote, item.prefix, item.suffix, item.start)
        if found is None or (offsets_only and found.method != "offsets"):
            why = explain_failure(text, item.quote) if found is None else \
                Message("import.offsets_only_differ")
            report.unplaced.append(Unplaced(item.where, _label(item), item.quote[:40], why))
            continue
        by_report.setdefault(rid, []).append((item, found.start, found.end, found.method))
        # the status is ours to say, from where the span was found now: a file's "orphaned" or
        # "ok" describes another project's text (an exact find is ok, anything less is to check)
        item.status = "ok" if found.score >= 1.0 else "review"
    stamp = now_iso()
    bad_dates = 0
    for placed in by_report.values():
        for item, *_span in placed:
            item.created_at, item.updated_at, fixed = checked_times(item.created_at, item.updated_at, stamp)
            bad_dates += fixed
    if bad_dates:
        report.warnings.append(Message("import.bad_dates", n=bad_dates, stamp=stamp))
    known = {c.name: c.id for c in project.categories.list()}
    for rid, placed in by_report.items():
        existing = {(a.start, a.end, frozenset(a.category_ids)) for a in project.annotations.list(AnnotationFilter(report_ids=[rid]))}
        spans: list[ImportedSpan] = []
        for item, start, end, method in placed:
            cat_ids = []
            names = list(dict.fromkeys(n.strip() for n in item.labels if n.strip()))
            invalid = _invalid_category(names, known)
            if invalid:  # names come into the project here too: the same rules as in the app
                report.unplaced.append(Unplaced(item.where, _label(item), item.quote[:40], invalid))
                continue
            for name in names:
                if name not in known:
                    colour = item.colors.get(name, "")
                    known[name] = project.categories.add(name, color=colour if _COLOR.fullmatch(colour) else None)
                    report.created_categories.append(name)
                cat_ids.append(known[name])
            key = (start, end, frozenset(cat_ids))
            if key in existing:
                report.duplicates += 1
                continue
            existing.add(key)
            report.methods[method] += 1
            spans.append(ImportedSpan(start, end, cat_ids, note=item.note, annotator=item.annotator,
                                      created_at=item.created_at, updated_at=item.updated_at, status=item.status))
        report.added += len(project.excerpts.add_imported(rid, spans))
    return report
