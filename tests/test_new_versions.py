"""New versions of a report: a changed passage is never left ok, and a truncated copy does not
silently replace the report (it needs ``--replace`` / a confirmation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.core.reanchor import OldSpan, Placement, Reanchorer
from lawgov_desktop.store.project import Project

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
HEAD = "某区人民政府2023年法治政府建设情况报告\n"
BODY = (
    "一、主要成效\n"
    "深化“放管服”改革，行政许可事项由2021年的200项精简至163项，办理时限平均压缩一半以上。\n"
    "各街道和部门围绕民法典、优化营商环境条例等内容举办专题法治讲座，全年共计二十余场。\n"
    "区人民法院与区司法局建立诉源治理联动机制，矛盾纠纷化解在基层、化解在萌芽状态。\n"
    "二、存在不足\n"
    "个别部门对法治政府建设重要性认识还不够深入，行政执法规范化水平有待进一步提升。\n"
    "三、下一步安排\n"
    "继续推进法治政府建设示范创建，完善行政执法协调监督工作体系，加强执法人员培训考核。\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tagged(project: Project, tmp_path: Path):
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    text = project.reports.text(rid)
    ids = {}
    for quote in ("行政许可事项由2021年的200项精简至163项", "举办专题法治讲座", "人民法院", "163"):
        s = text.index(quote)
        ids[quote] = project.annotations.add(rid, s, s + len(quote), ["执法"])
    return project, rid, ids


@pytest.mark.parametrize(("quote", "was", "now", "expected"), [
    ("行政许可事项由2021年的200项精简至163项", "163项", "160项", "行政许可事项由2021年的200项精简至160项"),
    ("举办专题法治讲座", "讲座", "培训", "举办专题法治培训"),
    ("人民法院", "区人民法院", "区人民检察院", "人民检察院"),
    ("163", "至163项", "至1163项", "1163"),  # the quote is still there, but inside a longer number
])
def test_an_edit_in_or_at_the_edge_of_a_quote_is_review_never_a_cut_ok(tagged, tmp_path: Path, quote, was, now,
                                                                         expected):
    p, rid, ids = tagged
    new = HEAD + BODY.replace(was, now, 1)
    result = p.reports.import_files([_write(tmp_path, "v2.txt", new)]).updated[0][2]
    a = p.annotations.get(ids[quote])
    assert a.status == "review" and ids[quote] in result.review
    assert a.quote == expected == p.reports.text(rid)[a.start:a.end]
    [item] = [i for i in p.versions.needing_attention() if i.annotation.id == ids[quote]]
    assert item.previous_quote == quote
    assert item.as_dict()["changes"] and item.as_dict()["quote"] == expected
    # the annotations whose text the edit did not touch are still ok, unchanged
    for other, aid in ids.items():
        if other != quote and other not in was and was not in other:
            assert p.annotations.get(aid).status == "ok" and p.annotations.get(aid).quote == other


def test_a_moved_and_edited_paragraph_is_review_on_the_whole_changed_passage():
    """Found by approximate matching (the diff cannot follow a moved paragraph): the changed last
    word is part of the placed span, not cut off."""
    old = HEAD + BODY
    line = next(ln for ln in BODY.splitlines(keepends=True) if "讲座" in ln)
    new = old.replace(line, "").replace("三、下一步安排\n", "三、下一步安排\n" + line.replace("讲座", "培训"))
    for quote, now in (("举办专题法治讲座", "举办专题法治培训"), ("163项", "163项")):
        s = old.index(quote)
        e = s + len(quote)
        placed = Reanchorer(old, new).place(OldSpan(s, e, quote, old[max(0, s - 32):s], old[e:e + 32]))
        assert new[placed.start:placed.end] == now
        assert placed.confident == (quote == now)


def test_orphans_shows_the_old_quote_beside_the_new_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "p.lawgov")
    v1 = _write(tmp_path, "v1.txt", HEAD + BODY)
    assert cli(["--db", db, "import", str(v1)]) == 0
    s = (HEAD + BODY).index("举办专题法治讲座")
    assert cli(["--db", db, "annotate", "1", str(s), str(s + 8), "执法"]) == 0
    capsys.readouterr()
    assert cli(["--db", db, "import", str(_write(tmp_path, "v2.txt", HEAD + BODY.replace("讲座", "培训")))]) == 0
    assert "待核对 1" in capsys.readouterr().out
    assert cli(["--db", db, "orphans"]) == 0
    out = capsys.readouterr().out
    assert "原文：举办专题法治讲座" in out and "现在：举办专题法治培训" in out and "讲座 → 培训" in out
    assert cli(["--db", db, "orphans", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert (item["previous_quote"], item["quote"], item["changes"]) == ("举办专题法治讲座", "举办专题法治培训",
                                                                        [["讲座", "培训"]])


def test_the_store_never_keeps_ok_a_placement_whose_text_changed(tagged, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    """Defence in depth: even a placement claiming confidence is stored as review if its text differs."""
    p, rid, ids = tagged

    def overconfident(self: Reanchorer, span) -> Placement:
        return Placement("moved", span.start, span.end - 1, 1.0, "test")

    monkeypatch.setattr(Reanchorer, "place", overconfident)
    result = p.reports.import_files([_write(tmp_path, "v2.txt", "\n" + HEAD + BODY)]).updated[0][2]
    assert sorted(result.review) == sorted(ids.values()) and result.moved == []
    assert {p.annotations.get(aid).status for aid in ids.values()} == {"review"}


# -- a truncated copy is not silently a new version ------------------------------------------------

def _truncated(text: str, share: float) -> str:
    cut = text.rfind("\n", 0, int(len(text) * share)) + 1
    return text[:cut]


def test_a_truncated_copy_is_held_until_replace_is_given(project: Project, tmp_path: Path):
    rid = project.reports.import_files([SEEDS[1]]).imported[0][1]
    text = project.reports.text(rid)
    s = text.index("。", int(len(text) * 0.75)) + 1  # a sentence in the part the copy loses
    aid = project.annotations.add(rid, s, text.index("。", s) + 1, ["执法"])
    copy = _write(tmp_path, "copy.txt", _truncated(text, 0.6))
    summary = project.reports.import_files([copy])
    assert summary.updated == [] and summary.imported == [] and summary.duplicates == []
    [(path, held_id, kept)] = summary.held
    assert path == str(copy) and held_id == rid and 0.5 <= kept < 0.8
    assert project.reports.text(rid) == text and project.versions.list(rid) == []
    assert project.annotations.get(aid).status == "ok" and len(project.reports.list()) == 1

    summary = project.reports.import_files([copy], replace=True)
    assert summary.held == [] and [u[1] for u in summary.updated] == [rid]
    assert project.reports.text(rid) == _truncated(text, 0.6)
    assert project.annotations.get(aid).status in ("review", "orphaned")  # its sentence is gone


def test_a_corrected_edition_keeping_most_of_the_text_needs_no_confirmation(project: Project, tmp_path: Path):
    rid = project.reports.import_files([SEEDS[1]]).imported[0][1]
    text = project.reports.text(rid)
    edition = _write(tmp_path, "v2.txt", _truncated(text, 0.92) + "（本报告已更正）\n")
    summary = project.reports.import_files([edition])
    assert summary.held == [] and [u[1] for u in summary.updated] == [rid]


def test_cli_import_requires_replace_for_a_truncated_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "p.lawgov")
    assert cli(["--db", db, "import", str(SEEDS[1])]) == 0
    text = SEEDS[1].read_text(encoding="utf-8")
    copy = _write(tmp_path, "copy.txt", _truncated(text, 0.6))
    capsys.readouterr()
    assert cli(["--db", db, "import", str(copy)]) == 1
    captured = capsys.readouterr()
    assert "--replace" in captured.err and "#1" in captured.err and "Traceback" not in captured.err
    assert cli(["--db", db, "import", str(copy), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["updated"] == [] and [h["id"] for h in data["held"]] == [1] and data["held"][0]["kept_share"] < 0.8
    assert cli(["--db", db, "import", str(copy), "--replace", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["held"] == [] and [u["id"] for u in data["updated"]] == [1]
    with Project(db) as project:
        assert project.reports.get(1).chars == len(_truncated(text, 0.6))
