"""Errors the core raises for problems with the user's files (never for our own bugs).

A :class:`ReportReadError` is an expected outcome of importing a folder of real-world
files, so its text must be fit to show as-is in a dialog, a batch-import log or the CLI:
it names the file and says in one short sentence what is wrong, Chinese first (the UI is
Chinese by default) with an English gloss in parentheses for English-speaking CLI users.
"""

from __future__ import annotations

from pathlib import PurePath

from lawgov_desktop.messages import Message, text


class ReportReadError(ValueError):
    """A file could not be turned into report text.

    ``path`` is the file as given (kept whole, so callers can log or select it); the
    message shows only its base name, which is what users recognise in a list of errors.
    ``reason`` is the human sentence without the file name, e.g.
    ``文件是二进制数据，不是文本 (binary data, not text)``.
    """

    def __init__(self, path: str | PurePath, reason: str) -> None:
        # args are (path, reason) so the exception survives pickling between processes
        super().__init__(str(path), reason)
        self.path = str(path)
        self.reason = reason

    @property
    def file_name(self) -> str:
        """Base name of :attr:`path` (the whole path when it has no base name)."""
        return PurePath(self.path).name or self.path

    def render_text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (the reason too, when it is a catalogue message)."""
        return Message("read.cannot_read", file=self.file_name, reason=text(self.reason, lang)).render(lang)

    def __str__(self) -> str:
        return self.render_text()
