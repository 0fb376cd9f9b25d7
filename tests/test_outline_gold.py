"""The outline parser against the hand-made gold outlines of the seed reports.

Matching rule (tests/gold/README.md): a parsed section matches a gold heading when the
depths are equal and the titles agree on their first eight characters once full-/half-width
punctuation and spaces are normalised.  Every non-optional gold heading must be found, in
order; every parsed section must match a gold heading (optional ones included).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.outline import parse_outline

from .conftest import GOLD, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def read_seed(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def norm(title: str) -> str:
    """Full-width → half-width (NFKC) and no spaces: the README's comparison form."""
    return "".join(unicodedata.normalize("NFKC", title).split())


def matches(section: Section, gold: dict) -> bool:
    return section.depth == gold["depth"] and norm(section.title)[:8] == norm(gold["title"])[:8]


def align(parsed: list[Section], gold: list[dict]) -> list[tuple[Section, dict]]:
    """Pair parsed sections with gold headings in order; fail on a miss or an extra."""
    pairs: list[tuple[Section, dict]] = []
    g = 0
    for s in parsed:
        j = g
        while j < len(gold) and not matches(s, gold[j]):
            assert gold[j]["optional"], (
                f"gold heading line {gold[j]['line']} {gold[j]['label']}{gold[j]['title']!r} missed; "
                f"parser gave line {s.line} depth {s.depth} {s.label}{s.title!r} instead"
            )
            j += 1
        assert j < len(gold), f"extra section: line {s.line} depth {s.depth} {s.label}{s.title!r}"
        pairs.append((s, gold[j]))
        g = j + 1
    missing = [h for h in gold[g:] if not h["optional"]]
    assert not missing, f"gold headings missed at the end: {missing}"
    return pairs


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_outline_matches_gold(seed: Path) -> None:
    gold = json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))
    parsed = parse_outline(read_seed(seed))
    pairs = align(parsed, gold["sections"])
    for s, h in pairs:
        assert s.line == h["line"], (s, h)
        assert s.label == h["label"], (s, h)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_outline_spans_are_consistent(seed: Path) -> None:
    text = read_seed(seed)
    sections = parse_outline(text)
    assert sections
    lines = text.split("\n")
    for i, s in enumerate(sections):
        assert text[s.start :].startswith(s.label)
        assert s.title and s.title in text[s.start : s.title_end]
        assert text[s.start : s.title_end] in lines[s.line - 1]
        assert s.start < s.title_end <= s.end <= len(text)
        later = [t.start for t in sections[i + 1 :] if t.depth <= s.depth]
        assert s.end == (later[0] if later else len(text))
        if s.parent is None:
            assert s.depth == 1
        else:
            p = sections[s.parent]
            assert p.depth == s.depth - 1 and p.start < s.start and p.end >= s.end


def test_gold_files_cover_every_seed() -> None:
    assert [p.stem for p in SEED_FILES] == sorted(p.stem for p in GOLD.glob("*.json"))
