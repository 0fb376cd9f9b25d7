"""JSON Lines training data: one report per line (span labelling) or one excerpt per line.

Per report (default)::

    {"id": 3, "text": "<whole report>",
     "spans": [{"start": 120, "end": 188, "label": "执法", "annotation_id": 17}, …],
     "label": [[120, 188, "执法"], …],
     "meta": {"report_id": 3, "title": …, "issuer": …, "region": …, "year": …, "sha256": …,
              "categories": {"执法": "#f6b26b"},
              "annotations": [{"id": 17, "start": 120, "end": 188, "labels": ["执法"], "note": …,
                               "annotator": …, "status": "ok", "created_at": …, "updated_at": …,
                               "section_path": …}]}}

Offsets are code points into ``text`` and ``text[start:end]`` is the quote.  A span with two
categories gives two spans with the same offsets (one per label), the usual way to express
multi-label spans in span-based formats.  ``label`` repeats the spans as doccano's sequence-
labelling import expects them (``[[start, end, "label"], …]``), so doccano reads the file
unchanged.  Only reports with at least one selected excerpt are written: a report nobody has
tagged yet is not evidence that it contains nothing to tag.

Per excerpt (``per_excerpt``)::

    {"id": 17, "text": "<quote>", "label": ["执法", "复议"],
     "context": {"before": …, "after": …}, "meta": {report fields, "start", "end", …}}

``label`` is a list, the shape of doccano's text-classification import; single-label users
take ``label[0]``.  Both shapes carry enough (sha256, offsets, quote, context, note, times)
for ``lawgov import-annotations`` to put every annotation back.
"""

from __future__ import annotations

import json
from pathlib import Path

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import Excerpt, ExportData, ExportOptions, Ticker

SUFFIX = ".jsonl"

FORMAT_TAG = "lawgov-jsonl/1"


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _report_meta(data: ExportData, rid: int) -> dict:
    info = data.reports[rid]
    return {"report_id": rid, "title": info.title, "issuer": info.issuer, "region": info.region,
            "year": info.year, "sha256": info.sha256}


def report_line(data: ExportData, rid: int, excerpts: list[Excerpt]) -> dict:
    """The training record of one report (see the module docstring)."""
    spans, labels, anns, colours = [], [], [], {}
    for ex in excerpts:
        for name, colour in zip(ex.categories, ex.category_colors, strict=True):
            spans.append({"start": ex.start, "end": ex.end, "label": name, "annotation_id": ex.annotation_id})
            labels.append([ex.start, ex.end, name])
            colours.setdefault(name, colour)
        anns.append({"id": ex.annotation_id, "start": ex.start, "end": ex.end, "labels": list(ex.categories),
                     "note": ex.note, "annotator": ex.annotator, "status": ex.status,
                     "created_at": ex.created_at, "updated_at": ex.updated_at, "section_path": ex.section_path})
    meta = {**_report_meta(data, rid), "format": FORMAT_TAG, "categories": colours, "annotations": anns}
    return {"id": rid, "text": data.texts[rid], "spans": spans, "label": labels, "meta": meta}


def excerpt_line(data: ExportData, ex: Excerpt) -> dict:
    """The classification record of one excerpt (see the module docstring)."""
    meta = {**_report_meta(data, ex.report_id), "format": FORMAT_TAG, "section_path": ex.section_path,
            "start": ex.start, "end": ex.end, "note": ex.note, "annotator": ex.annotator, "status": ex.status,
            "created_at": ex.created_at, "updated_at": ex.updated_at,
            "categories": dict(zip(ex.categories, ex.category_colors, strict=True))}
    return {"id": ex.annotation_id, "text": ex.quote, "label": list(ex.categories),
            "context": {"before": ex.context_before, "after": ex.context_after}, "meta": meta}


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    with atomic_path(out, options.overwrite) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        if options.per_excerpt:
            for ex in sorted(data.excerpts, key=lambda e: (e.report_id, e.start, e.end, e.annotation_id)):
                fh.write(_dumps(excerpt_line(data, ex)) + "\n")
                ticker.step()
        else:
            for rid, excerpts in data.by_report().items():
                fh.write(_dumps(report_line(data, rid, excerpts)) + "\n")
                ticker.step(len(excerpts))
        ticker.finish()
    return [out]
