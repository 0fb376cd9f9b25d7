"""From a file or a text to a :class:`ParsedReport`: decode, outline, metadata."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.core.document import ParsedReport
from lawgov_desktop.core.encoding import normalize_text
from lawgov_desktop.core.metadata import extract_metadata
from lawgov_desktop.core.outline import parse_outline
from lawgov_desktop.core.readers import read_report_file


def parse_text(text: str, file_name: str = "", source_format: str = "txt", encoding: str = "utf-8") -> ParsedReport:
    """Outline and metadata of an already decoded text (normalised here once more)."""
    return _analyse(normalize_text(text), file_name, source_format, encoding)


def _analyse(text: str, file_name: str, source_format: str, encoding: str) -> ParsedReport:
    sections = parse_outline(text)
    meta = extract_metadata(text, sections)
    if not meta.title and file_name:
        meta.title = Path(file_name).stem
    return ParsedReport(
        text=text, meta=meta, sections=sections, file_name=file_name,
        source_format=source_format, encoding=encoding,
    )


def parse_report_file(path: str | Path) -> ParsedReport:
    """Read and analyse one report file; raises ``ReportReadError`` naming the file."""
    path = Path(path)
    text, fmt, encoding = read_report_file(path)
    # read_report_file has normalised the text; a second pass, as parse_text makes, changes
    # only a text that still starts with a BOM (there were two), so only that one needs it
    if text.startswith("\ufeff"):
        text = normalize_text(text)
    return _analyse(text, path.name, fmt, encoding)
