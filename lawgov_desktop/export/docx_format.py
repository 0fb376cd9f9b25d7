"""Word digest (摘编) for staff: excerpts grouped by category, report and section.

Structure: title, generation date, the filter used and the totals (「摘录 2 条，标注 3 次」:
each number says what it counts); then one Heading 1 per category, Heading 2 per report,
Heading 3 per section path, and each excerpt as a Quote paragraph — indented on both sides
with a rule down its left edge, so it cannot be mistaken for the digest's own text — with its
note and its 来源 line (report, section, 标注人, local date) under it, indented alike.  An
excerpt with two categories appears under both, as a reader of one category's digest expects.

Page and type follow 党政机关公文格式 (GB/T 9704) where they apply: A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm; body in 三号 (16 pt) 仿宋 at a fixed 28 pt line pitch
with a two-character first-line indent; title in 二号 黑体; 一级标题 黑体, 二级标题 楷体,
三级标题 仿宋 bold; page numbers 「— 1 —」 in 四号 at the foot of each page.

Fonts: Word picks the font of Chinese characters from ``w:eastAsia`` of ``w:rFonts``, and
the default template points it at a theme font that shows Chinese as a fallback face on
many systems.  The theme references are removed and explicit faces set instead.  仿宋, 黑体
and 楷体 (FangSong, SimHei, KaiTi) ship with every Chinese Windows and with WPS; the older
仿宋_GB2312 named by GB/T 9704 is missing on many current PCs, where Word would substitute
an unrelated face.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from lawgov_desktop.core.document import BEFORE_FIRST_HEADING
from lawgov_desktop.export.atomic import atomic_path
from lawgov_desktop.export.records import (
    Excerpt,
    ExportData,
    ExportOptions,
    Ticker,
    count_line,
    people_time,
    tag_count,
    xml_safe,
)

SUFFIX = ".docx"

#: Title of a digest when none is given (the dialog and ``--title`` propose it too).
DIGEST_TITLE = "法治政府建设年度报告标注摘编"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SECOND_HEADING_FONT = "楷体"
LATIN_FONT = "Times New Roman"
UNCATEGORISED = "未分类"
#: GB/T 9704 page: A4 and its margins (millimetres).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT = 16  # 三号
LINE_PITCH_PT = 28
SOURCE_PT = 12  # 小四: the 来源 line under an excerpt
QUOTE_RULE_COLOR = "8C8C8C"
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


def _indent_chars(ppr, left: int = 0, right: int = 0, first_line: int = 0) -> None:
    """Indents in Chinese characters (hundredths: 200 = two characters), as Word's 字符 unit."""
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    # the same in twips for readers that ignore the character unit (one character: 三号, 16 pt)
    for attr, chars in (("left", left), ("right", right), ("firstLine", first_line)):
        ind.set(qn(f"w:{attr}Chars"), str(chars))
        ind.set(qn(f"w:{attr}"), str(chars * BODY_PT * 20 // 100))


def _left_rule(ppr) -> None:
    """A rule down the left edge of a paragraph: how an excerpt is set apart from body text."""
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", QUOTE_RULE_COLOR)):
        left.set(qn(key), value)
    borders.append(left)
    ppr.append(borders)


def _drop_borders(ppr) -> None:
    for bdr in ppr.findall(qn("w:pBdr")):
        ppr.remove(bdr)


def _setup_styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_rfonts(rpr, BODY_FONT)
    plan = {"Normal": (BODY_FONT, BODY_PT), "Quote": (BODY_FONT, BODY_PT), "Title": (HEADING_FONT, 22),
            "Heading 1": (HEADING_FONT, 16), "Heading 2": (SECOND_HEADING_FONT, 16),
            "Heading 3": (BODY_FONT, 16)}
    for name, (font, size) in plan.items():
        style = doc.styles[name]
        _set_rfonts(style.element.get_or_add_rPr(), font)
        style.font.size = Pt(size)
        style.font.bold = name == "Heading 3"
        style.font.italic = False
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT if name != "Title" else 36)
        fmt.space_before = Pt(6 if name.startswith("Heading") else 0)
        fmt.space_after = Pt(12 if name == "Title" else 0)
        ppr = style.element.get_or_add_pPr()
        _drop_borders(ppr)  # the template's Title has a blue rule under it
        if name == "Normal":
            _indent_chars(ppr, first_line=200)
        elif name == "Quote":
            _indent_chars(ppr, left=200, right=200)
            _left_rule(ppr)
            fmt.space_before = Pt(6)
        else:
            _indent_chars(ppr)
    doc.styles["Heading 1"].paragraph_format.keep_with_next = True


def _setup_page(doc) -> None:
    """A4 with the 公文 margins, and 「— n —」 page numbers centred in the footer."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _indent_chars(footer._p.get_or_add_pPr())
        footer.add_run("— ")
        _page_field(footer)
        footer.add_run(" —")
        for run in footer.runs:
            run.font.size = Pt(14)  # 四号
            _set_rfonts(run._r.get_or_add_rPr(), "宋体")


def _page_field(paragraph: Paragraph) -> None:
    """The PAGE field (Word and LibreOffice fill in the number on every page)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


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

    def add(self, text: str, style: str | None = None, *, small: bool = False,
            under_quote: bool = False) -> Paragraph:
        p = OxmlElement("w:p")
        if self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        else:
            self.body.append(p)
        if style:
            p.get_or_add_pPr().style = self.style_ids[style]
        if under_quote:  # note and 来源 line: aligned with the excerpt they belong to
            _indent_chars(p.get_or_add_pPr(), left=200, right=200)
        para = Paragraph(p, self.doc)
        run = para.add_run(xml_safe(text))
        if small:
            run.font.size = Pt(SOURCE_PT)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        return para


def _source_line(ex: Excerpt) -> str:
    parts = [f"来源：《{ex.report_title or f'报告 #{ex.report_id}'}》"]
    parts.append(ex.section_path or BEFORE_FIRST_HEADING)
    if ex.annotator:
        parts.append(f"标注人：{ex.annotator}")
    if ex.created_at:
        parts.append(people_time(ex.created_at)[:10])
    return " · ".join(parts)


def write(data: ExportData, out: Path, options: ExportOptions, ticker: Ticker) -> list[Path]:
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    body = _Body(doc)
    title = options.title.strip() or DIGEST_TITLE
    doc.core_properties.title = xml_safe(title)
    body.add(title, "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if options.now:
        body.add(f"生成日期：{people_time(options.now)[:10]}")
    body.add(f"筛选条件：{data.filter_text or '全部'}")
    total = f"{count_line(len(data.excerpts), tag_count(data.excerpts))}，来自 {len(data.reports)} 份报告。"
    if any(len(ex.category_ids) > 1 for ex in data.excerpts):
        total += "一条摘录有几个类别，就在几个类别下各列一次。"
    body.add(total)
    if not data.excerpts:
        body.add("没有符合条件的标注。")
    groups = [(c.name, [e for e in data.excerpts if c.id in e.category_ids]) for c in data.used_categories()]
    bare = [e for e in data.excerpts if not e.category_ids]
    if bare:
        groups.append((UNCATEGORISED, bare))
    for name, exs in groups:
        body.add(f"{name}（摘录 {len(exs)} 条）", "Heading 1")
        exs = sorted(exs, key=lambda e: (e.report_id, e.start, e.end, e.annotation_id))
        for rid, in_report in groupby(exs, key=lambda e: e.report_id):
            info = data.reports[rid]
            body.add(info.title or f"报告 #{rid}", "Heading 2")
            meta = "　".join(x for x in (info.issuer, info.region, f"{info.year}年" if info.year else "") if x)
            if meta:
                body.add(meta, small=True)
            for path, in_section in groupby(in_report, key=lambda e: e.section_path):
                body.add(path or BEFORE_FIRST_HEADING, "Heading 3")
                for ex in in_section:
                    body.add(ex.quote, "Quote")
                    if ex.note:
                        body.add(f"备注：{ex.note}", under_quote=True)
                    body.add(_source_line(ex), small=True, under_quote=True)
                    ticker.step()
    with atomic_path(out, options.overwrite) as tmp:
        doc.save(str(tmp))
        ticker.finish()
    return [out]
