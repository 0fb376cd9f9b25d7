"""Data-safety commands: backups, backup, restore, check.

``check`` and ``backups`` only read (``check`` never migrates or repairs, so it can be run
on a file the app refuses to open); ``restore`` refuses while a LawGov window has the
project open, because it swaps the whole content under it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lawgov_desktop.commands.common import CommandError, print_json
from lawgov_desktop.messages import Message
from lawgov_desktop.paths import backups_dir_for, resolve_project_path
from lawgov_desktop.store.backups import list_backups, reason_text, restore_backup
from lawgov_desktop.store.integrity import check_file
from lawgov_desktop.store.lock import held_by_other
from lawgov_desktop.store.open import open_project
from lawgov_desktop.store.schema import latest_version


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backups", help="list the project's backups (newest first)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--keep", type=int, metavar="N", help="from now on keep the newest N backups (default 10)")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("backup", help="back up the project now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup (the current state is backed up first)")
    p.add_argument("backup", metavar="BACKUP", help="backup file (path, or its name in the backups folder)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="check the project file for damage; exit 1 if damaged")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def _project_path(args: argparse.Namespace) -> Path:
    return resolve_project_path(args.db)[0]


def _human_size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def cmd_backups(args: argparse.Namespace) -> int:
    path = _project_path(args)
    if args.keep is not None:
        with open_project(args.db, create=False) as project:
            project.backups.set_keep(args.keep)
    found = list_backups(path)
    if args.json:
        print_json([b.as_dict() for b in found])
        return 0
    if not found:
        print(Message("cli.no_backups", folder=str(backups_dir_for(path))))
    for b in found:
        c = b.counts
        state = Message("cli.backup_ok") if b.ok else Message("cli.backup_damaged", problems=b.problems[:2])
        counts = Message("cli.backup_counts", reports=c.get("reports", "?"), annotations=c.get("annotations", "?"))
        print(f"{b.created:%Y-%m-%d %H:%M:%S} UTC  {reason_text(b.reason)}  {_human_size(b.size)}  "
              f"{counts}  {state}\n    {b.path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        info = project.backups.make("manual")
    if args.json:
        print_json(info.as_dict())
    else:
        print(Message("cli.backed_up", path=str(info.path)))
    return 0


def _find_backup(project: Path, name: str) -> Path:
    given = Path(name).expanduser()
    if given.is_file():
        return given
    inside = backups_dir_for(project) / name
    if inside.is_file():
        return inside
    raise CommandError(Message("cli.no_such_backup", name=name))


def cmd_restore(args: argparse.Namespace) -> int:
    path = _project_path(args)
    backup = _find_backup(path, args.backup)
    owner = held_by_other(path)
    if owner is not None:
        raise CommandError(Message("cli.open_elsewhere", owner=owner.describe()))
    saved = restore_backup(path, backup)
    with open_project(path) as project:  # brings an older backup's schema up to date
        counts = project.health.counts()
    if args.json:
        print_json({"restored": str(backup), "previous_state": str(saved.path) if saved else None, "counts": counts})
    else:
        print(Message("cli.restored", name=backup.name))
        if saved:
            print(Message("cli.previous_state_saved", path=str(saved.path)))
        print(Message("cli.backup_counts", reports=counts["reports"], annotations=counts["annotations"]))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = _project_path(args)
    result = check_file(path, full=True)
    if result.user_version is not None and result.user_version > latest_version():
        result.problems.append(Message("backup.newer", version=result.user_version))
    data = {
        "path": str(path), "ok": result.ok, "schema_version": result.user_version,
        "counts": {k: result.counts.get(k, 0) for k in
                   ("reports", "sections", "categories", "annotations", "orphaned", "review")},
        "problems": result.problems,
    }
    if args.json:
        print_json(data)
    else:
        c = data["counts"]
        print(path)
        print(Message("cli.check_counts", schema=result.user_version, reports=c["reports"], sections=c["sections"],
                      categories=c["categories"], annotations=c["annotations"], orphaned=c["orphaned"],
                      review=c["review"]))
        if result.ok:
            print(Message("cli.check_ok"))
        else:
            print(Message("cli.check_damaged"))
            for problem in result.problems:
                print(f"  - {problem}")
            print(Message("cli.restore_hint"))
    return 0 if result.ok else 1
