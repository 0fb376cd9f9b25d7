"""The benchmark cases: each measures the app and its bare baseline in the same run.

In-process cases (import, search, exports, scaling) call the store and exporters directly;
GUI cases start fresh offscreen Qt processes for both sides (:mod:`.gui_cases` for the app,
``bare_gui.py`` for the baseline), alternating them so a burst of load hits both alike.
Each function takes the run's :class:`~.context.Context` and returns a :class:`CaseResult`.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lawgov_desktop.bench import TARGETS, baselines
from lawgov_desktop.bench.context import CaseResult, Context, fresh
from lawgov_desktop.bench.measure import EXIT_AFTER_PAINT_ENV, median, percentile, run_probe
from lawgov_desktop.bench.synth import load_pool, write_corpus
from lawgov_desktop.store.project import Project

#: A phrase found in most synthetic reports (it is common in the seeds), several times each.
SEARCH_PHRASE = "行政复议"
BARE_GUI = Path(__file__).resolve().with_name("bare_gui.py")



def case_import(ctx: Context) -> CaseResult:
    """Import every ordinary report file into a new project vs ``insert_all`` of the raw texts
    and the same full-text index (``baselines.insert_and_index``).

    Repeated (fresh files each time) and the medians compared, so that one burst of load
    elsewhere on the machine does not decide the ratio.  The detail keeps the baseline's time
    without the index too.  The last project imported becomes the run's shared project.
    """
    corpus = ctx.ensure_corpus()
    ours, bare, bare_inserts = [], [], []
    path = ctx.root / "project.lawgov"
    for _ in range(ctx.sizes.import_reps):
        inserted, indexed = baselines.insert_and_index(corpus.files, fresh(ctx.root / "bare-import.db"))
        bare_inserts.append(inserted)
        bare.append(indexed)
        with Project(fresh(path)) as project:
            t0 = time.perf_counter()
            summary = project.reports.import_files(corpus.files)
            ours.append(time.perf_counter() - t0)
        if summary.refused or len(summary.imported) != len(corpus.files):
            raise RuntimeError(f"import went wrong: {len(summary.imported)} imported, {summary.refused[:3]}")
    ctx.adopt_project(path)
    n = len(corpus.files)
    return CaseResult("import_1000", median(ours), median(bare), TARGETS["import_1000"], {
        "reports": n, "reps": len(ours), "ms_per_report": round(median(ours) / n * 1000, 3),
        "ours_all_s": [round(x, 3) for x in ours], "bare_all_s": [round(x, 3) for x in bare],
        "bare_without_index_s": round(median(bare_inserts), 4),
        "ratio_to_inserts_only": round(median(ours) / median(bare_inserts), 2)})


def case_search(ctx: Context) -> CaseResult:
    """Every hit of a phrase, with context and section path, vs the same hits in plain code over
    an FTS5 index configured like the app's (trigram, no positions), the same page cache and
    the texts read as bytes (``baselines.search_hits``; equal output checked by the tests)."""
    path = ctx.ensure_project()
    with Project(path, readonly=True) as project:
        conn = baselines.copy_for_search(path, fresh(ctx.root / "bare-search.db"))
        ours_t, base_t = [], []
        hits: list = []
        bare_hits: list = []
        for _ in range(ctx.sizes.search_reps):
            t0 = time.perf_counter()
            hits = project.search.hits(SEARCH_PHRASE)
            ours_t.append(time.perf_counter() - t0)
            seconds, bare_hits = baselines.search_hits(conn, SEARCH_PHRASE)
            base_t.append(seconds)
        conn.close()
    if len(hits) != len(bare_hits):
        raise RuntimeError(f"search: {len(hits)} hits, the baseline {len(bare_hits)}")
    return CaseResult("search", median(ours_t), median(base_t), TARGETS["search"], {
        "phrase": SEARCH_PHRASE, "hits": len(hits), "reports": len({h.report_id for h in hits})})


def _export_case(ctx: Context, fmt: str, bare: Callable[[Path, Path], tuple[float, int]]) -> CaseResult:
    from lawgov_desktop.export import ExportOptions, export

    path = ctx.ensure_project()
    ours_t, base_t = [], []
    count = rows = 0
    with Project(path, readonly=True) as project:
        for k in range(ctx.sizes.export_reps):
            out = ctx.root / f"export-{k}.{fmt}"
            t0 = time.perf_counter()
            count = export(project, fmt, out, options=ExportOptions(overwrite=True)).count
            ours_t.append(time.perf_counter() - t0)
            seconds, rows = bare(path, ctx.root / f"bare-{k}.{fmt}")
            base_t.append(seconds)
    size = (ctx.root / f"export-0.{fmt}").stat().st_size
    bare_size = (ctx.root / f"bare-0.{fmt}").stat().st_size
    return CaseResult(f"export_{fmt}", median(ours_t), median(base_t), TARGETS[f"export_{fmt}"], {
        "annotations": count, "bare_rows": rows, "file_mb": round(size / 1e6, 1),
        "bare_file_mb": round(bare_size / 1e6, 1)})


def case_export_jsonl(ctx: Context) -> CaseResult:
    """``lawgov export --format jsonl`` (one line per report) vs the same lines written plainly
    (``baselines.jsonl_per_report``; equal bytes checked by the tests)."""
    return _export_case(ctx, "jsonl", baselines.jsonl_per_report)


def case_export_xlsx(ctx: Context) -> CaseResult:
    """The Excel workbook (summary + a sheet per category) vs the same sheets and cell values
    written plainly with openpyxl's write-only mode (``baselines.xlsx_workbook``)."""
    return _export_case(ctx, "xlsx", baselines.xlsx_workbook)


