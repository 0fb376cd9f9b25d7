"""Timing, peak memory, subprocess probes and a description of the machine.

This module imports nothing from the app (the bare baselines load it by path).  Peak memory is read without a third-party package: ``VmHWM`` from ``/proc/self/status`` on
Linux (the resident high-water mark), ``getrusage`` elsewhere on POSIX, and the peak working
set through ``psapi`` on Windows; where none answers, the memory case reports nothing rather
than a wrong number.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

#: Tag of the one stdout line a probe subprocess reports its result on.
PROBE_TAG = "LAWGOV_BENCH "
#: Environment variable that makes ``lawgov-desktop`` quit after its first paint (see ``paint_probe``).
EXIT_AFTER_PAINT_ENV = "LAWGOV_BENCH_EXIT_AFTER_PAINT"


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn()`` took (monotonic, high resolution)."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with ``pct`` % of the samples at or below it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss() -> int | None:
    """Peak resident memory of this process in bytes, or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if sys.platform == "win32":
        return _windows_peak()
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux KiB


def _windows_peak() -> int | None:
    try:
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaNonPagedPoolUsage", ctypes.c_size_t), ("PagefileUsage", ctypes.c_size_t),
                        ("PeakPagefileUsage", ctypes.c_size_t)]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        psapi = ctypes.WinDLL("psapi")
        kernel = ctypes.WinDLL("kernel32")
        kernel.GetCurrentProcess.restype = wintypes.HANDLE
        if psapi.GetProcessMemoryInfo(kernel.GetCurrentProcess(), ctypes.byref(counters), counters.cb):
            return int(counters.PeakWorkingSetSize)
    except (OSError, AttributeError, ValueError):
        return None
    return None


def report(payload: dict) -> None:
    """Print a probe's result where :func:`run_probe` finds it (one tagged JSON line)."""
    sys.stdout.write(PROBE_TAG + json.dumps(payload) + "\n")
    sys.stdout.flush()


class ProbeError(RuntimeError):
    """A probe subprocess failed or printed no result; the message carries its stderr."""


def run_probe(argv: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> tuple[dict, float]:
    """Run a probe subprocess; returns its reported payload and the wall-clock time of Popen.

    The start time is ``time.time()`` taken just before ``Popen``, so a probe that reports
    ``time.time()`` at some point gives the wall time from process start to that point.
    """
    full_env = {**os.environ, **(env or {})}
    t0 = time.time()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
                            text=True, encoding="utf-8", errors="replace")
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise ProbeError(f"{argv[1:3]} timed out\n{err[-2000:]}") from None
    for line in reversed(out.splitlines()):
        if line.startswith(PROBE_TAG):
            return json.loads(line[len(PROBE_TAG):]), t0
    raise ProbeError(f"{' '.join(map(str, argv[1:4]))} exited {proc.returncode} without a result\n{err[-3000:]}")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} (kernel {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def machine_info() -> dict[str, object]:
    """What the figures came from: CPU, cores, RAM, OS and the versions that matter."""
    import sqlite3

    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:
        pyside = "not installed"
    ram = _ram_bytes()
    return {
        "cpu": _cpu_model(), "cores": os.cpu_count() or 0,
        "ram_gb": round(ram / 2**30, 1) if ram else None, "os": _os_name(),
        "python": platform.python_version(), "pyside6": pyside, "sqlite": sqlite3.sqlite_version,
    }
