"""Team commands: ``merge`` another project, ``agreement`` of two annotators, ``annotators``."""

from __future__ import annotations

import argparse
import sys

from lawgov_desktop.commands.common import CommandError, print_json
from lawgov_desktop.messages import Message, text
from lawgov_desktop.store.open import open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge", help="bring another project's reports, categories and annotations into this one",
        description="合并另一个项目文件：报告按内容哈希对应（同一报告的其他版本按重新导入的规则处理并重新定位标注），"
        "类别按名称对应，完全相同的标注（同一报告、位置、类别、标注人）跳过。另一个文件只读不改。",
    )
    p.add_argument("other", metavar="OTHER.lawgov")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "agreement", help="agreement of two annotators: Cohen's kappa per character, span P/R/F1",
        description="两位标注人在双方都标注过的报告上的一致性：逐字 Cohen's κ，片段精确率/召回率/F1（完全一致与重叠）。"
        "第一位标注人作为参照。",
    )
    p.add_argument("--annotator", action="append", dest="annotators", default=[], metavar="NAME", required=True,
                   help="give exactly two (the first is the reference)")
    p.add_argument("--report", type=int, action="append", dest="reports", metavar="ID", help="only these reports")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("annotators", help="annotator names with their number of annotations")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_annotators)


def cmd_merge(args: argparse.Namespace) -> int:
    from lawgov_desktop.store.merge import merge_project

    with open_project(args.db) as project:
        summary = merge_project(project, args.other)
    if args.json:
        print_json(summary.as_dict())
        return 0
    print(Message("cli.merged", source=summary.source))
    print(Message("cli.merge_reports", added=len(summary.reports_added), matched=summary.reports_matched,
                  newer=len(summary.reports_updated), reanchored=len(summary.reports_reanchored)))
    for r in summary.reports_added:
        print("  " + Message("cli.merge_report_added", id=r["id"], title=r["title"]))
    for r in summary.reports_updated:
        c = r["reanchor"]
        print("  " + Message("cli.merge_report_newer", id=r["id"], title=r["title"], kept=c["kept"], moved=c["moved"],
                             review=c["review"], orphaned=c["orphaned"]))
    for name in summary.categories_added:
        print(Message("cli.created_category", name=name))
    who = ", ".join(f"{k or text(Message('cli.no_name'))} {v}" for k, v in sorted(summary.by_annotator.items()))
    print(Message("cli.merge_annotations", added=summary.annotations_added, skipped=summary.annotations_skipped)
          + (f" ({who})" if who else ""))
    for item in summary.attention:
        print(Message("cli.merge_not_placed", id=item["id"], title=item["report_title"], quote=item["quote"],
                      status=item["status"]), file=sys.stderr)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from lawgov_desktop.store.team import compare_annotators

    if len(args.annotators) != 2:
        raise CommandError(Message("cli.two_annotators"))
    a, b = args.annotators
    with open_project(args.db, create=False) as project:  # only reads: never makes a project
        known = {name for name, _n in _counts(project)}
        unknown = [n for n in (a, b) if n not in known]
        if unknown:
            raise CommandError(Message("cli.unknown_annotator", names=", ".join(unknown),
                                       known=", ".join(sorted(known)) or Message("list.none")))
        report, skipped = compare_annotators(project, a, b, args.reports)
        titles = {r.id: r.title for r in project.reports.list()}
    data = report.as_dict()
    data["reports_skipped"] = skipped
    if args.json:
        print_json(data)
        return 0
    if not report.report_ids:
        print(Message("cli.nothing_in_common", a=a, b=b))
        return 0
    print(Message("cli.agreement_head", a=a, b=b, n=len(report.report_ids)))
    print(Message("cli.agreement_columns"))
    for name, ag in report.categories.items():
        print(f"{name}\t{ag.kappa:.3f}\t{ag.exact.f1:.3f}\t{ag.overlap.f1:.3f}\t{ag.spans_a}/{ag.spans_b}")
    if report.overall:
        o = report.overall
        print(f"{Message('cli.overall')}\t{o.kappa:.3f}\t{o.exact.f1:.3f}\t{o.overlap.f1:.3f}\t{o.spans_a}/{o.spans_b}")
    print(Message("cli.disagreements", n=len(report.disagreements)))
    for d in report.disagreements[:20]:
        print(f"  #{d.report_id} 《{titles.get(d.report_id, '')}》 {d.start}-{d.end} {d.category} {d.kind}")
    for rid in skipped:
        print(Message("cli.note", message=Message("cli.not_both", id=rid)), file=sys.stderr)
    return 0


def _counts(project) -> list[tuple[str, int]]:  # noqa: ANN001
    from lawgov_desktop.store.team import annotator_counts

    return annotator_counts(project)


def cmd_annotators(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:  # only reads: never makes a project
        rows = _counts(project)
    if args.json:
        print_json([{"annotator": name, "annotations": n} for name, n in rows])
    else:
        for name, n in rows:
            print(f"{name or Message('cli.no_name')}\t{n}")
    return 0


def backup_before_server_import(project, path: str) -> None:  # noqa: ANN001
    """A Label Studio or doccano import may delete and change annotations: back up first, so
    ``lawgov restore`` can take the import back."""
    from lawgov_desktop.export.reconcile import read_server_file

    try:
        server = read_server_file(path)
    except ValueError:
        return  # the import itself says what is wrong with the file
    if server is not None and server[1]:
        info = project.backups.make("pre-import")
        print(Message("cli.backed_up_before_import", path=str(info.path)), file=sys.stderr)


def print_server_changes(report) -> None:  # noqa: ANN001
    """What a Label Studio or doccano import changed (nothing for other formats)."""
    if not hasattr(report, "deleted"):
        return
    print(Message("cli.server_changes", format=report.format, kept=report.kept, changed=len(report.changed),
                  deleted=len(report.deleted)))
    for a in report.deleted:
        print("  " + Message("cli.server_deleted", id=a.id, report=a.report_id, start=a.start, end=a.end,
                             quote=a.quote[:40], annotator=a.annotator))
    for a in report.changed:
        print("  " + Message("cli.server_changed", id=a.id, report=a.report_id, start=a.start, end=a.end))
    for note in report.notes:
        print(Message("cli.note", message=text(note)), file=sys.stderr)
