"""Bare baselines of the in-process cases: the least a script could do for the same result.

These deliberately bypass the store (the app's only SQL layer) and talk to SQLite, json and
openpyxl directly: a baseline is "what it would cost without the app", so it must not share
any of the app's code.  Each function returns seconds and sometimes a count for the detail.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from bisect import bisect_right
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils


def insert_and_index(files: list[Path], db_path: Path) -> tuple[float, float]:
    """Read the files as UTF-8, ``insert_all`` them into a fresh sqlite-utils table and build
    the full-text index a project has (FTS5 trigram, no positions, over the stored texts, with
    the project's ``hashsize`` and ``automerge``).

    An imported project is searchable: without the index the baseline would leave out the
    step that costs most of an import (SQLite cutting millions of trigrams).  Returns the
    seconds to the end of the inserts and to the end of the index.
    """
    t0 = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    rows = ({"file_name": p.name, "text": p.read_text(encoding="utf-8")} for p in files)
    with db.conn:
        db["reports"].insert_all(rows, pk="id")
    inserted = time.perf_counter() - t0
    with db.conn:
        db.execute("CREATE VIRTUAL TABLE reports_fts USING fts5(text, content='reports', content_rowid='id', "
                   "tokenize='trigram', detail=none)")
        for option, value in (("hashsize", 8 * 1024 * 1024), ("automerge", 16)):
            db.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES (?, ?)", [option, value])
        db.execute("INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')")
    db.close()
    return inserted, time.perf_counter() - t0


def _read_only(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)


# -- fair baselines: the same output as the app, the same SQLite settings ----------------------
#
# Each function below produces exactly what the app's side of its case produces (the test
# ``tests/test_bench_fairness.py`` compares the two on a small corpus), in the simplest direct
# code over sqlite3, bisect and json, with the same index configuration, page cache and text
# representation as the app.  Whatever the app does beyond a bare query (section paths, hit
# context, the training-record shape) the baseline does too, plainly.

#: The app's page cache for searching, in KiB: SQLite's default, which ``store/search.py`` keeps.
SEARCH_CACHE_KIB = 2000
#: Characters of context on each side of a search hit, cut at the line (``core/textsearch.py``).
HIT_CONTEXT = 24
#: Characters of context on each side of an exported excerpt (``export/records.py``).
EXPORT_CONTEXT = 40
#: Section path of an offset before the first heading.
BEFORE_FIRST_HEADING = "报告开头"


def copy_for_search(project_path: Path, db_path: Path) -> sqlite3.Connection:
    """Set-up, not timed: the project's texts and sections in plain tables, and an FTS5 index
    configured as the app's (trigram tokens, no positions, external content)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.executescript(f"""
        PRAGMA cache_size = -{SEARCH_CACHE_KIB};
        CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
        CREATE TABLE sections (report_id INTEGER, ord INTEGER, parent_ord INTEGER, label TEXT, title TEXT,
                               start INTEGER, "end" INTEGER, PRIMARY KEY (report_id, ord)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE docs USING fts5(text, content='texts', content_rowid='id',
                                             tokenize='trigram', detail=none);
    """)
    conn.execute("ATTACH DATABASE ? AS p", [f"{project_path.resolve().as_uri()}?mode=ro"])
    conn.executescript("""
        BEGIN;
        INSERT INTO texts SELECT id, text FROM p.reports;
        INSERT INTO sections SELECT report_id, ord, parent_ord, label, title, start, "end" FROM p.sections;
        INSERT INTO docs (docs) VALUES ('rebuild');
        COMMIT;
    """)
    conn.execute("DETACH DATABASE p")
    return conn


def _section_path(sections: list[tuple], starts: list[int], offset: int) -> str:
    """Names of the sections holding ``offset``, outermost first (sections in document order)."""
    i = bisect_right(starts, offset) - 1
    while i >= 0 and offset >= sections[i][3]:  # past its end: try its parent
        parent = sections[i][1]
        i = -1 if parent is None else parent
    if i < 0:
        return BEFORE_FIRST_HEADING
    names = []
    while i is not None and i >= 0:
        names.append(sections[i][2])
        i = sections[i][1]
    return " > ".join(reversed(names))


def _sections_of(conn: sqlite3.Connection, report_id: int) -> tuple[list[tuple], list[int]]:
    rows = conn.execute('SELECT ord, parent_ord, label || title, "end", start FROM sections WHERE report_id = ? '
                        "ORDER BY ord", [report_id]).fetchall()
    return rows, [r[4] for r in rows]


def search_hits(conn: sqlite3.Connection, phrase: str) -> tuple[float, list[tuple]]:
    """Every occurrence of ``phrase`` (3+ characters) as the app's search returns it:
    (report id, start, end, section path, context before, the match, context after)."""
    t0 = time.perf_counter()
    pieces = dict.fromkeys(phrase[i:i + 3] for i in range(len(phrase) - 2))
    query = " AND ".join('"' + p.replace('"', '""') + '"' for p in pieces)
    hits: list[tuple] = []
    rows = conn.execute("SELECT id, CAST(text AS BLOB) FROM texts WHERE id IN "
                        "(SELECT rowid FROM docs WHERE docs MATCH ?) ORDER BY id", [query])
    n = len(phrase)
    for rid, data in rows:
        text = data.decode("utf-8")
        pos = text.find(phrase)
        if pos < 0:
            continue
        sections, starts = _sections_of(conn, rid)
        while pos >= 0:
            end = pos + n
            cut = max(0, pos - HIT_CONTEXT)
            before = text[max(text.rfind("\n", cut, pos) + 1, cut):pos]
            stop = min(len(text), end + HIT_CONTEXT)
            line_end = text.find("\n", end, stop)
            after = text[end:stop if line_end < 0 else line_end]
            hits.append((rid, pos, end, _section_path(sections, starts, pos), before, text[pos:end], after))
            pos = text.find(phrase, end)
    return time.perf_counter() - t0, hits


def jsonl_per_report(db_path: Path, out: Path) -> tuple[float, int]:
    """The app's default JSONL export (one training record per tagged report, see
    ``export/jsonl_format.py``): the same lines, keys and values, written plainly."""
    t0 = time.perf_counter()
    conn = _read_only(db_path)
    categories = {cid: (name, color, pos) for cid, name, color, pos in
                  conn.execute("SELECT id, name, color, position FROM categories")}
    links: dict[int, list[int]] = {}
    for aid, cid in conn.execute("SELECT annotation_id, category_id FROM annotation_categories"):
        links.setdefault(aid, []).append(cid)
    by_report: dict[int, list[tuple]] = {}
    for row in conn.execute('SELECT id, report_id, start, "end", note, annotator, status, created_at, updated_at '
                            "FROM annotations WHERE status != 'orphaned'"):
        by_report.setdefault(row[1], []).append(row)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for rid in sorted(by_report):
            title, issuer, region, year, sha256, text = conn.execute(
                "SELECT title, issuer, region, year, sha256, text FROM reports WHERE id = ?", [rid]).fetchone()
            sections, starts = _sections_of(conn, rid)
            spans, labels, anns, colours = [], [], [], {}
            for aid, _rid, start, end, note, annotator, status, created, updated in sorted(
                    by_report[rid], key=lambda r: (r[2], r[3], r[0])):
                cids = sorted((c for c in links.get(aid, []) if c in categories),
                              key=lambda c: (categories[c][2], c))
                names = [categories[c][0] for c in cids]
                for c in cids:
                    name, colour, _pos = categories[c]
                    spans.append({"start": start, "end": end, "label": name, "annotation_id": aid})
                    labels.append([start, end, name])
                    colours.setdefault(name, colour)
                anns.append({"id": aid, "start": start, "end": end, "labels": names, "note": note,
                             "annotator": annotator, "status": status, "created_at": created, "updated_at": updated,
                             "section_path": _section_path(sections, starts, start)})
                n += 1
            meta = {"report_id": rid, "title": title, "issuer": issuer, "region": region, "year": year,
                    "sha256": sha256, "format": "lawgov-jsonl/1", "categories": colours, "annotations": anns}
            fh.write(json.dumps({"id": rid, "text": text, "spans": spans, "label": labels, "meta": meta},
                                ensure_ascii=False) + "\n")
    conn.close()
    return time.perf_counter() - t0, n


#: The app's table columns (``export/records.py``) and what its 状态 column says (zh_CN).
TABLE_HEADERS = ["报告", "发文单位", "地区", "年份", "章节", "类别", "摘录", "上文", "下文", "备注",
                 "标注人", "创建时间", "更新时间", "起始", "结束", "状态", "标注ID", "报告ID", "报告SHA-256"]
STATUS_ZH = {"ok": "正常", "review": "待复核", "orphaned": "已失去位置", "suggested": "建议"}
SUMMARY_NOTE = ("各类别列为标注次数，一条摘录有两个类别时两列各计一次；“标注（次）”为各类别之和，"
                "“摘录（条）”为不重复的摘录条数。")
#: Characters XML cannot hold, first characters that make a spreadsheet run a cell, Excel's cell limit.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32_767
CUT_MARK = "……（超出 Excel 单元格上限，已截断）"


def _local_time(iso: str) -> str:
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return (moment.astimezone() if moment.tzinfo is not None else moment).strftime("%Y-%m-%d %H:%M")


def xlsx_workbook(db_path: Path, out: Path, now: str | None = None) -> tuple[float, int]:
    """The app's Excel export (``export/xlsx_format.py``) with the same sheets and cell values,
    written plainly in openpyxl's write-only mode: a summary sheet (tags per report and
    category, totals, the count line, the filter), then a sheet per category with one row per
    excerpt — section path, contexts, local times and status label included.  Text is kept as
    text (a cell starting ``=`` is a string cell, not a formula), cleaned of characters XML
    cannot hold and cut at Excel's limit, as the app does.  ``now`` (ISO, default: the
    current time) is the generation time the summary states.

    Left out: how the cells look (fonts, fills, wrapping, column widths, frozen header rows,
    tab colours) and the app's renaming of category names Excel refuses as sheet names (none
    in the benchmark's data).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    t0 = time.perf_counter()
    conn = _read_only(db_path)
    categories = conn.execute("SELECT id, name FROM categories ORDER BY position, id").fetchall()
    name_of = dict(categories)
    order = {cid: k for k, (cid, _name) in enumerate(categories)}
    links: dict[int, list[int]] = {}
    for aid, cid in conn.execute("SELECT annotation_id, category_id FROM annotation_categories"):
        links.setdefault(aid, []).append(cid)
    reports = {row[0]: row[1:] for row in conn.execute("SELECT id, title, issuer, region, year, sha256 FROM reports")}
    texts: dict[int, str] = {}
    outlines: dict[int, tuple[list[tuple], list[int]]] = {}
    excerpts: list[tuple[int, list[int], list]] = []  # (report id, category ids, row)
    for aid, rid, start, end, note, annotator, status, created, updated in conn.execute(
            'SELECT id, report_id, start, "end", note, annotator, status, created_at, updated_at FROM annotations '
            """WHERE status != 'orphaned' ORDER BY report_id, start, "end", id"""):
        if rid not in texts:
            texts[rid] = conn.execute("SELECT text FROM reports WHERE id = ?", [rid]).fetchone()[0]
            outlines[rid] = _sections_of(conn, rid)
        text, (title, issuer, region, year, sha256) = texts[rid], reports[rid]
        cids = sorted((c for c in links.get(aid, []) if c in name_of), key=order.__getitem__)
        excerpts.append((rid, cids, [
            title, issuer, region, year, _section_path(*outlines[rid], start), "、".join(name_of[c] for c in cids),
            text[start:end], text[max(0, start - EXPORT_CONTEXT):start], text[end:end + EXPORT_CONTEXT], note,
            annotator, _local_time(created), _local_time(updated), start, end, STATUS_ZH.get(status, status),
            aid, rid, sha256]))
    conn.close()

    wb = Workbook(write_only=True)

    def cell(ws, value):  # noqa: ANN001, ANN202
        if not isinstance(value, str):
            return value
        value = XML_ILLEGAL.sub("", value)
        if len(value) > CELL_LIMIT:
            value = value[:CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
        if value.startswith(FORMULA_START):
            text_cell = WriteOnlyCell(ws, value=value)
            text_cell.data_type = "s"
            return text_cell
        return value

    used = [(cid, name) for cid, name in categories if any(cid in cids for _rid, cids, _row in excerpts)]
    uncategorised = any(not cids for _rid, cids, _row in excerpts)
    columns = [name for _cid, name in used] + (["未分类"] if uncategorised else [])
    column_of = {cid: k for k, (cid, _name) in enumerate(used)}
    ws = wb.create_sheet("汇总")
    ws.append(["报告", "年份", *columns, "标注（次）", "摘录（条）"])
    totals = [0] * len(columns)
    by_report: dict[int, list[list[int]]] = {}
    for rid, cids, _row in excerpts:
        by_report.setdefault(rid, []).append(cids)
    for rid, groups in by_report.items():
        counts = [0] * len(columns)
        for cids in groups:
            for cid in cids:
                counts[column_of[cid]] += 1
            if not cids:
                counts[-1] += 1
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        ws.append([cell(ws, reports[rid][0] or f"#{rid}"), reports[rid][3], *counts, sum(counts), len(groups)])
    ws.append(["合计", "", *totals, sum(totals), len(excerpts)])
    ws.append([])
    tags = sum(max(1, len(cids)) for _rid, cids, _row in excerpts)
    ws.append([f"摘录 {len(excerpts)} 条，标注 {tags} 次。" + SUMMARY_NOTE])
    if not excerpts:
        ws.append(["没有符合条件的标注 (no annotations matched the filter)"])
    ws.append(["筛选条件：类别：全部；报告：全部；标注人：全部"])
    ws.append([f"生成时间：{_local_time(now or datetime.now(UTC).isoformat(timespec='seconds'))}"])
    sheets = [(name, [row for _rid, cids, row in excerpts if cid in cids]) for cid, name in used]
    if uncategorised:
        sheets.append(("未分类", [row for _rid, cids, row in excerpts if not cids]))
    for name, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append(TABLE_HEADERS)
        for row in rows:
            ws.append([cell(ws, v) for v in row])
    wb.save(out)
    return time.perf_counter() - t0, len(excerpts)
