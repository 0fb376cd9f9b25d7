"""A generated corpus of edits around tagged passages, to measure re-anchoring against its promise.

The promise (see :mod:`lawgov_desktop.core.reanchor`): after a new version of a report an
annotation stays *ok* only where its exact quote is found (by context when the quote occurs
more than once); a change inside it or at its edges makes it *review*, placed on the changed
passage, never on a span that cuts a number or a Latin word the old span did not cut; it is
*orphaned* when nothing resembles it any more.  A *silent quote change* — an annotation left
ok whose text differs from what the user tagged — must never happen.

Each case takes one seed report, one tagged span and one edit, and knows the right answer
without asking the code under test: the edit's place relative to the span says where the
span's text went (the union of the span and the edited stretch, when they touch) and what
status the rule gives it.  Spans are whole sentences, short phrases, phrases around a number
(numbers changed, lengthened, shortened) and stock phrases that occur three times or more
(习近平法治思想, 法治政府建设 …); edits are insertions, deletions and substitutions well before,
right before, across the start, inside, across the end, right after and well after the span,
and, for stock phrases, in another occurrence of the same phrase; some new versions also
move the span's paragraph elsewhere (edited or not) or carry further edits elsewhere.

Used by ``tests/test_reanchor_corpus.py`` (a small corpus on every test run) and
``benchmarks/reanchor_corpus.py`` (the full size, printing the shares).  Pure Python.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from lawgov_desktop.core.reanchor import REVIEW_SIMILARITY, OldSpan, Reanchorer, cuts_run, widen_to_runs
from lawgov_desktop.paths import seeds_dir

#: Characters of recorded context each side, as the store keeps them.
CONTEXT = 32
#: Share of cases whose new version also has one to three edits elsewhere.
MORE_EDITS = 0.4
#: Share of sentence and phrase cases whose paragraph is also moved elsewhere in the report.
MOVED_LINES = 0.15
SPAN_KINDS = ("sentence", "phrase", "number", "boilerplate")
PLACES = ("before", "right-before", "start-edge", "inside", "end-edge", "right-after", "after")
OPS = ("insert", "delete", "substitute")
#: Text put in by insertions and substitutions: words of these reports, digits, Latin, punctuation.
_WORDS = ("进一步", "全面", "培训", "检察", "依法", "推动", "区级", "专项", "年度", "有关", "各类", "督察",
          "持续", "行政", "规范", "严格")
_PUNCT = ("，", "、", "；")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class EditCase:
    """One tagged span, one edit of the text, and what re-anchoring should make of it."""

    seed: int  # index into the seed texts
    kind: str  # sentence, phrase, number, boilerplate
    place: str  # where the edit is, relative to the span (PLACES, or "other-occurrence")
    op: str  # insert, delete, substitute
    start: int
    end: int
    edit_from: int
    edit_to: int
    replacement: str
    expected: str  # ok, review, orphaned
    true_start: int  # where the span's text is in the new version (the changed stretch included)
    true_end: int
    #: further edits elsewhere in the same new version, away from the span: (from, to, replacement)
    others: tuple[tuple[int, int, str], ...] = ()

    def edits(self) -> list[tuple[int, int, str]]:
        return sorted([(self.edit_from, self.edit_to, self.replacement), *self.others])


@dataclass
class CaseOutcome:
    case: EditCase
    status: str  # ok, review, orphaned (kept/moved are ok)
    start: int
    end: int
    quote_now: str
    seconds: float


@dataclass
class CorpusReport:
    """What re-anchoring made of a corpus, as the promise counts it."""

    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.outcomes)

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    def shares(self) -> dict[str, float]:
        c = self.counts()
        return {k: c[k] / max(1, self.size) for k in ("ok", "review", "orphaned")}

    def expected_counts(self) -> Counter[str]:
        return Counter(o.case.expected for o in self.outcomes)

    def confusion(self) -> Counter[tuple[str, str]]:
        """(expected, got) pairs."""
        return Counter((o.case.expected, o.status) for o in self.outcomes)

    def silent_quote_changes(self) -> list[CaseOutcome]:
        """Annotations left ok whose quote is no longer the one the user tagged."""
        return [o for o in self.outcomes if o.status == "ok" and o.quote_now != _quote(o)]

    def wrong_ok(self) -> list[CaseOutcome]:
        """Annotations left ok anywhere but on their own unchanged passage."""
        return [o for o in self.outcomes if o.status == "ok"
                and (o.case.expected != "ok" or (o.start, o.end) != (o.case.true_start, o.case.true_end))]

    def cut_spans(self) -> list[CaseOutcome]:
        """Placed spans that cut a number or Latin word where the old span did not."""
        out = []
        for o in self.outcomes:
            if o.status == "orphaned":
                continue
            text, old = _texts()[o.case.seed], o.case
            new = _new_text(old)
            if (cuts_run(new, o.start) and not cuts_run(text, old.start)) or \
                    (cuts_run(new, o.end) and not cuts_run(text, old.end)):
                out.append(o)
        return out

    def review_on_passage(self) -> tuple[int, int, int]:
        """(reviews, reviews overlapping the changed passage, reviews exactly on it), where one was expected."""
        rows = [o for o in self.outcomes if o.status == "review" and o.case.expected == "review"]
        over = [o for o in rows if o.start < o.case.true_end and o.case.true_start < o.end]
        exact = [o for o in rows if (o.start, o.end) == (o.case.true_start, o.case.true_end)]
        return len(rows), len(over), len(exact)

    def by_place(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            out.setdefault(o.case.place, Counter())[o.status] += 1
        return out

    def as_dict(self) -> dict:
        reviews, overlapping, exact = self.review_on_passage()
        times = sorted(o.seconds for o in self.outcomes)
        return {
            "edits": self.size,
            "shares": {k: round(v, 4) for k, v in self.shares().items()},
            "counts": dict(self.counts()),
            "expected": dict(self.expected_counts()),
            "confusion": {f"{e}->{g}": n for (e, g), n in sorted(self.confusion().items())},
            "silent_quote_changes": len(self.silent_quote_changes()),
            "ok_not_on_own_passage": len(self.wrong_ok()),
            "spans_cutting_a_number_or_word": len(self.cut_spans()),
            "review_expected_and_given": reviews,
            "review_on_the_changed_passage": overlapping,
            "review_exactly_the_changed_passage": exact,
            "by_place": {k: dict(v) for k, v in sorted(self.by_place().items())},
            "median_ms_per_annotation": round(1000 * times[len(times) // 2], 3) if times else 0.0,
        }


# -- the seed texts -----------------------------------------------------------------------------

_SEEDS: list[str] = []


def _texts(folder: Path | None = None) -> list[str]:
    if not _SEEDS:
        paths = sorted((folder or seeds_dir()).glob("*.txt"))
        if not paths:
            raise RuntimeError("seed reports are missing: cannot build the re-anchoring corpus")
        _SEEDS.extend(p.read_text(encoding="utf-8-sig").replace("\r\n", "\n") for p in paths)
    return _SEEDS


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with non-overlapping edits ``(from, to, replacement)`` (old offsets) made."""
    out, pos = [], 0
    for p, q, r in sorted(edits):
        out += [text[pos:p], r]
        pos = q
    out.append(text[pos:])
    return "".join(out)


