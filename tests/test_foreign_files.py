"""Another program's database is never changed, and a project with objects we did not create is refused.

* Opening a file that is not a LawGov project — another program's SQLite file, whatever its
  tables and ``user_version`` — refuses it with the file byte for byte unchanged and no
  ``-wal``, ``-shm`` or backups folder made, for commands that read and commands that write.
* A path that does not exist (or an empty file) becomes a project only when a command writes
  to it; a command that only reads says there is no project and creates nothing.
* A project into which a trigger, view or index was put is refused on open (its own trigger
  would run inside our writes), and ``lawgov check`` reports it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.identity import APPLICATION_ID
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import latest_version, migrate
from tests.cli_support import SEEDS, run


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


def _other_programs_file(path: Path, *, user_version: int = 0, settings: bool = False) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('张三'), ('李四')")
    if settings:
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


READS = [("reports",), ("annotations", "--json"), ("search", "执法"), ("stats",), ("orphans",),
         ("export", "-f", "csv", "-o", "OUT"), ("annotators",), ("agreement", "--annotator", "a", "--annotator", "b"),
         ("history",)]
WRITES = [("import", "SEED"), ("annotate", "1", "0", "4", "执法"), ("backup",)]


@pytest.mark.parametrize(("user_version", "settings"), [(0, False), (3, True), (latest_version(), False)])
@pytest.mark.parametrize("argv", READS + WRITES, ids=lambda a: a[0] if isinstance(a, tuple) else str(a))
def test_another_programs_database_is_refused_unchanged(tmp_path: Path, capsys, argv: tuple[str, ...],
                                                         user_version: int, settings: bool):
    other = tmp_path / "other.db"
    before = _other_programs_file(other, user_version=user_version, settings=settings)
    argv = tuple(str(tmp_path / "out.csv") if a == "OUT" else str(SEEDS[0]) if a == "SEED" else a for a in argv)
    code, out, err = run(capsys, "--db", str(other), *argv)
    assert code == 1 and out == ""
    assert "不是 LawGov 项目" in err and "未作任何改动" in err and len(err.strip().splitlines()) == 1
    assert other.read_bytes() == before
    assert _side_files(other) == []  # no -wal, -shm, -journal, -backups
    assert not (tmp_path / "out.csv").exists()


def test_another_programs_database_is_refused_by_the_library_too(tmp_path: Path):
    other = tmp_path / "other.sqlite"
    before = _other_programs_file(other, settings=True)
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="不是 LawGov 项目"):
            Project(other, readonly=readonly)
    assert other.read_bytes() == before and _side_files(other) == []


def test_a_foreign_application_id_is_refused_even_with_our_tables(tmp_path: Path):
    path = tmp_path / "lookalike.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn)
    conn.execute("PRAGMA application_id = 12345")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="另一个程序"):
        Project(path)
    assert path.read_bytes() == before and _side_files(path) == []


@pytest.mark.parametrize("argv", READS, ids=lambda a: a[0])
def test_a_command_that_only_reads_creates_no_project(tmp_path: Path, capsys, argv: tuple[str, ...]):
    missing = tmp_path / "sub" / "new.lawgov"
    argv = tuple(str(tmp_path / "out.csv") if a == "OUT" else a for a in argv)
    code, out, err = run(capsys, "--db", str(missing), *argv)
    assert code == 1 and "项目文件不存在" in err
    assert not missing.exists() and not missing.parent.exists()

    empty = tmp_path / "empty.lawgov"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "--db", str(empty), *argv)
    assert code == 1 and "项目文件是空的" in err
    assert empty.read_bytes() == b"" and _side_files(empty) == []


@pytest.mark.parametrize("existing", [False, True], ids=["missing", "empty-file"])
def test_a_command_that_writes_makes_a_new_project(tmp_path: Path, capsys, existing: bool):
    path = tmp_path / "new.lawgov"
    if existing:
        path.write_bytes(b"")
    code, _, _ = run(capsys, "--db", str(path), "import", str(SEEDS[0]))
    assert code == 0
    code, out, _ = run(capsys, "--db", str(path), "reports", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_project_made_before_the_application_id_still_opens_and_gets_it(tmp_path: Path):
    path = tmp_path / "old.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn)
    conn.close()
    with Project(path) as p:
        assert p.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert [c.name for c in p.categories.list()][:3] == ["执法", "复议", "营商环境"]


# -- objects put into a project by someone else -------------------------------------------------

HOSTILE = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON annotation_categories BEGIN DELETE FROM annotations; END",
    "view": "CREATE VIEW everything AS SELECT * FROM annotations",
    "index": "CREATE INDEX annotations_note ON annotations(note)",
    "altered table": None,
}


def _project_with_annotation(path: Path) -> int:
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        p.annotations.add(rid, 0, 4, ["执法"])
        return rid


def _add_hostile(path: Path, kind: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if HOSTILE[kind]:
        conn.execute(HOSTILE[kind])
    else:  # the same name, other columns: a table whose constraints are not ours any more
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE suggestion_feedback RENAME TO old_feedback")
        conn.execute("CREATE TABLE suggestion_feedback (id INTEGER PRIMARY KEY, report_id, start, \"end\", "
                     "category_id, verdict, created_at)")
        conn.execute("DROP TABLE old_feedback")
        conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_project_with_objects_we_did_not_create_is_refused(tmp_path: Path, capsys, kind: str):
    path = tmp_path / "p.lawgov"
    rid = _project_with_annotation(path)
    _add_hostile(path, kind)
    before, side = path.read_bytes(), _side_files(path)
    code, out, err = run(capsys, "--db", str(path), "annotate", str(rid), "5", "9", "复议")
    assert code == 1 and out == ""
    assert "LawGov 没有建立的结构" in err and "lawgov restore" in err
    assert path.read_bytes() == before and _side_files(path) == side == ["p.lawgov-backups"]
    with pytest.raises(ProjectError, match="没有建立的结构"):
        Project(path, readonly=True)

    code, out, _ = run(capsys, "--db", str(path), "check", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert problems and all("不是 LawGov 建立的结构" in p for p in problems)
    assert path.read_bytes() == before


def test_the_trigger_from_the_report_cannot_delete_confirmed_work(tmp_path: Path, capsys):
    """The issue's case: the printed id must be an annotation that exists."""
    path = tmp_path / "p.lawgov"
    rid = _project_with_annotation(path)
    _add_hostile(path, "trigger")
    code, out, _ = run(capsys, "--db", str(path), "annotate", str(rid), "5", "9", "复议")
    assert code == 1 and out == ""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
    conn.close()


def test_check_says_ok_for_a_sound_project(tmp_path: Path, capsys):
    path = tmp_path / "p.lawgov"
    _project_with_annotation(path)
    code, out, _ = run(capsys, "--db", str(path), "check", "--json")
    assert code == 0 and json.loads(out)["problems"] == []


def test_restore_never_replaces_another_programs_database(tmp_path: Path, capsys):
    project = tmp_path / "p.lawgov"
    _project_with_annotation(project)
    with Project(project) as p:
        backup = p.backups.make("manual").path
    other = tmp_path / "other.db"
    before = _other_programs_file(other, settings=True)
    code, out, err = run(capsys, "--db", str(other), "restore", str(backup))
    assert code == 1 and "不是 LawGov 项目" in err
    assert other.read_bytes() == before and _side_files(other) == []
