"""Every earlier schema version, with data in it, opens in today's app with nothing lost.

For each version v < latest a project is built at exactly v (``migrate(conn, target=v)``),
filled by ``BUILDERS[v]`` with rows that are valid *at that version*, and then opened with
:class:`Project`, which migrates it to the latest version.  Every row that existed before
must still be there, unchanged, and the features every migration added (``FEATURES``) must
work on the migrated file.

Adding a migration?  Add ``BUILDERS[n]`` (rows for the new tables/columns, on top of
``BUILDERS[n - 1]``) and ``FEATURES[n]`` (proof the new feature works on old data):
``test_every_version_has_a_builder_and_a_feature_check`` fails until you do.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgov_desktop.core.document import content_hash
from lawgov_desktop.core.report import parse_text
from lawgov_desktop.store.backups import list_backups
from lawgov_desktop.store.history import fingerprints
from lawgov_desktop.store.outlines import heading, store_packed_outlines, unpack_outline
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import latest_version, migrate

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
NOW = "2023-03-01T08:00:00+00:00"

Builder = Callable[[sqlite3.Connection], None]
Feature = Callable[[Project], None]


def _texts() -> list[str]:
    return [SEEDS[0].read_text(encoding="utf-8"), SEEDS[1].read_text(encoding="utf-8")]


def _quote(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


# -- rows valid at each version -----------------------------------------------------------

def build_v1(conn: sqlite3.Connection) -> None:
    """Reports with outlines, a category tree, annotations with several categories, settings."""
    conn.execute("INSERT INTO settings (key, value) VALUES ('default_categories', '1'), ('backup_keep', '7')")
    for pos, (name, parent) in enumerate([("执法", None), ("复议", None), ("营商环境", None), ("行政处罚", 1)]):
        conn.execute("INSERT INTO categories (name, parent_id, color, shortcut, position, keywords, created_at) "
                     "VALUES (?,?,?,?,?,?,?)", [name, parent, "#f6b26b", str(pos + 1), pos, '["执法"]', NOW])
    for rid, text in enumerate(_texts(), start=1):
        parsed = parse_text(text, file_name=f"r{rid}.txt")
        m = parsed.meta
        conn.execute(
            "INSERT INTO reports (id, title, year, issuer, region, source, publish_date, file_name, source_format, "
            "encoding, text, chars, sha256, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [rid, m.title, m.year, m.issuer, m.region, m.source, m.publish_date, parsed.file_name, "txt",
             "utf-8", text, len(text), content_hash(text), NOW])
        conn.executemany(
            'INSERT INTO sections (report_id, ord, parent_ord, depth, label, title, start, "end", title_end, line) '
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(rid, i, s.parent, s.depth, s.label, s.title, s.start, s.end, s.title_end, s.line)
             for i, s in enumerate(parsed.sections)])
    t1, t2 = _texts()
    spans = [(1, *_quote(t1, "深化行政执法规范化建设"), [1, 4], "重点", "ok"),
             (1, *_quote(t1, "行政复议"), [2], "", "ok"),
             (2, *_quote(t2, "营商环境"), [3, 1], "复核", "review"),
             (2, 0, 12, [], "未归类", "ok")]
    for aid, (rid, start, end, cats, note, status) in enumerate(spans, start=1):
        text = t1 if rid == 1 else t2
        conn.execute(
            'INSERT INTO annotations (id, report_id, start, "end", quote, prefix, suffix, note, annotator, status, '
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [aid, rid, start, end, text[start:end], text[max(0, start - 32):start], text[end:end + 32], note,
             "alice", status, NOW, NOW])
        conn.executemany("INSERT INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)",
                         [(aid, c) for c in cats])


def build_v2(conn: sqlite3.Connection) -> None:
    """v2 added the full-text index: it is kept by triggers, so the v1 rows fill it."""
    build_v1(conn)


def build_v3(conn: sqlite3.Connection) -> None:
    """v3 added verdicts on tag suggestions."""
    build_v2(conn)
    conn.executemany(
        'INSERT INTO suggestion_feedback (report_id, start, "end", category_id, verdict, created_at) '
        "VALUES (?,?,?,?,?,?)", [(1, 10, 40, 1, "rejected", NOW), (2, 5, 30, 3, "accepted", NOW)])


def build_v4(conn: sqlite3.Connection) -> None:
    """v4 added earlier report texts and re-anchoring notes."""
    build_v3(conn)
    old = "旧版本的正文。" * 10
    conn.execute(
        "INSERT INTO report_versions (report_id, version, title, text, chars, sha256, imported_at, replaced_at) "
        "VALUES (2, 1, '旧标题', ?, ?, ?, ?, ?)", [old, len(old), content_hash(old), NOW, NOW])
    conn.execute(
        "INSERT INTO annotation_anchors (annotation_id, report_version_id, previous_start, previous_end, "
        "previous_quote, score, reason, created_at) VALUES (3, 1, 0, 4, '旧版本的', 0.7, 'test', ?)", [NOW])


def build_v5(conn: sqlite3.Connection) -> None:
    """v5 added an index and an FTS5 setting, no tables: the v4 rows are what it must keep."""
    build_v4(conn)


def build_v6(conn: sqlite3.Connection) -> None:
    """v6 rebuilt the full-text index without positions, no tables: the v5 rows are what it must keep."""
    build_v5(conn)


def build_v7(conn: sqlite3.Connection) -> None:
    """v7 added each report's outline packed into one row, written with the sections."""
    build_v6(conn)
    store_packed_outlines(conn, [r[0] for r in conn.execute("SELECT id FROM reports")])


