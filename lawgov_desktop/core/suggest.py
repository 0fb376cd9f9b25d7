"""Tag suggestions: keyword rules first, a learned ranker once the reader has taught it.

A suggestion is a span (a sentence, or the clause around a keyword) and a category.  Two
methods, chosen per category:

* **keyword** — a sentence holding one of the category's keywords is suggested; the score
  grows with the number and length of the keywords found (``行政执法`` says more than ``执法``).
* **learned** — once a category has :data:`MIN_CONFIRMED` confirmed annotations, a logistic
  regression (:mod:`lawgov_desktop.core.ranker`) is trained on sentences: those the reader
  tagged with the category are positive; the other sentences of reports the reader has worked
  in, and every rejected suggestion, are negative.  Its features are the sentence's words, the
  words of the titles of the sections it sits in (a sentence under ``（五）深化行政执法规范化
  建设`` is likely about enforcement even without the word), and the category's keywords as
  flags, so it starts from what the rules know and learns when they mislead (``谁执法谁普法``
  is about legal education, not enforcement).

:func:`evaluate` measures both methods on held-out data (leave-one-report-out, or k-fold).
Everything here is pure: the store gathers the data, the GUI runs it in a worker thread.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from sys import intern

from lawgov_desktop.core.document import Section, innermost_section
from lawgov_desktop.core.ranker import LogisticRanker, Metrics, binary_metrics
from lawgov_desktop.core.segment import Token, is_content_word
from lawgov_desktop.core.selection import clause_around, sentence_spans

#: Confirmed annotations a category needs before its learned ranker replaces the keywords.
MIN_CONFIRMED = 15
#: Probability from which the learned ranker proposes a sentence.  Below 0.5 on purpose:
#: on a report it was not trained on, the ranker's probabilities run low (measured on the
#: seeds, leave-one-report-out: 0.3 gives the best F1 for every default category).
THRESHOLD = 0.3
#: Sentences with fewer characters than this are headings or fragments: never suggested.
MIN_SENTENCE = 6

Span = tuple[int, int]


@dataclass(slots=True)
class SentenceItem:
    """One sentence of a report with what the features need (slots: thousands are cached)."""

    report_id: int
    start: int
    end: int
    text: str
    words: list[str] = field(default_factory=list)
    section_words: list[str] = field(default_factory=list)


@dataclass
class Suggestion:
    """A proposed tag: ``text[start:end]`` of ``report_id`` might belong to ``category_id``."""

    report_id: int
    start: int
    end: int
    category_id: int
    score: float
    method: str  # "keyword" or "learned"
    keywords: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def sentence_items(report_id: int, text: str, sections: Sequence[Section], tokens: Sequence[Token]) -> list[SentenceItem]:
    """The report's sentences with their words and the words of their section titles."""
    section_list = list(sections)
    section_titles: list[list[str]] = [[] for _ in sections]
    sec_order = sorted(range(len(sections)), key=lambda i: sections[i].start)
    items = [SentenceItem(report_id, s, e, text[s:e]) for s, e in sentence_spans(text)]
    # one pass over the tokens: each word goes to its sentence and to the heading it is in
    titles = [(sections[i].start, sections[i].title_end, i) for i in sec_order]
    si = ti = 0
    for start, _end, word in tokens:
        if not is_content_word(word):
            continue
        while si < len(items) and items[si].end <= start:
            si += 1
        word = intern(word)  # the same few thousand words recur: one string each, shared by every sentence
        if si < len(items) and items[si].start <= start:
            items[si].words.append(word)
        while ti < len(titles) and titles[ti][1] <= start:
            ti += 1
        if ti < len(titles) and titles[ti][0] <= start:
            section_titles[titles[ti][2]].append(word)
    for item, idx in zip(items, _innermost_sections(section_list, [it.start for it in items]), strict=True):
        seen: list[str] = []
        while idx is not None:
            seen.extend(w for w in section_titles[idx] if w not in seen)
            idx = sections[idx].parent
        item.section_words = seen
    return items


def _innermost_sections(sections: list[Section], offsets: list[int]) -> list[int | None]:
    """:func:`~lawgov_desktop.core.document.innermost_section` of each offset, in one sweep
    when the offsets ascend (a sentence's), so a report with hundreds of sections and
    thousands of sentences does not walk the sections again for every sentence."""
    if any(offsets[i] > offsets[i + 1] for i in range(len(offsets) - 1)):
        return [innermost_section(sections, off) for off in offsets]
    out: list[int | None] = []
    open_: list[int] = []  # sections begun at or before the offset and not yet ended
    nxt = 0
    for off in offsets:
        while nxt < len(sections) and sections[nxt].start <= off:  # the prefix innermost_section looks at
            open_.append(nxt)
            nxt += 1
        open_ = [i for i in open_ if sections[i].end > off]
        # the deepest; of equally deep ones the last in the list, as innermost_section picks
        out.append(max(open_, key=lambda i: (sections[i].depth, i)) if open_ else None)
    return out


