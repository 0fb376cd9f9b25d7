"""What changed on an annotation server: a plan from the spans we sent and the spans it holds now.

An export for Label Studio or doccano carries, beside the text and the spans, a copy of the
annotations as they were when exported (the *originals*: id, offsets, labels).  The servers
keep that copy untouched (Label Studio in the task data, doccano among the unknown keys it
writes back), while what a person did shows only in the server's own spans (the *current*
regions).  :func:`plan` compares the two; the server wins:

1. a region that names an original (Label Studio keeps our region ids) is that original —
   kept when equal, else changed to the region;
2. an original whose every label still sits at its offsets is kept;
3. a leftover region at an original's offsets with other labels, or overlapping it with a
   label in common, is that original changed (labels or boundaries moved);
4. the originals left were deleted on the server, the regions left were added there.

Pure Python; offsets are code points of the exported text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Original:
    id: int
    start: int
    end: int
    labels: frozenset[str]


@dataclass
class Region:
    start: int
    end: int
    labels: tuple[str, ...]
    ref: int | None = None  # the original this region says it is (a region id we wrote)


@dataclass
class Plan:
    kept: list[int] = field(default_factory=list)
    updates: list[tuple[int, Region]] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)
    adds: list[Region] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.updates) + len(self.deletes) + len(self.adds)


def _same(o: Original, r: Region) -> bool:
    return (o.start, o.end, o.labels) == (r.start, r.end, frozenset(r.labels))


def plan(originals: list[Original], current: list[Region]) -> Plan:
    """Kept, changed, deleted and added spans (see the module docstring)."""
    out = Plan()
    left = {o.id: o for o in originals}
    rest: list[Region] = []
    for r in current:
        o = left.get(r.ref) if r.ref is not None else None
        if o is None:
            rest.append(r)
            continue
        del left[o.id]
        if _same(o, r):
            out.kept.append(o.id)
        else:
            out.updates.append((o.id, r))
    # every label of an original still at its offsets: kept
    pool = Counter((r.start, r.end, lab) for r in rest for lab in dict.fromkeys(r.labels))
    for o in sorted(left.values(), key=lambda o: (o.start, o.end, o.id)):
        units = [(o.start, o.end, lab) for lab in o.labels]
        if units and all(pool[u] > 0 for u in units):
            for u in units:
                pool[u] -= 1
            out.kept.append(o.id)
            del left[o.id]
    grouped: dict[tuple[int, int], list[str]] = {}
    for (start, end, lab), n in sorted(pool.items()):
        for _ in range(n):
            grouped.setdefault((start, end), []).append(lab)
    regions = [Region(s, e, tuple(labs)) for (s, e), labs in sorted(grouped.items())]
    for o in sorted(left.values(), key=lambda o: (o.start, o.end, o.id)):
        best, best_key = None, None
        for i, r in enumerate(regions):
            if r is None:
                continue
            same_span = (r.start, r.end) == (o.start, o.end)
            overlap = min(o.end, r.end) - max(o.start, r.start)
            if not same_span and (overlap <= 0 or not o.labels & set(r.labels)):
                continue
            key = (same_span, overlap)
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            out.deletes.append(o.id)
        else:
            out.updates.append((o.id, regions[best]))
            regions[best] = None
    out.adds = [r for r in regions if r is not None]
    return out
