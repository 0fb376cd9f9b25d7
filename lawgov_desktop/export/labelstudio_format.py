"""Label Studio tasks, and Label Studio's own exports (``JSON`` and ``JSON_MIN``) read back.

Written (checked against Label Studio's task format and export documentation, 1.x)::

    [{"data": {"text": "<whole report>",
               "lawgov": {"format": "lawgov-labelstudio/1", "report_id", "title", "sha256", …,
                          "annotations": [{"id", "start", "end", "labels", "annotator", "note", …}]}},
      "annotations": [{"result": [{"id": "lg17", "from_name": "label", "to_name": "text",
                                   "type": "labels", "origin": "manual",
                                   "value": {"start": 120, "end": 188, "text": "…", "labels": ["执法"]}}]}]}]

one task per report, one Label Studio annotation per annotator (``predictions`` instead with
``as_predictions``, for review as pre-annotations).  A region with two categories is one region
with two labels.  The labelling config for the project's categories (``<Labels>`` with their
colours over ``<Text value="$text">``) is written beside the file as
``<name>.label_config.xml``; paste it into the project's Labeling Interface (Code).

Label Studio keeps task data as it was imported and region ids as given, so its ``JSON`` export
brings back our ``lawgov`` copy of the annotations (what we sent) beside the ``annotations``
(what people did there); ``JSON_MIN`` flattens each annotation into one record holding the
task data, the regions under ``label`` and ``annotator``.  :func:`records` turns either into
:class:`~lawgov_desktop.export.reconcile.ServerRecord`\\ s.

Offsets are code points (Label Studio stores code points since its 1.x fixes for characters
outside the BMP); a region whose ``text`` only matches when its offsets are read as UTF-16
units is converted, so an export from an older server still lands on the right characters.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from lawgov_desktop.core.offsets import OffsetMap
from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.reconcile import EchoAnnotation, ServerRecord, ServerSpan, echo_from, echo_of
from lawgov_desktop.export.records import Excerpt, ExportData, ExportOptions, Ticker

SUFFIX = ".json"
FORMAT_TAG = "lawgov-labelstudio/1"
FROM_NAME, TO_NAME = "label", "text"
REGION_PREFIX = "lg"


def config_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.label_config.xml")


def planned_paths(data: ExportData, out: Path, options: ExportOptions) -> list[Path]:
    return [out, config_path(out)]


def label_config(data: ExportData) -> str:
    """The labelling interface for every category of the project (used or not)."""
    labels = "\n".join(f'    <Label value="{escape(c.name)}" background="{escape(c.color)}"/>'
                       for c in data.categories)  # (xml.sax.saxutils would load urllib: the app stays offline)
    return (f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
            f'  <Text name="{TO_NAME}" value="$text"/>\n</View>\n')


def _region(ex: Excerpt, text: str) -> dict:
    return {"id": f"{REGION_PREFIX}{ex.annotation_id}", "from_name": FROM_NAME, "to_name": TO_NAME,
            "type": "labels", "origin": "manual",
            "value": {"start": ex.start, "end": ex.end, "text": text[ex.start:ex.end], "labels": list(ex.categories)}}


def task(data: ExportData, rid: int, excerpts: list[Excerpt], as_predictions: bool = False) -> dict:
    text = data.texts[rid]
    by_annotator: dict[str, list[dict]] = {}
    for ex in excerpts:
        if ex.categories:
            by_annotator.setdefault(ex.annotator, []).append(_region(ex, text))
    out: dict = {"data": {"text": text, "lawgov": echo_of(data, rid, excerpts, FORMAT_TAG)}}
    if as_predictions:
        out["predictions"] = [{"model_version": f"lawgov:{who}" if who else "lawgov", "result": res}
                              for who, res in by_annotator.items()]
    else:
        out["annotations"] = [{"result": res, "ground_truth": False, "was_cancelled": False}
                              for res in by_annotator.values()]
    return out


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    tasks = []
    for rid, excerpts in data.by_report().items():
        tasks.append(task(data, rid, excerpts, options.as_predictions))
        ticker.step(len(excerpts))
    with atomic_path(out, options.overwrite) as tmp:
        tmp.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    conf = config_path(out)
    with atomic_path(conf, options.overwrite) as tmp:
        tmp.write_text(label_config(data), encoding="utf-8")
    ticker.finish()
    return [out, conf]


# -- reading Label Studio's exports ---------------------------------------------------------
def looks_like(doc: object) -> str | None:
    """``"labelstudio"`` (JSON export / tasks), ``"labelstudio-min"`` (JSON_MIN) or None."""
    if not isinstance(doc, list) or not doc:
        return None
    items = [d for d in doc if isinstance(d, dict)]
    if not items:
        return None
    if all(isinstance(d.get("data"), dict) for d in items) and any(
            k in d for d in items for k in ("annotations", "predictions", "completions")):
        return "labelstudio"
    if any(_min_regions(d) is not None for d in items) or all(
            isinstance(d.get("lawgov"), dict) and "annotation_id" in d for d in items):
        return "labelstudio-min"
    return None


def _min_regions(rec: dict) -> list | None:
    """The region list of a JSON_MIN record (under the control tag's name), if any."""
    value = rec.get(FROM_NAME)
    if isinstance(value, list) and all(isinstance(v, dict) and "start" in v and "labels" in v for v in value):
        return value
    for key, value in rec.items():
        if key in ("lawgov", "text") or not isinstance(value, list) or not value:
            continue
        if all(isinstance(v, dict) and "start" in v and "end" in v and "labels" in v for v in value):
            return value
    return None


def _annotator_name(value: object) -> str:
    """A person's name or e-mail when the export gives one (a bare user id names no one)."""
    if isinstance(value, dict):
        for key in ("email", "username"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
        return ""
    if isinstance(value, str) and value.strip() and not value.strip().isdigit():
        return value.strip()
    return ""


def _span(value: dict, text: str, where: str) -> ServerSpan | None:
    start, end = value.get("start"), value.get("end")
    labels = [x for x in value.get("labels") or [] if isinstance(x, str) and x.strip()]
    if not (isinstance(start, int) and isinstance(end, int) and labels):
        return None
    quote = value.get("text")
    if isinstance(quote, str) and quote and text[start:end] != quote:
        m = OffsetMap(text)  # an older server counted UTF-16 units
        s16, e16 = m.from_utf16(start), m.from_utf16(end)
        if text[s16:e16] == quote:
            start, end = s16, e16
    return ServerSpan(start, end, tuple(dict.fromkeys(x.strip() for x in labels)), where=where)


def _ref(region_id: object) -> int | None:
    if isinstance(region_id, str) and region_id.startswith(REGION_PREFIX) and region_id[len(REGION_PREFIX):].isdigit():
        return int(region_id[len(REGION_PREFIX):])
    return None


def records(doc: list, kind: str) -> list[ServerRecord]:
    """Server records of a Label Studio ``JSON`` (``kind`` "labelstudio") or ``JSON_MIN`` export."""
    out: list[ServerRecord] = []
    for k, item in enumerate((d for d in doc if isinstance(d, dict)), start=1):
        if kind == "labelstudio":
            data = item["data"]
            text = data.get("text") if isinstance(data.get("text"), str) else ""
            echo = echo_from(data.get("lawgov"))
            anns = item.get("annotations") or item.get("completions") or []
            people = [a for a in anns if isinstance(a, dict) and not a.get("was_cancelled")]
            if not people:  # nothing a person submitted (only predictions, or skipped)
                out.append(ServerRecord(f"第 {k} 个任务", text, echo, states=[]))
                continue
            states = []
            for n, ann in enumerate(people, start=1):
                where = f"第 {k} 个任务第 {n} 份标注"
                spans = []
                for r in ann.get("result") or []:
                    if isinstance(r, dict) and r.get("type", "labels") == "labels" and isinstance(r.get("value"), dict):
                        sp = _span(r["value"], text, where)
                        if sp is not None:
                            sp.ref = _ref(r.get("id"))
                            spans.append(sp)
                states.append((_annotator_name(ann.get("completed_by")), spans))
            out.append(ServerRecord(f"第 {k} 个任务", text, echo, states=states))
        else:
            text = item.get("text") if isinstance(item.get("text"), str) else ""
            where = f"第 {k} 条记录"
            spans = [sp for v in (_min_regions(item) or []) if (sp := _span(v, text, where)) is not None]
            out.append(ServerRecord(where, text, echo_from(item.get("lawgov")),
                                    states=[(_annotator_name(item.get("annotator")), spans)]))
    return out


__all__ = ["EchoAnnotation", "FORMAT_TAG", "label_config", "looks_like", "records", "task", "write"]
