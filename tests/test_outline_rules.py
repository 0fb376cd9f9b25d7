"""Synthetic reports pinning each rule of the outline parser, so that it keeps working on
reports from places it has never seen (the seed reports are covered by test_outline_gold)."""

from __future__ import annotations

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.numbering import cn_to_int, int_to_cn, match_label, number_value
from lawgov_desktop.core.outline import parse_outline

BODY = "围绕年度目标，扎实推进各项工作，取得明显成效。"  # a plain body paragraph


def outline(text: str) -> list[tuple[int, str, str]]:
    return [(s.depth, s.label, s.title) for s in parse_outline(text)]


def check_consistent(text: str, sections: list[Section]) -> None:
    """The invariants every outline must satisfy, whatever the text."""
    for i, s in enumerate(sections):
        assert text[s.start :].startswith(s.label)
        assert s.start < s.title_end <= s.end <= len(text)
        assert s.title in text[s.start : s.title_end]
        assert text.count("\n", 0, s.start) + 1 == s.line
        later = [t.start for t in sections[i + 1 :] if t.depth <= s.depth]
        assert s.end == (later[0] if later else len(text))
        if s.parent is None:
            assert s.depth == 1
        else:
            parent = sections[s.parent]
            assert parent.depth == s.depth - 1
            assert parent.start < s.start and parent.end >= s.end
            assert s.parent == max(j for j in range(i) if sections[j].depth == s.depth - 1)


def test_six_label_styles_nest_in_order_of_appearance() -> None:
    text = "\n".join([
        "某区2023年法治政府建设情况报告",
        "2023年，我区坚持依法行政，现将有关情况报告如下。",
        "第一部分 总体情况",
        BODY,
        "一、加强组织领导",
        "（一）健全工作机制。成立工作专班，统筹推进。",
        "1.完善制度。制定实施办法。",
        "（1）明确分工。细化责任清单。",
        "①细化任务。逐项落实到人。",
        "②压实责任。定期调度。",
        "（2）强化考核。纳入绩效考评。",
        "2.加强督查。开展专项督查。",
        "（二）强化队伍建设。组织专题培训。",
        "二、推进依法决策",
        BODY,
        "第二部分 存在问题",
        "一、制度建设还需加强",
        BODY,
    ])
    sections = parse_outline(text)
    assert [(s.depth, s.label) for s in sections] == [
        (1, "第一部分"), (2, "一、"), (3, "（一）"), (4, "1."), (5, "（1）"), (6, "①"), (6, "②"),
        (5, "（2）"), (4, "2."), (3, "（二）"), (2, "二、"), (1, "第二部分"), (2, "一、"),
    ]
    assert sections[0].title == "总体情况"
    check_consistent(text, sections)


def test_depth_follows_the_tree_not_a_fixed_table() -> None:
    # （一） directly under 第一部分, and 1. directly under 一、
    text = "\n".join(["第一部分 主要成效", "（一）深化改革。" + BODY, "（二）优化服务。" + BODY,
                      "第二部分 下一步安排", "一、加强学习", "1.开展培训。" + BODY, "2.组织考试。" + BODY])
    assert [(d, lab) for d, lab, _ in outline(text)] == [
        (1, "第一部分"), (2, "（一）"), (2, "（二）"), (1, "第二部分"), (2, "一、"), (3, "1."), (3, "2."),
    ]
    check_consistent(text, parse_outline(text))


def test_arabic_numbers_running_straight_through_parents() -> None:
    text = "\n".join(["一、主要举措", "（一）加强学习", "1.学习法治思想。" + BODY, "2.抓好关键少数。" + BODY,
                      "（二）完善机制", "3.建章立制。" + BODY, "4.接受监督。" + BODY, "二、存在问题", BODY])
    sections = parse_outline(text)
    assert [(s.depth, s.label) for s in sections] == [
        (1, "一、"), (2, "（一）"), (3, "1."), (3, "2."), (2, "（二）"), (3, "3."), (3, "4."), (1, "二、"),
    ]
    assert sections[5].parent == 4 and sections[6].parent == 4
    check_consistent(text, sections)


def test_inconsistent_bracket_numbering_stays_siblings() -> None:
    text = "\n".join(["四、下一步工作安排", "（一）增强理论武装", BODY, "（2） 加强法治宣传", BODY,
                      "（3）规范行政执法", BODY])
    assert outline(text) == [
        (1, "四、", "下一步工作安排"), (2, "（一）", "增强理论武装"), (2, "（2）", "加强法治宣传"),
        (2, "（3）", "规范行政执法"),
    ]


