"""Radical look-alikes folded in every reader and counted; legacy .doc/.wps refused with advice."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import pytest

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers import read_report
from lawgov_desktop.core.readers.radicals import SUPPLEMENT, fold_radicals

LOOKALIKE = "⼀、⼈⺠群众⻅⾯会\n（⼀）⻓期坚持⺠主决策。\n"
PLAIN = "一、人民群众见面会\n（一）长期坚持民主决策。\n"


def test_table_covers_both_blocks_one_code_point_for_one() -> None:
    text, n = fold_radicals(LOOKALIKE)
    assert (text, n) == (PLAIN, 8)
    assert fold_radicals(PLAIN) == (PLAIN, 0)
    # every assigned character of the supplement but ⺀ (which stands for no character) is mapped
    assigned = [cp for cp in range(0x2E80, 0x2F00) if unicodedata.category(chr(cp)) != "Cn"]
    assert sorted(SUPPLEMENT) == [cp for cp in assigned if cp != 0x2E80]
    for cp, target in SUPPLEMENT.items():
        # a unified ideograph: the main block, extension A, or B and after (names of the newest
        # ones are unknown to older Pythons' Unicode data, so the ranges are checked)
        assert 0x4E00 <= target <= 0x9FFF or 0x3400 <= target <= 0x4DBF or 0x20000 <= target <= 0x3134F, hex(cp)
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        assert nfkc == chr(cp) or nfkc == chr(target)  # agrees with NFKC where NFKC says anything
    assert fold_radicals("⺠⻅⻓⺟⻳⺮")[0] == "民见长母龟𥫗"
    # the Kangxi block entirely, by NFKC
    kangxi = "".join(chr(cp) for cp in range(0x2F00, 0x2FD6))
    folded, count = fold_radicals(kangxi)
    assert count == 214 and folded == unicodedata.normalize("NFKC", kangxi)
    # full-width and half-width forms are left as written
    assert fold_radicals("（一）(1)１．Ａ")[1] == 0


@pytest.mark.parametrize("kind", ["txt", "docx", "html"])
def test_every_reader_folds_and_counts(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"r.{kind}"
    if kind == "txt":
        path.write_text(LOOKALIKE, encoding="utf-8")
    elif kind == "docx":
        document = docx.Document()
        for line in LOOKALIKE.strip().split("\n"):
            document.add_paragraph(line)
        document.save(path)
    else:
        body = "".join(f"<p>{line}</p>" for line in LOOKALIKE.strip().split("\n"))
        path.write_text(f"<html><body><div class='TRS_Editor'>{body}</div></body></html>", encoding="utf-8")
    read = read_report(path)
    assert read.text.strip() == PLAIN.strip()
    assert read.look_alikes == 8


def test_cli_import_says_how_many_were_replaced(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("某区2023年法治政府建设情况报告\n" + LOOKALIKE, encoding="utf-8")
    db = str(tmp_path / "p.lawgov")
    run = [sys.executable, "-m", "lawgov_desktop.cli", "--db", db, "import"]
    plain = subprocess.run([*run, str(report)], capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0, plain.stderr
    assert "8 个部首字形" in plain.stdout and "已改为通用汉字" in plain.stdout
    report.write_text("某区2024年法治政府建设情况报告\n" + LOOKALIKE, encoding="utf-8")
    as_json = subprocess.run([*run, "--json", str(report)], capture_output=True, text=True, timeout=120)
    assert json.loads(as_json.stdout)["look_alikes"] == [{"path": str(report), "replaced": 8}]


@pytest.mark.parametrize("ext", [".doc", ".wps"])
def test_legacy_word_refused_with_how_to_convert(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"报告{ext}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(ReportReadError) as info:
        read_report(path)
    assert "请在 Word/WPS 中另存为 .docx 后再导入" in info.value.reason


def test_a_doc_that_is_really_a_web_page_is_read(tmp_path: Path) -> None:
    """Government sites often serve a saved web page as 'xxx.doc' for Word to open."""
    path = tmp_path / "报告.doc"
    path.write_text("<html><head><meta charset='utf-8'></head><body><p>某区2023年法治政府建设情况报告</p>"
                    "<p>一、主要举措</p></body></html>", encoding="utf-8")
    read = read_report(path)
    assert (read.text, read.source_format) == ("某区2023年法治政府建设情况报告\n一、主要举措", "html")


def test_folders_list_doc_files_as_refused_not_silently_skipped(tmp_path: Path) -> None:
    from lawgov_desktop.store.project import Project

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("某区2023年法治政府建设情况报告\n正文。", encoding="utf-8")
    (tmp_path / "in" / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with Project(tmp_path / "p.lawgov") as project:
        summary = project.reports.import_files([tmp_path / "in"])
    assert len(summary.imported) == 1
    assert [Path(p).name for p, _why in summary.refused] == ["b.doc"]
    assert "另存为 .docx" in summary.refused[0][1]


def test_pasted_html_is_preferred_unless_it_lost_most_of_the_text() -> None:
    from lawgov_desktop.core.readers import read_pasted
    from lawgov_desktop.core.readers.html import read_html

    page = ("<html><body><div class='nav'><a>首页</a> <a>政务</a> <a>互动</a></div><div class='TRS_Editor'>"
            "<p>某区2023年法治政府建设情况报告</p><p>一、主要举措</p></div></body></html>")
    plain = "首页 政务 互动\n某区2023年法治政府建设情况报告\n一、主要举措"
    read = read_pasted(plain, page)
    assert (read.text, read.source_format) == ("某区2023年法治政府建设情况报告\n一、主要举措", "html")
    # a selection of list items the article rules would drop as a link list: the text is kept
    links = ("<html><body><div><p>说明</p><ul>" + "".join(f"<li><a href='/{i}'>第{i}条 行政执法规定</a></li>"
                                                       for i in range(9)) + "</ul></div></body></html>")
    listed = "说明\n" + "\n".join(f"第{i}条 行政执法规定" for i in range(9))
    assert read_html("x", links.encode())[0] == "说明"  # what the page rules keep of it
    assert read_pasted(listed, links).text == listed
    with pytest.raises(ReportReadError, match="没有文字"):
        read_pasted("  ", None)
