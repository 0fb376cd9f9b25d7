"""Guard against the PySide6 release that leaks a reference to None on void calls.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a void method
such as ``QTextCursor.setPosition`` or ``mergeCharFormat``; after a few thousand calls the
interpreter aborts with "Fatal Python error: none_dealloc".  The app makes such calls for
every highlight, so a clean release is pinned in pyproject.toml.  This test makes ~20,000
of them in a child process (a crash there must fail the test, not kill the test run) and
checks that ``None``'s reference count does not drift.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument, QColor
    app = QGuiApplication([])
    doc = QTextDocument("法治政府建设年度报告 " * 200)
    cur = QTextCursor(doc)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#f6b26b"))
    before = sys.getrefcount(None)
    for i in range(10_000):
        cur.setPosition(i % 1000)
        cur.setPosition(i % 1000 + 5, QTextCursor.MoveMode.KeepAnchor)
        cur.mergeCharFormat(fmt)
    drift = sys.getrefcount(None) - before
    print("drift", drift)
    assert abs(drift) < 1000, drift
    """
)


def test_twenty_thousand_void_calls_do_not_crash_or_leak_none():
    env_cmd = [sys.executable, "-c", CHILD]
    proc = subprocess.run(env_cmd, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "drift" in proc.stdout


def test_installed_pyside6_is_not_the_known_bad_release():
    import PySide6

    major, minor, *_ = (int(x) for x in PySide6.__version__.split(".")[:3])
    assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__} is outside the pinned range"
