"""A small deterministic project for the export and import tests, and checks they share.

Two short synthetic reports (one with 𠮷, a character outside the BMP), fixed annotators and
a fixed clock, so every text export is byte-for-byte reproducible and can be compared with
the files in ``tests/export_golden/`` (``LAWGOV_UPDATE_GOLDEN=1`` rewrites them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lawgov_desktop.core.report import parse_text
from lawgov_desktop.store.project import Project

GOLDEN = Path(__file__).resolve().parent / "export_golden"
NOW = "2024-04-01T09:30:00+00:00"

REPORT_A = """某某区人民政府2023年法治政府建设年度报告
一、推进依法行政
（一）严格规范公正文明执法。全年办理行政处罚案件120件，张𠮷同志获评优秀执法人员。推行“三项制度”。
（二）加强行政复议工作。全年收到行政复议申请30件，纠错率10%。
二、优化营商环境
全面推行“一件事一次办”，企业开办时间压缩至1个工作日。
"""

REPORT_B = """某某街道办事处2023年法治政府建设工作报告
一、主要工作
（一）行政执法。开展联合执法检查12次；办理行政复议答复2件。
（二）存在问题。执法人员力量不足！下一步将加强培训。
"""

#: (report key, quote, categories, note, annotator, created_at)
ANNOTATIONS = [
    ("A", "全年办理行政处罚案件120件，张𠮷同志获评优秀执法人员。", ["执法"], "含生僻字𠮷", "李四", "2024-03-01T08:00:00+00:00"),
    ("A", "张𠮷同志获评优秀执法人员", ["复议"], "", "王五", "2024-03-02T08:00:00+00:00"),
    ("A", "全年收到行政复议申请30件，纠错率10%。", ["复议", "执法"], "", "王五", "2024-03-03T08:00:00+00:00"),
    ("A", "企业开办时间压缩至1个工作日", ["营商环境"], '=HYPERLINK("http://example.com","点击")', "李四",
     "2024-03-04T08:00:00+00:00"),
    ("B", "开展联合执法检查12次", ["执法"], "+1", "李四", "2024-03-05T08:00:00+00:00"),
    ("B", "执法人员力量不足！", ["执法"], "第二行\n备注", "李四", "2024-03-06T08:00:00+00:00"),
]


def fix_clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every ``now_iso`` of the store return ``clock[0]`` (change it between steps)."""
    from lawgov_desktop.store import annotations, categories, records, reports

    clock = ["2024-01-01T00:00:00+00:00"]
    for mod in (annotations, categories, records, reports):
        monkeypatch.setattr(mod, "now_iso", lambda: clock[0])
    return clock


def add_reports(project: Project, texts: dict[str, str]) -> dict[str, int]:
    return {key: project.reports.import_parsed(parse_text(text, file_name=f"{key}.txt")).report_id
            for key, text in texts.items()}


def build_project(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Project, dict[str, int]]:
    """The golden project: reports A and B with :data:`ANNOTATIONS`."""
    clock = fix_clock(monkeypatch)
    project = Project(path)
    ids = add_reports(project, {"A": REPORT_A, "B": REPORT_B})
    for key, quote, cats, note, who, created in ANNOTATIONS:
        clock[0] = created
        text = project.reports.text(ids[key])
        start = text.index(quote)
        project.annotations.add(ids[key], start, start + len(quote), cats, note=note, annotator=who)
    return project, ids


def compare_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/export_golden/<name>`` (or rewrite it on request)."""
    path = GOLDEN / name
    if os.environ.get("LAWGOV_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"missing golden file {path}; run with LAWGOV_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from the golden file; LAWGOV_UPDATE_GOLDEN=1 regenerates it"


def annotation_keys(project: Project) -> set[tuple]:
    """What a round trip must preserve: report hash, span, categories, note."""
    names = {c.id: c.name for c in project.categories.list()}
    sha = {r.id: r.sha256 for r in project.reports.list()}
    return {(sha[a.report_id], a.start, a.end, frozenset(names[c] for c in a.category_ids), a.note)
            for a in project.annotations.list()}
