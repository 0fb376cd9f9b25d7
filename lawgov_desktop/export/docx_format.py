"""Word digest (摘编) for staff: excerpts grouped by category, report and section.

Structure: title, generation date, the filter used and counts; then one Heading 1 per
category, Heading 2 per report, Heading 3 per section path, and each excerpt as a Quote
paragraph followed by its note and a source line (report, section, 标注人, date).  An excerpt
with two categories appears under both, as a reader of one category's digest expects.

Fonts: Word picks the font of Chinese characters from ``w:eastAsia`` of ``w:rFonts``, and
the default template points it at a theme font that shows Chinese as a fallback face on
many systems.  The theme references are removed and explicit fonts set instead — 仿宋 for
body and quotes, 黑体 for headings, the usual faces of government documents.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import Excerpt, ExportData, ExportOptions, Ticker, xml_safe

SUFFIX = ".docx"

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
UNCATEGORISED = "未分类"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_rfonts(rpr, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Explicit fonts on an ``w:rPr``, dropping theme references that would override them."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup_styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_rfonts(rpr, BODY_FONT)
    plan = {"Normal": (BODY_FONT, 12), "Quote": (BODY_FONT, 12), "Title": (HEADING_FONT, 22),
            "Heading 1": (HEADING_FONT, 16), "Heading 2": (HEADING_FONT, 14), "Heading 3": (HEADING_FONT, 12)}
    for name, (font, size) in plan.items():
        style = doc.styles[name]
        _set_rfonts(style.element.get_or_add_rPr(), font)
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Quote"].font.italic = False


class _Body:
    """Appends paragraphs to a document in constant time.

    ``Document.add_paragraph`` looks for the body's final ``w:sectPr`` among all children on
    every call, which makes a 100,000-excerpt digest quadratic (hours); here the ``sectPr``
    is found once and each paragraph inserted just before it.
    """

    def __init__(self, doc) -> None:
        self.doc = doc
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.style_ids = {name: doc.styles[name].style_id
                          for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Quote")}

    def add(self, text: str, style: str | None = None, *, small: bool = False) -> Paragraph:
        p = OxmlElement("w:p")
        if self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        else:
            self.body.append(p)
        if style:
            p.get_or_add_pPr().style = self.style_ids[style]
        para = Paragraph(p, self.doc)
        run = para.add_run(xml_safe(text))
        if small:
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        return para


def _source_line(ex: Excerpt) -> str:
    parts = [f"来源：《{ex.report_title or f'报告 #{ex.report_id}'}》"]
    if ex.section_path:
        parts.append(ex.section_path)
    if ex.annotator:
        parts.append(f"标注人：{ex.annotator}")
    if ex.created_at:
        parts.append(ex.created_at[:10])
    return " · ".join(parts)


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    doc = Document()
    _setup_styles(doc)
    body = _Body(doc)
    title = options.title or f"{data.project_name or 'LawGov'} 标注摘编"
    doc.core_properties.title = xml_safe(title)
    body.add(title, "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if options.now:
        body.add(f"生成日期：{options.now[:10]}")
    body.add(f"筛选条件：{data.filter_text or '全部'}")
    body.add(f"共 {len(data.excerpts)} 条摘录，来自 {len(data.reports)} 份报告。")
    if not data.excerpts:
        body.add("没有符合条件的标注。")
    groups = [(c.name, [e for e in data.excerpts if c.id in e.category_ids]) for c in data.used_categories()]
    bare = [e for e in data.excerpts if not e.category_ids]
    if bare:
        groups.append((UNCATEGORISED, bare))
    for name, exs in groups:
        body.add(f"{name}（{len(exs)} 条）", "Heading 1")
        exs = sorted(exs, key=lambda e: (e.report_id, e.start, e.end, e.annotation_id))
        for rid, in_report in groupby(exs, key=lambda e: e.report_id):
            info = data.reports[rid]
            body.add(info.title or f"报告 #{rid}", "Heading 2")
            meta = "　".join(x for x in (info.issuer, info.region, f"{info.year}年" if info.year else "") if x)
            if meta:
                body.add(meta, small=True)
            for path, in_section in groupby(in_report, key=lambda e: e.section_path):
                body.add(path or "（正文开头）", "Heading 3")
                for ex in in_section:
                    body.add(ex.quote, "Quote")
                    if ex.note:
                        body.add(f"备注：{ex.note}")
                    body.add(_source_line(ex), small=True)
                    ticker.step()
    with atomic_path(out, options.overwrite) as tmp:
        doc.save(str(tmp))
        ticker.finish()
    return [out]
