"""``lawgov undo``, ``redo`` and ``history`` over the project's own history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.store.project import Project


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, seed_files) -> Path:  # noqa: ANN001
    path = tmp_path / "cli.lawgov"
    with Project(path) as p:
        p.reports.import_files(seed_files[:2])
    return path


def test_undo_redo_and_history_of_a_cli_annotation(db: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LAWGOV_LANG", "zh_CN")
    code, out, _ = run(capsys, "--db", str(db), "annotate", "1", "3", "9", "执法", "--note", "甲")
    aid = int(out)
    code, out, _ = run(capsys, "--db", str(db), "history", "--json")
    steps = json.loads(out)
    assert code == 0 and steps[0]["op"] == "add-annotation" and steps[0]["done"] is True
    code, out, _ = run(capsys, "--db", str(db), "undo")
    assert code == 0 and out.strip() == "已撤销：标注 1 处"
    with Project(db) as p:
        assert aid not in {a.id for a in p.annotations.list()}
    code, out, _ = run(capsys, "--db", str(db), "history")
    assert "已撤销\t标注 1 处" in out
    monkeypatch.setenv("LAWGOV_LANG", "en")
    code, out, _ = run(capsys, "--db", str(db), "redo")
    assert code == 0 and out.strip() == "redone: tag 1 span"
    with Project(db) as p:
        assert p.annotations.get(aid).note == "甲"


def test_nothing_to_undo_is_an_error_with_the_reason(db: Path, capsys) -> None:  # noqa: ANN001
    code, out, err = run(capsys, "--db", str(db), "undo")  # the import is the one step
    assert code == 0 and out.strip() == "已撤销：导入 2 份报告"
    code, out, err = run(capsys, "--db", str(db), "undo")
    assert code == 1 and "没有可以撤销的操作" in err and out == ""
    code, out, err = run(capsys, "--db", str(db), "redo")
    assert code == 0 and out.strip() == "已重做：导入 2 份报告"
    code, out, err = run(capsys, "--db", str(db), "redo")
    assert code == 1 and "没有可以重做的操作" in err
