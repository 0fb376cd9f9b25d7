"""Code-point ↔ UTF-16 offset conversion at the Qt boundary."""

from lawgov_desktop.core.offsets import OffsetMap


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
