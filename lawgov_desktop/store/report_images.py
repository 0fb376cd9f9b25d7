"""Reports in the undo history: one image per report, its outline included, kept compact.

An import, a new version of a report and a merge change reports; each is one step of the
history (see :mod:`lawgov_desktop.store.history`) like any tag.  A report is not stored there
as rows of ``reports``, ``sections`` and ``report_outlines`` captured one by one: an import
of 1,000 reports writes some 30,000 rows, and copying each (and its text) into the history
as it is written would cost the import a good part of its time and double the file.

Instead a report's **image** is the whole report: its ``reports`` row, its ``sections`` rows
(ids included) and its packed outline (hex), and a step keeps in full only the images that are
*not* in the tables.  The image a step left in the tables is kept as a **mark**: id, length,
SHA-256 of the text and time of import, enough to tell that the report is still exactly as the
step left it (every change the app makes to a report — a new version, an undo or redo of one —
changes its SHA-256 or time of import), and read from the report list's index without touching
the text's pages.  So:

* a done import holds one mark per report (~300 bytes); its undo checks the marks, deletes the
  reports (their sections, outlines and index entries go with them: ``ON DELETE CASCADE`` and
  the search index's triggers), and the step then holds the full images, for redo;
* redo writes them back with their ids — the search index is filled by the same triggers as
  an import — and the step holds marks again;
* a new version of a report holds the report's previous image in full (its outline; its text
  once, in the ``report_versions`` row the new version adds, which the image names: see
  :func:`share_texts`) and a mark of the new one.

The history's bound in bytes therefore counts what only the history holds: the texts a new
version replaced and the reports an undone import took away (they left the tables, so the
file does not grow).  Reports are noticed while an operation runs by temporary triggers on
``reports``, in the history's capture log (so an operation that touches no report costs not a
statement more): a new report's id, or the full image of a report as it was before its change
(taken before the row and its outline change, as every writer changes the row first).
"""

from __future__ import annotations

import json
import sqlite3

#: the history's name for report images (rows ``["report", before, after]``)
TABLE = "report"
#: the columns of a mark (in the ``reports_list`` index: read without the text's pages)
MARK_COLUMNS = ("id", "chars", "sha256", "imported_at")
_ROWS_PER_INSERT = 60  # reports per multi-row INSERT on redo (under SQLite's oldest variable limit)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]


def _q(name: str) -> str:
    return '"' + name + '"'


def _image_sql(conn: sqlite3.Connection, rid: str, row: str) -> str:
    """SQL of a report's full image: ``rid`` is the id's expression, ``row`` the row's name."""
    report_cols = _columns(conn, "reports")
    section_cols = _columns(conn, "sections")
    row_json = "json_object(" + ", ".join(f"'{c}', {row}.{_q(c)}" for c in report_cols) + ")"
    sections = ("json((SELECT json_group_array(json_array(" + ", ".join(_q(c) for c in section_cols) + ")) "
                f"FROM (SELECT * FROM main.sections WHERE report_id = {rid} ORDER BY ord)))")
    outline = f"(SELECT hex(packed) FROM main.report_outlines WHERE report_id = {rid})"
    names = "json_array(" + ", ".join(f"'{c}'" for c in section_cols) + ")"  # a later schema may add some
    return (f"json_object('id', {rid}, 'row', {row_json}, 'section_columns', {names}, 'sections', {sections}, "
            f"'outline', {outline})")


def install(conn: sqlite3.Connection) -> None:
    """Triggers logging changed reports into the capture log ``op_capture`` (made by
    :func:`history.install`, which calls this): ``(TABLE, image before, NULL)`` before a change
    or deletion, ``(TABLE, NULL, id)`` after an insertion."""
    armed = "WHEN EXISTS (SELECT 1 FROM op_armed)"
    conn.execute(f"CREATE TEMP TRIGGER op_capture_reports_insert AFTER INSERT ON main.reports {armed} BEGIN "
                 f"INSERT INTO op_capture (tbl, old, new) VALUES ('{TABLE}', NULL, new.id); END")
    for event in ("UPDATE", "DELETE"):
        conn.execute(f"CREATE TEMP TRIGGER op_capture_reports_{event.lower()} BEFORE {event} ON main.reports "
                     f"{armed} BEGIN INSERT INTO op_capture (tbl, old, new) "
                     f"VALUES ('{TABLE}', {_image_sql(conn, 'old.id', 'old')}, NULL); END")


