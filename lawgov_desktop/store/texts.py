"""The last few report texts read through a project's connection, kept while provably current.

Tagging checks the offsets against the report's text and cuts the quote and context from it;
reading a 1 MB text again for every tag took longer than the rest of the store's work.  A
kept text is used only while all of these hold:

* no other connection has committed since it was read (``PRAGMA data_version``): a change by
  ``lawgov`` or another window drops it, whatever that change was;
* this connection has not written any report's text since: a temporary trigger on ``reports``
  drops every kept text at such a write (import, new version, re-import, merge, undo or redo of
  any of them, a raw ``UPDATE``), and while that write's transaction is open nothing is kept,
  as it may yet be rolled back;
* the row still holds the ``sha256`` it had (every writer stores a text's hash with it).

Each use costs two lookups of a few microseconds instead of reading the text.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict

#: Texts kept at most: the open panes' reports and a few more.  The panes hold the very same
#: ``str`` objects, so keeping theirs costs no memory.
KEPT_TEXTS = 8

_WRITTEN = "lawgov_report_text_written"


class _Kept:
    """The kept texts and whether this connection wrote a text in its open transaction: all
    that the triggers' function touches.  It must not reach the connection: a reference cycle
    through a connection's function crashes the garbage collector when it frees them."""

    __slots__ = ("texts", "written")

    def __init__(self) -> None:
        self.texts: OrderedDict[int, tuple[str, int, str]] = OrderedDict()  # id → (sha256, data_version, text)
        self.written = False

    def on_write(self) -> None:
        self.texts.clear()
        self.written = True


class TextCache:
    """Report texts of one connection (see the module's description)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        """Made outside a transaction only: the temporary triggers must not be rolled back."""
        if conn.in_transaction:
            raise RuntimeError("a text cache is made outside a transaction")
        self.conn = conn
        self._kept = _Kept()
        conn.create_function(_WRITTEN, 0, self._kept.on_write)
        for event, name in (("INSERT", "insert"), ("UPDATE OF text, sha256", "update"), ("DELETE", "delete")):
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS lawgov_text_{name} AFTER {event} ON main.reports "
                         f"BEGIN SELECT {_WRITTEN}(); END")

    def __len__(self) -> int:
        return len(self._kept.texts)

    def clear(self) -> None:
        self._kept.texts.clear()

    def text(self, report_id: int) -> str:
        """The report's stored text (KeyError when there is no such report)."""
        conn, kept = self.conn, self._kept
        if kept.written and not conn.in_transaction:
            kept.written = False  # that transaction ended, committed or rolled back
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        row = conn.execute("SELECT sha256 FROM reports WHERE id = ?", [report_id]).fetchone()
        if row is None:
            kept.texts.pop(report_id, None)
            raise KeyError(f"no report {report_id}")
        entry = kept.texts.get(report_id)
        if entry is not None and entry[0] == row[0] and entry[1] == version:
            kept.texts.move_to_end(report_id)
            return entry[2]
        # the hash and the text of one moment (another process may commit between statements)
        row = conn.execute("SELECT sha256, text FROM reports WHERE id = ?", [report_id]).fetchone()
        if row is None:
            raise KeyError(f"no report {report_id}")
        sha, text = row
        if not kept.written:
            kept.texts[report_id] = (sha, version, text)
            kept.texts.move_to_end(report_id)
            while len(kept.texts) > KEPT_TEXTS:
                kept.texts.popitem(last=False)
        return text
