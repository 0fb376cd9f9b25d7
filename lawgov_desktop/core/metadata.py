"""What a report says about itself: title, year, issuer, region, source and publish date.

Everything is read from the text, never from the file name, and nothing is invented: a field
the text does not support stays empty.  The rules, decided once for all reports:

* **title** – the first non-empty line(s).  A title broken over two or three short lines
  (``区政务服务办公室2022年法治政府建设`` / ``年度报告``) is joined back, but only when the
  joined text then ends like a title (``报告``, ``情况``, ``总结`` …).
* **year** – the first year written in the title (``2022年``, ``二〇二二年``), else the first
  year in the body.
* **issuer** – the body named in front of the year (or of ``关于``/``法治政府建设``), qualified
  only by its own innermost place name: higher-level places are dropped, because they are
  implied (``天津市红桥区人民政府`` → ``红桥区人民政府``, ``天津市滨海新区泰达街`` →
  ``泰达街``).  When the title names just a place (``南开区``), the issuer is that place as
  written; we do not append ``人民政府`` the text does not contain.  A title without any
  place name keeps the body as written (``区政务服务办公室``).
* **region** – the district (区/县/旗 or county-level 市) named in the title.  When the title
  names no place at all, or only a street/town, the district named most often in the body
  (``《东丽区贯彻落实…》``).  A title naming only a city or province gives that city or
  province (its body names many districts, none of them the report's own).
* **source** / **publish_date** – from a web-page style line such as
  ``来源:区司法局 发布时间:2023-03-22 14:14`` near the top (or bottom) of the text; dates are
  normalised to ``YYYY-MM-DD`` with the time kept as ``HH:MM`` when given.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from lawgov_desktop.core.document import ReportMeta, Section
from lawgov_desktop.core.numbering import INDENT_CHARS, cn_to_int, line_spans, match_label

_TITLE_ENDINGS = ("报告", "情况", "总结", "汇报", "通报", "公告", "工作要点", "自查", "自评")
_TITLE_MAX = 80  # a first line longer than this is body text, not a title
_SENTENCE_PUNCT = "。！？!?；;"

# ---------------------------------------------------------------------------- title


def _could_be_title_line(line: str) -> bool:
    return (
        0 < len(line) <= _TITLE_MAX
        and not any(p in line for p in "。，,")
        and line[-1] not in _SENTENCE_PUNCT + "：:"
        and match_label(line, 0) is None
        and not _META_LINE.match(line)
    )


def title_span(text: str) -> tuple[int, int]:
    """Span of the report's title lines at the top of ``text``; ``(0, 0)`` when it has none.

    Used by the outline parser to keep title lines out of the outline, and here to read the
    title.  The span runs from the first character of the first line to the last character of
    the last title line (indentation and trailing blanks excluded).
    """
    lines = list(islice(((a, b) for a, b in line_spans(text) if a < b), 4))  # not every line of 1 MB
    if not lines or not _could_be_title_line(text[lines[0][0]:lines[0][1]]):
        return (0, 0)
    start, end = lines[0]
    joined = text[start:end]
    if joined.endswith(_TITLE_ENDINGS):
        return (start, end)
    # a title wrapped over short lines: join while that leads to a title-like ending
    for a, b in lines[1:3]:
        piece = text[a:b]
        if len(piece) > 30 or not _could_be_title_line(piece) or len(joined) + len(piece) > _TITLE_MAX:
            break
        joined += piece
        if joined.endswith(_TITLE_ENDINGS):
            return (start, b)
    return (start, end)


def title_text(text: str) -> str:
    """The title as one string: the title lines stripped and joined without separators."""
    start, end = title_span(text)
    span = text[start:end]
    return "".join(span[a:b] for a, b in line_spans(span) if a < b)


# ---------------------------------------------------------------------------- year

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile("([一二三四五六七八九〇零○]{4})年")


def _first_year(s: str) -> int | None:
    m = _YEAR.search(s)
    cm = _CN_YEAR.search(s)
    if cm and (not m or cm.start() < m.start()):
        value = cn_to_int(cm.group(1))
        if value and 1900 <= value <= 2099:
            return value
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------- places

# Characters that do not occur in place names but do occur in the organs after them
# (人民政府, 司法局, 办公室 …) or are administrative suffixes themselves.
_NAME = r"[^\W\d_A-Za-z省市区县旗镇乡街政府局委办室院部厅处会所]"
_PLACE = re.compile(
    rf"(?P<province>{_NAME}{{2,8}}?(?:省|自治区))?"
    rf"(?P<city>{_NAME}{{1,6}}?(?:市|自治州|地区|盟))?"
    rf"(?P<district>{_NAME}{{1,6}}?(?:区|县|旗|市))?"
    rf"(?P<town>{_NAME}{{1,8}}?(?:街道办事处|街道|街|镇|乡))?"
)


@dataclass
class Place:
    """The administrative units named at the start of a title, outermost first."""

    province: str = ""
    city: str = ""
    district: str = ""
    town: str = ""
    rest: str = ""  # what follows the places: the organ (人民政府, 司法局 …) or nothing

    @property
    def innermost(self) -> str:
        return self.town or self.district or self.city or self.province


def parse_place(name: str) -> Place:
    """Split ``天津市滨海新区泰达街`` into city 天津市, district 滨海新区, town 泰达街."""
    m = _PLACE.match(name)
    if not m or not m.group(0):
        return Place(rest=name)
    return Place(
        province=m.group("province") or "", city=m.group("city") or "",
        district=m.group("district") or "", town=m.group("town") or "", rest=name[m.end():],
    )


_ISSUER_CUTS = re.compile(r"(?:19|20)\d{2}|[一二三四五六七八九〇零○]{4}年|关于|法治政府建设|法治建设|依法行政|年度")


def _issuer_prefix(title: str) -> str:
    title = re.sub("^关于", "", title.strip(INDENT_CHARS))  # 关于某区2022年度…的报告
    m = _ISSUER_CUTS.search(title)
    prefix = title[: m.start()] if m else ""
    prefix = prefix.strip(INDENT_CHARS)
    return re.sub("(关于|的)$", "", prefix).strip(INDENT_CHARS + "、，,")


def _issuer_and_place(title: str) -> tuple[str, Place | None]:
    prefix = _issuer_prefix(title)
    if not prefix:
        return "", None
    names, places = [], []
    for part in re.split(rf"[{INDENT_CHARS}、]+", prefix):  # joint issuers: 中共X区委 X区人民政府
        if not part:
            continue
        party = "中共" if part.startswith("中共") else ""  # 中共X区委: the place follows 中共
        place = parse_place(part[len(party) :])
        names.append(party + place.innermost + place.rest if place.innermost else part)
        places.append(place)
    best = next((p for p in places if p.district), next((p for p in places if p.innermost), None))
    return "、".join(dict.fromkeys(names)), best


# Two-character endings of words with 区 that are not district names.
_GENERIC_TAILS = frozenset(
    "城区 辖区 社区 园区 小区 片区 景区 街区 校区 山区 林区 矿区 郊区 灾区 政区 营区 厂区 库区 港区 湖区 "
    "牧区 垦区 禁区 误区 盲区 雷区 险区 治区 地区 全区 本区 我区 各区 该区 此区 市区 两区 三区 分区 专区 "
    "开区 发区 范区 验区 贸区 税区 能区 行区 集区 业区 务区 理区 心区 住区 活区 公区 游区 带区 边区 "
    "管区 战区 警区 选区 病区 展区 试区 学区 镇区 乡区 县区 省区 级区 类区".split()
)
_NOT_FIRST = frozenset("的了在对为与是由将到把向从及等我全本各该其此每省市县区乡镇街并或就于以按至同这那入驻")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _district_ok(name: str) -> bool:
    """Whether ``name`` (two or three characters and 区/县) can be a district name."""
    tail_ok = name[-2:] not in _GENERIC_TAILS or (name.endswith("新区") and len(name) >= 4)
    return (
        tail_ok
        and name[0] not in _NOT_FIRST
        and all(_CJK.match(ch) and ch not in "省市区县镇乡街政府局委办室" for ch in name[:-1])
    )


def guess_region(body: str) -> str:
    """The district named most often in ``body``: ``X区``/``X县`` with two or three
    characters before the suffix, generic words (辖区, 全区, 经开区 …) excluded.

    Names are not delimited in Chinese, so a three-character candidate (``东丽区``) is only
    lengthened to four (``滨海新区``) when the extra character is the same in most of its
    occurrences; a one-off ``在东丽区`` stays ``东丽区``.
    """
    short: Counter[str] = Counter()
    longer: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for m in re.finditer("[区县]", body):
        i = m.start()
        if i >= 2:
            c3 = body[i - 2 : i + 1]
            if _district_ok(c3) or (c3.endswith("新区") and c3[0] not in _NOT_FIRST):
                short[c3] += 1
                first_seen.setdefault(c3, i)
        if i >= 3:
            c4 = body[i - 3 : i + 1]
            if _district_ok(c4):
                longer[c4] += 1
    scores: Counter[str] = Counter()
    for c3, n in short.items():
        ext = max(((c4, k) for c4, k in longer.items() if c4.endswith(c3)), key=lambda x: x[1], default=None)
        if ext and (ext[1] >= 0.8 * n) and (ext[1] >= 2 or c3.endswith("新区")):
            name = ext[0]
        elif c3.endswith("新区"):
            continue  # "海新区" is a fragment, not a name
        else:
            name = c3
        scores[name] += n
        first_seen.setdefault(name, first_seen[c3])
    if not scores:
        return ""
    return max(scores, key=lambda name: (scores[name], -first_seen[name]))


# ---------------------------------------------------------------------------- source / date

_META_KEYS = ("信息来源", "文章来源", "稿件来源", "来源", "发布机构", "发文机关", "发布时间", "发布日期",
              "成文日期", "印发日期", "更新时间", "日期", "时间")
_KEY_ALT = "|".join(_META_KEYS)
_META_LINE = re.compile(rf"(?:{_KEY_ALT})\s*[:：]")
_META_FIELD = re.compile(rf"({_KEY_ALT})\s*[:：]\s*")
_OTHER_FIELD = re.compile(r"\s+[\u4e00-\u9fff]{2,6}\s*[:：]")  # 浏览次数: …, 字号: …
_SOURCE_KEYS = ("来源", "信息来源", "文章来源", "稿件来源", "发布机构", "发文机关")
_DATE_KEYS = ("发布时间", "发布日期", "成文日期", "印发日期", "更新时间", "日期", "时间")
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?)?"
)


def normalise_date(value: str) -> str:
    """``2023年3月22日`` → ``2023-03-22``; ``2023/3/22 9:05`` → ``2023-03-22 09:05``.
    A value that holds no recognisable date is returned as written."""
    s = unicodedata.normalize("NFKC", value)
    m = _DATE.search(s)
    if not m:
        return value.strip()
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return value.strip()
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if m.group(4) is not None and int(m.group(4)) < 24 and int(m.group(5)) < 60:
        out += f" {int(m.group(4)):02d}:{int(m.group(5)):02d}"
        if m.group(6) is not None:
            out += f":{int(m.group(6)):02d}"
    return out


def parse_meta_line(line: str) -> dict[str, str]:
    """Fields of a ``来源:… 发布时间:…`` line, keyed as written; ``{}`` for other lines."""
    line = line.strip(INDENT_CHARS)
    if not _META_LINE.match(line):
        return {}
    fields: dict[str, str] = {}
    matches = list(_META_FIELD.finditer(line))
    for k, m in enumerate(matches):
        stop = matches[k + 1].start() if k + 1 < len(matches) else len(line)
        value = line[m.end() : stop]
        other = _OTHER_FIELD.search(value)
        if other:
            value = value[: other.start()]
        fields.setdefault(m.group(1), value.strip(INDENT_CHARS + "|｜"))
    return fields


def _last_lines(text: str, start: int, count: int) -> list[tuple[int, int]]:
    """The last ``count`` non-empty line spans of ``text[start:]``, as :func:`line_spans`
    gives them, found from the end rather than by splitting every line of a long text."""
    blank = INDENT_CHARS + "\r"
    stop, found, first = len(text), 0, start
    while True:
        nl = text.rfind("\n", start, stop)
        if nl < 0:
            break
        if text[nl + 1 : stop].strip(blank):
            found += 1
            if found == count:
                first = nl + 1
                break
        stop = nl
    return [(a, b) for a, b in line_spans(text, first) if a < b][-count:]


def _meta_fields(text: str, body_start: int, first_section: int) -> dict[str, str]:
    """Fields from metadata lines among the front matter and the last few lines."""
    head = [ln for ln in islice(((a, b) for a, b in line_spans(text, body_start) if a < b), 12)
            if ln[0] < first_section]
    fields: dict[str, str] = {}
    for a, b in head + _last_lines(text, body_start, 6):
        if b - a <= 160:
            for key, value in parse_meta_line(text[a:b]).items():
                if value:
                    fields.setdefault(key, value)
    return fields


# ---------------------------------------------------------------------------- entry point


def extract_metadata(text: str, sections: list[Section]) -> ReportMeta:
    """Title, year, issuer, region, source and publish date of a normalised report text.

    ``sections`` is the outline from :func:`lawgov_desktop.core.outline.parse_outline`; its
    first heading bounds the front matter where source/date lines are looked for.
    """
    t_end = title_span(text)[1]
    title = title_text(text)
    body = text[t_end:]
    first_section = sections[0].start if sections else len(text)

    year = _first_year(title) or _first_year(body)
    issuer, place = _issuer_and_place(title)
    if place is None:
        region = guess_region(body)
    elif place.district:
        region = place.district
    elif place.town:  # a street or town: its district is the one the body keeps naming
        region = guess_region(body) or place.city or place.province
    else:  # a city- or province-level report: the districts in its body are not its region
        region = place.city or place.province

    fields = _meta_fields(text, t_end, first_section)
    source = next((fields[k] for k in _SOURCE_KEYS if k in fields), "")
    date = next((fields[k] for k in _DATE_KEYS if k in fields and _DATE.search(
        unicodedata.normalize("NFKC", fields[k]))), "")
    if not date:
        date = next((fields[k] for k in _DATE_KEYS if k in fields), "")
    return ReportMeta(
        title=title, year=year, issuer=issuer, region=region, source=source,
        publish_date=normalise_date(date) if date else "",
    )