def marks(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    """The marks of the stored reports among ``ids``."""
    out: dict[int, dict] = {}
    cols = ", ".join(_q(c) for c in MARK_COLUMNS)
    for k in range(0, len(ids), 500):
        part = ids[k:k + 500]
        for row in conn.execute(f"SELECT {cols} FROM main.reports INDEXED BY reports_list "
                                f"WHERE id IN ({','.join('?' * len(part))})", part):
            out[row[0]] = dict(zip(MARK_COLUMNS, row, strict=True))
    return out


def mark_of(image: dict | None) -> dict | None:
    """The mark of an image (a full one or a mark)."""
    return None if image is None else {c: image["row"][c] for c in MARK_COLUMNS}


def logged(old: str | None, new: str | None) -> tuple[int, dict | None]:
    """A report's id and image before the operation, from one row of the capture log."""
    if old is None:
        return int(new), None  # type: ignore[arg-type]
    image = json.loads(old)
    return image["id"], image


def captured(conn: sqlite3.Connection, before: dict[int, dict | None]) -> list[list]:
    """``[TABLE, before, after]`` per report the operation changed (``before``: each one's
    first logged image): the full image before it, the mark after it (None: no report)."""
    if not before:
        return []
    now = marks(conn, sorted(before))
    rows = []
    for rid, image in sorted(before.items()):
        after = {"id": rid, "row": now[rid]} if rid in now else None
        if image is None and after is None:
            continue  # made and removed again
        if image is not None and after is not None and mark_of(image) == after["row"]:
            continue  # written back as it was (marks cover every change the app makes)
        rows.append([TABLE, image, after])
    return rows


def full_images(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    """The full images of the stored reports among ``ids``."""
    out: dict[int, dict] = {}
    for rid in ids:
        row = conn.execute(f"SELECT {_image_sql(conn, '?1', 'r')} FROM main.reports r WHERE id = ?1", [rid]).fetchone()
        if row is not None:
            out[rid] = json.loads(row[0])
    return out


def write(conn: sqlite3.Connection, targets: list[tuple[int, dict | None]], present: set[int]) -> None:
    """Make each report ``rid`` its target image (None: no such report); ``present`` are the
    ids stored now.  New reports go in with multi-row statements, as an import writes them,
    so the search index is filled in a few steps rather than one per report."""
    report_cols = _columns(conn, "reports")
    for rid, target in targets:
        if target is None and rid in present:
            conn.execute("DELETE FROM main.reports WHERE id = ?", [rid])
    new = [(rid, t) for rid, t in targets if t is not None and rid not in present]
    for k in range(0, len(new), _ROWS_PER_INSERT):
        part = new[k:k + _ROWS_PER_INSERT]
        one = "(" + ",".join("?" * len(report_cols)) + ")"
        conn.execute(f"INSERT INTO main.reports ({', '.join(_q(c) for c in report_cols)}) VALUES "
                     + ",".join([one] * len(part)), [t["row"][c] for _rid, t in part for c in report_cols])
    for rid, target in targets:
        if target is None:
            continue
        if rid in present:
            sets = ", ".join(f"{_q(c)} = ?" for c in report_cols if c != "id")
            conn.execute(f"UPDATE main.reports SET {sets} WHERE id = ?",
                         [target["row"][c] for c in report_cols if c != "id"] + [rid])
            conn.execute("DELETE FROM main.sections WHERE report_id = ?", [rid])
            conn.execute("DELETE FROM main.report_outlines WHERE report_id = ?", [rid])
        names = target["section_columns"]
        conn.executemany(f"INSERT INTO main.sections ({', '.join(_q(c) for c in names)}) "
                         f"VALUES ({','.join('?' * len(names))})", target["sections"])
        if target["outline"] is not None:
            conn.execute("INSERT INTO main.report_outlines (report_id, packed) VALUES (?, ?)",
                         [rid, bytes.fromhex(target["outline"])])


def share_texts(rows: list[list]) -> list[list]:
    """``rows`` with each full image's text that a ``report_versions`` row of the same step
    also holds (a new version keeps the text it replaced there) stored once: the image then
    names that row (``{"version": id}``) instead of repeating the text."""
    kept = {image["report_id"]: (image["id"], image["text"]) for table, before, after in rows
            if table == "report_versions" for image in (after if after is not None else before,)}
    for table, before, after in rows:
        if table != TABLE:
            continue
        for image in (before, after):
            if image is None or "sections" not in image:
                continue
            vid, text = kept.get(image["id"], (None, None))
            if vid is not None and image["row"]["text"] == text:
                image["row"]["text"] = {"version": vid}
    return rows


def expanded(image: dict | None, rows: list[list]) -> dict | None:
    """A full image with its text written out again (see :func:`share_texts`)."""
    if image is None or not isinstance(image["row"].get("text"), dict):
        return image
    vid = image["row"]["text"]["version"]
    for table, before, after in rows:
        version = after if after is not None else before
        if table == "report_versions" and version["id"] == vid:
            return {**image, "row": {**image["row"], "text": version["text"]}}
    raise ValueError(f"report version {vid} missing from the step")