def build_v8(conn: sqlite3.Connection) -> None:
    """v8 added the undo history: one step already undone, waiting for redo."""
    build_v7(conn)
    conn.execute("INSERT INTO history (op, label, rows, done, created_at) VALUES ('update-annotation', "
                 "'修改标注 4 (edit annotation 4)', '[]', 0, ?)", [NOW])


def build_v9(conn: sqlite3.Connection) -> None:
    """v9 added an index of the library's columns: no new data."""
    build_v8(conn)


def build_v10(conn: sqlite3.Connection) -> None:
    """v10 added each report's revision number, kept by triggers: no rows to write by hand."""
    build_v9(conn)


def build_v11(conn: sqlite3.Connection) -> None:
    """v11 widened the index of a report's annotations: no new data."""
    build_v10(conn)


def build_v12(conn: sqlite3.Connection) -> None:
    """v12 put each annotation's category ids on its row, kept by triggers: no rows to write by hand."""
    build_v11(conn)


def build_v13(conn: sqlite3.Connection) -> None:
    """v13 kept each report's number of annotations beside its revision, by triggers: no rows to write."""
    build_v12(conn)


BUILDERS: dict[int, Builder] = {1: build_v1, 2: build_v2, 3: build_v3, 4: build_v4, 5: build_v5, 6: build_v6,
                                7: build_v7, 8: build_v8, 9: build_v9, 10: build_v10, 11: build_v11,
                                12: build_v12, 13: build_v13}


# -- what each version's feature must do on a migrated file --------------------------------

def feature_v1(p: Project) -> None:
    text = p.reports.text(1)
    aid = p.annotations.add(1, *_quote(text, "行政复议"), ["复议", "行政处罚"])
    assert p.annotations.get(aid).quote == "行政复议"
    assert p.reports.section_paths(1, [text.index("深化行政执法规范化建设")])[0].endswith("深化行政执法规范化建设")
    assert p.categories.get(4).parent_id == 1


def feature_v2(p: Project) -> None:
    if not p.search.has_index():
        pytest.skip("this SQLite has no FTS5 trigram tokenizer")
    hits = p.search.hits("深化行政执法规范化建设")
    assert {h.report_id for h in hits} == {1}
    assert p.search.report_ids(["营商环境"]) == [i for i, t in enumerate(_texts(), start=1) if "营商环境" in t]


def feature_v3(p: Project) -> None:
    known = len(p.suggestions.feedback())
    fid = p.suggestions.add_feedback(1, 0, 8, 2, "rejected")
    assert fid in {f.id for f in p.suggestions.feedback(verdict="rejected")}
    assert len(p.suggestions.feedback()) == known + 1


