"""Re-anchoring annotations when a report's text is replaced by a newer version of it.

Exact strategies live in :mod:`lawgov_desktop.core.anchoring`; this module adds what a
new *version* needs: a line diff that says where unchanged text went, approximate matching
for reworded quotes, and a decision rule that is conservative on purpose.

These reports repeat boilerplate (习近平法治思想, 法治政府建设 …) dozens of times, so "the
quote occurs somewhere" proves little.  Every candidate place is scored on three things —
quote similarity, agreement of the surrounding text with the recorded prefix/suffix, and
distance from where the diff says the old text went — and an annotation moves with
confidence (status ``ok``) only when the best candidate is clearly good *and* clearly
better than the runner-up.  Otherwise it is placed at the best guess with status
``review``, or, when nothing resembles the quote, kept as ``orphaned`` near its old place.
Nothing is ever dropped.  Pure Python (``difflib``), no Qt, no store.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from lawgov_desktop.core.anchoring import context_score, occurrences

#: Candidate must agree with the recorded context at least this much to move confidently.
CONTEXT_OK = 0.5
#: Best combined score must beat the runner-up by this much, or the span is ambiguous.
MARGIN = 0.12
#: Quote similarity needed to move a reworded quote with status ok.
MOVE_SIMILARITY = 0.9
#: Below this quote similarity nothing resembles the quote any more: orphaned.
REVIEW_SIMILARITY = 0.6
#: An exact quote at least this long that occurs once in the old text and once in the new one
#: is a passage of its own, not boilerplate: it moves even when its surroundings were edited.
UNIQUE_QUOTE = 20
#: Quotes longer than this are only matched exactly or at their diff-mapped place (cost).
MAX_FUZZY_QUOTE = 2000
_WEIGHTS = (0.6, 0.3, 0.1)  # quote similarity, context, proximity


@dataclass(frozen=True)
class OldSpan:
    """An annotation as it was recorded against the old text."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class Placement:
    """Where an annotation goes in the new text and how sure that is.

    ``status``: ``kept`` (same offsets), ``moved`` (confidently elsewhere), ``review``
    (best guess, a person should look) or ``orphaned`` (not found; offsets clamped near
    the old place).  ``reason`` is a short bilingual note for the user.
    """

    status: str
    start: int
    end: int
    score: float
    method: str
    reason: str = ""

    @property
    def confident(self) -> bool:
        return self.status in ("kept", "moved")


@dataclass
class _Candidate:
    start: int
    end: int
    quote_sim: float
    ctx: float
    prox: float
    method: str

    @property
    def score(self) -> float:
        wq, wc, wp = _WEIGHTS
        return wq * self.quote_sim + wc * self.ctx + wp * self.prox


class OffsetMap:
    """Maps offsets of the old text to the new one through a line diff.

    Offsets inside lines the diff found unchanged map exactly; others map to the start of
    the changed region plus the same distance, clipped to it — a good place to look, and
    where an orphaned annotation is kept.
    """

    def __init__(self, old: str, new: str) -> None:
        self.new_len = len(new)
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        old_starts, new_starts = _line_starts(old_lines), _line_starts(new_lines)
        sm = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        # (old_from, old_to, new_from, new_to, equal)
        self.blocks: list[tuple[int, int, int, int, bool]] = [
            (old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2], tag == "equal")
            for tag, i1, i2, j1, j2 in sm.get_opcodes()
        ]
        self._froms = [b[0] for b in self.blocks]

    def map(self, pos: int) -> tuple[int, bool]:
        """``(new_offset, exact)`` for an old offset."""
        if not self.blocks:
            return min(pos, self.new_len), False
        k = max(0, bisect.bisect_right(self._froms, pos) - 1)
        o1, o2, n1, n2, equal = self.blocks[k]
        if equal and pos < o2:
            return n1 + (pos - o1), True
        if pos >= o2:  # past the end of the text
            return n2, False
        return min(n1 + (pos - o1), n2), False

    def map_end(self, end: int) -> tuple[int, bool]:
        """Like :meth:`map` for an exclusive end offset (maps its last character)."""
        if end <= 0:
            return 0, False
        pos, exact = self.map(end - 1)
        return pos + 1, exact


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    return starts


