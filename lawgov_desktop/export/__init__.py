"""Exporters: one module per format, all fed from the same excerpt records.

:data:`FORMATS` maps a format name to its module (loaded on first use, so the command line
does not import openpyxl or python-docx to list reports).  :func:`export` selects the
excerpts, checks the destination, and lets the format module write through
:mod:`lawgov_desktop.export.atomic`.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from lawgov_desktop.core.gcpause import paused_gc
from lawgov_desktop.export.atomic import check_writable, describe_os_error
from lawgov_desktop.export.records import (
    CancelFn,
    ExportData,
    ExportError,
    ExportFilter,
    ExportOptions,
    ExportResult,
    FormatUnknown,
    ProgressFn,
    Ticker,
    tag_count,
)
from lawgov_desktop.messages import Message
from lawgov_desktop.store import records as _store_records

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

log = logging.getLogger(__name__)  # counts and folders only: never excerpt text


@dataclass(frozen=True)
class FormatSpec:
    """A registered format: its name, module, default file suffix and a label for people."""

    name: str
    module_name: str
    suffix: str
    label: str

    def load(self) -> ModuleType:
        return importlib.import_module(f"lawgov_desktop.export.{self.module_name}")


FORMATS: dict[str, FormatSpec] = {
    "csv": FormatSpec("csv", "csv_format", ".csv", "CSV（Excel/WPS 表格）"),
    "xlsx": FormatSpec("xlsx", "xlsx_format", ".xlsx", "Excel 工作簿（汇总 + 每类一页）"),
    "docx": FormatSpec("docx", "docx_format", ".docx", "Word 摘编"),
    "jsonl": FormatSpec("jsonl", "jsonl_format", ".jsonl", "JSONL 训练数据（doccano 可直接导入）"),
    "bio": FormatSpec("bio", "bio_format", ".bio", "BIO 序列标注（CoNLL 格式）"),
    "w3c": FormatSpec("w3c", "w3c_format", ".jsonld", "W3C Web Annotation（JSON-LD）"),
    "qdpx": FormatSpec("qdpx", "qdpx_format", ".qdpx", "REFI-QDA 项目（QualCoder/NVivo/MAXQDA/ATLAS.ti）"),
    "labelstudio": FormatSpec("labelstudio", "labelstudio_format", ".json",
                              "Label Studio 任务（JSON，附标注界面配置）"),
    "doccano": FormatSpec("doccano", "doccano_format", ".jsonl", "doccano 序列标注（JSONL）"),
}


def planned_paths(fmt: str, data: ExportData, out: Path, options: ExportOptions) -> list[Path]:
    """Every file an export will write (several for BIO per category)."""
    module = _spec(fmt).load()
    planner = getattr(module, "planned_paths", None)
    return planner(data, out, options) if planner else [out]


def _spec(fmt: str) -> FormatSpec:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise FormatUnknown(format=fmt, choices=", ".join(FORMATS)) from None


def export(
    project: Project, fmt: str, out_path: str | Path, flt: ExportFilter | None = None,
    options: ExportOptions | None = None, progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
) -> ExportResult:
    """Write the excerpts selected by ``flt`` as ``fmt`` to ``out_path``.

    An empty selection still writes a valid (empty) file and returns ``empty=True``.  Raises
    :class:`ExportError` (existing file without ``options.overwrite``, unwritable folder, full
    disk) or :class:`~lawgov_desktop.export.records.ExportCancelled`; in every failure no
    output file is created or changed.
    """
    spec = _spec(fmt)
    options = replace(options or ExportOptions())  # a copy: the caller's options stay as given
    options.validate()
    if options.now is None:
        options.now = _store_records.now_iso()
    out = Path(out_path)
    with paused_gc():  # 100,000 records and no cycles among them: see core/gcpause.py
        data = project.excerpts.export_data(flt or ExportFilter())
    module = spec.load()
    check_writable(planned_paths(fmt, data, out, options), options.overwrite)
    ticker = Ticker(len(data.excerpts), progress, cancelled)
    if data.orphaned:
        ticker.warnings.append(Message("export.orphans_left_out", n=data.orphaned))
    ticker.check()
    try:
        with paused_gc():
            paths = module.write(data, out, options, ticker)
    except OSError as exc:  # raised while building in memory / in the system temp folder
        raise ExportError(describe_os_error(exc, out)) from exc
    log.info("export %s: %d excerpt(s), %d file(s) written to %s", fmt, len(data.excerpts), len(paths), out.parent)
    return ExportResult(count=len(data.excerpts), path=paths[0] if paths else out, empty=not data.excerpts,
                        paths=paths, warnings=list(ticker.warnings), tags=tag_count(data.excerpts))


__all__ = ["FORMATS", "ExportError", "ExportFilter", "ExportOptions", "ExportResult", "FormatSpec", "export"]
