"""Outline rules for report styles the seed reports do not use (issue: outlines of reports we
have not seen).  Each test parses a report written in that style — title, opening paragraph,
parts with body paragraphs — and checks the headings, their depth and their parents.

The gold outlines of whole reports in these styles are in tests/gold_unseen (checked by
test_outline_unseen); these tests pin each rule on its own.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from lawgov_desktop.core import heading_lines, numbering, outline
from lawgov_desktop.core.numbering import int_to_cn, match_label, match_ordinal
from lawgov_desktop.core.outline import parse_outline

from .test_outline_rules import check_consistent

INTRO = ("2023年，在区委、区政府的坚强领导下，我们坚持以习近平新时代中国特色社会主义思想为指导，"
         "深入学习贯彻党的二十大精神和习近平法治思想，全面落实法治政府建设实施纲要，"
         "扎实推进依法行政各项工作。现将有关情况报告如下。")
BODY_A = ("坚持把法治政府建设摆在全局工作的重要位置，与业务工作同部署、同推进、同考核，"
          "全年召开专题会议研究法治建设工作4次，研究解决重点难点问题9个。")
BODY_B = ("严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，全年开展执法检查1320次，"
          "办理行政处罚案件86件，执法案卷合格率达到100%。")
BODY_C = ("一年来，法治政府建设虽然取得了一定成效，但与上级要求和群众期待相比仍有差距，"
          "部分干部运用法治思维和法治方式推动工作的能力还需提高。")


def report(*lines: str) -> str:
    return "\n".join(("某区人民政府2023年法治政府建设情况报告", INTRO, *lines))


def outline_of(text: str) -> list[tuple[int, str, str]]:
    sections = parse_outline(text)
    check_consistent(text, sections)
    return [(s.depth, s.label, s.title) for s in sections]


def heading(text: str, label: str, title_start: str) -> int:
    """Index in the outline of the heading with ``label`` whose title starts with ``title_start``."""
    return next(i for i, s in enumerate(parse_outline(text)) if s.label == label and s.title.startswith(title_start))


# ---------------------------------------------------------------------------- official order


def test_a_list_before_the_first_sub_section_is_not_its_parent() -> None:
    items = [
        "制定印发年度法治政府建设工作要点，明确6个方面28项具体任务。",
        "修订完善党组理论学习中心组学法制度，全年开展集体学法8次。",
        "完成权责清单动态调整，调整行政权力事项17项。",
        "对现行有效的43件行政规范性文件开展全面清理，废止2件、修改3件。",
        "办理行政复议案件9件，全部在法定期限内审结。",
        "出庭应诉行政诉讼案件6件，机关负责人出庭应诉率保持100%。",
        "组织开展“双随机、一公开”联合抽查42次。",
        "办结人大代表建议和政协委员提案31件，满意率100%。",
        "主动公开政府信息1260条，依申请公开办结率100%。",
        "完成执法人员年度培训考试，参考率和合格率均达到100%。",
    ]
    text = report(
        "一、2023年度推进法治政府建设的主要举措和成效",
        "一年来，我们围绕年度工作要点，细化分解任务，逐项推动落实，全年重点完成了以下十项工作：",
        *[f"{n}.{item}" for n, item in enumerate(items, start=1)],
        "（一）坚持党的领导，统筹推进法治建设",
        BODY_A,
        "1.压紧压实第一责任人职责。" + BODY_A,
        "2.健全法治建设议事协调机制。" + BODY_A,
        "（二）坚持严格规范公正文明执法",
        "1.深化“双随机、一公开”监管。" + BODY_B,
        "2.推行包容审慎监管。" + BODY_B,
        "二、存在的不足和原因",
        BODY_C,
    )
    got = outline_of(text)
    assert [(d, lab) for d, lab, _ in got] == [
        (1, "一、"), *[(2, f"{n}.") for n in range(1, 11)],
        (2, "（一）"), (3, "1."), (3, "2."), (2, "（二）"), (3, "1."), (3, "2."), (1, "二、"),
    ]
    sections = parse_outline(text)
    first_sub = heading(text, "（一）", "坚持党的领导")
    assert sections[first_sub].parent == 0  # 一、, not the 10. before it
    assert sections[10].end == sections[first_sub].start  # the list item 10. ends where （一） starts


def test_levels_follow_the_official_order_deeper_down() -> None:
    # under （一）: a ①②③ list first, then 1. items (which have （1） items): 1. is not under ③
    text = report(
        "第一部分　2023年度法治政府建设主要举措和成效",
        "一、坚持高位推动，法治政府建设责任全面压实",
        "（一）健全领导体制机制",
        "市政府全年召开常务会议专题研究法治政府建设工作6次，具体包括：",
        "①审议通过年度法治政府建设工作要点。",
        "②听取全市行政执法工作情况汇报并部署专项整治。",
        "③研究推进行政复议体制改革后续工作。",
        "1.健全学法制度。坚持常务会议会前学法制度，全年学法12次，组织旁听庭审活动2次。",
        "（1）完善学法清单。制定领导干部应知应会法律法规清单，明确学法内容和学法要求。",
        "（2）开展述法评议。组织15个部门主要负责人现场述法，述法评议结果纳入年度考核。",
        "2.完善考核机制。将法治政府建设纳入高质量发展综合绩效考核，考核权重提高至5%。",
        "（二）强化督察考核",
        BODY_B,
        "第二部分　存在的问题和不足",
        BODY_C,
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "第一部分"), (2, "一、"), (3, "（一）"), (4, "①"), (4, "②"), (4, "③"), (4, "1."), (5, "（1）"),
        (5, "（2）"), (4, "2."), (3, "（二）"), (1, "第二部分"),
    ]


def test_bracketed_arabic_items_before_numbered_items_are_their_siblings() -> None:
    text = report(
        "一、主要举措",
        "（一）推进依法决策",
        "（1）公众参与。通过门户网站公开征求意见，召开座谈会5场，收集意见建议46条。",
        "（2）专家论证。邀请法学专家开展论证，形成论证意见3份。",
        "1.严格落实重大行政决策程序。" + BODY_A,
        "2.加强行政规范性文件管理。" + BODY_A,
        "（二）规范行政执法",
        BODY_B,
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "（一）"), (3, "（1）"), (3, "（2）"), (3, "1."), (3, "2."), (2, "（二）"),
    ]


def test_depth_still_follows_the_tree_when_levels_are_skipped() -> None:
    # 1. directly under 一、 (no （一）), and ① directly under 1.
    text = report("一、主要举措", "1.加强学习。" + BODY_A, "①专题学法。" + BODY_A, "②旁听庭审。" + BODY_A,
                  "2.规范执法。" + BODY_B, "二、存在问题", BODY_C)
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "1."), (3, "①"), (3, "②"), (2, "2."), (1, "二、"),
    ]


# ---------------------------------------------------------------------------- ordinals


def test_ordinal_paragraphs_are_sections() -> None:
    text = report(
        "一、主要工作举措及成效",
        "今年以来，我局聚焦法治政府建设重点任务，主要做了以下几个方面的工作。",
        "第一，坚持以习近平法治思想为引领，夯实思想根基。把学习贯彻习近平法治思想作为首要政治任务，全年开展专题学习6次。",
        "第二，坚持依法全面履行职能，优化法治化营商环境。全年审查涉企文件27件，提出修改意见58条。",
        "第三，坚持规范行政执法行为，提升执法监督效能。组织全区行政执法案卷评查，抽查案卷320卷。",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "第一、带头尊法学法守法用法",
        "坚持领导干部带头学法，全年主持党组会议学法12次，带头参加旁听庭审、法治讲座等活动。",
        "第二、带头推进依法决策",
        "严格执行“三重一大”集体决策制度，凡涉及重大事项的，一律提交党组会议集体研究决定。",
        "三、2024年工作打算",
        "2024年，我局将重点抓好以下几个方面：",
        "首先，聚焦“关键少数”，持续抓好领导干部学法用法。健全领导干部学法清单制度，组织开展年度述法工作。",
        "其次，聚焦执法规范，全面提升行政执法质量。深化行政执法“三项制度”，加强行政执法监督。",
        "最后，聚焦普法宣传，营造浓厚法治氛围。落实“谁执法谁普法”普法责任制，推动全民守法。",
        "总之，我局将以更高标准、更实举措推进法治政府建设，为高质量发展提供坚强法治保障。",
    )
    assert outline_of(text) == [
        (1, "一、", "主要工作举措及成效"),
        (2, "第一，", "坚持以习近平法治思想为引领，夯实思想根基"),
        (2, "第二，", "坚持依法全面履行职能，优化法治化营商环境"),
        (2, "第三，", "坚持规范行政执法行为，提升执法监督效能"),
        (1, "二、", "党政主要负责人履行推进法治建设第一责任人职责情况"),
        (2, "第一、", "带头尊法学法守法用法"),
        (2, "第二、", "带头推进依法决策"),
        (1, "三、", "2024年工作打算"),
        (2, "首先，", "聚焦“关键少数”，持续抓好领导干部学法用法"),
        (2, "其次，", "聚焦执法规范，全面提升行政执法质量"),
        (2, "最后，", "聚焦普法宣传，营造浓厚法治氛围"),
    ]


def test_ordinals_that_open_no_run_are_not_sections() -> None:
    text = report(
        "一、存在的问题",
        # an enumeration inside one paragraph
        "与上级要求相比还存在一些差距。第一，法治宣传的针对性还不够强。第二，基层司法所力量相对薄弱。",
        "第一，法治宣传教育形式单一，覆盖面不广；第二，专业人才较为缺乏。",  # run-on from its start
        # a lone 首先 (no 其次 follows) and a lone 第一 (no 第二 follows)
        "首先，从思想认识上看，个别干部对法治政府建设重要性的认识还不够到位，存在重业务、轻法治的倾向。",
        "从工作机制上看，部门之间的协作配合还不够顺畅，信息共享程度不高，工作合力有待进一步形成。",
        "第一次开展的述法评议工作经验不足，评议结果运用还不够充分，需要在实践中不断完善。",
        "二、下一步工作安排",
        "第一，加强学习培训。" + BODY_A,
        "三、其他事项",
        "最后，我们将以更加务实的作风推动法治政府建设再上新台阶。",  # 最后 with no run open
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [(1, "一、"), (1, "二、"), (1, "三、")]


def test_ordinal_parts_hold_numbered_sections() -> None:
    text = report(
        "第一、2023年法治政府建设主要举措",
        "（一）加强组织领导。" + BODY_A,
        "（二）规范行政执法。" + BODY_B,
        "第二、存在的问题",
        BODY_C,
        "第三、下一步工作安排",
        "（一）持续深化学习。把学习贯彻习近平法治思想作为党组理论学习中心组学习的重点内容。",
        "（二）提升执法水平。深化行政执法“三项制度”，加强行政执法监督，推动严格规范公正文明执法。",
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "第一、"), (2, "（一）"), (2, "（二）"), (1, "第二、"), (1, "第三、"), (2, "（一）"), (2, "（二）"),
    ]


def test_an_ordinal_run_goes_on_after_numbered_items() -> None:
    # 1. 2. after the run-in 第一， paragraph close it; 第二， still continues the run
    text = report(
        "一、主要工作举措及成效",
        "第一，健全工作机制。" + BODY_A,
        "1.完善议事规则。明确领导小组会议每季度召开一次，研究解决法治建设重点难点问题。",
        "2.细化责任清单。将年度法治建设任务分解到科室、落实到个人，逐项明确完成时限。",
        "第二，规范行政执法。" + BODY_B,
        "二、存在的不足",
        "我们的工作还有不足。一是学习不够深入。",
        "二是这一段接着上一段的列举，并非一个标题。" + BODY_C,  # continues no run of headings
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "第一，"), (2, "1."), (2, "2."), (2, "第二，"), (1, "二、"),
    ]


def test_an_ordinal_run_inside_a_run_in_paragraph_item() -> None:
    text = report(
        "一、主要举措",
        "一是加强组织领导。" + BODY_A,
        "第一，健全议事规则。明确领导小组会议每季度召开一次，研究解决法治建设重点难点问题。",
        "第二，细化责任清单。将年度法治建设任务分解到科室、落实到个人，逐项明确完成时限。",
        "二是规范行政执法。" + BODY_B,
        "二、存在问题",
        BODY_C,
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "一是"), (3, "第一，"), (3, "第二，"), (2, "二是"), (1, "二、"),
    ]


def test_ordinals_as_the_only_structure_and_their_labels() -> None:
    text = report("第一，健全工作机制。" + BODY_A, "第二，推进依法决策。" + BODY_A, "第三，规范执法行为。" + BODY_B)
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [(1, "第一，"), (1, "第二，"), (1, "第三，")]
    assert [(m.style, m.value) for m in (match_ordinal(s, 0) for s in ("第十二、", "其二，", "再次：", "最后，"))
            if m] == [("ordinal", 12), ("qi", 2), ("seq", 3), ("seq", 0)]
    for s in ("第一次会议", "第一责任人", "首先要", "第一部分 总体情况"):
        assert match_ordinal(s, 0) is None


# ---------------------------------------------------------------------------- no number


def test_short_lines_between_numbered_parts_are_sub_headings() -> None:
    text = report(
        "一、2023年法治政府建设工作开展情况",
        "强化组织领导",
        BODY_A,
        "深化基层依法治理",
        "持续推进民主法治示范社区创建，指导辖区12个社区修订完善居民公约，健全居务监督委员会工作制度。",
        "依托社区法律顾问制度，为社区重大事项决策、合同审查提供法律意见43条。",
        "规范综合行政执法",
        BODY_B,
        "2023年主要执法数据如下",  # a caption over table rows: not followed by body text
        "行政检查 1860次",
        "行政处罚 95件",  # the last row, right before a paragraph: follows no finished paragraph
        "推行“首违不罚”等柔性执法方式，对34起首次轻微违法行为依法不予处罚，实现执法效果与社会效果相统一。",
        "二、存在的问题和不足",
        BODY_C,
        "三、2024年工作计划",
        "2024年，我们将持续用力、久久为功，推动基层治理法治化水平不断提升，为辖区发展提供法治保障。",
        "某区某某街道办事处",
        "2024年1月18日",
    )
    assert outline_of(text) == [
        (1, "一、", "2023年法治政府建设工作开展情况"), (2, "", "强化组织领导"), (2, "", "深化基层依法治理"),
        (2, "", "规范综合行政执法"), (1, "二、", "存在的问题和不足"), (1, "三、", "2024年工作计划"),
    ]


def test_a_single_short_line_between_numbered_parts_confirms_nothing() -> None:
    text = report(
        "一、主要举措", "工作成效", BODY_A,  # one short line under 一、: no pattern
        "二、存在问题", BODY_C,
        "这一段在排版时被折断了，因为原文",  # a wrapped line …
        "加强法治宣传",  # … so this short line continues it
        BODY_A,
        "三、下一步安排",
        "加强领导", "全年学法12次。", "依法决策", "审查文件20件。",  # paragraphs too short to tell
    )
    assert [lab for _, lab, _ in outline_of(text)] == ["一、", "二、", "三、"]


def test_numberless_parts_hold_the_numbered_sections() -> None:
    text = report(
        "2023年法治政府建设主要举措和成效",
        "（一）加强党对法治政府建设的领导。" + BODY_A,
        "（二）依法全面履行政府职能。持续深化“放管服”改革，推动政府职能向优化服务转变。",
        "1.深化行政审批制度改革。全面实行行政许可事项清单管理，编制公布县级行政许可事项清单212项。",
        "2.持续优化法治化营商环境。开展妨碍统一市场和公平竞争的政策措施清理，清理涉企文件89件。",
        "（三）严格规范公正文明执法。" + BODY_B,
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "县政府主要负责同志认真履行推进法治建设第一责任人职责，全年主持召开常务会议学法6次，带头讲授法治课2次。",
        "法治政府建设存在的不足及原因",
        BODY_C,
        "2024年推进法治政府建设的主要安排",
        "（一）深入学习贯彻习近平法治思想。将习近平法治思想纳入常务会议学法、领导干部培训的重要内容。",
        "（二）持续提升依法行政能力。完善重大行政决策程序制度，加强行政规范性文件合法性审核。",
    )
    assert [(d, lab, t[:8]) for d, lab, t in outline_of(text)] == [
        (1, "", "2023年法治政"), (2, "（一）", "加强党对法治政府"), (2, "（二）", "依法全面履行政府"),
        (3, "1.", "深化行政审批制度"), (3, "2.", "持续优化法治化营"), (2, "（三）", "严格规范公正文明"),
        (1, "", "党政主要负责人履"), (1, "", "法治政府建设存在"), (1, "", "2024年推进法"),
        (2, "（一）", "深入学习贯彻习近"), (2, "（二）", "持续提升依法行政"),
    ]


def test_numberless_parts_with_parts_numbered_again_under_each() -> None:
    text = report("主要工作及成效", "一、加强组织领导。" + BODY_A, "二、规范行政执法。" + BODY_B,
                  "存在的问题和不足", "一、学习不够深入。" + BODY_C, "二、机制不够健全。" + BODY_C,
                  "下一步工作打算", BODY_A)
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, ""), (2, "一、"), (2, "二、"), (1, ""), (2, "一、"), (2, "二、"), (1, ""),
    ]


def test_a_numberless_line_before_the_numbered_parts_is_their_peer() -> None:
    text = report("总体情况", BODY_A, "一、主要举措", BODY_A, "二、存在问题", BODY_C, "三、下一步安排",
                  "强化学习培训", BODY_A, "完善工作机制", BODY_B)
    assert [(d, lab, t) for d, lab, t in outline_of(text)] == [
        (1, "", "总体情况"), (1, "一、", "主要举措"), (1, "二、", "存在问题"), (1, "三、", "下一步安排"),
        (2, "", "强化学习培训"), (2, "", "完善工作机制"),
    ]


def test_numberless_sub_headings_under_a_sub_section() -> None:
    text = report("一、主要举措", "（一）加强组织领导", "健全工作机制", BODY_A, "压实工作责任", BODY_A,
                  "（二）推进依法决策", BODY_A, "二、存在问题", BODY_C)
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "（一）"), (3, ""), (3, ""), (2, "（二）"), (1, "二、"),
    ]


# ---------------------------------------------------------------------------- half-width, spaces


def test_half_width_labels_and_labels_followed_by_spaces() -> None:
    text = report(
        "一. 主要举措和成效",
        "(一) 强化组织领导,压实法治建设责任。局党组把法治政府建设纳入全局工作总体布局,与业务工作同部署、同推进。",
        "1、 健全责任体系。制定领导班子成员法治建设责任清单,明确第一责任人职责和班子成员“一岗双责”。",
        "2、\u3000强化学法用法。坚持党组理论学习中心组集体学法制度,全年集中学法9次。",
        "(二)\u00a0推进依法决策。严格执行重大行政决策程序,年内作出重大行政决策2项。",
        "1． 加强合法性审查。对规范性文件、合同协议和重大执法决定全部进行合法性审查。",
        "2.\t发挥法律顾问作用。聘请2名律师担任常年法律顾问,列席局务会议12次。",
        "( 三 )、规范行政执法行为。全面落实行政执法“三项制度”,推行说理式执法。",
        "二 、存在的问题",
        BODY_C,
        "三．下一步工作打算",
        "(一)、深入学习宣传贯彻习近平法治思想。持续把习近平法治思想作为学习的重要内容。",
    )
    assert outline_of(text) == [
        (1, "一.", "主要举措和成效"),
        (2, "(一)", "强化组织领导,压实法治建设责任"),
        (3, "1、", "健全责任体系"),
        (3, "2、", "强化学法用法"),
        (2, "(二)", "推进依法决策"),
        (3, "1．", "加强合法性审查"),
        (3, "2.", "发挥法律顾问作用"),
        (2, "( 三 )", "规范行政执法行为"),
        (1, "二 、", "存在的问题"),
        (1, "三．", "下一步工作打算"),
        (2, "(一)", "深入学习宣传贯彻习近平法治思想"),
    ]
    assert match_label("1 、2号楼", 0) is None and match_label("1 .5亿元", 0) is None
    head = match_label("一.2023年推进法治政府建设的主要举措", 0)  # a numeral, then a year
    assert head is not None and head.label == "一."
    assert match_label("一.1.总体要求", 0) is None  # decimal numbering, not a label


# ---------------------------------------------------------------------------- run-in headings


def test_run_in_headings_at_every_level() -> None:
    text = report(
        "一、加强组织领导。" + BODY_A,
        "（一）健全工作机制。" + BODY_A,
        "1.完善议事规则。" + BODY_A,
        "（1）明确会议频次。" + BODY_A,
        "①季度调度。" + BODY_A,
        "②年度考评。" + BODY_A,
        "（2）细化责任清单。" + BODY_A,
        "2.强化督查考核。" + BODY_B,
        "（二）规范行政执法。" + BODY_B,
        "一是落实三项制度。" + BODY_B,
        "二是开展案卷评查。" + BODY_B,
        "二、存在的问题。" + BODY_C,
        "第一，学习不够深入。" + BODY_C,
        "第二，机制不够健全。" + BODY_C,
    )
    sections = parse_outline(text)
    assert [(s.depth, s.label, s.title) for s in sections] == [
        (1, "一、", "加强组织领导"), (2, "（一）", "健全工作机制"), (3, "1.", "完善议事规则"),
        (4, "（1）", "明确会议频次"), (5, "①", "季度调度"), (5, "②", "年度考评"), (4, "（2）", "细化责任清单"),
        (3, "2.", "强化督查考核"), (2, "（二）", "规范行政执法"), (3, "一是", "落实三项制度"),
        (3, "二是", "开展案卷评查"), (1, "二、", "存在的问题"), (2, "第一，", "学习不够深入"),
        (2, "第二，", "机制不够健全"),
    ]
    for s in sections:  # each heading ends at its first 。, the body text runs on after it
        assert text[s.start : s.title_end] == s.label + s.title + "。"
    check_consistent(text, sections)


# ---------------------------------------------------------------------------- numbering slips


def test_numbering_slips_still_nest_sensibly() -> None:
    text = report(
        "一、2023年推进法治政府建设的主要举措和成效",
        "（一）加强组织领导，落实法治建设责任",
        BODY_A,
        "（二）深化“放管服”改革，优化营商环境",
        "1.精简审批环节。梳理行政许可事项清单，将7个事项办理时限压缩50%以上。",
        "2.推行告知承诺制。对4个事项实行告知承诺，累计办理1560件。",
        "4.加强信用监管。建立市场主体信用档案，对守信企业减少检查，实现差异化监管。",  # no 3.
        "（四）规范行政执法行为",  # no （三）
        BODY_B,
        "二、主要负责人履行推进法治建设第一责任人职责情况",
        "（二）带头学法用法",  # the list's first item is missing
        "主要负责人带头学习习近平法治思想，全年主持党组理论学习中心组学法6次，带头讲授法治专题党课。",
        "（三）带头依法决策",
        "严格执行“三重一大”决策制度，重大事项均经党组会议集体研究决定，并事先进行合法性审查。",
        "二、存在的不足和原因",  # 二、 again where 三、 was meant
        BODY_C,
        "四、2024年工作安排",
        "（一）持续深化习近平法治思想学习贯彻",
        "把学习贯彻习近平法治思想作为党组理论学习中心组学习的重点内容，推动领导干部带头尊法学法守法用法。",
        "（二）着力提升执法规范化水平",
        "深化综合行政执法改革，加强执法人员培训考核，推行说理式执法、柔性执法，提升执法公信力。",
        "3．强化新业态监管",  # （三） written in another style
        "健全网约车、共享单车等新业态监管制度，加强部门协同和数据共享，推动包容审慎监管落到实处。",
        "（四）加大法治宣传力度",
        "（四）强化权力制约监督",  # （四） twice
        "自觉接受人大、政协监督，认真办理人大代表建议和政协委员提案42件，全面推进政务公开。",
    )
    assert [(d, lab) for d, lab, _ in outline_of(text)] == [
        (1, "一、"), (2, "（一）"), (2, "（二）"), (3, "1."), (3, "2."), (3, "4."), (2, "（四）"),
        (1, "二、"), (2, "（二）"), (2, "（三）"),
        (1, "二、"),
        (1, "四、"), (2, "（一）"), (2, "（二）"), (2, "3．"), (2, "（四）"), (2, "（四）"),
    ]


def test_a_stray_label_in_the_text_is_still_not_a_heading() -> None:
    text = report(
        "一、主要举措", BODY_A,
        "（三）关于规范性文件的备案审查工作，按照规定报送备案，报备率、及时率、规范率均为100%。",
        BODY_A,
        "2.这一条引自上级文件的第二项要求，原文照录如下，供各单位参照执行。",
        "二、存在问题", BODY_C,
    )
    assert [lab for _, lab, _ in outline_of(text)] == ["一、", "二、"]


# ---------------------------------------------------------------------------- any text


def _random_line(rng: random.Random) -> str:
    n = rng.randint(0, 12)
    cn = int_to_cn(n) if n else "零"
    kind = rng.random()
    if kind < 0.15:
        return ""
    if kind < 0.3:
        return rng.choice(["强化组织领导", "存在的问题", "2024年1月18日", "某区人民政府", "行政检查 12次",
                           "主要工作和成效", "（此页无正文）", "【主要成效】"])
    label = rng.choice([
        f"第{cn}部分 ", f"第{cn}章 ", f"第{cn}节 ", f"{cn}、", f"{cn}.", f"（{cn}）", f"({cn})", f"{n}.", f"{n}、",
        f"{n}．", f"（{n}）", f"{n})", "⑩①②③④⑤⑥⑦⑧⑨"[n % 10], f"{cn}是", f"第{cn}，", f"第{cn}、", f"其{cn}，",
        rng.choice(["首先，", "其次，", "再次，", "最后，"]), "", "", ""])
    return label + rng.choice(["加强领导", "加强领导。" + BODY_A, BODY_A, "", "规范执法，提升水平"])


def test_any_mix_of_lines_gives_a_consistent_outline() -> None:
    # every label style, short lines, blank lines and body text in random order (seeded)
    for seed in range(400):
        rng = random.Random(seed)
        text = "\n".join(["某区2023年法治政府建设情况报告", *(_random_line(rng) for _ in range(rng.randint(1, 60)))])
        check_consistent(text, parse_outline(text))


# ---------------------------------------------------------------------------- linear time

_UNSEEN = Path(__file__).resolve().parent / "gold_unseen"
# what makes parsers slow: runs of blank lines, short lines, stray labels, ordinals with no run
_ADVERSE = "\n".join(["短行标题一", "", "", "", BODY_A, "（三）引用的条目", "第一，没有第二的序数。" + BODY_C,
                      "短行标题二", BODY_B, "", "3.又一条引用。", "首先，" + BODY_A, "数据 12件", "数据 15件"])


def _synthetic(chars: int) -> str:
    """A long report made of the unseen reports and some adverse lines, ``chars`` characters."""
    block = "\n".join([*(p.read_text(encoding="utf-8") for p in sorted(_UNSEEN.glob("*.txt"))), _ADVERSE])
    return (block * (chars // len(block) + 1))[:chars]


def _operations(text: str) -> int:
    """Lines of the parser's own code executed while parsing ``text`` (deterministic)."""
    files = {outline.__file__, heading_lines.__file__, numbering.__file__}
    count = 0

    def local(frame, event, arg):  # noqa: ANN001, ANN202
        nonlocal count
        count += 1
        return local

    def calls(frame, event, arg):  # noqa: ANN001, ANN202
        return local if frame.f_code.co_filename in files else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        parse_outline(text)
    finally:
        sys.settrace(previous)
    return count


def test_parsing_work_grows_linearly_with_the_text() -> None:
    small, large = _synthetic(128_000), _synthetic(512_000)
    ops_small, ops_large = _operations(small), _operations(large)
    assert ops_small > 100_000
    assert 3.5 < ops_large / ops_small < 4.5
