"""A small learned ranker and the metrics to judge it: pure Python, no NumPy.

The training sets are small (tens to a few thousand sentences: the store samples larger
ones down, see :mod:`lawgov_desktop.store.suggestions`), so a regularised logistic
regression fitted by SGD over sparse binary features takes a second or two and ships with
no native dependency.  Each sample is a set of feature strings; its vector is that set,
L2-normalised, so long sentences do not win by length alone.  Positive examples are rare,
so the classes are weighted to balance.

Memory: a sample is held as a compact array of feature numbers while fitting (not as a
list of strings), the weights as one array of doubles, and the feature names are interned,
so the models of several categories share one copy of each name.
"""

from __future__ import annotations

import math
import random
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class LogisticRanker:
    """Binary logistic regression over sets of string features."""

    def __init__(self, *, l2: float = 1e-3, epochs: int = 20, lr: float = 0.5, seed: int = 0,
                 min_count: int = 1) -> None:
        self.l2, self.epochs, self.lr, self.seed, self.min_count = l2, epochs, lr, seed, min_count
        self.index: dict[str, int] = {}
        self.weights: array = array("d")
        self.bias = 0.0

    def _vector(self, feats: Iterable[str]) -> list[int]:
        index = self.index
        return [i for i in map(index.get, set(feats)) if i is not None]

    def fit(self, samples: Iterable[Iterable[str]], labels: Sequence[int]) -> LogisticRanker:
        """Fit on ``samples`` (feature sets, any iterable: read once when ``min_count`` is 1)
        with 0/1 ``labels``; deterministic for a seed."""
        ys = [1 if y else 0 for y in labels]
        if self.min_count > 1:
            sets = [set(s) for s in samples]
            counts: dict[str, int] = {}
            for fs in sets:
                for f in fs:
                    counts[f] = counts.get(f, 0) + 1
            kept: Iterable[Iterable[str]] = [{f for f in fs if counts[f] >= self.min_count} for fs in sets]
            del sets, counts
        else:
            kept = samples
        index: dict[str, int] = {}
        xs: list[array] = []  # each sample as its feature numbers: ~4 bytes a feature, not a list of objects
        for fs in kept:
            ids = array("i")
            for f in sorted(set(fs)):
                i = index.get(f)
                if i is None:
                    i = index[sys.intern(f)] = len(index)
                ids.append(i)
            xs.append(ids)
        if len(xs) != len(ys):
            raise ValueError("samples and labels differ in length")
        self.index = index
        n_pos = sum(ys)
        n_neg = len(ys) - n_pos
        if not n_pos or not n_neg:
            self.weights = array("d", bytes(8 * len(index)))
            self.bias = 6.0 if n_pos else -6.0
            return self
        w = [0.0] * len(index)  # a list while fitting: indexing it is faster than an array's
        w_pos, w_neg = len(ys) / (2.0 * n_pos), len(ys) / (2.0 * n_neg)
        bias = math.log(n_pos / n_neg)
        scales = [1.0 / math.sqrt(len(x)) if x else 0.0 for x in xs]
        order = list(range(len(xs)))
        rng = random.Random(self.seed)
        exp, get = math.exp, w.__getitem__
        for epoch in range(self.epochs):
            rng.shuffle(order)
            lr = self.lr / (1.0 + 0.1 * epoch)  # settle down as the epochs go by
            decay = 1.0 - lr * self.l2  # w - lr * (g + l2 * w) == w * decay - lr * g
            for k in order:
                x = xs[k]
                scale = scales[k]
                z = bias + scale * sum(map(get, x))
                if z >= 0:
                    p = 1.0 / (1.0 + exp(-z))
                else:
                    e = exp(z)
                    p = e / (1.0 + e)
                g = (p - 1.0) * w_pos if ys[k] else p * w_neg
                bias -= lr * g
                step = lr * g * scale
                for i in x:
                    w[i] = w[i] * decay - step
        self.bias = bias
        self.weights = array("d", w)
        return self

    def predict_proba(self, feats: Iterable[str]) -> float:
        """Probability that a sample with these features is positive."""
        x = self._vector(feats)
        scale = 1.0 / math.sqrt(len(x)) if x else 0.0
        return _sigmoid(self.bias + scale * sum(map(self.weights.__getitem__, x)))

    def top_features(self, n: int = 10) -> list[tuple[str, float]]:
        """The most positive features: a readable explanation of what the model learned."""
        names = {i: f for f, i in self.index.items()}
        ranked = sorted(range(len(self.weights)), key=lambda i: -self.weights[i])
        return [(names[i], self.weights[i]) for i in ranked[:n]]


@dataclass
class Metrics:
    """Precision, recall, F1 (at the decision threshold) and average precision of a ranking."""

    precision: float
    recall: float
    f1: float
    average_precision: float
    positives: int
    predicted: int
    total: int

    def as_dict(self) -> dict:
        return asdict(self)


def binary_metrics(labels: Sequence[int], predicted: Sequence[bool], scores: Sequence[float]) -> Metrics:
    """Metrics of one pooled set of held-out predictions.

    Average precision ranks by score, ties kept in input order (document order), which is
    how a reader would walk through equally scored suggestions.
    """
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y and p)
    n_pred = sum(1 for p in predicted if p)
    n_pos = sum(1 for y in labels if y)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_pos if n_pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(precision, recall, f1, average_precision(labels, scores), n_pos, n_pred, len(labels))


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Mean of the precision at each positive, walking down the ranking (stable for ties)."""
    order = sorted(range(len(labels)), key=lambda i: -scores[i])
    n_pos = sum(1 for y in labels if y)
    if not n_pos:
        return 0.0
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / n_pos


__all__ = ["LogisticRanker", "Metrics", "average_precision", "binary_metrics"]