def feature_v4(p: Project) -> None:
    before = p.health.counts()["annotations"]
    versions_before = len(p.versions.list(1))
    text = p.reports.text(1)
    cut = text.index("\n", 100)
    edited = text[:cut] + "\n新增一段说明，放在报告开头附近，以便检验标注随正文移动。\n" + text[cut:]
    parsed = parse_text(edited, file_name="r1-v2.txt")
    result = p.reports.import_parsed(parsed)
    assert result.reanchor is not None and result.report_id == 1
    assert not result.reanchor.orphaned
    assert len(p.versions.list(1)) == versions_before + 1
    assert p.health.counts()["annotations"] == before
    for a in p.annotations.list():
        if a.report_id == 1 and a.status == "ok":
            assert p.reports.text(1)[a.start:a.end] == a.quote
    if p.search.has_index():
        assert {h.report_id for h in p.search.hits("新增一段说明")} == {1}


def feature_v5(p: Project) -> None:
    """The new-edition check of an import looks reports up by index, not by a scan."""
    plan = p.db.execute("EXPLAIN QUERY PLAN SELECT id FROM reports WHERE title = ? AND issuer = ? AND year IS ?",
                        ["t", "i", None]).fetchall()
    assert any("reports_identity" in str(row) for row in plan)


def feature_v6(p: Project) -> None:
    """The rebuilt index keeps no positions, holds every report, and search stays exact."""
    if not p.search.has_index():
        pytest.skip("this SQLite has no FTS5 trigram tokenizer")
    sql = p.db.execute("SELECT sql FROM sqlite_master WHERE name = 'reports_fts'").fetchone()[0]
    assert "detail=none" in sql
    p.db.execute("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')")
    for rid in (r.id for r in p.reports.list()):
        text = p.reports.text(rid)
        phrase = re.search(r"[^\s\u3000\"“”「」『』]{10}", text[200:]).group()  # one query term
        hits = [h for h in p.search.hits(phrase) if h.report_id == rid]
        assert [h.start for h in hits] and all(text[h.start:h.end] == phrase for h in hits)


def feature_v7(p: Project) -> None:
    """Every report has its packed outline, matching its sections, and search paths come from it."""
    rows = dict(p.db.execute("SELECT report_id, packed FROM report_outlines"))
    assert set(rows) == {r.id for r in p.reports.list()}
    for rid, packed in rows.items():
        sections = p.reports.sections(rid)
        outline = unpack_outline(packed)
        assert outline is not None
        assert outline[0] == [s.start for s in sections] and outline[1] == [s.end for s in sections]
        assert [heading(outline, i) for i in range(len(sections))] == [s.label + s.title for s in sections]
    if p.search.has_index():
        text = p.reports.text(1)
        hits = p.search.hits("深化行政执法规范化建设")
        assert hits and [h.section_path for h in hits] == p.reports.section_paths(1, [h.start for h in hits])
        assert all(text[h.start:h.end] == h.match for h in hits)


