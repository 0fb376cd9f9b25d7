"""The one excerpt record every export format is written from, and the export options.

Each format module turns the same :class:`ExportData` into its own file, so a CSV, a Word
digest and a QDA project of one selection always agree on what was exported.  Offsets are
Unicode code points into the report's stored text (``text[start:end] == quote``).

Context: ``context_before`` / ``context_after`` are the :data:`EXPORT_CONTEXT_CHARS` code
points next to the quote, **not** clipped at paragraph boundaries: staff often tag a whole
paragraph, and clipped context would then be empty exactly where it helps most; and the same
context re-anchors a span when an export is imported back (it is the W3C ``prefix``/``suffix``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

# the selection records live in the store, which builds them (store/excerpts.py); named here too
# because every format reads them from this module
from lawgov_desktop.messages import Coded
from lawgov_desktop.store.excerpt_records import (  # noqa: F401 (named here for the formats)
    EXPORT_CONTEXT_CHARS,
    Excerpt,
    ExportData,
    ExportFilter,
)

ProgressFn = Callable[[int, int], None]  # done, total
CancelFn = Callable[[], bool]


class ExportError(RuntimeError):
    """An export that cannot be written; its text comes from the message catalogue."""


class ExportCancelled(Coded, ExportError):
    """The user cancelled; nothing was written."""

    code = "export.cancelled"


class FormatUnknown(Coded, ExportError):
    code = "export.unknown_format"


class OutputIsFolder(Coded, ExportError):
    code = "export.output_is_folder"


class OutputNotRegular(Coded, ExportError):
    code = "export.output_not_regular"


class OutputExists(Coded, ExportError):
    code = "export.output_exists"


class OutputAppeared(Coded, ExportError):
    code = "export.output_appeared"


class OutputFolderMissing(Coded, ExportError):
    code = "export.no_such_folder"


class OutputsCollide(Coded, ExportError):
    code = "export.outputs_collide"


class OptionUnknown(Coded, ValueError):
    code = "export.unknown_option"


BIO_POLICIES = ("per-category", "longest")
QDPX_NEWLINES = ("lf", "crlf")


@dataclass
class ExportOptions:
    """Format options; each format reads only the ones that concern it."""

    per_excerpt: bool = False  # jsonl: one line per excerpt instead of one per report
    bio_policy: str = "per-category"  # bio: one file per category, or one file keeping the longest span
    qdpx_newlines: str = "lf"  # qdpx: line ends of the source files and how positions count them
    overwrite: bool = False  # replace an existing output file
    now: str | None = None  # generation time (ISO); fixed in tests so outputs are reproducible
    title: str = ""  # document / project title (docx: DIGEST_TITLE when empty; w3c, qdpx: project name)
    language: str = "zh_CN"  # words in files for people (the 状态 column): the UI's language
    as_predictions: bool = False  # labelstudio: the spans as predictions (pre-annotations), not annotations

    def validate(self) -> None:
        if self.bio_policy not in BIO_POLICIES:
            raise OptionUnknown(option="--bio-policy", value=self.bio_policy, choices=", ".join(BIO_POLICIES))
        if self.qdpx_newlines not in QDPX_NEWLINES:
            raise OptionUnknown(option="--qdpx-newlines", value=self.qdpx_newlines, choices=", ".join(QDPX_NEWLINES))


@dataclass
class ExportResult:
    """What an export wrote: ``path`` is the main file; ``paths`` all files written."""

    count: int
    path: Path
    empty: bool
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tags: int = 0  # category tags on the exported excerpts (an excerpt with two categories: 2)


def tag_count(excerpts: list[Excerpt]) -> int:
    """How many times the excerpts were tagged: each category of each excerpt counts once
    (an excerpt with no category left counts once too), so per-category counts add up to it."""
    return sum(max(1, len(ex.category_ids)) for ex in excerpts)


def count_line(excerpts: int, tags: int) -> str:
    """The total as people read it, saying what each number counts: 「摘录 2 条，标注 3 次」."""
    return f"摘录 {excerpts} 条，标注 {tags} 次"


class Ticker:
    """Progress reporting and cancellation for a format writer, checked every few rows; also
    collects warnings (truncated cells, dropped overlapping spans) for the result."""

    def __init__(self, total: int, progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
                 every: int = 200) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        self._every = every
        self._next = 0
        self.warnings: list[str] = []

    def check(self) -> None:
        if self._cancelled and self._cancelled():
            raise ExportCancelled()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.done >= self._next:
            self._next = self.done + self._every
            self.check()
            if self._progress:
                self._progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        self.check()
        if self._progress:
            self._progress(self.total, self.total)


# -- the table shared by CSV and XLSX ------------------------------------------------------
#: Column headers of the tabular formats, in Chinese for the staff who read them.
TABLE_HEADERS = ["报告", "发文单位", "地区", "年份", "章节", "类别", "摘录", "上文", "下文", "备注",
                 "标注人", "创建时间", "更新时间", "起始", "结束", "状态", "标注ID", "报告ID", "报告SHA-256"]
QUOTE_COLUMN = TABLE_HEADERS.index("摘录")
NUMERIC_COLUMNS = {TABLE_HEADERS.index(h) for h in ("年份", "起始", "结束", "标注ID", "报告ID")}
CATEGORY_SEP = "、"


#: The 状态 column in the user's language (files for people); machine formats keep the code.
STATUS_LABELS = {
    "zh_CN": {"ok": "正常", "review": "待复核", "orphaned": "已失去位置", "suggested": "建议"},
    "en": {"ok": "OK", "review": "to check", "orphaned": "lost its place", "suggested": "suggested"},
}


def status_label(status: str, language: str = "zh_CN") -> str:
    return STATUS_LABELS.get(language, STATUS_LABELS["zh_CN"]).get(status, status)


def people_time(iso: str) -> str:
    """A stored ISO time (UTC, with offset) as people write it, in the local time zone of
    this computer: ``2026-12-02T00:36:34+00:00`` → ``2026-12-02 08:36`` in Beijing.
    Machine formats (jsonl, w3c, qdpx) keep the ISO time with its offset instead."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the local zone (TZ, or the system's)
    return moment.strftime("%Y-%m-%d %H:%M")


