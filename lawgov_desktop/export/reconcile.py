"""Bringing an annotation server's state home: Label Studio and doccano exports, reconciled.

Each report in such a file is a :class:`ServerRecord`: the text, the copy of our annotations
as they were exported (the *echo*: Label Studio keeps it in the task data, doccano writes it
back among the keys it does not know) and the spans the server holds now, per annotation
(*states*: one per person in Label Studio, one per file in doccano).  The server wins
(:mod:`lawgov_desktop.core.reconcile` makes the plan): spans added there are added, deleted
there are deleted, changed there are changed; spans it still holds as sent are made sure of
(added when this project lacks them, e.g. a file exported from another project).

Safety rules:

* an annotation of this project is changed or deleted only when it is still exactly what
  was exported (same id, report, offsets, labels and annotator) — one edited here since is
  left alone and listed;
* a report with no state at all (Label Studio: no submitted annotation, only predictions or
  skipped; doccano: an empty ``label`` where we had sent spans, as in a member's file of a
  non-collaborative project) changes nothing and is listed, unless ``empty_means_deleted``;
* every deletion and change is listed and returned whole (:class:`ServerImportReport`), so
  the app can undo the import as one step and the command line backs the project up first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.core.anchoring import find_span
from lawgov_desktop.core.document import content_hash
from lawgov_desktop.core.reconcile import Original, Region, plan
from lawgov_desktop.export.records import EXPORT_CONTEXT_CHARS, Excerpt, ExportData
from lawgov_desktop.messages import Message

if TYPE_CHECKING:
    from lawgov_desktop.export.importer import ImportReport
    from lawgov_desktop.store.project import Project
    from lawgov_desktop.store.records import Annotation


@dataclass
class EchoAnnotation:
    """One of our annotations as it was exported."""

    id: int
    start: int
    end: int
    labels: list[str]
    annotator: str = ""
    note: str = ""
    status: str = "ok"
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Echo:
    """Our copy of a report's annotations as exported, and the report's identity."""

    sha256: str = ""
    title: str = ""
    report_id: int | None = None
    colors: dict[str, str] = field(default_factory=dict)
    annotations: list[EchoAnnotation] = field(default_factory=list)


@dataclass
class ServerSpan:
    start: int
    end: int
    labels: tuple[str, ...]
    ref: int | None = None
    where: str = ""


@dataclass
class ServerRecord:
    """One report as a server exported it: ``states`` pairs a person's name (or "") with
    the spans they hold now; no state at all means no person worked on it there."""

    where: str
    text: str
    echo: Echo | None
    states: list[tuple[str, list[ServerSpan]]] = field(default_factory=list)


def _int(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _str(v: object) -> str:
    return v if isinstance(v, str) else ""


def echo_of(data: ExportData, rid: int, excerpts: list[Excerpt], fmt: str) -> dict:
    """The copy of a report's annotations that an export for a server carries."""
    info = data.reports[rid]
    colours = {}
    anns = []
    for ex in excerpts:
        colours.update(zip(ex.categories, ex.category_colors, strict=True))
        anns.append({"id": ex.annotation_id, "start": ex.start, "end": ex.end, "labels": list(ex.categories),
                     "annotator": ex.annotator, "note": ex.note, "status": ex.status,
                     "created_at": ex.created_at, "updated_at": ex.updated_at})
    return {"format": fmt, "report_id": rid, "title": info.title, "issuer": info.issuer, "year": info.year,
            "sha256": info.sha256, "categories": colours, "annotations": anns}


def echo_from(value: object) -> Echo | None:
    """Read an echo (ours, or the ``meta`` of our JSONL lines); None when there is none."""
    if not isinstance(value, dict):
        return None
    anns = value.get("annotations")
    if not isinstance(anns, list):
        return None
    colors = value.get("categories") if isinstance(value.get("categories"), dict) else {}
    echo = Echo(_str(value.get("sha256")), _str(value.get("title")), _int(value.get("report_id")),
                {k: v for k, v in colors.items() if isinstance(v, str)})
    for a in anns:
        if not isinstance(a, dict):
            continue
        aid, start, end = _int(a.get("id")), _int(a.get("start")), _int(a.get("end"))
        if aid is None or start is None or end is None:
            continue
        echo.annotations.append(EchoAnnotation(
            aid, start, end, [x for x in a.get("labels") or [] if isinstance(x, str) and x],
            _str(a.get("annotator")), _str(a.get("note")), _str(a.get("status")) or "ok",
            _str(a.get("created_at")), _str(a.get("updated_at"))))
    return echo