def _matching_run(recorded: str, found: str, outward: int) -> int:
    """Characters that agree outward from the span: from the end for a prefix, the start for a suffix."""
    pairs = zip(reversed(recorded), reversed(found), strict=False) if outward < 0 else zip(recorded, found, strict=False)
    n = 0
    for x, y in pairs:
        if x != y:
            break
        n += 1
    return n


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class Reanchorer:
    """Places the annotations of one report in its new text; build once, call :meth:`place` per span."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old, self.new = old_text, new_text
        self.map = OffsetMap(old_text, new_text)

    # -- scoring -------------------------------------------------------------------------
    def _context(self, start: int, end: int, span: OldSpan) -> float:
        """Agreement of the text around ``start:end`` with the recorded prefix and suffix (0–1).

        Each side counts the characters that match outward from the span
        (:func:`~lawgov_desktop.core.anchoring.context_score`); a side whose first two
        characters match also gets credit for a looser similarity further out, so a small
        edit near the span costs a little instead of everything.  A span shifted by even one
        character matches on neither side and gets nothing.
        """
        want = len(span.prefix) + len(span.suffix)
        if not want:
            return 1.0
        before = self.new[max(0, start - len(span.prefix)):start]
        after = self.new[end:end + len(span.suffix)]
        total = 0.0
        for recorded, found, outward in ((span.prefix, before, -1), (span.suffix, after, 1)):
            if not recorded:
                continue
            run = _matching_run(recorded, found, outward)
            side = float(run)
            if run >= 2:
                side = max(run, 0.9 * len(recorded) * _ratio(recorded, found))
            total += side
        return min(1.0, total / want)

    def _proximity(self, start: int, expected: int, length: int) -> float:
        return 1.0 / (1.0 + abs(start - expected) / max(200, 4 * length))

    def _candidate(self, start: int, end: int, span: OldSpan, expected: int, method: str,
                   quote_sim: float | None = None) -> _Candidate:
        if quote_sim is None:
            quote_sim = 1.0 if self.new[start:end] == span.quote else _ratio(span.quote, self.new[start:end])
        return _Candidate(start, end, quote_sim, self._context(start, end, span),
                          self._proximity(start, expected, len(span.quote)), method)

    # -- candidate places ----------------------------------------------------------------
    def _align(self, quote: str, approx: int) -> tuple[int, int] | None:
        """The part of the new text around ``approx`` that best lines up with ``quote``."""
        slack = max(8, len(quote) // 2)
        lo = max(0, approx - slack)
        hi = min(len(self.new), approx + len(quote) + slack)
        sm = SequenceMatcher(None, quote, self.new[lo:hi], autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size >= 2]
        # stray two-character matches far from the rest are not part of the quote
        while len(blocks) > 1 and blocks[0].size < 3 and blocks[1].b - (blocks[0].b + blocks[0].size) > 4:
            blocks.pop(0)
        while len(blocks) > 1 and blocks[-1].size < 3 and blocks[-1].b - (blocks[-2].b + blocks[-2].size) > 4:
            blocks.pop()
        if not blocks:
            return None
        start, end = lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size
        return (start, end) if end > start else None

    def _vote_starts(self, quote: str, limit: int = 6) -> list[int]:
        """Likely start offsets of an edited ``quote``: where many of its trigrams line up."""
        k = 3 if len(quote) >= 8 else 2
        last = len(quote) - k
        if last < 1:
            return []
        step = max(1, last // 31)
        probes = list(range(0, last + 1, step))
        bucket = max(4, len(quote) // 8)
        votes: Counter[int] = Counter()
        for i in probes:
            gram = quote[i:i + k]
            for pos in occurrences(self.new, gram, limit=2000):
                votes[(pos - i) // bucket] += 1
        need = max(2, len(probes) // 5)
        return [b * bucket for b, n in votes.most_common(limit) if n >= need]

    def _candidates(self, span: OldSpan, expected: int, expected_end: int) -> list[_Candidate]:
        n = len(span.quote)
        found: list[_Candidate] = []
        exact = occurrences(self.new, span.quote)
        if exact:
            strict = sorted(exact, key=lambda s: (-context_score(self.new, s, s + n, span.prefix, span.suffix),
                                                  abs(s - expected)))
            found += [self._candidate(s, s + n, span, expected, "quote", 1.0) for s in strict[:12]]
        if n <= MAX_FUZZY_QUOTE and n >= 4:
            for approx in [expected, *self._vote_starts(span.quote)]:
                spot = self._align(span.quote, approx)
                if spot:
                    found.append(self._candidate(*spot, span, expected, "fuzzy"))
        elif expected_end > expected:  # too long to align: where the diff says it went
            found.append(self._candidate(expected, expected_end, span, expected, "diff"))
        # the same place found twice keeps its best reading; an exact reading beats an
        # approximate one of the same place (which may be off by a character or two)
        found.sort(key=lambda c: (c.quote_sim == 1.0, c.score), reverse=True)
        distinct: list[_Candidate] = []
        for c in found:
            if not any(c.start < d.end and d.start < c.end for d in distinct):
                distinct.append(c)
        distinct.sort(key=lambda c: c.score, reverse=True)
        return distinct

    # -- the decision --------------------------------------------------------------------
    def place(self, span: OldSpan) -> Placement:
        """Decide where ``span`` goes: same offsets, the diff's exact mapping, else the best candidate.

        Cheap certain answers come first (most annotations sit in unchanged text); only the
        rest pay for candidate search and the ambiguity rule.
        """
        new, n = self.new, len(span.quote)
        ms, ms_exact = self.map.map(span.start)
        me, me_exact = self.map.map_end(span.end)
        if new.startswith(span.quote, span.start) and (
            (ms_exact and ms == span.start) or self._context(span.start, span.end, span) >= CONTEXT_OK
        ):
            return Placement("kept", span.start, span.end, 1.0, "offsets")
        if ms_exact and me_exact and me - ms == n and new[ms:me] == span.quote \
                and self._context(ms, me, span) >= CONTEXT_OK:
            return Placement("moved", ms, me, 1.0, "diff")
        cands = self._candidates(span, ms, me)
        if not cands or cands[0].quote_sim < REVIEW_SIMILARITY:
            start, end = self._clamp(ms, me, n)
            best = cands[0].score if cands else 0.0
            return Placement("orphaned", start, end, round(best, 3), "none",
                             "报告新版本中找不到这段文字 (the quote is no longer in the new version)")
        best = cands[0]
        second = cands[1].score if len(cands) > 1 else 0.0
        margin = best.score - second
        score = round(best.score, 3)
        if best.quote_sim >= MOVE_SIMILARITY and best.ctx >= CONTEXT_OK and margin >= MARGIN \
                or self._unique_passage(span, best):
            status = "kept" if (best.start, best.end) == (span.start, span.end) else "moved"
            return Placement(status, best.start, best.end, score, best.method)
        if best.ctx < CONTEXT_OK:
            reason = ("找到相同或相似的文字，但上下文不同，可能是别处的套话 "
                      "(similar text found, but its context differs; it may be a look-alike passage)")
        elif margin < MARGIN:
            reason = ("有多处相似文字，无法确定是哪一处 "
                      "(several similar passages; cannot tell which one is meant)")
        else:
            reason = "文字已改动，请核对新位置 (the wording changed; check the new place)"
        return Placement("review", best.start, best.end, score, best.method, reason)

    def _unique_passage(self, span: OldSpan, best: _Candidate) -> bool:
        """A long quote found exactly, the only one of its kind in both texts."""
        return (best.quote_sim == 1.0 and len(span.quote) >= UNIQUE_QUOTE
                and self.old.count(span.quote) == 1 and len(occurrences(self.new, span.quote, limit=2)) == 1)

    def _clamp(self, start: int, end: int, length: int) -> tuple[int, int]:
        """Valid offsets near the old place for an annotation that could not be found."""
        size = len(self.new)
        if size == 0:
            return 0, 0
        start = max(0, min(start, size - 1))
        end = max(start + 1, min(end if end > start else start + length, size))
        return start, end
