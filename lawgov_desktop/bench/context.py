"""Sizes, results and the shared work folder of one benchmark run, and building its project.

The project every case reads is built once per run: the ordinary reports imported through
the app, the 1 MB report, then the annotations added through the store in one transaction.
When ``import_1000`` is among the cases, its timed import *is* that build step, so the full
run does not import the corpus twice.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lawgov_desktop.bench.synth import Corpus, plan_annotations, spread, write_corpus
from lawgov_desktop.store.db import transaction
from lawgov_desktop.store.excerpts import ImportedSpan
from lawgov_desktop.store.project import Project


def fresh(path: Path) -> Path:
    """``path`` with any earlier file (and SQLite side files) removed."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class Sizes:
    """How big everything is; :func:`sizes_for` scales the full run's sizes."""

    reports: int = 1_000
    annotations: int = 100_000
    big_annotations: int = 5_000
    big_bytes: int = 1_000_000
    scaling_max: int = 10_000
    scaling_batch: int = 100
    scaling_rounds: int = 5  # measured batches of each side
    startup_runs: int = 15  # each side; the machine can switch between a fast and a slow state for seconds
    open_reps: int = 12  # timed opens of each side, after each process's first
    open_rounds: int = 6  # processes of each side, taking turns (a spell of load lasts seconds)
    tags: int = 200
    export_reps: int = 3
    search_reps: int = 5
    import_reps: int = 3


def sizes_for(scale: float) -> Sizes:
    """1.0 is the full run, 0.1 ``--quick``; counts shrink in proportion, never below a floor."""
    if scale >= 1.0:
        return Sizes()
    batch = 100 if scale >= 0.1 else max(5, round(1000 * scale))
    quick = scale >= 0.1
    return Sizes(
        reports=max(5, round(1_000 * scale)), annotations=max(50, round(100_000 * scale)),
        big_annotations=max(10, round(5_000 * scale)), big_bytes=max(30_000, round(1_000_000 * scale)),
        scaling_max=max(6 * batch, round(10_000 * scale)), scaling_batch=batch,
        startup_runs=3 if quick else 1, open_reps=3 if quick else 1, open_rounds=3, tags=200 if quick else 20,
        export_reps=2 if quick else 1, search_reps=3 if quick else 1, import_reps=3 if quick else 1,
    )


@dataclass
class CaseResult:
    """One row of the table; ``unit`` is ``s`` for times and ``MB`` for the memory case."""

    name: str
    ours: float
    baseline: float
    target: float
    detail: dict = field(default_factory=dict)
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline > 0 else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target

    def as_dict(self) -> dict:
        return {"name": self.name, "ours_s": self.ours, "baseline_s": self.baseline,
                "ratio": round(self.ratio, 3), "target": self.target, "ok": self.ok, "unit": self.unit,
                "detail": self.detail}


@dataclass
class Context:
    """Everything the cases of one run share: sizes, folders, corpus, the built project."""

    root: Path
    sizes: Sizes
    seed: int = 0
    corpus: Corpus | None = None
    project_path: Path | None = None
    big_id: int = 0
    other_ids: list[int] = field(default_factory=list)
    log: Callable[[str], None] | None = None  # progress lines (stderr for the command)
    memo: dict = field(default_factory=dict)  # measurements two cases share (annotate p99 / median)

    @property
    def env(self) -> dict[str, str]:
        """Environment of every subprocess: offscreen Qt, user data inside the run's folder."""
        return {"QT_QPA_PLATFORM": "offscreen", "LAWGOV_HOME": str(self.root / "home"),
                "LAWGOV_ANNOTATOR": "bench"}

    def say(self, text: str) -> None:
        if self.log is not None:
            self.log(text)

    def ensure_corpus(self) -> Corpus:
        if self.corpus is None:
            self.say(f"writing {self.sizes.reports} reports + one of {self.sizes.big_bytes // 1000} KB")
            self.corpus = write_corpus(self.root / "reports", self.sizes.reports, seed=self.seed,
                                       big_bytes=self.sizes.big_bytes)
        return self.corpus

    def ensure_project(self) -> Path:
        """The annotated project of this run (importing the corpus unless ``import_1000`` did)."""
        if self.project_path is None or not self.project_path.exists():
            corpus = self.ensure_corpus()
            path = fresh(self.root / "project.lawgov")  # a reused --workdir: start afresh
            self.say("importing the corpus (set-up)")
            with Project(path) as project:
                project.reports.import_files(corpus.files)
            self.adopt_project(path)
        return self.project_path  # type: ignore[return-value]

    def adopt_project(self, path: Path) -> None:
        """Add the 1 MB report and every annotation to a project holding the ordinary reports."""
        corpus = self.ensure_corpus()
        rng = random.Random(self.seed)
        with Project(path) as project:
            summary = project.reports.import_files([corpus.big])
            big_id = (summary.imported or summary.duplicates)[0][1]
            others = [r.id for r in project.reports.list() if r.id != big_id]
            cats = [c.id for c in project.categories.list()][:3]
            self.say(f"adding {self.sizes.annotations} annotations (set-up)")
            counts = spread(self.sizes.annotations - self.sizes.big_annotations, len(others))
            texts = project.reports.texts([big_id, *others])
            with transaction(project.db):
                for rid, n in [(big_id, self.sizes.big_annotations), *zip(others, counts, strict=True)]:
                    plan = plan_annotations(rid, texts[rid], n, rng)
                    project.excerpts.add_imported(rid, [
                        ImportedSpan(s, e, [cats[k] for k in ks], note, who,
                                     created_at=_stamp(rng), updated_at="")
                        for s, e, ks, note, who in plan.spans])
        self.project_path, self.big_id, self.other_ids = path, big_id, others


def _stamp(rng: random.Random) -> str:
    """A creation time somewhere in 2024 (UTC, seconds), as the store writes them."""
    day = rng.randrange(0, 365)
    secs = rng.randrange(0, 86_400)
    month_days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    month = 0
    while day >= month_days[month]:
        day -= month_days[month]
        month += 1
    return f"2024-{month + 1:02d}-{day + 1:02d}T{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}+00:00"
