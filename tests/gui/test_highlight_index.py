"""The highlight index updated tag by tag is the index a full rebuild makes.

Tagging inserts each new span into the sorted lists in place (see ``HighlightIndex._insert``)
instead of rebuilding them over every span of the report: these tests replay random tags,
deletions and suggestions and compare every lookup with a fresh index of the same spans.
"""

from __future__ import annotations

import random

import pytest

from lawgov_desktop.gui.highlighter import HighlightIndex, Span


def _random_span(rng: random.Random, sid: int, size: int) -> Span:
    start = rng.randrange(0, size)
    cats = tuple(rng.sample(range(1, 6), rng.choice((0, 1, 1, 2))))
    return Span(sid, start, start + rng.randrange(1, 60), cats, dashed=rng.random() < 0.1)


def _same(incremental: HighlightIndex, spans: list[Span], size: int, rng: random.Random) -> None:
    fresh = HighlightIndex(spans)
    assert incremental.spans == fresh.spans
    assert incremental._starts == fresh._starts and incremental._max_end == fresh._max_end
    assert incremental.lanes == fresh.lanes
    assert incremental._by_span == fresh._by_span
    for _ in range(30):
        a = rng.randrange(0, size)
        b = a + rng.randrange(1, 200)
        assert incremental.between(a, b) == fresh.between(a, b)
        assert incremental.at(a) == fresh.at(a)


@pytest.mark.parametrize("seed", range(6))
def test_tag_by_tag_equals_a_rebuild(seed: int):
    rng = random.Random(seed)
    size = rng.choice((200, 2_000, 50_000))  # crowded to sparse
    spans = [_random_span(rng, i, size) for i in range(1, rng.randrange(0, 300))]
    index = HighlightIndex(spans)
    next_id = 10_000
    for step in range(120):
        if spans and rng.random() < 0.25:
            removed = {s.id for s in rng.sample(spans, min(len(spans), rng.randrange(1, 4)))}
            added = [_random_span(rng, next_id, size)] if rng.random() < 0.5 else []
        else:
            removed = set()
            added = [_random_span(rng, next_id + i, size) for i in range(rng.choice((1, 1, 1, 3)))]
            if spans and rng.random() < 0.2:  # the same passage again (another category)
                twin = rng.choice(spans)
                added.append(Span(next_id + 50, twin.start, twin.end, (9,)))
        next_id += 100
        index.update(removed, added)
        spans = [s for s in spans if s.id not in removed] + added
        if step % 10 == 0 or step > 110:
            _same(index, spans, size, rng)
    _same(index, spans, size, rng)


def test_a_tag_into_an_empty_report_and_at_either_end():
    index = HighlightIndex([])
    index.update(set(), [Span(1, 10, 20)])
    index.update(set(), [Span(2, 0, 5), Span(3, 30, 40), Span(4, 0, 100)])
    assert index._starts == [0, 0, 10, 30] and index._max_end == [5, 100, 100, 100]
    assert [s.id for s in index.between(21, 29)] == [4]
    assert index.exact(10, 20).id == 1


def test_a_tag_named_as_changed_is_still_inserted_in_place():
    """The pane passes a tag's new ids as ``removed`` too (ids it re-read): none is present,
    so the lists are kept and extended rather than rebuilt, with the same result."""
    rng = random.Random(7)
    spans = [_random_span(rng, i, 5_000) for i in range(1, 400)]
    index = HighlightIndex(spans)
    starts, reach = index._starts, index._max_end
    new = [Span(1_000, 2_500, 2_540, (1,)), Span(1_001, 2_510, 2_520, (2,))]
    index.update({1_000, 1_001}, new)
    assert index._starts is starts and index._max_end is reach  # kept, not rebuilt
    _same(index, spans + new, 5_000, rng)
    index.update({1_000, 1_001}, [Span(1_000, 2_500, 2_560, (3,))])  # an edit: a real replacement
    _same(index, spans + [Span(1_000, 2_500, 2_560, (3,))], 5_000, rng)
