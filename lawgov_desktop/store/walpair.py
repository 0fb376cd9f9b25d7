"""Does the ``-wal`` beside a project belong to it?  Asked before SQLite merges it.

A process killed while it writes leaves ``NAME.lawgov-wal``: the last changes, not yet
copied into the main file.  SQLite merges such a file into whatever main file it finds
beside it on the next open.  If that file was meanwhile replaced — another project or a
backup copied over it — the merge mixes pages of two databases and the result is damaged.
SQLite cannot tell (nothing in the main file names its WAL), so this module keeps the
pairing itself:

* **The record.**  Whenever a writable project is opened, and after every commit that left
  the main file changed (a checkpoint copied the WAL into it), the main file's state (size,
  times, identity) is written to the cache folder (``wal-pair/``, never beside the project).
  Between two checkpoints the main file is not written at all, so while a WAL is in use the
  main file is exactly as recorded.  A clean close (no WAL left) drops the record.
* **The check.**  Before a project with a non-empty ``-wal`` is opened, the main file must
  match the record — or be what a checkpoint of this very WAL makes of it (a process killed
  between a checkpoint and its record): every page the WAL holds up to one of its commits is
  then, byte for byte, that page's last image in the WAL.  Otherwise the WAL is not this
  file's, and the project is refused with both files left as they are.

Without a record (a WAL from before this check, or from another program) nothing can be
judged and SQLite's merge goes ahead as always.  The WAL format read here (32-byte header,
24-byte frame headers, salts and cumulative checksums) is SQLite's documented file format.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import time
from pathlib import Path

from lawgov_desktop.messages import Message

WAL_HEADER = 32
FRAME_HEADER = 24
_MAGIC_LE, _MAGIC_BE = 0x377F0682, 0x377F0683


def _record_path(path: Path) -> Path:
    from lawgov_desktop.paths import project_cache_file

    return project_cache_file("wal-pair", path)


def file_state(path: Path) -> list[int]:
    """What changes when a file's content is written or the file is replaced."""
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def note(path: Path) -> list[int] | None:
    """Record the main file's state as the one its WAL goes with; returns it (None if it failed)."""
    try:
        state = file_state(path)
        record = _record_path(path)
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f"{record.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"state": state}), encoding="utf-8")
        os.replace(tmp, record)
        # another process may have checkpointed between the stat and the write: say the latest
        if file_state(path) != state:
            return note(path)
        return state
    except OSError:
        return None


def note_if_changed(path: Path, last: list[int] | None) -> list[int] | None:
    """After a commit: record the main file's state again when a checkpoint changed it."""
    try:
        if file_state(path) == last:
            return last
    except OSError:
        return last
    return note(path)


def forget(path: Path) -> None:
    """Drop the record (a clean close: no WAL is left to pair)."""
    with contextlib.suppress(OSError):
        _record_path(path).unlink(missing_ok=True)


def _recorded(path: Path) -> list[int] | None:
    try:
        state = json.loads(_record_path(path).read_text(encoding="utf-8")).get("state")
    except (OSError, ValueError, AttributeError):
        return None
    return state if isinstance(state, list) else None


def _frames(wal: Path) -> tuple[int, list[tuple[int, bool, bytes]]]:
    """``(page size, [(page number, is a commit, page digest)])`` of the WAL's valid frames.

    A frame is valid when its salts are the header's and the cumulative checksum holds, as
    SQLite itself decides; the first invalid frame ends the log.
    """
    import hashlib  # only when a WAL is left to check: hashlib loads OpenSSL

    with wal.open("rb") as fh:
        head = fh.read(WAL_HEADER)
        if len(head) < WAL_HEADER:
            return 0, []
        magic, _version, page_size, _ckpt, salt1, salt2, c1, c2 = struct.unpack(">8I", head)
        if magic not in (_MAGIC_LE, _MAGIC_BE) or page_size < 512 or page_size & (page_size - 1):
            return 0, []
        order = "<" if magic == _MAGIC_LE else ">"
        s = _checksum(order, head[:24], 0, 0)
        if s != (c1, c2):
            return 0, []
        frames: list[tuple[int, bool, bytes]] = []
        while True:
            fh_bytes = fh.read(FRAME_HEADER)
            page = fh.read(page_size)
            if len(fh_bytes) < FRAME_HEADER or len(page) < page_size:
                break
            pgno, commit, f_salt1, f_salt2, f1, f2 = struct.unpack(">6I", fh_bytes)
            if (f_salt1, f_salt2) != (salt1, salt2) or pgno == 0:
                break
            s = _checksum(order, page, *_checksum(order, fh_bytes[:8], *s))
            if s != (f1, f2):
                break
            frames.append((pgno, commit != 0, hashlib.sha1(page).digest()))
        return page_size, frames


def _checksum(order: str, data: bytes, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum: 32-bit words in pairs, in the byte order the magic number names."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def _checkpoint_of_this_wal(path: Path, page_size: int, frames: list[tuple[int, bool, bytes]]) -> bool:
    """Whether the main file is what checkpointing this WAL up to one of its commits made of it."""
    import hashlib

    digests: dict[int, bytes | None] = {}

    def main_page(pgno: int) -> bytes | None:
        if pgno not in digests:
            fh.seek((pgno - 1) * page_size)
            data = fh.read(page_size)
            digests[pgno] = hashlib.sha1(data).digest() if len(data) == page_size else None
        return digests[pgno]

    with path.open("rb") as fh:
        latest_matches: dict[int, bool] = {}
        mismatched = 0
        for pgno, commit, digest in frames:
            matches = main_page(pgno) == digest
            before = latest_matches.get(pgno)
            mismatched += (not matches) - (before is False)
            latest_matches[pgno] = matches
            if commit and mismatched == 0:
                return True
    return False


def _belongs(path: Path, wal: Path) -> bool:
    if not wal.is_file() or wal.stat().st_size < WAL_HEADER + FRAME_HEADER:
        return True
    recorded = _recorded(path)
    if recorded is None or file_state(path) == recorded:
        return True
    page_size, frames = _frames(wal)
    # nothing SQLite would merge, or the main file caught up with this WAL
    return not frames or _checkpoint_of_this_wal(path, page_size, frames)


def stale_wal_problem(path: Path) -> Message | None:
    """Why the ``-wal`` beside ``path`` must not be merged into it; None when it may (or there is none).

    Asked again after a moment before saying no: a writer that has just checkpointed records
    the file's new state right after its commit, and the question may fall in between.
    """
    path = Path(path)
    wal = Path(f"{path}-wal")
    try:
        for attempt in range(3):
            if _belongs(path, wal):
                return None
            if attempt < 2:
                time.sleep(0.05)
    except OSError:
        return None
    return Message("project.stale_wal", wal=wal.name, path=str(path))


__all__ = ["file_state", "forget", "note", "note_if_changed", "stale_wal_problem"]
