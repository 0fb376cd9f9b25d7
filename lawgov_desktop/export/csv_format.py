"""CSV: one row per excerpt, for Excel and WPS.

UTF-8 *with* BOM (``utf-8-sig``): without it Excel on Chinese Windows opens the file as GBK
and shows mojibake.  CRLF line ends, every field quoted when needed by the ``csv`` module
(quotes with line breaks stay in one cell), Chinese headers, and every text cell neutralised
against formula injection (:mod:`lawgov_desktop.export.safe_cells`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import TABLE_HEADERS, ExportData, ExportOptions, Ticker, table_row
from lawgov_desktop.export.safe_cells import neutralise

SUFFIX = ".csv"


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    with atomic_path(out, options.overwrite) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(TABLE_HEADERS)
            for ex in data.excerpts:
                writer.writerow(["" if v is None else neutralise(v) for v in table_row(ex, options.language)])
                ticker.step()
        ticker.finish()
    return [out]
