"""``lawgov bench``: measure speed and memory against bare baselines (see ``benchmarks/README.md``).

A thin command: the work is in :mod:`lawgov_desktop.bench`.  It never touches the user's
projects: everything is built in a temporary folder, removed afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lawgov_desktop.commands.common import print_json


def register(sub: argparse._SubParsersAction) -> None:
    from lawgov_desktop.bench import TARGETS as CASES

    p = sub.add_parser("bench", help="measure speed and memory beside bare baselines (takes minutes)")
    p.add_argument("--quick", action="store_true", help="a tenth of every size (about a minute)")
    p.add_argument("--json", action="store_true", help="machine-readable results on stdout")
    p.add_argument("--markdown", action="store_true", help="the results as a Markdown table (the README's)")
    p.add_argument("--only", action="append", choices=list(CASES), metavar="CASE",
                   help=f"run only this case (repeatable): {', '.join(CASES)}")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    p.add_argument("--scale", type=float, default=None, help=argparse.SUPPRESS)  # tests: tiny sizes
    p.add_argument("--workdir", type=Path, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    from lawgov_desktop.bench.runner import QUICK_SCALE, markdown, run, stderr_log, table

    scale = args.scale if args.scale is not None else (QUICK_SCALE if args.quick else 1.0)
    if not 0 < scale <= 1:
        raise ValueError("--scale must be in (0, 1]")
    doc = run(args.only, scale=scale, workdir=args.workdir, keep=args.keep, log=stderr_log)
    if args.json:
        print_json(doc)
    elif args.markdown:
        print(markdown(doc))
    else:
        print(table(doc))
        if doc["workdir"]:
            print(f"\nfiles kept in {doc['workdir']}")
    return 0
