"""Tag suggestions: keyword rules, verdicts, the learned ranker, and its held-out quality.

``tests/data/seed_labels.jsonl`` labels every sentence of the five seed reports (by reading
them) with the default categories it is about; the learned ranker must do at least as well
as the keyword rules on sentences of a report it was not trained on.
"""

from __future__ import annotations

import io
import json
import random
from array import array
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.core.document import innermost_section
from lawgov_desktop.core.ranker import LogisticRanker
from lawgov_desktop.core.report import parse_report_file
from lawgov_desktop.core.segment import get_segmenter
from lawgov_desktop.core.selection import sentence_spans
from lawgov_desktop.core.suggest import (
    MIN_CONFIRMED,
    CategoryModel,
    SentenceItem,
    SuggestionsCancelled,
    _innermost_sections,
    evaluate,
    keyword_score,
    label_items,
    sentence_items,
    suggest,
    training_order,
)
from lawgov_desktop.store import suggestions as store_suggestions
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import DEFAULT_CATEGORIES

LABELS = Path(__file__).resolve().parent / "data" / "seed_labels.jsonl"
ENFORCE, REVIEW, BUSINESS = 1, 2, 3  # ids of 执法, 复议, 营商环境 in a new project


def load_labelled(seed_files: list[Path]) -> tuple[list[SentenceItem], list[list[str]]]:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_pos = {(r["seed"], r["start"]): r for r in rows}
    seg = get_segmenter()
    items: list[SentenceItem] = []
    labels: list[list[str]] = []
    for rid, path in enumerate(seed_files, 1):
        parsed = parse_report_file(path)
        for it in sentence_items(rid, parsed.text, parsed.sections, seg.tokens(parsed.text)):
            row = by_pos[(path.name, it.start)]
            assert (row["end"], row["text"]) == (it.end, it.text), "labels out of step with the sentence splitter"
            items.append(it)
            labels.append(row["labels"])
    assert len(items) == len(rows)
    return items, labels


def test_learned_ranker_beats_keyword_rules_on_held_out_reports(seed_files: list[Path]):
    items, labels = load_labelled(seed_files)
    f1 = {"learned": [], "keywords": []}
    for name, _color, _key, keywords in DEFAULT_CATEGORIES:
        y = [1 if name in lab else 0 for lab in labels]
        assert sum(y) >= 20, f"too few labelled sentences for {name}"
        ev = evaluate(items, y, keywords)
        assert ev.scheme == "leave-one-report-out (5 reports)"
        print(f"{name}: learned P={ev.learned.precision:.2f} R={ev.learned.recall:.2f} F1={ev.learned.f1:.2f} "
              f"AP={ev.learned.average_precision:.2f} | keywords P={ev.keywords.precision:.2f} "
              f"R={ev.keywords.recall:.2f} F1={ev.keywords.f1:.2f} AP={ev.keywords.average_precision:.2f}")
        assert ev.learned.average_precision >= ev.keywords.average_precision
        f1["learned"].append(ev.learned.f1)
        f1["keywords"].append(ev.keywords.f1)
    assert sum(f1["learned"]) / 3 >= sum(f1["keywords"]) / 3


def test_label_items_and_keyword_scores():
    items = [SentenceItem(1, 0, 10, "x" * 10), SentenceItem(1, 10, 30, "y" * 20), SentenceItem(2, 0, 10, "z" * 10)]
    # a phrase inside a sentence, a passage over two sentences, a passage grazing a sentence's end
    assert label_items(items, [(1, 2, 5)]) == [1, 0, 0]
    assert label_items(items, [(1, 0, 30)]) == [1, 1, 0]
    assert label_items(items, [(1, 8, 25)]) == [0, 1, 0]
    assert keyword_score([]) == 0.0
    assert 0 < keyword_score(["执法"]) < keyword_score(["行政执法"]) < keyword_score(["行政执法", "执法"]) < 1


