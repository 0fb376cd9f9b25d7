"""Atomic file output: an export either appears whole or not at all.

Each file is written to a temporary file in the destination folder (same file system, so the
final rename is atomic), flushed and fsynced, then moved into place with ``os.replace``.  On
any failure — an exception in the writer, cancellation, a full disk — the temporary files
are removed and existing files stay untouched.  An existing destination is never replaced
unless the caller asked for it.  Several files (one per category) are committed together
after all of them were written, so a failure never leaves half a set: files already moved
into place are put back as they were.

An export writes regular files only: a folder, a device (``/dev/null``), a named pipe or a
socket is refused even with ``--force``.  A symbolic link is followed: the file it points to
is replaced and the link stays.  Temporary files carry the writing process's id, so those
of an export that was killed are recognised and removed by the next export to that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lawgov_desktop.export.records import (
    ExportError,
    OutputAppeared,
    OutputExists,
    OutputFolderMissing,
    OutputIsFolder,
    OutputNotRegular,
    OutputsCollide,
)
from lawgov_desktop.messages import Message

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
# mkstemp creates files readable by the owner only; an export should get the permissions a
# normally created file gets.  The umask is read once here, at import, because reading it
# means setting it, which is not safe once export worker threads run.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_NO_PERMISSION = {errno.EACCES, errno.EPERM}
#: Temporary files of an export: ``.NAME.lawgov-PID-XXXXXXXX.tmp`` (``.old``: a previous file
#: taken aside while a set is committed).  The process id tells a left-over from a live export.
_TEMP_TAG = "lawgov"
_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.lawgov-(?P<pid>\d+)-[a-z0-9_]{8}(?P<kind>\.tmp|\.old)$")
_STALE_AFTER_SECONDS = 24 * 3600


def describe_os_error(exc: OSError, path: Path) -> Message:
    """A message naming ``path`` and saying what is wrong in terms a user can act on."""
    if exc.errno in _NO_SPACE:
        return Message("export.no_space", path=str(path))
    if exc.errno == errno.EROFS:
        return Message("export.read_only", path=str(path))
    if exc.errno in _NO_PERMISSION:
        return Message("export.permission", path=str(path))
    if exc.errno == errno.ENOENT:
        return Message("export.no_such_folder", folder=str(path.parent))
    return Message("export.cannot_write", path=str(path), why=str(exc.strerror or exc))


def destination(path: Path) -> Path:
    """Where writing ``path`` lands: for a symbolic link, the file it points to.

    An export to a link writes the file the link points to and leaves the link as it is
    (the link was put there to lead somewhere; replacing it by a local file would cut that).
    """
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(paths: list[Path], overwrite: bool) -> None:
    """Refuse before any work when a destination exists (and may not be replaced), is not a
    regular file, or its folder is missing, so a long export does not fail at the very end.

    Never replaced, even when asked: a folder, a device (``/dev/null``), a named pipe or a
    socket — an export writes files, nothing else.
    """
    seen: dict[str, Path] = {}
    for path in paths:
        target = destination(path)
        if target.is_dir():
            raise OutputIsFolder(path=str(path))
        if target.exists() and not target.is_file():
            raise OutputNotRegular(path=str(path))
        if (path.is_symlink() or target.exists()) and not overwrite:
            raise OutputExists(path=str(path))
        if not target.parent.is_dir():
            raise OutputFolderMissing(folder=str(target.parent))
        key = os.path.normcase(str(target)).casefold()
        if key in seen:
            raise OutputsCollide(first=str(seen[key]), second=str(path))
        seen[key] = path


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _new_temp(path: Path, kind: str = ".tmp") -> Path:
    """An empty file beside ``path`` named ``.NAME.lawgov-PID-XXXXXXXX.tmp`` (see :func:`clean_stale_temps`)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.{_TEMP_TAG}-{os.getpid()}-", suffix=kind, dir=path.parent)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, path)) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(name, 0o666 & ~_UMASK)
    return Path(name)


def _temp_owner_gone(pid: int, age: float) -> bool:
    """Whether a temporary file of ours is left over: its process ended, or it is a day old."""
    from lawgov_desktop.store.lock import pid_alive  # only when there is a candidate

    return age > _STALE_AFTER_SECONDS or (pid != os.getpid() and not pid_alive(pid))


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove what an export killed half-way left in ``folder``; returns what was removed.

    Only files of our own naming (:func:`_new_temp`) whose process has ended (or that are a
    day old) are touched.  A ``.old`` file is a previous output taken aside while a set of
    files was committed: it goes back to its name when that name is empty, else it is
    superseded and removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            if not _temp_owner_gone(int(m["pid"]), now - entry.stat(follow_symlinks=False).st_mtime):
                continue
            original = folder / m["name"]
            if m["kind"] == ".old" and not os.path.lexists(original):
                os.replace(entry.path, original)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _rollback(done: list[tuple[Path, Path | None]]) -> None:
    """Undo the replacements of a set whose commit failed half-way: previous files come back."""
    for target, old in reversed(done):
        with contextlib.suppress(OSError):
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)


def _commit(pairs: list[tuple[Path, Path]], overwrite: bool) -> None:
    """Move each temporary file onto its target; for a set, all or none.

    One file is one ``os.replace``.  For several, each existing target is first taken aside
    (``.old``), so that a failure at the third file can put the first two back as they were.
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, tmp in pairs:
            if os.path.lexists(target) and not overwrite:  # appeared while we were writing
                raise OutputAppeared(path=str(target))
            old: Path | None = None
            if len(pairs) > 1 and os.path.lexists(target):
                old = _new_temp(target, ".old")
                try:
                    os.replace(target, old)
                except BaseException:
                    old.unlink(missing_ok=True)
                    raise
            done.append((target, old))
            os.replace(tmp, target)
    except BaseException:
        _rollback(done)
        raise
    for _target, old in done:
        if old is not None:
            with contextlib.suppress(OSError):
                old.unlink()


@contextlib.contextmanager
def atomic_paths(paths: list[Path], overwrite: bool = False) -> Iterator[list[Path]]:
    """Yield one temporary path per destination; commit them all when the block succeeds.

    The writer may open, close and reopen its temporary path (openpyxl, python-docx and
    ``zipfile`` all want a file name).  Any exception removes every temporary file and is
    re-raised, an ``OSError`` as an :class:`ExportError` naming the destination; files
    already moved into place are put back as they were, so a set is written all or nothing.
    Temporary files an earlier export left when it was killed are removed first.
    """
    paths = [Path(p) for p in paths]
    check_writable(paths, overwrite)
    targets = [destination(p) for p in paths]
    for folder in {t.parent for t in targets}:
        clean_stale_temps(folder)
    temps: list[Path] = []
    current = paths[0] if paths else Path()
    try:
        for target in targets:
            current = target
            temps.append(_new_temp(target))
        yield temps
        for target, tmp in zip(targets, temps, strict=True):
            current = target
            _fsync_file(tmp)
        current = targets[0] if targets else current
        _commit(list(zip(targets, temps, strict=True)), overwrite)
        for folder in {t.parent for t in targets}:
            _fsync_dir(folder)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, current)) from exc
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: Path, overwrite: bool = False) -> Iterator[Path]:
    """:func:`atomic_paths` for a single file."""
    with atomic_paths([path], overwrite) as temps:
        yield temps[0]
