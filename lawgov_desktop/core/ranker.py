"""A small learned ranker and the metrics to judge it: pure Python, no NumPy.

The training sets are tiny (tens to a few thousand sentences, a few thousand distinct
features), so a regularised logistic regression fitted by SGD over sparse binary features
takes well under a second and ships with no native dependency.  Each sample is a set of
feature strings; its vector is that set, L2-normalised, so long sentences do not win by
length alone.  Positive examples are rare, so the classes are weighted to balance.
"""

from __future__ import annotations

import math
import random
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
        self.weights: list[float] = []
        self.bias = 0.0

    def _vector(self, feats: Iterable[str], grow: bool = False) -> list[int]:
        out: list[int] = []
        for f in set(feats):
            i = self.index.get(f)
            if i is None and grow:
                i = self.index[f] = len(self.index)
            if i is not None:
                out.append(i)
        return out

    def fit(self, samples: Sequence[Iterable[str]], labels: Sequence[int]) -> LogisticRanker:
        """Fit on ``samples`` (feature sets) with 0/1 ``labels``; deterministic for a seed."""
        if len(samples) != len(labels):
            raise ValueError("samples and labels differ in length")
        counts: dict[str, int] = {}
        sets = [set(s) for s in samples]
        for s in sets:
            for f in s:
                counts[f] = counts.get(f, 0) + 1
        self.index = {}
        for s in sets:
            for f in sorted(s):
                if counts[f] >= self.min_count and f not in self.index:
                    self.index[f] = len(self.index)
        xs = [self._vector(s) for s in sets]
        self.weights = [0.0] * len(self.index)
        n_pos = sum(1 for y in labels if y)
        n_neg = len(labels) - n_pos
        if not n_pos or not n_neg:
            self.bias = 6.0 if n_pos else -6.0
            return self
        w_pos, w_neg = len(labels) / (2.0 * n_pos), len(labels) / (2.0 * n_neg)
        self.bias = math.log(n_pos / n_neg)
        order = list(range(len(xs)))
        rng = random.Random(self.seed)
        w = self.weights
        for epoch in range(self.epochs):
            rng.shuffle(order)
            lr = self.lr / (1.0 + 0.1 * epoch)  # settle down as the epochs go by
            for k in order:
                x = xs[k]
                scale = 1.0 / math.sqrt(len(x)) if x else 0.0
                z = self.bias + scale * sum(w[i] for i in x)
                y = 1 if labels[k] else 0
                g = (_sigmoid(z) - y) * (w_pos if y else w_neg)
                self.bias -= lr * g
                gs = g * scale
                for i in x:
                    w[i] -= lr * (gs + self.l2 * w[i])
        return self

    def predict_proba(self, feats: Iterable[str]) -> float:
        """Probability that a sample with these features is positive."""
        x = self._vector(feats)
        scale = 1.0 / math.sqrt(len(x)) if x else 0.0
        return _sigmoid(self.bias + scale * sum(self.weights[i] for i in x))

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
