"""Checking a project file before and after opening it, without changing a byte of it.

SQLite's own ``quick_check`` only proves the b-tree structure sound: bytes overwritten in
the middle of a page that holds report text go unnoticed.  Every report stores the SHA-256
of its text, so hashing the texts back catches that damage too; offsets of sections and
annotations are checked against the text lengths for the same reason.

A file is inspected with an ``immutable`` read-only connection when it has no ``-wal``
beside it: such a connection takes no locks and creates no ``-wal``/``-shm`` side files,
so a refused file is left exactly as it was.  These functions return problems as text
(never raise for a damaged file) so both :mod:`~lawgov_desktop.store.db` and ``lawgov
check`` can word the outcome for their audience.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from lawgov_desktop.messages import Message
from lawgov_desktop.store.identity import identify
from lawgov_desktop.store.schema import user_version

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_TABLES = ("reports", "sections", "categories", "annotations")
_CLEAN_CLOSE_KEEP = 256  # clean-close records kept in the cache folder (one per project file)


@dataclass
class Header:
    """The parts of the 100-byte SQLite file header that matter before opening a file."""

    page_size: int
    page_count: int  # 0 when the header's own count is not trustworthy
    user_version: int
    wal: bool  # file format bytes say WAL mode


def side_files(path: Path) -> list[Path]:
    """The ``-wal``/``-shm``/``-journal`` files SQLite keeps beside a database, if present."""
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()]


def read_header(path: Path) -> tuple[Header | None, str | None]:
    """Parse the header of an existing non-empty file; ``(None, problem)`` if it is not usable."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(_HEADER_SIZE)
    if len(head) < 16 or head[:16] != SQLITE_MAGIC:
        return None, "not-sqlite"
    if len(head) < _HEADER_SIZE:
        return None, Message("file.header_short", size=size)
    raw_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        return None, Message("file.header_damaged", page_size=raw_size)
    change_counter = int.from_bytes(head[24:28], "big")
    in_header = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    pages = in_header if in_header and valid_for == change_counter else 0
    header = Header(page_size, pages, int.from_bytes(head[60:64], "big", signed=True), head[18] == 2)
    # a WAL may legitimately hold pages not yet copied back, so only judge a file without one
    if not Path(f"{path}-wal").exists():
        if size % page_size:
            return header, Message("file.not_whole_pages", size=size)
        if pages and size < pages * page_size:
            return header, Message("file.truncated", size=size, expected=pages * page_size)
    return header, None


def content_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """Damage SQLite cannot see: report texts that no longer match their hash, offsets outside them.

    Tables a given schema version does not have yet are skipped, so this works on every
    version a migration may start from.
    """
    import hashlib  # a check in depth: not on every start (hashlib loads OpenSSL)

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    problems: list[str] = []
    if "reports" in tables:
        for rid, text, sha, chars in conn.execute("SELECT id, text, sha256, chars FROM reports"):
            if not (isinstance(sha, str) and _SHA_RE.match(sha)):
                continue  # not a hash this app wrote (hand-made rows): nothing to verify against
            if not isinstance(text, str) or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != sha:
                problems.append(Message("content.bad_hash", id=rid))
            elif chars != len(text):
                problems.append(Message("content.bad_length", id=rid))
            if len(problems) >= limit:
                return problems
    if "sections" in tables and "reports" in tables:
        bad = conn.execute(
            'SELECT count(*) FROM sections s JOIN reports r ON r.id = s.report_id '
            'WHERE s.start < 0 OR s."end" < s.start OR s."end" > r.chars'
        ).fetchone()[0]
        if bad:
            problems.append(Message("content.sections_outside", n=bad))
    if "annotations" in tables and "reports" in tables:
        bad = conn.execute(
            'SELECT count(*) FROM annotations a JOIN reports r ON r.id = a.report_id '
            'WHERE a.start < 0 OR a."end" <= a.start OR a."end" > r.chars'
        ).fetchone()[0]
        if bad:
            problems.append(Message("content.annotations_outside", n=bad))
    return problems


def structure_problems(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """``quick_check`` (or the slower ``integrity_check``) plus ``foreign_key_check``."""
    pragma = "integrity_check" if full else "quick_check"
    problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall() if r[0] != "ok"]
    problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
    return problems


