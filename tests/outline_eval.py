"""Recall and precision of the outline parser against hand-made gold outlines.

Matching rule of tests/gold/README.md: a parsed section matches a gold heading when the depths
are equal and the titles agree on their first eight characters once full-/half-width
punctuation and spaces are normalised.  Sections and gold headings are paired in document
order (a longest common subsequence under that rule), so a heading found at the wrong depth
counts as both a miss and an extra.

* recall: paired non-optional gold headings / non-optional gold headings;
* precision: paired sections (optional gold headings included) / parsed sections.

``python -m tests.outline_eval [FOLDER …]`` prints the table for folders of ``NAME.txt`` +
``NAME.json`` (default: tests/gold_unseen) and for the seed reports against tests/gold.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.outline import parse_outline

HERE = Path(__file__).resolve().parent
UNSEEN = HERE / "gold_unseen"


def norm(title: str) -> str:
    """Full-width → half-width (NFKC) and no spaces: the README's comparison form."""
    return "".join(unicodedata.normalize("NFKC", title).split())


def matches(section: Section, gold: dict) -> bool:
    return section.depth == gold["depth"] and norm(section.title)[:8] == norm(gold["title"])[:8]


def read_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Score:
    name: str
    required: int  # non-optional gold headings
    found: int  # of those, paired with a parsed section
    parsed: int
    correct: int  # parsed sections paired with any gold heading

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.parsed if self.parsed else 1.0


def score(name: str, parsed: list[Section], gold: list[dict]) -> Score:
    n, m = len(parsed), len(gold)
    # LCS weighted so that pairing a non-optional heading is preferred to an optional one
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            b = max(best[i + 1][j], best[i][j + 1])
            if matches(parsed[i], gold[j]):
                b = max(b, best[i + 1][j + 1] + (2 if not gold[j]["optional"] else 1))
            best[i][j] = b
    i = j = found = correct = 0
    while i < n and j < m:
        w = 2 if not gold[j]["optional"] else 1
        if matches(parsed[i], gold[j]) and best[i][j] == best[i + 1][j + 1] + w:
            correct += 1
            found += 0 if gold[j]["optional"] else 1
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    required = sum(1 for h in gold if not h["optional"])
    return Score(name, required, found, n, correct)


def score_folder(texts: Path, golds: Path) -> list[Score]:
    out = []
    for gold_path in sorted(golds.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = read_text(texts / gold["file"])
        out.append(score(gold_path.stem, parse_outline(text), gold["sections"]))
    return out


def table(scores: list[Score]) -> str:
    rows = [f"{'report':34} {'recall':>12} {'precision':>12}"]
    for s in scores:
        rows.append(f"{s.name:34} {s.found:>3}/{s.required:<3} {s.recall:5.0%} {s.correct:>3}/{s.parsed:<3} {s.precision:5.0%}")
    req, fnd = sum(s.required for s in scores), sum(s.found for s in scores)
    par, cor = sum(s.parsed for s in scores), sum(s.correct for s in scores)
    rows.append(f"{'all':34} {fnd:>3}/{req:<3} {fnd / req:5.0%} {cor:>3}/{par:<3} {cor / par if par else 1:5.0%}")
    return "\n".join(rows)


if __name__ == "__main__":
    folders = [Path(a) for a in sys.argv[1:]] or [UNSEEN]
    for folder in folders:
        print(f"## {folder}")
        print(table(score_folder(folder, folder)))
    print("## seeds (tests/gold)")
    print(table(score_folder(HERE.parent / "seeds", HERE / "gold")))
