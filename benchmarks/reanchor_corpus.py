"""Re-anchoring on a generated corpus of edits: ``python benchmarks/reanchor_corpus.py [--size N] [--json]``.

Builds N single-passage edits (default 2,000) from the seed reports — insertions, deletions and
substitutions before, across the start of, inside, across the end of and after tagged spans;
numbers changed; stock phrases that occur several times, edited here or at another of their
places; paragraphs moved elsewhere, edited or not; further edits elsewhere in the same
version in four cases out of ten — and re-anchors
each tagged span onto its new text.  Prints the share left ok / review / orphaned, how that
compares with what the rule expects, and the counts that must be zero: silent quote changes
(ok, but the text differs from what was tagged), ok anywhere but on the span's own unchanged
passage, and spans cutting a number or Latin word.  Exit code 1 if any of those is not zero.
See ``lawgov_desktop/bench/reanchor_corpus.py`` for how the cases and their answers are made.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawgov_desktop.bench.reanchor_corpus import describe, run_corpus  # noqa: E402  (after the path set-up)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2000, help="number of edits (at least 500 for the full run)")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the corpus")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--show", type=int, default=10, help="list up to this many cases that break the promise")
    args = ap.parse_args(argv)

    began = time.perf_counter()
    rep = run_corpus(args.size, args.seed)
    seconds = time.perf_counter() - began
    data = {**rep.as_dict(), "seconds": round(seconds, 2)}
    bad = rep.silent_quote_changes() + rep.wrong_ok() + rep.cut_spans()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 1 if bad else 0

    shares, counts, expected = data["shares"], data["counts"], data["expected"]
    print(f"re-anchoring corpus: {data['edits']} edits of the seed reports, seed {args.seed}, {seconds:.1f} s "
          f"(median {data['median_ms_per_annotation']} ms per annotation)")
    print()
    print(f"{'status':<10}{'share':>8}{'count':>8}{'expected':>10}")
    for k in ("ok", "review", "orphaned"):
        print(f"{k:<10}{shares[k]:>8.1%}{counts.get(k, 0):>8}{expected.get(k, 0):>10}")
    print()
    print("expected -> given: " + ", ".join(f"{k} {v}" for k, v in data["confusion"].items()))
    reviews, on, exact = (data["review_expected_and_given"], data["review_on_the_changed_passage"],
                          data["review_exactly_the_changed_passage"])
    print(f"review placed on the changed passage: {on} of {reviews}; exactly on it: {exact}")
    print()
    print(f"silent quote changes (ok, text differs from the tagged one): {data['silent_quote_changes']}")
    print(f"ok anywhere but on the span's own unchanged passage:        {data['ok_not_on_own_passage']}")
    print(f"spans cutting a number or Latin word the old one did not:   {data['spans_cutting_a_number_or_word']}")
    print()
    print("by place of the edit:")
    for place, c in data["by_place"].items():
        print(f"  {place:<17}" + "  ".join(f"{k} {c.get(k, 0):>4}" for k in ("ok", "review", "orphaned")))
    for o in bad[:args.show]:
        print("BROKEN:", describe(o))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