def open_snapshot(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing at all: no locks, no side files.

    Only safe on a file no other process is writing, i.e. one without a ``-wal``.
    """
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)


def open_problems(conn: sqlite3.Connection) -> list[str]:
    """What refuses a project on open: structural damage (``quick_check``) or damaged content.

    Foreign-key violations are left to ``lawgov check``: they come from bugs, not from a
    damaged disk, and must not lock the user out of their work.
    """
    problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
    return problems or content_problems(conn)


def _clean_close_marker(path: Path) -> Path:
    from lawgov_desktop.paths import project_cache_file

    return project_cache_file("clean-close", path)


def _file_state(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def record_clean_close(path: Path) -> None:
    """Remember that this app closed ``path`` cleanly, checked, with nothing left in a ``-wal``.

    The record is the file's size, times and identity, kept in the cache folder (never in or
    beside the project).  The modification time is first moved back by a nanosecond, so any
    later write, even in the same clock tick, leaves a state that no longer matches.
    Best effort: a record that cannot be written only means the next open checks deeply.
    """
    try:
        path = Path(path)
        if not path.is_file() or side_files(path):
            return
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 1))
        marker = _clean_close_marker(path)
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps(_file_state(path)), encoding="utf-8")
        os.replace(tmp, marker)
        _prune_clean_close_markers(marker.parent)
    except OSError:
        forget_clean_close(path)


def _prune_clean_close_markers(folder: Path, keep: int = _CLEAN_CLOSE_KEEP) -> None:
    """Keep the records of the ``keep`` projects closed most recently (others just get the deep check)."""
    markers = list(folder.glob("*.json"))
    if len(markers) <= keep:
        return
    markers.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in markers[:-keep]:
        old.unlink(missing_ok=True)


#: project files a connection of this process holds open, checked when it was opened:
#: (device, inode) → how many such connections (see :func:`hold_checked`)
_held_checked: dict[tuple[int, int], int] = {}


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def hold_checked(path: Path) -> None:
    """Note that a project of this process opened ``path`` (checked on that open) and holds it.

    While it does, another connection of this process — a worker searching, counting or
    suggesting on its own connection — trusts the same file as far as the holder does and
    skips the deep content check (every report's hash: a fifth of a second per open at 1,000
    reports, paid on every search).  A file copied over it is another inode: checked again.
    """
    key = _file_key(path)
    if key is not None:
        _held_checked[key] = _held_checked.get(key, 0) + 1


def release_checked(path: Path) -> None:
    """The holding project closed its connection (see :func:`hold_checked`)."""
    key = _file_key(path)
    if key is not None and key in _held_checked:
        _held_checked[key] -= 1
        if _held_checked[key] <= 0:
            del _held_checked[key]


def held_checked(path: Path) -> bool:
    """Whether a project of this process holds ``path`` open, checked (see :func:`hold_checked`)."""
    key = _file_key(path)
    return key is not None and _held_checked.get(key, 0) > 0


def forget_clean_close(path: Path) -> None:
    """Drop the clean-close record of ``path`` (it is being opened for writing)."""
    with contextlib.suppress(OSError):
        _clean_close_marker(Path(path)).unlink(missing_ok=True)


def closed_cleanly(path: Path) -> bool:
    """Whether ``path`` is exactly as this app left it at a clean close (then its content was sound)."""
    try:
        if side_files(path):
            return False
        recorded = json.loads(_clean_close_marker(path).read_text(encoding="utf-8"))
        return recorded == _file_state(path)
    except (OSError, ValueError):
        return False


def precheck(path: Path, latest: int) -> tuple[int | None, str | None, bool]:
    """Judge an existing, non-empty SQLite file before a writable connection touches it.

    Returns ``(user_version, problem, checked)``: the schema version when known, a damage
    description or None, and whether the file was fully checked here (it is not when a
    ``-wal`` exists: then only a real connection sees the committed state, and the caller
    checks after opening).  A schema newer than ``latest`` is reported by version only,
    because a newer schema's content is not ours to judge.
    """
    header, problem = read_header(path)
    if header is None:
        return None, problem, True
    if header.user_version > latest:
        return header.user_version, None, True
    if problem:
        return header.user_version, problem, True
    if Path(f"{path}-wal").exists():
        return None, None, False
    if closed_cleanly(path):
        # unchanged since a clean close after which it was sound: the deep check (quick_check and
        # re-hashing every text) would find what it found then; header and size were checked above
        return header.user_version, None, True
    try:
        conn = open_snapshot(path)
    except sqlite3.Error as exc:
        return None, str(exc), True
    try:
        version = user_version(conn)
        if version > latest:
            return version, None, True
        problems = open_problems(conn)
        return version, "; ".join(problems[:3]) or None, True
    except sqlite3.DatabaseError as exc:
        return None, str(exc), True
    finally:
        conn.close()


@dataclass
class FileCheck:
    """Result of :func:`check_file`: problems (empty when healthy), schema version and counts."""

    path: Path
    problems: list[str] = field(default_factory=list)
    user_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    fatal: bool = False  # could not be read at all

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, *, full: bool = True) -> FileCheck:
    """Inspect a project or backup file read-only and report everything wrong with it.

    Uses :func:`open_snapshot` when the file has no WAL (nothing is written), otherwise an
    ordinary read-only connection, which sees what other open connections committed.
    """
    result = FileCheck(path)
    if not path.is_file():
        result.problems.append(Message("file.not_found", path=str(path)))
        result.fatal = True
        return result
    if path.stat().st_size == 0:
        result.problems.append(Message("file.empty"))
        result.fatal = True
        return result
    header, problem = read_header(path)
    if problem:
        result.problems.append(Message("file.not_sqlite") if problem == "not-sqlite" else problem)
        result.fatal = True
        return result
    from lawgov_desktop.store.walpair import stale_wal_problem

    stale = stale_wal_problem(path)
    if stale:  # judge the main file alone: a read through SQLite would merge the -wal into the view
        result.problems.append(stale)
    try:
        if Path(f"{path}-wal").exists() and not stale:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        else:
            conn = open_snapshot(path)
    except sqlite3.Error as exc:
        result.problems.append(Message("file.cannot_open", why=str(exc)))
        result.fatal = True
        return result
    try:
        result.user_version = user_version(conn)
        ident = identify(conn)
        if not ident.ours:
            result.problems.append(Message("file.not_lawgov", reason=ident.reason))
        elif not ident.newer:
            result.problems += [Message("file.foreign_object", what=p) for p in ident.problems]
        result.problems += structure_problems(conn, full=full)
        result.problems += content_problems(conn)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for t in _TABLES:
            if t in tables:
                result.counts[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        if "annotations" in tables:
            for status in ("orphaned", "review"):
                result.counts[status] = conn.execute(
                    "SELECT count(*) FROM annotations WHERE status = ?", [status]).fetchone()[0]
        if "reports" not in tables and ident.ours:
            result.problems.append(Message("file.no_reports_table"))
    except sqlite3.DatabaseError as exc:
        result.problems.append(Message("file.damaged", why=str(exc)))
        result.fatal = True
    finally:
        conn.close()
    return result
