"""Report metadata: the values every seed report must yield, and the rules behind them."""

from __future__ import annotations

import json
import random

import pytest

from lawgov_desktop.core.document import ReportMeta
from lawgov_desktop.core.metadata import (
    _last_lines,
    extract_metadata,
    guess_region,
    normalise_date,
    parse_meta_line,
    parse_place,
    title_span,
)
from lawgov_desktop.core.numbering import line_spans
from lawgov_desktop.core.outline import parse_outline

from .conftest import GOLD, SEEDS
from .test_outline_gold import read_seed

BODY = "围绕年度目标，扎实推进各项工作，取得明显成效。"

SEED_META = {
    "000_eb737c0cce8dc13d": ReportMeta(
        title="天津市红桥区人民政府2022年法治政府建设工作情况报告", year=2022,
        issuer="红桥区人民政府", region="红桥区"),
    "001_033957f002b379d8": ReportMeta(
        title="宝坻区人民政府2022年法治政府建设情况报告", year=2022, issuer="宝坻区人民政府",
        region="宝坻区", source="区司法局", publish_date="2023-03-22 14:14"),
    "002_33d48c11d264fc8b": ReportMeta(
        title="天津市滨海新区泰达街2023年度法治政府建设情况报告", year=2023, issuer="泰达街",
        region="滨海新区"),
    "003_1112cbd6f2276e8f": ReportMeta(
        title="区政务服务办公室2022年法治政府建设年度报告", year=2022, issuer="区政务服务办公室",
        region="东丽区"),
    "004_583ed17b593a8096": ReportMeta(
        title="南开区2023年度法治政府建设情况报告", year=2023, issuer="南开区", region="南开区"),
}


def meta_of(text: str) -> ReportMeta:
    return extract_metadata(text, parse_outline(text))


@pytest.mark.parametrize("stem", sorted(SEED_META))
def test_seed_metadata(stem: str) -> None:
    text = read_seed(SEEDS / f"{stem}.txt")
    meta = meta_of(text)
    assert meta == SEED_META[stem]
    assert meta.title == json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))["title"]


def test_title_span_covers_a_title_wrapped_over_two_lines() -> None:
    text = " 区政务服务办公室2022年法治政府建设\n年度报告\n\n2022年，在区委、区政府正确领导下……。"
    start, end = title_span(text)
    assert (start, end) == (1, text.index("\n\n"))


def test_title_span_does_not_swallow_a_following_short_line() -> None:
    text = "某区人民政府法治建设工作汇报\n2023年3月\n" + BODY
    assert text[slice(*title_span(text))] == "某区人民政府法治建设工作汇报"
    text = "某区人民政府\n2023年3月\n" + BODY  # no title-like ending even when joined
    assert meta_of(text).title == "某区人民政府"


def test_text_without_title() -> None:
    text = "一、主要举措\n2021年以来，我区扎实推进依法行政。" + BODY
    assert title_span(text) == (0, 0)
    meta = meta_of(text)
    assert meta.title == "" and meta.year == 2021 and meta.issuer == ""


def test_year_falls_back_to_the_body_and_reads_chinese_numerals() -> None:
    assert meta_of("某区法治政府建设情况报告\n2021年，我区" + BODY).year == 2021
    assert meta_of("某某区人民政府二〇二二年法治政府建设情况报告\n" + BODY).year == 2022
    assert meta_of("某区法治政府建设情况报告\n" + BODY).year is None


@pytest.mark.parametrize(
    ("title", "issuer", "region"),
    [
        ("天津市红桥区司法局2022年法治政府建设情况报告", "红桥区司法局", "红桥区"),
        ("河北省石家庄市长安区人民政府2022年法治政府建设情况报告", "长安区人民政府", "长安区"),
        ("天津市人民政府关于2022年法治政府建设情况的报告", "天津市人民政府", "天津市"),
        ("天津市司法局2023年度法治政府建设情况报告", "天津市司法局", "天津市"),
        ("北京市石景山区2023年法治政府建设年度情况报告", "石景山区", "石景山区"),
        ("某某市某某县某某镇2022年法治政府建设工作总结", "某某镇", "某某县"),
        ("关于某市某某区2022年度法治政府建设情况的报告", "某某区", "某某区"),
        ("中共某某区委 某某区人民政府关于2022年度法治政府建设情况的报告",
         "中共某某区委、某某区人民政府", "某某区"),
    ],
)
def test_issuer_and_region_from_the_title(title: str, issuer: str, region: str) -> None:
    # the body names other districts: a title naming a district or a city must win over them
    meta = meta_of(f"{title}\n2022年，我区会同滨海新区、滨海新区、和平区开展工作。" + BODY)
    assert (meta.issuer, meta.region) == (issuer, region)


