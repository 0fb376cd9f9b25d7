"""Plain text (.txt, .text, .md): decoded as :func:`~lawgov_desktop.core.encoding.decode_bytes` says."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.core.encoding import decode_bytes


def read_txt(path: Path | str, data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a plain-text report file."""
    return decode_bytes(data, str(path))
