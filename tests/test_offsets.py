"""Code-point ↔ UTF-16 offset conversion at the Qt boundary."""

import pytest

from lawgov_desktop.core.offsets import OffsetMap, may_hold_astral


def test_bmp_text_is_identity():
    m = OffsetMap("法治政府建设")
    assert m.is_bmp
    assert [m.to_utf16(i) for i in range(7)] == list(range(7))
    assert m.from_utf16(4) == 4


def test_astral_characters_count_once_in_code_points():
    text = "张𠮷在𡈽村执法"
    m = OffsetMap(text)
    assert not m.is_bmp
    utf16 = text.encode("utf-16-le")
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == len(text[:cp].encode("utf-16-le")) // 2
        assert m.from_utf16(u) == cp
    assert m.utf16_length() == len(utf16) // 2
    # an offset in the middle of a surrogate pair rounds down to the character start
    assert m.from_utf16(2) == 1
    assert m.from_utf16(5) == 3


def test_qt_selection_of_astral_text_maps_back_exactly(qapp):
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "一、𠮷村\n（一）在𡈽镇开展执法检查。"
    doc = QTextDocument(text)
    m = OffsetMap(text)
    start, end = text.index("𡈽"), text.index("执法") + 2
    cur = QTextCursor(doc)
    cur.setPosition(m.to_utf16(start))
    cur.setPosition(m.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    assert cur.selectedText() == text[start:end]
    assert m.from_utf16(cur.selectionStart()) == start
    assert m.from_utf16(cur.selectionEnd()) == end


@pytest.mark.parametrize("text", ["", "abc", "é" * 5, "行政复议" * 1000, "Ā", "法" + "é", "\uffff"])
def test_text_without_astral_characters_is_known_without_a_scan(text):
    assert may_hold_astral(text) is False
    assert OffsetMap(text).is_bmp


@pytest.mark.parametrize("text", ["𠮷", "行政" * 500 + "𠮷", "a𡈽b", "é𠮷"])
def test_text_with_an_astral_character_is_scanned(text):
    assert may_hold_astral(text) is True
    m = OffsetMap(text)
    assert not m.is_bmp and m.utf16_length() == len(text.encode("utf-16-le")) // 2


def test_a_str_subclass_is_always_scanned():
    class Marked(str):
        pass

    assert may_hold_astral(Marked("行政")) is True
    assert OffsetMap(Marked("行政")).is_bmp  # scanned: found none
