"""Turning report files (.txt, .docx, .html) into the normalised text the app stores.

Every problem with a user's file is a :class:`ReportReadError` naming the file, so a batch
import of a thousand files can log the bad ones and carry on.  The text returned has been
through :func:`normalize_text`; annotation offsets are code points into it.

.docx: the body in document order, tables included (a row per line, cells tab-separated),
with text of tracked insertions, content controls and links but not of deletions, field
codes, text boxes or shapes.  Automatic Word list numbering (``一、``, ``（一）``, ``1.`` made
by numbering.xml rather than typed) is written before its paragraph as Word shows it: the
outline parser depends on those labels.  Bullets are left out.

.html: a page saved from a government site is cut down to its article, see
:func:`_html_to_text`.  The result is plain text, never interpreted as markup again.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from lawgov_desktop.core.encoding import decode_bytes, decode_html_bytes, normalize_text, sniff_binary
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.numbering import int_to_cn

if TYPE_CHECKING:
    import docx.document

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS", "iter_report_files", "read_report_file"]

MAX_FILE_BYTES = 100 * 1024 * 1024
SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
}
_REFUSED_KINDS = {".doc": "旧版 Word .doc ", ".pdf": " PDF ", ".wps": " WPS 文字 .wps ", ".rtf": " RTF ", ".odt": " ODT "}


def _format_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in SUPPORTED_EXTENSIONS:
        return SUPPORTED_EXTENSIONS[ext]
    if ext in _REFUSED_KINDS:
        raise ReportReadError(path, f"不支持{_REFUSED_KINDS[ext]}文件，请另存为 .docx 或 .txt 后再导入 "
                                    f"({ext} files are not supported; save it as .docx or .txt)")
    raise ReportReadError(path, f"不支持的文件类型“{ext or '无扩展名'}”，可导入 .txt、.docx、.html "
                                f"(unsupported file type; use .txt, .docx or .html)")


def read_report_file(path: str | Path) -> tuple[str, str, str]:
    """Read one report file; returns ``(text, source_format, encoding)``.

    ``source_format`` is ``txt``, ``docx`` or ``html``; ``encoding`` is the codec used
    (``utf-8`` for .docx, whose XML is Unicode).  A file that cannot be imported raises
    ReportReadError naming it, never another exception type.
    """
    p = Path(path)
    too_big = "文件太大，上限 100 MB (file too large; the limit is 100 MB)"
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise ReportReadError(p, "这是文件夹，不是文件 (this is a folder, not a file)"
                                  if stat.S_ISDIR(st.st_mode) else "不是普通文件 (not a regular file)")
        fmt = _format_of(p)  # refuse unsupported types before reading them
        if st.st_size > MAX_FILE_BYTES:
            raise ReportReadError(p, too_big)
        with p.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ReportReadError(p, "文件不存在 (file not found)") from None
    except PermissionError:
        raise ReportReadError(p, "没有读取权限 (permission denied)") from None
    except OSError as e:
        raise ReportReadError(p, f"读取失败 (I/O error: {e.strerror or e})") from None
    if len(data) > MAX_FILE_BYTES:  # grew after stat()
        raise ReportReadError(p, too_big)
    if fmt == "docx":
        text, encoding = _docx_to_text(p, data), "utf-8"
    elif fmt == "html":
        text, encoding = _html_to_text(p, data)
    else:
        text, encoding = decode_bytes(data, str(p))
    text = normalize_text(text)
    if not text.strip():
        raise ReportReadError(p, "文件里没有文字 (empty: no text in the file)")
    return text, fmt, encoding


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))  # hidden, or a lock file Word/WPS leaves beside a document


def iter_report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand ``paths`` to the files to import, each once.

    Folders are walked recursively, in sorted order, for supported files (not hidden ones
    nor Office lock files).  Files named explicitly are yielded even when unsupported or
    missing, so the import says why they were refused rather than silently dropping them.
    """
    seen: set[str] = set()
    for raw in paths:
        root = Path(raw)
        files = [root]
        if root.is_dir():
            files = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if not _skipped(d)]
                files += [Path(dirpath, fn) for fn in filenames
                          if not _skipped(fn) and Path(fn).suffix.lower() in SUPPORTED_EXTENSIONS]
            files.sort(key=lambda f: [(part.casefold(), part) for part in f.relative_to(root).parts])
        for f in files:
            key = os.path.normcase(os.path.abspath(f))
            if key not in seen:
                seen.add(key)
                yield f


