"""REFI-QDA project (``.qdpx``) for QualCoder, NVivo, MAXQDA, ATLAS.ti and other QDA tools.

A zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``, element order of
the REFI-QDA 1.0 project schema) and ``sources/<guid>.txt``: each report with at least one
selected excerpt as plain UTF-8 text (no BOM: a BOM would count as a character and shift
every position by one in tools that keep it).  Categories become the code book — nested
categories as nested codes, colours kept — and each excerpt a ``PlainTextSelection`` with
its note as ``Description`` and one ``Coding`` per category.

GUIDs are UUID5 values derived from the report hash, category and annotation ids, so a
re-export of the same project produces the same GUIDs and the file diffs cleanly.

Positions count characters of the source file.  Tools disagree on line ends:

``lf`` (default)
    source files keep ``\\n`` line ends; a position is our code-point offset unchanged.
``crlf``
    source files are written with ``\\r\\n`` and positions shifted by one per preceding line
    end, for tools that count CRLF as two characters (NVivo and MAXQDA exports do, as far as
    QualCoder's importer shows).
"""

from __future__ import annotations

import uuid
import zipfile
from bisect import bisect_left
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import Excerpt, ExportData, ExportOptions, Ticker, xml_safe
from lawgov_desktop.export.w3c_format import LAWGOV_NS
from lawgov_desktop.store.records import Category

SUFFIX = ".qdpx"

NS = "urn:QDA-XML:project:1.0"
_SELECTION_NAME_CHARS = 40


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def guid(kind: str, key: object) -> str:
    """Stable GUID of one project object (user, code, source, selection, coding)."""
    return str(uuid.uuid5(LAWGOV_NS, f"qdpx:{kind}:{key}"))


class PositionMap:
    """Code-point offsets of one text → positions in its source file under a newline mode."""

    def __init__(self, text: str, newlines: str) -> None:
        self.crlf = newlines == "crlf"
        self._nl = [i for i, ch in enumerate(text) if ch == "\n"] if self.crlf else []

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self._nl, offset) if self.crlf else offset

    @staticmethod
    def file_text(text: str, newlines: str) -> str:
        return text.replace("\n", "\r\n") if newlines == "crlf" else text


def _add_codes(parent: etree._Element, cats: list[Category], include: set[int], parent_id: int | None) -> None:
    """``Code`` elements for the included categories under ``parent_id``, recursively."""
    for cat in cats:
        top = cat.parent_id not in include  # parent missing or not exported: a root code
        if cat.id in include and ((parent_id is None and top) or (parent_id is not None and cat.parent_id == parent_id)):
            code = etree.SubElement(parent, _q("Code"), guid=guid("code", f"{cat.id}:{cat.name}"),
                                    name=xml_safe(cat.name), isCodable="true")
            if cat.color.startswith("#"):
                code.set("color", cat.color)
            _add_codes(code, cats, include, cat.id)


def _codebook(root: etree._Element, data: ExportData) -> dict[int, str]:
    """The code book of the used categories and their ancestors; returns category id → GUID."""
    by_id = {c.id: c for c in data.categories}
    include: set[int] = set()
    for cat in data.used_categories():
        cid: int | None = cat.id
        while cid is not None and cid in by_id and cid not in include:
            include.add(cid)
            cid = by_id[cid].parent_id
    if not include:
        return {}  # the schema wants at least one Code inside Codes, so no CodeBook at all
    codes = etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes"))
    _add_codes(codes, data.categories, include, None)
    return {c.id: guid("code", f"{c.id}:{c.name}") for c in data.categories if c.id in include}


def _selection(src: etree._Element, ex: Excerpt, pos: PositionMap, users: dict[str, str],
               code_guids: dict[int, str]) -> None:
    name = ex.quote[:_SELECTION_NAME_CHARS].replace("\n", " ") + ("…" if len(ex.quote) > _SELECTION_NAME_CHARS else "")
    sel = etree.SubElement(src, _q("PlainTextSelection"), guid=guid("selection", f"{ex.report_sha256}:{ex.annotation_id}"),
                           name=xml_safe(name), startPosition=str(pos(ex.start)), endPosition=str(pos(ex.end)))
    user = users.get(ex.annotator)
    if user:
        sel.set("creatingUser", user)
    if ex.created_at:
        sel.set("creationDateTime", ex.created_at)
    if user:
        sel.set("modifyingUser", user)
    if ex.updated_at:
        sel.set("modifiedDateTime", ex.updated_at)
    if ex.note:
        etree.SubElement(sel, _q("Description")).text = xml_safe(ex.note)
    for cid in ex.category_ids:
        coding = etree.SubElement(sel, _q("Coding"), guid=guid("coding", f"{ex.report_sha256}:{ex.annotation_id}:{cid}"))
        if user:
            coding.set("creatingUser", user)
        if ex.created_at:
            coding.set("creationDateTime", ex.created_at)
        etree.SubElement(coding, _q("CodeRef"), targetGUID=code_guids[cid])


def build(data: ExportData, options: ExportOptions, ticker: Ticker | None = None) -> tuple[bytes, dict[str, bytes]]:
    """``project.qde`` bytes and the source files (zip path → bytes)."""
    root = etree.Element(_q("Project"), nsmap={None: NS},
                         name=xml_safe(options.title or data.project_name or "LawGov"), origin="LawGov Desktop")
    if options.now:
        root.set("creationDateTime", options.now)
    names = sorted({ex.annotator for ex in data.excerpts if ex.annotator})
    users = {n: guid("user", n) for n in names}
    if users:
        el = etree.SubElement(root, _q("Users"))
        for n in names:
            etree.SubElement(el, _q("User"), guid=users[n], name=xml_safe(n))
    code_guids = _codebook(root, data)
    files: dict[str, bytes] = {}
    groups = data.by_report()
    if groups:
        sources = etree.SubElement(root, _q("Sources"))
        for rid, exs in groups.items():
            info, text = data.reports[rid], data.texts[rid]
            sguid = guid("source", info.sha256)
            src = etree.SubElement(sources, _q("TextSource"), guid=sguid,
                                   name=xml_safe(info.title or info.file_name or f"报告 {rid}"),
                                   plainTextPath=f"internal://{sguid}.txt")
            if info.imported_at:
                src.set("creationDateTime", info.imported_at)
            about = "；".join(f"{k}：{v}" for k, v in (("发文单位", info.issuer), ("地区", info.region),
                                                      ("年份", info.year), ("SHA-256", info.sha256)) if v)
            etree.SubElement(src, _q("Description")).text = xml_safe(about)
            pos = PositionMap(text, options.qdpx_newlines)
            for ex in exs:
                _selection(src, ex, pos, users, code_guids)
                if ticker:
                    ticker.step()
            files[f"sources/{sguid}.txt"] = PositionMap.file_text(text, options.qdpx_newlines).encode("utf-8")
    # the declaration is written by hand: lxml quotes it with apostrophes, which some QDA
    # importers with hand-written XML readers do not expect
    qde = b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="utf-8", xml_declaration=False,
                                                                      pretty_print=True)
    return qde, files


def _zip_time(now: str | None) -> tuple[int, int, int, int, int, int]:
    try:
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    except ValueError:
        moment = datetime.now(UTC)
    return max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    qde, files = build(data, options, ticker)
    stamp = _zip_time(options.now)
    with atomic_path(out, options.overwrite) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, payload in [("project.qde", qde), *files.items()]:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, payload)
        ticker.finish()
    return [out]