# -- keyword rules ---------------------------------------------------------------------------
def keyword_hits(text: str, keywords: Sequence[str]) -> list[str]:
    """The category keywords found in ``text``, in keyword-list order."""
    return [k for k in keywords if k and k in text]


def keyword_score(hits: Sequence[str]) -> float:
    """Confidence of a keyword rule: each keyword adds evidence, a longer one more."""
    if not hits:
        return 0.0
    miss = 1.0
    for k in hits:
        miss *= 1.0 - min(0.9, 0.2 + 0.1 * len(k))
    return 1.0 - miss


def features(item: SentenceItem, hits: Sequence[str]) -> list[str]:
    """Feature strings of a sentence for one category (its keyword ``hits``).

    Character bigrams of long words let ``行政执法人员`` share evidence with ``执法``, which the
    domain dictionary would otherwise keep apart.
    """
    out = ["w:" + w for w in item.words]
    for w in item.words:
        if len(w) >= 3:
            out += ["c:" + w[i:i + 2] for i in range(len(w) - 1)]
    out += ["s:" + w for w in item.section_words]
    out += ["k:" + k for k in hits]
    if hits:
        out.append("k:*")
    return out


@dataclass
class CategoryModel:
    """How one category scores sentences: keyword rules, or a trained ranker."""

    category_id: int
    keywords: list[str]
    ranker: LogisticRanker | None = None
    threshold: float = THRESHOLD
    confirmed: int = 0  # confirmed annotations it was trained on

    @property
    def method(self) -> str:
        return "learned" if self.ranker is not None else "keyword"

    def score(self, item: SentenceItem) -> tuple[float, list[str], bool]:
        """(score, keywords found, proposed?) for one sentence."""
        hits = keyword_hits(item.text, self.keywords)
        if self.ranker is None:
            return keyword_score(hits), hits, bool(hits)
        p = self.ranker.predict_proba(features(item, hits))
        return p, hits, p >= self.threshold


def label_items(items: Sequence[SentenceItem], spans: Sequence[tuple[int, int, int]]) -> list[int]:
    """1 for each sentence a ``(report_id, start, end)`` span covers substantially, else 0.

    Substantially: the overlap is at least half of the shorter of the two, so a phrase
    tagged inside a sentence counts for it, and a passage tagged across many sentences
    counts for each, but a span that only grazes a sentence's edge does not.

    Each span looks only at the sentences it overlaps (found by bisection), so a report of
    ten thousand sentences and thousands of annotations costs their number, not its product.
    """
    by_report: dict[int, list[Span]] = {}
    for rid, s, e in spans:
        by_report.setdefault(rid, []).append((s, e))
    out = [0] * len(items)
    groups: dict[int, list[int]] = {}
    for k, it in enumerate(items):
        if it.report_id in by_report:
            groups.setdefault(it.report_id, []).append(k)
    for rid, ks in groups.items():
        ks.sort(key=lambda k: items[k].start)
        starts = [items[k].start for k in ks]
        ends = [items[k].end for k in ks]
        ordered = all(ends[j] <= ends[j + 1] for j in range(len(ends) - 1))  # sentences do not overlap
        for s, e in by_report[rid]:
            lo = bisect_right(ends, s) if ordered else 0  # the first sentence ending after s
            for j in range(lo, bisect_left(starts, e)):  # ... up to the last starting before e
                k = ks[j]
                if out[k]:
                    continue
                it = items[k]
                overlap = min(e, it.end) - max(s, it.start)
                if overlap > 0 and overlap * 2 >= min(e - s, it.end - it.start):
                    out[k] = 1
    return out


def training_order(worked: Sequence[int], positive: set[int], judged: set[int], seed: int) -> list[int]:
    """The order a category's training reads the worked reports in: those where a suggestion
    of it was rejected, then those holding its annotations, then the others — each group in
    one seeded shuffle of all the reports, so every category reads the same reports first."""
    order = sorted(worked)
    random.Random(seed).shuffle(order)
    return ([r for r in order if r in judged] + [r for r in order if r in positive and r not in judged]
            + [r for r in order if r not in positive and r not in judged])


class SuggestionsCancelled(Exception):
    """The work on suggestions was asked to stop (the window is closing, say)."""


def train_model(category_id: int, keywords: Sequence[str], items: Sequence[SentenceItem], labels: Sequence[int],
                confirmed: int, *, min_confirmed: int = MIN_CONFIRMED) -> CategoryModel:
    """A learned model when there are enough confirmed annotations and both classes, else keywords."""
    model = CategoryModel(category_id, list(keywords), confirmed=confirmed)
    if confirmed < min_confirmed or not any(labels) or all(labels):
        return model
    model.ranker = fit_ranker(items, labels, keywords)
    return model


