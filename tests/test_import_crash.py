"""An import is one undo step even though it is stored batch by batch: SIGKILL at any moment
leaves the batches committed so far, each with its part of the step, and the search index
consistent; undoing every step then gives back the project as it was before the imports."""

from __future__ import annotations

import json
import random
import sys
import textwrap
from pathlib import Path

import pytest

from lawgov_desktop.store.history import HistoryError
from lawgov_desktop.store.project import Project
from tests.crash_support import kill_after
from tests.test_crash_safety import _seeded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")

WRITER = textwrap.dedent("""
    import random, sys
    from pathlib import Path
    import lawgov_desktop.store.reports as reports
    from lawgov_desktop.store.project import Project
    reports.IMPORT_BATCH_FILES = 3  # several batches, so several transactions, per import
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    words = "依法行政执法监督复议诉讼规范性文件备案审查法治督察考核公开透明权力运行制约"
    p = Project(path)
    print("ready", flush=True)
    k = 0
    while True:
        k += 1
        folder = path.parent / f"in-{seed}-{k}"
        folder.mkdir()
        files = []
        for i in range(7):
            body = "。".join("".join(rng.choice(words) for _ in range(30)) for _ in range(40))
            f = folder / f"{i}.txt"
            f.write_text(f"第{seed}-{k}-{i}号材料\\n一、基本情况\\n{body}。\\n二、下一步\\n{body[:200]}。\\n", encoding="utf-8")
            files.append(f)
        summary = p.reports.import_files(files)
        assert len(summary.imported) == 7, summary
        print(k, flush=True)
""")


def _check(path: Path) -> int:
    """Sound file and index; every report stored by the imports is in exactly one done step."""
    with Project(path) as p:
        assert p.health.integrity() == "ok"
        p.conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('integrity-check', 1)")
        covered: list[int] = []
        for (rows,) in p.conn.execute("SELECT rows FROM history WHERE op = 'import' AND done = 1"):
            covered += [after["id"] for table, before, after in json.loads(rows) if table == "report"]
        stored = {r.id for r in p.reports.list()}
        assert len(covered) == len(set(covered)) and set(covered) <= stored
        return len(stored - set(covered))


def test_an_import_killed_between_or_inside_batches_stays_one_sound_step(tmp_path: Path) -> None:
    path = tmp_path / "imports.lawgov"
    _seeded(path)
    with Project(path) as p:
        p.clear_history()
        seeds = {r.id for r in p.reports.list()}
        before = {r.id: r.sha256 for r in p.reports.list()}
    rng = random.Random(20261202)
    acked = 0
    for _ in range(5):
        acked += len(kill_after(WRITER, path, tmp_path / "home", rng, rng.randint(1, 3), 0.3))
        assert _check(path) == len(seeds)  # only the seeds are outside the import steps
    with Project(path) as p:
        assert len(p.reports.list()) >= len(seeds) + 7 * acked
        while True:  # every import undoes, the last (cut short) one included
            try:
                p.undo()
            except HistoryError:
                break
        assert {r.id: r.sha256 for r in p.reports.list()} == before
        assert p.health.integrity() == "ok"
        p.conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('integrity-check', 1)")
        assert {h.report_id for h in p.search.hits("依法行政执法")} <= seeds
