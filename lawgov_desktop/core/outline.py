"""The outline of a report: its headings, their depth and the text each one governs.

Reports are plain text with numbered headings at the start of lines.  Parsing runs in two
passes:

1. **Candidates.**  Every line that starts (after indentation) with a label — ``第一部分``,
   ``一、``, ``（一）``/``(一)``, ``1.``/``1．``/``1、``, ``（1）``, ``①``, ``一是`` — is a
   candidate heading.  Its title runs to the first ``。`` (a run-in heading, ``（一）深入学习…。
   把…``) or to the end of the line.  Lines without a label become candidates only when
   everything about them says "heading" (see :func:`_numberless`).  Title lines, and labels
   inside running text, are never candidates: a heading starts a line.
2. **Depth.**  Depth is not looked up in a fixed table of styles, because reports disagree
   (``（一）`` sits under ``第一部分`` in one report and under ``一、`` in another).  As in
   document-outline parsers, a stack holds the open headings; a style already open closes
   everything below it and becomes a sibling, a new style opens one level deeper.  Beyond
   that plain scheme, what real reports need:

   * a style seen earlier in the document that reappears *continuing its numbering* (``5.``
     after ``4.`` under the next ``（二）``, ``四、`` after a numberless ``存在的问题``) goes
     back to the level it had, even when its stack entry was closed meanwhile;
   * a bracketed label continuing the sequence of another bracketed style (``（一）`` then
     ``（2）``, ``（3）``) is the writer's slip, so it is a sibling, not a child;
   * a new style whose first number is not 1 is not the start of a list: it is rejected
     (a stray ``（三）`` line inside body text), except before any heading is open;
   * ``一是``/``二是`` paragraphs are always relative: one level below the open heading;
     and a paragraph that opens with ``一是`` but runs on with ``二是`` is an enumeration
     inside a paragraph, not a heading;
   * a numberless heading is a top-level part (depth 1).

Offsets are code points (``str`` indices); ``Section.title_end`` is the offset just after
the heading text, including the ``。`` that ends a run-in heading, so
``text[s.start:s.title_end]`` is the heading as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.metadata import title_span
from lawgov_desktop.core.numbering import INDENT_CHARS, LabelMatch, int_to_cn, line_spans, match_label

_TITLE_TRIM = "。：:；;，,、" + INDENT_CHARS
_AFTER_LABEL = INDENT_CHARS + "：:"
_SENTENCE_PUNCT = "。，,；;：:！!？?"
_TERMINAL = "。！!？?；;…"
_CLOSERS = "”’」』）)》"

# Words that numberless headings in these reports are made of.  A short line without any of
# them ("天津市红桥区人民政府", a date, a table cell) is not taken as a heading.
_HEADING_WORDS = (
    "问题", "不足", "短板", "差距", "情况", "成效", "成绩", "举措", "措施", "做法", "经验", "体会",
    "亮点", "特色", "安排", "打算", "计划", "思路", "目标", "任务", "方向", "建议", "原因", "概况",
    "总体", "主要", "下一步", "展望", "工作", "总结", "前言", "结语", "基本",
)
_NUMBERLESS_MAX = 20  # characters; longer label-less lines are body text


@dataclass
class _Line:
    no: int  # 1-based line number
    start: int  # first character after indentation
    end: int  # end of content, trailing blanks excluded

    @property
    def empty(self) -> bool:
        return self.start >= self.end


@dataclass
class _Candidate:
    line: _Line
    label: LabelMatch | None  # None for a numberless heading
    title: str
    title_end: int


@dataclass
class _Open:
    """An open heading on the style stack."""

    style: str
    shape: str
    value: int
    index: int  # position in the outline list


def _split_lines(text: str) -> list[_Line]:
    return [_Line(no, a, b) for no, (a, b) in enumerate(line_spans(text), start=1)]


def _next_nonempty(lines: list[_Line], k: int) -> _Line | None:
    for j in range(k + 1, len(lines)):
        if not lines[j].empty:
            return lines[j]
    return None


def _prev_nonempty(lines: list[_Line], k: int) -> _Line | None:
    for j in range(k - 1, -1, -1):
        if not lines[j].empty:
            return lines[j]
    return None


def _carries_next_item(text: str, m: LabelMatch, stop: int) -> bool:
    """Whether a ``一是…`` paragraph goes on with ``二是`` inside itself (a run-on list)."""
    if m.value >= 99:
        return False
    nxt = re.compile(rf"[。；;！!？?，,]\s*{int_to_cn(m.value + 1)}是")
    return nxt.search(text, m.end, stop) is not None


def _labelled(text: str, lines: list[_Line], k: int, m: LabelMatch) -> _Candidate | None:
    """A candidate for a line that starts with the label ``m``, with its title."""
    ln = lines[k]
    pos = m.end
    while pos < ln.end and text[pos] in _AFTER_LABEL:
        pos += 1
    if pos >= ln.end:
        # label alone on its line (common in PDF extractions): the title is the next line
        nxt = _next_nonempty(lines, k)
        if nxt is None or nxt.end - nxt.start > 40 or "。" in text[nxt.start : nxt.end - 1]:
            return None
        if match_label(text, nxt.start, nxt.end) is not None:
            return None
        title, title_end = text[nxt.start : nxt.end].rstrip(_TITLE_TRIM), nxt.end
    else:
        stop = text.find("。", pos, ln.end)
        cut = stop if stop >= 0 else ln.end
        title, title_end = text[pos:cut].rstrip(_TITLE_TRIM), (stop + 1 if stop >= 0 else ln.end)
    if not title:
        return None
    if m.style == "shi" and _carries_next_item(text, m, ln.end):
        return None
    return _Candidate(ln, m, title, title_end)


def _ends_paragraph(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_body(text: str, ln: _Line) -> bool:
    """A line that reads as a paragraph of body text or starts with a label."""
    content = text[ln.start : ln.end]
    if match_label(text, ln.start, ln.end) is not None:
        return True
    return len(content) >= 15 and any(p in content for p in "。，,；;")


def _numberless(text: str, lines: list[_Line], k: int, title_end: int) -> _Candidate | None:
    """A heading without a number, such as ``存在的问题`` between ``二、`` and ``四、``.

    Every signal must agree: the line is short, has no sentence punctuation, uses a word
    headings are made of, follows a finished paragraph (or the title) rather than another
    heading or a wrapped line, and is followed by body text.  Whether it is accepted also
    depends on the document (see :func:`parse_outline`).
    """
    ln = lines[k]
    content = text[ln.start : ln.end]
    if not 2 <= len(content) <= _NUMBERLESS_MAX or any(p in content for p in _SENTENCE_PUNCT):
        return None
    if not any(w in content for w in _HEADING_WORDS):
        return None
    prev, nxt = _prev_nonempty(lines, k), _next_nonempty(lines, k)
    if nxt is None or not _is_body(text, nxt):
        return None
    if prev is not None and prev.end > title_end and not _ends_paragraph(text[prev.start : prev.end]):
        return None
    return _Candidate(ln, None, content, ln.end)


def _candidates(text: str) -> list[_Candidate]:
    lines = _split_lines(text)
    title_end = title_span(text)[1]
    found: list[_Candidate] = []
    for k, ln in enumerate(lines):
        if ln.empty or ln.start < title_end:
            continue
        m = match_label(text, ln.start, ln.end)
        cand = _labelled(text, lines, k, m) if m is not None else _numberless(text, lines, k, title_end)
        if cand is not None:
            if found and cand.line.start < found[-1].title_end:
                continue  # the title line of a label standing alone on the line before
            found.append(cand)
    return found


def _place(stack: list[_Open], known: dict[str, tuple[int, int]], m: LabelMatch) -> int | None:
    """Depth of a labelled candidate given the open headings, or None to reject it.

    ``known`` maps each style met so far to (the depth it last had, its last number).
    """
    for k, entry in enumerate(stack):
        if entry.style == m.style:
            return k + 1  # a sibling of an open heading: close what is below it
    deeper = len(stack) + 1
    if m.style == "shi":
        return deeper if m.value == 1 else None
    if m.value == 1 or not stack:
        return deeper
    if m.style in known:
        level, last = known[m.style]
        if last < m.value:  # numbering running on through several parents
            return min(level, deeper)
    if m.shape == "paren":
        for k in range(len(stack) - 1, -1, -1):
            entry = stack[k]
            if entry.shape == m.shape and entry.value == m.value - 1:
                return k + 1  # （一） … （2）: the same list written inconsistently
    return None


def parse_outline(text: str) -> list[Section]:
    """The headings of a normalised report text, flat in document order.

    ``text`` has ``\\n`` line ends and no BOM.  Each section spans from its label to the next
    heading of the same or a shallower depth (or the end of the text); ``parent`` indexes the
    returned list.  A text without headings gives ``[]``.
    """
    candidates = _candidates(text)
    numberless_count = sum(1 for c in candidates if c.label is None)
    sections: list[Section] = []
    stack: list[_Open] = []
    known: dict[str, tuple[int, int]] = {}
    for cand in candidates:
        m = cand.label
        if m is None:
            # a numberless heading is a top-level part, once the document has parts (or when
            # the document is structured by such headings alone)
            level: int | None = 1 if (stack or numberless_count >= 2) else None
        else:
            level = _place(stack, known, m)
        if level is None:
            continue
        for entry in stack[level - 1 :]:
            sections[entry.index].end = cand.line.start
        del stack[level - 1 :]
        sections.append(
            Section(
                depth=level,
                label=m.label if m else "",
                title=cand.title,
                start=cand.line.start,
                end=len(text),
                line=cand.line.no,
                title_end=cand.title_end,
                parent=stack[-1].index if stack else None,
            )
        )
        if m is None:
            stack.append(_Open("numberless", "numberless", 0, len(sections) - 1))
        else:
            stack.append(_Open(m.style, m.shape, m.value, len(sections) - 1))
            if m.style != "shi":
                known[m.style] = (level, m.value)
    return sections