def fit_ranker(items: Sequence[SentenceItem], labels: Sequence[int], keywords: Sequence[str]) -> LogisticRanker:
    # one sentence's features at a time: the ranker keeps their numbers, never all the strings
    samples = (features(it, keyword_hits(it.text, keywords)) for it in items)
    return LogisticRanker().fit(samples, list(labels))


class _Blocked:
    """Spans a sentence must not overlap, as their sorted starts and the running maximum of
    their ends: one bisection per sentence, not a walk over the report's thousands of annotations."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _e in ordered]
        self.reach = list(accumulate((e for _s, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the spans starting before ``end``...
        return k > 0 and self.reach[k - 1] > start  # ... one of which ends after ``start``


def suggest(
    text: str, items: Sequence[SentenceItem], models: Sequence[CategoryModel],
    exclude: dict[int, list[Span]] | None = None, *, span_mode: str = "sentence",
) -> list[Suggestion]:
    """Suggestions for one report, in document order.

    ``exclude`` maps a category to spans that must not be proposed again for it (existing
    annotations of that category and rejected suggestions): any sentence overlapping one is
    skipped.  ``span_mode="clause"`` narrows keyword suggestions to the keyword's clause.
    """
    blocked = {cid: _Blocked(spans) for cid, spans in (exclude or {}).items() if spans}
    out: list[Suggestion] = []
    for it in items:
        if it.end - it.start < MIN_SENTENCE:
            continue
        for model in models:
            b = blocked.get(model.category_id)
            if b is not None and b.overlaps(it.start, it.end):
                continue
            score, hits, proposed = model.score(it)
            if not proposed:
                continue
            start, end = it.start, it.end
            if span_mode == "clause" and hits and model.ranker is None:
                k = text.find(hits[0], it.start, it.end)
                start, end = clause_around(text, (it.start, it.end), k, k + len(hits[0]))
            out.append(Suggestion(it.report_id, start, end, model.category_id, round(score, 4), model.method, hits))
    return out


# -- evaluation ------------------------------------------------------------------------------
@dataclass
class Evaluation:
    """Held-out quality of the learned ranker and, on the same sentences, the keyword rules."""

    learned: Metrics
    keywords: Metrics
    scheme: str  # e.g. "leave-one-report-out (5 reports)"

    def as_dict(self) -> dict:
        return {"learned": self.learned.as_dict(), "keywords": self.keywords.as_dict(), "scheme": self.scheme}


def fold_of(items: Sequence[SentenceItem], folds: int) -> tuple[list[int], str]:
    """Fold number of each item: whole reports per fold when there are several reports."""
    groups = sorted({it.report_id for it in items})
    if len(groups) >= 2:
        k = min(folds, len(groups))
        pos = {g: i % k for i, g in enumerate(groups)}
        scheme = (f"leave-one-report-out ({len(groups)} reports)" if k == len(groups)
                  else f"{k}-fold by report ({len(groups)} reports)")
        return [pos[it.report_id] for it in items], scheme
    return [i % folds for i in range(len(items))], f"{folds}-fold by sentence"


def evaluate(
    items: Sequence[SentenceItem], labels: Sequence[int], keywords: Sequence[str], *, folds: int = 5,
    fit: Callable[[Sequence[SentenceItem], Sequence[int], Sequence[str]], LogisticRanker] = fit_ranker,
    threshold: float = THRESHOLD, should_stop: Callable[[], bool] | None = None,
) -> Evaluation:
    """Train on all folds but one, predict the held-out one, pool the predictions, score both.

    The keyword rules need no training, so they are scored on exactly the same sentences.
    Raises :class:`SuggestionsCancelled` when ``should_stop()`` says so (asked before each fold).
    """
    fold_ids, scheme = fold_of(items, folds)
    n = len(items)
    learned_scores = [0.0] * n
    for f in sorted(set(fold_ids)):
        if should_stop is not None and should_stop():
            raise SuggestionsCancelled()
        train = [i for i in range(n) if fold_ids[i] != f]
        test = [i for i in range(n) if fold_ids[i] == f]
        y_train = [labels[i] for i in train]
        if not any(y_train) or all(y_train):
            continue  # nothing to learn from: the held-out fold scores 0 (counts against the ranker)
        ranker = fit([items[i] for i in train], y_train, keywords)
        for i in test:
            learned_scores[i] = ranker.predict_proba(features(items[i], keyword_hits(items[i].text, keywords)))
    kw_hits = [keyword_hits(it.text, keywords) for it in items]
    learned = binary_metrics(labels, [s >= threshold for s in learned_scores], learned_scores)
    rules = binary_metrics(labels, [bool(h) for h in kw_hits], [keyword_score(h) for h in kw_hits])
    return Evaluation(learned, rules, scheme)


__all__ = ["MIN_CONFIRMED", "THRESHOLD", "CategoryModel", "Evaluation", "SentenceItem", "Suggestion",
           "SuggestionsCancelled", "evaluate", "features", "fit_ranker", "fold_of", "keyword_hits", "keyword_score",
           "label_items", "sentence_items", "suggest", "train_model", "training_order"]
