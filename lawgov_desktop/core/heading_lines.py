"""Pass 1 of the outline parser: the lines of a report that may be headings.

Every line that starts (after indentation) with a label — ``第一部分``, ``一、``, ``（一）``/
``(一)``, ``1.``/``1．``/``1、``, ``（1）``, ``①``, ``一是``, or an ordinal ``第一，``/``其一，``/
``首先，`` — is a candidate heading.  Its title runs to the first ``。`` (a run-in heading,
``（一）深入学习…。把…``) or to the end of the line; a label alone on its line takes the next
line as its title.  A line without a label is a candidate when it looks like a heading (see
:func:`_numberless`): short, without end punctuation, followed by body text.  Title lines,
and labels inside running text, are never candidates: a heading starts a line.

Whether a candidate is a heading, and how deep it sits, is decided by
:mod:`lawgov_desktop.core.outline` from the candidates around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

# Official rank of each numbering style (党政机关公文格式); lower ranks sit higher.
RANK = {
    "part:部分": 0, "part:篇": 0, "part:编": 0, "part:章": 1, "part:节": 2,
    "cn-dun": 3, "paren-cn": 4, "ar-dot": 5, "paren-ar": 6, "ar-rparen": 7, "circled": 8,
}
RANK_COUNT = 9
NUMBERLESS = "numberless"
ORDINAL_STYLES = ("ordinal", "qi", "seq")
_ENUM_STYLES = frozenset(("shi", *ORDINAL_STYLES))  # enumerations that may run on in a paragraph

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
class Line:
    """A line that holds a candidate heading."""

    no: int  # 1-based line number
    start: int  # first character after indentation
    end: int  # end of content, trailing blanks excluded


@dataclass(slots=True)
class Candidate:
    """A line that may be a heading, with its label, title and what pass 2 needs to place it."""

    line: Line
    label: LabelMatch | None  # None for a numberless heading
    title: str
    title_end: int
    title_line: bool  # the heading is the whole line (not a run-in heading before body text)
    strong: bool = True  # numberless only: made of heading words, after a finished paragraph
    style: str = NUMBERLESS  # the label's style
    rank: int | None = None  # official rank of the style; None for relative and numberless


#: (content start, content end) of each line, as :func:`line_spans` gives them; a ``Line`` is
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


def _labelled(text: str, lines: _Spans, k: int, m: LabelMatch) -> Candidate | None:
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
    return Candidate(Line(k + 1, start, end), m, title, title_end, title_line, True, style, RANK.get(style))


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


def _numberless(text: str, lines: _Spans, k: int, title_end: int) -> Candidate | None:
    """A heading without a number, such as ``存在的问题`` between ``二、`` and ``四、``.

    The line is short, has no end punctuation (nor 。；：！？ inside), names something, and is
    followed by body text much longer than itself; it follows a finished paragraph, the
    title, or a numbered heading — not a line that wraps on into it.  *Strong* candidates
    (heading words, at most 20 characters, after a finished paragraph or the title) are
    taken more readily than others.  Whether a candidate is taken depends on the document
    (see ``_Parser._numberless_group`` in :mod:`lawgov_desktop.core.outline`).
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
    return Candidate(Line(k + 1, start, end), None, content, end, True, strong, NUMBERLESS)


def find_candidates(text: str) -> list[Candidate]:
    """The candidate headings of a normalised report text, in document order."""
    lines = list(line_spans(text))
    title_end = title_span(text)[1]
    found: list[Candidate] = []
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
