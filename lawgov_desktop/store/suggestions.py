"""Tag suggestions in the project: the reader's verdicts, and the data that trains the ranker.

A rejected suggestion is stored in ``suggestion_feedback`` so it is not proposed again for
that category and becomes a negative example; an accepted one becomes a normal annotation
(the GUI pushes it as an undo command) and is recorded too.  The scoring itself is pure
code in :mod:`lawgov_desktop.core.suggest`; this module gathers its inputs.

Sentences and trained models are cached per process (keyed by the report's hash and by
a fingerprint of the annotations and verdicts), because the suggestion worker opens its
own :class:`Project` and segmenting and training would otherwise be redone on each request.

Training stays bounded whatever the project's size: a category learns from at most
:data:`MAX_POSITIVES` tagged and :data:`MAX_NEGATIVES` untagged sentences, drawn with a fixed
seed from the sentences of at most :data:`MAX_TRAINING_CHARS` characters of worked reports
(reports holding the category's annotations first, then the others, each group in one
seeded order shared by every category, so their sentences are segmented once).  With a
hundred thousand annotations a category trains in seconds, not minutes, and the sentences
it never looks at are never segmented nor held in memory.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Message
from lawgov_desktop.store.errors import VerdictUnknown
from lawgov_desktop.store.records import Changes, now_iso
from lawgov_desktop.store.service import Service

if TYPE_CHECKING:
    from lawgov_desktop.core.segment import Segmenter
    from lawgov_desktop.core.suggest import CategoryModel, Evaluation, SentenceItem, Suggestion

VERDICTS = ("accepted", "rejected")
#: Most tagged (positive) sentences used to train one category; beyond, a seeded sample.
MAX_POSITIVES = 1500
#: Most untagged (negative) sentences used to train one category; beyond, a seeded sample
#: (the sentences of rejected suggestions are always kept).
MAX_NEGATIVES = 3000
#: Most characters of report text read (and segmented) to gather one category's sentences.
MAX_TRAINING_CHARS = 600_000
#: The held-out evaluation trains once per fold: it samples fewer sentences.
EVAL_POSITIVES, EVAL_NEGATIVES = 500, 1000
#: Seed of the order reports are drawn in (one for every category: they share the sentences).
TRAINING_SEED = 0

_lock = threading.Lock()
_items_cache: OrderedDict[tuple[str, int], list[SentenceItem]] = OrderedDict()
_model_cache: OrderedDict[tuple, CategoryModel] = OrderedDict()


def _remember(cache: OrderedDict, key: object, value: object, size: int) -> None:
    with _lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


@dataclass
class Feedback:
    """A reader's verdict on one suggested span."""

    id: int
    report_id: int
    start: int
    end: int
    category_id: int
    verdict: str
    created_at: str

    def as_dict(self) -> dict:
        return asdict(self)