def _new_text(case: EditCase) -> str:
    return apply_edits(_texts()[case.seed], case.edits())


def _quote(o: CaseOutcome) -> str:
    return _texts()[o.case.seed][o.case.start:o.case.end]


_STOCK: dict[int, list[str]] = {}


def _stock_phrases(seed: int) -> list[str]:
    """Han phrases of 4–8 characters that occur three times or more (the report's boilerplate)."""
    if seed not in _STOCK:
        text = _texts()[seed]
        counts: Counter[str] = Counter()
        for m in _HAN.finditer(text):
            run = m.group()
            for n in range(4, 9):
                for i in range(len(run) - n + 1):
                    counts[run[i:i + n]] += 1
        phrases = [p for p, c in counts.items() if c >= 3]
        # keep the longest of nested ones: 法治政府建设 rather than 法治政府 and 政府建设 too
        phrases.sort(key=len, reverse=True)
        kept: list[str] = []
        for p in phrases:
            if not any(p in k and counts[k] == counts[p] for k in kept):
                kept.append(p)
        _STOCK[seed] = sorted(kept)
    return _STOCK[seed]


# -- spans --------------------------------------------------------------------------------------

def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^。；\n]+[。；]?", text) if len(m.group().strip()) >= 8]


def _pick_span(rng: random.Random, text: str, seed: int, kind: str) -> tuple[int, int] | None:
    if kind == "sentence":
        s, e = rng.choice(_sentences(text))
        if rng.random() < 0.5 and text[e - 1] in "。；":
            e -= 1
        return s, e
    if kind == "phrase":
        s, e = rng.choice(_sentences(text))
        size = rng.randrange(2, min(13, e - s))
        start = rng.randrange(s, e - size + 1)
        return widen_to_runs(text, start, start + size)
    if kind == "number":
        found = list(_NUMBER.finditer(text))
        m = rng.choice(found)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        before = rng.choice((0, 0, 1, 2, 3, 5))
        after = rng.choice((0, 0, 1, 1, 2))
        s, e = max(line_start, m.start() - before), min(line_end, m.end() + after)
        return widen_to_runs(text, s, e)
    phrases = _stock_phrases(seed)
    if not phrases:
        return None
    phrase = rng.choice(phrases)
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    s = rng.choice(starts)
    return s, s + len(phrase)


