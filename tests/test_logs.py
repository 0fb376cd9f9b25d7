"""The log files: where they are, that they rotate, and that no report text gets into them."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

from lawgov_desktop import logs
from lawgov_desktop.cli import main


@pytest.fixture(autouse=True)
def _close_log_file():
    yield
    logs.stop_logging()


def _long_runs(text: str, n: int = 8) -> set[str]:
    """Every run of ``n`` Chinese characters in ``text`` (what a leaked quote would contain)."""
    runs: set[str] = set()
    for block in re.findall(r"[\u4e00-\u9fff]{" + str(n) + ",}", text):
        runs.update(block[i:i + n] for i in range(len(block) - n + 1))
    return runs


def test_log_folder_follows_lawgov_home(offline_and_isolated: Path):
    assert logs.log_dir() == offline_and_isolated / "logs"
    assert logs.setup_logging("lawgov") == offline_and_isolated / "logs" / "lawgov.log"


def test_cli_logs_commands_and_counts_but_no_report_text(capsys, tmp_path, seed_files, offline_and_isolated):
    db = str(tmp_path / "log.lawgov")
    assert main(["--db", db, "import", *map(str, seed_files)]) == 0
    text = seed_files[0].read_text(encoding="utf-8")
    start = text.index("深化行政执法规范化建设")
    quote = text[start:start + 40]
    assert main(["--db", db, "annotate", "1", str(start), str(start + 40), "执法",
                 "--note", "备注里的文字也不记录"]) == 0
    assert main(["--db", db, "search", quote[:12]]) == 0
    out = tmp_path / "out.csv"
    assert main(["--db", db, "export", "--format", "csv", "-o", str(out)]) == 0
    assert main(["--db", db, "annotate", "1", "0", "999999999", "执法"]) == 1  # refused: a short warning line
    capsys.readouterr()
    log_text = (offline_and_isolated / "logs" / "lawgov.log").read_text(encoding="utf-8")
    assert "lawgov 0.1.0" in log_text and ": import" in log_text and ": export" in log_text
    assert "import: 5 file(s), 5 new" in log_text
    assert "export csv: 1 excerpt(s)" in log_text
    assert "lawgov annotate failed: OffsetsInvalid" in log_text
    seeds = set().union(*(_long_runs(p.read_text(encoding="utf-8")) for p in seed_files))
    assert not _long_runs(log_text) & seeds, "report text in the log"
    assert "备注里的文字" not in log_text and quote[:12] not in log_text


def test_unexpected_cli_error_is_logged_with_its_message_cut_short(monkeypatch, offline_and_isolated):
    from lawgov_desktop.commands import library

    secret = "报告原文" * 100

    def boom(args):
        raise RuntimeError(secret)

    monkeypatch.setattr(library, "cmd_reports", boom)  # a bug in a command
    with pytest.raises(RuntimeError):
        main(["reports"])
    log_text = (offline_and_isolated / "logs" / "lawgov.log").read_text(encoding="utf-8")
    assert "lawgov reports: unexpected error" in log_text and "Traceback (most recent call last)" in log_text
    assert "in boom" in log_text and "RuntimeError: 报告原文" in log_text
    assert secret not in log_text and len(log_text) < 3000


def test_format_exception_keeps_the_chain_and_shortens_every_message():
    def inner():
        raise KeyError("甲" * 500)

    try:
        try:
            inner()
        except KeyError as exc:
            raise ValueError("乙" * 500) from exc
    except ValueError:
        text = logs.format_exception(*sys.exc_info())
    assert text.index("KeyError") < text.index("direct cause") < text.index("ValueError")
    assert "in inner" in text
    assert "甲" * (logs.MESSAGE_LIMIT + 1) not in text and "乙" * (logs.MESSAGE_LIMIT + 1) not in text
    assert logs.describe(OSError("x\n" * 3)) == "OSError: x x x"


def test_log_rotates(monkeypatch, offline_and_isolated):
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging("lawgov-desktop")
    for i in range(200):
        logging.getLogger("lawgov_desktop.test").info("line %d of a rotating log", i)
    assert path is not None and path.exists()
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert "lawgov-desktop.log.1" in rotated and f"lawgov-desktop.log.{logs.BACKUP_COUNT + 1}" not in rotated
    assert all(p.stat().st_size <= 2_200 for p in path.parent.iterdir())


def test_unwritable_log_folder_never_stops_the_command(capsys, offline_and_isolated, tmp_path, seed_files):
    (offline_and_isolated / "logs").write_text("a file where the folder should be")
    assert logs.setup_logging("lawgov") is None
    assert main(["--db", str(tmp_path / "x.lawgov"), "import", str(seed_files[0])]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_records_logged_before_the_file_is_opened_are_written_first_in_order(offline_and_isolated):
    logs.hold_records()
    early = logging.getLogger("lawgov_desktop.test")
    early.info("first, before the file")
    early.debug("below the level: never written")
    early.warning("second, before the file")
    assert not (offline_and_isolated / "logs").exists()  # nothing opened yet
    path = logs.setup_logging("lawgov-desktop")
    early.info("third, after")
    assert path is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [ln.split(": ", 1)[1] for ln in lines] == ["first, before the file", "second, before the file", "third, after"]
    assert logs.setup_logging("lawgov-desktop") == path  # again: nothing held is written twice
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3


def test_held_records_are_bounded(monkeypatch, offline_and_isolated):
    monkeypatch.setattr(logs, "HELD_LIMIT", 5)
    logs.hold_records()
    for i in range(20):
        logging.getLogger("lawgov_desktop.test").info("held %d", i)
    path = logs.setup_logging("lawgov")
    assert path is not None
    assert len(path.read_text(encoding="utf-8").splitlines()) == 5
