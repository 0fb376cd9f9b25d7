"""Excel workbook: a summary sheet (汇总) and one sheet per category.

Written in openpyxl's write-only mode, which streams rows to disk, so 100,000 excerpts take
seconds and little memory.  The summary counts tags per report × category (an excerpt with
two categories counts in both columns); 标注（次） adds those columns up, and 摘录（条）
counts each excerpt once — every total says what it counts, and a note under the table
says it again.  Category sheets repeat the CSV columns with the header row frozen, the
quote column wrapped, and the header filled with the category's colour.

Cells: a text that a spreadsheet would run as a formula (``=…``, ``+1``) keeps its exact
value, stored as a string cell with the ``quotePrefix`` cell style — Excel's own mark of
"text, not a formula", which it keeps when the cell is edited (openpyxl would otherwise store
a string starting with ``=`` as a formula).  Control characters XML cannot hold are dropped;
text beyond Excel's 32,767 characters per cell is cut with a marker (and reported), since
Excel refuses longer cells.  Times are local (``2026-12-02 08:36``), the 状态 column in the
user's language.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import (
    NUMERIC_COLUMNS,
    QUOTE_COLUMN,
    TABLE_HEADERS,
    Excerpt,
    ExportData,
    ExportOptions,
    Ticker,
    count_line,
    people_time,
    table_row,
    tag_count,
    xml_safe,
)
from lawgov_desktop.export.safe_cells import needs_neutralising
from lawgov_desktop.messages import Message

SUFFIX = ".xlsx"

SUMMARY_SHEET = "汇总"
TAGS_TOTAL = "标注（次）"
EXCERPTS_TOTAL = "摘录（条）"
SUMMARY_NOTE = ("各类别列为标注次数，一条摘录有两个类别时两列各计一次；“标注（次）”为各类别之和，"
                "“摘录（条）”为不重复的摘录条数。")
UNCATEGORISED = "未分类"
EXCEL_CELL_LIMIT = 32_767
_TRUNCATED = "……（超出 Excel 单元格上限，已截断）"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_WIDTHS = [30, 16, 10, 7, 30, 14, 60, 24, 24, 24, 10, 22, 22, 8, 8, 7, 8, 8, 20]
_HEADER_FONT = Font(bold=True)
_GREY = "D9D9D9"
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: no ``[]:*?/\\``, at most 31 characters, not starting
    or ending with an apostrophe, unique ignoring case (Excel compares names that way)."""
    base = _SHEET_BAD.sub("_", name).strip("'").strip() or "类别"
    base = base[:31]
    candidate, k = base, 2
    while candidate.casefold() in used:
        tag = f"({k})"
        candidate = base[:31 - len(tag)] + tag
        k += 1
    used.add(candidate.casefold())
    return candidate


def _fill(color: str) -> PatternFill:
    hexa = color.lstrip("#").upper()
    if len(hexa) == 3:
        hexa = "".join(ch * 2 for ch in hexa)
    if not re.fullmatch(r"[0-9A-F]{6}", hexa):
        hexa = _GREY
    return PatternFill("solid", start_color=hexa, end_color=hexa)


