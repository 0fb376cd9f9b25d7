"""Exchange commands: ``export`` (every format) and ``import-annotations`` (JSONL, W3C)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from lawgov_desktop.commands.common import CommandError, cli_language, print_json
from lawgov_desktop.export import FORMATS, export
from lawgov_desktop.export.records import (
    BIO_POLICIES,
    QDPX_NEWLINES,
    ExportError,
    ExportFilter,
    ExportOptions,
    free_path,
    proposed_file_name,
)
from lawgov_desktop.messages import Message, text
from lawgov_desktop.store.open import open_project

#: Formats whose file is text and can go to standard output with ``-o -``.
STDOUT_FORMATS = ("csv", "jsonl", "w3c", "bio")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export tagged excerpts (csv, xlsx, docx, jsonl, bio, w3c, qdpx)",
        description="导出标注摘录。过滤条件可组合；没有符合条件的标注时写出空文件并在 stderr 说明。",
    )
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), dest="fmt")
    p.add_argument("-o", "--output", default=None, metavar="OUT",
                   help="output file (bio per category: OUT-<category> files beside it); '-' writes a text "
                        "format (csv, jsonl, w3c, bio --bio-policy longest) to standard output; without -o a "
                        "name saying category, report and date is proposed in the current folder")
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


def _check_stdout(args: argparse.Namespace) -> None:
    if args.fmt not in STDOUT_FORMATS:
        raise CommandError(Message("cli.not_a_text_format", format=args.fmt))
    if args.fmt == "bio" and args.bio_policy != "longest":
        raise CommandError(Message("cli.bio_to_stdout"))
    if args.json:
        raise CommandError(Message("cli.stdout_and_json"))


def _proposed_output(project, args: argparse.Namespace) -> Path:
    """Where an export without ``-o`` goes: a name saying what it holds, in the current folder."""
    cats = [project.categories.get(c).name for c in project.categories.resolve(args.categories)] if args.categories else []
    titles = [project.reports.get(rid).title or project.reports.get(rid).file_name for rid in args.reports]
    return free_path(Path.cwd() / proposed_file_name(FORMATS[args.fmt].suffix, cats, titles))


def cmd_export(args: argparse.Namespace) -> int:
    flt = ExportFilter(categories=list(args.categories), report_ids=args.reports,
                       annotator=args.annotator, since=args.since, until=args.until)
    options = ExportOptions(per_excerpt=args.per_excerpt, bio_policy=args.bio_policy,
                            qdpx_newlines=args.qdpx_newlines, overwrite=args.force, title=args.title,
                            language=cli_language())
    options.as_predictions = args.as_predictions
    to_stdout = args.output == "-"
    if to_stdout:
        _check_stdout(args)
    with open_project(args.db, create=False) as project:
        try:
            if to_stdout:
                with tempfile.TemporaryDirectory(prefix="lawgov-export-") as tmp:
                    result = export(project, args.fmt, Path(tmp) / f"out{FORMATS[args.fmt].suffix}", flt, options)
                    data = result.path.read_bytes()
                sys.stdout.flush()
                sys.stdout.buffer.write(data)  # the file's exact bytes (csv keeps its BOM and CRLF)
                sys.stdout.flush()
            else:
                out = Path(args.output) if args.output else _proposed_output(project, args)
                result = export(project, args.fmt, out, flt, options)
        except ExportError as exc:
            raise CommandError(exc) from exc
    if args.json:
        print_json({"format": args.fmt, "count": result.count, "tags": result.tags, "empty": result.empty,
                    "paths": [str(p) for p in result.paths], "warnings": result.warnings})
    elif to_stdout:
        print(Message("cli.exported", count=result.count, tags=result.tags, path=Message("cli.stdout")),
              file=sys.stderr)
    else:
        for path in result.paths:
            print(Message("cli.exported", count=result.count, tags=result.tags, path=str(path)))
    for warning in result.warnings:
        print(Message("cli.note", message=text(warning)), file=sys.stderr)
    if result.empty:
        print(Message("cli.exported_empty"), file=sys.stderr)
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
        print(Message("cli.import_counts", read=report.read, added=report.added, duplicates=report.duplicates)
              + (f" ({methods})" if methods else ""))
        for name in report.created_categories:
            print(Message("cli.created_category", name=name))
        print_server_changes(report)
    for u in report.unplaced:
        print(Message("cli.unplaced", where=u.where, report=u.report, quote=u.quote, reason=text(u.reason)),
              file=sys.stderr)
    for warning in getattr(report, "warnings", []):
        print(Message("cli.note", message=text(warning)), file=sys.stderr)
    return 0 if report.ok else 1
