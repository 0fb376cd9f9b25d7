"""From a file or a text to a :class:`ParsedReport`: decode, outline, metadata."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.core.document import ParsedReport
from lawgov_desktop.core.encoding import normalize_text
from lawgov_desktop.core.metadata import extract_metadata
from lawgov_desktop.core.outline import parse_outline
from lawgov_desktop.core.readers import PASTED_NAME, read_pasted, read_report


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
    read = read_report(path)
    text = read.text
    # read_report has normalised the text; a second pass, as parse_text makes, changes
    # only a text that still starts with a BOM (there were two), so only that one needs it
    if text.startswith("\ufeff"):
        text = normalize_text(text)
    parsed = _analyse(text, path.name, read.source_format, read.encoding)
    parsed.look_alikes = read.look_alikes
    return parsed


def parse_pasted(text: str | None = None, html: str | None = None) -> ParsedReport:
    """A report from pasted or dropped text (``html``: the text/html flavour, read as the html
    reader reads a saved page), through the same normalising, outline and metadata as a file.
    Raises ``ReportReadError`` when there is nothing to import."""
    read = read_pasted(text, html)
    parsed = _analyse(read.text, "", read.source_format, read.encoding)
    parsed.look_alikes = read.look_alikes
    if not parsed.meta.title:
        first = next((line.strip() for line in read.text.split("\n") if line.strip()), PASTED_NAME)
        parsed.meta.title = first[:40]
    return parsed
