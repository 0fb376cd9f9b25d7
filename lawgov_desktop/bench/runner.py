"""Running a selection of cases in a temporary folder and presenting the results.

A case that fails is reported (``error`` in its detail, no ratio) instead of ending the run,
so one broken case never hides the figures of the others.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from lawgov_desktop.bench import TARGETS
from lawgov_desktop.bench.cases import CASES
from lawgov_desktop.bench.context import CaseResult, Context, sizes_for
from lawgov_desktop.bench.measure import machine_info

QUICK_SCALE = 0.1


def compile_package() -> bool:
    """Byte-compile the app's modules once, as an installer does, so that no case times Python
    compiling our sources: the bare baselines' modules (PySide6) come precompiled, and where
    ``PYTHONDONTWRITEBYTECODE`` is set (as on some build machines) every start-up measured would
    otherwise recompile the whole package.  False where the folder cannot be written."""
    import compileall

    import lawgov_desktop

    try:
        return bool(compileall.compile_dir(Path(lawgov_desktop.__file__).parent, quiet=1))
    except OSError:
        return False


def run(cases: list[str] | None = None, *, scale: float = 1.0, workdir: Path | None = None, keep: bool = False,
        log: Callable[[str], None] | None = None) -> dict:
    """Run ``cases`` (default: all) at ``scale``; returns the JSON-ready result document."""
    chosen = [c for c in CASES if cases is None or c in cases]
    unknown = sorted(set(cases or []) - set(CASES))
    if unknown:
        raise ValueError(f"unknown case(s): {', '.join(unknown)} (choose from {', '.join(CASES)})")
    compile_package()
    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="lawgov-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    ctx = Context(root=root, sizes=sizes_for(scale), log=log)
    saved_env = {k: os.environ.get(k) for k in ctx.env}
    os.environ.update(ctx.env)  # in-process cases keep their backups and settings in the run folder
    results: list[CaseResult] = []
    started = time.perf_counter()
    try:
        for name in chosen:
            ctx.say(f"case {name}")
            t0 = time.perf_counter()
            try:
                result = CASES[name](ctx)
            except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
                ctx.say(traceback.format_exc())
                result = CaseResult(name, 0.0, 0.0, TARGETS[name], {"error": f"{type(exc).__name__}: {exc}"})
            result.detail.setdefault("case_wall_s", round(time.perf_counter() - t0, 2))
            results.append(result)
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if not keep and workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    return {
        "scale": scale, "sizes": ctx.sizes.__dict__, "machine": machine_info(),
        "wall_s": round(time.perf_counter() - started, 1),
        "cases": [r.as_dict() for r in results], "workdir": str(root) if keep or workdir else None,
    }


def _fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def table(doc: dict) -> str:
    """The results as a plain-text table (what ``lawgov bench`` prints without ``--json``)."""
    head = ("case", "ours", "baseline", "ratio", "target", "ok")
    rows = []
    for c in doc["cases"]:
        if "error" in c["detail"]:
            rows.append((c["name"], "—", "—", "—", f"≤ {c['target']}", "ERROR"))
            continue
        rows.append((c["name"], _fmt(c["ours_s"], c["unit"]), _fmt(c["baseline_s"], c["unit"]),
                     f"{c['ratio']:.2f}", f"≤ {c['target']}", "yes" if c["ok"] else "NO"))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = doc["machine"]
    lines += ["", f"scale {doc['scale']}: {doc['sizes']['reports']} reports, {doc['sizes']['annotations']} "
                  f"annotations; run took {doc['wall_s']} s",
              f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}",
              f"Python {m['python']}, PySide6 {m['pyside6']}, SQLite {m['sqlite']}"]
    errors = [f"{c['name']}: {c['detail']['error']}" for c in doc["cases"] if "error" in c["detail"]]
    if errors:
        lines += ["", *errors]
    return "\n".join(lines)


def markdown(doc: dict) -> str:
    """The results as the Markdown table the README shows: one run, with the machine it ran on."""
    lines = ["| case | ours | baseline | ratio | target | met |", "| --- | ---: | ---: | ---: | ---: | :---: |"]
    for c in doc["cases"]:
        if "error" in c["detail"]:
            lines.append(f"| {c['name']} | — | — | — | ≤ {c['target']} | error |")
            continue
        lines.append(f"| {c['name']} | {_fmt(c['ours_s'], c['unit'])} | {_fmt(c['baseline_s'], c['unit'])} | "
                     f"{c['ratio']:.2f} | ≤ {c['target']} | {'yes' if c['ok'] else '**no**'} |")
    m = doc["machine"]
    lines += ["", f"One run of `lawgov bench` (scale {doc['scale']}: {doc['sizes']['reports']} reports, "
                  f"{doc['sizes']['annotations']} annotations; {doc['wall_s']} s) on {m['cpu']}, {m['cores']} cores, "
                  f"{m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, PySide6 {m['pyside6']}, "
                  f"SQLite {m['sqlite']}."]
    return "\n".join(lines)


def stderr_log(text: str) -> None:
    sys.stderr.write(f"bench: {text}\n")
    sys.stderr.flush()
