"""Annotations that need a person after a report was re-imported: ``orphans`` and ``resolve``."""

from __future__ import annotations

import argparse

from lawgov_desktop.commands.common import print_json
from lawgov_desktop.messages import Message
from lawgov_desktop.store.open import open_project

_STATUS = {"review": "cli.status_review", "orphaned": "cli.status_orphaned"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("orphans", help="list annotations to check after a report was re-imported")
    p.add_argument("--report", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_orphans)

    p = sub.add_parser("resolve", help="settle a review/orphaned annotation")
    p.add_argument("annotation_id", type=int)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--place", nargs=2, type=int, metavar=("START", "END"), help="put it at these offsets")
    how.add_argument("--accept", action="store_true", help="accept the proposed place (review only)")
    how.add_argument("--delete", action="store_true", help="delete the annotation")
    p.set_defaults(func=cmd_resolve)


def cmd_orphans(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        items = project.versions.needing_attention(args.report)
    if args.json:
        print_json([it.as_dict() for it in items])
        return 0
    if not items:
        print(Message("cli.nothing_to_resolve"))
    for it in items:
        a = it.annotation
        status = Message(_STATUS[a.status]) if a.status in _STATUS else a.status
        print(f"#{a.id}\t{status}\t{Message('cli.report_no', id=a.report_id)}\t{a.start}-{a.end}\t"
              + Message("cli.quote_was", quote=(it.previous_quote or a.quote)[:40]))
        if a.status == "review":  # the old quote beside the text it now covers
            print("\t" + Message("cli.quote_now", quote=a.quote[:40]))
            changes = "; ".join(f"{was or '∅'} → {now or '∅'}" for was, now in it.changes()[:5])
            if changes:
                print("\t" + Message("cli.changes", changes=changes))
        if it.reason:
            print(f"\t{it.reason}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        place = tuple(args.place) if args.place else None
        project.versions.resolve(args.annotation_id, place=place, accept=args.accept, delete=args.delete)
        if args.delete:
            print(Message("cli.deleted", id=args.annotation_id))
        else:
            a = project.annotations.get(args.annotation_id)
            print(f"{Message('cli.resolved', id=a.id)}\t{a.start}-{a.end}\t{a.quote[:40]}")
    return 0
