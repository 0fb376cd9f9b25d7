"""Bare baselines of the in-process cases: the least a script could do for the same result.

These deliberately bypass the store (the app's only SQL layer) and talk to SQLite, json and
openpyxl directly: a baseline is "what it would cost without the app", so it must not share
any of the app's code.  Each function returns seconds and sometimes a count for the detail.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import sqlite_utils

#: The rows a bare exporter gets from one join: everything but what needs the report text.
EXPORT_SQL = """
SELECT r.title, r.issuer, r.region, r.year, group_concat(c.name, '、') AS categories, a.quote, a.note,
       a.annotator, a.created_at, a.updated_at, a.start, a."end", a.status, a.id, a.report_id, r.sha256
FROM annotations a
JOIN reports r ON r.id = a.report_id
LEFT JOIN annotation_categories ac ON ac.annotation_id = a.id
LEFT JOIN categories c ON c.id = ac.category_id
GROUP BY a.id
ORDER BY a.report_id, a.start
"""
EXPORT_COLUMNS = ["title", "issuer", "region", "year", "categories", "quote", "note", "annotator",
                  "created_at", "updated_at", "start", "end", "status", "id", "report_id", "sha256"]


def insert_all(files: list[Path], db_path: Path) -> float:
    """Read the files as UTF-8 and ``insert_all`` them into a fresh sqlite-utils table."""
    t0 = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    rows = ({"file_name": p.name, "text": p.read_text(encoding="utf-8")} for p in files)
    db["reports"].insert_all(rows, pk="id")
    db.close()
    return time.perf_counter() - t0


def build_fts(texts: list[tuple[int, str]], db_path: Path) -> sqlite3.Connection:
    """A plain FTS5 trigram table holding the same texts (set-up, not timed)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='trigram')")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO docs (rowid, text) VALUES (?, ?)", texts)
    conn.execute("COMMIT")
    return conn


def fts_match(conn: sqlite3.Connection, phrase: str) -> tuple[float, int]:
    """A bare phrase MATCH returning the matching documents' ids and texts."""
    t0 = time.perf_counter()
    rows = conn.execute("SELECT rowid, text FROM docs WHERE docs MATCH ?", ['"' + phrase + '"']).fetchall()
    return time.perf_counter() - t0, len(rows)


def fts_match_ids(conn: sqlite3.Connection, phrase: str) -> float:
    """The same MATCH returning ids only (a lower bound, shown in the detail)."""
    t0 = time.perf_counter()
    conn.execute("SELECT rowid FROM docs WHERE docs MATCH ?", ['"' + phrase + '"']).fetchall()
    return time.perf_counter() - t0


def _export_rows(db_path: Path) -> tuple[sqlite3.Connection, sqlite3.Cursor]:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    return conn, conn.execute(EXPORT_SQL)


def jsonl_dump(db_path: Path, out: Path) -> tuple[float, int]:
    """One query, then ``json.dumps`` of each row (as a dict) to a file, one line per row."""
    t0 = time.perf_counter()
    conn, rows = _export_rows(db_path)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), ensure_ascii=False) + "\n")
            n += 1
    conn.close()
    return time.perf_counter() - t0, n


#: One row per (annotation, category), by category then position: the rows of the category
#: sheets of the app's workbook (an annotation with two categories is on two sheets).
XLSX_SQL = """
SELECT c.name, r.title, r.issuer, r.region, r.year, a.quote, a.note, a.annotator, a.created_at, a.updated_at,
       a.start, a."end", a.status, a.id, a.report_id, r.sha256
FROM annotations a
JOIN reports r ON r.id = a.report_id
JOIN annotation_categories ac ON ac.annotation_id = a.id
JOIN categories c ON c.id = ac.category_id
ORDER BY c.position, c.id, a.report_id, a.start, a."end", a.id
"""
XLSX_COLUMNS = ["title", "issuer", "region", "year", "category", "quote", "before", "after", "note", "annotator",
                "created_at", "updated_at", "start", "end", "status", "id", "report_id", "sha256"]
CONTEXT = 40


def xlsx_write(db_path: Path, out: Path) -> tuple[float, int]:
    """The same rows as the app's category sheets, plainly: one query, the two context columns
    sliced from the report texts, openpyxl's write-only mode, a sheet per category.

    Left out, as a bare script would: the section path (it needs the outline logic), styles,
    formula neutralising and the summary sheet.
    """
    from openpyxl import Workbook

    t0 = time.perf_counter()
    conn, _ = _export_rows(db_path)
    texts = dict(conn.execute("SELECT id, text FROM reports"))
    wb = Workbook(write_only=True)
    ws, sheet, n = None, None, 0
    for name, *row in conn.execute(XLSX_SQL):
        if name != sheet:
            ws, sheet = wb.create_sheet(name[:31]), name
            ws.append(XLSX_COLUMNS)
        title, issuer, region, year, quote, note, annotator, created, updated, start, end = row[:11]
        text = texts[row[13]]
        ws.append([title, issuer, region, year, name, quote, text[max(0, start - CONTEXT):start],
                   text[end:end + CONTEXT], note, annotator, created, updated, *row[9:]])
        n += 1
    wb.save(out)
    conn.close()
    return time.perf_counter() - t0, n
