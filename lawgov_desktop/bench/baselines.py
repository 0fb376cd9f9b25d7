"""Bare baselines of the in-process cases: the least a script could do for the same result.

These deliberately bypass the store (the app's only SQL layer) and talk to SQLite, json and
openpyxl directly: a baseline is "what it would cost without the app", so it must not share
any of the app's code.  Each function returns seconds and sometimes a count for the detail.
"""

from __future__ import annotations

import json
import sqlite3
import time
from bisect import bisect_right
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
    conn = _read_only(db_path)
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
