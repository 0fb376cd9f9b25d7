"""The `lawgov` command line: each foundation command, in-process and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_desktop.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_outline_json_matches_shape(capsys, seed_files):
    code, out, _ = run(capsys, "outline", str(seed_files[0]), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "天津市红桥区人民政府2022年法治政府建设工作情况报告"
    assert data["year"] == 2022 and data["issuer"] == "红桥区人民政府" and data["region"] == "红桥区"
    first = data["sections"][0]
    assert set(first) >= {"depth", "label", "title", "start", "end"}
    assert first["depth"] == 1 and first["label"] == "一、" and first["title"] == "推进法治政府建设情况"
    text = seed_files[0].read_text(encoding="utf-8")
    for s in data["sections"]:
        assert text[s["start"]:].startswith(s["label"] + s["title"][:4]) or not s["label"]
        assert s["start"] < s["end"] <= len(text)


def test_outline_refuses_binary_file(capsys, tmp_path):
    bad = tmp_path / "坏 文件.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, "outline", str(bad), "--json")
    assert code == 1 and "坏 文件.txt" in err


def test_import_reports_annotate_annotations(capsys, tmp_path, seed_files):
    db = str(tmp_path / "cli.lawgov")
    code, out, _ = run(capsys, "--db", db, "import", *map(str, seed_files), "--json")
    assert code == 0 and len(json.loads(out)["imported"]) == 5

    code, out, _ = run(capsys, "--db", db, "import", str(seed_files[0]))
    assert code == 0 and "已存在  #" in out

    code, out, _ = run(capsys, "--db", db, "reports", "--json")
    reports = json.loads(out)
    assert len(reports) == 5
    assert set(reports[0]) >= {"id", "title", "year", "issuer", "region", "chars", "sections"}
    hongqiao = next(r for r in reports if r["region"] == "红桥区")

    text = seed_files[0].read_text(encoding="utf-8")
    start = text.index("深化行政执法规范化建设")
    end = start + len("深化行政执法规范化建设")
    code, out, _ = run(capsys, "--db", db, "annotate", str(hongqiao["id"]), str(start), str(end), "执法",
                       "--note", "示例", "--annotator", "张𠮷")
    assert code == 0
    aid = int(out.strip())

    code, out, _ = run(capsys, "--db", db, "annotations", "--json")
    anns = json.loads(out)
    assert [a["id"] for a in anns] == [aid]
    a = anns[0]
    assert a["quote"] == "深化行政执法规范化建设" and a["categories"] == ["执法"]
    assert a["section_path"] == "一、推进法治政府建设情况 > （五）深化行政执法规范化建设"
    assert a["note"] == "示例" and a["annotator"] == "张𠮷"


@pytest.mark.parametrize("span", [("-1", "4"), ("10", "5"), ("0", "99999999")])
def test_annotate_refuses_bad_offsets(capsys, tmp_path, seed_files, span):
    db = str(tmp_path / "cli.lawgov")
    run(capsys, "--db", db, "import", str(seed_files[0]))
    code, out, err = run(capsys, "--db", db, "annotate", "1", *span, "执法")
    assert code == 1 and "位置无效" in err and out == ""


def test_annotate_refuses_unknown_category_and_report(capsys, tmp_path, seed_files):
    db = str(tmp_path / "cli.lawgov")
    run(capsys, "--db", db, "import", str(seed_files[0]))
    code, _, err = run(capsys, "--db", db, "annotate", "1", "0", "5", "无此类别")
    assert code == 1 and "执法" in err  # lists the known categories
    code, _, err = run(capsys, "--db", db, "annotate", "99", "0", "5", "执法")
    assert code == 1 and "99" in err


def test_import_with_refused_file_exits_nonzero(capsys, tmp_path, seed_files):
    db = str(tmp_path / "cli.lawgov")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "--db", db, "import", str(seed_files[1]), str(bad))
    assert code == 1 and "empty.txt" in err and "导入  #" in out


def test_lawgov_db_environment_variable(capsys, tmp_path, seed_files, monkeypatch):
    db = tmp_path / "env.lawgov"
    monkeypatch.setenv("LAWGOV_DB", str(db))
    run(capsys, "import", str(seed_files[2]))
    assert db.exists()
    code, out, _ = run(capsys, "reports", "--json")
    assert len(json.loads(out)) == 1


def test_default_project_is_seeded_on_first_run(capsys):
    code, out, _ = run(capsys, "reports", "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_console_script_runs_as_a_process(tmp_path, seed_files):
    """The installed entry point works end to end (UTF-8 output, exit status)."""
    env = {**os.environ, "LAWGOV_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "outline", str(seed_files[3]), "--json"],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["title"] == "区政务服务办公室2022年法治政府建设年度报告"
    assert data["region"] == "东丽区"


def test_every_command_is_documented_in_readme():
    from lawgov_desktop.cli import build_parser

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"lawgov [--db PATH] {name}" in readme or f"lawgov {name}" in readme, name


def test_output_piped_into_a_closed_reader_ends_quietly(tmp_path, seed_files):
    """`lawgov search 法 --json | head -1` must end quietly, not with a BrokenPipe traceback."""
    env = {**os.environ, "LAWGOV_HOME": str(tmp_path / "home")}
    db = str(tmp_path / "pipe.lawgov")
    subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "--db", db, "import", *map(str, seed_files)],
                   capture_output=True, env=env, timeout=60, check=True)
    # ~600 hits with context (~150 KB): more than a pipe buffer holds, so the writer is still
    # writing when the reader goes away
    proc = subprocess.Popen([sys.executable, "-m", "lawgov_desktop.cli", "--db", db, "search", "法", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout.readline()  # read one line, then go away like `head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode("utf-8", "replace")
    assert proc.returncode == 141
