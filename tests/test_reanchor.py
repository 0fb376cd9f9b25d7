"""Re-importing a newer version of a report keeps its annotations, and never moves one silently onto boilerplate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.core.reanchor import OffsetMap, OldSpan, Reanchorer
from lawgov_desktop.store.project import Project

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
BOILERPLATE = "习近平法治思想"


def _seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The sentence (up to and including 。) around ``pos``, without its line break."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    end = text.find("。", pos) + 1
    return start, end


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tag(p: Project, rid: int, span: tuple[int, int], cat: str = "执法") -> int:
    return p.annotations.add(rid, span[0], span[1], [cat])


@pytest.fixture
def report(project: Project, tmp_path: Path) -> tuple[Project, int, str]:
    """Seed 003 (13 × 习近平法治思想) imported, plus another report that must stay untouched."""
    summary = project.reports.import_files([SEEDS[3], SEEDS[0]])
    assert len(summary.imported) == 2
    rid = summary.imported[0][1]
    return project, rid, project.reports.text(rid)


# -- the edits of a new version -------------------------------------------------------------

def test_paragraph_inserted_before_shifts_offsets_exactly(report, tmp_path: Path):
    p, rid, text = report
    spans = [_sentence_at(text, text.index("召开党组会议")), _sentence_at(text, len(text) - 200)]
    ids = [_tag(p, rid, s) for s in spans]
    quotes = [text[s:e] for s, e in spans]
    cut = text.index("\n", 300)
    inserted = "\n（补充）本段为修订时新增的说明文字，用于检验标注位置随正文移动。"
    summary = p.reports.import_files([_write(tmp_path, "v2.txt", text[:cut] + inserted + text[cut:])])
    assert summary.imported == [] and len(summary.updated) == 1
    path, updated_id, result = summary.updated[0]
    assert updated_id == rid and sorted(result.moved) == sorted(ids)
    new_text = p.reports.text(rid)
    for aid, quote, (s, e) in zip(ids, quotes, spans, strict=True):
        a = p.annotations.get(aid)
        assert a.status == "ok" and a.quote == quote and new_text[a.start:a.end] == quote
        assert (a.start, a.end) == (s + len(inserted), e + len(inserted))
    assert p.versions.needing_attention() == []


def test_untouched_annotations_are_kept_in_place(report, tmp_path: Path):
    p, rid, text = report
    early = _sentence_at(text, 200)
    aid = _tag(p, rid, early)
    tail = text.rfind("。", 0, len(text) - 50)
    result = p.reports.import_files([_write(tmp_path, "v2.txt", text[:tail] + "，并持续改进。" + text[tail + 1:])]).updated[0][2]
    assert result.kept == [aid]
    assert (p.annotations.get(aid).start, p.annotations.get(aid).end) == early


def test_slightly_reworded_sentence_is_flagged_for_review(report, tmp_path: Path):
    p, rid, text = report
    s, e = _sentence_at(text, text.index("紧盯行政规范性文件"))
    aid = _tag(p, rid, (s, e), "复议")
    old = text[s:e]
    reworded = old.replace("不当增设义务", "不当增加义务", 1).replace("原则上", "一律", 1)
    assert reworded != old
    p.reports.import_files([_write(tmp_path, "v2.txt", text.replace(old, reworded, 1))])
    a = p.annotations.get(aid)
    new_text = p.reports.text(rid)
    assert a.status == "review", "a changed quote is never left ok"
    new_s = new_text.index(reworded)
    assert (a.start, a.end) == (new_s, new_s + len(reworded)), "placed on the whole reworded sentence"
    assert new_text[a.start:a.end] == a.quote
    [item] = p.versions.needing_attention()
    assert item.previous_quote == old and item.changes() == [("设", "加"), ("原则上", "一律")]


def test_deleted_sentence_is_orphaned_not_dropped(report, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p, rid, text = report
    s, e = _sentence_at(text, text.index("紧盯行政规范性文件"))
    aid = _tag(p, rid, (s, e), "复议")
    old = text[s:e]
    before = p.health.counts()["annotations"]
    result = p.reports.import_files([_write(tmp_path, "v2.txt", text.replace(old, "", 1))]).updated[0][2]
    assert result.orphaned == [aid]
    assert p.health.counts()["annotations"] == before
    a = p.annotations.get(aid)
    new_text = p.reports.text(rid)
    assert a.status == "orphaned" and a.quote == old
    assert 0 <= a.start < a.end <= len(new_text)
    items = p.versions.needing_attention()
    assert [i.annotation.id for i in items] == [aid]
    assert items[0].previous_quote == old and items[0].previous_start == s


def test_boilerplate_does_not_silently_jump_to_a_look_alike(report, tmp_path: Path):
    """The annotated 习近平法治思想 is removed; a dozen identical phrases remain elsewhere."""
    p, rid, text = report
    occurrences = [m.start() for m in re.finditer(BOILERPLATE, text)]
    assert len(occurrences) >= 10
    target = occurrences[5]  # in “召开党组会议专题学习习近平法治思想和中央全面依法治国工作会议精神…”
    aid = _tag(p, rid, (target, target + len(BOILERPLATE)))
    s, e = _sentence_at(text, target)
    new = text[:s] + text[e:]
    assert new.count(BOILERPLATE) == len(occurrences) - 1
    p.reports.import_files([_write(tmp_path, "v2.txt", new)])
    a = p.annotations.get(aid)
    assert a.status in ("review", "orphaned"), f"moved silently to {a.start} with status {a.status}"
    assert aid in {i.annotation.id for i in p.versions.needing_attention()}


def test_boilerplate_with_a_single_look_alike_left_is_not_trusted(project: Project, tmp_path: Path):
    head = "某区人民政府2023年法治政府建设情况报告\n"
    first = "一、主要成效\n区政府常务会议专题学习习近平法治思想，研究部署年度重点任务和考核办法。\n"
    second = "二、存在不足\n个别部门对习近平法治思想的学习还不够深入，执法规范化水平有待提升。\n"
    tail = "三、下一步安排\n继续推进法治政府建设示范创建，完善行政执法协调监督工作体系。\n"
    v1 = _write(tmp_path, "r.txt", head + first + second + tail)
    rid = project.reports.import_files([v1]).imported[0][1]
    text = project.reports.text(rid)
    pos = text.index(BOILERPLATE)
    aid = project.annotations.add(rid, pos, pos + len(BOILERPLATE), ["执法"])
    v2 = _write(tmp_path, "r2.txt", head + "一、主要成效\n区政府常务会议研究部署年度重点任务和考核办法。\n" + second + tail)
    result = project.reports.import_files([v2]).updated[0][2]
    assert result.review + result.orphaned == [aid]
    assert project.annotations.get(aid).status != "ok"


def test_annotation_count_never_decreases_over_many_versions(report, tmp_path: Path):
    p, rid, text = report
    sentences = [m.end() for m in re.finditer("。", text)]
    for i in range(0, len(sentences) - 1, 3):
        p.annotations.add(rid, sentences[i], sentences[i + 1], ["执法"])
    total = p.health.counts()["annotations"]
    current = text
    for version in range(4):
        pieces = current.split("。")
        del pieces[3 + version * 2]  # drop a sentence
        pieces[7] = pieces[7] + "，进一步加强" if len(pieces) > 8 else pieces[7]
        current = "。".join(pieces)
        summary = p.reports.import_files([_write(tmp_path, f"v{version + 2}.txt", current)])
        assert len(summary.updated) == 1
        assert p.health.counts()["annotations"] == total
        assert p.health.integrity() == "ok"
        for a in p.annotations.list():
            if a.report_id == rid and a.status != "orphaned":
                assert p.reports.text(rid)[a.start:a.end] == a.quote
    assert [v["version"] for v in p.versions.list(rid)] == [1, 2, 3, 4]
    assert p.versions.text(p.versions.list(rid)[0]["id"]) == text


def test_new_version_replaces_text_outline_and_index_in_place(report, tmp_path: Path):
    p, rid, text = report
    other = [r for r in p.reports.list() if r.id != rid][0]
    edited = text.replace("一、开展法治政府建设的主要举措和成效", "一、开展法治政府建设的主要举措和成效（修订）", 1)
    p.reports.import_files([_write(tmp_path, "v2.txt", edited)])
    info = p.reports.get(rid)
    assert info.chars == len(edited) and p.reports.text(rid) == edited
    assert any("（修订）" in s.title for s in p.reports.sections(rid))
    assert len(p.reports.list()) == 2 and p.reports.get(other.id).sha256 == other.sha256
    if p.search.has_index():
        assert [h.report_id for h in p.search.hits("主要举措和成效（修订）")] == [rid]
    # importing the old text again is a new version too (the user went back), not a duplicate
    again = p.reports.import_files([_write(tmp_path, "v1.txt", text)])
    assert len(again.updated) == 1 and p.reports.text(rid) == text


def test_same_title_but_different_text_is_a_separate_report(project: Project, tmp_path: Path):
    title = "某区人民政府2023年法治政府建设情况报告\n"
    a = _write(tmp_path, "a.txt", title + "一、工作成效\n全面推行行政执法三项制度，规范行政处罚裁量基准。\n")
    b = _write(tmp_path, "b.txt", title + "一、工作成效\n深化“放管服”改革，优化政务服务，提升营商环境便利度。\n")
    first = project.reports.import_files([a])
    second = project.reports.import_files([b])
    assert first.imported and second.imported and not second.updated
    assert len(project.reports.list()) == 2


# -- the core, in isolation -----------------------------------------------------------------

def test_offset_map_follows_unchanged_lines_and_characters():
    old = "甲行\n乙行内容\n丙行\n"
    new = "新增\n甲行\n乙行内容\n丙行改\n"
    m = OffsetMap(old, new)
    assert m.map(old.index("乙")) == (new.index("乙"), True)
    # inside a changed line the unchanged characters still map exactly, a replaced one does not
    assert m.map(old.index("丙")) == (new.index("丙"), True)
    old2, new2 = "第一行\n各街道举办讲座共十场\n", "第一行\n各街道举办培训共十场\n"
    m2 = OffsetMap(old2, new2)
    assert m2.map(old2.index("讲"))[1] is False and m2.map(old2.index("共")) == (new2.index("共"), True)
    # what a span became: a replaced edge is part of it, text inserted just outside is not
    s = old2.index("举办")
    assert m2.cover(s, old2.index("共")) == (new2.index("举办"), new2.index("共"))
    m3 = OffsetMap(old2, old2.replace("讲座", "讲座活动"))
    assert m3.cover(s, old2.index("共")) == (s, old2.index("共"))


def test_ambiguous_exact_duplicates_go_to_review():
    sentence = "加强行政执法监督，落实执法责任制。"
    old = "前言一段。\n" + sentence + "\n中间内容。\n"
    new = "前言改写了。\n其他" + sentence + "\n中间内容已删。\n另有" + sentence + "\n"
    start = old.index(sentence)
    span = OldSpan(start, start + len(sentence), sentence, old[max(0, start - 32):start],
                   old[start + len(sentence):start + len(sentence) + 32])
    placed = Reanchorer(old, new).place(span)
    assert placed.status == "review"
    assert new[placed.start:placed.end] == sentence


def test_quote_gone_everywhere_is_orphaned_with_valid_offsets():
    old = "第一句话。第二句话讲行政复议。第三句话。"
    new = "第一句话。第三句话。"
    start = old.index("第二句话")
    span = OldSpan(start, start + 10, old[start:start + 10], old[:start], old[start + 10:])
    placed = Reanchorer(old, new).place(span)
    assert placed.status == "orphaned" and 0 <= placed.start < placed.end <= len(new)


# -- command line ---------------------------------------------------------------------------

def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_cli_import_orphans_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "cli.lawgov")
    text = _seed(3)
    assert _run(capsys, "--db", db, "import", str(SEEDS[3]))[0] == 0
    keep = _sentence_at(text, 200)
    gone = _sentence_at(text, text.index("紧盯行政规范性文件"))
    target = [m.start() for m in re.finditer(BOILERPLATE, text)][5]
    ids = []
    for s, e in (keep, gone, (target, target + len(BOILERPLATE))):
        code, out, _ = _run(capsys, "--db", db, "annotate", "1", str(s), str(e), "执法")
        ids.append(int(out))
    s, e = _sentence_at(text, target)
    edited = (text[:s] + text[e:]).replace(text[gone[0]:gone[1]], "", 1)
    code, out, _ = _run(capsys, "--db", db, "import", str(_write(tmp_path, "新版 报告.txt", edited)), "--json")
    data = json.loads(out)
    assert code == 0 and data["imported"] == [] and len(data["updated"]) == 1
    counts = data["updated"][0]["reanchor"]["counts"]
    assert counts["kept"] == 1 and counts["orphaned"] >= 1 and counts["review"] + counts["orphaned"] == 2

    code, out, _ = _run(capsys, "--db", db, "orphans", "--json")
    listed = {o["id"]: o for o in json.loads(out)}
    assert set(listed) == {ids[1], ids[2]}
    assert listed[ids[1]]["status"] == "orphaned" and listed[ids[1]]["previous_quote"] == text[gone[0]:gone[1]]

    code, _, err = _run(capsys, "--db", db, "resolve", str(ids[1]), "--accept")
    assert code == 1 and "--place" in err
    code, _, err = _run(capsys, "--db", db, "resolve", str(ids[1]), "--place", "50", "10")
    assert code == 1 and "位置无效" in err
    code, out, _ = _run(capsys, "--db", db, "resolve", str(ids[1]), "--place", "10", "30")
    assert code == 0
    code, out, _ = _run(capsys, "--db", db, "resolve", str(ids[2]), "--delete")
    assert code == 0
    code, out, _ = _run(capsys, "--db", db, "orphans", "--json")
    assert json.loads(out) == []
    code, out, _ = _run(capsys, "--db", db, "annotations", "--json")
    assert {a["id"]: a["status"] for a in json.loads(out)} == {ids[0]: "ok", ids[1]: "ok"}


@pytest.mark.parametrize("seed_index", range(len(SEEDS)))
def test_random_edits_never_place_an_annotation_confidently_in_the_wrong_place(seed_index: int):
    """Seeded random editions: deleted, reworded and untouched sentences, text added here and there.

    Whatever is placed with confidence (kept/moved) must lie inside the new version of its own
    sentence; a deleted sentence's annotation must never be placed with confidence.
    """
    import random

    from lawgov_desktop.store.annotations import span_context

    text = _seed(seed_index)
    parts = re.findall(r"[^。\n]*[。\n]|[^。\n]+$", text)
    assert "".join(parts) == text
    wrong, confident = [], 0
    for trial in range(4):
        rng = random.Random(seed_index * 1000 + trial)
        fates, new_parts = [], []
        for part in parts:
            r = rng.random()
            if len(part) > 8 and r < 0.1:
                fates.append("delete")
                new_parts.append("")
            elif len(part) > 12 and r < 0.2:
                i = rng.randrange(2, len(part) - 4)
                fates.append("reword")
                new_parts.append(part[:i] + "进一步" + part[i + 2:])
            else:
                fates.append("keep")
                new_parts.append(part)
            if rng.random() < 0.05:
                new_parts[-1] += "新增加的一句话内容用于测试。"
        new = "".join(new_parts)
        old_at, new_at, o, n = [], [], 0, 0
        for part, new_part in zip(parts, new_parts, strict=True):
            old_at.append(o)
            new_at.append(n)
            o, n = o + len(part), n + len(new_part)
        anchorer = Reanchorer(text, new)
        for k, part in enumerate(parts):
            if len(part.strip()) < 6 or rng.random() < 0.5:
                continue
            if rng.random() < 0.5:
                s, e = old_at[k], old_at[k] + len(part.rstrip("\n"))
            else:
                size = rng.randrange(4, min(11, len(part)))
                s = old_at[k] + rng.randrange(0, len(part) - size)
                e = s + size
            prefix, quote, suffix = span_context(text, s, e)
            placed = anchorer.place(OldSpan(s, e, quote, prefix, suffix))
            if not placed.confident:
                continue
            confident += 1
            inside = new_at[k] <= placed.start and placed.end <= new_at[k] + len(new_parts[k])
            if fates[k] == "delete" or not inside:
                wrong.append((fates[k], quote, new[placed.start:placed.end]))
    assert confident > 50 and wrong == []
