"""Turning report files (.txt, .docx, .html, .pdf, .ofd) and pasted text into the normalised text the app stores.

Every problem with a user's file is a :class:`ReportReadError` naming the file, so a batch
import of a thousand files can log the bad ones and carry on.  The text returned has been
through :func:`normalize_text` and :func:`~.radicals.fold_radicals`; annotation offsets are
code points into it.

One module per format, each with a ``read_*(path, data)`` function:

* :mod:`.txt` — plain text in the encodings of :mod:`lawgov_desktop.core.encoding`;
* :mod:`.docx` — Word's body in document order, automatic list numbers written out;
* :mod:`.html` — a page saved from a government site, cut down to its article;
* :mod:`.pdf` — a PDF's text layer (PDFium), lines joined into paragraphs by :mod:`.layout`;
* :mod:`.ofd` — an OFD (GB/T 33190) package's text objects, through the same :mod:`.layout`;
* :mod:`.doc` — legacy ``.doc``/``.wps``: refused with advice (a ``.doc`` that is really a
  saved web page, as CMS "Word" downloads often are, is read as HTML).

Zip-based formats are opened through :mod:`lawgov_desktop.core.safezip`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lawgov_desktop.core.encoding import normalize_text
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers.radicals import fold_radicals
from lawgov_desktop.messages import Message

__all__ = ["DIALOG_PATTERNS", "MAX_FILE_BYTES", "PASTED_NAME", "SUPPORTED_EXTENSIONS", "ReadResult", "iter_report_files",
           "read_pasted", "read_report", "read_report_file"]

MAX_FILE_BYTES = 100 * 1024 * 1024
#: Extensions imported, and the reader for each.  ``doc`` is in the list so that a folder's
#: .doc/.wps files are named in the import summary with what to do, not skipped in silence.
SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf", ".ofd": "ofd", ".doc": "doc", ".wps": "doc",
}
#: For file dialogs: every extension above.
DIALOG_PATTERNS = " ".join(f"*{ext}" for ext in SUPPORTED_EXTENSIONS)
_REFUSED_KINDS = (".rtf", ".odt")
_KNOWN = ".txt, .docx, .html, .pdf, .ofd"


@dataclass(frozen=True)
class ReadResult:
    """One report read: its text, the reader used, the encoding of the file, and how many radical
    look-alikes (⼀ ⺠ …) were replaced by ordinary characters."""

    text: str
    source_format: str
    encoding: str
    look_alikes: int = 0


def _format_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in SUPPORTED_EXTENSIONS:
        return SUPPORTED_EXTENSIONS[ext]
    if ext in _REFUSED_KINDS:
        raise ReportReadError(path, Message("read.refused_kind", ext=ext))
    raise ReportReadError(path, Message("read.unsupported_type", ext=ext or Message("read.no_extension"),
                                        known=_KNOWN))


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def read_report(path: str | Path) -> ReadResult:
    """Read one report file.  A file that cannot be imported raises ReportReadError naming it,
    never another exception type."""
    p = Path(path)
    too_big = Message("read.too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise ReportReadError(p, Message("read.is_folder" if stat.S_ISDIR(st.st_mode) else "read.not_regular"))
        fmt = _format_of(p)  # refuse unsupported types before reading them
        if st.st_size > MAX_FILE_BYTES:
            raise ReportReadError(p, too_big)
        with p.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ReportReadError(p, Message("read.not_found")) from None
    except PermissionError:
        raise ReportReadError(p, Message("read.permission")) from None
    except OSError as e:
        raise ReportReadError(p, Message("read.io_error", why=str(e.strerror or e))) from None
    if len(data) > MAX_FILE_BYTES:  # grew after stat()
        raise ReportReadError(p, too_big)
    if fmt == "doc" and _looks_like_html(data):
        fmt = "html"
    text, encoding = _read(fmt, p, data)
    return _finish(p, text, fmt, encoding)


def _read(fmt: str, p: Path, data: bytes) -> tuple[str, str]:
    # each reader is imported when its first file shows up (lxml, python-docx and PDFium
    # cost start-up time the app does not need to pay)
    if fmt == "docx":
        from lawgov_desktop.core.readers.docx import read_docx

        return read_docx(p, data), "utf-8"
    if fmt == "html":
        from lawgov_desktop.core.readers.html import read_html

        return read_html(p, data)
    if fmt == "pdf":
        from lawgov_desktop.core.readers.pdf import read_pdf

        return read_pdf(p, data), "utf-8"
    if fmt == "ofd":
        from lawgov_desktop.core.readers.ofd import read_ofd

        return read_ofd(p, data), "utf-8"
    if fmt == "doc":
        from lawgov_desktop.core.readers.doc import read_doc

        return read_doc(p, data), ""
    from lawgov_desktop.core.readers.txt import read_txt

    return read_txt(p, data)


def _finish(name: str | Path, text: str, fmt: str, encoding: str) -> ReadResult:
    text = normalize_text(text)
    if not text.strip():
        raise ReportReadError(name, Message("read.no_text"))
    text, changed = fold_radicals(text)
    return ReadResult(text, fmt, encoding, changed)


def read_report_file(path: str | Path) -> tuple[str, str, str]:
    """Read one report file; returns ``(text, source_format, encoding)`` (see :func:`read_report`).

    ``source_format`` is ``txt``, ``docx``, ``html``, ``pdf`` or ``ofd``; ``encoding`` is the
    codec used (``utf-8`` for the formats whose text is Unicode inside).
    """
    r = read_report(path)
    return r.text, r.source_format, r.encoding


#: How pasted text is named in messages.
PASTED_NAME = "剪贴板 (clipboard)"


def read_pasted(text: str | None = None, html: str | None = None, name: str = PASTED_NAME) -> ReadResult:
    """A report from pasted or dropped text, read as a file of that kind would be.

    ``html`` (the clipboard's text/html, as a browser puts it there) is preferred when it has
    an article to cut out; otherwise ``text`` (text/plain).  Pasted plain text is already
    Unicode: ``encoding`` is ``utf-8`` as for the formats whose text is Unicode inside.
    """
    if html and html.strip():
        from lawgov_desktop.core.readers.html import read_html

        try:
            body, _enc = read_html(name, html.encode("utf-8", "surrogatepass"))
        except ReportReadError:
            if not (text and text.strip()):
                raise
        else:
            # the article cut out of a copied selection should be most of what was copied; when
            # the page's furniture rules took much more away, the plain text is the safer copy
            if not (text and text.strip()) or 2 * _visible(body) >= _visible(text):
                return _finish(name, body, "html", "utf-8")
    if text is None or not text.strip():
        raise ReportReadError(name, Message("read.nothing_to_paste"))
    return _finish(name, text.replace("\x00", ""), "txt", "utf-8")


def _visible(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))  # hidden, or a lock file Word/WPS leaves beside a document


def iter_report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand ``paths`` to the files to import, each once.

    Folders are walked recursively, in sorted order, for supported files (not hidden ones
    nor Office lock files).  Files named explicitly are yielded even when unsupported or
    missing, so the import says why they were refused rather than silently dropping them.
    """
    seen: set[str] = set()
    for raw in paths:
        root = Path(raw)
        files = [root]
        if root.is_dir():
            files = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if not _skipped(d)]
                files += [Path(dirpath, fn) for fn in filenames
                          if not _skipped(fn) and Path(fn).suffix.lower() in SUPPORTED_EXTENSIONS]
            files.sort(key=lambda f: [(part.casefold(), part) for part in f.relative_to(root).parts])
        for f in files:
            key = os.path.normcase(os.path.abspath(f))
            if key not in seen:
                seen.add(key)
                yield f
