"""Re-anchoring measured on a generated corpus of edits: never a silent change of quote.

The full-size run is ``python benchmarks/reanchor_corpus.py`` (it prints the shares); here a
small corpus runs on every test run, with the same checks.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from lawgov_desktop.bench.reanchor_corpus import (
    PLACES,
    SPAN_KINDS,
    apply_edits,
    describe,
    expected_outcome,
    make_case,
    run_corpus,
)

SIZE = 160


@pytest.fixture(scope="module")
def report():
    began = time.perf_counter()
    rep = run_corpus(SIZE, seed=7)
    return rep, time.perf_counter() - began


def test_corpus_covers_every_kind_of_edit(report):
    rep, _seconds = report
    cases = [o.case for o in rep.outcomes]
    assert len(cases) == SIZE
    assert {c.kind for c in cases} == set(SPAN_KINDS)
    assert set(PLACES) <= {c.place for c in cases}
    assert {c.op for c in cases} == {"insert", "delete", "substitute", "move", "move+edit"}
    assert "moved-line" in {c.place for c in cases}
    assert any(c.others for c in cases) and any(not c.others for c in cases)
    expected = Counter(c.expected for c in cases)
    assert expected["ok"] >= SIZE // 4 and expected["review"] >= SIZE // 4 and expected["orphaned"] >= 1


def test_no_silent_quote_change_and_no_confident_move_elsewhere(report):
    rep, _seconds = report
    assert [describe(o) for o in rep.silent_quote_changes()] == []
    assert [describe(o) for o in rep.wrong_ok()] == []


def test_every_changed_passage_is_flagged_and_placed_on_whole_numbers_and_words(report):
    rep, _seconds = report
    changed = [o for o in rep.outcomes if o.case.expected != "ok"]
    assert [describe(o) for o in changed if o.status == "ok"] == []
    assert [describe(o) for o in rep.cut_spans()] == []
    reviews, on_passage, exact = rep.review_on_passage()
    assert reviews and on_passage >= 0.9 * reviews and exact >= 0.85 * reviews


def test_untouched_passages_mostly_stay_ok(report):
    rep, _seconds = report
    untouched = [o for o in rep.outcomes if o.case.expected == "ok"]
    assert sum(o.status == "ok" for o in untouched) >= 0.95 * len(untouched)


def test_small_corpus_is_quick(report):
    _rep, seconds = report
    assert seconds < 5  # a few hundred ms on a developer machine; generous for a busy CI box


def test_corpus_is_deterministic():
    assert make_case(11, seed=3) == make_case(11, seed=3)
    assert make_case(11, seed=3) != make_case(12, seed=3)


def test_expected_rule_by_hand():
    text = "行政许可事项由2021年的200项精简至163项，压缩一半。"
    s = text.index("精简")
    e = text.index("，")
    # a digit changed inside: review, on the whole changed passage
    p = text.index("163") + 2
    status, ts, te = expected_outcome(text, s, e, (p, p + 1, "0"))
    assert status == "review" and apply_edits(text, [(p, p + 1, "0")])[ts:te] == "精简至160项"
    # a digit put just before a number the span starts with: the quote is intact, the number is not
    n = text.index("163")
    status, ts, te = expected_outcome(text, n, e, (n, n, "1"))
    assert status == "review" and apply_edits(text, [(n, n, "1")])[ts:te] == "1163项"
    # text inserted right after the span, and an edit far before: ok, shifted
    status, ts, te = expected_outcome(text, s, e, (e, e, "左右"), ((0, 2, ""),))
    assert (status, ts, te) == ("ok", s - 2, e - 2)
    # the whole span deleted: orphaned
    assert expected_outcome(text, s, e, (s, e, ""))[0] == "orphaned"
