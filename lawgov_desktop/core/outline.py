"""The outline of a report: its headings, their depth and the text each one governs.

Reports are plain text with headings at the start of lines.  Parsing runs in two passes, each
linear in the length of the text:

1. **Candidates** (:mod:`lawgov_desktop.core.heading_lines`).  Every line that starts (after
   indentation) with a label — ``第一部分``, ``一、``, ``（一）``/``(一)``, ``1.``/``1．``/``1、``,
   ``（1）``, ``①``, ``一是``, or an ordinal ``第一，``/``其一，``/``首先，`` — is a candidate
   heading.  Its title runs to the first ``。`` (a run-in heading, ``（一）深入学习…。把…``) or
   to the end of the line.  Lines without a label become candidates when they look like a
   heading: short, without end punctuation, followed by body text.  Title lines, and labels
   inside running text, are never candidates: a heading starts a line.
2. **Depth.**  A stack holds the open headings.  A style already open closes everything below
   it and becomes a sibling.  A new style is placed by the official order of
   党政机关公文格式 — ``第X部分``/``第X章`` → ``第X节`` → ``一、`` → ``（一）`` → ``1.`` →
   ``（1）`` → ``1)`` → ``①`` — under the innermost open heading that ranks above it, so a
   ``1.`` … ``10.`` list written before the first ``（一）`` of a part is closed by that
   ``（一）``, not made its parent.  Depth still follows the tree, not a fixed table: ``（一）``
   directly under ``一、`` is depth 2, and so is ``（一）`` directly under ``第一部分``.  Beyond
   that:

   * a style seen earlier that reappears *continuing its numbering* (``5.`` after ``4.``
     under the next ``（二）``, ``四、`` after a numberless ``存在的问题``) goes back to the
     level it had, even when its stack entry was closed meanwhile;
   * numbering slips nest sensibly: a repeated or skipped number (``二、`` after ``二、``,
     ``（四）`` after ``（二）``) is a sibling; a label continuing the sequence of another
     style (``（一）`` then ``（2）``; ``（二）``, ``3．``, ``（四）``) is a sibling of that
     sequence; a new list whose first number is missing (``（二）``, ``（三）`` under a part)
     is taken when the next number follows before the list's parent closes.  Otherwise a new
     style whose first number is not 1 is rejected (a stray ``（三）`` line inside body text),
     except before any heading is open;
   * ``一是``/``二是`` paragraphs and ordinals (``第一，``, ``首先，``) are relative: one level
     below the open heading.  An ordinal run must continue (``第一，`` needs a ``第二，``,
     ``首先，`` an ``其次，``/``最后，`` at the start of a later line before the next
     numbered heading), and a paragraph that opens with ``一是``/``第一，`` but runs on with
     ``二是``/``第二，`` is an enumeration inside a paragraph, not a heading.  Such a run-in
     paragraph is a leaf: the next numbered heading closes it;
   * headings without a number take their depth from their neighbours (see
     :meth:`_Parser._numberless_group`): the top-level parts of a report whose first heading
     has no number (holding its numbered headings, unless the report's ``一、`` parts never
     restart: then a line such as ``总体情况`` before them is their peer); the missing part of
     a numbering with a gap (``二、``, ``存在的问题``, ``四、``); or, when two or more of them
     sit between consecutive numbered headings, sub-headings of the heading above.

Offsets are code points (``str`` indices); ``Section.title_end`` is the offset just after
the heading text, including the ``。`` that ends a run-in heading, so
``text[s.start:s.title_end]`` is the heading as written.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.heading_lines import (
    NUMBERLESS,
    ORDINAL_STYLES,
    RANK,
    RANK_COUNT,
    Candidate,
    find_candidates,
)
from lawgov_desktop.core.numbering import LabelMatch

_INF = float("inf")


@dataclass(slots=True)
class _Open:
    """An open heading on the stack."""

    style: str
    shape: str
    value: int
    index: int  # position in the outline list
    rank: float  # official rank; for relative and numberless headings see _relative_rank


class _Parser:
    """Pass 2: depth of each candidate, from the open headings and a little lookahead."""

    def __init__(self, text: str, cands: list[Candidate]) -> None:
        self.text = text
        self.cands = cands
        n = len(cands)
        self.sections: list[Section] = []
        self.stack: list[_Open] = []
        self.known: dict[str, tuple[int, int]] = {}  # style → (depth it last had, last number)
        # relative styles (一是, 第一，): style → (depth, last number, parent section index or -1)
        self.known_relative: dict[str, tuple[int, int, int]] = {}
        self.numberless_count = sum(1 for c in cands if c.label is None)
        # (kind, level or parent section index) of each numberless candidate, decided per group
        self.groups: dict[int, tuple[str, int]] = {}
        # lookahead, built backwards in one pass:
        #   next_same[i]   next candidate of the same style
        #   next_higher[i] next candidate of a style ranked above candidate i's (ranked only)
        next_same = self.next_same = [-1] * n
        next_higher = self.next_higher = [n] * n
        self._by_style: dict[str, list[int]] | None = None  # built on first use (slips only)
        self._ranked_up_to: list[list[int]] | None = None  # built on first use (ordinals only)
        last_style: dict[str, int] = {}
        last_rank = [n] * RANK_COUNT
        # the highest-ranked numbered style, and whether it restarts at 1 (see top_rank)
        top, top_ones, top_first = RANK_COUNT, 0, 0
        for i in range(n - 1, -1, -1):
            c = cands[i]
            style, rank = c.style, c.rank
            next_same[i] = last_style.get(style, -1)
            last_style[style] = i
            if rank is not None:
                next_higher[i] = min(last_rank[:rank], default=n)
                last_rank[rank] = i
                if rank < top:
                    top, top_ones = rank, 0
                if rank == top:
                    top_first = c.label.value  # type: ignore[union-attr]
                    top_ones += top_first == 1
        # Rank of a numberless heading at depth 1.  When the report's highest numbered style is
        # a part style (一、, 第一部分) that never restarts at 1, a numberless line at the top
        # (总体情况 before 一、, 存在的问题 between 二、 and 四、) is a peer of those parts.
        # Otherwise — the highest numbered style is （一） or lower, or 一、 restarts under each
        # numberless line — numberless lines are the report's parts and hold the numbered ones.
        restarts = top_ones - (top_first == 1) > 0
        self.top_rank = float(top) if top <= RANK["cn-dun"] and not restarts else -1.0

    # ------------------------------------------------------------------ helpers

    def _value_after(self, style: str, i: int) -> int | None:
        """Number of the first candidate of ``style`` after candidate ``i``."""
        if self._by_style is None:
            self._by_style = {}
            for j, c in enumerate(self.cands):
                self._by_style.setdefault(c.style, []).append(j)
        idx = self._by_style.get(style, [])
        k = bisect_right(idx, i)
        if k == len(idx):
            return None
        label = self.cands[idx[k]].label
        return label.value if label is not None else None

    def _closing_after(self, i: int, rank: float) -> int:
        """The first numbered candidate after ``i`` ranked ``rank`` or higher (``len`` if none):
        the one that would close a heading of that rank."""
        n = len(self.cands)
        if rank < 0:
            return n
        if self._ranked_up_to is None:
            # for each rank r, the candidates ranked r or higher, in document order
            self._ranked_up_to = [[] for _ in range(RANK_COUNT)]
            for j, c in enumerate(self.cands):
                if c.rank is not None:
                    for r in range(c.rank, RANK_COUNT):
                        self._ranked_up_to[r].append(j)
        # a run-in paragraph (infinite rank) is closed by any numbered heading
        idx = self._ranked_up_to[RANK_COUNT - 1 if rank >= RANK_COUNT else int(rank)]
        k = bisect_right(idx, i)
        return idx[k] if k < len(idx) else n

    def _continues(self, i: int, m: LabelMatch, before: int) -> bool:
        """Whether the next candidate of ``m``'s style carries the next number, before ``before``."""
        j = self.next_same[i]
        if j < 0 or j >= before:
            return False
        nxt = self.cands[j].label
        assert nxt is not None
        if m.style == "seq":
            return nxt.value in (2, 3, 0)
        return nxt.value == m.value + 1

    def _relative_rank(self, level: int, title_line: bool) -> float:
        """Rank of a relative (一是, 第一，) or numberless heading opened at ``level``: a part
        when at the top; below its parent when it stands on its own line, so numbered headings
        may nest in it; a leaf (closed by any numbered heading) when it runs into its text."""
        if level == 1:
            return -1.0
        if not title_line:
            return _INF
        return self.stack[level - 2].rank + 0.5

    # ------------------------------------------------------------------ placement

    def place_labelled(self, i: int, m: LabelMatch, rank: int | None) -> int | None:
        """Depth of candidate ``i`` (label ``m``, official ``rank``), or None to reject it."""
        stack = self.stack
        style = m.style
        k = 0
        for entry in stack:
            k += 1
            if entry.style == style:
                return k  # a sibling of an open heading: close what is below it
        deeper = len(stack) + 1
        if rank is None:  # 一是, 第一，, 首先，: one level below the open heading
            if m.value != 1:
                # the next item of a run whose last item was closed by numbered sub-items
                # (第一，…。 1.… 2.… 第二，…): back to its level while its parent is open
                level, last, parent = self.known_relative.get(style, (0, -1, -1))
                if level and (m.value == last + 1 or (m.value == 0 and last > 0)) and (
                        level == 1 or (level - 2 < len(stack) and stack[level - 2].index == parent)):
                    return level
                return None
            if m.style in ORDINAL_STYLES and not self._continues(
                    i, m, self._closing_after(i, stack[-1].rank if stack else -1.0)):
                return None  # a lone 第一，/首先， opens no run of headings
            return deeper
        if m.value != 1 and stack:
            if m.style in self.known:
                level, last = self.known[m.style]
                if last < m.value:  # numbering running on through several parents
                    return min(level, deeper)
            for k in range(len(stack) - 1, -1, -1):
                entry = stack[k]
                if entry.value != m.value - 1 or entry.style not in RANK:
                    continue
                if entry.shape == m.shape == "paren" or self._value_after(entry.style, i) == m.value + 1:
                    return k + 1  # （一） … （2）, or （二） 3． （四）: one list written inconsistently
            if not self._continues(i, m, self.next_higher[i]):
                return None  # a stray （三） inside the text, not the start of a list
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].rank < rank:
                return k + 2  # under the innermost open heading ranked above this style
        return 1

    def _numberless_group(self, i: int) -> None:
        """Decide, at its first member, where a run of numberless candidates goes.

        The group runs from candidate ``i`` to the next numbered heading that would close the
        heading above it (``N``).  It is:

        * ``top`` (depth 1) when no numbered heading is open, or the report's parts are
          numberless themselves;
        * ``gap`` (a sibling of the open heading ``X`` of ``N``'s style) when ``N`` skips as
          many numbers as the group has members (``二、``, ``存在的问题``, ``四、``);
        * ``top`` when it ends the report and every member is strong (``存在问题`` after the
          last part);
        * ``child`` (sub-headings of the heading above) when it has two or more members;
        * rejected otherwise: a single short line between two numbered headings confirms
          nothing.
        """
        stack, cands = self.stack, self.cands
        if not stack or stack[0].style == NUMBERLESS:
            # top-level numberless headings are judged one by one: before any heading, only in
            # a report with more than one of them
            ok = self.numberless_count >= 2 or (bool(stack) and cands[i].strong)
            self.groups[i] = ("top", 1) if ok else ("reject", 0)
            return
        members = [i]
        # the heading above: the innermost open one that is neither a run-in paragraph nor a
        # numberless heading (numberless sub-headings replace each other, they never nest)
        parent_k = next((k for k in range(len(stack) - 1, -1, -1)
                         if stack[k].rank != _INF and stack[k].style != NUMBERLESS), 0)
        parent = stack[parent_k]
        closing: int | None = None
        for j in range(i + 1, len(cands)):
            c = cands[j]
            if c.label is None:
                members.append(j)
            elif (r := c.rank) is not None and r <= parent.rank:
                closing = j
                break
        decision: tuple[str, int] = ("reject", 0)
        if closing is not None:
            m = cands[closing].label
            assert m is not None
            x = next((k for k, e in enumerate(stack) if e.style == m.style), None)
            if x is not None and m.value - stack[x].value - 1 >= len(members):
                decision = ("gap", x + 1)
        elif all(cands[j].strong for j in members):
            decision = ("gap", 1)
        if decision[0] == "reject" and len(members) >= 2:
            decision = ("child", parent.index)
        for j in members:
            self.groups[j] = decision

    def place_numberless(self, i: int) -> int | None:
        """Depth of the numberless candidate ``i``, or None to reject it."""
        if i not in self.groups:
            self._numberless_group(i)
        kind, value = self.groups.pop(i)
        if kind in ("top", "gap"):
            return value
        if kind == "child":
            for k, entry in enumerate(self.stack):
                if entry.index == value:
                    return k + 2
        return None

    # ------------------------------------------------------------------ main loop

    def run(self) -> list[Section]:
        sections, stack, known = self.sections, self.stack, self.known
        place_labelled, place_numberless = self.place_labelled, self.place_numberless
        text_end = len(self.text)
        for i, cand in enumerate(self.cands):
            m = cand.label
            rank = cand.rank
            level = place_numberless(i) if m is None else place_labelled(i, m, rank)
            if level is None:
                continue
            line = cand.line
            if len(stack) >= level:
                for entry in stack[level - 1 :]:
                    sections[entry.index].end = line.start
                del stack[level - 1 :]
            index = len(sections)
            sections.append(Section(depth=level, label=m.label if m else "", title=cand.title, start=line.start,
                                    end=text_end, line=line.no, title_end=cand.title_end,
                                    parent=stack[-1].index if stack else None))
            if m is None:
                stack.append(_Open(NUMBERLESS, NUMBERLESS, 0, index,
                                   self.top_rank if level == 1 else self._relative_rank(level, True)))
            elif rank is not None:
                stack.append(_Open(m.style, m.shape, m.value, index, rank))
                known[m.style] = (level, m.value)
            else:
                self.known_relative[m.style] = (level, m.value, stack[-1].index if stack else -1)
                stack.append(_Open(m.style, m.shape, m.value, index, self._relative_rank(level, cand.title_line)))
        return sections


def parse_outline(text: str) -> list[Section]:
    """The headings of a normalised report text, flat in document order.

    ``text`` has ``\\n`` line ends and no BOM.  Each section spans from its label to the next
    heading of the same or a shallower depth (or the end of the text); ``parent`` indexes the
    returned list.  A text without headings gives ``[]``.
    """
    return _Parser(text, find_candidates(text)).run()