def test_region_of_a_street_report_is_the_district_its_body_names() -> None:
    text = "泰达街道2023年度法治政府建设情况报告\n在滨海新区区委领导下，泰达街道……。联合经开区司法所……。滨海新区要求……。"
    meta = meta_of(text)
    assert (meta.issuer, meta.region) == ("泰达街道", "滨海新区")


def test_region_guess_ignores_generic_words() -> None:
    body = ("全区、辖区、社区、园区、经开区、本区、我区、城区、小区、新区、地区、依法治区都是常用词。"
            "按照《东丽区实施方案》，在东丽区委领导下推进工作，东丽区成效明显。和平区也来学习。")
    assert guess_region(body) == "东丽区"
    assert guess_region("在滨海新区推进。滨海新区继续推进。") == "滨海新区"
    assert guess_region("在辖区和社区开展全区活动。") == ""
    assert guess_region("") == ""


def test_parse_place() -> None:
    place = parse_place("天津市滨海新区泰达街")
    assert (place.city, place.district, place.town, place.rest) == ("天津市", "滨海新区", "泰达街", "")
    assert parse_place("区政务服务办公室").rest == "区政务服务办公室"
    assert parse_place("和平区人民政府").district == "和平区"


def test_source_and_date_line_variants() -> None:
    assert parse_meta_line("来源:区司法局 发布时间:2023-03-22 14:14") == {
        "来源": "区司法局", "发布时间": "2023-03-22 14:14"}
    assert parse_meta_line("信息来源：区司法局　发布日期：2023年3月22日") == {
        "信息来源": "区司法局", "发布日期": "2023年3月22日"}
    assert parse_meta_line("来源：某区人民政府  浏览次数：120") == {"来源": "某区人民政府"}
    assert parse_meta_line("2022年，我区来源广泛：……") == {}

    text = "某区2022年法治政府建设情况报告\n信息来源：区司法局　发布日期：2023年3月22日\n" + BODY + "\n一、主要举措\n" + BODY
    meta = meta_of(text)
    assert (meta.source, meta.publish_date) == ("区司法局", "2023-03-22")

    text = "某区2022年法治政府建设情况报告\n时间：2023年3月2日 9:05\n" + BODY
    assert meta_of(text).publish_date == "2023-03-02 09:05"
    assert meta_of(text).source == ""


def test_metadata_lines_in_the_body_are_ignored() -> None:
    text = "某区2022年法治政府建设情况报告\n" + BODY + "\n一、主要举措\n" + "\n".join([BODY] * 10) + \
        "\n来源：会议纪要\n" + "\n".join([BODY] * 10)
    assert meta_of(text).source == ""


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2023-03-22 14:14", "2023-03-22 14:14"),
        ("2023年3月22日", "2023-03-22"),
        ("2023/3/2 9:05:07", "2023-03-02 09:05:07"),
        ("２０２３－０３－２２", "2023-03-22"),
        ("2023.03.22", "2023-03-22"),
        ("2023年3月22日 14时14分", "2023-03-22 14:14"),
        ("不详", "不详"),
    ],
)
def test_normalise_date(written: str, iso: str) -> None:
    assert normalise_date(written) == iso


def test_last_lines_match_a_full_split() -> None:
    """The closing lines are found from the end exactly as splitting every line finds them."""
    rng = random.Random(7)
    pieces = ["来源", " ", "\u3000", "\r", "\n", "\n", "\n", "日期", "\t"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        start, count = rng.randint(0, len(text)), rng.randint(1, 7)
        expected = [(a, b) for a, b in line_spans(text, start) if a < b][-count:]
        assert _last_lines(text, start, count) == expected, (text, start, count)
