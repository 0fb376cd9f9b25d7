"""One user action is one transaction, history entry included: SIGKILL at any moment leaves
either the whole "accept suggestion" / "tag all results" with its undo step, or none of it."""

from __future__ import annotations

import random
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from lawgov_desktop.store.project import Project
from tests.crash_support import kill_after
from tests.test_crash_safety import _seeded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")

WRITER = textwrap.dedent("""
    import random, sys
    from lawgov_desktop.store.project import Project
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    p = Project(path)
    rids = [r.id for r in p.reports.list()]
    sizes = {rid: p.reports.get(rid).chars for rid in rids}
    cat = p.categories.by_name("执法").id
    print("ready", flush=True)
    k = 0
    while True:
        k += 1
        if k % 2:
            spans = {rid: [(s, s + 3) for s in rng.sample(range(sizes[rid] - 5), 40)] for rid in rids}
            p.annotations.add_across(spans, [cat], note=f"all{seed}-{k}:80")
        else:
            s = rng.randrange(sizes[rids[0]] - 20)
            p.suggestions.accept(rids[0], s, s + 7, cat, note=f"acc{seed}-{k}")
        print(k, flush=True)
""")


def _check_whole(path: Path) -> tuple[int, int]:
    """Every action is either all there, with its one history step, or not there at all."""
    with Project(path) as p:
        assert p.health.integrity() == "ok"
        anns = p.annotations.list()
        groups = Counter(a.note for a in anns if a.note.startswith("all"))
        for note, n in groups.items():
            assert n == int(note.split(":")[1]), f"tag-all {note} half applied: {n} annotations"
        accepted = [a for a in anns if a.note.startswith("acc")]
        verdicts = Counter((f.report_id, f.start, f.end) for f in p.suggestions.feedback(verdict="accepted"))
        assert len(accepted) == sum(verdicts.values()), "an accepted suggestion lost its verdict or the reverse"
        for a in accepted:
            assert verdicts[(a.report_id, a.start, a.end)] >= 1
        steps = Counter(s.op for s in p.history())
        assert steps["add-annotation"] == len(groups) and steps["accept-suggestion"] == len(accepted)
        return len(groups), len(accepted)


def test_tag_all_and_accept_suggestion_are_atomic_under_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "atomic.lawgov"
    _seeded(path)
    rng = random.Random(20261202)
    acked = 0
    for _ in range(6):
        acked += len(kill_after(WRITER, path, tmp_path / "home", rng, rng.randint(2, 6), 0.02))
        _check_whole(path)
    groups, accepted = _check_whole(path)
    assert groups + accepted >= acked
    with Project(path) as p:  # and the last whole step still undoes after the crash
        before = len(p.annotations.list())
        p.undo()
        assert len(p.annotations.list()) in (before - 80, before - 1)
