"""``lawgov undo``, ``redo`` and ``history``: the project's own undo history, shared with the
desktop app (a step made in the window can be undone here, and the reverse)."""

from __future__ import annotations

import argparse

from lawgov_desktop.commands.common import cli_language, print_json
from lawgov_desktop.messages import Message
from lawgov_desktop.store.history import TOO_LARGE, label_part
from lawgov_desktop.store.open import open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo", help="undo the project's last change (made here or in the desktop app)")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("redo", help="redo the change undone last")
    p.set_defaults(func=cmd_redo)

    p = sub.add_parser("history", help="list the project's undo history, newest first")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="show at most N steps")
    p.set_defaults(func=cmd_history)


def _label(label: str) -> str:
    return label_part(label, cli_language() == "en")


def cmd_undo(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        label = project.undo_label()
        project.undo()  # nothing to undo, or rows changed since: a ProjectError with the reason
    print(Message("cli.undone", label=_label(label or "")))
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        label = project.redo_label()
        project.redo()
    print(Message("cli.redone", label=_label(label or "")))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        steps = project.history(args.limit)
    if args.json:
        print_json([s.as_dict() for s in steps])
        return 0
    if not steps:
        print(Message("history.nothing_to_undo"))
    for s in steps:
        state = Message("cli.step_too_large" if s.op == TOO_LARGE else "cli.step_undone" if not s.done
                        else "cli.step_done")
        print(f"#{s.id}\t{s.created_at}\t{state}\t{_label(s.label)}")
    return 0