class _Sheets:
    """Cell factory for one workbook; counts the cells it had to truncate."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.truncated = 0

    def header(self, ws, values: list[str], fill: PatternFill) -> list[WriteOnlyCell]:
        cells = []
        for v in values:
            # a category name made before names were checked may hold a control character
            cell = WriteOnlyCell(ws, value=xml_safe(v) if isinstance(v, str) else v)
            cell.font = _HEADER_FONT
            cell.fill = fill
            cell.alignment = _TOP
            cells.append(cell)
        return cells

    def text(self, ws, value: str, wrap: bool = False) -> object:
        value = xml_safe(value)
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[:EXCEL_CELL_LIMIT - len(_TRUNCATED)] + _TRUNCATED
            self.truncated += 1
        if needs_neutralising(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
        elif wrap:
            cell = WriteOnlyCell(ws, value=value)
        else:
            return value
        if wrap:
            cell.alignment = _WRAP
        return cell

    def row(self, ws, ex: Excerpt, language: str) -> list[object]:
        out: list[object] = []
        for i, v in enumerate(table_row(ex, language)):
            if v is None:
                out.append(None)
            elif i in NUMERIC_COLUMNS:
                out.append(v)
            else:
                out.append(self.text(ws, str(v), wrap=i == QUOTE_COLUMN))
        return out


def _sized(ws, widths: list[int], freeze: str) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = freeze


def _discard(wb: Workbook) -> None:
    """Close the streamed sheets of an abandoned workbook and delete their temporary files
    (openpyxl's write-only sheets stream to the system temp folder until saved)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    wb = Workbook(write_only=True)
    try:
        _fill_workbook(wb, data, out, options, ticker)
    except BaseException:
        _discard(wb)
        raise
    return [out]


def _fill_workbook(wb: Workbook, data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> None:
    cells = _Sheets(wb)
    _summary(wb, cells, data, options)
    used = {SUMMARY_SHEET.casefold(), "history"}  # "History" is reserved by Excel
    groups: list[tuple[str, str, list[Excerpt]]] = []
    for cat in data.used_categories():
        groups.append((cat.name, cat.color, [e for e in data.excerpts if cat.id in e.category_ids]))
    bare = [e for e in data.excerpts if not e.category_ids]
    if bare:
        groups.append((UNCATEGORISED, "#" + _GREY, bare))
    for name, color, rows in groups:
        ws = wb.create_sheet(sheet_name(name, used))
        ws.sheet_properties.tabColor = _fill(color).start_color.rgb[-6:]
        _sized(ws, _WIDTHS, "A2")
        ws.append(cells.header(ws, TABLE_HEADERS, _fill(color)))
        for ex in rows:
            ws.append(cells.row(ws, ex, options.language))
            ticker.step()
    with atomic_path(out, options.overwrite) as tmp:
        wb.save(tmp)
        ticker.finish()
    if cells.truncated:
        ticker.warnings.append(Message("export.cells_truncated", n=cells.truncated))


def _summary(wb: Workbook, cells: _Sheets, data: ExportData, options: ExportOptions) -> None:
    ws = wb.create_sheet(SUMMARY_SHEET)
    cats = data.used_categories()
    bare = any(not e.category_ids for e in data.excerpts)
    names = [c.name for c in cats] + ([UNCATEGORISED] if bare else [])
    _sized(ws, [40, 8] + [12] * len(names) + [12, 12], "C2")
    head = cells.header(ws, ["报告", "年份", *names, TAGS_TOTAL, EXCERPTS_TOTAL], _fill(_GREY))
    for cell, cat in zip(head[2:], cats, strict=False):
        cell.fill = _fill(cat.color)
    ws.append(head)
    col = {c.id: i for i, c in enumerate(cats)}
    totals = [0] * len(names)
    for rid, exs in data.by_report().items():
        counts = [0] * len(names)
        for ex in exs:
            for cid in ex.category_ids:
                counts[col[cid]] += 1
            if not ex.category_ids:
                counts[-1] += 1
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        info = data.reports[rid]
        ws.append([cells.text(ws, info.title or f"#{rid}"), info.year, *counts, sum(counts), len(exs)])
    ws.append(cells.header(ws, ["合计", ""], _fill(_GREY)) + [*totals, sum(totals), len(data.excerpts)])
    ws.append([])
    ws.append([count_line(len(data.excerpts), tag_count(data.excerpts)) + "。" + SUMMARY_NOTE])
    if not data.excerpts:
        ws.append(["没有符合条件的标注 (no annotations matched the filter)"])
    if data.filter_text:
        ws.append([cells.text(ws, "筛选条件：" + data.filter_text)])
    if options.now:
        ws.append([f"生成时间：{people_time(options.now)}"])
