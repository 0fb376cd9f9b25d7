"""Re-anchoring annotations when a report's text is replaced by a newer version of it.

Exact strategies live in :mod:`lawgov_desktop.core.anchoring`; this module adds what a
new *version* needs: a diff that says where unchanged text went (by lines, then by
characters inside a changed paragraph), approximate matching for reworded quotes, and a
decision rule that is conservative on purpose.

The rule.  An annotation stays confidently placed (``kept``/``moved``, stored as ``ok``) only
where its **exact quote** is found — by context (the recorded prefix/suffix) and the diff when
the quote occurs more than once — and where neither end of it now falls inside a number or a
Latin word that the old end did not cut (``163`` inside ``1163``).  Any change inside the quote
or at its edges makes it ``review``: it is placed on the changed passage (the stretch the diff
says the old span became, the changed characters at its edges included, widened to whole
numbers and Latin words), and the store keeps the old quote beside the new text.  When nothing
resembles the quote any more it is ``orphaned`` near its old place.  Nothing is ever dropped,
and an annotation is never left ``ok`` with a text other than the one the user tagged.

These reports repeat boilerplate (习近平法治思想, 法治政府建设 …) dozens of times, so "the
quote occurs somewhere" proves little.  Every candidate place is scored on three things —
quote similarity, agreement of the surrounding text with the recorded prefix/suffix, and
distance from where the diff says the old text went — and an exact candidate moves with
confidence only when it is clearly good *and* clearly better than the runner-up, and not
where the phrase now occurs fewer times than before (the changed occurrence may be this one).
The rule is measured on a generated corpus of edits (:mod:`lawgov_desktop.bench.reanchor_corpus`).
Pure Python (``difflib``), no Qt, no store.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from lawgov_desktop.core.anchoring import context_score, occurrences
from lawgov_desktop.messages import Message

#: Candidate must agree with the recorded context at least this much to move confidently.
CONTEXT_OK = 0.5
#: Best combined score must beat the runner-up by this much, or the span is ambiguous.
MARGIN = 0.12
#: Below this quote similarity nothing resembles the quote any more: orphaned.
REVIEW_SIMILARITY = 0.6
#: An exact quote at least this long that occurs once in the old text and once in the new one
#: is a passage of its own, not boilerplate: it moves even when its surroundings were edited.
UNIQUE_QUOTE = 20
#: Quotes longer than this are only matched exactly or at their diff-mapped place (cost).
MAX_FUZZY_QUOTE = 2000
#: Changed stretches of lines up to this long (each side) are compared character by character.
FINE_DIFF_CHARS = 6000
_WEIGHTS = (0.6, 0.3, 0.1)  # quote similarity, context, proximity


#: Characters that run together into one token: a number, a Latin word, a code such as 5G or APP.
_RUN_CHARS = frozenset(
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "０１２３４５６７８９ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
)
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_NUMBER_MARKS = frozenset(".,．")  # 3.5, 1,200 — only between two digits


def cuts_run(text: str, pos: int) -> bool:
    """Whether a span boundary at ``pos`` falls inside a number or a Latin word (``16|3``, ``A|PP``, ``3|.5``)."""
    if pos <= 0 or pos >= len(text):
        return False
    a, b = text[pos - 1], text[pos]
    if a in _RUN_CHARS and b in _RUN_CHARS:
        return True
    if a in _DIGITS and b in _NUMBER_MARKS:
        return pos + 1 < len(text) and text[pos + 1] in _DIGITS
    if a in _NUMBER_MARKS and b in _DIGITS:
        return pos >= 2 and text[pos - 2] in _DIGITS
    return False


def widen_to_runs(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` grown outward until neither end falls inside a number or a Latin word."""
    while cuts_run(text, start):
        start -= 1
    while cuts_run(text, end):
        end += 1
    return start, end


def quote_changes(before: str, after: str) -> list[tuple[str, str]]:
    """The pieces that differ between an old quote and the new text, ``(was, now)`` in order.

    ``[("163", "160")]`` for 精简至163项 → 精简至160项; an insertion has ``was == ""``, a
    deletion ``now == ""``.  For showing a person what changed, side by side.
    """
    return [(was, now) for was, now in quote_diff(before, after) if was != now]