def test_keyword_suggestions_reject_and_accept(seeded_project: Project):
    p = seeded_project
    text = p.reports.text(1)
    found = p.suggestions.list([1], [REVIEW])
    assert found and all(s.method == "keyword" and s.category_id == REVIEW for s in found)
    target = next(s for s in found if "行政复议案件38宗" in text[s.start:s.end])
    assert text[target.start:target.end].startswith("行政复议机构接收") and text[target.end - 1] == "。"
    assert "行政复议" in target.keywords

    p.suggestions.add_feedback(1, target.start, target.end, REVIEW, "rejected")
    again = p.suggestions.list([1], [REVIEW])
    assert all((s.start, s.end) != (target.start, target.end) for s in again)
    assert len(again) == len(found) - 1
    assert p.suggestions.feedback(report_id=1)[0].verdict == "rejected"

    other = again[0]
    p.annotations.add(1, other.start, other.end, [REVIEW])  # accepting = a normal annotation
    p.suggestions.add_feedback(1, other.start, other.end, REVIEW, "accepted")
    third = p.suggestions.list([1], [REVIEW])
    assert all((s.start, s.end) != (other.start, other.end) for s in third)
    with pytest.raises(ValueError):
        p.suggestions.add_feedback(1, 0, 5, REVIEW, "maybe")


def test_clause_mode_and_limit(seeded_project: Project):
    p = seeded_project
    text = p.reports.text(1)
    clauses = p.suggestions.list([1], [REVIEW], span_mode="clause")
    assert clauses and all("，" not in text[s.start:s.end] for s in clauses)
    top = p.suggestions.list(None, None, limit=5)
    assert len(top) == 5
    everything = p.suggestions.list()
    assert min(s.score for s in top) >= sorted((s.score for s in everything), reverse=True)[4]


def test_learned_ranker_kicks_in_and_is_evaluated(seeded_project: Project, seed_files: list[Path]):
    p = seeded_project
    items, labels = load_labelled(seed_files)
    enforce = [(it.report_id, it.start, it.end) for it, lab in zip(items, labels, strict=True)
               if "执法" in lab and it.report_id in (1, 2, 3)]
    assert len(enforce) > MIN_CONFIRMED
    for rid, s, e in enforce[:MIN_CONFIRMED - 1]:
        p.annotations.add(rid, s, e, [ENFORCE])
    assert {m.category_id: m.method for m in p.suggestions.models()}[ENFORCE] == "keyword"
    assert p.suggestions.ranker_evaluation([ENFORCE])[ENFORCE] is None
    for rid, s, e in enforce[MIN_CONFIRMED - 1:]:
        p.annotations.add(rid, s, e, [ENFORCE])
    models = {m.category_id: m for m in p.suggestions.models()}
    assert models[ENFORCE].method == "learned" and models[REVIEW].method == "keyword"
    found = p.suggestions.list([5], [ENFORCE])
    assert found and all(s.method == "learned" for s in found)
    text5 = p.reports.text(5)
    assert any("行政执法监督平台归集行政执法案件" in text5[s.start:s.end] for s in found)
    # rejected suggestions become negatives and are not proposed again
    rejected = found[0]
    p.suggestions.add_feedback(5, rejected.start, rejected.end, ENFORCE, "rejected")
    assert all(s.start != rejected.start for s in p.suggestions.list([5], [ENFORCE]))
    ev = p.suggestions.ranker_evaluation([ENFORCE])[ENFORCE]
    assert ev is not None and ev.learned.total > 0 and 0.0 <= ev.learned.precision <= 1.0
    assert ev.scheme.startswith("leave-one-report-out")


