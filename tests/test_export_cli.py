"""``lawgov export``: formats, filters, overwrite protection, empty selections, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.export import FORMATS
from tests.export_support import build_project


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project, _ids = build_project(tmp_path / "cli.lawgov", monkeypatch)
    project.close()
    return tmp_path / "cli.lawgov"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_from_the_command_line(db: Path, tmp_path: Path, capsys, fmt: str):
    out = tmp_path / f"x{FORMATS[fmt].suffix}"
    assert main(["--db", str(db), "export", "--format", fmt, "-o", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["count"] == 6 and not summary["empty"]
    for p in summary["paths"]:
        assert Path(p).stat().st_size > 0


def test_refuses_to_overwrite_without_force(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "x.csv"
    out.write_text("mine", encoding="utf-8")
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "mine"
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(out), "--force"]) == 0
    assert "→" in capsys.readouterr().out


def test_filters_and_empty_selection(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "f.jsonl"
    args = ["--db", str(db), "export", "-f", "jsonl", "--per-excerpt", "-o", str(out),
            "--category", "执法", "--category", "复议", "--report", "1", "--annotator", "王五",
            "--since", "2024-03-01", "--until", "2024-03-02"]
    assert main(args) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [2]
    capsys.readouterr()
    empty = tmp_path / "e.csv"
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(empty), "--since", "2030-01-01"]) == 0
    assert "没有符合条件的标注" in capsys.readouterr().err
    assert empty.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bio_policies_and_qdpx_newlines(db: Path, tmp_path: Path, capsys):
    assert main(["--db", str(db), "export", "-f", "bio", "-o", str(tmp_path / "t.bio")]) == 0
    assert sorted(p.name for p in tmp_path.glob("t-*.bio")) == ["t-复议.bio", "t-执法.bio", "t-营商环境.bio"]
    assert main(["--db", str(db), "export", "-f", "bio", "--bio-policy", "longest", "-o", str(tmp_path / "l.bio")]) == 0
    assert "个重叠片段未写入 BIO 文件" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "-f", "qdpx", "--qdpx-newlines", "crlf", "-o", str(tmp_path / "p.qdpx")]) == 0


@pytest.mark.parametrize(("extra", "message"), [
    (["--category", "不存在"], "未知类别"),
    (["--report", "99"], "未知报告"),
    (["--since", "3月1日"], "日期格式无效"),
])
def test_bad_filters_are_errors(db: Path, tmp_path: Path, capsys, extra: list[str], message: str):
    out = tmp_path / "x.csv"
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(out), *extra]) == 1
    assert message in capsys.readouterr().err and not out.exists()


def test_missing_output_folder(db: Path, tmp_path: Path, capsys):
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path / "no" / "x.csv")]) == 1
    assert "目标文件夹不存在" in capsys.readouterr().err
