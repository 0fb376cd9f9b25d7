"""Team commands: ``merge`` another project, ``agreement`` of two annotators, ``annotators``."""

from __future__ import annotations

import argparse
import sys

from lawgov_desktop.commands.common import CommandError, print_json
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
    print(f"合并 merged {summary.source}")
    print(f"报告 reports: 新增 added {len(summary.reports_added)}，已有 matched {summary.reports_matched}，"
          f"新版本 newer version {len(summary.reports_updated)}，旧版本重新定位 older version re-anchored "
          f"{len(summary.reports_reanchored)}")
    for r in summary.reports_added:
        print(f"  新增报告 added  #{r['id']}  {r['title']}")
    for r in summary.reports_updated:
        c = r["reanchor"]
        print(f"  新版本 newer version #{r['id']}  {r['title']}: 原位 kept {c['kept']}, 移动 moved {c['moved']}, "
              f"待核对 review {c['review']}, 失锚 orphaned {c['orphaned']}")
    for name in summary.categories_added:
        print(f"新建类别 created category: {name}")
    who = "，".join(f"{k or '（无名）'} {v}" for k, v in sorted(summary.by_annotator.items()))
    print(f"标注 annotations: 新增 added {summary.annotations_added}"
          + (f"（{who}）" if who else "") + f"；相同已跳过 identical skipped {summary.annotations_skipped}")
    for item in summary.attention:
        print(f"未能确定位置 not placed with confidence  #{item['id']} 《{item['report_title']}》 "
              f"“{item['quote']}” ({item['status']}; lawgov orphans)", file=sys.stderr)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from lawgov_desktop.store.team import compare_annotators

    if len(args.annotators) != 2:
        raise CommandError("请用 --annotator 指定两位标注人 (give --annotator exactly twice)")
    a, b = args.annotators
    with open_project(args.db, create=False) as project:  # only reads: never makes a project
        known = {name for name, _n in _counts(project)}
        unknown = [n for n in (a, b) if n not in known]
        if unknown:
            raise CommandError(f"没有这位标注人的标注：{'、'.join(unknown)}（现有：{'、'.join(sorted(known)) or '无'}） "
                               "(no annotations by this annotator)")
        report, skipped = compare_annotators(project, a, b, args.reports)
        titles = {r.id: r.title for r in project.reports()}
    data = report.as_dict()
    data["reports_skipped"] = skipped
    if args.json:
        print_json(data)
        return 0
    if not report.report_ids:
        print(f"{a} 与 {b} 没有共同标注过的报告 (no report annotated by both)")
        return 0
    print(f"{a}（参照 reference） vs {b}：{len(report.report_ids)} 份报告 reports")
    print("类别 category\tκ\tF1 精确 exact\tF1 重叠 overlap\t片段 spans A/B")
    for name, ag in report.categories.items():
        print(f"{name}\t{ag.kappa:.3f}\t{ag.exact.f1:.3f}\t{ag.overlap.f1:.3f}\t{ag.spans_a}/{ag.spans_b}")
    if report.overall:
        o = report.overall
        print(f"合计 overall\t{o.kappa:.3f}\t{o.exact.f1:.3f}\t{o.overlap.f1:.3f}\t{o.spans_a}/{o.spans_b}")
    print(f"分歧 disagreements: {len(report.disagreements)}")
    for d in report.disagreements[:20]:
        print(f"  #{d.report_id} 《{titles.get(d.report_id, '')}》 {d.start}-{d.end} {d.category} {d.kind}")
    for rid in skipped:
        print(f"注意 note: 报告 #{rid} 不是两人都标注过，未计入 (not annotated by both; left out)", file=sys.stderr)
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
            print(f"{name or '（无名）'}\t{n}")
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
        info = project.make_backup("pre-import")
        print(f"导入前已备份 backed up before the import: {info.path}", file=sys.stderr)


def print_server_changes(report) -> None:  # noqa: ANN001
    """What a Label Studio or doccano import changed (nothing for other formats)."""
    if not hasattr(report, "deleted"):
        return
    print(f"格式 format: {report.format}；服务器上未变 unchanged there {report.kept}；"
          f"修改 changed {len(report.changed)}；删除 deleted {len(report.deleted)}")
    for a in report.deleted:
        print(f"  删除 deleted  #{a.id}  报告 {a.report_id}  {a.start}-{a.end}  “{a.quote[:40]}”  ({a.annotator})")
    for a in report.changed:
        print(f"  修改 changed  #{a.id}  报告 {a.report_id}  原位置 was {a.start}-{a.end}")
    for note in report.notes:
        print(f"注意 note: {note}", file=sys.stderr)