# -- edits --------------------------------------------------------------------------------------

def _filler(rng: random.Random, text: str, at: int) -> str:
    """Text to insert at ``at``: digits beside digits half the time, else words and punctuation."""
    near = text[max(0, at - 1):at + 1]
    if any(ch.isdigit() for ch in near) and rng.random() < 0.6:
        return "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 4)))
    r = rng.random()
    if r < 0.08:
        return rng.choice(("A", "APP", "5G"))
    if r < 0.2:
        return rng.choice(_PUNCT)
    return rng.choice(_WORDS)


def _edit_range(rng: random.Random, place: str, s: int, e: int, size: int) -> tuple[int, int, int] | None:
    """(from, to, insertion point) of an edit at ``place`` relative to ``s:e`` in a text of ``size``."""
    n = rng.randrange(1, 5)
    if place == "before":
        p = rng.randrange(max(0, s - 40), s - 1) if s >= 2 else None
        if p is None:
            return None
        return p, min(p + n, s - 1), p
    if place == "right-before":
        return max(0, s - n), s, s
    if place == "start-edge":
        return max(0, s - rng.randrange(0, 3)), min(e - 1, s + n), s + 1
    if place == "inside":
        if e - s < 4:
            return None
        p = rng.randrange(s + 1, e - 2)
        return p, min(p + n, e - 1), rng.randrange(s + 2, e - 1)
    if place == "end-edge":
        return max(s + 1, e - n), min(size, e + rng.randrange(0, 3)), e - 1
    if place == "right-after":
        return e, min(size, e + n), e
    if place == "after":
        if e + 2 > size:
            return None
        p = rng.randrange(e + 1, min(size, e + 40))
        return p, min(size, p + n), p
    raise ValueError(place)


def _normalised(text: str, p: int, q: int, r: str) -> tuple[int, int, str]:
    """The same edit with what the old and new stretch share at either end left out."""
    old = text[p:q]
    while old and r and old[0] == r[0]:
        old, r, p = old[1:], r[1:], p + 1
    while old and r and old[-1] == r[-1]:
        old, r, q = old[:-1], r[:-1], q - 1
    return p, q, r


def _ambiguous(text: str, p: int, q: int, r: str) -> bool:
    """An insertion or deletion that could equally be read one character to the left or right."""
    if p == q and r:  # insertion
        return (p > 0 and r[-1] == text[p - 1]) or (p < len(text) and r[0] == text[p])
    if not r and q > p:  # deletion
        return (q < len(text) and text[q] == text[p]) or (p > 0 and text[p - 1] == text[q - 1])
    return False


