"""Each report's outline packed into one row (``report_outlines``), for search.

Search needs, for every hit, the innermost section holding it and its section path (the
headings of that section and its ancestors).  Reading the ``sections`` rows of every report
with a hit, then the headings, cost a third of a search across a thousand reports; one packed
row per report, unpacked in C, costs a few hundredths of that, and only the headings of the
sections that hold a hit (and of their ancestors) are decoded.  The rows are written wherever outlines are written (an import, a
new version of a report) from the ``sections`` just stored, so they describe the same rows.

A packed outline is 32-bit little-endian integers: the number of sections ``n``, then four
arrays of ``n`` items, one per section in document order (``ord``): starts, ends, parent
indexes (-1: top level) and where each section's heading (label + title) ends in what
follows, the headings' UTF-8 bytes one after the other.  (Full paths instead of headings
made the rows four times larger, a few percent of an import's time to write.)  An outline whose sections are not in order of
their starts, or whose parent links do not point back, is stored empty: search then reads
its sections the ordinary way, as it does for a report without a packed row.
"""

from __future__ import annotations

import operator
import sqlite3
import sys
from array import array
from collections.abc import Iterable
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lawgov_desktop.core.document import Section

#: (starts, ends, parents, heading ends) of one report's sections in document order, and the
#: headings' UTF-8 bytes: heading ``i`` is ``headings[ends[i - 1]:ends[i]]`` (from 0 for ``i`` 0).
Outline = tuple[list[int], list[int], list[int], list[int], bytes]

_ITEM = "i"  # a C int: 32 bits wherever CPython runs
_SIZE = array(_ITEM).itemsize
_BIG_ENDIAN = sys.byteorder == "big"
#: Reports whose sections are read and written per statement (under SQLite's oldest variable limit).
_CHUNK = 400


def pack_outline(starts: list[int], ends: list[int], parents: list[int], headings: list[str]) -> bytes:
    """The stored form of an outline (see the module's description)."""
    # built with C-level helpers: an import packs every report's outline
    if starts != sorted(starts) or not all(map(operator.lt, parents, range(len(parents)))):
        return b""
    encoded = list(map(str.encode, headings))  # UTF-8
    values = array(_ITEM, [len(starts)])
    try:
        values.extend(starts)
        values.extend(ends)
        values.extend(parents)
        values.extend(accumulate(map(len, encoded)))
    except OverflowError:  # a text of over two thousand million characters: not packed
        return b""
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes() + b"".join(encoded)


def pack_sections(sections: list[Section]) -> bytes:
    """The stored form of a parsed outline, as :func:`store_packed_outlines` would write it once
    the sections are stored (an import packs them without reading them back)."""
    return pack_outline([s.start for s in sections], [s.end for s in sections],
                        [-1 if s.parent is None else s.parent for s in sections],
                        [s.label + s.title for s in sections])


def insert_packed_outlines(conn: sqlite3.Connection, outlines: list[tuple[int, bytes]]) -> None:
    """Write packed outlines ``(report id, packed)``, replacing any stored for those reports."""
    for k in range(0, len(outlines), _CHUNK):
        part = outlines[k:k + _CHUNK]
        # one statement, not ``executemany``: during an import each step would hand the
        # interpreter to the parsing thread and wait to get it back
        conn.execute("INSERT OR REPLACE INTO report_outlines (report_id, packed) VALUES "
                     + ",".join(["(?,?)"] * len(part)), [value for row in part for value in row])


def write_outline(conn: sqlite3.Connection, report_id: int, sections: list[Section]) -> None:
    """Store one report's outline: its ``sections`` rows and their packed copy for search.

    Used by the single-file import and by a new version of a report, so both always write
    the two together."""
    conn.executemany(
        'INSERT INTO sections (report_id, ord, parent_ord, depth, label, title, start, "end", title_end, line) '
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(report_id, i, s.parent, s.depth, s.label, s.title, s.start, s.end, s.title_end, s.line)
         for i, s in enumerate(sections)],
    )
    insert_packed_outlines(conn, [(report_id, pack_sections(sections))])


def unpack_outline(packed: object) -> Outline | None:
    """The outline stored by :func:`pack_outline`; None when ``packed`` is not one."""
    if not isinstance(packed, bytes) or len(packed) < _SIZE:
        return None
    n = int.from_bytes(packed[:_SIZE], "little", signed=True)
    head = (4 * n + 1) * _SIZE
    if n < 0 or len(packed) < head:
        return None
    values = array(_ITEM)
    values.frombytes(packed[_SIZE:head])
    if _BIG_ENDIAN:
        values.byteswap()
    items = values.tolist()
    headings = packed[head:]
    if len(headings) != (items[-1] if n else 0):
        return None
    return items[:n], items[n:2 * n], items[2 * n:3 * n], items[3 * n:], headings


def heading(outline: Outline, i: int) -> str:
    """Heading (label + title) of section ``i`` of an unpacked outline."""
    ends = outline[3]
    return outline[4][ends[i - 1] if i else 0:ends[i]].decode("utf-8")


def store_packed_outlines(conn: sqlite3.Connection, report_ids: Iterable[int]) -> None:
    """(Re)write the packed outlines of ``report_ids`` from their ``sections`` rows.

    Runs in the caller's transaction, right after the sections were written.
    """
    ids = sorted(set(report_ids))
    for k in range(0, len(ids), _CHUNK):
        part = ids[k:k + _CHUNK]
        outlines: dict[int, tuple[list[int], list[int], list[int], list[str]]] = {
            rid: ([], [], [], []) for rid in part}
        rows = conn.execute(
            f'SELECT report_id, start, "end", ifnull(parent_ord, -1), label || title FROM sections '
            f"WHERE report_id IN ({','.join('?' * len(part))}) ORDER BY report_id, ord", part)
        for rid, start, end, parent, name in rows:
            starts, ends, parents, names = outlines[rid]
            starts.append(start)
            ends.append(end)
            parents.append(parent)
            names.append(name)
        insert_packed_outlines(conn, [(rid, pack_outline(*outline)) for rid, outline in outlines.items()])


__all__ = ["Outline", "heading", "insert_packed_outlines", "pack_sections", "pack_outline", "store_packed_outlines", "unpack_outline"]