def quote_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` and ``after`` cut into aligned pieces ``(was, now)``: equal ones (``was == now``)
    between the changed ones, so both texts can be shown with the changes marked."""
    sm = SequenceMatcher(None, before, after, autojunk=False)
    return [(before[i1:i2], after[j1:j2]) for _tag, i1, i2, j1, j2 in sm.get_opcodes()]


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
    """Maps offsets of the old text to the new one through a diff.

    The diff is by lines first (cheap, and most of a new version is unchanged paragraphs);
    a changed stretch of lines is then compared character by character, on first use and
    when it is not too long, so that the unchanged characters of an edited paragraph map
    exactly too.  Offsets in unchanged text map exactly; others map to the start of their
    changed stretch plus the same distance, clipped to it — a good place to look, and where
    an orphaned annotation is kept.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
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
        self._fine: dict[int, tuple[list[int], list[tuple[int, int, int, int, bool]]] | None] = {}

    def _refined(self, k: int) -> tuple[list[int], list[tuple[int, int, int, int, bool]]] | None:
        """Character-level blocks of changed line block ``k`` (absolute offsets), or None."""
        if k not in self._fine:
            o1, o2, n1, n2, equal = self.blocks[k]
            fine = None
            if not equal and o2 > o1 and n2 > n1 and max(o2 - o1, n2 - n1) <= FINE_DIFF_CHARS:
                sm = SequenceMatcher(None, self.old[o1:o2], self.new[n1:n2], autojunk=False)
                rows = [(o1 + i1, o1 + i2, n1 + j1, n1 + j2, tag == "equal")
                        for tag, i1, i2, j1, j2 in sm.get_opcodes()]
                fine = ([r[0] for r in rows], rows)
            self._fine[k] = fine
        return self._fine[k]

    def _block(self, pos: int) -> tuple[tuple[int, int, int, int, bool], bool] | None:
        """The finest known block whose old range holds character ``pos``, and whether it is
        known character by character (unchanged text always is); None past the end."""
        if not self.blocks:
            return None
        k = max(0, bisect.bisect_right(self._froms, pos) - 1)
        block = self.blocks[k]
        if pos >= block[1]:
            return None
        if block[4]:
            return block, True
        fine = self._refined(k)
        if fine is None:
            return block, False
        froms, rows = fine
        return rows[max(0, bisect.bisect_right(froms, pos) - 1)], True

    def map(self, pos: int) -> tuple[int, bool]:
        """``(new_offset, exact)`` for an old offset."""
        found = self._block(pos)
        if found is None:
            return (self.blocks[-1][3] if self.blocks else min(pos, self.new_len)), False
        o1, _o2, n1, n2, equal = found[0]
        if equal:
            return n1 + (pos - o1), True
        return min(n1 + (pos - o1), n2), False

    def map_end(self, end: int) -> tuple[int, bool]:
        """Like :meth:`map` for an exclusive end offset (maps its last character)."""
        if end <= 0:
            return 0, False
        pos, exact = self.map(end - 1)
        return pos + 1, exact

    def cover(self, start: int, end: int) -> tuple[int, int] | None:
        """The new stretch that old ``start:end`` became, changed characters at its edges included.

        An end in unchanged text maps exactly; an end inside a changed stretch takes all of
        it (a substituted last character is part of the passage, a cut one is not), and text
        inserted just outside the span stays outside.  None when the diff cannot tell (no
        character-level comparison of the stretch) or nothing is left.
        """
        first, last = self._block(start), self._block(end - 1) if end > 0 else None
        if first is None or last is None or not (first[1] and last[1]):
            return None
        (o1, _o2, n1, _n2, equal1), (p1, _p2, m1, m2, equal2) = first[0], last[0]
        new_start = n1 + (start - o1) if equal1 else n1
        new_end = m1 + (end - p1) if equal2 else m2
        return (new_start, new_end) if new_end > new_start else None


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
    def _align(self, span: OldSpan, approx: int) -> tuple[int, int] | None:
        """The part of the new text around ``approx`` that best lines up with the quote.

        The alignment itself keeps only matching characters, so a quote whose first or last
        characters were replaced would come out cut short (举办专题法治讲座 → 举办专题法治 when
        讲座 became 培训); such an end is carried on to where the recorded context resumes.
        """
        quote = span.quote
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
        head, tail = blocks[0].a, len(quote) - blocks[-1].a - blocks[-1].size  # unmatched ends
        if head:
            start = self._context_end(span.prefix, start, head)
        if tail:
            end = self._context_start(span.suffix, end, tail)
        return (start, end) if end > start else None

    def _context_end(self, prefix: str, start: int, missing: int) -> int:
        """Where the recorded ``prefix`` ends just before ``start`` (``missing`` quote characters
        were not matched there); else ``missing`` characters back."""
        key = prefix[-4:]
        if key:
            lo = max(0, start - missing - 8 - len(key))
            found = self.new.rfind(key, lo, start)
            if found >= 0:
                return found + len(key)
        return max(0, start - missing)

    def _context_start(self, suffix: str, end: int, missing: int) -> int:
        """Where the recorded ``suffix`` starts just after ``end``; else ``missing`` characters on."""
        key = suffix[:4]
        if key:
            found = self.new.find(key, end, min(len(self.new), end + missing + 8 + len(key)))
            if found >= 0:
                return found
        return min(len(self.new), end + missing)

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
        cover = self.map.cover(span.start, span.end)
        if cover is not None:  # what the diff says the span became, edges included
            found.append(self._candidate(*self._widened(span, *cover), span, expected, "diff"))
        if 4 <= n <= MAX_FUZZY_QUOTE:
            for approx in [expected, *self._vote_starts(span.quote)]:
                spot = self._align(span, approx)
                if spot:
                    found.append(self._candidate(*self._widened(span, *spot), span, expected, "fuzzy"))
        elif cover is None and expected_end > expected:  # too long to align: where the diff says it went
            found.append(self._candidate(expected, expected_end, span, expected, "diff"))
        # the same place found twice keeps its best reading: an exact reading first, then the
        # diff's (it knows where a changed edge ends; an alignment drops the changed characters
        # at the edges and so cuts the passage short), then the better score
        found.sort(key=lambda c: (c.quote_sim == 1.0, c.method == "diff" and c.quote_sim >= REVIEW_SIMILARITY,
                                  c.score), reverse=True)
        distinct: list[_Candidate] = []
        for c in found:
            if not any(c.start < d.end and d.start < c.end for d in distinct):
                distinct.append(c)
        distinct.sort(key=lambda c: c.score, reverse=True)
        return distinct

    def _widened(self, span: OldSpan, start: int, end: int) -> tuple[int, int]:
        """``start:end`` grown to whole numbers and Latin words at each end the old span did not cut."""
        if cuts_run(self.new, start) and not cuts_run(self.old, span.start):
            start = widen_to_runs(self.new, start, start)[0]
        if cuts_run(self.new, end) and not cuts_run(self.old, span.end):
            end = widen_to_runs(self.new, end, end)[1]
        return start, end

    def _cuts(self, start: int, end: int, span: OldSpan) -> bool:
        """Whether ``start:end`` cuts a number or Latin word at an end where the old span did not."""
        return self._widened(span, start, end) != (start, end)

    # -- the decision --------------------------------------------------------------------
    def place(self, span: OldSpan) -> Placement:
        """Decide where ``span`` goes: same offsets, the diff's exact mapping, else the best candidate.

        Cheap certain answers come first (most annotations sit in unchanged text); only the
        rest pay for candidate search and the ambiguity rule.  Only the exact quote is ever
        placed with confidence.
        """
        new, n = self.new, len(span.quote)
        ms, ms_exact = self.map.map(span.start)
        me, me_exact = self.map.map_end(span.end)
        if new.startswith(span.quote, span.start) and not self._cuts(span.start, span.end, span) and (
            (ms_exact and ms == span.start) or self._context(span.start, span.end, span) >= CONTEXT_OK
        ):
            return Placement("kept", span.start, span.end, 1.0, "offsets")
        if ms_exact and me_exact and me - ms == n and new[ms:me] == span.quote \
                and not self._cuts(ms, me, span) and self._context(ms, me, span) >= CONTEXT_OK:
            return Placement("moved", ms, me, 1.0, "diff")
        cands = self._candidates(span, ms, me)
        if not cands or cands[0].quote_sim < REVIEW_SIMILARITY:
            start, end = self._clamp(ms, me, n)
            best = cands[0].score if cands else 0.0
            return Placement("orphaned", start, end, round(best, 3), "none",
                             Message("anchor.not_in_new_version"))
        best = cands[0]
        second = cands[1].score if len(cands) > 1 else 0.0
        margin = best.score - second
        score = round(best.score, 3)
        exact = best.quote_sim == 1.0 and new[best.start:best.end] == span.quote
        changed = next((c for c in cands if c.method == "diff" and c.quote_sim < 1.0), None)
        if changed is not None and changed.quote_sim >= REVIEW_SIMILARITY and (
                not exact or best.ctx < CONTEXT_OK or self.old.count(span.quote) > new.count(span.quote)):
            # the diff shows the passage itself was edited: flag it there, rather than on a
            # look-alike elsewhere (the same stock phrase in another sentence)
            return Placement("review", changed.start, changed.end, round(changed.score, 3), changed.method,
                             Message("resolve.wording_changed"))
        if exact and self._cuts(best.start, best.end, span):
            start, end = self._widened(span, best.start, best.end)
            return Placement("review", start, end, score, best.method,
                             Message("anchor.edge_widened"))
        fewer = exact and self.old.count(span.quote) > new.count(span.quote)
        if exact and not fewer and (best.ctx >= CONTEXT_OK and margin >= MARGIN or self._unique_passage(span, best)):
            status = "kept" if (best.start, best.end) == (span.start, span.end) else "moved"
            return Placement(status, best.start, best.end, score, best.method)
        if best.ctx < CONTEXT_OK:
            reason = Message("anchor.context_differs")
        elif fewer:
            reason = Message("anchor.fewer_times")
        elif exact and margin < MARGIN:
            reason = Message("anchor.several")
        else:
            reason = Message("resolve.wording_changed")
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
