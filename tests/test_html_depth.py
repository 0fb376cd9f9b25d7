"""No depth of HTML nesting reaches Python's recursion limit; an empty body is no report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers import read_report
from lawgov_desktop.store.project import Project

BODY = "一、深层嵌套的正文。全年办理行政复议案件38件。"


def nested(tag: str, depth: int) -> str:
    close = "</td></tr></table>" if tag == "table" else f"</{tag}>"
    opening = "<table><tr><td>" if tag == "table" else f"<{tag}>"
    return f"<html><head><title>某区报告</title></head><body>{opening * depth}{BODY}{close * depth}</body></html>"


@pytest.mark.parametrize(("tag", "depth"), [("div", 1900), ("span", 1900), ("table", 600), ("blockquote", 1500)])
def test_deep_pages_within_the_parser_limit_import(tmp_path: Path, tag: str, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested(tag, depth), encoding="utf-8")
    assert BODY in read_report(path).text  # deeper than Python's recursion limit of 1,000


@pytest.mark.parametrize(("tag", "depth"), [("div", 5000), ("table", 5000), ("i", 100_000)])
def test_deeper_pages_are_refused_with_the_reason(tmp_path: Path, tag: str, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested(tag, depth), encoding="utf-8")
    with pytest.raises(ReportReadError, match="嵌套超过 2048 层"):
        read_report(path)


def test_one_deep_page_does_not_stop_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("河东区2023年法治政府建设情况报告\n正文。", encoding="utf-8")
    (folder / "m.html").write_text(nested("div", 5000), encoding="utf-8")
    (folder / "z.txt").write_text("河北区2023年法治政府建设情况报告\n正文。", encoding="utf-8")
    with Project(tmp_path / "p.lawgov") as project:
        summary = project.reports.import_files([folder])
    assert [Path(p).name for p, _rid in summary.imported] == ["a.txt", "z.txt"]
    assert [Path(p).name for p, _why in summary.refused] == ["m.html"]


def test_outline_of_the_deep_page_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested("div", 5000), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "outline", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "嵌套超过 2048 层" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("page", [
    "<html><head><title>某区2023年法治政府建设情况报告</title></head><body></body></html>",
    "<html><head><title>x</title></head><body><div class='TRS_Editor'> </div></body></html>",
])
def test_a_page_with_an_empty_body_is_refused_not_stored_as_its_title(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(ReportReadError, match="empty"):
        read_report(path)
