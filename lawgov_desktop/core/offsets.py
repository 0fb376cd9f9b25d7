"""Conversion between code-point offsets (ours) and UTF-16 offsets (Qt's).

Everything stored or exported uses code points.  ``QTextCursor`` positions count UTF-16
code units, in which a character outside the BMP (𠮷 U+20BB7, 𡈽 U+2123D) takes two.  A
:class:`OffsetMap` is built once per text and answers both directions in O(log n), and
costs nothing for the common case of a text that is all BMP.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
#: Size of a non-ASCII ``str``'s header (``'Ā'`` is one 2-byte character plus its terminator).
_COMPACT_HEADER = sys.getsizeof("\u0100") - 4


def may_hold_astral(text: str) -> bool:
    """False when ``text`` provably has no character outside the BMP, without reading it.

    CPython stores a string with 1, 2 or 4 bytes per character, the fewest its widest
    character needs (PEP 393); only 4 can hold an astral one.  The width follows from the
    object's size, so a 1 MB report without such characters is known to be all BMP at once
    (a scan took 2 ms of every open).  Anything unexpected (a ``str`` subclass, another
    interpreter's sizes) answers True and the text is scanned.
    """
    if text.isascii():
        return False
    if type(text) is not str:
        return True
    width, rest = divmod(sys.getsizeof(text) - _COMPACT_HEADER, len(text) + 1)
    return rest != 0 or width not in (1, 2)


class OffsetMap:
    """Maps code-point offsets of one text to UTF-16 offsets and back."""

    __slots__ = ("_astral", "_astral16", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # code-point indices of characters that take two UTF-16 units (found by a regular
        # expression, in C: a Python loop over a 1 MB report took 50 ms on every open)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if may_hold_astral(text) else []
        # their UTF-16 start offsets
        self._astral16 = [cp + k for k, cp in enumerate(self._astral)]

    @property
    def is_bmp(self) -> bool:
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def from_utf16(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16`` (an offset inside a surrogate pair
        rounds down to the start of its character)."""
        if not self._astral:
            return u16
        k = bisect_right(self._astral16, u16 - 1)  # astral chars starting before u16
        cp = u16 - k
        # u16 pointing at the low surrogate of astral char k-1: round down
        if k and self._astral16[k - 1] == u16 - 1:
            return self._astral[k - 1]
        return cp

    def utf16_length(self) -> int:
        return self.length + len(self._astral)
