"""Atomic file output: an export either appears whole or not at all.

Each file is written to a temporary file in the destination folder (same file system, so the
final rename is atomic), flushed and fsynced, then moved into place with ``os.replace``.  On
any failure — an exception in the writer, cancellation, a full disk — the temporary files
are removed and existing files stay untouched.  An existing destination is never replaced
unless the caller asked for it.  Several files (one per category) are committed together
after all of them were written, so a failure never leaves half a set.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from lawgov_desktop.export.records import ExportError

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
# mkstemp creates files readable by the owner only; an export should get the permissions a
# normally created file gets.  The umask is read once here, at import, because reading it
# means setting it, which is not safe once export worker threads run.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_NO_PERMISSION = {errno.EACCES, errno.EPERM}


def describe_os_error(exc: OSError, path: Path) -> str:
    """A message naming ``path`` and saying what is wrong in terms a user can act on."""
    if exc.errno in _NO_SPACE:
        return f"磁盘空间不足，无法写入：{path} (no space left on the destination: {path})"
    if exc.errno == errno.EROFS:
        return f"目标位置只读，无法写入：{path} (the destination is read-only: {path})"
    if exc.errno in _NO_PERMISSION:
        return f"没有写入权限：{path} (permission denied, the folder may be read-only: {path})"
    if exc.errno == errno.ENOENT:
        return f"目标文件夹不存在：{path.parent} (no such folder: {path.parent})"
    return f"无法写入：{path}（{exc.strerror or exc}） (cannot write {path}: {exc.strerror or exc})"


def check_writable(paths: list[Path], overwrite: bool) -> None:
    """Refuse before any work when a destination exists (and may not be replaced) or its
    folder is missing, so a long export does not fail at the very end."""
    for path in paths:
        if path.is_dir():
            raise ExportError(f"目标是文件夹，不是文件：{path} (the output path is a folder)")
        if path.exists() and not overwrite:
            raise ExportError(f"文件已存在：{path}（如需覆盖请使用 --force） (file exists; use --force to replace it)")
        if not path.parent.is_dir():
            raise ExportError(f"目标文件夹不存在：{path.parent} (no such folder: {path.parent})")


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


def _new_temp(path: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, path)) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(name, 0o666 & ~_UMASK)
    return Path(name)


@contextlib.contextmanager
def atomic_paths(paths: list[Path], overwrite: bool = False) -> Iterator[list[Path]]:
    """Yield one temporary path per destination; commit them all when the block succeeds.

    The writer may open, close and reopen its temporary path (openpyxl, python-docx and
    ``zipfile`` all want a file name).  Any exception removes every temporary file and is
    re-raised, an ``OSError`` as an :class:`ExportError` naming the destination.
    """
    paths = [Path(p) for p in paths]
    check_writable(paths, overwrite)
    temps: list[Path] = []
    current = paths[0] if paths else Path()
    try:
        for path in paths:
            current = path
            temps.append(_new_temp(path))
        yield temps
        for path, tmp in zip(paths, temps, strict=True):
            current = path
            _fsync_file(tmp)
        for path, tmp in zip(paths, temps, strict=True):
            current = path
            if path.exists() and not overwrite:  # appeared while we were writing
                raise ExportError(f"文件已存在：{path} (file exists)")
            os.replace(tmp, path)
        for folder in {p.parent for p in paths}:
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