class Suggestions(Service):
    """Suggested tags, the reader's verdicts on them and the ranker's inputs (``project.suggestions``).

    Asks the project for ``reports``, ``categories`` and ``annotations`` (texts, keywords, tags
    and accepted suggestions).
    """

    # -- verdicts ------------------------------------------------------------------------
    def add_feedback(self, report_id: int, start: int, end: int, category_id: int,
                                verdict: str) -> int:
        """Record that the reader accepted or rejected ``start:end`` for a category."""
        if verdict not in VERDICTS:
            raise VerdictUnknown(verdict=verdict)
        self._project.annotations._checked_span(report_id, start, end)
        with self._operation("suggestion-feedback", Message("label.accept_suggestion" if verdict == "accepted"
                                                          else "label.reject_suggestion")):
            cur = self.conn.execute(
                'INSERT INTO suggestion_feedback (report_id, start, "end", category_id, verdict, created_at) '
                "VALUES (?,?,?,?,?,?)", [report_id, start, end, category_id, verdict, now_iso()],
            )
        self._notify(Changes("suggestion-feedback"))
        return int(cur.lastrowid)

    def accept(self, report_id: int, start: int, end: int, category_id: int,
                          note: str = "") -> tuple[int, int]:
        """Tag a suggested span and record the verdict as ONE operation (one transaction, one
        undo step): a crash never leaves the annotation without its verdict or the reverse.
        Returns ``(annotation id, verdict id)``."""
        name = self._project.categories.get(category_id).name
        with self._operation("accept-suggestion", Message("label.accept_suggestion_named", name=name)):
            aid = self._project.annotations.add(report_id, start, end, [category_id], note=note)
            fid = self.add_feedback(report_id, start, end, category_id, "accepted")
        return aid, fid

    def reject(self, report_id: int, start: int, end: int, category_id: int) -> int:
        """Record that a suggested span is wrong for the category (one undo step)."""
        name = self._project.categories.get(category_id).name
        with self._operation("reject-suggestion", Message("label.reject_suggestion_named", name=name)):
            return self.add_feedback(report_id, start, end, category_id, "rejected")

    def delete_feedback(self, feedback_id: int) -> None:
        """Forget a verdict."""
        with self._operation("suggestion-feedback", Message("label.forget_verdict")):
            self.conn.execute("DELETE FROM suggestion_feedback WHERE id = ?", [feedback_id])
        self._notify(Changes("suggestion-feedback"))

    def feedback(self, report_id: int | None = None, category_id: int | None = None,
                            verdict: str | None = None) -> list[Feedback]:
        where, params = [], []
        for col, val in (("report_id", report_id), ("category_id", category_id), ("verdict", verdict)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        rows = self.conn.execute(
            f'SELECT id, report_id, start, "end", category_id, verdict, created_at FROM suggestion_feedback '
            f"{clause} ORDER BY id", params,
        )
        return [Feedback(*r) for r in rows]

    # -- inputs --------------------------------------------------------------------------
    def sentence_items(self, report_id: int, segmenter: Segmenter | None = None) -> list[SentenceItem]:
        """The report's sentences with words and section-title words (cached by text hash)."""
        from lawgov_desktop.core.suggest import sentence_items  # the ranker's code loads when first asked for

        sha = self.conn.execute("SELECT sha256 FROM reports WHERE id = ?", [report_id]).fetchone()
        if sha is None:
            raise KeyError(f"no report {report_id}")
        key = (sha[0], report_id)
        with _lock:
            hit = _items_cache.get(key)
        if hit is not None:
            return hit
        seg = segmenter or _default_segmenter()
        text = self._project.reports.text(report_id)
        items = sentence_items(report_id, text, self._project.reports.sections(report_id), seg.tokens(text))
        _remember(_items_cache, key, items, 256)
        return items

    def _category_spans(self, category_id: int, report_id: int) -> list[tuple[int, int, int]]:
        rows = self.conn.execute(
            'SELECT a.report_id, a.start, a."end" FROM annotations a JOIN annotation_categories ac '
            # "+": look the report's annotations up by report (a few hundred), not the category's (all of them)
            "ON ac.annotation_id = a.id WHERE a.report_id = ? AND +ac.category_id = ? AND a.status <> 'orphaned'",
            [report_id, category_id],
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def _category_reports(self, category_id: int) -> set[int]:
        """Reports holding annotations of the category (one row each, not one per annotation)."""
        rows = self.conn.execute(
            "SELECT DISTINCT a.report_id FROM annotations a JOIN annotation_categories ac "
            "ON ac.annotation_id = a.id WHERE ac.category_id = ? AND a.status <> 'orphaned'", [category_id],
        )
        return {r[0] for r in rows}

    def _worked_reports(self) -> list[int]:
        """Reports the reader has tagged in or judged suggestions of: their untagged sentences
        are meaningful negatives (an unread report's are not)."""
        rows = self.conn.execute(
            "SELECT report_id FROM annotations UNION SELECT report_id FROM suggestion_feedback ORDER BY 1"
        )
        return [r[0] for r in rows]

    def _fingerprint(self) -> tuple:
        a = self.conn.execute("SELECT count(*), max(id), max(updated_at) FROM annotations").fetchone()
        f = self.conn.execute("SELECT count(*), max(id) FROM suggestion_feedback").fetchone()
        return (str(self.path.resolve()), tuple(a), tuple(f))

    def training_set(self, category_id: int, segmenter: Segmenter | None = None, *,
                     max_positives: int | None = None, max_negatives: int | None = None,
                     should_stop: Callable[[], bool] | None = None,
                     ) -> tuple[list[SentenceItem], list[int], int]:
        """(sentences, labels, confirmed annotations) for one category's ranker.

        Bounded (see the module's notes): reports are read in :func:`training_order` until
        there are ``max_positives`` and ``max_negatives`` sentences (default
        :data:`MAX_POSITIVES`, :data:`MAX_NEGATIVES`) or
        :data:`MAX_TRAINING_CHARS` characters have been read; then each kind beyond its bound
        is sampled with the category's id as the seed.  Sentences are in report and document
        order, as when every report was read (the same fit when no bound is reached).  Raises
        :class:`SuggestionsCancelled` when ``should_stop()`` says so.
        """
        from lawgov_desktop.core.suggest import SuggestionsCancelled, label_items, training_order

        max_positives = MAX_POSITIVES if max_positives is None else max_positives
        max_negatives = MAX_NEGATIVES if max_negatives is None else max_negatives
        positive = self._category_reports(category_id)  # the spans are read per report, as it is read
        rejected: dict[int, list[tuple[int, int, int]]] = {}
        for fb in self.feedback(category_id=category_id, verdict="rejected"):
            rejected.setdefault(fb.report_id, []).append((fb.report_id, fb.start, fb.end))
        items: list[SentenceItem] = []
        labels: list[int] = []
        kept: list[int] = []  # indexes of the sentences of rejected suggestions: always negatives
        n_pos = chars = 0
        for rid in training_order(self._worked_reports(), positive, set(rejected), TRAINING_SEED):
            if n_pos >= max_positives and len(labels) - n_pos >= max_negatives or chars >= MAX_TRAINING_CHARS:
                break
            if should_stop is not None and should_stop():
                raise SuggestionsCancelled()
            its = self.sentence_items(rid, segmenter)
            labs = label_items(its, self._category_spans(category_id, rid) if rid in positive else ())
            if rid in rejected:
                kept += [len(items) + k for k, r in enumerate(label_items(its, rejected[rid])) if r and not labs[k]]
            items += its
            labels += labs
            n_pos += sum(labs)
            chars += its[-1].end if its else 0
        rng = random.Random(category_id)
        pos = [i for i, y in enumerate(labels) if y]
        if len(pos) > max_positives:
            pos = rng.sample(pos, max_positives)
        forced = set(kept)
        neg = [i for i, y in enumerate(labels) if not y and i not in forced]
        room = max(0, max_negatives - len(forced))
        if len(neg) > room:
            neg = rng.sample(neg, room)
        chosen = sorted([*pos, *neg, *forced], key=lambda i: (items[i].report_id, items[i].start))
        return [items[i] for i in chosen], [labels[i] for i in chosen], self._confirmed(category_id)

    def _confirmed(self, category_id: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM annotation_categories ac JOIN annotations a ON a.id = ac.annotation_id "
            "WHERE ac.category_id = ? AND a.status <> 'orphaned'", [category_id]).fetchone()[0]

    def models(self, category_ids: Iterable[int] | None = None,
                          segmenter: Segmenter | None = None, *,
                          should_stop: Callable[[], bool] | None = None) -> list[CategoryModel]:
        """One model per category: learned when it has enough confirmed annotations (trained
        once per state of the annotations and verdicts, then taken from the cache)."""
        from lawgov_desktop.core.suggest import MIN_CONFIRMED, CategoryModel, train_model

        cats = self._project.categories.list()
        wanted = set(category_ids) if category_ids is not None else None
        fp = self._fingerprint()
        models: list[CategoryModel] = []
        for cat in cats:
            if wanted is not None and cat.id not in wanted:
                continue
            key = (fp, cat.id, tuple(cat.keywords))
            with _lock:
                model = _model_cache.get(key)
            if model is None:
                confirmed = self._confirmed(cat.id)
                if confirmed >= MIN_CONFIRMED:
                    items, labels, confirmed = self.training_set(cat.id, segmenter, should_stop=should_stop)
                    model = train_model(cat.id, cat.keywords, items, labels, confirmed)
                    del items, labels  # the model keeps only its weights
                else:
                    model = CategoryModel(cat.id, list(cat.keywords), confirmed=confirmed)
                _remember(_model_cache, key, model, 64)
            if model.ranker is not None or model.keywords:
                models.append(model)
        return models

    # -- suggestions ---------------------------------------------------------------------
    def list(
        self, report_ids: Iterable[int] | None = None, category_ids: Iterable[int] | None = None,
        limit: int | None = None, *, segmenter: Segmenter | None = None, span_mode: str = "sentence",
        best_first: bool = False, should_stop: Callable[[], bool] | None = None,
    ) -> list[Suggestion]:
        """Suggested tags, in report and document order — or, with ``best_first``, highest
        score first (equal scores in report and document order).

        Spans overlapping an annotation of the same category, or a rejected suggestion for
        it, are left out.  ``limit`` keeps the highest-scoring ones (ties: the earlier in the
        text), sorted before they are cut.  Blocks while jieba loads.  Raises
        :class:`SuggestionsCancelled` when ``should_stop()`` says so (checked between reports
        and while gathering training sentences).
        """
        from lawgov_desktop.core.suggest import SuggestionsCancelled, suggest

        rids = list(report_ids) if report_ids is not None else [r.id for r in self._project.reports.list()]
        models = self.models(category_ids, segmenter, should_stop=should_stop)
        out: list[Suggestion] = []
        for rid in rids:
            if should_stop is not None and should_stop():
                raise SuggestionsCancelled()
            exclude: dict[int, list[tuple[int, int]]] = {}
            for a in self.conn.execute(
                'SELECT ac.category_id, a.start, a."end" FROM annotations a JOIN annotation_categories ac '
                "ON ac.annotation_id = a.id WHERE a.report_id = ?", [rid]):
                exclude.setdefault(a[0], []).append((a[1], a[2]))
            for fb in self.feedback(report_id=rid, verdict="rejected"):
                exclude.setdefault(fb.category_id, []).append((fb.start, fb.end))
            text = self._project.reports.text(rid)
            out.extend(suggest(text, self.sentence_items(rid, segmenter), models, exclude, span_mode=span_mode))
        # out is in report and document order: its index is the tie-break "by position"
        ranked = sorted(range(len(out)), key=lambda i: (-out[i].score, i))
        if limit is not None:
            ranked = ranked[:max(0, limit)]
        return [out[i] for i in (ranked if best_first else sorted(ranked))]

    def ranker_evaluation(self, category_ids: Iterable[int] | None = None,
                          segmenter: Segmenter | None = None, *,
                          should_stop: Callable[[], bool] | None = None) -> dict[int, Evaluation | None]:
        """Held-out precision/recall of each category's learned ranker vs its keyword rules,
        on a sample of its training sentences (:data:`EVAL_POSITIVES`, :data:`EVAL_NEGATIVES`:
        it trains once per fold).

        None for a category with fewer than :data:`MIN_CONFIRMED` confirmed annotations.
        """
        from lawgov_desktop.core.suggest import MIN_CONFIRMED, evaluate

        out: dict[int, Evaluation | None] = {}
        wanted = set(category_ids) if category_ids is not None else None
        for cat in self._project.categories.list():
            if wanted is not None and cat.id not in wanted:
                continue
            if self._confirmed(cat.id) < MIN_CONFIRMED:
                out[cat.id] = None
                continue
            items, labels, confirmed = self.training_set(cat.id, segmenter, max_positives=EVAL_POSITIVES,
                                                         max_negatives=EVAL_NEGATIVES, should_stop=should_stop)
            if confirmed < MIN_CONFIRMED or not any(labels) or all(labels):
                out[cat.id] = None
                continue
            out[cat.id] = evaluate(items, labels, cat.keywords, should_stop=should_stop)
        return out


def _default_segmenter() -> Segmenter:
    from lawgov_desktop.core.segment import get_segmenter

    return get_segmenter()


__all__ = ["VERDICTS", "Feedback", "Suggestions"]