def expected_outcome(text: str, s: int, e: int, main: tuple[int, int, str],
                     others: tuple[tuple[int, int, str], ...] = ()) -> tuple[str, int, int]:
    """(status, start, end) the promise gives span ``s:e`` of ``text`` after the edits.

    ``main`` is the edit near the span; ``others`` are away from it (they only shift it).
    """
    p, q, r = main
    edits = [main, *others]
    new = apply_edits(text, edits)
    touched = not (q < s or (q == s and (p < s or p == q)) or p >= e)
    us, ue = (min(s, p), max(e, q)) if touched else (s, e)
    ts = us + sum(len(r2) - (q2 - p2) for p2, q2, r2 in edits if q2 <= us)
    te = ue + sum(len(r2) - (q2 - p2) for p2, q2, r2 in edits if q2 <= ue and not p2 == q2 == ue)
    if touched:
        ts, te = widen_to_runs(new, ts, te)
        if te <= ts:
            return "orphaned", ts, te
        ratio = SequenceMatcher(None, text[s:e], new[ts:te], autojunk=False).ratio()
        return ("review" if ratio >= REVIEW_SIMILARITY else "orphaned"), ts, te
    cut = (cuts_run(new, ts) and not cuts_run(text, s)) or (cuts_run(new, te) and not cuts_run(text, e))
    if cut:  # the quote is intact, but a number or word it ends in now runs on
        ws, we = widen_to_runs(new, ts, te)
        return "review", ws, we
    return "ok", ts, te


def _other_edits(rng: random.Random, text: str, keep_clear: list[tuple[int, int]]) -> tuple[tuple[int, int, str], ...]:
    """One to three edits anywhere else in the text, clear of the given stretches by two characters."""
    out: list[tuple[int, int, str]] = []
    for _ in range(rng.randrange(1, 4)):
        p = rng.randrange(0, len(text) - 4)
        q = p + rng.choice((0, 0, 1, 2, 3))
        r = "" if q > p and rng.random() < 0.4 else _filler(rng, text, p)
        if p == q and not r:
            continue
        if any(p - 2 < b and a < q + 2 for a, b in keep_clear):
            continue
        p, q, r = _normalised(text, p, q, r)
        if (p == q and not r) or _ambiguous(text, p, q, r):
            continue
        out.append((p, q, r))
        keep_clear.append((p, q))
    return tuple(out)


def make_case(index: int, seed: int = 0) -> EditCase:
    """Case ``index`` of the corpus with RNG ``seed``: the same arguments always give the same case."""
    rng = random.Random(seed * 1_000_003 + index)
    texts = _texts()
    for _attempt in range(200):
        k = rng.randrange(len(texts))
        text = texts[k]
        kind = SPAN_KINDS[index % len(SPAN_KINDS)] if _attempt < 50 else rng.choice(SPAN_KINDS)
        span = _pick_span(rng, text, k, kind)
        if span is None or span[1] - span[0] < 2:
            continue
        s, e = span
        op = rng.choice(OPS)
        if kind == "boilerplate" and rng.random() < 0.25:
            place = "other-occurrence"
            quote = text[s:e]
            others = [m.start() for m in re.finditer(re.escape(quote), text) if m.start() != s]
            o = rng.choice(others)
            if op == "delete":
                p, q, r = o, o + len(quote), ""
            else:
                i = rng.randrange(o, o + len(quote))
                p, q, r = i, i + (op == "substitute"), _filler(rng, text, i)
        elif kind == "number" and rng.random() < 0.3:
            place = "number"
            m = next(m for m in _NUMBER.finditer(text) if m.start() < e and s < m.end())
            value = m.group()
            r = rng.choice((value[:-1] + str((int(value[-1]) + rng.randrange(1, 10)) % 10),
                            value + "0", value[:-1] or "1", str(rng.randrange(1, 999))))
            p, q, op = m.start(), m.end(), "substitute"
        else:
            place = rng.choice(PLACES)
            where = _edit_range(rng, place, s, e, len(text))
            if where is None:
                continue
            p, q, at = where
            if op == "insert":
                p = q = at
                r = _filler(rng, text, at)
            elif op == "delete":
                r = ""
            else:
                r = _filler(rng, text, p)
        if q < p or (p == q and not r):
            continue
        p, q, r = _normalised(text, p, q, r)
        if (p == q and not r) or _ambiguous(text, p, q, r):
            continue
        op = "insert" if p == q else "delete" if not r else "substitute"
        if kind in ("sentence", "phrase") and rng.random() < MOVED_LINES:
            moved = _moved_line(rng, k, text, s, e, (p, q, r) if rng.random() < 0.6 else None)
            if moved is not None:
                return moved
        others = _other_edits(rng, text, [(s, e), (p, q)]) if rng.random() < MORE_EDITS else ()
        status, ts, te = expected_outcome(text, s, e, (p, q, r), others)
        return EditCase(k, kind, place, op, s, e, p, q, r, status, ts, te, others)
    raise RuntimeError(f"no usable edit for case {index}")