# -- applying ------------------------------------------------------------------------------
def _import_report_class():  # noqa: ANN202
    from lawgov_desktop.export.importer import ImportReport

    @dataclass
    class ServerImportReport(ImportReport):
        """:class:`ImportReport` plus what the server changed: kept, changed and deleted."""

        kept: int = 0
        deleted: list[Annotation] = field(default_factory=list)  # whole, for undo
        changed: list[Annotation] = field(default_factory=list)  # as they were before, for undo
        added_ids: list[int] = field(default_factory=list)
        notes: list[str] = field(default_factory=list)  # reports left alone, edits not applied

        def as_dict(self) -> dict:
            return {**super().as_dict(), "kept": self.kept,
                    "deleted": [{"id": a.id, "report_id": a.report_id, "start": a.start, "end": a.end,
                                 "quote": a.quote[:40], "annotator": a.annotator} for a in self.deleted],
                    "changed": [{"id": a.id, "report_id": a.report_id, "before": [a.start, a.end]}
                                for a in self.changed],
                    "notes": self.notes}

    return ServerImportReport


class _Applier:
    def __init__(self, project: Project, fmt: str, default_annotator: str, empty_means_deleted: bool) -> None:
        from lawgov_desktop.export.importer import _ReportMatcher

        self.project = project
        self.report = _import_report_class()(format=fmt)
        self.matcher = _ReportMatcher(project.reports.list())
        self.default = default_annotator
        self.empty_means_deleted = empty_means_deleted
        self.names = {c.id: c.name for c in project.categories.list()}
        self.known = {c.name: c.id for c in project.categories.list()}

    # which of our annotations an echoed one still is
    def _ours(self, rid: int, e: EchoAnnotation, anns: dict[int, Annotation]) -> Annotation | None:
        def same(a: Annotation) -> bool:
            return (a.report_id == rid and (a.start, a.end) == (e.start, e.end) and a.annotator == e.annotator
                    and {self.names.get(c) for c in a.category_ids} == set(e.labels))

        a = anns.get(e.id)
        if a is not None and same(a):
            return a
        return next((a for a in anns.values() if same(a)), None)

    def _cat_ids(self, labels: tuple[str, ...] | list[str], colors: dict[str, str]) -> list[int]:
        from lawgov_desktop.export.importer import _COLOR

        ids = []
        for name in dict.fromkeys(x.strip() for x in labels if x.strip()):
            if name not in self.known:
                colour = colors.get(name, "")
                self.known[name] = self.project.categories.add(name, color=colour if _COLOR.fullmatch(colour) else None)
                self.names[self.known[name]] = name
                self.report.created_categories.append(name)
            ids.append(self.known[name])
        return ids

    def apply(self, rec: ServerRecord) -> None:
        from lawgov_desktop.export.importer import Incoming, Unplaced

        echo = rec.echo or Echo()
        spans = [sp for _who, sps in rec.states for sp in sps]
        self.report.read += len(spans)
        probe = Incoming(rec.where, sha256=echo.sha256 or (content_hash(rec.text) if rec.text else ""),
                         title=echo.title, report_id=echo.report_id)
        rid, _offsets_only, reason = self.matcher.match(probe)
        if rid is None:
            self.report.unplaced.append(Unplaced(rec.where, echo.title or "?", rec.text[:20], reason))
            return
        ours_text = self.project.reports.text(rid)
        same_text = not rec.text or content_hash(rec.text) == content_hash(ours_text)
        file_text = rec.text or ours_text
        anns = {a.id: a for a in self.project.annotations._select("WHERE report_id = ?", [rid])}
        title = echo.title or f"#{rid}"
        if not rec.states:
            if echo.annotations:
                self.report.notes.append(Message("reconcile.none_submitted", title=title))
            return
        by_annotator: dict[str, list[EchoAnnotation]] = {}
        for e in echo.annotations:
            by_annotator.setdefault(e.annotator, []).append(e)
        doccano = self.report.format == "doccano"
        # doccano gives every imported span to the member who imported the file: one file's
        # state answers for all our annotators; Label Studio holds one annotation per person
        owners = [None] * len(rec.states) if doccano else self._owners(rec.states, by_annotator)
        for (who, sps), owner in zip(rec.states, owners, strict=True):
            originals = echo.annotations if doccano else by_annotator.get(owner, []) if owner is not None else []
            if not sps and originals and not self.empty_means_deleted and doccano:
                self.report.notes.append(Message("reconcile.no_spans_kept", title=title, n=len(originals)))
                continue
            steps = plan([Original(e.id, e.start, e.end, frozenset(e.labels)) for e in originals],
                         [Region(s.start, s.end, s.labels, s.ref) for s in sps])
            if doccano and sps and originals and steps.deletes and not steps.kept and not steps.updates:
                # nothing of what we sent is in this member's file: their own spans only
                self.report.notes.append(Message("reconcile.none_of_ours", title=title))
                steps.deletes = []
            echo_by_id = {e.id: e for e in originals}
            for oid in steps.kept:
                self._ensure(rid, echo_by_id[oid], anns, file_text, ours_text, same_text, echo.colors, rec.where)
            for oid, region in steps.updates:
                self._update(rid, echo_by_id[oid], region, who or owner or self.default, anns, file_text,
                             ours_text, same_text, echo.colors, rec.where)
            for oid in steps.deletes:
                a = self._ours(rid, echo_by_id[oid], anns)
                if a is None:
                    continue
                self.report.deleted += self.project.annotations.delete_many([a.id])
                anns.pop(a.id, None)
            for region in steps.adds:
                self._add(rid, region, who or owner or self.default, "", "", "", anns, file_text, ours_text,
                          same_text, echo.colors, rec.where)

    def _owners(self, states: list[tuple[str, list[ServerSpan]]],
                by_annotator: dict[str, list[EchoAnnotation]]) -> list[str | None]:
        """Which of our annotators each server state continues (None: a new person there)."""
        id_owner = {e.id: e.annotator for es in by_annotator.values() for e in es}
        owners: list[str | None] = []
        for who, sps in states:
            refs = [id_owner[s.ref] for s in sps if s.ref in id_owner]
            if refs:
                owners.append(max(set(refs), key=refs.count))
            elif who in by_annotator:
                owners.append(who)
            else:
                owners.append(None)
        for i, (_who, sps) in enumerate(states):  # no id, no name: whose spans does it hold?
            if owners[i] is not None or not sps:
                continue
            units = {(s.start, s.end, lab) for s in sps for lab in s.labels}

            def score(es: list[EchoAnnotation], sps: list[ServerSpan] = sps, units: set = units) -> int:
                exact = sum((e.start, e.end, lab) in units for e in es for lab in e.labels)
                near = sum(1 for e in es if any(s.start < e.end and e.start < s.end and set(e.labels) & set(s.labels)
                                                for s in sps))
                return 2 * exact + near

            scores = {name: score(es) for name, es in by_annotator.items() if name not in owners}
            best = max(scores.values(), default=0)
            top = [n for n, v in scores.items() if v == best]
            owners[i] = top[0] if best > 0 and len(top) == 1 else None
        unclaimed = [n for n in by_annotator if n not in owners]
        empty = [i for i, (o, (_w, sps)) in enumerate(zip(owners, states, strict=True)) if o is None and not sps]
        if len(unclaimed) == 1 and len(empty) == 1:  # the one emptied state is the one annotator missing
            owners[empty[0]] = unclaimed[0]
        if len(states) == 1 and owners[0] is None and len(by_annotator) == 1:
            owners[0] = next(iter(by_annotator))
        return owners

    def _place(self, start: int, end: int, file_text: str, ours_text: str, same_text: bool,
               where: str) -> tuple[int, int] | None:
        from lawgov_desktop.export.importer import Unplaced

        if same_text:
            if 0 <= start < end <= len(ours_text):
                return start, end
            self.report.unplaced.append(Unplaced(where, "", "", Message("reconcile.bad_offsets", start=start, end=end)))
            return None
        quote = file_text[start:end]
        found = find_span(ours_text, quote, file_text[max(0, start - EXPORT_CONTEXT_CHARS):start],
                          file_text[end:end + EXPORT_CONTEXT_CHARS], start)
        if found is None:
            from lawgov_desktop.core.anchoring import explain_failure

            self.report.unplaced.append(Unplaced(where, "", quote[:40], explain_failure(ours_text, quote)))
            return None
        self.report.methods[found.method] += 1
        return found.start, found.end

    def _exists(self, rid: int, start: int, end: int, cats: list[int], who: str,
                anns: dict[int, Annotation]) -> bool:
        key = (start, end, frozenset(cats), who)
        return any((a.start, a.end, frozenset(a.category_ids), a.annotator) == key for a in anns.values())

    def _add(self, rid: int, region: Region, who: str, note: str, created: str, updated: str,
             anns: dict[int, Annotation], file_text: str, ours_text: str, same_text: bool,
             colors: dict[str, str], where: str, status: str = "ok") -> None:
        from lawgov_desktop.store.excerpts import ImportedSpan

        placed = self._place(region.start, region.end, file_text, ours_text, same_text, where)
        if placed is None:
            return
        cats = self._cat_ids(region.labels, colors)
        if self._exists(rid, *placed, cats, who, anns):
            self.report.duplicates += 1
            return
        if same_text:
            self.report.methods["offsets"] += 1
        ids = self.project.excerpts.add_imported(rid, [ImportedSpan(
            placed[0], placed[1], cats, note=note, annotator=who, created_at=created, updated_at=updated,
            status=status if status in ("ok", "review") else "ok")])
        self.report.added += len(ids)
        self.report.added_ids += ids
        for a in self.project.annotations.details(ids).values():
            anns[a.id] = a

    def _ensure(self, rid: int, e: EchoAnnotation, anns: dict[int, Annotation], file_text: str, ours_text: str,
                same_text: bool, colors: dict[str, str], where: str) -> None:
        self.report.kept += 1
        if self._ours(rid, e, anns) is not None:
            self.report.duplicates += 1
            return
        self._add(rid, Region(e.start, e.end, tuple(e.labels)), e.annotator, e.note, e.created_at, e.updated_at,
                  anns, file_text, ours_text, same_text, colors, where, e.status)

    def _update(self, rid: int, e: EchoAnnotation, region: Region, who: str, anns: dict[int, Annotation],
                file_text: str, ours_text: str, same_text: bool, colors: dict[str, str], where: str) -> None:
        a = self._ours(rid, e, anns)
        if a is None:  # gone or edited here since the export: the server's span comes home as it is
            self._add(rid, region, e.annotator or who, e.note, e.created_at, "", anns, file_text, ours_text,
                      same_text, colors, where)
            return
        placed = self._place(region.start, region.end, file_text, ours_text, same_text, where)
        if placed is None:
            return
        cats = self._cat_ids(region.labels, colors)
        before = self.project.annotations.update(a.id, category_ids=cats, span=placed)
        self.report.changed.append(before)
        fresh = self.project.annotations.get(a.id)
        anns[a.id] = fresh