def feature_v8(p: Project) -> None:
    """Changes to old data are steps of the history: undo puts the rows back exactly, redo again."""
    def rows() -> list:
        return [sorted(p.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("annotations", "annotation_categories", "categories")]

    before = rows()
    p.annotations.update(1, note="迁移后修改", category_ids=[2])
    after = rows()
    assert after != before and p.history()[0].label.startswith("修改标注 1")
    p.undo()
    assert rows() == before
    p.redo()
    assert rows() == after
    p.undo()


def _query_plan(p: Project, sql: str) -> str:
    return " ".join(r[-1] for r in p.conn.execute("EXPLAIN QUERY PLAN " + sql))


def feature_v9(p: Project) -> None:
    """The library's list comes from the new index and says what the reports' rows say."""
    plan = _query_plan(p, "SELECT id, title, year, issuer, region, source, publish_date, file_name, chars, "
                          "sha256, imported_at FROM reports ORDER BY id")
    assert "COVERING INDEX reports_list" in plan
    rows = p.conn.execute("SELECT id, title, year, issuer, chars, sha256, imported_at, length(text) "
                          "FROM reports NOT INDEXED ORDER BY id").fetchall()
    assert [(r.id, r.title, r.year, r.issuer, r.chars, r.sha256, r.imported_at, r.chars) for r in p.reports.list()] == rows


def feature_v10(p: Project) -> None:
    """Every report with annotations has a revision; a change to one report's annotations (and
    its undo) raises that report's number only, and the window's fingerprints name that report."""
    revs = dict(p.conn.execute("SELECT report_id, rev FROM report_revisions"))
    assert {r[0] for r in p.conn.execute("SELECT DISTINCT report_id FROM annotations")} <= set(revs)
    before = fingerprints(p)
    aid = p.conn.execute("SELECT id FROM annotations WHERE report_id = 2 ORDER BY id LIMIT 1").fetchone()[0]
    p.annotations.update(aid, note="修订号")
    after = dict(p.conn.execute("SELECT report_id, rev FROM report_revisions"))
    assert after[2] > revs[2] and {k: v for k, v in after.items() if k != 2} == {k: v for k, v in revs.items()
                                                                                   if k != 2}
    assert fingerprints(p).changes_since(before).annotations == {2}
    p.undo()  # the rows come back as they were; the number goes on rising
    assert dict(p.conn.execute("SELECT report_id, rev FROM report_revisions"))[2] > after[2]


def feature_v11(p: Project) -> None:
    """A report's highlights are read from the index alone and match what the table says."""
    plan = _query_plan(p, 'SELECT id, report_id, start, "end", status, annotator FROM annotations WHERE report_id = 2')
    assert "COVERING INDEX annotations_report" in plan
    table = p.conn.execute('SELECT id, start, "end", status, annotator FROM annotations NOT INDEXED '
                           'WHERE report_id = 2 ORDER BY start, "end", id').fetchall()
    assert table
    assert [(k.id, k.start, k.end, k.status, k.annotator) for k in p.annotations.spans(2)] == table


def _stored_ids_match_links(p: Project) -> None:
    stored = dict(p.conn.execute("SELECT id, category_ids FROM annotations"))
    links: dict[int, list[int]] = {aid: [] for aid in stored}
    for aid, cid in p.conn.execute("SELECT annotation_id, category_id FROM annotation_categories ORDER BY 1, 2"):
        links[aid].append(cid)
    assert stored == {aid: ",".join(map(str, cids)) for aid, cids in links.items()}


def feature_v12(p: Project) -> None:
    """Every annotation's stored category ids are its links, after the upgrade and after each
    change of links (tagging, editing, a category deleted, undo); a report's keys with their
    categories come from the covering index alone."""
    _stored_ids_match_links(p)
    plan = _query_plan(p, 'SELECT id, report_id, start, "end", status, annotator, category_ids FROM annotations '
                          "WHERE report_id = 1")
    assert "COVERING INDEX annotations_report" in plan
    t1 = p.reports.text(1)
    added = p.annotations.add(1, *_quote(t1, "行政复议"), [3, 2])
    p.annotations.update(1, category_ids=[2])
    _stored_ids_match_links(p)
    p.categories.delete(2)  # its annotations stay, without it
    _stored_ids_match_links(p)
    assert p.annotations.get(added).category_ids == [3]
    p.categories.delete(3, reassign_to=1)  # merged
    _stored_ids_match_links(p)
    assert p.annotations.get(added).category_ids == [1]
    for _ in range(4):
        p.undo()
        _stored_ids_match_links(p)
    assert p.annotations.get(1).category_ids == [1, 4]
    assert [k.category_ids for k in p.annotations.spans(1) if k.id == 1] == [(1, 4)]
    p.redo()
    _stored_ids_match_links(p)
    assert p.annotations.get(added).category_ids == [2, 3]


def _counts_match(p: Project) -> None:
    counted = dict(p.conn.execute("SELECT report_id, count(*) FROM annotations GROUP BY report_id"))
    listed = {r.id: r.annotations for r in p.reports.listing()}
    assert listed == {rid: counted.get(rid, 0) for rid in listed}
    assert {r.id: r.annotations for r in p.reports.list()} == listed


def feature_v13(p: Project) -> None:
    """The library's annotation counts are the annotations' own, after the upgrade and after
    tagging, deleting, a category deleted with its annotations, a report deleted, and undo."""
    _counts_match(p)
    statements: list[str] = []
    p.conn.set_trace_callback(statements.append)
    try:
        p.reports.listing()
    finally:
        p.conn.set_trace_callback(None)
    plans = [_query_plan(p, sql) for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert plans and not [plan for plan in plans if "annotations_report" in plan]  # reads no annotation
    t2 = p.reports.text(2)
    before = {r.id: r.annotations for r in p.reports.listing()}[2]
    added = p.annotations.add_many(2, [_quote(t2, "营商环境"), (0, 4), (5, 9)], [3])
    _counts_match(p)
    assert {r.id: r.annotations for r in p.reports.listing()}[2] == before + 3
    p.annotations.delete_many(added[:2])
    _counts_match(p)
    p.categories.delete(1, delete_annotations=True)
    _counts_match(p)
    p.reports.delete(1)
    _counts_match(p)
    for _ in range(4):
        p.undo()
        _counts_match(p)
    assert {r.id: r.annotations for r in p.reports.listing()}[2] == before


FEATURES: dict[int, Feature] = {1: feature_v1, 2: feature_v2, 3: feature_v3, 4: feature_v4, 5: feature_v5,
                                6: feature_v6, 7: feature_v7, 8: feature_v8, 9: feature_v9, 10: feature_v10,
                                11: feature_v11, 12: feature_v12, 13: feature_v13}


# -- the tests ----------------------------------------------------------------------------

def test_every_version_has_a_builder_and_a_feature_check():
    versions = set(range(1, latest_version() + 1))
    assert versions <= set(BUILDERS), f"no data builder for schema version(s) {sorted(versions - set(BUILDERS))}"
    assert versions <= set(FEATURES), f"no feature check for schema version(s) {sorted(versions - set(FEATURES))}"


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").fetchall()
    # FTS shadow tables belong to the index, which is rebuilt rather than preserved
    return [r[0] for r in rows if not r[0].startswith("reports_fts")]


def _snapshot(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[tuple]]]:
    snap = {}
    for table in _user_tables(conn):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        quoted = ", ".join(f'"{c}"' for c in cols)
        snap[table] = (cols, sorted(conn.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr))
    return snap


@pytest.mark.parametrize("version", range(1, latest_version()))
def test_upgrade_from_every_earlier_version_keeps_data(tmp_path: Path, version: int):
    path = tmp_path / f"v{version}.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, target=version)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.execute("BEGIN")
    BUILDERS[version](conn)
    conn.execute("COMMIT")
    before = _snapshot(conn)
    conn.close()
    assert before["annotations"][1] and before["reports"][1]

    with Project(path) as p:
        assert p.health.schema_version() == latest_version()
        assert p.health.integrity() == "ok"
        after = _snapshot(p.db.conn)
        for table, (cols, rows) in before.items():
            assert table in after, f"table {table} disappeared"
            quoted = ", ".join(f'"{c}"' for c in cols)
            now = sorted(p.db.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
            assert now == rows, f"rows of {table} changed by the upgrade from v{version}"
        # the app-level view of the old data
        assert [r.id for r in p.reports.list()] == [1, 2]
        assert {a.id: a.category_ids for a in p.annotations.list()} == {1: [1, 4], 2: [2], 3: [1, 3], 4: []}
        assert p.annotations.get(3).status == "review"
        assert p.backups.keep() == 7
        for feature_version in range(1, latest_version() + 1):
            FEATURES[feature_version](p)
        assert p.health.integrity() == "ok"

    saved = [b for b in list_backups(path) if b.reason == "pre-upgrade"]
    assert len(saved) == 1, "the file was backed up before it was upgraded"
    old = sqlite3.connect(saved[0].path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    old.close()


def test_latest_builder_matches_the_latest_schema(tmp_path: Path):
    """The newest builder must run on a fresh project (so it is ready when the next migration lands)."""
    path = tmp_path / "latest.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    conn.execute("BEGIN")
    BUILDERS[latest_version()](conn)
    conn.execute("COMMIT")
    conn.close()
    with Project(path) as p:
        assert p.health.integrity() == "ok" and p.health.counts()["annotations"] == 4
