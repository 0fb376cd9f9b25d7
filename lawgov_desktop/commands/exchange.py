"""Exchange commands: ``export`` (every format) and ``import-annotations`` (JSONL, W3C)."""

from __future__ import annotations

import argparse
import sys

from lawgov_desktop.commands.common import CommandError, print_json
from lawgov_desktop.export import FORMATS, export
from lawgov_desktop.export.records import (
    BIO_POLICIES,
    QDPX_NEWLINES,
    ExportError,
    ExportFilter,
    ExportOptions,
)
from lawgov_desktop.store.open import open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export tagged excerpts (csv, xlsx, docx, jsonl, bio, w3c, qdpx)",
        description="导出标注摘录。过滤条件可组合；没有符合条件的标注时写出空文件并在 stderr 说明。",
    )
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), dest="fmt")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output file (bio per category: OUT-<category> files beside it)")
    p.add_argument("--category", action="append", dest="categories", default=[], metavar="NAME",
                   help="only this category (name or id; repeatable)")
    p.add_argument("--report", action="append", dest="reports", type=int, default=[], metavar="ID",
                   help="only this report (repeatable)")
    p.add_argument("--annotator", default=None, metavar="NAME")
    p.add_argument("--since", default=None, metavar="DATE", help="created on or after (YYYY-MM-DD)")
    p.add_argument("--until", default=None, metavar="DATE", help="created on or before (YYYY-MM-DD, inclusive)")
    p.add_argument("--per-excerpt", action="store_true", help="jsonl: one line per excerpt instead of per report")
    p.add_argument("--bio-policy", choices=BIO_POLICIES, default="per-category",
                   help="bio: one file per category (default) or one file keeping the longest overlapping span")
    p.add_argument("--qdpx-newlines", choices=QDPX_NEWLINES, default="lf",
                   help="qdpx: lf (QualCoder, ATLAS.ti) or crlf with shifted positions (NVivo, MAXQDA)")
    p.add_argument("--title", default="", help="document / project title in docx, w3c and qdpx")
    p.add_argument("--as-predictions", action="store_true",
                   help="labelstudio: write the spans as predictions (pre-annotations) instead of annotations")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-annotations", help="import annotations from a jsonl or w3c export of LawGov",
        description="导入 LawGov 导出的 JSONL 或 W3C 标注：先按原位置、再按原文与上下文重新定位；"
        "无法定位的逐条列出（退出码 1）。",
    )
    p.add_argument("file")
    p.add_argument("--annotator", default=None, metavar="NAME",
                   help="Label Studio / doccano: who spans added on the server are attributed to when the export "
                        "names no one (default: $LAWGOV_ANNOTATOR or the login name)")
    p.add_argument("--empty-means-deleted", action="store_true",
                   help="doccano: a report without any span in the file means every span was deleted there")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(func=cmd_import_annotations)


def cmd_export(args: argparse.Namespace) -> int:
    flt = ExportFilter(categories=list(args.categories), report_ids=args.reports,
                       annotator=args.annotator, since=args.since, until=args.until)
    options = ExportOptions(per_excerpt=args.per_excerpt, bio_policy=args.bio_policy,
                            qdpx_newlines=args.qdpx_newlines, overwrite=args.force, title=args.title)
    options.as_predictions = args.as_predictions
    with open_project(args.db, create=False) as project:
        try:
            result = export(project, args.fmt, args.output, flt, options)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
    if args.json:
        print_json({"format": args.fmt, "count": result.count, "empty": result.empty,
                    "paths": [str(p) for p in result.paths], "warnings": result.warnings})
    else:
        for path in result.paths:
            print(f"导出 exported  {result.count} 条  → {path}")
    for warning in result.warnings:
        print(f"注意 warning: {warning}", file=sys.stderr)
    if result.empty:
        print("没有符合条件的标注，已写出空文件 (no annotations matched; wrote an empty file)", file=sys.stderr)
    return 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from lawgov_desktop.export.importer import import_annotations

    with open_project(args.db, create=False) as project:
        from lawgov_desktop.commands.team import backup_before_server_import, print_server_changes

        backup_before_server_import(project, args.file)
        report = import_annotations(project, args.file, default_annotator=args.annotator,
                                    empty_means_deleted=args.empty_means_deleted)
    if args.json:
        print_json(report.as_dict())
    else:
        methods = "，".join(f"{k} {v}" for k, v in sorted(report.methods.items()))
        print(f"读取 read {report.read} 条；新增 added {report.added}；已存在 duplicates {report.duplicates}"
              + (f"（{methods}）" if methods else ""))
        for name in report.created_categories:
            print(f"新建类别 created category: {name}")
        print_server_changes(report)
    for u in report.unplaced:
        print(f"未能定位 unplaced  {u.where}  《{u.report}》  “{u.quote}”: {u.reason}", file=sys.stderr)
    return 0 if report.ok else 1
