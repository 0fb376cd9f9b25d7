"""W3C Web Annotation (JSON-LD): an ``AnnotationCollection`` whose first page holds every
annotation, readable by any Web Annotation client (Hypothesis-style tools, IIIF viewers,
RDF stores) and by ``lawgov import-annotations``.

Each annotation::

    {"id": "urn:uuid:…", "type": "Annotation", "created": …, "modified": …,
     "creator": {"type": "Person", "name": "张三"},
     "body": [{"type": "TextualBody", "value": "<note>", "purpose": "commenting", …},
              {"type": "TextualBody", "value": "执法", "purpose": "tagging"}, …],
     "target": {"source": {"id": "urn:sha256:<hex>", "type": "Text", "format": "text/plain",
                           "language": "zh-CN", "label": "<report title>"},
                "selector": [{"type": "TextQuoteSelector", "exact": …, "prefix": …, "suffix": …},
                             {"type": "TextPositionSelector", "start": …, "end": …}]}}

The source is identified by the SHA-256 of the report's stored text, so the same report in
any project (or on any machine) has the same IRI.  Positions are code points, as the model
specifies for TextPositionSelector; prefix/suffix are the exported context.  Annotation ids
are UUIDs derived from the report hash and the annotation id, stable across re-exports.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import Excerpt, ExportData, ExportOptions, Ticker

SUFFIX = ".jsonld"

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Namespace of the UUIDs this exporter derives (stable ids for the same objects).
LAWGOV_NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:lawgov-desktop")


def source_iri(sha256: str) -> str:
    return f"urn:sha256:{sha256}"


def annotation_iri(ex: Excerpt) -> str:
    return f"urn:uuid:{uuid.uuid5(LAWGOV_NS, f'annotation:{ex.report_sha256}:{ex.annotation_id}')}"


def annotation(ex: Excerpt) -> dict:
    """One excerpt as a Web Annotation."""
    body: list[dict] = []
    if ex.note:
        body.append({"type": "TextualBody", "value": ex.note, "purpose": "commenting",
                     "format": "text/plain", "language": "zh-CN"})
    body.extend({"type": "TextualBody", "value": name, "purpose": "tagging"} for name in ex.categories)
    anno: dict = {"id": annotation_iri(ex), "type": "Annotation"}
    if ex.created_at:
        anno["created"] = ex.created_at
    if ex.updated_at:
        anno["modified"] = ex.updated_at
    if ex.annotator:
        anno["creator"] = {"type": "Person", "name": ex.annotator}
    if body:
        anno["body"] = body
    anno["target"] = {
        "source": {"id": source_iri(ex.report_sha256), "type": "Text", "format": "text/plain",
                   "language": "zh-CN", "label": ex.report_title},
        "selector": [
            {"type": "TextQuoteSelector", "exact": ex.quote, "prefix": ex.context_before,
             "suffix": ex.context_after},
            {"type": "TextPositionSelector", "start": ex.start, "end": ex.end},
        ],
    }
    return anno


def collection(data: ExportData, options: ExportOptions, ticker: Ticker | None = None) -> dict:
    """The whole selection as one ``AnnotationCollection`` (no page when it is empty)."""
    items = []
    for ex in sorted(data.excerpts, key=lambda e: (e.report_id, e.start, e.end, e.annotation_id)):
        items.append(annotation(ex))
        if ticker:
            ticker.step()
    key = "collection:" + ",".join(sorted({e.report_sha256 for e in data.excerpts})) + ":" + data.filter_text
    coll: dict = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(LAWGOV_NS, key)}",
        "type": "AnnotationCollection",
        "label": options.title or f"{data.project_name or 'LawGov'} 标注",
        "total": len(items),
        "generator": {"id": "urn:lawgov-desktop", "type": "Software", "name": "LawGov Desktop"},
    }
    if options.now:
        coll["generated"] = options.now
    if items:
        coll["first"] = {"type": "AnnotationPage", "startIndex": 0, "items": items}
    return coll


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    doc = collection(data, options, ticker)
    with atomic_path(out, options.overwrite) as tmp:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        ticker.finish()
    return [out]
