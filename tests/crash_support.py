"""Starting a writer process, letting it acknowledge some writes, and killing it with SIGKILL.

The crash tests differ in what the writer does and what they check afterwards; how a writer
is run and killed is the same, so it lives here once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(tmp_home: Path) -> dict[str, str]:
    """The environment of a writer: this checkout first on the path, its own LAWGOV_HOME."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["LAWGOV_HOME"] = str(tmp_home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def kill_after(script: str, path: Path, home: Path, rng: random.Random, acks: int, max_sleep: float) -> list[str]:
    """Run ``script`` on ``path`` (it prints ``ready``, then one line per acknowledged write),
    wait for ``acks`` acknowledgements, sleep up to ``max_sleep`` seconds so the kill lands
    anywhere (mid-transaction included) and SIGKILL it.  Returns every line it acknowledged,
    those printed before the kill but read after it included."""
    proc = subprocess.Popen([sys.executable, "-c", script, str(path), str(rng.randrange(10**6))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(home))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    lines = []
    for _ in range(acks):
        line = proc.stdout.readline()
        assert line, f"writer died: {proc.stderr.read() if proc.stderr else ''}"
        lines.append(line.strip())
    time.sleep(rng.random() * max_sleep)
    proc.send_signal(signal.SIGKILL)
    rest, _err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return lines + rest.split()