def test_cli_suggest_json(seeded_project: Project):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(seeded_project.path), "suggest", "--report", "1", "--category", "营商环境",
                     "--limit", "3", "--json"]) == 0
    rows = json.loads(out.getvalue())
    assert len(rows) == 3
    text = seeded_project.reports.text(1)
    for row in rows:
        assert row["category"] == "营商环境" and row["method"] == "keyword" and 0 < row["score"] <= 1
        assert text[row["start"]:row["end"]] == row["text"] and row["section_path"]


def _overlaps_enough(it: SentenceItem, s: int, e: int) -> bool:
    overlap = min(e, it.end) - max(s, it.start)
    return overlap > 0 and overlap * 2 >= min(e - s, it.end - it.start)


def test_label_items_follows_its_definition_on_random_sentences_and_spans():
    rng = random.Random(7)
    for overlapping in (False, True):
        items: list[SentenceItem] = []
        for rid in (1, 2, 3):
            pos = 0
            for _ in range(rng.randint(0, 40)):
                length = rng.randint(1, 30)
                start = max(0, pos - rng.randint(0, 10)) if overlapping else pos
                items.append(SentenceItem(rid, start, start + length, "x" * length))
                pos = start + length + rng.randint(0, 3)
        rng.shuffle(items)  # any order: the labels follow the items given
        spans = []
        for _ in range(40):
            s = rng.randint(0, 1000)
            spans.append((rng.randint(1, 4), s, s + rng.randint(1, 80)))
        expected = [int(any(r == it.report_id and _overlaps_enough(it, s, e) for r, s, e in spans)) for it in items]
        assert label_items(items, spans) == expected
        assert 0 < sum(expected) < len(items)


def _tag_all_sentences(project: Project, category_id: int, every: int = 1) -> int:
    """Tag every ``every``-th sentence of every report with the category; returns how many."""
    n = 0
    for report in project.reports.list():
        text = project.reports.text(report.id)
        spans = [(s, e) for s, e in sentence_spans(text) if e - s >= 6][::every]
        project.annotations.add_many(report.id, spans, [category_id])
        n += len(spans)
    return n


def test_training_set_is_bounded_sampled_with_a_fixed_seed_and_keeps_rejections(seeded_project: Project):
    p = seeded_project
    _tag_all_sentences(p, ENFORCE, every=3)
    items, labels, confirmed = p.suggestions.training_set(ENFORCE)
    assert confirmed > 100 and sum(labels) > 100 and len(labels) - sum(labels) > 100  # under the bounds: all
    assert len({it.report_id for it in items}) == 5

    few, few_labels, _ = p.suggestions.training_set(ENFORCE, max_positives=10, max_negatives=20)
    assert (sum(few_labels), len(few_labels) - sum(few_labels)) == (10, 20)
    again, again_labels, _ = p.suggestions.training_set(ENFORCE, max_positives=10, max_negatives=20)
    assert [(it.report_id, it.start) for it in again] == [(it.report_id, it.start) for it in few]
    assert again_labels == few_labels
    # sampled sentences keep their true labels
    full = {(it.report_id, it.start): y for it, y in zip(items, labels, strict=True)}
    assert all(full[(it.report_id, it.start)] == y for it, y in zip(few, few_labels, strict=True))

    # a rejected suggestion's sentence is always among the negatives, whatever the sample
    rejected = next(it for it, y in zip(items, labels, strict=True) if not y and it.end - it.start >= 6)
    p.suggestions.reject(rejected.report_id, rejected.start, rejected.end, ENFORCE)
    kept, kept_labels, _ = p.suggestions.training_set(ENFORCE, max_positives=10, max_negatives=20)
    assert ((rejected.report_id, rejected.start), 0) in [((it.report_id, it.start), y)
                                                         for it, y in zip(kept, kept_labels, strict=True)]
    assert len(kept_labels) - sum(kept_labels) == 20