def case_scaling(ctx: Context) -> CaseResult:
    """Import cost per report into a project of ``scaling_max`` reports vs one of 100 (the
    median of ``scaling_rounds`` batches each)."""
    sizes = ctx.sizes
    batch, n = sizes.scaling_batch, sizes.scaling_max
    corpus = ctx.ensure_corpus()
    files = list(corpus.files[:n])
    if len(files) < n:
        ctx.say(f"writing {n - len(files)} more reports for the scaling case")
        files += write_corpus(ctx.root / "reports", n - len(files), seed=ctx.seed, pool=load_pool(),
                              start=len(files), big_bytes=0).files
    # the two sides take turns, batch by batch, so that a spell of load on this machine falls
    # on both rather than on whichever side happened to run during it
    rounds = sizes.scaling_rounds
    ctx.say(f"importing {n} reports in batches of {batch} (scaling)")
    small, large = [], []
    ctx.memo["scaling_project"] = ctx.root / "scaling.lawgov"
    with Project(fresh(ctx.root / "scaling.lawgov")) as project:
        for k in range(0, n - rounds * batch, batch):
            timed_import(project, files[k:k + batch])
        for r, k in enumerate(range(n - rounds * batch, n, batch)):
            large.append(timed_import(project, files[k:k + batch]) / batch)
            with Project(fresh(ctx.root / f"scaling-small-{r}.lawgov")) as new:
                new.reports.import_files(files[:batch])  # warm-up: includes the first backup
                small.append(timed_import(new, files[batch:2 * batch]) / batch)
        reports = len(project.reports.list())
    return CaseResult("scaling", median(large), median(small), TARGETS["scaling"], {
        "reports": reports, "batch": batch, "ms_per_report_at_100": round(median(small) * 1000, 3),
        f"ms_per_report_at_{n}": round(median(large) * 1000, 3)})


def timed_import(project: Project, files: list[Path]) -> float:
    t0 = time.perf_counter()
    summary = project.reports.import_files(files)
    seconds = time.perf_counter() - t0
    if len(summary.imported) != len(files):
        raise RuntimeError(f"scaling import: {len(summary.imported)} of {len(files)} imported")
    return seconds


# -- GUI cases (subprocesses) --------------------------------------------------------------

def _app_cmd(*args: str) -> list[str]:
    """The real app with the benchmark's probe attached (see :mod:`.app_probe`)."""
    return [sys.executable, "-m", "lawgov_desktop.bench.app_probe", *args]


def _bare_cmd(*args: str) -> list[str]:
    return [sys.executable, str(BARE_GUI), *args]


def _probe_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "lawgov_desktop.bench.gui_cases", *args]


def _text_file(ctx: Context, report_id: int) -> Path:
    out = ctx.root / "texts" / f"{report_id}.txt"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        with Project(ctx.ensure_project(), readonly=True) as project:
            out.write_text(project.reports.text(report_id), encoding="utf-8", newline="\n")
    return out


def _paint_run(ctx: Context, argv: list[str], app: bool) -> dict:
    env = {**ctx.env, EXIT_AFTER_PAINT_ENV: "1"} if app else ctx.env
    payload, started = run_probe(argv, env)
    payload["wall"] = payload["painted"] - started
    return payload


def _startup_runs(ctx: Context, db: str) -> tuple[list[float], list[float], list[float]]:
    """Process start → first paint of the app on ``db``, of the same window built with bare
    PySide6 and sqlite3 (:mod:`.bare_window`, reading a copy), and of an empty window; runs
    interleaved."""
    copy = _bare_copy(ctx, db)
    ours_cmd = _app_cmd("--db", db)
    same_cmd, empty_cmd = _bare_cmd("startup", "--db", str(copy)), _bare_cmd("startup")
    for cmd in (ours_cmd, same_cmd, empty_cmd):  # warm-up: OS file cache, first-open work
        _paint_run(ctx, cmd, app=cmd is ours_cmd)
    ours, same, empty = [], [], []
    for _ in range(ctx.sizes.startup_runs):
        same.append(_paint_run(ctx, same_cmd, app=False)["wall"])
        ours.append(_paint_run(ctx, ours_cmd, app=True)["wall"])
        empty.append(_paint_run(ctx, empty_cmd, app=False)["wall"])
    return ours, same, empty


