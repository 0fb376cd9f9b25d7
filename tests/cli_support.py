"""What the command-line tests share: the seed files and one call of ``lawgov`` in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``lawgov ARGV``; a traceback on either fails the test."""
    code = cli(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
