"""Statistics match the database: counts per category × report / issuer / year, and coverage."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from contextlib import redirect_stdout

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.stats import annotation_counts, category_totals, section_coverage

ENFORCE, REVIEW, BUSINESS = 1, 2, 3


@pytest.fixture
def tagged(seeded_project: Project) -> Project:
    p = seeded_project
    for rid in (1, 2, 5):
        text = p.reports.text(rid)
        for word, cats in (("执法", [ENFORCE]), ("复议", [REVIEW]), ("营商环境", [BUSINESS, ENFORCE])):
            pos = text.find(word)
            if pos >= 0:
                p.annotations.add(rid, pos, pos + len(word) + 10, cats)
    p.annotations.add(1, 0, 30, [REVIEW])
    p.annotations.add(1, 10, 40, [REVIEW])  # overlaps the previous one: characters count once
    return p


def test_counts_per_report_issuer_and_year(tagged: Project):
    anns = tagged.annotations.list()
    direct = Counter((a.report_id, c) for a in anns for c in a.category_ids)
    table = annotation_counts(tagged, "report")
    assert table.row_keys == [r.id for r in tagged.reports.list()]
    for r, rid in enumerate(table.row_keys):
        for k, cat in enumerate(table.categories):
            assert table.counts[r][k] == direct[(rid, cat.id)]
    reports = {r.id: r for r in tagged.reports.list()}
    for by, attr in (("issuer", "issuer"), ("year", "year")):
        t = annotation_counts(tagged, by)
        expect = Counter((getattr(reports[a.report_id], attr), c) for a in anns for c in a.category_ids)
        for r, key in enumerate(t.row_keys):
            for k, cat in enumerate(t.categories):
                assert t.counts[r][k] == expect[(key, cat.id)]
        assert sum(map(sum, t.counts)) == sum(direct.values())
    assert category_totals(tagged) == {c.id: sum(v for (_, cid), v in direct.items() if cid == c.id)
                                       for c in tagged.categories.list()}
    rows = table.as_rows()
    assert rows[0][0] == "report" and rows[0][-1] == "合计" and len(rows) == len(reports) + 1
    with pytest.raises(ValueError):
        annotation_counts(tagged, "district")


def test_coverage_matches_sections_and_characters(tagged: Project):
    anns = tagged.annotations.list()
    for row in section_coverage(tagged):
        secs = tagged.reports.sections(row.report_id)
        parents = {s.parent for s in secs if s.parent is not None}
        leaves = [s for i, s in enumerate(secs) if i not in parents]
        spans = [(a.start, a.end) for a in anns if a.report_id == row.report_id and row.category_id in a.category_ids]
        covered = set()
        for s, e in spans:
            covered.update(range(s, e))
        assert row.sections == len(leaves)
        assert row.sections_tagged == sum(1 for s in leaves if any(a < s.end and s.start < b for a, b in spans))
        assert row.chars_covered == len(covered)
        assert row.char_share == pytest.approx(len(covered) / len(tagged.reports.text(row.report_id)))
        assert 0.0 <= row.section_share <= 1.0
    only = section_coverage(tagged, report_ids=[1])
    assert {r.report_id for r in only} == {1} and len(only) == len(tagged.categories.list())


def test_cli_stats(tagged: Project):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(tagged.path), "stats", "--by", "report", "--json"]) == 0
    data = json.loads(out.getvalue())
    assert data["categories"] == ["执法", "复议", "营商环境"]
    first = data["rows"][0]
    direct = Counter(c for a in tagged.annotations.list() if a.report_id == first["key"] for c in a.category_ids)
    assert first["counts"] == {"执法": direct[ENFORCE], "复议": direct[REVIEW], "营商环境": direct[BUSINESS]}
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(tagged.path), "stats", "--by", "coverage", "--json"]) == 0
    assert len(json.loads(out.getvalue())) == 5 * 3
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(tagged.path), "stats", "--by", "year"]) == 0
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert rows[0][0] == "year" and {r[0] for r in rows[1:]} == {"2022", "2023"}


def test_cli_coverage_lines_speak_the_chosen_language(tagged: Project, monkeypatch):
    def coverage() -> list[list[str]]:
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(["--db", str(tagged.path), "stats", "--by", "coverage"]) == 0
        return [line.split("\t") for line in out.getvalue().splitlines()]

    monkeypatch.delenv("LAWGOV_LANG", raising=False)
    chinese = coverage()
    assert len(chinese) == 5 * 3 and chinese[0][2].endswith(" 节") and chinese[0][3].endswith(" 字")
    monkeypatch.setenv("LAWGOV_LANG", "en")
    english = coverage()
    assert english[0][2].endswith(" sections") and english[0][3].endswith("% of the characters")
    assert [e[2].split()[0] for e in english] == [c[2].split()[0] for c in chinese]  # the same numbers
    assert not any("节" in cell or "字" in cell for line in english for cell in line[2:])
