"""Agreement of two annotators: κ and span F1 against values worked out by hand, the CLI's JSON,
and adjudication into the gold set (with undo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.core.agreement import clusters, compare, decided_spans, marked_chars
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.team import (
    GOLD,
    annotator_counts,
    compare_annotators,
    decide,
    gold_choice,
    gold_units,
    report_disagreements,
    seed_gold,
)
from tests.export_support import add_reports


def _one(units_a, units_b, length=10):
    return compare(units_a, units_b, {1: length}, "A", "B", ["X"]).categories["X"]


# -- by hand -------------------------------------------------------------------------------
def test_perfect_agreement():
    ag = _one([(1, 0, 5, "X")], [(1, 0, 5, "X")])
    # po = 1, pa = pb = 0.5, pe = 0.5 → κ = 1
    assert ag.kappa == 1.0 and ag.observed == 1.0 and ag.expected == 0.5
    assert (ag.exact.f1, ag.overlap.f1) == (1.0, 1.0)


def test_chance_level_agreement_is_kappa_zero():
    # A marks 0–5 of 10; B marks 0–2 and 5–7: both 2, neither 3 → po 0.5;
    # pa 0.5, pb 0.4 → pe 0.5·0.4 + 0.5·0.6 = 0.5 → κ = 0
    ag = _one([(1, 0, 5, "X")], [(1, 0, 2, "X"), (1, 5, 7, "X")])
    assert ag.observed == pytest.approx(0.5) and ag.expected == pytest.approx(0.5)
    assert ag.kappa == pytest.approx(0.0)
    assert ag.exact.f1 == 0.0
    # overlap: 1 of B's 2 spans touches A (P 0.5), A's one span is touched (R 1) → F1 2/3
    assert (ag.overlap.precision, ag.overlap.recall) == (0.5, 1.0)
    assert ag.overlap.f1 == pytest.approx(2 / 3)


def test_complete_disagreement():
    ag = _one([(1, 0, 5, "X")], [(1, 5, 10, "X")])
    # po 0, pe 0.5 → κ = −1; no span matches either way
    assert ag.kappa == pytest.approx(-1.0)
    assert (ag.exact.f1, ag.overlap.f1) == (0.0, 0.0)


def test_partial_agreement():
    # A 0–4, B 2–6 of 10: both 2, a only 2, b only 2, neither 4 → po 0.6; pa = pb = 0.4,
    # pe = 0.16 + 0.36 = 0.52 → κ = 0.08 / 0.48 = 1/6
    ag = _one([(1, 0, 4, "X")], [(1, 2, 6, "X")])
    assert ag.kappa == pytest.approx(1 / 6)
    assert ag.exact.f1 == 0.0 and ag.overlap.f1 == 1.0
    # A 0–4 and 6–8, B 0–4: exact P 1/1, R 1/2 → F1 2/3
    ag = _one([(1, 0, 4, "X"), (1, 6, 8, "X")], [(1, 0, 4, "X")])
    assert (ag.exact.precision, ag.exact.recall) == (1.0, 0.5)
    assert ag.exact.f1 == pytest.approx(2 / 3)
    # 8 characters agree of 10, pa 0.6 pb 0.4 → pe 0.24 + 0.24 = 0.48 → κ = 0.32 / 0.52
    assert ag.kappa == pytest.approx(0.32 / 0.52)


def test_categories_and_reports_are_separate_and_pooled():
    a = [(1, 0, 5, "X"), (1, 0, 5, "Y"), (2, 0, 2, "X")]
    b = [(1, 0, 5, "X"), (2, 0, 2, "X")]
    rep = compare(a, b, {1: 10, 2: 4}, "A", "B", ["X", "Y"])
    assert rep.categories["X"].kappa == 1.0
    # Y: A marks 5 of 14 characters, B none → po 9/14, pe = 9/14 → κ 0
    assert rep.categories["Y"].kappa == pytest.approx(0.0) and rep.categories["Y"].overlap.f1 == 0.0
    assert set(rep.reports[2]) == {"X"} and set(rep.reports[1]) == {"X", "Y"}
    assert [d.as_dict()["kind"] for d in rep.disagreements] == ["only_a"]
    # pooled over 2 categories × 14 characters: both 7, a only 5, neither 16
    o = rep.overall
    assert o.chars == 28 and o.observed == pytest.approx(23 / 28)


def test_overlapping_spans_count_each_character_once():
    assert marked_chars([(0, 5), (3, 8), (20, 30)], 25) == 8 + 5
    ag = _one([(1, 0, 5, "X"), (1, 3, 8, "X")], [(1, 0, 8, "X")])
    assert ag.kappa == 1.0  # same characters marked
    assert ag.exact.f1 == 0.0 and ag.overlap.f1 == 1.0


def test_clusters_and_decisions():
    groups = clusters([(0, 4), (10, 12)], [(2, 6), (20, 22)])
    assert groups == [([(0, 4)], [(2, 6)]), ([(10, 12)], []), ([], [(20, 22)])]
    d = compare([(1, 0, 4, "X")], [(1, 2, 6, "X")], {1: 10}, categories=["X"]).disagreements[0]
    assert (d.start, d.end, d.kind) == (0, 6, "boundary")
    assert decided_spans(d, "a") == [(0, 4)] and decided_spans(d, "both") == [(0, 4), (2, 6)]
    assert decided_spans(d, "neither") == []
    with pytest.raises(ValueError):
        decided_spans(d, "maybe")


# -- in a project ----------------------------------------------------------------------------
TEXT = """某区2023年法治政府建设年度报告
一、推进依法行政
全年办理行政处罚案件120件，张𠮷同志获评优秀执法人员。全年收到行政复议申请30件，纠错率10%。
企业开办时间压缩至1个工作日。
"""


@pytest.fixture
def two_annotators(tmp_path: Path):
    project = Project(tmp_path / "team.lawgov")
    rid = add_reports(project, {"A": TEXT})["A"]

    def span(quote: str) -> tuple[int, int]:
        s = TEXT.index(quote)
        return s, s + len(quote)

    same = span("全年办理行政处罚案件120件")
    project.annotations.add(rid, *same, ["执法"], annotator="alice")
    project.annotations.add(rid, *same, ["执法"], annotator="bob")
    project.annotations.add(rid, *span("全年收到行政复议申请30件"), ["复议"], annotator="alice")
    project.annotations.add(rid, *span("行政复议申请30件，纠错率10%"), ["复议"], annotator="bob")
    project.annotations.add(rid, *span("企业开办时间压缩至1个工作日"), ["营商环境"], annotator="bob")
    yield project, rid, span
    project.close()


def test_compare_annotators_in_a_project(two_annotators):
    project, rid, span = two_annotators
    assert dict(annotator_counts(project)) == {"alice": 2, "bob": 3}
    report, skipped = compare_annotators(project, "alice", "bob")
    assert report.report_ids == [rid] and skipped == []
    assert report.categories["执法"].kappa == 1.0
    assert report.categories["复议"].exact.f1 == 0.0 and report.categories["复议"].overlap.f1 == 1.0
    assert report.categories["营商环境"].overlap.f1 == 0.0
    assert [(d.category, d.kind) for d in report.disagreements] == [("复议", "boundary"), ("营商环境", "only_b")]
    with pytest.raises(ValueError):
        compare_annotators(project, "alice", "alice")


def test_cli_agreement_json(two_annotators, capsys):
    project, rid, _ = two_annotators
    path = str(project.path)
    assert main(["--db", path, "agreement", "--annotator", "alice", "--annotator", "bob", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["categories"]) == {"执法", "复议", "营商环境"}
    assert data["categories"]["执法"] | {} == data["categories"]["执法"]
    assert data["categories"]["执法"]["kappa"] == 1.0 and data["categories"]["执法"]["f1_exact"] == 1.0
    assert data["categories"]["复议"]["f1_overlap"] == 1.0 and data["categories"]["复议"]["f1_exact"] == 0.0
    assert data["reports_compared"] == [rid] and len(data["disagreements"]) == 2
    assert main(["--db", path, "agreement", "--annotator", "alice", "--annotator", "bob",
                 "--report", str(rid)]) == 0
    assert "κ" in capsys.readouterr().out
    assert main(["--db", path, "agreement", "--annotator", "alice", "--annotator", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err
    assert main(["--db", path, "agreement", "--annotator", "alice"]) == 1


def test_adjudication_produces_gold_and_undoes(two_annotators):
    project, rid, span = two_annotators
    seeded = seed_gold(project, rid, "alice", "bob")
    assert gold_units(project, rid) == [(rid, *span("全年办理行政处罚案件120件"), "执法")]
    assert seed_gold(project, rid, "alice", "bob").added == []  # nothing twice
    fuyi, yingshang = report_disagreements(project, rid, "alice", "bob")
    step_b = decide(project, fuyi, "b")
    assert gold_choice(project, fuyi) == "b"
    step_change = decide(project, fuyi, "a")  # a change of mind replaces B's span by A's
    assert gold_choice(project, fuyi) == "a"
    step_neither = decide(project, yingshang, "neither")
    expected = {(rid, *span("全年办理行政处罚案件120件"), "执法"), (rid, *span("全年收到行政复议申请30件"), "复议")}
    assert set(gold_units(project, rid)) == expected
    assert step_neither.added == [] and step_neither.removed == []
    assert len(seeded.added) == 1 and step_b.added and not step_b.removed
    assert step_change.added and [a.id for a in step_change.removed] == step_b.added
    # every step undoes through the project's history, in reverse order, back to no gold at all
    # ("neither" changed nothing here: no step of its own)
    project.undo()
    assert gold_choice(project, fuyi) == "b"
    project.undo()
    assert gold_choice(project, fuyi) is None
    project.undo()
    assert gold_units(project, rid) == []
    # the other annotators' sets were never touched
    assert dict(annotator_counts(project)) == {"alice": 2, "bob": 3}


def test_export_selects_gold(two_annotators, tmp_path):
    from lawgov_desktop.export import FORMATS, export
    from lawgov_desktop.export.records import ExportFilter, ExportOptions

    project, rid, span = two_annotators
    seed_gold(project, rid, "alice", "bob")
    for fmt in FORMATS:
        result = export(project, fmt, tmp_path / f"gold-{fmt}{FORMATS[fmt].suffix}", ExportFilter(annotator=GOLD),
                        ExportOptions(now="2024-04-01T09:30:00+00:00"))
        assert result.count == 1, fmt
    result = export(project, "jsonl", tmp_path / "bob.jsonl", ExportFilter(annotator="bob"))
    lines = [json.loads(x) for x in (tmp_path / "bob.jsonl").read_text(encoding="utf-8").splitlines()]
    assert result.count == 3 and {a["annotator"] for a in lines[0]["meta"]["annotations"]} == {"bob"}
