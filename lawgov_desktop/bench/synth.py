"""A deterministic synthetic library: reports assembled from the seed reports, and annotations.

Why synthetic: the benchmark needs a thousand distinct reports (and ten thousand for the
scaling case) and a report of 1 MB, and the bundled seeds are five.  Each report is put
together from the seeds' own headings and paragraphs with a seeded RNG, so the text has the
length, vocabulary and outline shape of a real report, and its title line names a distinct
place, issuer and year, so the metadata extractor and the duplicate check see distinct reports.
The same seed always gives byte-identical files, so two runs measure the same work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from lawgov_desktop.core.numbering import int_to_cn
from lawgov_desktop.core.report import parse_report_file
from lawgov_desktop.paths import seeds_dir

CITIES = ["天津市", "北京市", "上海市", "重庆市", "广州市", "深圳市", "杭州市", "南京市", "成都市", "武汉市",
          "西安市", "苏州市", "郑州市", "长沙市", "青岛市", "济南市", "合肥市", "福州市", "厦门市", "宁波市"]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "和平区", "河西区", "南开区", "红桥区", "河东区", "河北区",
             "滨海新区", "东丽区", "西青区", "津南区", "北辰区", "武清区", "宝坻区", "宁河区", "静海区", "蓟州区",
             "鼓楼区", "玄武区", "秦淮区", "建邺区", "雁塔区", "碑林区", "天河区", "越秀区"]
ISSUERS = ["人民政府", "司法局", "市场监督管理局", "生态环境局", "政务服务办公室", "城市管理委员会", "应急管理局",
           "教育局", "卫生健康委员会", "交通运输局"]
YEARS = list(range(2018, 2025))
#: Number of distinct (city, district, issuer, year) titles; more than any run asks for.
DISTINCT_TITLES = len(CITIES) * len(DISTRICTS) * len(ISSUERS) * len(YEARS)
_STRIDE = 7919  # a prime coprime with DISTINCT_TITLES: spreads consecutive reports over places

REPORT_CHARS = 3_400  # ≈ 10 KB of UTF-8, the size of the seed reports
BIG_REPORT_BYTES = 1_000_000
ANNOTATORS = ["张敏", "李华", "王磊"]


@dataclass
class SeedPool:
    """Headings and paragraphs taken from the seed reports, to assemble new reports from."""

    parts: list[str] = field(default_factory=list)  # depth-1 heading titles
    subs: list[str] = field(default_factory=list)  # depth-2 heading titles
    paragraphs: list[str] = field(default_factory=list)  # body lines
    intros: list[str] = field(default_factory=list)  # the paragraph before the first heading


def load_pool(folder: Path | None = None) -> SeedPool:
    """Split the seeds into headings and body paragraphs (through the app's own outline parser)."""
    pool = SeedPool()
    for path in sorted((folder or seeds_dir()).glob("*.txt")):
        parsed = parse_report_file(path)
        text = parsed.text
        starts = {s.start for s in parsed.sections}
        for s in parsed.sections:
            title = s.title.strip("。 ")
            if 4 <= len(title) <= 40:
                (pool.parts if s.depth == 1 else pool.subs).append(title)
            if s.depth > 1 and s.title_end < s.end:
                body = text[s.title_end:text.find("\n", s.title_end) if "\n" in text[s.title_end:] else s.end]
                if len(body.strip()) >= 30:
                    pool.paragraphs.append(body.strip())
        first = parsed.sections[0].start if parsed.sections else len(text)
        pos = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if pos not in starts and len(stripped) >= 30 and stripped[0] not in "（(一二三四五六七八九十0123456789":
                (pool.intros if pos < first else pool.paragraphs).append(stripped)
            pos += len(line) + 1
    if not (pool.parts and pool.subs and pool.paragraphs):
        raise RuntimeError("seed reports are missing: cannot build the benchmark corpus")
    if not pool.intros:
        pool.intros = pool.paragraphs[:3]
    return pool


def title_parts(index: int) -> tuple[str, str, str, int]:
    """(city, district, issuer, year) of synthetic report ``index``; distinct for every index."""
    k = (index * _STRIDE) % DISTINCT_TITLES
    k, year = divmod(k, len(YEARS))
    k, issuer = divmod(k, len(ISSUERS))
    city, district = divmod(k, len(DISTRICTS))
    return CITIES[city], DISTRICTS[district], ISSUERS[issuer], YEARS[year]


def make_report(pool: SeedPool, index: int, target_chars: int, seed: int = 0) -> str:
    """One report of about ``target_chars`` characters: title, intro, numbered parts, signature."""
    rng = random.Random(seed * 1_000_003 + index)
    city, district, issuer, year = title_parts(index)
    who = f"{district}{issuer}"
    lines = [f"{city}{who}{year}年法治政府建设工作情况报告",
             f"{year}年，{who}" + rng.choice(pool.intros).split("，", 1)[-1]]
    size = sum(len(x) + 1 for x in lines)
    big = target_chars > 20 * REPORT_CHARS
    part = 0
    while size < target_chars and part < 99:
        part += 1
        block = [f"{int_to_cn(part)}、{rng.choice(pool.parts)}"]
        for sub in range(1, rng.randint(8, 16) + 1 if big else rng.randint(2, 4) + 1):
            block.append(f"（{int_to_cn(sub)}）{rng.choice(pool.subs)}。{rng.choice(pool.paragraphs)}")
            if rng.random() < 0.35:
                block += [f"{item}.{rng.choice(pool.paragraphs)}" for item in range(1, rng.randint(2, 4))]
            elif rng.random() < 0.5:
                block.append(rng.choice(pool.paragraphs))
        lines += block
        size += sum(len(x) + 1 for x in block)
    lines += [who, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    return "\n".join(lines) + "\n"


def big_report_chars(pool: SeedPool, size: int = BIG_REPORT_BYTES) -> int:
    """Characters giving a report of about ``size`` bytes of UTF-8."""
    sample = "".join(pool.paragraphs)
    per_char = len(sample.encode("utf-8")) / max(1, len(sample))
    return int(size / per_char)


@dataclass
class Corpus:
    """Report files written for one run: ``files`` are the ordinary reports, ``big`` the 1 MB one."""

    folder: Path
    files: list[Path]
    big: Path


def write_corpus(folder: Path, count: int, *, seed: int = 0, pool: SeedPool | None = None,
                 start: int = 0, big_bytes: int = BIG_REPORT_BYTES, prefix: str = "r") -> Corpus:
    """Write ``count`` ordinary reports (numbered from ``start``) and, unless ``big_bytes`` is 0,
    the big report (1 MB in the full run)."""
    pool = pool or load_pool()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(start, start + count):
        path = folder / f"{prefix}{i:05d}.txt"
        path.write_text(make_report(pool, i, REPORT_CHARS, seed), encoding="utf-8")
        files.append(path)
    big_path = folder / "big_report.txt"
    if big_bytes:
        # its own index range, so its title never repeats an ordinary report's
        big_path.write_text(make_report(pool, DISTINCT_TITLES - 1, big_report_chars(pool, big_bytes), seed),
                            encoding="utf-8")
    return Corpus(folder, files, big_path)


@dataclass
class SpanPlan:
    """Annotations to add to one report: (start, end, category indexes, note, annotator)."""

    report_id: int
    spans: list[tuple[int, int, tuple[int, ...], str, str]]


def plan_annotations(report_id: int, text: str, count: int, rng: random.Random) -> SpanPlan:
    """``count`` spans of 8–120 characters at random places, one or two categories each.

    Spans start on a non-blank character and never cross the end of the text; about a fifth
    carry two categories and a tenth a note, like a real tagging session.
    """
    spans = []
    n = len(text)
    for _ in range(count):
        length = rng.randint(8, 120)
        start = rng.randrange(0, max(1, n - length - 1))
        while start < n - 1 and text[start].isspace():
            start += 1
        end = min(n, start + length)
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        cats = (rng.randrange(3),) if rng.random() < 0.8 else tuple(rng.sample(range(3), 2))
        note = "待核实" if rng.random() < 0.1 else ""
        spans.append((start, end, cats, note, rng.choice(ANNOTATORS)))
    return SpanPlan(report_id, spans)


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers (summing exactly to ``total``)."""
    base, extra = divmod(total, max(1, parts))
    return [base + (1 if i < extra else 0) for i in range(parts)]
