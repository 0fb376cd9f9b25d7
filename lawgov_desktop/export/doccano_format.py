"""doccano sequence labelling: JSONL written for its import, and its export read back.

Written, one report per line (checked against doccano 1.8's sequence-labelling import and
export)::

    {"text": "<whole report>", "label": [[120, 188, "执法"], …],
     "lawgov": {"format": "lawgov-doccano/1", "report_id", "title", "sha256", …,
                "annotations": [{"id", "start", "end", "labels", "annotator", "note", …}]}}

``label`` is what doccano imports as spans (a span with two categories is two entries with
the same offsets).  Every other key — ``lawgov`` here, or ``spans`` and ``meta`` in our plain
JSONL — is kept by doccano as the example's metadata and written back unchanged in its
export, *beside* the edited ``label``; so reading an export back, ``label`` is what people
did on the server and ``lawgov``/``meta.annotations`` only what we sent
(:mod:`lawgov_desktop.export.reconcile` compares the two).  doccano's export of a project
without collaborative annotation is one file per member (``<user>.jsonl``): that name is the
annotator of the spans added there; ``all.jsonl`` names no one.  A project using relations
exports ``entities`` (``{"start_offset", "end_offset", "label"}``) instead of ``label``;
both are read.

doccano drops overlapping spans unless the project's "Allow overlapping spans" is switched
on: switch it on before importing (see the README).  Offsets are code points.
"""

from __future__ import annotations

import json
from pathlib import Path

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.reconcile import ServerRecord, ServerSpan, echo_from, echo_of
from lawgov_desktop.export.records import ExportData, ExportOptions, Ticker

SUFFIX = ".jsonl"
FORMAT_TAG = "lawgov-doccano/1"


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    with atomic_path(out, options.overwrite) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for rid, excerpts in data.by_report().items():
            labels = [[ex.start, ex.end, name] for ex in excerpts for name in ex.categories]
            line = {"text": data.texts[rid], "label": labels, "lawgov": echo_of(data, rid, excerpts, FORMAT_TAG)}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            ticker.step(len(excerpts))
        ticker.finish()
    return [out]


def is_span_list(value: object) -> bool:
    """doccano's sequence labels: ``[[start, end, "label"], …]`` (possibly empty)."""
    return isinstance(value, list) and all(
        isinstance(x, list) and len(x) == 3 and isinstance(x[2], str) for x in value)


def looks_like(obj: dict) -> bool:
    """A line of doccano's sequence-labelling export (or of this module's file)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return False
    tagged = isinstance(obj.get("lawgov"), dict) and obj["lawgov"].get("format") == FORMAT_TAG
    exported = "Comments" in obj or isinstance(obj.get("entities"), list)
    return (tagged or exported) and (is_span_list(obj.get("label")) or isinstance(obj.get("entities"), list))


def annotator_from_file(path: str | Path) -> str:
    """The member a per-user export file is named after ("" for ``all.jsonl`` and others)."""
    stem = Path(path).stem
    return "" if stem in ("all", "") else stem


def record(obj: dict, where: str, annotator: str = "") -> ServerRecord:
    """One line as a server record: ``label`` (or ``entities``) now, our echo as sent."""
    text = obj["text"]
    spans: list[ServerSpan] = []
    for item in obj.get("label") if is_span_list(obj.get("label")) else []:
        s, e, lab = item
        if isinstance(s, int) and isinstance(e, int) and lab.strip():
            spans.append(ServerSpan(s, e, (lab.strip(),), where=where))
    for ent in obj.get("entities") if isinstance(obj.get("entities"), list) else []:
        if isinstance(ent, dict):
            s, e, lab = ent.get("start_offset"), ent.get("end_offset"), ent.get("label")
            if isinstance(s, int) and isinstance(e, int) and isinstance(lab, str) and lab.strip():
                spans.append(ServerSpan(s, e, (lab.strip(),), where=where))
    echo = echo_from(obj.get("lawgov")) or echo_from(obj.get("meta"))
    return ServerRecord(where, text, echo, states=[(annotator, spans)])
