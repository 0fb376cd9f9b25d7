"""Decoding report files to text and normalising that text.

Reports reach us as UTF-8 (with or without a BOM), as GB18030/GBK/GB2312 from older
Windows tools, occasionally as UTF-16 from Notepad, and now and then as something that is
not text at all (a .doc or .pdf renamed to .txt).  :func:`decode_bytes` accepts the first
three and refuses everything else with a :class:`ReportReadError` that says what the file
looks like.  It never guesses with a statistical detector: UTF-8 is tried first (strict
UTF-8 almost never succeeds on anything else), and GB18030 is accepted only when the
decoded text reads like Chinese, because GB18030 "successfully" decodes most byte soup,
including UTF-8 with its last bytes cut off.

:func:`decode_html_bytes` does the same for web pages, first honouring a declared GB/Big5
charset.  :func:`normalize_text` makes the decoded text the one stored and shown: annotation
offsets are code points into it, so it changes only line breaks and invisible controls.
"""

from __future__ import annotations

import codecs
import re

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.messages import Message

__all__ = ["decode_bytes", "decode_html_bytes", "normalize_text", "sniff_binary"]

# C0 controls other than \t \n \r (bytes and characters alike).  \f and \v count too: they
# turn up in text saved from old word processors but are never content.
_CTRL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
_CTRL_CHARS = _CTRL_BYTES.decode("ascii")
_CTRL_RE = re.compile(f"[{re.escape(_CTRL_CHARS)}]")
# characters that never occur in real text decoded with the right codec
_BAD_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_BINARY = "read.binary"

