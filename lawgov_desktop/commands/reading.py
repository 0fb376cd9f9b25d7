"""Chinese-aware reading commands: search, suggest, align, stats."""

from __future__ import annotations

import argparse

from lawgov_desktop.commands.common import CommandError, print_json
from lawgov_desktop.core.document import section_path
from lawgov_desktop.messages import Message
from lawgov_desktop.store.annotations import SectionLocator
from lawgov_desktop.store.open import open_project
from lawgov_desktop.store.stats import DIMENSIONS, annotation_counts, section_coverage


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find every occurrence of words or \"phrases\" (space = AND)")
    p.add_argument("query")
    p.add_argument("--report", type=int, action="append", dest="reports", metavar="ID")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("suggest", help="suggest passages to tag (keyword rules or the learned ranker)")
    p.add_argument("--report", type=int, action="append", dest="reports", metavar="ID")
    p.add_argument("--category", action="append", dest="categories", metavar="NAME")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="the N best suggestions (all are listed best first; equal scores in text order)")
    p.add_argument("--clause", action="store_true", help="keyword suggestions: the keyword's clause, not the sentence")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("align", help="map each section of report A to its most similar sections of report B")
    p.add_argument("report_a", type=int)
    p.add_argument("report_b", type=int)
    p.add_argument("--top", type=int, default=3, help="matches per section (default 3)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("stats", help="annotation counts per category and report/issuer/year, or coverage")
    p.add_argument("--by", choices=[*DIMENSIONS, "coverage"], default="report")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)


def cmd_search(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        hits = project.search.hits(args.query, report_ids=args.reports, limit=args.limit)
        titles = {r.id: r.title or r.file_name for r in project.reports.list()} if hits else {}
    if args.json:  # each hit says which report it is in, by title as well as by id
        print_json([{"report_id": h.report_id, "report_title": titles.get(h.report_id, ""),
                     **{k: v for k, v in h.as_dict().items() if k != "report_id"}} for h in hits])
    else:
        for h in hits:
            ctx = f"{h.context_before}【{h.match}】{h.context_after}".replace("\n", " ")
            print(f"#{h.report_id}\t{h.start}-{h.end}\t{h.section_path}\t{ctx}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        for rid in args.reports or []:
            project.reports.get(rid)  # KeyError → a clear message
        cat_ids = project.categories.resolve(args.categories) if args.categories else None
        found = project.suggestions.list(args.reports, cat_ids, args.limit, best_first=True,
                                    span_mode="clause" if args.clause else "sentence")
        names = {c.id: c.name for c in project.categories.list()}
        locators: dict[int, SectionLocator] = {}
        texts: dict[int, str] = {}
        out = []
        for s in found:
            loc = locators.get(s.report_id) or locators.setdefault(s.report_id, SectionLocator(project.reports.sections(s.report_id)))
            text = texts.get(s.report_id) or texts.setdefault(s.report_id, project.reports.text(s.report_id))
            out.append({"report_id": s.report_id, "start": s.start, "end": s.end, "category": names[s.category_id],
                        "category_id": s.category_id, "score": s.score, "method": s.method,
                        "keywords": s.keywords, "section_path": loc.path(s.start), "text": text[s.start:s.end]})
    if args.json:
        print_json(out)
    else:
        for o in out:
            print(f"#{o['report_id']}\t{o['start']}-{o['end']}\t{o['category']}\t{o['score']:.2f}\t{o['method']}\t"
                  f"{o['text'][:40]}")
    return 0


def cmd_align(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError(Message("cli.top_at_least_one"))
    with open_project(args.db, create=False) as project:
        project.reports.get(args.report_a)
        project.reports.get(args.report_b)
        alignments = project.alignment.matches(args.report_a, args.report_b, top_k=args.top)
        sa, sb = project.reports.sections(args.report_a), project.reports.sections(args.report_b)

    def describe(sections: list, i: int) -> dict:
        s = sections[i]
        return {"index": i, "label": s.label, "title": s.title, "path": section_path(sections, i),
                "start": s.start, "end": s.end, "depth": s.depth}

    out = [{"a": describe(sa, al.a_index),
            "matches": [{**describe(sb, m.index), "score": m.score, "title_score": m.title_score,
                         "body_score": m.body_score} for m in al.matches]}
           for al in alignments]
    if args.json:
        print_json({"report_a": args.report_a, "report_b": args.report_b, "sections": out})
    else:
        for o in out:
            best = o["matches"][0] if o["matches"] else None
            target = f"{best['label']}{best['title']}  ({best['score']:.2f})" if best else "—"
            print(f"{o['a']['label']}{o['a']['title']}\t→\t{target}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with open_project(args.db, create=False) as project:
        if args.by == "coverage":
            rows = [r.as_dict() for r in section_coverage(project)]
            if args.json:
                print_json(rows)
            else:
                for r in rows:
                    print(f"#{r['report_id']}\t{r['category']}\t" + Message(
                        "stats.coverage", tagged=r["sections_tagged"], sections=r["sections"],
                        share=f"{r['char_share']:.1%}"))
            return 0
        table = annotation_counts(project, args.by)
    if args.json:
        print_json({"by": table.dimension, "categories": [c.name for c in table.categories],
                    "rows": [{"key": k, "label": lab, "counts": dict(zip([c.name for c in table.categories], row,
                                                                         strict=True))}
                             for k, lab, row in zip(table.row_keys, table.row_labels, table.counts, strict=True)]})
    else:
        for row in table.as_rows():
            print("\t".join(str(x) for x in row))
    return 0
