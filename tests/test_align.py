"""Cross-report alignment of sections by TF-IDF similarity of titles and bodies."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from lawgov_desktop.cli import main
from lawgov_desktop.core.align import align_sections, map_offset
from lawgov_desktop.core.report import parse_report_file
from lawgov_desktop.store.project import Project

HONGQIAO = "（五）深化行政执法规范化建设"
NANKAI = "（四）深入推进严格规范公正文明执法"


def index_of(sections, heading: str) -> int:
    return next(i for i, s in enumerate(sections) if f"{s.label}{s.title}" == heading)


def test_enforcement_sections_of_two_districts_are_aligned(seed_files: list[Path]):
    a = parse_report_file(seed_files[0])  # 红桥区
    b = parse_report_file(seed_files[4])  # 南开区
    alignments = align_sections(a.text, a.sections, b.text, b.sections)
    assert [al.a_index for al in alignments] == list(range(len(a.sections)))
    best = alignments[index_of(a.sections, HONGQIAO)].best
    assert best is not None and best.index == index_of(b.sections, NANKAI)
    assert 0 < best.score <= 1 and best.title_score > 0 and best.body_score > 0
    # and a few more pairs a reader would expect
    expected = {"（二）持续打造法治化营商环境": "（二）全力打造公正透明的法治化营商环境",
                "（六）推动行政争议实质性化解": "（六）积极推动依法化解矛盾纠纷",
                "四、下一步工作安排": "四、2024年推进法治政府建设的主要安排"}
    for left, right in expected.items():
        m = alignments[index_of(a.sections, left)].best
        assert m is not None and m.index == index_of(b.sections, right)
    matches = alignments[0].matches
    assert len(matches) <= 3 and [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    # linked panes: an offset inside 红桥区's （五） scrolls 南开区 to its （四）
    inside = a.sections[index_of(a.sections, HONGQIAO)].start + 20
    assert map_offset(alignments, a.sections, b.sections, inside) == b.sections[index_of(b.sections, NANKAI)].start


def test_project_alignment_is_cached_and_printed(seeded_project: Project):
    first = seeded_project.alignment.matches(1, 5)
    assert seeded_project.alignment.matches(1, 5) is first
    sa, sb = seeded_project.reports.sections(1), seeded_project.reports.sections(5)
    assert first[index_of(sa, HONGQIAO)].best.index == index_of(sb, NANKAI)
    assert seeded_project.alignment.offset(1, 5, sa[index_of(sa, HONGQIAO)].start + 5) == sb[index_of(sb, NANKAI)].start
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(seeded_project.path), "align", "1", "5", "--json"]) == 0
    data = json.loads(out.getvalue())
    row = next(r for r in data["sections"] if r["a"]["label"] + r["a"]["title"] == HONGQIAO)
    assert row["matches"][0]["label"] + row["matches"][0]["title"] == NANKAI
    assert row["matches"][0]["score"] > 0 and "path" in row["a"]
