"""The outline parser against the gold outlines of reports written in styles the seed reports
do not use (tests/gold_unseen/README.md): every heading found at its depth, with its line and
label as written, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.core.outline import parse_outline

from .outline_eval import UNSEEN, read_text, score
from .test_outline_gold import align
from .test_outline_rules import check_consistent

GOLD_FILES = sorted(UNSEEN.glob("*.json"))


def test_there_are_at_least_five_styles() -> None:
    assert len(GOLD_FILES) >= 5
    for path in GOLD_FILES:
        assert (UNSEEN / json.loads(path.read_text(encoding="utf-8"))["file"]).exists()


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_unseen_outline_matches_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = read_text(UNSEEN / gold["file"])
    parsed = parse_outline(text)
    for s, h in align(parsed, gold["sections"]):
        assert (s.line, s.label) == (h["line"], h["label"]), (s, h)
    result = score(gold_path.stem, parsed, gold["sections"])
    assert result.recall == 1.0 and result.precision == 1.0
    check_consistent(text, parsed)
