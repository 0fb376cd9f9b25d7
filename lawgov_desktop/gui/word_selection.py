"""Word-snapped selections for the document view, without segmenting whole reports.

Snapping a drag to whole words only needs the words around the selection's two ends, and
jieba first cuts its input at punctuation and line ends anyway, so the words of a line do
not depend on the rest of the report.  :class:`LineTokens` therefore segments just the
line(s) an end falls in, on first use, and remembers them: the first snap in a 1 MB report
costs a few milliseconds, not the seconds segmenting all of it would take on the GUI thread.

Nothing here imports jieba: the caller asks :func:`segmenter_ready` first.  A selection made
while the dictionary is still loading (the first drag after start: loading begins at the
press) is not left cut mid-word: the view remembers it and snaps it when
:func:`words_ready_notifier` says the words have arrived, and tagging waits briefly for
them (:meth:`DocumentView.settle_selection`), so no tag ever quotes half a word.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lawgov_desktop.core.segment import Token, get_segmenter
from lawgov_desktop.core.selection import snap_to_words


def segmenter_ready() -> bool:
    """Whether words can be looked up now without blocking the GUI thread."""
    return get_segmenter().is_ready


class WordsReadyNotifier(QObject):
    """Lives in the GUI thread; ``ready`` is emitted (queued) when the dictionary has loaded."""

    ready = Signal()

    def notify_when_loaded(self) -> None:
        """Emit ``ready`` once the current segmenter has loaded (at once if it has); starts the load."""
        seg = get_segmenter()
        seg.ensure_loaded_async()
        seg.when_ready(self.ready.emit)  # from the loader thread: queued to this object's thread


_notifier: WordsReadyNotifier | None = None


def words_ready_notifier() -> WordsReadyNotifier:
    """The process-wide notifier (create it from the GUI thread)."""
    global _notifier
    if _notifier is None:
        _notifier = WordsReadyNotifier()
    return _notifier


class LineTokens:
    """Tokens (code-point offsets into one text) of the lines asked for, computed lazily."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self._lines: dict[int, list[Token]] = {}

    def reset(self, text: str) -> None:
        """Forget every cached line: the text changed."""
        self.text = text
        self._lines.clear()

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """``[start, end)`` of the line holding ``offset`` (without its line end)."""
        text = self.text
        offset = max(0, min(offset, len(text)))
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        return start, len(text) if end < 0 else end

    def around(self, offset: int) -> list[Token]:
        """The tokens of the line holding ``offset`` (segmenting it once)."""
        start, end = self.line_bounds(offset)
        cached = self._lines.get(start)
        if cached is None:
            cached = [(start + s, start + e, w) for s, e, w in get_segmenter().tokens(self.text[start:end])]
            self._lines[start] = cached
        return cached

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` grown to the words its ends cut (see :func:`snap_to_words`)."""
        if start > end:
            start, end = end, start
        if start == end:
            return start, end
        first = self.around(start)
        last = self.around(end - 1)
        tokens = first if last is first else sorted({*first, *last})
        return snap_to_words(tokens, start, end)


__all__ = ["LineTokens", "WordsReadyNotifier", "segmenter_ready", "words_ready_notifier"]