def _moved_line(rng: random.Random, seed: int, text: str, s: int, e: int,
                edit: tuple[int, int, str] | None) -> EditCase | None:
    """The paragraph holding ``s:e`` moved before another paragraph, with ``edit`` made in it
    (or moved unchanged); None when the span or the edit is not inside one paragraph."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e - 1) + 1  # with its line break
    if line_end <= 0:
        return None
    if edit is not None and not (line_start <= edit[0] and edit[1] < line_end):
        return None
    targets = [m.end() for m in re.finditer("\n", text) if not line_start <= m.end() <= line_end]
    if not targets:
        return None
    to = rng.choice([0, *targets]) if line_start else rng.choice(targets)
    line = text[line_start:line_end]
    ls, le = s - line_start, e - line_start
    if edit is None:
        status, ts, te, moved, op = "ok", ls, le, line, "move"
    else:
        local = (edit[0] - line_start, edit[1] - line_start, edit[2])
        status, ts, te = expected_outcome(line, ls, le, local)
        moved, op = apply_edits(line, [local]), "move+edit"
    base = to - len(line) if line_end <= to else to
    return EditCase(seed, "sentence" if text[s:e] == line.rstrip("\n") else "phrase", "moved-line", op, s, e,
                    line_start, line_end, "", status, base + ts, base + te, ((to, to, moved),))


def make_corpus(size: int, seed: int = 0) -> list[EditCase]:
    return [make_case(i, seed) for i in range(size)]


def run_case(case: EditCase) -> CaseOutcome:
    """Re-anchor the case's span onto its edited text, as the store does for an annotation."""
    text = _texts()[case.seed]
    new = _new_text(case)
    s, e = case.start, case.end
    span = OldSpan(s, e, text[s:e], text[max(0, s - CONTEXT):s], text[e:e + CONTEXT])
    began = time.perf_counter()
    placed = Reanchorer(text, new).place(span)
    seconds = time.perf_counter() - began
    status = "ok" if placed.confident else placed.status
    now = new[placed.start:placed.end] if status != "orphaned" else span.quote
    return CaseOutcome(case, status, placed.start, placed.end, now, seconds)


def run_corpus(size: int, seed: int = 0) -> CorpusReport:
    return CorpusReport([run_case(c) for c in make_corpus(size, seed)])


def describe(o: CaseOutcome) -> str:
    """One line about an outcome, for listing the ones that break the promise."""
    c = o.case
    text = _texts()[c.seed]
    new = _new_text(c)
    return (f"seed {c.seed} {c.kind}/{c.place}/{c.op} expected {c.expected} got {o.status}: "
            f"「{text[c.start:c.end]}」 edit 「{text[c.edit_from:c.edit_to]}」→「{c.replacement}」 "
            f"now 「{o.quote_now}」 true 「{new[c.true_start:c.true_end]}」")
