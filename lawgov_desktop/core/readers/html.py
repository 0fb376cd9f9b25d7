""".html: a page saved from a government site, cut down to its article (see :func:`read_html`).

The result is plain text, never interpreted as markup again.  Nothing here recurses over the
element tree: a page nested thousands of elements deep reads like any other (lxml itself
stops nesting at its own depth limit and keeps the text).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from lawgov_desktop.core.encoding import decode_html_bytes, normalize_text
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.messages import Message

#: libxml2 stops building the tree this deep (with huge_tree; 256 without) and drops what is deeper
MAX_DEPTH = 2048
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
#: Tables inside tables deeper than this are laid out as blocks (bounds the work per cell).
_MAX_TABLE_NESTING = 16
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
    elements start and end lines, <br> always breaks, and source whitespace collapses.

    The tree is walked with an explicit stack, never by recursion, so no depth of nesting
    reaches Python's recursion limit; tables nested in tables more than
    :data:`_MAX_TABLE_NESTING` deep are laid out as plain blocks.
    """

    def __init__(self, table_depth: int = 0) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.table_depth = table_depth

    def soft(self, hard: bool = False) -> None:
        """End the current line; an empty one only for a <br> (``hard``)."""
        line = "".join(self.cur)
        if hard or line.strip(" "):
            self.lines.append(line)
        self.cur = []

    def element(self, root: etree._Element) -> None:
        # (element to open, None) or (None, text to add) or (None, None) for "end a block"
        stack: list[tuple[etree._Element | None, str | None]] = [(root, None)]
        while stack:
            el, text = stack.pop()
            if el is None:
                if text is None:
                    self.soft()
                else:
                    self.cur.append(text)
                continue
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "br":
                self.soft(hard=True)
            elif tag == "table" and self.table_depth < _MAX_TABLE_NESTING:
                self.soft()
                self.table(el)
            elif tag:
                block = tag in _BLOCKS or tag == "table"
                if block:
                    self.soft()
                self.cur.append(_inline(el.text))
                todo: list[tuple[etree._Element | None, str | None]] = []
                for child in el:
                    todo.append((child, None))
                    todo.append((None, _inline(child.tail)))
                if block:
                    todo.append((None, None))
                stack.extend(reversed(todo))

    def table(self, table: etree._Element) -> None:
        for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for cell in row.xpath("./td|./th"):
                sub = _Render(self.table_depth + 1)
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


def read_html(path: Path | str, data: bytes) -> tuple[str, str]:
    """The article of a saved web page: title, ``来源：… 发布时间：…`` line, body.

    The body is the innermost element with a known content class/id (TRS_Editor, zoom …)
    holding most of the page's non-link Chinese text, else the element reached by going
    down from <body> into whichever child holds 90% of it; share bars and link lists in it
    are dropped.  The title (heading matching the ArticleTitle meta or <title> minus the
    site name) and the source line just before the body go first unless already there.
    """
    markup, encoding = decode_html_bytes(data, str(path))
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", normalize_text(markup))  # lxml refuses it in a str
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)  # one per call: threads
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReportReadError(path, Message("read.empty_page")) from None
    if any("depth" in err.message.lower() for err in parser.error_log):
        # the text nested deeper was dropped by the parser: refuse rather than import a part
        raise ReportReadError(path, Message("read.page_too_deep", depth=MAX_DEPTH))
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
    if not any(ln.strip() for ln in lines):  # a title alone is no report
        raise ReportReadError(path, Message("read.page_no_text"))
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