def import_server_records(project: Project, records: list[ServerRecord], fmt: str, *,
                          default_annotator: str = "", empty_means_deleted: bool = False) -> ImportReport:
    """Apply every record; returns a report with what was added, changed, deleted and left."""
    applier = _Applier(project, fmt, default_annotator, empty_means_deleted)
    for rec in records:
        applier.apply(rec)
    return applier.report


def undo_server_import(project: Project, report: ImportReport) -> None:
    """Take an import back: remove what it added, put back what it changed and deleted."""
    added = [aid for aid in getattr(report, "added_ids", []) if aid in project.annotations.details([aid])]
    if added:
        project.annotations.delete_many(added)
    for before in reversed(getattr(report, "changed", [])):
        project.annotations.update(before.id, category_ids=before.category_ids, span=(before.start, before.end))
    deleted = getattr(report, "deleted", [])
    if deleted:
        project.annotations.restore_many(deleted)


# -- reading a server's file -----------------------------------------------------------------
#: names of the formats as said to the user
FORMAT_NAMES = {"labelstudio": "Label Studio JSON", "labelstudio-min": "Label Studio JSON_MIN",
                "doccano": "doccano JSONL（序列标注）"}


def _jsonl_objects(raw: str) -> list[tuple[int, object]]:
    import json

    out = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError:
                out.append((n, None))
    return out


