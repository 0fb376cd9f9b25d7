"""Full-text search: every occurrence, exact code-point offsets, section paths, AND and phrases."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.core.report import parse_text
from lawgov_desktop.core.textsearch import find_all, fts_trigrams, parse_query
from lawgov_desktop.store.project import Project


def texts(project: Project) -> dict[int, str]:
    return {r.id: project.reports.text(r.id) for r in project.reports.list()}


def test_parse_query_and_phrases():
    assert parse_query("营商环境  复议") == ["营商环境", "复议"]
    assert parse_query("“双随机、一公开” 执法") == ["双随机、一公开", "执法"]
    assert parse_query('"rule of law" 执法　复议') == ["rule of law", "执法", "复议"]
    assert parse_query("执法 执法") == ["执法"]
    assert parse_query("   ") == []
    assert find_all("aAa", "a") == [(0, 1), (1, 2), (2, 3)]
    assert find_all("执法执法执", "执法") == [(0, 2), (2, 4)]


@pytest.mark.parametrize("query", ["复议", "执法", "法", "行政复议", "营商环境", "一件事一次办", "双随机、一公开"])
def test_finds_every_occurrence(seeded_project: Project, query: str):
    """Hit counts equal ``str.count`` per report, whatever the length of the query."""
    all_texts = texts(seeded_project)
    hits = seeded_project.search.hits(query)
    per_report: dict[int, int] = {}
    for h in hits:
        per_report[h.report_id] = per_report.get(h.report_id, 0) + 1
        assert all_texts[h.report_id][h.start:h.end] == query == h.match
    expected = {rid: t.count(query) for rid, t in all_texts.items() if t.count(query)}
    assert per_report == expected
    assert [(h.report_id, h.start) for h in hits] == sorted((h.report_id, h.start) for h in hits)


def test_substring_and_section_paths(seeded_project: Project):
    hits = seeded_project.search.hits("行政复议")
    assert len({h.report_id for h in hits}) >= 2
    t = texts(seeded_project)
    inside = [h for h in hits if t[h.report_id][h.start:h.end + 2] == "行政复议案件"]
    assert inside, "行政复议 must be found inside 行政复议案件"
    red = [h for h in hits if h.report_id == 1 and "（六）推动行政争议实质性化解" in h.section_path]
    assert red and red[0].section_path.startswith("一、推进法治政府建设情况 > ")
    h = hits[0]
    assert t[h.report_id][h.start - len(h.context_before):h.start] == h.context_before
    assert t[h.report_id][h.end:h.end + len(h.context_after)] == h.context_after
    assert "\n" not in h.context_before + h.context_after


def test_terms_are_anded_and_limits_apply(seeded_project: Project):
    t = texts(seeded_project)
    hits = seeded_project.search.hits("营商环境 复议")
    both = {rid for rid, text in t.items() if "营商环境" in text and "复议" in text}
    assert {h.report_id for h in hits} == both
    for rid in both:
        assert sum(1 for h in hits if h.report_id == rid) == t[rid].count("营商环境") + t[rid].count("复议")
    assert seeded_project.search.hits("营商环境 不存在的词语") == []
    assert len(seeded_project.search.hits("执法", limit=5)) == 5
    only = seeded_project.search.hits("执法", report_ids=[2, 3])
    assert {h.report_id for h in only} == {2, 3}
    assert seeded_project.search.hits("") == []
    assert seeded_project.search.counts("复议") == {rid: n.count("复议") for rid, n in t.items() if "复议" in n}


def test_phrases_with_spaces_and_ascii_case(project: Project):
    parsed = parse_text("报告\n推进 Rule of Law 建设，坚持 rule of law。𠮷字不影响位置：执法。\n", file_name="a.txt")
    rid = project.reports.import_parsed(parsed).report_id
    text = project.reports.text(rid)
    hits = project.search.hits('"RULE OF LAW"')
    assert [text[h.start:h.end] for h in hits] == ["Rule of Law", "rule of law"]
    h = project.search.hits("执法")[0]
    assert text[h.start:h.end] == "执法" and h.start == text.index("执法")  # code points, 𠮷 counts as one
    assert project.search.hits("rule 建设")  # AND of an ASCII word and a Chinese one


def test_index_follows_imports_deletes_and_text_changes(seeded_project: Project):
    p = seeded_project
    assert p.search.has_index()

    def fts(term: str) -> set[int]:
        return {r[0] for r in p.db.execute("SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?", [fts_trigrams(term)])}

    assert fts("行政复议") == {h.report_id for h in p.search.hits("行政复议")}
    p.reports.delete(1)
    assert 1 not in fts("行政复议") and all(h.report_id != 1 for h in p.search.hits("行政复议"))
    with p._write():  # a re-import replaces the text in place: the trigger re-indexes it
        p.db.execute("UPDATE reports SET text = text || '新增的独特短语' WHERE id = 2")
    assert fts("新增的独特短语") == {2}
    assert [h.report_id for h in p.search.hits("独特短语")] == [2]
    p.db.execute("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')")


def test_cli_search_json(seeded_project: Project, tmp_path: Path):
    path = str(seeded_project.path)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", path, "search", "复议", "--report", "1", "--json"]) == 0
    rows = json.loads(out.getvalue())
    text = seeded_project.reports.text(1)
    assert len(rows) == text.count("复议")
    for row in rows:
        assert set(row) >= {"report_id", "start", "end", "section_path", "context_before", "match", "context_after"}
        assert row["report_id"] == 1 and text[row["start"]:row["end"]] == "复议"


def test_pieces_of_a_term_lying_apart_are_no_hit(project: Project):
    """The index keeps no positions: a report holding a term's 3-character pieces apart may pass
    it, but search reports only the real occurrences."""
    apart = project.reports.import_parsed(parse_text("关于行政复的说明。\n\n政复议机关的答复。\n", file_name="apart.txt")).report_id
    real = project.reports.import_parsed(parse_text("办理行政复议案件十件。\n", file_name="real.txt")).report_id
    assert real in project.search.report_ids(["行政复议"])
    assert {h.report_id for h in project.search.hits("行政复议")} == {real}
    assert project.search.counts("行政复议") == {real: 1}
    assert apart not in project.search.counts("行政复议")
