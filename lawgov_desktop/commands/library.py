"""Foundation commands: outline, import, reports, annotate, annotations."""

from __future__ import annotations

import argparse
import sys

from lawgov_desktop.commands.common import print_json
from lawgov_desktop.core.report import parse_report_file
from lawgov_desktop.messages import Message, text
from lawgov_desktop.store.annotations import AnnotationFilter, SectionLocator
from lawgov_desktop.store.open import open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outline", help="print a report file's metadata and section outline (no project needed)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_outline)

    p = sub.add_parser("import", help="import report files or folders into the project")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p.add_argument("--replace", action="store_true",
                   help="let a new version replace a report's text even when it keeps less than 80%% of it")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("reports", help="list the project's reports")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("annotate", help="tag a span of a report; prints the new annotation id")
    p.add_argument("report_id", type=int)
    p.add_argument("start", type=int, help="start offset (Unicode code points)")
    p.add_argument("end", type=int, help="end offset (exclusive)")
    p.add_argument("category", nargs="+", help="category name(s)")
    p.add_argument("--note", default="")
    p.add_argument("--annotator", default=None)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("annotations", help="list annotations with quote, categories and section path")
    p.add_argument("--report", type=int, action="append", dest="reports", metavar="ID")
    p.add_argument("--category", action="append", dest="categories", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_annotations)


def cmd_outline(args: argparse.Namespace) -> int:
    parsed = parse_report_file(args.file)
    data = {
        **parsed.meta.as_dict(),
        "sha256": parsed.sha256,
        "chars": len(parsed.text),
        "sections": [
            {"depth": s.depth, "label": s.label, "title": s.title, "start": s.start, "end": s.end, "line": s.line}
            for s in parsed.sections
        ],
    }
    if args.json:
        print_json(data)
    else:
        m = parsed.meta
        print(f"{m.title}\n{m.year or ''} {m.issuer} {m.region}".rstrip())
        for s in parsed.sections:
            print(f"{'  ' * (s.depth - 1)}{s.label}{s.title}  [{s.start}-{s.end}]")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_project(args.db) as project:
        summary = project.reports.import_files(args.paths, replace=args.replace)
    if args.json:
        print_json({
            "imported": [{"path": p, "id": i} for p, i in summary.imported],
            "duplicates": [{"path": p, "id": i} for p, i in summary.duplicates],
            "refused": [{"path": p, "reason": r} for p, r in summary.refused],
            "updated": [{"path": p, "id": i, "reanchor": r.as_dict()} for p, i, r in summary.updated],
            "held": [{"path": p, "id": i, "kept_share": round(k, 3)} for p, i, k in summary.held],
            "look_alikes": [{"path": p, "replaced": n} for p, n in summary.look_alikes],
        })
    else:
        for path, rid in summary.imported:
            print(Message("cli.imported", id=rid, path=str(path)))
        for path, rid in summary.duplicates:
            print(Message("cli.duplicate", id=rid, path=str(path)))
        for path, rid, r in summary.updated:
            c = r.counts()
            print(Message("cli.new_version", id=rid, path=str(path), kept=c["kept"], moved=c["moved"],
                          review=c["review"], orphaned=c["orphaned"])
                  + ("  (lawgov orphans)" if c["review"] or c["orphaned"] else ""))
        for path, n in summary.look_alikes:
            print(Message("cli.look_alikes", path=str(path), n=n))
    for path, reason in summary.refused:
        print(Message("cli.refused", path=str(path), reason=text(reason)), file=sys.stderr)
    for path, rid, kept in summary.held:
        print(Message("cli.held", path=str(path), id=rid, kept=f"{kept:.0%}"), file=sys.stderr)
    return 0 if summary.ok and not summary.held else 1


def cmd_reports(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        rows = project.reports.list()
    if args.json:
        print_json([
            {"id": r.id, "title": r.title, "year": r.year, "issuer": r.issuer, "region": r.region,
             "chars": r.chars, "sections": r.sections, "annotations": r.annotations,
             "source": r.source, "publish_date": r.publish_date, "file_name": r.file_name, "sha256": r.sha256}
            for r in rows
        ])
    else:
        for r in rows:
            print(f"#{r.id}\t{r.year or ''}\t{r.region}\t{r.issuer}\t{r.title}\t{r.chars}字\t{r.annotations}标注")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        project.reports.get(args.report_id)  # KeyError → clear message
        aid = project.annotations.add(args.report_id, args.start, args.end, args.category,
                                     note=args.note, annotator=args.annotator)
    print(aid)
    return 0


def cmd_annotations(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        flt = AnnotationFilter(report_ids=args.reports)
        if args.categories:
            flt.category_ids = project.categories.resolve(args.categories)
        anns = project.annotations.list(flt)
        names = {c.id: c.name for c in project.categories.list()}
        locators: dict[int, SectionLocator] = {}
        out = []
        for a in anns:
            loc = locators.get(a.report_id) or locators.setdefault(a.report_id, SectionLocator(project.reports.sections(a.report_id)))
            out.append({
                "id": a.id, "report_id": a.report_id, "start": a.start, "end": a.end, "quote": a.quote,
                "categories": [names[c] for c in a.category_ids], "note": a.note, "annotator": a.annotator,
                "section_path": loc.path(a.start), "status": a.status,
                "created_at": a.created_at, "updated_at": a.updated_at,
            })
    if args.json:
        print_json(out)
    else:
        for o in out:
            print(f"#{o['id']}\t{Message('cli.report_no', id=o['report_id'])}\t{o['start']}-{o['end']}\t{'、'.join(o['categories'])}\t"
                  f"{o['section_path']}\t{o['quote'][:40]}")
    return 0
