"""Heading labels of Chinese official reports: recognising them and reading their numbers.

Reports number their headings in a handful of conventional styles (``第一部分``, ``一、``,
``（一）``, ``1.``, ``（1）``, ``①``, ``一是``), written with full- or half-width punctuation
at random (``(一)``, ``1、``, ``1.``, ``1．``, a stray space before the ``、``), and some open
parallel paragraphs with ordinals (``第一，``, ``其一，``, ``首先，``/``其次，``/``最后，``).
This module only answers "does a label start here, of which style, with which number";
deciding whether the line is really a heading and how deep it sits is the outline parser's
job (:mod:`lawgov_desktop.core.outline`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_AR_NUM = "[0-9０-９]{1,2}"
_OPEN = "[（(]"
_CLOSE = "[）)]"
# A label must not run straight into another digit: "1.5亿元" and "1、2号楼" are amounts and
# lists, not headings.
_NOT_DIGIT = "(?![0-9０-９.．])"

# Whitespace that may precede a label: ASCII, ideographic (U+3000), no-break and the
# assorted fixed-width spaces word processors leave behind.
INDENT_CHARS = " \t\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\ufeff"


def line_spans(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(content start, content end) of each line from ``start``, indentation and trailing
    blanks excluded; an empty line gives start == end.  Shared by the outline parser and the
    metadata reader so both agree on what a line's content is."""
    pos, n = start, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        a, b = pos, nl
        while a < b and text[a] in INDENT_CHARS:
            a += 1
        while b > a and (text[b - 1] in INDENT_CHARS or text[b - 1] == "\r"):
            b -= 1
        yield a, b
        pos = nl + 1


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral up to 九千九百九十九 (``十二`` → 12, ``二十`` → 20,
    ``一〇一`` → 101); ``None`` when ``s`` is not one."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):  # digit-by-digit form: 二〇二二
        if len(s) == 1 or all(ch != "两" for ch in s):
            value = 0
            for ch in s:
                value = value * 10 + _CN_DIGITS[ch]
            return value
        return None
    units = {"十": 10, "百": 100, "千": 1000}
    total, digit, seen_digit = 0, 0, False
    for ch in s:
        if ch in _CN_DIGITS:
            digit, seen_digit = _CN_DIGITS[ch], True
        elif ch in units:
            total += (digit if seen_digit else 1) * units[ch]
            digit, seen_digit = 0, False
        else:
            return None
    return total + digit


