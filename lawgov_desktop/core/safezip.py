"""Reading parts of a zip package (``.docx``, ``.ofd``, ``.xlsx``, ``.qdpx``) without zip bombs.

A zip entry's header says how big it will be once inflated, but the header is written by
whoever made the file: a 3 MB ``.docx`` can carry a ``styles.xml`` that inflates to 3 GB.
:class:`SafeZip` therefore

* refuses, before inflating anything, a package with too many entries or whose entries
  *declare* more than the limits allow (size of one part, of all parts, ratio), and
* inflates every part it hands out through a counting reader that stops at the declared
  size and at the limits, so a header that lies is caught after a bounded amount of work.

Names are checked too: a part named ``../x`` or ``/etc/x`` (or with a drive letter) is
refused, and :meth:`SafeZip.resolve` refuses a reference that would leave the package.
Nothing is ever written to disk.

Every refusal is a :class:`ZipLimitError` (or :class:`BadZipError` for a damaged file),
both ``ValueError``\\ s carrying a sentence in Chinese and English for the user.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import IO

from lawgov_desktop.messages import Message

__all__ = ["BadZipError", "SafeZip", "ZipLimitError", "ZipLimits"]


class BadZipError(ValueError):
    """The package is damaged or not a zip file."""


class ZipLimitError(ValueError):
    """The package asks for more than the limits allow (a zip bomb, or far too big)."""


@dataclass(frozen=True)
class ZipLimits:
    """How much one package may inflate to.

    ``max_ratio`` is checked only for parts larger than ``ratio_floor``: small XML parts of
    long runs of the same bytes legitimately compress 100:1 or more.
    """

    max_part: int = 256 * 1024 * 1024
    max_total: int = 512 * 1024 * 1024
    max_ratio: float = 200.0
    ratio_floor: int = 4 * 1024 * 1024
    max_entries: int = 20_000


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 1 << 16


class SafeZip:
    """A zip package opened for bounded reads; use as a context manager."""

    def __init__(self, source: bytes | str | IO[bytes], limits: ZipLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
            infos = self._zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise BadZipError(Message("zip.invalid", why=str(exc))) from None
        if len(infos) > limits.max_entries:
            self._zf.close()
            raise ZipLimitError(Message("zip.too_many_entries", n=len(infos)))
        self._infos: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            name = info.filename
            if _unsafe_name(name):
                self._zf.close()
                raise ZipLimitError(Message("zip.entry_outside", name=name[:80]))
            self._check_declared(info)
            declared += info.file_size
            self._infos.setdefault(name, info)  # a duplicate name: the first one, as Office does
        if declared > limits.max_total:
            self._zf.close()
            raise ZipLimitError(_too_big(declared))
        self.inflated = 0  # bytes handed out so far, over all parts

    # -- context manager -------------------------------------------------------------------
    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    # -- names -----------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None

    def find(self, name: str) -> str | None:
        """The stored name for ``name``: exact, else ignoring case (as Windows tools write them)."""
        if name in self._infos:
            return name
        folded = name.casefold()
        return next((n for n in self._infos if n.casefold() == folded), None)

    @staticmethod
    def resolve(base: str, ref: str) -> str:
        """The part that ``ref`` (as written inside part ``base``) names.

        A reference starting with ``/`` is from the package root, else from ``base``'s
        folder; ``\\`` counts as ``/``.  A reference that leaves the package is refused.
        """
        ref = ref.strip().replace("\\", "/")
        if not ref or "\x00" in ref or (len(ref) > 1 and ref[1] == ":"):
            raise ZipLimitError(Message("zip.invalid_path", name=ref[:80]))
        joined = ref.lstrip("/") if ref.startswith("/") else posixpath.join(posixpath.dirname(base), ref)
        parts: list[str] = []
        for part in joined.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if not parts:
                    raise ZipLimitError(Message("zip.path_outside", name=ref[:80]))
                parts.pop()
            else:
                parts.append(part)
        return "/".join(parts)

    # -- reading ---------------------------------------------------------------------------
    def size(self, name: str) -> int:
        found = self.find(name)
        if found is None:
            raise KeyError(name)
        return self._infos[found].file_size

    def read(self, name: str, max_size: int | None = None) -> bytes:
        """The inflated bytes of part ``name`` (KeyError when absent), within the limits."""
        found = self.find(name)
        if found is None:
            raise KeyError(name)
        info = self._infos[found]
        limit = min(self.limits.max_part, max_size or self.limits.max_part,
                    self.limits.max_total - self.inflated)
        if info.file_size > limit:
            raise ZipLimitError(_too_big(info.file_size, found))
        out = bytearray()
        try:
            with self._zf.open(info) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > info.file_size or len(out) > limit:  # the header lied
                        raise ZipLimitError(_too_big(len(out), found))
                    if len(out) > self.limits.ratio_floor and len(out) > self.limits.max_ratio * max(
                            info.compress_size, 1):
                        raise ZipLimitError(_ratio(found))
        except ZipLimitError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            # damaged data, a CRC mismatch, an encrypted entry or an unknown compression method
            raise BadZipError(Message("zip.damaged_part", name=found, why=str(exc))) from None
        self.inflated += len(out)
        return bytes(out)

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        lim = self.limits
        if info.file_size > lim.max_part:
            self._zf.close()
            raise ZipLimitError(_too_big(info.file_size, info.filename))
        if info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            self._zf.close()
            raise ZipLimitError(_ratio(info.filename))


def _unsafe_name(name: str) -> bool:
    n = name.replace("\\", "/")
    return n.startswith("/") or (len(n) > 1 and n[1] == ":") or ".." in n.split("/") or "\x00" in n


def _too_big(size: int, name: str = "") -> Message:
    return Message("zip.too_big", name=f"“{name[:80]}”" if name else "", mb=size // (1024 * 1024))


def _ratio(name: str) -> Message:
    return Message("zip.ratio", name=name[:80])