def table_row(ex: Excerpt, language: str = "zh_CN") -> list[str | int | None]:
    """One excerpt as a row under :data:`TABLE_HEADERS` (not yet neutralised): times local,
    status in the user's language."""
    return [ex.report_title, ex.report_issuer, ex.report_region, ex.report_year, ex.section_path,
            CATEGORY_SEP.join(ex.categories), ex.quote, ex.context_before, ex.context_after, ex.note,
            ex.annotator, people_time(ex.created_at), people_time(ex.updated_at), ex.start, ex.end,
            status_label(ex.status, language), ex.annotation_id, ex.report_id, ex.report_sha256]


# Characters XML 1.0 (and so .xlsx, .docx, .qde) cannot hold; tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without control characters XML cannot carry (they never occur in report text,
    but a note pasted from elsewhere may hold one, and one such character would abort the file)."""
    return _XML_ILLEGAL.sub("", text)


def safe_file_part(name: str) -> str:
    """A category name usable inside a file name on Windows, macOS and Linux."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name).strip(" .")
    return cleaned or "_"


#: Longest proposed file name (without its folder); Windows paths stay well under 260.
MAX_PROPOSED_NAME = 90


def proposed_file_name(suffix: str, categories: list[str], reports: list[str], day: date | None = None) -> str:
    """A file name that says what an export holds: category, report, date.

    ``categories`` / ``reports`` are the names chosen in the filter (none: all of them):
    ``执法-红桥区2022年法治政府建设工作情况报告-2026-12-02.xlsx``, ``全部类别-5份报告-….csv``.
    """
    day = day or date.today()
    if not categories:
        what = "全部类别"
    elif len(categories) <= 2:
        what = "、".join(categories)
    else:
        what = f"{categories[0]}等{len(categories)}类"
    if len(reports) == 1:
        where = reports[0][:40]
    else:
        where = f"{len(reports)}份报告" if reports else "全部报告"
    stem = safe_file_part(f"{what}-{where}")[:MAX_PROPOSED_NAME - 11 - len(suffix)]
    return f"{stem}-{day.isoformat()}{suffix}"


def free_path(path: Path) -> Path:
    """``path``, or ``name (2).ext``, ``name (3).ext`` … if it exists: a proposed name never
    replaces an earlier export."""
    if not path.exists():
        return path
    k = 2
    while (candidate := path.with_name(f"{path.stem} ({k}){path.suffix}")).exists():
        k += 1
    return candidate