def _edited_on_server(obj: object) -> bool:
    """A line of our plain JSONL whose ``label`` no longer says what its echo says: it went
    through a server (an older doccano that adds no key of its own) and was edited there."""
    from lawgov_desktop.export.doccano_format import is_span_list

    if not isinstance(obj, dict) or not is_span_list(obj.get("label")) or not isinstance(obj.get("text"), str):
        return False
    echo = echo_from(obj.get("meta"))
    if echo is None:
        return False
    sent = sorted((e.start, e.end, lab) for e in echo.annotations for lab in e.labels)
    return sent != sorted(tuple(x) for x in obj["label"])


def _doccano_records(raw: str, name: str) -> tuple[list[ServerRecord], list[tuple[int, str]]] | None:
    from lawgov_desktop.export import doccano_format

    objs = _jsonl_objects(raw)
    if not any(doccano_format.looks_like(o) or _edited_on_server(o) for _n, o in objs if isinstance(o, dict)):
        return None
    who = doccano_format.annotator_from_file(name)
    records, bad = [], []
    for n, obj in objs:
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            records.append(doccano_format.record(obj, f"{name} 第 {n} 行", who))
        else:
            bad.append((n, f"{name} 第 {n} 行"))
    return records, bad


def read_server_file(path: str | Path) -> tuple[str, list[ServerRecord], list[str]] | None:
    """``(format, records, lines that could not be read)`` for a Label Studio or doccano export
    (a doccano ``.zip`` of per-member files too); None for any other file.  A JSON list that is
    neither Label Studio's nor W3C annotations is refused with a message rather than guessed."""
    import json
    import zipfile

    from lawgov_desktop.export import labelstudio_format

    path = Path(path)
    if zipfile.is_zipfile(path):
        records: list[ServerRecord] = []
        bad: list[str] = []
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if m.filename.endswith(".jsonl") and not m.is_dir()]
            for m in members:
                if m.file_size > 512 * 1024 * 1024:
                    raise ValueError(Message("reconcile.member_too_large", name=m.filename))
                got = _doccano_records(zf.read(m).decode("utf-8-sig"), Path(m.filename).name)
                if got is not None:
                    records += got[0]
                    bad += [where for _n, where in got[1]]
        return ("doccano", records, bad) if members else None
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return None  # the general reader says what is wrong with it
    try:
        whole = json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        kind = labelstudio_format.looks_like(whole)
        if kind == "labelstudio":
            return kind, labelstudio_format.records(whole, kind), []
        if kind == "labelstudio-min":
            return kind, _group_min(labelstudio_format.records(whole, kind), whole), []
        if whole and not any(isinstance(d, dict) and ("target" in d or "@context" in d or
                                                      str(d.get("type", "")).startswith("Annotation"))
                             for d in whole):
            raise ValueError(Message("reconcile.unknown_list", path=str(path)))
        return None
    if whole is not None and not isinstance(whole, dict):
        return None  # a one-line JSONL file parses as one object: read on as lines
    got = _doccano_records(raw, path.name)
    if got is None:
        return None
    return "doccano", got[0], [where for _n, where in got[1]]


def _group_min(records: list[ServerRecord], doc: list) -> list[ServerRecord]:
    """JSON_MIN has one record per annotation: gather a task's records into one, one state each."""
    grouped: dict[tuple, ServerRecord] = {}
    items = [d for d in doc if isinstance(d, dict)]
    for rec, item in zip(records, items, strict=True):
        key = (item.get("id"), content_hash(rec.text))
        if key in grouped:
            grouped[key].states += rec.states
        else:
            grouped[key] = rec
    return list(grouped.values())