def test_full_and_half_width_labels() -> None:
    text = "\n".join(["一、总体情况", "(一)健全体系,打造环境", "1．完善制度。" + BODY, "2、加强督查。" + BODY,
                      "（二)优化服务", "（１）压实责任。" + BODY, "(2)强化考核。" + BODY, "二．存在问题", BODY])
    assert [(d, lab) for d, lab, _ in outline(text)] == [
        (1, "一、"), (2, "(一)"), (3, "1．"), (3, "2、"), (2, "（二)"), (3, "（１）"), (3, "(2)"), (1, "二．"),
    ]


def test_run_in_heading_title_stops_at_first_full_stop() -> None:
    text = "一、主要举措\n（一）深入学习贯彻习近平法治思想。把学习贯彻作为首要任务。全年学习12次。\n"
    sections = parse_outline(text)
    run_in = sections[1]
    assert run_in.title == "深入学习贯彻习近平法治思想"
    assert text[run_in.start : run_in.title_end] == "（一）深入学习贯彻习近平法治思想。"
    assert sections[0].title_end == text.index("\n")
    check_consistent(text, sections)


def test_trailing_punctuation_is_stripped_from_titles() -> None:
    text = "一、主要做法：\n" + BODY + "\n（一）坚持处处以身作则，严格执行重大决策制度。\n" + BODY
    assert [t for _, _, t in outline(text)] == ["主要做法", "坚持处处以身作则，严格执行重大决策制度"]


def test_yi_shi_paragraphs_are_one_level_below_their_parent() -> None:
    text = "\n".join([
        "一、主要举措", "(一)健全职能体系", "一是优化职能。" + BODY, "二是健全服务。" + BODY,
        "二、下一步安排", "一是加强学习。" + BODY, "二是完善机制。" + BODY,
    ])
    assert outline(text) == [
        (1, "一、", "主要举措"), (2, "(一)", "健全职能体系"), (3, "一是", "优化职能"), (3, "二是", "健全服务"),
        (1, "二、", "下一步安排"), (2, "一是", "加强学习"), (2, "二是", "完善机制"),
    ]


def test_yi_shi_inside_running_text_is_not_a_section() -> None:
    text = "\n".join([
        "一、存在问题",
        "我区工作还有不足。一是学习不够深入。二是机制不够健全。",
        "一是创新招法偏少，缺乏亮点。二是用力不均衡。三是队伍力量不强。",  # run-on list in one paragraph
        "二是这一段接着上一段的列举。" + BODY,  # continues an enumeration that never was a heading
        "二、下一步安排",
        BODY,
    ])
    assert outline(text) == [(1, "一、", "存在问题"), (1, "二、", "下一步安排")]


def test_numbers_at_paragraph_start_are_not_labels() -> None:
    text = "\n".join([
        "一、主要成效",
        "2022年，我区全面推进依法行政。" + BODY,
        "1.5亿元资金用于法治宣传。" + BODY,
        "12345热线办结工单1万件。" + BODY,
        "3.14%的增幅说明了问题。" + BODY,
        "（2021—2025年）规划全面实施。" + BODY,
    ])
    assert outline(text) == [(1, "一、", "主要成效")]
    for s in ("2022年", "1.5亿元", "12345热线", "1、2号楼"):
        assert match_label(s, 0) is None


def test_bracket_reference_inside_a_sentence_is_not_a_heading() -> None:
    text = "一、主要举措\n按照规划第三章（一）的要求，推进各项工作。" + BODY + "\n二、存在问题\n" + BODY
    assert [lab for _, lab, _ in outline(text)] == ["一、", "二、"]


def test_out_of_sequence_new_list_is_rejected() -> None:
    # a lone （三） under 一、 with no （一）/（二） reads as a quoted item, not a sub-heading
    text = "一、主要举措\n" + BODY + "\n（三）关于规范性文件的备案审查工作\n" + BODY + "\n二、存在问题\n" + BODY
    assert [lab for _, lab, _ in outline(text)] == ["一、", "二、"]


def test_report_without_headings_gives_nothing() -> None:
    assert parse_outline("") == []
    text = "某区2023年法治政府建设情况报告\n\n" + "\n".join([BODY] * 5)
    assert parse_outline(text) == []


def test_numbered_list_without_other_structure_is_taken() -> None:
    text = "1.加强组织领导，健全工作机制。\n2.推进依法决策，规范决策程序。\n3.严格规范执法，提升执法水平。"
    assert [(d, lab) for d, lab, _ in outline(text)] == [(1, "1."), (1, "2."), (1, "3.")]


def test_leading_spaces_before_labels() -> None:
    text = "\u3000\u3000一、总体情况\n" + BODY + "\n   （一）加强领导。" + BODY + "\n\t（二）完善制度\n" + BODY
    sections = parse_outline(text)
    assert [s.label for s in sections] == ["一、", "（一）", "（二）"]
    assert sections[0].start == 2 and text[sections[1].start] == "（"
    check_consistent(text, sections)