def _bare_copy(ctx: Context, db: str) -> Path:
    """A copy of the project for a bare baseline to read: a connection of another program
    leaves ``-wal``/``-shm`` files beside a project, and the app rightly checks such a file in
    depth when it next opens it, which is not what the next case measures."""
    copy = fresh(ctx.root / f"bare-{Path(db).name}")
    shutil.copyfile(db, copy)
    return copy


def _startup_detail(ours: list[float], same: list[float], empty: list[float]) -> dict:
    return {"runs": len(ours), "ours_all_s": [round(x, 3) for x in ours],
            "bare_all_s": [round(x, 3) for x in same], "empty_window_s": round(median(empty), 4),
            "ratio_to_empty_window": round(median(ours) / median(empty), 2)}


def case_startup(ctx: Context) -> CaseResult:
    """Process start → main window painted: the app on the big project vs the same window
    (menus, toolbars, the library's 1,000 rows, the docks) built with bare PySide6."""
    ours, same, empty = _startup_runs(ctx, str(ctx.ensure_project()))
    return CaseResult("startup", median(ours), median(same), TARGETS["startup"], _startup_detail(ours, same, empty))


def case_open_report(ctx: Context) -> CaseResult:
    """Open the big report (text, outline tree, highlights, its rows in the annotations list) in a
    pane vs a bare setPlainText with the same outline tree (:mod:`.bare_open`).

    The two sides take turns, a process of each per round, so that a spell of load on the
    machine falls on both rather than on whichever side ran during it. Each process's first
    open is a warm-up on both sides (the app loads the pane's code then): left out of the
    median, its time is in the detail."""
    db = str(ctx.ensure_project())
    rounds = ctx.sizes.open_rounds
    reps = str(max(1, ctx.sizes.open_reps // rounds) + 1)
    bare_cmd = _bare_cmd("open", str(_text_file(ctx, ctx.big_id)), "--reps", reps,
                         "--db", str(_bare_copy(ctx, db)), "--report", str(ctx.big_id))
    ours_cmd = _probe_cmd("open", "--db", db, "--report", str(ctx.big_id), "--reps", reps)
    bare: list[float] = []
    ours: list[float] = []
    first: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(rounds):
        for side, cmd, times in (("bare", bare_cmd, bare), ("ours", ours_cmd, ours)):
            opened = run_probe(cmd, ctx.env)[0]["times"]
            first[side].append(opened[0])
            times += opened[1:]
    return CaseResult("open_report", median(ours), median(bare), TARGETS["open_report"], {
        "annotations": ctx.sizes.big_annotations, "opens": len(ours), "rounds": rounds,
        "ours_first_s": round(median(first["ours"]), 4), "bare_first_s": round(median(first["bare"]), 4)})



def _annotate_samples(ctx: Context) -> tuple[dict, dict]:
    """Tag timings of the app and of the bare baseline, measured once for both annotate cases."""
    if "annotate" not in ctx.memo:
        src = ctx.ensure_project()
        ours_db, bare_db = ctx.root / "annotate-ours.lawgov", ctx.root / "annotate-bare.lawgov"
        for dst in (ours_db, bare_db):
            shutil.copyfile(src, fresh(dst))
        count = str(ctx.sizes.tags)
        bare, _ = run_probe(_bare_cmd("annotate", str(_text_file(ctx, ctx.big_id)), "--db", str(bare_db),
                                      "--report", str(ctx.big_id), "--count", count), ctx.env)
        ours, _ = run_probe(_probe_cmd("annotate", "--db", str(ours_db), "--report", str(ctx.big_id),
                                       "--count", count), ctx.env)
        ctx.memo["annotate"] = (ours, bare)
    return ctx.memo["annotate"]


def case_annotate(ctx: Context) -> CaseResult:
    """Tag a selection in the open big report (p99) vs one INSERT + COMMIT and a repaint."""
    ours, bare = _annotate_samples(ctx)
    return CaseResult("annotate_p99", percentile(ours["times"], 99), percentile(bare["times"], 99),
                      TARGETS["annotate_p99"], {
                          "tags": len(ours["times"]), "annotations_in_report": ours.get("annotations")})


def case_annotate_median(ctx: Context) -> CaseResult:
    """The same tags as ``annotate_p99``, their median: what a reader feels on every tag."""
    ours, bare = _annotate_samples(ctx)
    return CaseResult("annotate_median", median(ours["times"]), median(bare["times"]), TARGETS["annotate_median"],
                      {"tags": len(ours["times"])})


def case_ready_to_tag(ctx: Context) -> CaseResult:
    """Process start → window painted → the first drag in a report snapped to whole words by the
    dictionary (its load included), vs the bare window's start to first paint."""
    db = str(ctx.ensure_project())
    ours_cmd = _app_cmd("--db", db, "--open", str(ctx.other_ids[0]))
    bare_cmd = _bare_cmd("startup")
    env = {**ctx.env, EXIT_AFTER_PAINT_ENV: "ready"}
    run_probe(ours_cmd, env)  # warm-up: OS file cache, the dictionary's own cache file
    ours, bare, selected = [], [], 0
    for _ in range(ctx.sizes.startup_runs):
        bare.append(_paint_run(ctx, bare_cmd, app=False)["wall"])
        payload, started = run_probe(ours_cmd, env)
        if "error" in payload:
            raise RuntimeError(f"ready_to_tag: {payload['error']}")
        ours.append(payload["painted"] - started)
        selected = payload.get("selected", 0)
    return CaseResult("ready_to_tag", median(ours), median(bare), TARGETS["ready_to_tag"], {
        "runs": len(ours), "selected_chars": selected, "ours_all_s": [round(x, 3) for x in ours]})


def case_memory(ctx: Context) -> CaseResult:
    """Peak RSS with four reports open (the big one first) vs the same texts in QPlainTextEdits."""
    db = str(ctx.ensure_project())
    ids = [ctx.big_id, *ctx.other_ids[:3]]
    files = [str(_text_file(ctx, rid)) for rid in ids]
    ours, bare = [], []
    for _ in range(min(3, ctx.sizes.startup_runs)):
        bare.append(_paint_run(ctx, _bare_cmd("memory", *files), app=False)["peak_rss"])
        ours.append(_paint_run(ctx, _app_cmd("--db", db, "--open", *map(str, ids)), app=True)["peak_rss"])
    if not all(ours + bare):
        raise RuntimeError("peak memory cannot be read on this system")
    mb = 1024 * 1024
    return CaseResult("memory", median(ours) / mb, median(bare) / mb, TARGETS["memory"],
                      {"panes": len(ids), "reports_open": ids}, unit="MB")


def case_memory_steady(ctx: Context) -> CaseResult:
    """Peak RSS after four panes, a search, the suggestions listed and the dictionary loaded,
    vs the bare process showing the same four texts."""
    db = str(ctx.ensure_project())
    ids = [ctx.big_id, *ctx.other_ids[:3]]
    files = [str(_text_file(ctx, rid)) for rid in ids]
    env = {**ctx.env, EXIT_AFTER_PAINT_ENV: "steady"}
    ours, bare, detail = [], [], {}
    for _ in range(min(3, ctx.sizes.startup_runs)):
        bare.append(_paint_run(ctx, _bare_cmd("memory", *files), app=False)["peak_rss"])
        payload, _started = run_probe(_app_cmd("--db", db, "--open", *map(str, ids)), env)
        if "error" in payload:
            raise RuntimeError(f"memory_steady: {payload['error']}")
        ours.append(payload["peak_rss"])
        detail = {"hits": payload.get("hits"), "suggestions": payload.get("suggestions")}
    if not all(ours + bare):
        raise RuntimeError("peak memory cannot be read on this system")
    mb = 1024 * 1024
    return CaseResult("memory_steady", median(ours) / mb, median(bare) / mb, TARGETS["memory_steady"],
                      {"panes": len(ids), **detail}, unit="MB")


def case_startup_10k(ctx: Context) -> CaseResult:
    """Start-up (to first paint) on the scaling case's project of ``scaling_max`` reports, vs
    the same window built with bare PySide6 on that project."""
    path = ctx.memo.get("scaling_project")
    if path is None or not Path(path).exists():
        case_scaling(ctx)
        path = ctx.memo["scaling_project"]
    ours, same, empty = _startup_runs(ctx, str(path))
    return CaseResult("startup_10k", median(ours), median(same), TARGETS["startup_10k"], {
        "reports": ctx.sizes.scaling_max, **_startup_detail(ours, same, empty)})


#: Every case, in the order of :data:`~lawgov_desktop.bench.TARGETS`.
CASES: dict[str, Callable[[Context], CaseResult]] = {
    "import_1000": case_import, "search": case_search, "export_jsonl": case_export_jsonl,
    "export_xlsx": case_export_xlsx, "startup": case_startup, "ready_to_tag": case_ready_to_tag,
    "open_report": case_open_report, "annotate_p99": case_annotate, "annotate_median": case_annotate_median,
    "memory": case_memory, "memory_steady": case_memory_steady, "scaling": case_scaling,
    "startup_10k": case_startup_10k,
}
assert list(CASES) == list(TARGETS)
