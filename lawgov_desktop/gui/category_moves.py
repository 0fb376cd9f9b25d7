"""Where a category goes when it is moved in the tree: plain arithmetic on the tree's shape.

Moving a category (drag and drop, Move up/down, Make subcategory, Promote) comes down to a
new parent and a new place among its siblings; the store wants the new parent and the new
order of *all* categories (depth first).  Kept apart from the dialog so the rules — no
category inside itself, a step stays among siblings — read in one place.  No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Where to put a category: its new parent (None: top level) and the sibling it goes before
#: (None: last).
Destination = tuple[int | None, int | None]


@dataclass
class TreeShape:
    """The category tree as shown: each category's parent, each parent's children in order."""

    parents: dict[int, int | None] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)

    def add(self, cid: int, parent: int | None) -> None:
        """Append ``cid`` as the last child of ``parent`` (in depth-first order)."""
        self.parents[cid] = parent
        self.children.setdefault(parent, []).append(cid)

    def siblings(self, cid: int) -> list[int]:
        return self.children.get(self.parents.get(cid), [])

    def position(self, cid: int) -> int:
        """Index of ``cid`` among its siblings, -1 when unknown."""
        sibs = self.siblings(cid)
        return sibs.index(cid) if cid in sibs else -1

    def nests_in_itself(self, cid: int, parent_id: int | None) -> bool:
        """Would ``cid`` under ``parent_id`` be its own ancestor?"""
        seen = parent_id
        while seen is not None:
            if seen == cid:
                return True
            seen = self.parents.get(seen)
        return False

    def order_after_move(self, cid: int, parent_id: int | None, before: int | None) -> list[int]:
        """Every category depth first once ``cid`` is under ``parent_id`` before ``before``."""
        children = {k: [c for c in v if c != cid] for k, v in self.children.items()}
        sibs = children.setdefault(parent_id, [])
        sibs.insert(sibs.index(before) if before in sibs else len(sibs), cid)
        order: list[int] = []

        def walk(parent: int | None) -> None:
            for c in children.get(parent, []):
                order.append(c)
                walk(c)

        walk(None)
        return order

    def step(self, cid: int, delta: int) -> Destination | None:
        """One place up (``delta`` -1) or down (+1) among the siblings; None at either end."""
        sibs = self.siblings(cid)
        pos = sibs.index(cid) + delta if cid in sibs else -1
        if not 0 <= pos < len(sibs):
            return None
        after = pos + 1 if delta > 0 else pos
        return self.parents.get(cid), sibs[after] if after < len(sibs) else None

    def nest(self, cid: int) -> Destination | None:
        """Last child of the sibling above; None for the first sibling."""
        pos = self.position(cid)
        return (self.siblings(cid)[pos - 1], None) if pos > 0 else None

    def unnest(self, cid: int) -> Destination | None:
        """One level up, right after the former parent; None at the top level."""
        parent = self.parents.get(cid)
        if parent is None:
            return None
        grand = self.parents.get(parent)
        sibs = self.children.get(grand, [])
        pos = sibs.index(parent) + 1
        return grand, sibs[pos] if pos < len(sibs) else None
