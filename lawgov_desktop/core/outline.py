"""The outline of a report: its headings, their depth and the text each one governs.

Reports are plain text with headings at the start of lines.  Parsing runs in two passes, each
linear in the length of the text:

1. **Candidates.**  Every line that starts (after indentation) with a label — ``第一部分``,
   ``一、``, ``（一）``/``(一)``, ``1.``/``1．``/``1、``, ``（1）``, ``①``, ``一是``, or an
   ordinal ``第一，``/``其一，``/``首先，`` — is a candidate heading.  Its title runs to the
   first ``。`` (a run-in heading, ``（一）深入学习…。把…``) or to the end of the line.  Lines
   without a label become candidates when they look like a heading (see :func:`_numberless`):
   short, without end punctuation, followed by body text.  Title lines, and labels inside
   running text, are never candidates: a heading starts a line.
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

import re
from bisect import bisect_right
from dataclasses import dataclass

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.metadata import title_span
from lawgov_desktop.core.numbering import (
    INDENT_CHARS,
    ORDINAL_FIRST,
    LabelMatch,
    int_to_cn,
    line_spans,
    match_label,
    match_ordinal,
)

_TITLE_TRIM = "。：:；;，,、" + INDENT_CHARS
# what may stand between a label and its title: spaces, a colon, a doubled 、 or dot ("（一）、")
_AFTER_LABEL = INDENT_CHARS + "：:、，,.．"
_TERMINAL = "。！!？?；;…"
_CLOSERS = "”’」』）)》"
_NO_HEADING_PUNCT = re.compile("[。；;：:！!？?]")  # a label-less heading never contains these
_INF = float("inf")

# Official rank of each numbering style (党政机关公文格式); lower ranks sit higher.
_RANK = {
    "part:部分": 0, "part:篇": 0, "part:编": 0, "part:章": 1, "part:节": 2,
    "cn-dun": 3, "paren-cn": 4, "ar-dot": 5, "paren-ar": 6, "ar-rparen": 7, "circled": 8,
}
_RANK_COUNT = 9
_NUMBERLESS = "numberless"
_ORDINAL_STYLES = ("ordinal", "qi", "seq")
_ENUM_STYLES = frozenset(("shi", *_ORDINAL_STYLES))  # enumerations that may run on in a paragraph

# Words that numberless headings in these reports are made of.  A short line with one of
# them, after a finished paragraph, is a *strong* numberless candidate; other short lines are
# only taken when the report's other headings confirm the pattern.
_HEADING_WORDS = (
    "问题", "不足", "短板", "差距", "情况", "成效", "成绩", "举措", "措施", "做法", "经验", "体会",
    "亮点", "特色", "安排", "打算", "计划", "思路", "目标", "任务", "方向", "建议", "原因", "概况",
    "总体", "主要", "下一步", "展望", "工作", "总结", "前言", "结语", "基本",
)
_STRONG_MAX = 20  # characters: a strong numberless heading
_NUMBERLESS_MAX = 30  # characters; longer label-less lines are body text
_BODY_MIN = 24  # characters: the shortest line read as body text after a label-less heading
_DATE_LINE = re.compile(r"^[\d０-９〇零一二三四五六七八九十○]{2,4}\s*年[\d０-９一二三四五六七八九十]{1,2}\s*月([\d０-９一二三四五六七八九十]{1,3}\s*日)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class _Line:
    no: int  # 1-based line number
    start: int  # first character after indentation
    end: int  # end of content, trailing blanks excluded


@dataclass(slots=True)
class _Candidate:
    line: _Line
    label: LabelMatch | None  # None for a numberless heading
    title: str
    title_end: int
    title_line: bool  # the heading is the whole line (not a run-in heading before body text)
    strong: bool = True  # numberless only: made of heading words, after a finished paragraph
    style: str = _NUMBERLESS  # the label's style
    rank: int | None = None  # official rank of the style; None for relative and numberless


@dataclass(slots=True)
class _Open:
    """An open heading on the stack."""

    style: str
    shape: str
    value: int
    index: int  # position in the outline list
    rank: float  # official rank; for relative and numberless headings see _relative_rank


#: (content start, content end) of each line, as :func:`line_spans` gives them; a ``_Line`` is
#: made only for the lines that become candidates (most lines are body text).
_Spans = list[tuple[int, int]]


def _next_nonempty(lines: _Spans, k: int) -> tuple[int, int] | None:
    for j in range(k + 1, len(lines)):
        a, b = lines[j]
        if a < b:
            return a, b
    return None


def _prev_nonempty(lines: _Spans, k: int) -> tuple[int, int] | None:
    for j in range(k - 1, -1, -1):
        a, b = lines[j]
        if a < b:
            return a, b
    return None


def _next_item(m: LabelMatch) -> str | None:
    """What the next item of an enumeration opened by ``m`` starts with, as a regex."""
    if m.style == "seq":
        return "(?:其次|再次|最后)[，,、：:]" if m.value else None
    if m.value >= 99:
        return None
    if m.style == "shi":
        return f"{int_to_cn(m.value + 1)}是"
    if m.style in ("ordinal", "qi"):
        return f"{m.label[0]}{int_to_cn(m.value + 1)}[，,、：:]"
    return None


def _carries_next_item(text: str, m: LabelMatch, stop: int) -> bool:
    """Whether a ``一是…``/``第一，…`` paragraph goes on with ``二是``/``第二，`` inside itself
    (a run-on list)."""
    nxt = _next_item(m)
    if nxt is None:
        return False
    return re.compile(rf"[。；;！!？?，,]\s*{nxt}").search(text, m.end, stop) is not None


def _labelled(text: str, lines: _Spans, k: int, m: LabelMatch) -> _Candidate | None:
    """A candidate for line ``k``, which starts with the label ``m``, with its title."""
    start, end = lines[k]
    pos = m.end
    while pos < end and text[pos] in _AFTER_LABEL:
        pos += 1
    if pos >= end:
        # label alone on its line (common in PDF extractions): the title is the next line
        nxt = _next_nonempty(lines, k)
        if nxt is None or nxt[1] - nxt[0] > 40 or "。" in text[nxt[0] : nxt[1] - 1]:
            return None
        if match_label(text, nxt[0], nxt[1]) is not None:
            return None
        title, title_end = text[nxt[0] : nxt[1]].rstrip(_TITLE_TRIM), nxt[1]
        title_line = True
    else:
        stop = text.find("。", pos, end)
        cut = stop if stop >= 0 else end
        title, title_end = text[pos:cut].rstrip(_TITLE_TRIM), (stop + 1 if stop >= 0 else end)
        title_line = title_end >= end
    if not title:
        return None
    style = m.style
    if style in _ENUM_STYLES and _carries_next_item(text, m, end):
        return None
    return _Candidate(_Line(k + 1, start, end), m, title, title_end, title_line, True, style, _RANK.get(style))


def _ends_paragraph(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _starts_with_label(text: str, span: tuple[int, int]) -> bool:
    a, b = span
    return match_label(text, a, b) is not None or (
        text[a] in ORDINAL_FIRST and match_ordinal(text, a, b) is not None)


def _is_body(text: str, span: tuple[int, int], min_len: int = 15) -> bool:
    """A line that reads as a paragraph of body text or starts with a label."""
    if _starts_with_label(text, span):
        return True
    a, b = span
    return b - a >= min_len and any(p in text[a:b] for p in "。，,；;")


def _numberless(text: str, lines: _Spans, k: int, title_end: int) -> _Candidate | None:
    """A heading without a number, such as ``存在的问题`` between ``二、`` and ``四、``.

    The line is short, has no end punctuation (nor 。；：！？ inside), names something, and is
    followed by body text much longer than itself; it follows a finished paragraph, the
    title, or a numbered heading — not a line that wraps on into it.  *Strong* candidates
    (heading words, at most 20 characters, after a finished paragraph or the title) are
    taken more readily than others.  Whether a candidate is taken depends on the document
    (see :func:`_numberless_group`).
    """
    start, end = lines[k]
    size = end - start
    if not 2 <= size <= _NUMBERLESS_MAX:
        return None
    content = text[start:end]
    if content[-1] in "，,、" or _NO_HEADING_PUNCT.search(content):
        return None
    after_paragraph = True
    prev = _prev_nonempty(lines, k)
    if prev is not None and prev[1] > title_end and not _ends_paragraph(text[prev[0] : prev[1]]):
        if not _starts_with_label(text, prev):
            return None  # a wrapped line, a table cell, a signature
        after_paragraph = False  # right after a numbered heading line
    nxt = _next_nonempty(lines, k)
    if nxt is None or not _is_body(text, nxt):
        return None
    if _DATE_LINE.match(content) or len(_CJK.findall(content)) < 2:
        return None
    strong = (after_paragraph and size <= _STRONG_MAX and not any(p in content for p in "，,")
              and any(w in content for w in _HEADING_WORDS))
    if not strong:
        # much shorter than the paragraph that follows it
        if match_label(text, nxt[0], nxt[1]) is None and nxt[1] - nxt[0] < max(_BODY_MIN, 2 * size):
            return None
    return _Candidate(_Line(k + 1, start, end), None, content, end, True, strong, _NUMBERLESS)


def _candidates(text: str) -> list[_Candidate]:
    lines = list(line_spans(text))
    title_end = title_span(text)[1]
    found: list[_Candidate] = []
    for k, (start, end) in enumerate(lines):
        if start >= end or start < title_end:
            continue
        m = match_label(text, start, end)
        if m is None and text[start] in ORDINAL_FIRST:
            m = match_ordinal(text, start, end)
        cand = _labelled(text, lines, k, m) if m is not None else _numberless(text, lines, k, title_end)
        if cand is not None:
            if found and cand.line.start < found[-1].title_end:
                continue  # the title line of a label standing alone on the line before
            found.append(cand)
    return found


class _Parser:
    """Pass 2: depth of each candidate, from the open headings and a little lookahead."""

    def __init__(self, text: str, cands: list[_Candidate]) -> None:
        self.text = text
        self.cands = cands
        n = len(cands)
        self.sections: list[Section] = []
        self.stack: list[_Open] = []
        self.known: dict[str, tuple[int, int]] = {}  # style → (depth it last had, last number)
        self.numberless_count = sum(1 for c in cands if c.label is None)
        # (kind, level or parent section index) of each numberless candidate, decided per group
        self.groups: dict[int, tuple[str, int]] = {}
        # lookahead, built backwards in one pass:
        #   next_same[i]   next candidate of the same style
        #   next_higher[i] next candidate of a style ranked above candidate i's (ranked only)
        #   next_struct[i] next numbered (ranked) or numberless candidate
        next_same = self.next_same = [-1] * n
        next_higher = self.next_higher = [n] * n
        next_struct = self.next_struct = [n] * n
        self._by_style: dict[str, list[int]] | None = None  # built on first use (slips only)
        last_style: dict[str, int] = {}
        last_rank = [n] * _RANK_COUNT
        last_struct = n
        # the highest-ranked numbered style, and whether it restarts at 1 (see top_rank)
        top, top_ones, top_first = _RANK_COUNT, 0, 0
        for i in range(n - 1, -1, -1):
            c = cands[i]
            style, rank = c.style, c.rank
            next_same[i] = last_style.get(style, -1)
            last_style[style] = i
            next_struct[i] = last_struct
            if rank is not None:
                next_higher[i] = min(last_rank[:rank], default=n)
                last_rank[rank] = i
                last_struct = i
                if rank < top:
                    top, top_ones = rank, 0
                if rank == top:
                    top_first = c.label.value  # type: ignore[union-attr]
                    top_ones += top_first == 1
            elif c.label is None:
                last_struct = i
        # Rank of a numberless heading at depth 1.  When the report's highest numbered style is
        # a part style (一、, 第一部分) that never restarts at 1, a numberless line at the top
        # (总体情况 before 一、, 存在的问题 between 二、 and 四、) is a peer of those parts.
        # Otherwise — the highest numbered style is （一） or lower, or 一、 restarts under each
        # numberless line — numberless lines are the report's parts and hold the numbered ones.
        restarts = top_ones - (top_first == 1) > 0
        self.top_rank = float(top) if top <= _RANK["cn-dun"] and not restarts else -1.0

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
                return None
            if m.style in _ORDINAL_STYLES and not self._continues(i, m, self.next_struct[i]):
                return None  # a lone 第一，/首先， opens no run of headings
            return deeper
        if m.value != 1 and stack:
            if m.style in self.known:
                level, last = self.known[m.style]
                if last < m.value:  # numbering running on through several parents
                    return min(level, deeper)
            for k in range(len(stack) - 1, -1, -1):
                entry = stack[k]
                if entry.value != m.value - 1 or entry.style not in _RANK:
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
        if not stack or stack[0].style == _NUMBERLESS:
            # top-level numberless headings are judged one by one: before any heading, only in
            # a report with more than one of them
            ok = self.numberless_count >= 2 or (bool(stack) and cands[i].strong)
            self.groups[i] = ("top", 1) if ok else ("reject", 0)
            return
        members = [i]
        # the heading above: the innermost open one that is neither a run-in paragraph nor a
        # numberless heading (numberless sub-headings replace each other, they never nest)
        parent_k = next((k for k in range(len(stack) - 1, -1, -1)
                         if stack[k].rank != _INF and stack[k].style != _NUMBERLESS), 0)
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
                stack.append(_Open(_NUMBERLESS, _NUMBERLESS, 0, index,
                                   self.top_rank if level == 1 else self._relative_rank(level, True)))
            elif rank is not None:
                stack.append(_Open(m.style, m.shape, m.value, index, rank))
                known[m.style] = (level, m.value)
            else:
                stack.append(_Open(m.style, m.shape, m.value, index, self._relative_rank(level, cand.title_line)))
        return sections


def parse_outline(text: str) -> list[Section]:
    """The headings of a normalised report text, flat in document order.

    ``text`` has ``\\n`` line ends and no BOM.  Each section spans from its label to the next
    heading of the same or a shallower depth (or the end of the text); ``parent`` indexes the
    returned list.  A text without headings gives ``[]``.
    """
    return _Parser(text, _candidates(text)).run()