def int_to_cn(n: int) -> str:
    """Chinese numeral of 1 … 99 as written in labels: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        raise ValueError(f"no label numeral for {n}")
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@lru_cache(maxsize=4096)  # a handful of labels (一、, （二）…) recur in every report
def number_value(label: str) -> int | None:
    """The number a heading label stands for, whatever its style.

    ``一、`` → 1, ``（十二）`` → 12, ``3．`` → 3, ``（２）`` → 2, ``⑦`` → 7, ``第三部分`` → 3,
    ``四是`` → 4.  ``None`` for an empty label or one without a number.
    """
    core = label.strip(INDENT_CHARS + "（）()、.．：:，,")
    if core.startswith("第"):
        core = re.sub("(部分|章|节|篇|编)$", "", core[1:])
    if core.endswith("是"):
        core = core[:-1]
    if not core:
        return None
    if len(core) == 1 and not core.isascii():
        try:
            value = unicodedata.numeric(core)
        except ValueError:
            value = None
        if value is not None and value == int(value):
            return int(value)
    if core.isdigit():
        return int(core)  # int() reads full-width digits as well
    return cn_to_int(core)


@dataclass(frozen=True)
class LabelMatch:
    """A label found at the start of a line.

    ``style`` identifies the numbering style irrespective of full/half-width writing
    (``（一）`` and ``(一)`` share ``paren-cn``), because depth is assigned per style.
    ``shape`` groups styles that are easily mixed up by writers (``（一）`` … ``（2）``);
    the parser uses it to treat such a slip as a sibling instead of a new level.
    """

    label: str
    style: str
    shape: str
    value: int
    end: int  # offset just after the label


# Order matters: the more specific patterns first (``一是`` before ``一、`` is irrelevant, but
# ``（1）`` must not be read as ``1.``).
_PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(rf"第(?:{_CN_NUM}|{_AR_NUM})(部分|章|节|篇|编)[、.．]?"), "part", "part"),
    (re.compile(rf"{_OPEN}\s*{_CN_NUM}\s*{_CLOSE}"), "paren-cn", "paren"),
    (re.compile(rf"{_OPEN}\s*{_AR_NUM}\s*{_CLOSE}"), "paren-ar", "paren"),
    (re.compile("[\u2474-\u2487]"), "paren-ar", "paren"),  # ⑴ … ⒇
    # a space may slip in before the 、 or the dot ("一 、", "1 ．") in text from Word or PDF
    # "一.2023年…" is a heading (a Chinese numeral is no amount), "一.1.…" a decimal numbering
    (re.compile(rf"{_CN_NUM}[ \u3000]?(?:、|[.．](?![0-9０-９]+[.．]))"), "cn-dun", "dun"),
    (re.compile(rf"{_AR_NUM}[ \u3000]?(?:、|[.．]){_NOT_DIGIT}"), "ar-dot", "dun"),
    (re.compile("[\u2488-\u249b]"), "ar-dot", "dun"),  # ⒈ … ⒛
    (re.compile(rf"{_AR_NUM}{_CLOSE}"), "ar-rparen", "rparen"),
    (re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]"), "circled", "circled"),  # ① … ㊿
    (re.compile(rf"{_CN_NUM}是"), "shi", "shi"),
]



def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


_CN_FIRST = "一二三四五六七八九十"
_AR_FIRST = "0123456789０１２３４５６７８９"
#: The characters each entry of :data:`_PATTERNS` can start with, in the same order.
_FIRST_CHARS = ["第", "（(", "（(", _chars((0x2474, 0x2487)), _CN_FIRST, _AR_FIRST, _chars((0x2488, 0x249B)),
                _AR_FIRST, _chars((0x2460, 0x2473), (0x3251, 0x325F), (0x32B1, 0x32BF)), _CN_FIRST]
#: The patterns worth trying at a line starting with a character, in :data:`_PATTERNS` order:
#: most lines start with no label character at all, and the rest need one or two patterns.
_BY_FIRST: dict[str, list[tuple[re.Pattern[str], str, str]]] = {}
for _entry, _first in zip(_PATTERNS, _FIRST_CHARS, strict=True):
    for _ch in _first:
        _BY_FIRST.setdefault(_ch, []).append(_entry)
del _entry, _first, _ch


def match_label(text: str, pos: int, endpos: int | None = None) -> LabelMatch | None:
    """The label starting exactly at ``text[pos]``, or ``None``.

    Only the label is checked here; what follows it (a title, a sentence) is judged by the
    caller.  A label immediately followed by a digit is rejected (see ``_NOT_DIGIT``), and so
    is a ``第…`` that is part of a longer word.
    """
    endpos = len(text) if endpos is None else endpos
    if pos >= endpos:
        return None
    for pattern, style, shape in _BY_FIRST.get(text[pos], ()):
        m = pattern.match(text, pos, endpos)
        if not m:
            continue
        label = m.group(0)
        if style == "part":
            style = f"part:{m.group(1)}"
        value = number_value(label)
        if value is None or value == 0:
            continue
        if style == "shi" and m.end() < endpos and text[m.end()] in "否非":
            continue  # 一是否…, not a label
        return LabelMatch(label=label, style=style, shape=shape, value=value, end=m.end())
    return None


# Ordinals opening parallel paragraphs: 第一，… 第二，… / 其一，… / 首先，… 其次，… 最后，…
# (``第一部分``/``第一章`` are part labels, matched by :func:`match_label`; ``第一次``,
# ``首先要`` have no punctuation after the ordinal and are not labels).
_ORDINAL = re.compile(rf"([第其])({_CN_NUM})[ \u3000]?[，,、：:]")
_SEQUENCE = re.compile("(首先|其次|再次|最后)[ \u3000]?[，,、：:]")
#: Values of the sequence words; 最后 ("last") is 0: it only ever continues an open run.
SEQUENCE_VALUES = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}
ORDINAL_FIRST = "第其首再最"


def match_ordinal(text: str, pos: int, endpos: int | None = None) -> LabelMatch | None:
    """The ordinal opening a paragraph at ``text[pos]`` (``第二，``, ``其一、``, ``首先，``), or ``None``.

    Styles: ``ordinal`` (第N), ``qi`` (其N), ``seq`` (首先/其次/再次/最后, value 1, 2, 3, 0).
    Whether it really opens a run of parallel headings is the outline parser's call.
    """
    endpos = len(text) if endpos is None else endpos
    if pos >= endpos or text[pos] not in ORDINAL_FIRST:
        return None
    m = _SEQUENCE.match(text, pos, endpos)
    if m:
        return LabelMatch(label=m.group(0), style="seq", shape="seq", value=SEQUENCE_VALUES[m.group(1)], end=m.end())
    m = _ORDINAL.match(text, pos, endpos)
    if m:
        value = cn_to_int(m.group(2))
        if value:
            style = "ordinal" if m.group(1) == "第" else "qi"
            return LabelMatch(label=m.group(0), style=style, shape=style, value=value, end=m.end())
    return None