def test_training_reads_a_bounded_amount_of_text(seeded_project: Project, monkeypatch: pytest.MonkeyPatch):
    p = seeded_project
    _tag_all_sentences(p, ENFORCE, every=2)
    monkeypatch.setattr(store_suggestions, "MAX_TRAINING_CHARS", 1)
    items, _labels, _ = p.suggestions.training_set(ENFORCE)
    assert len({it.report_id for it in items}) == 1  # stops after the first report it read
    order = training_order([1, 2, 3, 4, 5], {2, 4}, {5}, seed=0)
    assert order[0] == 5 and set(order[1:3]) == {2, 4} and sorted(order) == [1, 2, 3, 4, 5]
    assert order == training_order([5, 4, 3, 2, 1], {2, 4}, {5}, seed=0)


def test_ranker_holds_compact_weights_and_shares_feature_names():
    samples = [["w:执法", "w:检查", "s:执法"], ["w:复议", "w:案件"], ["w:执法", "k:*"], ["w:营商", "w:环境"]]
    labels = [1, 0, 1, 0]
    a = LogisticRanker().fit(samples, labels)
    b = LogisticRanker().fit((list(s) for s in samples), labels)  # any iterable, read once
    assert isinstance(a.weights, array) and a.weights.typecode == "d"
    assert list(a.weights) == list(b.weights) and a.bias == b.bias
    assert a.predict_proba(["w:执法"]) > 0.5 > a.predict_proba(["w:复议"])
    name_a = next(k for k in a.index if k == "w:执法")
    name_b = next(k for k in b.index if k == "w:执法")
    assert name_a is name_b  # interned: the models of several categories share each name
    with pytest.raises(ValueError):
        LogisticRanker().fit(samples, labels[:3])


def test_suggestion_work_stops_when_asked(seeded_project: Project):
    p = seeded_project
    _tag_all_sentences(p, ENFORCE, every=3)
    with pytest.raises(SuggestionsCancelled):
        p.suggestions.list([1], should_stop=lambda: True)
    with pytest.raises(SuggestionsCancelled):
        p.suggestions.ranker_evaluation([ENFORCE], should_stop=lambda: True)
    assert p.suggestions.list([1], [ENFORCE])  # and nothing half-done was kept: it works afterwards


def test_suggest_leaves_out_exactly_the_sentences_overlapping_an_excluded_span():
    rng = random.Random(3)
    items, pos = [], 0
    for _ in range(200):
        length = rng.randint(6, 40)
        items.append(SentenceItem(1, pos, pos + length, "行政执法" + "x" * (length - 4)))
        pos += length
    models = [CategoryModel(ENFORCE, ["执法"]), CategoryModel(REVIEW, ["行政"])]
    exclude = {ENFORCE: [(s, s + rng.randint(1, 50)) for s in (rng.randint(0, pos) for _ in range(60))],
               REVIEW: [(0, 1)], BUSINESS: [(0, pos)]}
    text = "".join(it.text for it in items)
    everything = suggest(text, items, models)
    assert len(everything) == 2 * len(items)
    kept = suggest(text, items, models, exclude)
    expected = [s for s in everything
                if not any(a < s.end and s.start < b for a, b in exclude.get(s.category_id, ()))]
    assert kept == expected
    assert len(items) < len(kept) < len(everything) - 1


def test_sections_of_sentences_found_in_one_sweep_match_innermost_section(seed_files: list[Path]):
    rng = random.Random(5)
    for path in seed_files:
        parsed = parse_report_file(path)
        sections = list(parsed.sections)
        assert len(sections) > 5
        offsets = sorted({0, len(parsed.text) - 1, *(s.start for s in sections), *(s.end for s in sections),
                          *(rng.randrange(len(parsed.text)) for _ in range(300))})
        expected = [innermost_section(sections, off) for off in offsets]
        assert _innermost_sections(sections, offsets) == expected
        assert len({e for e in expected if e is not None}) > 5
        shuffled = offsets[:]
        rng.shuffle(shuffled)
        assert _innermost_sections(sections, shuffled) == [innermost_section(sections, off) for off in shuffled]
