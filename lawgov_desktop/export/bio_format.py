"""Character-level BIO tags in CoNLL style, for Chinese sequence-labelling models.

One character per line, a space, its tag (``B-执法``, ``I-执法`` or ``O``); a blank line
after each sentence.  Sentences end after 。！？； (and ASCII !?;) — together with closing
quotes or brackets that follow — and at every line end.  Whitespace characters (spaces,
the ideographic space U+3000, tabs) are skipped, not emitted: a space cannot be a token in
a whitespace-separated column file, and Chinese models do not need it.  A tagged passage
that crosses a sentence end starts again with ``B-`` in the next sentence, so every
sentence is valid IOB2 on its own.  Only reports with at least one span of the file's
label(s) are written (an untagged report is not evidence of "nothing to tag").

Overlapping spans cannot both be tagged in one column, so a policy decides:

``per-category`` (default)
    one file per category, ``OUT`` with ``-<category>`` before the suffix
    (``train.bio`` → ``train-执法.bio``, ``train-复议.bio``); spans of different categories
    never compete.  An empty selection writes ``OUT`` itself, empty.
``longest``
    one file, ``OUT``; where spans overlap the longest is kept whole (ties: the earlier,
    then the category listed first) and the others are dropped, never cut.

In both policies overlapping spans *within* a file are resolved the same way, and the number
of dropped spans is reported.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

from lawgov_desktop.export.atomic import atomic_paths
from lawgov_desktop.export.records import ExportData, ExportOptions, Ticker, safe_file_part
from lawgov_desktop.messages import Message
from lawgov_desktop.store.records import Category

SUFFIX = ".bio"
#: Longest category part of a per-category file name, in bytes of UTF-8 (40 Chinese characters).
MAX_NAME_PART_BYTES = 120

SENTENCE_END = frozenset("。！？；!?;")
CLOSERS = frozenset("”’）」』】》)\"'")

Span = tuple[int, int, str]  # start, end, label


def resolve_overlaps(spans: list[tuple[int, int, str, int]]) -> tuple[list[Span], int]:
    """Keep the longest of overlapping spans (then earliest, then lowest rank); returns the
    kept spans in text order and how many were dropped.  ``spans`` are (start, end, label, rank)."""
    order = sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0], s[3]))
    starts: list[int] = []
    kept: list[Span] = []  # sorted by start, pairwise disjoint
    dropped = 0
    for start, end, label, _rank in order:
        k = bisect_left(starts, start)
        if (k < len(kept) and kept[k][0] < end) or (k > 0 and kept[k - 1][1] > start):
            dropped += 1
            continue
        starts.insert(k, start)
        kept.insert(k, (start, end, label))
    return kept, dropped


def bio_lines(text: str, spans: list[Span]) -> Iterator[str]:
    """The tagged lines of one text (``spans`` disjoint), a blank line after each sentence."""
    owner: list[int | None] = [None] * len(text)
    for k, (start, end, _label) in enumerate(spans):
        owner[start:end] = [k] * (end - start)
    prev: int | None = None
    in_sentence = False
    pending_break = False
    for i, ch in enumerate(text):
        if pending_break and ch not in CLOSERS:
            if in_sentence:
                yield ""
            in_sentence, prev, pending_break = False, None, False
        if ch == "\n":
            if in_sentence:
                yield ""
            in_sentence, prev, pending_break = False, None, False
            continue
        if ch.isspace():
            continue
        k = owner[i]
        tag = "O" if k is None else ("I-" if k == prev else "B-") + spans[k][2]
        prev = k
        in_sentence = True
        yield f"{ch} {tag}"
        if ch in SENTENCE_END:
            pending_break = True
    if in_sentence:
        yield ""


def category_path(out: Path, category: str) -> Path:
    """``train.bio`` + 执法 → ``train-执法.bio`` (the per-category file of ``out``)."""
    return out.with_name(f"{out.stem}-{_file_part(category)}{out.suffix or SUFFIX}")


def _file_part(name: str) -> str:
    """The category's part of a file name: characters a file system refuses replaced, at most
    :data:`MAX_NAME_PART_BYTES` bytes of UTF-8 (a file name may have 255)."""
    part = safe_file_part(name)
    while len(part.encode("utf-8")) > MAX_NAME_PART_BYTES:
        part = part[:-1]
    return part


def _same_file_key(name: str) -> str:
    """Two names that are one file on Windows and macOS (case and Unicode normalisation ignored)."""
    return unicodedata.normalize("NFC", name).casefold()


def category_paths(out: Path, categories: list[Category]) -> list[Path]:
    """One file per category, unique even where case does not count (Windows, macOS).

    ``执法/复议`` and ``执法_复议`` both read ``执法_复议`` in a file name, and ``Tax`` and ``TAX``
    are one file on most desktops: the first keeps the plain name, each later one gets its
    category id (``train-执法_复议~12.bio``), so no category's file ever replaces another's.
    """
    taken: set[str] = set()
    paths: list[Path] = []
    for c in categories:
        part = candidate = _file_part(c.name)
        n = 1
        while _same_file_key(candidate) in taken:
            n += 1
            candidate = f"{part}~{c.id}" if n == 2 else f"{part}~{c.id}-{n}"
        taken.add(_same_file_key(candidate))
        paths.append(out.with_name(f"{out.stem}-{candidate}{out.suffix or SUFFIX}"))
    return paths


def planned_paths(data: ExportData, out: Path, options: ExportOptions) -> list[Path]:
    if options.bio_policy == "longest" or not data.excerpts:
        return [out]
    return category_paths(out, data.used_categories())


def _file_groups(data: ExportData, options: ExportOptions) -> list[tuple[set[int] | None, list]]:
    """(category ids of the file or None for all, span list per report) per output file."""
    rank = {c.id: i for i, c in enumerate(data.categories)}
    by_report = data.by_report()
    wanted: list[set[int] | None] = [None] if options.bio_policy == "longest" or not data.excerpts \
        else [{c.id} for c in data.used_categories()]
    groups = []
    for cats in wanted:
        per_report = []
        for rid, exs in by_report.items():
            spans = [(ex.start, ex.end, name, rank.get(cid, 0))
                     for ex in exs for cid, name in zip(ex.category_ids, ex.categories, strict=True)
                     if cats is None or cid in cats]
            if spans:
                per_report.append((rid, spans))
        groups.append((cats, per_report))
    return groups


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    paths = planned_paths(data, out, options)
    groups = _file_groups(data, options)
    dropped = 0
    with atomic_paths(paths, options.overwrite) as temps:
        for tmp, (_cats, per_report) in zip(temps, groups, strict=True):
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                for rid, spans in per_report:
                    kept, lost = resolve_overlaps(spans)
                    dropped += lost
                    for line in bio_lines(data.texts[rid], kept):
                        fh.write(line + "\n")
                    ticker.step(len(spans))
        ticker.finish()
    if dropped:
        ticker.warnings.append(Message("export.bio_overlaps_dropped", n=dropped))
    if options.bio_policy != "longest" and data.excerpts:
        for c, path in zip(data.used_categories(), paths, strict=True):
            if path != category_path(out, c.name) or _file_part(c.name) != c.name:
                shown = "".join(ch if ch.isprintable() else "?" for ch in c.name[:30]) + ("…" if len(c.name) > 30 else "")
                ticker.warnings.append(Message("export.bio_renamed_file", name=shown, file=path.name))
    return paths
