"""Linked panes: choosing a section in one pane moves the others to the corresponding one."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.similarity import bigram_jaccard, corresponding_section, label_path, normalize_label


def sec(depth: int, label: str, title: str, parent: int | None = None) -> Section:
    return Section(depth, label, title, 0, 0, parent=parent)


SOURCE = [sec(1, "一、", "主要举措和成效"), sec(2, "（一）", "深入学习贯彻习近平法治思想", 0),
          sec(2, "（二）", "严格规范公正文明执法", 0), sec(1, "", "存在的问题")]
TARGET = [sec(1, "一、", "2023年推进法治政府建设的主要举措"), sec(2, "(一)", "加强党的领导", 0),
          sec(2, "(二)", "推进严格规范公正文明执法", 0), sec(1, "二、", "存在的不足和问题")]


def test_similarity_helpers():
    assert normalize_label("(一)") == normalize_label("（一）") == "（一）"
    assert normalize_label("1．") == "1."
    assert label_path(SOURCE, 2) == ("一、", "（二）")
    assert bigram_jaccard("严格规范公正文明执法", "严格规范公正文明执法") == 1.0
    assert bigram_jaccard("加强党的领导", "严格规范公正文明执法") == 0.0
    assert 0 < bigram_jaccard("存在的问题", "存在的不足和问题") < 1


def test_corresponding_section_by_path_then_title():
    assert corresponding_section(SOURCE, 2, TARGET) == 2  # 一、 > （二） — same numbering path
    assert corresponding_section(SOURCE, 1, TARGET) == 1  # same path even though the titles differ
    assert corresponding_section(SOURCE, 3, TARGET) == 3  # no number: the most similar title
    assert corresponding_section(SOURCE, 3, TARGET[:3]) is None  # nothing similar enough
    deeper = [*SOURCE, sec(3, "一是", "完善工作台账", 2)]
    assert corresponding_section(deeper, 4, TARGET) == 2  # no 一是 there: its parent's counterpart
    assert corresponding_section(SOURCE, 9, TARGET) is None and corresponding_section(SOURCE, 0, []) is None


def click_section(qtbot, pane, index: int) -> None:
    ix = pane.outline.index_for_section(index)
    pane.tree.scrollTo(ix)
    rect = pane.tree.visualRect(ix)  # the start of the label: the narrow outline may cut its end
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(6, rect.height() // 2))


def test_linked_panes_follow_the_chosen_section(main_window, qtbot, monkeypatch):
    """Before the word dictionary is loaded: numbering path, then title (see test_integration_chinese
    for the content alignment used once it is)."""
    from types import SimpleNamespace

    from lawgov_desktop.core import segment

    # the reading area asks for the segmenter when a section is chosen (not at import)
    monkeypatch.setattr(segment, "get_segmenter",
                        lambda: SimpleNamespace(is_ready=False, ensure_loaded_async=lambda: None))
    left = main_window.open_report(1)
    right = main_window.open_report(5)
    third = main_window.open_report(3)
    main_window.act_linked.trigger()
    assert main_window.reading.linked
    target = next(i for i, s in enumerate(right.sections) if s.label == "（五）")
    click_section(qtbot, left, 5)  # 一、 > （五）深化行政执法规范化建设
    assert right.current_section() == target
    assert right.view.firstVisibleBlock().blockNumber() == right.view.document().findBlock(
        right.sections[target].start).blockNumber()
    # report 3 has no 一、 > （五）: it goes to its most similar heading, （3）推进高质量规范行政执法
    assert third.sections[third.current_section()].title == "推进高质量规范行政执法"
    # unlinked: the others stay where they are
    main_window.act_linked.trigger()
    before = right.top_offset()
    click_section(qtbot, left, 1)
    assert right.top_offset() == before
