"""The log files of ``lawgov-desktop`` and ``lawgov``: rotating, in the user log folder.

What goes in a log line: what happened (a project opened, a backup made, an export
written), ids, counts, file names, exception types and tracebacks.  What never does: the
text of a report — the reports are often internal documents, and a log file gets attached
to a support request.  Exception *messages* can quote report text (``ValueError(f"... {quote}")``),
so they are always cut short with :func:`short_message` before they are logged.

Each program writes its own file (``lawgov-desktop.log``, ``lawgov.log``): several
command-line runs and the window may write at once, and one file per program keeps the
window's log from being rotated away by a busy script.  Files rotate at 1 MB, five kept.
The folder is ``$LAWGOV_HOME/logs`` when ``LAWGOV_HOME`` is set, else the platform's user
log folder.  Logging must never stop the app: when the folder cannot be written, nothing is
logged and :func:`setup_logging` returns None.

The window opens its file once it has been painted (:func:`hold_records` keeps what is logged
before, and :func:`setup_logging` writes it first): ``logging.handlers`` and the folder lookup
stay off the start-up path.

No Qt here: the command line uses it too.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from lawgov_desktop import APP_NAME, __version__

LOGGER_NAME = "lawgov_desktop"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
#: Most records kept in memory before the log file is opened (the rest are dropped).
HELD_LIMIT = 1000
#: Longest exception message kept in a log line or a copied error report.
MESSAGE_LIMIT = 100
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(LOGGER_NAME)


def log_dir() -> Path:
    """Folder of the log files (``$LAWGOV_HOME/logs`` when set, else the user log folder)."""
    home = os.environ.get("LAWGOV_HOME")
    return Path(home) / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file(program: str) -> Path:
    return log_dir() / f"{program}.log"


@functools.cache
def _rotating_handler_class() -> type[logging.Handler]:
    import logging.handlers

    class QuietRotatingHandler(logging.handlers.RotatingFileHandler):
        """A rotating file that never complains: a full disk or a file another process holds
        open (rotation on Windows) loses a log line, never disturbs the user."""

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging API)
            pass

    return QuietRotatingHandler


class _HeldRecords(logging.Handler):
    """The records of a run logged before its log file is opened, kept for it (up to a limit)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < HELD_LIMIT:
            self.records.append(record)


def _our_handler() -> logging.Handler | None:
    return next((h for h in log.handlers if getattr(h, "lawgov_file", False)), None)


def _level(level: int | str | None) -> int | str:
    return level or os.environ.get("LAWGOV_LOG_LEVEL", "").strip().upper() or logging.INFO


def hold_records(level: int | str | None = None) -> None:
    """Keep this package's log records in memory until :func:`setup_logging` opens the file."""
    log.setLevel(_level(level))
    if not any(isinstance(h, _HeldRecords) for h in log.handlers):
        log.addHandler(_HeldRecords())


def setup_logging(program: str, level: int | str | None = None) -> Path | None:
    """Send this package's log records to ``<log folder>/<program>.log``; returns the file.

    Records kept by :func:`hold_records` are written first, in order.  Safe to call again
    (tests start the app many times, each with its own ``LAWGOV_HOME``): the handler is
    replaced only when the file changes.  ``LAWGOV_LOG_LEVEL`` (``DEBUG``, ``INFO`` …)
    overrides the level, INFO by default.
    """
    log.setLevel(_level(level))
    held = [h for h in log.handlers if isinstance(h, _HeldRecords)]
    for h in held:
        log.removeHandler(h)
    path = log_file(program)
    current = _our_handler()
    if current is not None and Path(getattr(current, "baseFilename", "")) == path.absolute():
        _write_held(current, held)
        return path
    if current is not None:
        log.removeHandler(current)
        current.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _rotating_handler_class()(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                            encoding="utf-8", delay=True)
        if not os.access(path.parent, os.W_OK):
            raise PermissionError(path.parent)
    except OSError:
        return None
    handler.lawgov_file = True  # type: ignore[attr-defined]  # how _our_handler knows it
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    _write_held(handler, held)
    return path


def _write_held(handler: logging.Handler, held: list[_HeldRecords]) -> None:
    for h in held:
        for record in h.records:
            if record.levelno >= log.getEffectiveLevel():
                handler.handle(record)
        h.records.clear()


def stop_logging() -> None:
    """Close the log file (tests remove their temporary folders afterwards)."""
    current = _our_handler()
    if current is not None:
        log.removeHandler(current)
        current.close()


def short_message(exc: BaseException, limit: int = MESSAGE_LIMIT) -> str:
    """The exception's message on one line, cut to ``limit`` characters (it may quote report text)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """``TypeName: short message`` — what a log line says about a handled error."""
    msg = short_message(exc)
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def _type_name(exc: BaseException) -> str:
    cls = type(exc)
    return cls.__qualname__ if cls.__module__ in ("builtins", "__main__") else f"{cls.__module__}.{cls.__qualname__}"


def format_exception(exc_type: type[BaseException], exc: BaseException | None,
                     tb: TracebackType | None, limit: int = MESSAGE_LIMIT) -> str:
    """A traceback like Python's, with every exception message in the chain cut short.

    The frames name files, lines and code — never variable values — so only the messages
    could carry report text.
    """
    if exc is None:
        exc = exc_type()
    # newest first, each with the sentence that links it to the older one it follows
    chain: list[tuple[BaseException, TracebackType | None, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    frames = tb or exc.__traceback__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            link, following = _CAUSE, current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link, following = _CONTEXT, current.__context__
        else:
            link, following = "", None
        chain.append((current, frames, link))
        current = following
        frames = following.__traceback__ if following is not None else None
    parts: list[str] = []
    for err, err_tb, link in reversed(chain):  # oldest first, as Python prints it
        parts.append(link)
        if err_tb is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(err_tb))
        msg = short_message(err, limit)
        parts.append(f"{_type_name(err)}: {msg}\n" if msg else f"{_type_name(err)}\n")
    return "".join(parts)


def environment_summary() -> str:
    """Version, Python and platform — the first lines of an error report."""
    return (f"{APP_NAME} {__version__}\n"
            f"Python {platform.python_version()} ({sys.executable})\n"
            f"{platform.platform()} {platform.machine()}\n")


def log_start(program: str, what: str = "") -> None:
    """One line per run: program, version, platform and what is being done (a command name,
    never the arguments: they can be search words or notes)."""
    log.info("%s %s (%s %s, Python %s)%s", program, __version__, platform.system(), platform.release(),
             platform.python_version(), f": {what}" if what else "")


def log_exception(what: str, exc_type: type[BaseException], exc: BaseException | None,
                  tb: TracebackType | None) -> None:
    log.error("%s\n%s", what, format_exception(exc_type, exc, tb).rstrip())
