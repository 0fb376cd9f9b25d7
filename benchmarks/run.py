"""Run the benchmark from a source checkout: ``python benchmarks/run.py [--quick] [--json] …``.

The same as ``lawgov bench …``; the cases live in ``lawgov_desktop/bench/`` so that the
installed ``lawgov`` command finds them too.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawgov_desktop.cli import main  # noqa: E402  (after the path set-up above)

if __name__ == "__main__":
    raise SystemExit(main(["bench", *sys.argv[1:]]))
