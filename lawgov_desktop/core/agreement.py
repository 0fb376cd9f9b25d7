"""Agreement between two annotators, and the disagreements a person adjudicates.

Pure Python: no Qt, no store.  Inputs are *units*: one ``(report_id, start, end, category)``
per category of an annotation (an annotation tagged 执法 and 复议 is two units), offsets in
code points.  Two measures, per category and per report, over the reports both annotated:

**Cohen's κ at character level.**  For one category, every character of every compared
report is one item that each annotator either marked (inside at least one of their spans of
that category) or not.  ``po`` is the share of characters on which they agree, ``pe`` the
agreement expected by chance from each annotator's own share of marked characters
(``pa·pb + (1−pa)(1−pb)``), and κ = (po − pe) / (1 − pe).  When both annotators mark nothing
(or everything) ``pe`` is 1 and κ is undefined: it is reported as 1.0, since they agree on
every character.  ``overall`` pools every (character, category) decision into one κ.

**Span precision/recall/F1**, annotator A taken as the reference and B as the one checked:
*exact* — a span of B counts when A has the same category on exactly the same offsets;
*overlap* — when A has a span of that category sharing at least one character.  P = spans of B
that match / spans of B, R = spans of A that match / spans of A, F1 = 2PR / (P + R) (0 when
either side has no span).  F1 is the same whichever annotator is the reference.

**Disagreements.**  Per report and category, spans of A and B that overlap (transitively)
form a cluster; a cluster whose spans are not the same on both sides is a disagreement: one
side only, or both with different boundaries.  :func:`disagreements` lists them in text
order — what the agreement table links to and what adjudication decides one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Unit = tuple[int, int, int, str]  # report_id, start, end, category name
Span = tuple[int, int]


@dataclass
class SpanScores:
    """Precision, recall and F1 of B against A for one way of matching spans."""

    precision: float
    recall: float
    f1: float


@dataclass
class Agreement:
    """The figures for one category (or one report, or everything pooled)."""

    kappa: float
    observed: float  # po: share of characters (decisions) both treat alike
    expected: float  # pe
    exact: SpanScores
    overlap: SpanScores
    spans_a: int
    spans_b: int
    chars: int  # characters compared (per category: of the compared reports)

    def as_dict(self) -> dict:
        return {
            "kappa": _round(self.kappa), "observed": _round(self.observed), "expected": _round(self.expected),
            "precision_exact": _round(self.exact.precision), "recall_exact": _round(self.exact.recall),
            "f1_exact": _round(self.exact.f1),
            "precision_overlap": _round(self.overlap.precision), "recall_overlap": _round(self.overlap.recall),
            "f1_overlap": _round(self.overlap.f1),
            "spans_a": self.spans_a, "spans_b": self.spans_b, "chars": self.chars,
        }


def _round(x: float) -> float:
    return round(x, 6)


@dataclass
class Disagreement:
    """Overlapping spans of one category on which the two annotators differ."""

    report_id: int
    category: str
    start: int  # the whole cluster
    end: int
    a_spans: list[Span] = field(default_factory=list)
    b_spans: list[Span] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if not self.b_spans:
            return "only_a"
        if not self.a_spans:
            return "only_b"
        return "boundary"

    def as_dict(self) -> dict:
        return {"report_id": self.report_id, "category": self.category, "start": self.start, "end": self.end,
                "kind": self.kind, "a": [list(s) for s in self.a_spans], "b": [list(s) for s in self.b_spans]}


@dataclass
class AgreementReport:
    """Agreement of two annotators: per category, per report, pooled, and the disagreements."""

    annotator_a: str
    annotator_b: str
    report_ids: list[int]
    categories: dict[str, Agreement]
    reports: dict[int, dict[str, Agreement]]  # report id → category → figures
    overall: Agreement | None
    disagreements: list[Disagreement]

    def as_dict(self) -> dict:
        return {
            "annotators": [self.annotator_a, self.annotator_b],
            "reports_compared": self.report_ids,
            "categories": {name: a.as_dict() for name, a in self.categories.items()},
            "overall": self.overall.as_dict() if self.overall else None,
            "reports": {str(rid): {name: a.as_dict() for name, a in cats.items()}
                        for rid, cats in self.reports.items()},
            "disagreements": [d.as_dict() for d in self.disagreements],
        }


# -- character level --------------------------------------------------------------------
def marked_chars(spans: Iterable[Span], length: int) -> int:
    """How many characters of ``[0, length)`` lie inside at least one span."""
    total, reach = 0, 0
    for start, end in sorted(spans):
        start, end = max(start, reach, 0), min(end, length)
        if end > start:
            total += end - start
            reach = end
    return total


def _intersection(a: list[Span], b: list[Span], length: int) -> int:
    """Characters marked by both (each list merged first)."""
    ma, mb = _merged(a, length), _merged(b, length)
    i = j = total = 0
    while i < len(ma) and j < len(mb):
        lo, hi = max(ma[i][0], mb[j][0]), min(ma[i][1], mb[j][1])
        if hi > lo:
            total += hi - lo
        if ma[i][1] < mb[j][1]:
            i += 1
        else:
            j += 1
    return total


def _merged(spans: Iterable[Span], length: int) -> list[Span]:
    out: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(end, length)
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


@dataclass
class _Counts:
    """Character decisions (both, a only, b only, neither) and span matches, additive."""

    both: int = 0
    a_only: int = 0
    b_only: int = 0
    neither: int = 0
    spans_a: int = 0
    spans_b: int = 0
    exact_a: int = 0  # spans of A with an exact partner in B
    exact_b: int = 0
    overlap_a: int = 0
    overlap_b: int = 0

    def add(self, other: _Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def result(self) -> Agreement:
        n = self.both + self.a_only + self.b_only + self.neither
        po = (self.both + self.neither) / n if n else 1.0
        pa = (self.both + self.a_only) / n if n else 0.0
        pb = (self.both + self.b_only) / n if n else 0.0
        pe = pa * pb + (1 - pa) * (1 - pb)
        kappa = 1.0 if pe >= 1.0 else (po - pe) / (1 - pe)
        return Agreement(kappa, po, pe, _scores(self.exact_b, self.exact_a, self.spans_a, self.spans_b),
                         _scores(self.overlap_b, self.overlap_a, self.spans_a, self.spans_b),
                         self.spans_a, self.spans_b, n)


def _scores(matched_b: int, matched_a: int, spans_a: int, spans_b: int) -> SpanScores:
    p = matched_b / spans_b if spans_b else 0.0
    r = matched_a / spans_a if spans_a else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return SpanScores(p, r, f1)


def _count(a: list[Span], b: list[Span], length: int) -> _Counts:
    """Counts for one report and one category."""
    ca, cb = marked_chars(a, length), marked_chars(b, length)
    both = _intersection(a, b, length)
    c = _Counts(both=both, a_only=ca - both, b_only=cb - both, neither=length - ca - cb + both,
                spans_a=len(a), spans_b=len(b))
    set_a, set_b = set(a), set(b)
    c.exact_a = sum(1 for s in a if s in set_b)
    c.exact_b = sum(1 for s in b if s in set_a)
    c.overlap_a = sum(1 for s in a if _overlaps_any(s, b))
    c.overlap_b = sum(1 for s in b if _overlaps_any(s, a))
    return c


def _overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(o[0] < span[1] and span[0] < o[1] for o in others)


def _group(units: Iterable[Unit]) -> dict[int, dict[str, list[Span]]]:
    out: dict[int, dict[str, list[Span]]] = {}
    for rid, start, end, cat in units:
        out.setdefault(rid, {}).setdefault(cat, []).append((start, end))
    return out


def compare(units_a: Iterable[Unit], units_b: Iterable[Unit], lengths: Mapping[int, int],
            annotator_a: str = "A", annotator_b: str = "B",
            categories: Iterable[str] | None = None) -> AgreementReport:
    """Agreement of A and B over the reports in ``lengths`` (report id → characters).

    Only units of those reports count; the caller chooses them (the reports both annotated).
    ``categories`` orders the result (display order); a category neither used is left out.
    """
    ga, gb = _group(u for u in units_a if u[0] in lengths), _group(u for u in units_b if u[0] in lengths)
    used = {c for g in (ga, gb) for cats in g.values() for c in cats}
    order = [c for c in (categories or []) if c in used] + sorted(used - set(categories or []))
    per_cat: dict[str, _Counts] = {c: _Counts() for c in order}
    per_report: dict[int, dict[str, Agreement]] = {}
    pooled = _Counts()
    for rid in sorted(lengths):
        length = lengths[rid]
        row: dict[str, Agreement] = {}
        for cat in order:
            a, b = ga.get(rid, {}).get(cat, []), gb.get(rid, {}).get(cat, [])
            counts = _count(a, b, length)
            per_cat[cat].add(counts)
            pooled.add(counts)
            if a or b:
                row[cat] = counts.result()
        per_report[rid] = row
    return AgreementReport(
        annotator_a, annotator_b, sorted(lengths),
        {c: per_cat[c].result() for c in order}, per_report,
        pooled.result() if order else None,
        disagreements(ga, gb, order),
    )


def disagreements(ga: dict[int, dict[str, list[Span]]], gb: dict[int, dict[str, list[Span]]],
                  order: list[str]) -> list[Disagreement]:
    """Clusters of overlapping spans where A and B differ, by report and position."""
    out: list[Disagreement] = []
    for rid in sorted(set(ga) | set(gb)):
        for cat in order:
            for cluster in clusters(ga.get(rid, {}).get(cat, []), gb.get(rid, {}).get(cat, [])):
                a_spans, b_spans = cluster
                if sorted(set(a_spans)) != sorted(set(b_spans)):
                    spans = a_spans + b_spans
                    out.append(Disagreement(rid, cat, min(s for s, _ in spans), max(e for _, e in spans),
                                            sorted(a_spans), sorted(b_spans)))
    out.sort(key=lambda d: (d.report_id, d.start, d.end, order.index(d.category)))
    return out


def clusters(a: list[Span], b: list[Span]) -> list[tuple[list[Span], list[Span]]]:
    """Spans of A and B grouped where they overlap, directly or through each other."""
    tagged = sorted([(s, e, 0) for s, e in a] + [(s, e, 1) for s, e in b])
    groups: list[tuple[list[Span], list[Span]]] = []
    reach = -1
    for start, end, side in tagged:
        if not groups or start >= reach:
            groups.append(([], []))
            reach = end
        else:
            reach = max(reach, end)
        groups[-1][side].append((start, end))
    return groups


# -- adjudication -------------------------------------------------------------------------
#: what a person may decide for one disagreement
CHOICES = ("a", "b", "both", "neither")


def decided_spans(d: Disagreement, choice: str) -> list[Span]:
    """The spans the gold set gets for one disagreement under ``choice``."""
    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r} (one of {', '.join(CHOICES)})")
    if choice == "a":
        return sorted(set(d.a_spans))
    if choice == "b":
        return sorted(set(d.b_spans))
    if choice == "both":
        return sorted(set(d.a_spans) | set(d.b_spans))
    return []


def agreed_units(units_a: Iterable[Unit], units_b: Iterable[Unit]) -> list[Unit]:
    """Units both annotators made identically (same report, offsets and category): the part
    of the gold set no one needs to decide."""
    b = set(units_b)
    return sorted({u for u in units_a if u in b})
