"""Data-safety commands: backups, backup, restore, check.

``check`` and ``backups`` only read (``check`` never migrates or repairs, so it can be run
on a file the app refuses to open); ``restore`` refuses while a LawGov window has the
project open, because it swaps the whole content under it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lawgov_desktop.commands.common import CommandError, print_json
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
            project.set_backup_keep(args.keep)
    found = list_backups(path)
    if args.json:
        print_json([b.as_dict() for b in found])
        return 0
    if not found:
        print(f"还没有备份 (no backups yet) — {backups_dir_for(path)}")
    for b in found:
        c = b.counts
        state = "正常 ok" if b.ok else "损坏 DAMAGED: " + "; ".join(b.problems[:2])
        print(f"{b.created:%Y-%m-%d %H:%M:%S} UTC  {reason_text(b.reason)}  {_human_size(b.size)}  "
              f"报告 {c.get('reports', '?')} 标注 {c.get('annotations', '?')}  {state}\n    {b.path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        info = project.make_backup("manual")
    if args.json:
        print_json(info.as_dict())
    else:
        print(f"已备份 backed up: {info.path}")
    return 0


def _find_backup(project: Path, name: str) -> Path:
    given = Path(name).expanduser()
    if given.is_file():
        return given
    inside = backups_dir_for(project) / name
    if inside.is_file():
        return inside
    raise CommandError(f"找不到备份：{name}（可用 lawgov backups 查看） (no such backup; see `lawgov backups`)")


def cmd_restore(args: argparse.Namespace) -> int:
    path = _project_path(args)
    backup = _find_backup(path, args.backup)
    owner = held_by_other(path)
    if owner is not None:
        raise CommandError(
            f"项目正在另一个 LawGov 窗口中打开（{owner.describe()}），请先关闭再恢复 "
            "(the project is open in a LawGov window; close it before restoring)"
        )
    saved = restore_backup(path, backup)
    with open_project(path) as project:  # brings an older backup's schema up to date
        counts = project.counts()
    if args.json:
        print_json({"restored": str(backup), "previous_state": str(saved.path) if saved else None, "counts": counts})
    else:
        print(f"已恢复 restored: {backup.name}")
        if saved:
            print(f"恢复前的状态已备份 (previous state saved): {saved.path}")
        print(f"报告 reports {counts['reports']}  标注 annotations {counts['annotations']}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = _project_path(args)
    result = check_file(path, full=True)
    if result.user_version is not None and result.user_version > latest_version():
        result.problems.append(
            f"项目来自更新版本的 LawGov（架构版本 {result.user_version}） (made by a newer version of LawGov)")
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
        print(f"{path}\n架构版本 schema {result.user_version}  报告 reports {c['reports']}  章节 sections "
              f"{c['sections']}  类别 categories {c['categories']}  标注 annotations {c['annotations']}  "
              f"失锚 orphaned {c['orphaned']}  待核对 review {c['review']}")
        if result.ok:
            print("完好 ok")
        else:
            print("发现问题 DAMAGED:")
            for problem in result.problems:
                print(f"  - {problem}")
            print("可用 lawgov backups / lawgov restore 从备份恢复 (restore a backup with `lawgov restore`)")
    return 0 if result.ok else 1
