"""``lawgov``: the headless command line over the same core, store and exporters as the app.

Usage: ``lawgov [--db PATH] COMMAND …``.  ``--db`` (or ``LAWGOV_DB``) picks the project;
without either the default project in the user data folder is used.  Commands live in
:mod:`lawgov_desktop.commands`, one module per group, each registering its sub-commands.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from lawgov_desktop import __version__
from lawgov_desktop.commands import COMMAND_MODULES, CommandError
from lawgov_desktop.commands.common import cli_language
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.logs import describe, log, log_exception, log_start, setup_logging
from lawgov_desktop.messages import Message, text, use_language
from lawgov_desktop.store.backup_news import on_backup_failure
from lawgov_desktop.store.db import ProjectError, failure_message


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lawgov",
        description=Message("cli.description"),
    )
    parser.add_argument("--db", metavar="PATH", help="project file (default: $LAWGOV_DB or the default project)")
    parser.add_argument("--version", action="version", version=f"lawgov {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _utf8_stdio() -> None:
    """Chinese output must survive a console whose code page is not UTF-8 (Windows)."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
        elif getattr(stream, "errors", "") == "strict" and hasattr(stream, "reconfigure"):
            # a file name with bytes that are not UTF-8 is shown with \x escapes, not a crash
            stream.reconfigure(errors="backslashreplace")


def _environment_failure(exc: BaseException, args: argparse.Namespace) -> str:
    """The one line for an error of the disk, the project file or the input."""
    if isinstance(exc, RecursionError):
        return Message("cli.nested_too_deeply")
    if isinstance(exc, MemoryError):
        return Message("cli.out_of_memory")
    target = getattr(exc, "filename", None) or args.db or os.environ.get("LAWGOV_DB") or Message("cli.the_project")
    return failure_message(exc, target) or f"{exc} ({type(exc).__name__})"


def _error(message: object) -> None:
    """One line on stderr, in the command line's language."""
    print(Message("cli.error", message=text(message)), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    with use_language(cli_language()):  # every message of the library in one language, as chosen
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging("lawgov")
    log_start("lawgov", args.command)
    stop_telling = on_backup_failure(lambda message: print(Message("cli.warning", message=text(message)),
                                                           file=sys.stderr))
    try:
        return int(args.func(args) or 0)
    except (CommandError, ProjectError, ReportReadError, ValueError, KeyError) as exc:
        _error(exc)
        log.warning("lawgov %s failed: %s", args.command, describe(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # output piped into `head` and the like: stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (sqlite3.Error, OSError, RecursionError, MemoryError) as exc:
        # the disk, the file or the input, not a bug: one line, as for the errors above
        _error(_environment_failure(exc, args))
        log.warning("lawgov %s failed: %s", args.command, describe(exc))
        return 1
    except Exception as exc:  # a bug: Python prints the traceback; the log keeps it (messages cut short)
        log_exception(f"lawgov {args.command}: unexpected error", type(exc), exc, exc.__traceback__)
        raise
    finally:
        stop_telling()


if __name__ == "__main__":
    raise SystemExit(main())