_SAVE_AS = "advice.save_as"
_EXTRACT = "advice.extract"
# (magic prefix, the catalogue code of what it is, of the advice); checked before any decoding
_MAGIC: tuple[tuple[bytes, str, str | None], ...] = (
    (b"%PDF-", "kind.pdf", _SAVE_AS),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "kind.ole", "advice.save_as_in_word"),
    (b"{\\rtf", "kind.rtf", _SAVE_AS),
    (b"\x89PNG\r\n\x1a\n", "kind.png", None),
    (b"\xff\xd8\xff", "kind.jpeg", None),
    (b"GIF87a", "kind.gif", None),
    (b"GIF89a", "kind.gif", None),
    (b"II*\x00", "kind.tiff", None),
    (b"MM\x00*", "kind.tiff", None),
    (b"\x7fELF", "kind.elf", None),
    (b"MZ\x90\x00", "kind.exe", None),
    (b"Rar!\x1a\x07", "kind.rar", _EXTRACT),
    (b"7z\xbc\xaf\x27\x1c", "kind.7z", _EXTRACT),
    (b"\x1f\x8b", "kind.gzip", _EXTRACT),
    (b"\xfd7zXZ\x00", "kind.xz", _EXTRACT),
    (b"SQLite format 3\x00", "kind.sqlite", None),
)
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi (the 3,755 most frequent) plus its punctuation rows.

    Real Chinese prose is ~99% these characters; GB18030-decoded mojibake of UTF-8 or of
    other encodings lands mostly on rare hanzi, symbols and private-use code points.
    """
    raw = bytearray()
    for lead in [*range(0xA1, 0xA4), *range(0xB0, 0xD8)]:
        for trail in range(0xA1, 0xFF):
            raw += bytes((lead, trail))
    return frozenset(raw.decode("gb2312", errors="ignore")) - {"\ufffd"}


_COMMON = _common_chars()


def sniff_binary(data: bytes) -> Message | None:
    """Reason to refuse ``data`` as text if its first bytes identify a known binary format.

    Checked before decoding so that a .pdf or .doc renamed to .txt gets a message that
    says what it is instead of "invalid UTF-8".
    """
    found = next(((kind, advice) for magic, kind, advice in _MAGIC if data.startswith(magic)), None)
    if found is None and data.startswith(_ZIP_MAGICS):
        head = data[: 1 << 16]
        if b"word/" in head:
            found = ("kind.docx", "advice.rename_docx")
        elif b"xl/" in head or b"ppt/" in head:
            found = ("kind.office", _SAVE_AS)
        else:
            found = ("kind.zip", _EXTRACT)
    if found is None:
        return None
    kind, advice = found
    if advice is None:
        return Message("read.really_kind", kind=Message(kind))
    return Message("read.really_kind_advice", kind=Message(kind), advice=Message(advice))


def _looks_like_chinese(text: str) -> bool:
    """Whether ``text`` reads like real text rather than a mis-decoding.

    Judged on at most three 20,000-character samples (start, middle, end) so that large
    files cost milliseconds: no replacement, private-use or control characters to speak
    of, and most non-ASCII characters among the common hanzi and punctuation.
    """
    n = len(text)
    size = 20_000
    sample = text if n <= 3 * size else text[:size] + text[n // 2 : n // 2 + size] + text[-size:]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii == 0:
        return True
    bad = len(_BAD_RE.findall(sample))
    if bad > non_ascii // 100:
        return False
    common = sum(map(_COMMON.__contains__, sample))
    return common >= 0.6 * non_ascii


def _control_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CTRL_BYTES))


def _too_many_controls(count: int, length: int) -> bool:
    # a stray form feed is harmless; a steady rate of controls (~11% in random bytes) is binary
    return count > 3 and count * 200 > length


def _decode_utf16_bom(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        text = data[2:].decode(codec)
    except UnicodeDecodeError as e:
        raise ReportReadError(
            name, Message("read.bad_utf16", byte=e.start + 2)
        ) from None
    if _too_many_controls(len(_CTRL_RE.findall(text)), len(text)) or "\x00" in text:
        raise ReportReadError(name, Message(_BINARY))
    return text, codec


def _guess_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 when the NUL bytes leave no doubt, else None.

    In UTF-16 every ASCII character (digits, line breaks) carries a NUL in its high byte,
    so NULs pile up on one byte parity; hanzi such as 一 (U+4E00) put a few on the other.
    Binary data spreads NULs evenly.  The decoded text must also read like text.
    """
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    major, minor = max(even, odd), min(even, odd)
    if major < 4 or major < 2 * minor:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _too_many_controls(len(_CTRL_RE.findall(text)), len(text)):
        return None
    return (text, codec) if _looks_like_chinese(text) else None


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a report file's bytes; returns ``(text, encoding)`` or raises ReportReadError.

    ``name`` is the file (path or base name) to cite in the error.  The encoding returned
    is one of ``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``gb18030``; the text
    has no BOM but is otherwise raw (see :func:`normalize_text`).
    """
    if not data:
        raise ReportReadError(name, Message("read.empty_file"))
    reason = sniff_binary(data)
    if reason:
        raise ReportReadError(name, reason)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ReportReadError(name, Message("read.utf32"))
    if data.startswith(b"\xff\xfe"):
        return _decode_utf16_bom(data, "utf-16-le", name)
    if data.startswith(b"\xfe\xff"):
        return _decode_utf16_bom(data, "utf-16-be", name)
    if b"\x00" in data:
        guessed = _guess_utf16(data)
        if guessed:
            return guessed
        raise ReportReadError(name, Message(_BINARY))
    if _too_many_controls(_control_count(data), len(data)):
        raise ReportReadError(name, Message(_BINARY))

    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as e:
        err = e
    pos = err.start + bom
    prefix = data[bom:pos]
    # the valid prefix already holds multibyte UTF-8 characters (each costs >= 1 extra byte)
    utf8_evidence = len(prefix) - len(prefix.decode("utf-8"))
    truncated = err.reason == "unexpected end of data" and err.end == len(data) - bom
    # GBK text can pass as UTF-8 for a character or two, never for 16 extra bytes' worth
    if not bom and utf8_evidence < 16 and not (truncated and utf8_evidence):
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_like_chinese(text):
            return text, "gb18030"
    if truncated:
        reason = Message("read.truncated_utf8", byte=pos)
    elif utf8_evidence >= 16 or bom:
        reason = Message("read.bad_utf8", byte=pos)
    else:
        reason = Message("read.not_utf8_nor_gbk", byte=pos)
    raise ReportReadError(name, reason)


_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_HTML_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030",
                "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}


def decode_html_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a web page, trusting a declared charset only when Chinese pages use it.

    The ``<meta charset>`` / ``http-equiv`` declaration is looked for in the first 8 KB.
    A UTF-8 page declaring gb2312 (it happens) still decodes as UTF-8; GB2312/GBK are read
    as GB18030, their superset.  A page in its declared GB/Big5 charset with a few broken
    bytes (CMS truncation) keeps U+FFFD in their place rather than being refused.  Pages
    without a usable declaration go through :func:`decode_bytes`.
    """
    reason = sniff_binary(data) if data else None
    if reason:
        raise ReportReadError(name, reason)
    m = _CHARSET_RE.search(data, 0, 8192)
    try:
        codec = _HTML_CODECS.get(codecs.lookup(m.group(1).decode("ascii")).name) if m else None
    except LookupError:
        codec = None
    if codec and b"\x00" not in data and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 10_000):
            return text, codec
    return decode_bytes(data, name)


def normalize_text(text: str) -> str:
    """The text as stored and shown: one leading BOM dropped, every line break (CRLF, CR,
    U+2028, U+2029) made ``\\n``, C0 controls other than ``\\n`` and ``\\t`` removed.

    Nothing else changes (no NFKC, no trimming) because annotation offsets are code points
    into the result and the reader must show exactly what was stored.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # plain str.replace and a pre-check keep this at memory speed for the usual clean text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text:
        text = text.replace("\u2028", "\n")
    if "\u2029" in text:
        text = text.replace("\u2029", "\n")
    if _CTRL_RE.search(text):
        text = _CTRL_RE.sub("", text)
    return text
