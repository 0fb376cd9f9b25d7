"""The outline parser against the gold outlines of reports written in styles the seed reports
do not use (tests/gold_unseen/README.md): every heading found at its depth, with its line and
label as written, and nothing else."""

from __future__ import annotations

import json
import re
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


# Every gold report rewritten with its labels in another form must keep its outline.
LABEL_FORMS = {
    "half-width": [(r"^(\s*)（([一二三四五六七八九十]+)）", r"\1(\2)"), (r"^(\s*)([一二三四五六七八九十]+)、", r"\1\2."),
                   (r"^(\s*)(\d+)\.", r"\1\2．"), (r"^(\s*)（(\d+)）", r"\1(\2)")],
    "space after the label": [(r"^(\s*)(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.|[一二三四五六七八九十]是)",
                               "\\1\\2 ")],
    "1、 and 一 、": [(r"^(\s*)(\d+)\.", r"\1\2、"), (r"^(\s*)([一二三四五六七八九十]+)、", r"\1\2 、")],
    "ideographic spaces": [(r"^(\s*)(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)", "\u3000\u3000\\2\u3000")],
}


@pytest.mark.parametrize("form", LABEL_FORMS)
def test_label_forms_do_not_change_the_outline(form: str) -> None:
    from .conftest import GOLD, SEEDS

    golds = [(p, SEEDS) for p in sorted(GOLD.glob("*.json"))] + [(p, UNSEEN) for p in GOLD_FILES]
    changed = 0
    for gold_path, folder in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = read_text(folder / gold["file"])
        lines = text.split("\n")
        for pattern, repl in LABEL_FORMS[form]:
            lines = [re.sub(pattern, repl, line) for line in lines]
        rewritten = "\n".join(lines)
        changed += rewritten != text
        parsed = parse_outline(rewritten)
        result = score(gold_path.stem, parsed, gold["sections"])
        assert (result.recall, result.precision) == (1.0, 1.0), (form, result)
        check_consistent(rewritten, parsed)
    assert changed >= 10  # the rewrite really touched the reports
