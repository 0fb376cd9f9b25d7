"""One app instance edits a project at a time: a lock file beside it (``NAME.lawgov.lock``).

SQLite already serialises writers, so two writers can never corrupt the file; the lock is
about people: a second window on the same project would show stale highlights and undo
stacks that fight each other, so the second instance is told who has it open and offered
read-only viewing.  The CLI does not take the lock (scripts may write while the app is
open; ``BEGIN IMMEDIATE`` keeps that safe) except for ``restore``, which swaps the whole
content and must not happen under an open window.

Portable and dependency-free: the lock file is created with ``O_CREAT | O_EXCL`` (atomic
on every local file system) and holds the owner's pid, host name and start time.  A lock
left by a process that died on this host is stale and taken over; one from another host
cannot be judged and counts as held.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from lawgov_desktop.store.records import now_iso


def lock_path_for(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


@dataclass
class LockOwner:
    """Who holds a project's lock."""

    pid: int
    host: str
    user: str = ""
    since: str = ""
    #: when the owning process started (seconds since the epoch; 0 where it cannot be read):
    #: a pid reused by an unrelated process after a crash or a reboot then does not look alive
    started: float = 0.0

    def describe(self) -> str:
        who = f"{self.user}@{self.host}" if self.user else self.host
        return f"{who}（进程 {self.pid}，自 {self.since}）"


def _this_owner() -> LockOwner:
    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return LockOwner(os.getpid(), platform.node(), user, now_iso(), process_started(os.getpid()))


def process_started(pid: int) -> float:
    """When process ``pid`` started, in seconds since the epoch; 0.0 where that cannot be told."""
    try:
        if sys.platform.startswith("linux"):
            stat = Path(f"/proc/{pid}/stat").read_text()
            ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22: start time after boot
            boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                        if line.startswith("btime "))
            return boot + ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
            handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
            if not handle:
                return 0.0
            try:
                times = [wintypes.FILETIME() for _ in range(4)]
                if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                    return 0.0
                created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
                return created / 10_000_000 - 11_644_473_600  # 100 ns since 1601 → Unix seconds
            finally:
                kernel32.CloseHandle(handle)
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return 0.0
    return 0.0


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (errs on the side of "alive")."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000 | 0x00100000, False, pid)  # QUERY_LIMITED_INFORMATION | SYNCHRONIZE
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            return kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _read_owner(path: Path) -> LockOwner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data.get("user", "")), str(data.get("since", "")),
                         float(data.get("started", 0.0) or 0.0))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class ProjectLock:
    """The instance lock of one project file.  Not re-entrant: one holder object per process."""

    def __init__(self, project: str | os.PathLike) -> None:
        self.project = Path(project)
        self.path = lock_path_for(self.project)
        self.held = False
        self.owner: LockOwner | None = None  # the other holder after a failed acquire

    def current_owner(self) -> LockOwner | None:
        """The live holder, or None when the project is free (stale locks are ignored)."""
        owner = _read_owner(self.path) if self.path.exists() else None
        if owner is None or self._is_stale(owner):
            return None
        return owner

    @staticmethod
    def _is_stale(owner: LockOwner) -> bool:
        """A lock of this host whose process is gone — or whose pid now names another process."""
        if owner.host != platform.node():
            return False
        if not pid_alive(owner.pid):
            return True
        if owner.started:
            now_started = process_started(owner.pid)
            return bool(now_started) and abs(now_started - owner.started) > 2.0
        return False

    def acquire(self) -> bool:
        """Take the lock; False (with :attr:`owner` set) when another live instance holds it."""
        if self.held:
            return True
        me = _this_owner()
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if not self._clear_if_stale():
                    self.owner = _read_owner(self.path) or LockOwner(0, "?")
                    return False
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(me), fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            self.held, self.owner = True, None
            return True
        self.owner = _read_owner(self.path)
        return False

    def _clear_if_stale(self) -> bool:
        """Remove a lock whose owner is gone; False when it is live (or unreadable but fresh)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return True
        except OSError:
            return False
        owner = _read_owner(self.path)
        if owner is None:
            # half-written by a process that is creating it right now, or garbage: judge by age
            try:
                if time.time() - self.path.stat().st_mtime < 10:
                    return False
            except OSError:
                return True
        elif not self._is_stale(owner):
            return False
        # take the stale file aside first, and put it back if it changed under us
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.stale")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        if aside.read_bytes() != raw:
            with contextlib.suppress(OSError):
                os.replace(aside, self.path)
            return False
        aside.unlink(missing_ok=True)
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        owner = _read_owner(self.path)
        if owner is not None and owner.pid == os.getpid() and owner.host == platform.node():
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def held_by_other(project: Path) -> LockOwner | None:
    """The live instance other than this process that holds ``project``'s lock, if any."""
    owner = ProjectLock(project).current_owner()
    if owner is None or (owner.pid == os.getpid() and owner.host == platform.node()):
        return None
    return owner