def test_numberless_heading_between_top_level_parts() -> None:
    text = "\n".join(["某区人民政府2022年法治政府建设情况报告", BODY, "一、主要举措", BODY, "二、履职情况", BODY, "",
                      "存在的问题", "", "一是学习不够深入。二是机制不够健全。", "", "四、下一步工作安排", BODY])
    sections = parse_outline(text)
    assert [(s.depth, s.label, s.title) for s in sections] == [
        (1, "一、", "主要举措"), (1, "二、", "履职情况"), (1, "", "存在的问题"), (1, "四、", "下一步工作安排"),
    ]
    check_consistent(text, sections)


def test_numberless_heading_is_then_a_parent() -> None:
    text = "\n".join(["一、主要举措", BODY, "存在问题", "一是学习不够深入。" + BODY, "二是机制不健全。" + BODY,
                      "三、下一步安排", BODY])
    assert outline(text) == [(1, "一、", "主要举措"), (1, "", "存在问题"), (2, "一是", "学习不够深入"),
                             (2, "二是", "机制不健全"), (1, "三、", "下一步安排")]


def test_short_lines_that_are_not_headings() -> None:
    text = "\n".join([
        "某区人民政府",  # title lines
        "2022年法治政府建设情况报告",
        "来源:区司法局 发布时间:2023-03-22 14:14",
        BODY,
        "一、主要举措",
        "工作情况",  # right after a heading, not after a finished paragraph
        BODY,
        "二、存在问题",
        BODY,
        "这一行被折断了，因为原文排版",  # wrapped line: the previous paragraph is not finished
        "工作推进",
        BODY,
        "某区人民政府",  # signature block at the end
        "2023年3月1日",
    ])
    assert [lab for _, lab, _ in outline(text)] == ["一、", "二、"]


def test_document_structured_by_numberless_headings_only() -> None:
    text = "\n".join(["某区2023年法治政府建设工作总结", "主要做法", BODY, "（一）加强领导。" + BODY,
                      "存在问题", BODY, "下一步打算", BODY])
    assert outline(text) == [(1, "", "主要做法"), (2, "（一）", "加强领导"), (1, "", "存在问题"),
                             (1, "", "下一步打算")]


def test_label_alone_on_its_line_takes_the_next_line_as_title() -> None:
    text = "第一部分\n总体情况\n" + BODY + "\n第二部分\n存在问题\n" + BODY
    sections = parse_outline(text)
    assert [(s.label, s.title) for s in sections] == [("第一部分", "总体情况"), ("第二部分", "存在问题")]
    check_consistent(text, sections)


def test_chapters_and_sections() -> None:
    text = "\n".join(["第一章 总体要求", "第一节 指导思想", BODY, "第二节 工作目标", BODY, "第二章 主要任务", BODY])
    assert [(d, lab) for d, lab, _ in outline(text)] == [
        (1, "第一章"), (2, "第一节"), (2, "第二节"), (1, "第二章"),
    ]


def test_offsets_are_code_points_even_after_astral_characters() -> None:
    text = "𠮷𡈽区2022年报告\n" + "𠮷" + BODY + "\n一、主要举措\n（一）加强𠮷领导。" + BODY + "\n二、存在问题\n" + BODY
    sections = parse_outline(text)
    assert [s.label for s in sections] == ["一、", "（一）", "二、"]
    for s in sections:
        assert text[s.start :].startswith(s.label + s.title)
    assert sections[1].title == "加强𠮷领导"
    assert text[sections[1].title_end - 1] == "。"
    check_consistent(text, sections)


def test_title_and_metadata_lines_are_not_sections() -> None:
    text = " 区政务服务办公室2022年法治政府建设\n年度报告\n\n来源：区司法局　发布日期：2023年3月22日\n" + BODY + "\n一、主要举措\n" + BODY
    sections = parse_outline(text)
    assert [(s.line, s.label) for s in sections] == [(6, "一、")]


def test_number_helpers() -> None:
    assert [cn_to_int(s) for s in ("一", "十", "十二", "二十", "二十一", "九十九", "二〇二二")] == [
        1, 10, 12, 20, 21, 99, 2022]
    assert cn_to_int("") is None and cn_to_int("甲") is None
    assert [int_to_cn(n) for n in (1, 10, 12, 20, 21, 99)] == ["一", "十", "十二", "二十", "二十一", "九十九"]
    cases = {"一、": 1, "（十二）": 12, "3．": 3, "（２）": 2, "⑦": 7, "⑴": 1, "第三部分": 3, "第十章": 10,
             "四是": 4, "10.": 10}
    assert {label: number_value(label) for label in cases} == cases
    assert number_value("") is None