# ---------------------------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_SKIP = {_W + t for t in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "instrText", "delText",
                            "fldChar", "footnoteReference", "endnoteReference", "sym", "br", "rt")}
_W_SKIP.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
_W_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _docx_to_text(path: Path, data: bytes) -> str:
    import docx  # python-docx is slow to import; only pay for it when a .docx shows up

    corrupt = "不是有效的 .docx 文件，文件可能已损坏 (corrupt or invalid .docx file)"
    if not data.startswith(b"PK"):
        raise ReportReadError(path, sniff_binary(data) or corrupt)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:  # refuse zip bombs before inflating
            huge = zf.getinfo("word/document.xml").file_size > 8 * MAX_FILE_BYTES
        document = None if huge else docx.Document(io.BytesIO(data))
    except Exception:  # zipfile, python-docx and lxml raise a dozen types for damaged packages
        raise ReportReadError(path, corrupt) from None
    if document is None:
        raise ReportReadError(path, "文档内容过大 (document too large)")
    body = document.element.body
    return "" if body is None else "\n".join(_docx_blocks(body, _Numbering(document)))


def _docx_blocks(container: etree._Element, numbering: _Numbering) -> Iterator[str]:
    """The lines of ``container``'s paragraphs and tables, in document order."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield numbering.label(child) + "".join(_docx_runs(child))
        elif tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):  # nested tables come out flattened in their cell
                cells = [[c for c in _docx_blocks(tc, numbering) if c.strip()] for tc in row.iterchildren(_W + "tc")]
                if len(cells) == 1:  # one-cell rows are frames around text: keep their lines
                    yield from cells[0]
                elif any(cells):
                    yield "\t".join(" ".join(c).replace("\n", " ") for c in cells)
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from _docx_blocks(child, numbering)


def _docx_runs(el: etree._Element) -> Iterator[str]:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            yield child.text or ""
        elif tag in _W_CHARS:
            yield _W_CHARS[tag]
        elif tag == _W + "br" and child.get(_W + "type", "textWrapping") == "textWrapping":
            yield "\n"  # page and column breaks are layout, not text
        elif tag not in _W_SKIP and isinstance(tag, str):
            yield from _docx_runs(child)  # runs, hyperlinks, insertions, smart tags, fields


_CN_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"})
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _format_number(n: int, fmt: str) -> str:
    """One counter as Word shows it in the numbering formats Chinese documents use."""
    if fmt in _CN_FORMATS and 0 < n < 100:
        return int_to_cn(n)
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return chr(0x245F + n)  # ① …
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    return str(n).translate(_FULL_WIDTH) if fmt == "decimalFullWidth" else str(n)


class _Numbering:
    """Renders Word's automatic list labels (``一、``, ``（一）``, ``1.``) for paragraphs.

    Counters are kept per abstract list definition, as Word does for lists that share
    one; a level restarts when a shallower one advances.  Bullets render as nothing.
    """

    def __init__(self, document: docx.document.Document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        root, styles = (_part_xml(document, rel) for rel in (RT.NUMBERING, RT.STYLES))
        # abstractNumId -> ilvl -> (format, label template, start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {
            an.get(_W + "abstractNumId", ""): {
                _int(lvl.get(_W + "ilvl")): (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText"),
                                             _int(_val(lvl, "start"), 1)) for lvl in an.iter(_W + "lvl")}
            for an in root.iter(_W + "abstractNum")}
        # numId -> (abstractNumId, {ilvl: start override})
        self.nums: dict[str, tuple[str, dict[int, int]]] = {
            num.get(_W + "numId", ""): (_val(num, "abstractNumId"), {
                _int(o.get(_W + "ilvl")): _int(_val(o, "startOverride"), 1)
                for o in num.iter(_W + "lvlOverride") if o.find(_W + "startOverride") is not None})
            for num in root.iter(_W + "num")}
        # paragraph styleId -> (numId, ilvl) for heading styles linked to a list
        self.style_num: dict[str, tuple[str, str]] = {
            st.get(_W + "styleId", ""): (_val(num_pr, "numId"), _val(num_pr, "ilvl"))
            for st in styles.iter(_W + "style") if (num_pr := st.find(f"{_W}pPr/{_W}numPr")) is not None}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()

    def label(self, p: etree._Element) -> str:
        ppr = p.find(_W + "pPr")
        if ppr is None or not self.nums:
            return ""
        num_id, ilvl_s = self.style_num.get(_val(ppr, "pStyle"), ("", ""))
        num_pr = ppr.find(_W + "numPr")
        if num_pr is not None:
            num_id, ilvl_s = _val(num_pr, "numId") or num_id, _val(num_pr, "ilvl") or ilvl_s
        ilvl = _int(ilvl_s)
        abstract, starts = self.nums.get(num_id, ("", {}))  # numId 0 means "numbering removed"
        levels = self.levels.get(abstract, {})
        if not 0 <= ilvl < 9 or ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(abstract, [0] * 9)
        if num_id not in self.started:  # a restarted list ("重新编号") carries start overrides
            self.started.add(num_id)
            for lvl, start in starts.items():
                counts[lvl % 9] = start - 1
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        counts[ilvl + 1:] = [0] * (8 - ilvl)

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            fmt, _text, start = levels.get(k, ("decimal", "", 1))
            return _format_number(counts[k] or start, fmt)

        return re.sub(r"%([1-9])", sub, levels[ilvl][1])


def _part_xml(document: docx.document.Document, reltype: str) -> etree._Element:
    try:  # python-docx would try (and fail) to create a missing numbering part
        return document.part.part_related_by(reltype).element  # type: ignore[attr-defined]
    except KeyError:
        return etree.Element(_W + "none")


def _val(el: etree._Element, child: str) -> str:
    found = el.find(_W + child)
    return "" if found is None else found.get(_W + "val", "")


def _int(s: str | None, default: int = 0) -> int:
    return int(s) if s and s.lstrip("-").isdigit() else default


# ---------------------------------------------------------------------------------- .html

_HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
_NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
               "select", "button", "input", "textarea", "map", "audio", "video", "head")
_BLOCKS = frozenset("p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table tbody thead tfoot section article "
                    "main header footer nav aside blockquote pre center form address figure figcaption caption "
                    "hr fieldset legend details summary".split())
# class/id names government CMSs (TRS, UCAP, gov.cn templates …) give the article body; the
# specific ones are trusted with less of the page's text than generic ones like "content"
_BODY_NAMES = frozenset(
    "zoom trs_editor trs_ueditor main-text xxgk_content pages_content ucap-content article-content article_content "
    "articlecontent art_con news_content newscontent detail-content zwnr wzzw con_text contenttext xl_content "
    "custom_unionstyle".split())
_CONTENT_NAMES = _BODY_NAMES | set("article content con view detail details text txt zw nr article-body "
                                   "main-content main_content maincontent".split())
# words in class/id names of page furniture that can sit inside the article container
_JUNK_WORDS = frozenset(
    "share bdshare fenxiang print dayin close guanbi related relate xgwz xglj xgxx pagination pager page "
    "qrcode ewm erweima nav navbar menu breadcrumb crumb crumbs position location dqwz footer foot "
    "comment tools toolbar fontsize zihao sidebar banner ad ads prevnext prev next".split())
_JUNK_NAME_RE = re.compile(r"share|crumb|qrcode|footer|related")  # also inside longer names
_CJK = "\u3000-\u9fff\uff00-\uffef"
_HANZI_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WS_RE = re.compile(r"[ \t\n\r\f\v]+")
# a source line break between two Chinese characters is no space at all (CSS Text 3)
_CJK_BREAK_RE = re.compile(f"(?<=[{_CJK}])[ \t\f\v]*\n[ \t\n\f\v]*(?=[{_CJK}])")
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_LINE_RE = re.compile(r"(来源|发布时间|发布日期|发文日期|发布机构|日期)\s*[:：]")
_META_SPLIT_RE = re.compile(r"(?<=\S)(?<!信息)(?<!文章)(?<!稿件)(?=(?:信息|文章|稿件)?来源\s*[:：]|发布(?:时间|日期)\s*[:：])")
_META_JUNK_RE = re.compile(r"\s*[【\[（(]?\s*(?:字号|字体|打印|关闭|分享|浏览次数|浏览量|阅读次数|阅读量|访问量|"
                           r"点击数|点击量|点击率|扫一扫|收藏|我要|视力保护).*$")
_JUNK_LINE_RE = re.compile(r"^\s*(?:上一篇|下一篇|分享到|扫一扫|【\s*(?:打印|关闭|返回|我要纠错)|(?:字号|字体)\s*[:：])")
_TITLE_SPLIT_RE = re.compile(r"\s*(?:_|\||｜|—+|–|\s-\s|--)\s*")


def _words(el: etree._Element) -> set[str]:
    """Lower-cased id/class names of ``el`` and their ``-``/``_``-separated parts."""
    names = f"{el.get('id', '')} {el.get('class', '')}".lower().split()
    return set(names).union(*(re.split(r"[-_]", n) for n in names))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _inline(s: str | None) -> str:
    return _WS_RE.sub(" ", _CJK_BREAK_RE.sub("", s)) if s else ""


def _collapse(s: str) -> str:
    return _inline(s).replace("\xa0", " ").strip()


class _Render:
    """Lays an element tree out as lines the way a browser does, minus the styling: block
    elements start and end lines, <br> always breaks, and source whitespace collapses."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []

    def soft(self, hard: bool = False) -> None:
        """End the current line; an empty one only for a <br> (``hard``)."""
        line = "".join(self.cur)
        if hard or line.strip(" "):
            self.lines.append(line)
        self.cur = []

    def element(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.soft(hard=True)
        elif tag == "table":
            self.soft()
            self.table(el)
        elif tag:
            if tag in _BLOCKS:
                self.soft()
            self.cur.append(_inline(el.text))
            for child in el:
                self.element(child)
                self.cur.append(_inline(child.tail))
            if tag in _BLOCKS:
                self.soft()

    def table(self, table: etree._Element) -> None:
        for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for cell in row.xpath("./td|./th"):
                sub = _Render()
                sub.element(cell)
                cells.append([s.strip() for s in sub.lines if s.strip()])
            if any(len(c) > 1 for c in cells):  # a layout table: its cells are blocks of text
                self.lines.extend(line for c in cells for line in c)
            elif any(cells):  # a data row: one line, cells tab-separated
                self.lines.append("\t".join(c[0] if c else "" for c in cells))

    def result(self) -> list[str]:
        """The lines with trailing spaces stripped and runs of blank lines cut to one."""
        self.soft()
        text = "\n".join(line.rstrip().lstrip(" ").replace("\xa0", " ") for line in self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n").split("\n") if text.strip() else []


def _html_to_text(path: Path, data: bytes) -> tuple[str, str]:
    """The article of a saved web page: title, ``来源：… 发布时间：…`` line, body.

    The body is the innermost element with a known content class/id (TRS_Editor, zoom …)
    holding most of the page's non-link Chinese text, else the element reached by going
    down from <body> into whichever child holds 90% of it; share bars and link lists in it
    are dropped.  The title (heading matching the ArticleTitle meta or <title> minus the
    site name) and the source line just before the body go first unless already there.
    """
    markup, encoding = decode_html_bytes(data, str(path))
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", normalize_text(markup))  # lxml refuses it in a str
    try:
        root = lxml.html.document_fromstring(markup, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        raise ReportReadError(path, "网页里没有内容 (empty web page)") from None
    page_title = _collapse(root.findtext(".//title") or "")
    meta_title = next((_collapse(m.get("content", "")) for m in root.iter("meta")
                       if (m.get("name") or "").lower() == "articletitle"), "")
    etree.strip_elements(root, *_NEVER_TEXT, with_tail=False)
    for el in root.xpath("//*[@hidden or @style]"):
        if el.get("hidden") is not None or _HIDDEN_RE.search(el.get("style", "")):
            el.drop_tree()
    body = root.find("body") if root.find("body") is not None else root
    order = [el for el in body.iter() if isinstance(el.tag, str)]
    # element -> (Chinese characters inside, of which inside links, number of links)
    stats: dict[etree._Element, tuple[int, int, int]] = {}
    for el in reversed(order):  # children before parents
        total, link, anchors = len(_HANZI_RE.findall(el.text or "")), 0, int(el.tag == "a")
        for child in el:
            ct, cl, ca = stats.get(child, (0, 0, 0))
            total, link, anchors = total + ct + len(_HANZI_RE.findall(child.tail or "")), link + cl, anchors + ca
        stats[el] = (total, total if el.tag == "a" else link, anchors)

    own = {el: total - link for el, (total, link, _anchors) in stats.items()}  # non-link Chinese
    known = [el for el in order if el.tag == "article" or _CONTENT_NAMES & _words(el)]
    best = max(map(own.get, known), default=0)
    pool = [el for el in known if stats[el][1] <= stats[el][0] / 2
            and own[el] >= (0.6 if _BODY_NAMES & _words(el) else 0.85) * best]
    if pool and best > 0 and best >= 0.3 * own[body]:
        content = max(pool, key=lambda el: sum(1 for _ in el.iterancestors()))
    else:
        content = body
        while True:
            nxt = max(content.iterchildren("*"), key=own.get, default=None)
            if nxt is None or own[nxt] == 0 or own[nxt] < 0.9 * own[content]:
                break
            content = nxt
    size = own[content]
    for el in list(content.iterdescendants("*")):
        total, link, anchors = stats[el]
        if total - link <= 0.3 * size and (
            _JUNK_WORDS & _words(el) or _JUNK_NAME_RE.search(f"{el.get('id')} {el.get('class')}".lower())
            or el.tag in ("nav", "footer", "aside")
            or (el.tag in ("ul", "ol", "dl", "div", "table", "section") and anchors >= 3 and link >= 0.6 * total)
        ):
            el.drop_tree()
    render = _Render()
    render.element(content)
    lines = [ln for ln in render.result() if not _JUNK_LINE_RE.match(ln)]
    lines[:5] = [_clean_meta(ln) if len(ln) < 150 and _META_LINE_RE.search(ln) else ln for ln in lines[:5]]

    ancestors = set(content.iterancestors())
    before = [el for el in order[: order.index(content)] if el not in ancestors]
    title, title_el = _pick_title(before + list(content.iter("h1", "h2", "h3")), meta_title, page_title)
    head = [h for h in map(_squash, lines[:3]) if h]
    prefix: list[str] = []
    squashed = _squash(title)
    if title and not any(h.startswith(squashed) or (len(h) >= 6 and squashed.startswith(h)) for h in head):
        prefix.append(title)
    if title_el is None or title_el in before:
        # only what sits between the title and the body, or close before the body
        window = before[before.index(title_el) + 1:] if title_el is not None else before[-60:]
        source = _source_line(window, stats, squashed)
        if source and not any(_squash(source) in h for h in head):
            prefix.append(source)
    return "\n".join(prefix + lines), encoding


def _pick_title(candidates: list[etree._Element], meta_title: str, page_title: str) -> tuple[str, etree._Element | None]:
    """The article title as the page shows it (and its element), else as metadata gives it."""
    parts = [p for p in _TITLE_SPLIT_RE.split(page_title) if p]
    site_less = parts[0] if parts and len(_HANZI_RE.findall(parts[0])) >= 4 else page_title
    wanted = [_squash(t) for t in (meta_title, site_less) if t]
    first_h1: tuple[str, etree._Element | None] = ("", None)
    for el in candidates:
        if el.tag in ("h1", "h2", "h3") or {"title", "bt", "tit", "biaoti"} & _words(el):
            text = _collapse(el.text_content())
            s = _squash(text)
            if any((w in s or s in w) and 0.6 * len(w) <= len(s) <= 1.5 * len(w) for w in wanted):
                return text, el
            if el.tag == "h1" and not first_h1[0] and len(_HANZI_RE.findall(s)) >= 4:
                first_h1 = (text, el)
    return (meta_title or site_less, None) if wanted else first_h1


def _source_line(window: list[etree._Element], stats: dict[etree._Element, tuple[int, int, int]],
                 squashed_title: str) -> str:
    """The ``来源：… 发布时间：…`` line nearest the body, without the font-size, print and
    share controls that usually share its line."""
    match = next((el for el in reversed(window) if stats[el][0] <= 120
                  and _META_LINE_RE.search(el.text_content())), None)
    if match is None:
        return ""
    # widen to the whole line (e.g. sibling <span>s for source and date), not beyond it
    while (parent := match.getparent()) is not None and parent in window and stats[parent][0] <= 120:
        if squashed_title and squashed_title in _squash(parent.text_content()):
            break
        match = parent
    return _clean_meta(_collapse(match.text_content()))


def _clean_meta(line: str) -> str:
    """A 来源/发布时间 line with its fields spaced apart and the page controls cut off."""
    return _META_JUNK_RE.sub("", _META_SPLIT_RE.sub(" ", line)).rstrip(" |｜/　")
